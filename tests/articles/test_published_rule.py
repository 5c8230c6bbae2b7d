"""Drafts and scheduled articles are invisible to the public everywhere; staff can preview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.conftest import login_verified


@pytest.fixture
def visible(make_article, topic):
    return make_article("Public article about zebrafish", topics=[topic])


@pytest.fixture
def hidden(draft_and_scheduled, topic):
    for article in draft_and_scheduled:
        article.topics.set([topic])
    return draft_and_scheduled


def test_published_queryset_excludes_drafts_and_future(visible, hidden):
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_once_its_time_comes(make_article):
    article = make_article("Soon", publish_at=timezone.now() + datetime.timedelta(minutes=5))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("articles:list"),
        reverse("articles:topic", kwargs={"slug": "safety"}),
        reverse("search") + "?q=zebrafish",
        reverse("sitemap"),
        reverse("articles:feed"),
    ],
)
def test_lists_show_only_published(client, visible, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert visible.slug in content
    for article in hidden:
        assert article.slug not in content
        assert article.title not in content


def test_hidden_article_detail_is_404_for_public(client, hidden):
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_hidden_article_detail_is_404_for_logged_in_non_staff(client, hidden, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_can_preview_draft_and_scheduled(client, hidden, django_user_model):
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    login_verified(client, staff)
    draft, scheduled = hidden
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is not published" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    response = client.get(scheduled.get_absolute_url())
    assert "scheduled for" in response.content.decode()


def test_staff_still_see_only_published_in_public_lists(client, visible, hidden, django_user_model):
    login_verified(client, django_user_model.objects.create_user("editor", password="x", is_staff=True))
    content = client.get(reverse("articles:list")).content.decode()
    assert visible.title in content
    assert all(article.title not in content for article in hidden)


def test_related_articles_are_published_only(client, visible, hidden):
    content = client.get(visible.get_absolute_url()).content.decode()
    assert all(article.title not in content for article in hidden)
