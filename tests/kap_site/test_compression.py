"""Pages travel gzipped to browsers that accept it (a phone on a poor connection gets an
article in about a quarter of the bytes); images and answers to a POST are never compressed."""

import gzip

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.conftest import login_verified

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def article(make_article, topic):
    return make_article("Compressed article", topics=[topic])


@pytest.mark.parametrize("page_cache_seconds", [0, 600], ids=["rendered", "cached"])
def test_pages_are_gzipped_for_browsers_that_accept_it(client, article, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    url = article.get_absolute_url()
    plain = client.get(url)
    # Twice each, so that with the page cache on the second answer comes from the cache.
    for _ in range(2):
        zipped = client.get(url, **GZIP)
        assert zipped["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in zipped["Vary"]
        assert gzip.decompress(zipped.content) == plain.content
        assert len(zipped.content) < len(plain.content) / 2
        # A browser that did not ask for gzip never gets it, even from the cache.
        again = client.get(url)
        assert not again.has_header("Content-Encoding")
        assert again.content == plain.content


def test_each_encoding_has_its_own_etag(client, article):
    zipped = client.get(article.get_absolute_url(), **GZIP)
    plain = client.get(article.get_absolute_url())
    assert zipped["ETag"] != plain["ETag"]
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=zipped["ETag"], **GZIP).status_code == 304


@pytest.mark.parametrize("page_cache_seconds", [0, 600], ids=["rendered", "cached"])
def test_every_server_process_gives_a_page_the_same_etag(client, article, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    first = client.get(article.get_absolute_url(), **GZIP)
    # Another process renders the page afresh: its own, empty page cache.
    caches["pages"].clear()
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304


def test_a_client_that_refuses_gzip_does_not_get_it(client, article):
    for refusal in ["gzip;q=0", "gzip; q=0.0, deflate", "br"]:
        response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING=refusal)
        assert not response.has_header("Content-Encoding"), refusal
        assert "Accept-Encoding" in response["Vary"]
    assert client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip;q=0.5")["Content-Encoding"] == "gzip"


def test_nothing_is_compressed_for_someone_with_a_session(client, article, django_user_model):
    # Staff pages hold patients' details and echo searches: what compression attacks need.
    user = django_user_model.objects.create_superuser("triage", "triage@example.com", "x")
    login_verified(client, user)
    for url in [reverse("admin:consultations_consultationrequest_changelist") + "?q=zoe", article.get_absolute_url()]:
        response = client.get(url, **GZIP)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url


def test_feeds_and_sitemaps_are_gzipped(client, article):
    for url in [reverse("sitemap"), reverse("articles:feed")]:
        assert client.get(url, **GZIP)["Content-Encoding"] == "gzip"


def test_images_are_not_gzipped_again(client, db, settings):
    # The test run's own media folder (tests/settings.py), which the media URL serves.
    image = settings.MEDIA_ROOT / "compression-test.webp"
    image.write_bytes(b"RIFF" + b"\x00" * 4000)
    try:
        response = client.get(settings.MEDIA_URL + image.name, **GZIP)
        response.close()
    finally:
        image.unlink()
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_form_shown_again_with_answers_is_not_compressed(client, db):
    # The form sent back with its errors holds what the person typed beside the CSRF token.
    page = client.get(reverse("consultations:request"))
    response = client.post(
        reverse("consultations:request"),
        {"csrfmiddlewaretoken": page.context["csrf_token"], "full_name": "Sam Rivera"},
        follow=True, **GZIP,
    )
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"Sam Rivera" in response.content
