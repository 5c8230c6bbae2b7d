"""Public pages are cached for visitors, made stale by any content change, and answer
conditional requests with 304."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from kap_site.page_cache import NEXT_PUBLISH_KEY
from practice.models import Clinician
from tests.conftest import login_verified


@pytest.fixture
def article(make_article, topic):
    return make_article("Cached article", topics=[topic])


def test_second_visit_is_served_without_rendering(client, article):
    first = client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.get_absolute_url())
    assert second.content == first.content
    # Only the shared content-version check may touch the database.
    assert len(queries) <= 1
    assert second["Cache-Control"].startswith("public")


def test_saving_an_article_makes_cached_pages_stale(client, article, django_capture_on_commit_callbacks):
    assert b"Cached article" in client.get("/articles/").content
    # A new title goes live through clinical review (approval, then publishing).
    with django_capture_on_commit_callbacks(execute=True):
        article.draft_title = "Renamed article"
        article.save()
        article.approve_as_seeded(Clinician.objects.sample())
        article.publish()
        # Not before the change is committed: another server would cache the old text.
        assert b"Cached article" in client.get("/articles/").content
    content = client.get("/articles/").content
    assert b"Renamed article" in content and b"Cached article" not in content


def test_unpublishing_removes_it_from_cached_pages(client, article, django_capture_on_commit_callbacks):
    client.get(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes(client, make_article):
    later = make_article("Later article", publish_at=timezone.now() + datetime.timedelta(hours=1))
    assert b"Later article" not in client.get("/articles/").content
    # Time passes: no save happens, the publish time simply arrives.
    Article.objects.filter(pk=later.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    cache.set(NEXT_PUBLISH_KEY, timezone.now() - datetime.timedelta(seconds=1), timeout=None)
    assert b"Later article" in client.get("/articles/").content


def test_etag_answers_conditional_requests_with_304(client, article):
    first = client.get(article.get_absolute_url())
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    uncached_etag = client.get("/articles/", HTTP_IF_NONE_MATCH='"stale"')
    assert uncached_etag.status_code == 200


def test_staff_and_private_pages_are_never_served_from_the_cache(client, article, django_user_model):
    client.get(article.get_absolute_url())
    draft = Article.objects.create(
        title="Draft only staff see", slug="draft-only", summary="s", body="## x", status=Article.Status.DRAFT,
        last_reviewed=timezone.localdate(), next_review_due=timezone.localdate() + datetime.timedelta(days=365),
    )
    login_verified(client, django_user_model.objects.create_user("ed", password="x", is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_consultation_form_is_never_cached(client, db):
    first = client.get("/consultation/")
    second = client.get("/consultation/")
    token = 'name="form_token" value="'
    assert first.content.decode().split(token)[1][:40] != second.content.decode().split(token)[1][:40]
