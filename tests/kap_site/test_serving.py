"""Serving on the open internet, in process: requests the site cannot read get our own 400 page
and one log line; a Host with a foreign port is refused; the page cache is not switched off by a
made-up session cookie nor broken by a failing shared cache; pages for visitors with a session
are private; media is images only; the security headers are complete; the start-up warning
about proxy settings."""

import logging
import os
import runpy
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import ConsultationRequest
from tests.conftest import login_verified
from tests.helpers import publish_edit, valid_answers

FORM = "/consultation/"
LOGIN = "/admin/login/"
BAD_FORM_TYPES = [
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=utf8",
    "application/x-www-form-urlencoded; charset=UTF-16LE",
    "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data",  # no boundary
    "multipart/form-data; boundary=",
]


def our_400_page(response):
    page = response.content.decode()
    return (response.status_code == 400 and "We could not read that request" in page and "crisis-strip" in page
            and "tel:988" in page)


def has_security_headers(response):
    return (response.has_header("Content-Security-Policy") and response.has_header("Permissions-Policy")
            and response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
            and response.get("Cache-Control") == "no-store")


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", BAD_FORM_TYPES)
@pytest.mark.parametrize("path", [FORM, LOGIN, "/search/"])
def test_an_unreadable_body_gets_our_400_page_and_one_log_line(path, content_type, caplog):
    """With a CSRF cookie, as the attack in the issue: Django alone answered 500 and logged ~70 KB."""
    browser = Client(raise_request_exception=False)
    browser.cookies["csrftoken"] = "a" * 32
    body = urllib.parse.urlencode({**valid_answers(message="Private words"), "csrfmiddlewaretoken": "a" * 32})
    with caplog.at_level(logging.INFO):
        response = browser.generic("POST", path, body.encode(), content_type=content_type)
    assert our_400_page(response)
    assert has_security_headers(response)
    assert ConsultationRequest.objects.count() == 0
    lines = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(lines) == 1, [record.getMessage() for record in caplog.records]
    assert lines[0].exc_info is None and "\n" not in lines[0].getMessage()
    assert "Private words" not in caplog.text


def test_client_error_tracebacks_are_dropped_by_the_log_filter():
    """Django's own loggers log a client's bad request with its traceback; our handler's filter
    keeps one line (a server error keeps its traceback)."""
    from django.core.exceptions import SuspiciousOperation

    from kap_site.log_filters import ClientErrorsOneLine

    def record(exception, status):
        try:
            raise exception
        except Exception as error:  # noqa: BLE001
            made = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Bad Request: %s",
                                     ("/x",), (type(error), error, error.__traceback__))
        made.status_code = status
        return made

    handler = logging.StreamHandler()
    handler.addFilter(ClientErrorsOneLine())
    client_error = record(SuspiciousOperation("odd"), 400)
    handler.filter(client_error)
    assert "\n" not in handler.format(client_error)
    server_error = record(RuntimeError("bug"), 500)
    handler.filter(server_error)
    assert "Traceback" in handler.format(server_error)


@pytest.mark.django_db
def test_a_readable_form_post_still_works(client):
    response = client.post(FORM, valid_answers())
    assert response.status_code == 303
    assert ConsultationRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("host", "status"), [
    ("testserver", 200), ("testserver:80", 200), ("localhost", 200),
    ("testserver:9999", 400), ("localhost:9999", 400), ("localhost:8000", 400),
])
def test_a_host_with_a_port_we_do_not_serve_is_refused(client, host, status):
    """ALLOWED_HOSTS ignores ports: `Host: localhost:9999` used to end up in robots.txt's sitemap line."""
    response = client.get("/robots.txt", HTTP_HOST=host)
    assert response.status_code == status
    if status == 200:
        assert f"Sitemap: http://{host}/sitemap.xml" in response.content.decode()
    else:
        assert our_400_page(response) and "9999" not in response.content.decode()


@pytest.mark.django_db
def test_the_site_urls_port_is_served(client, settings):
    settings.SITE_URL = "https://practice.example:8443"
    assert client.get("/robots.txt", HTTP_HOST="localhost:8443").status_code == 200
    assert client.get("/robots.txt", HTTP_HOST="localhost:8444").status_code == 400


# The page cache ----------------------------------------------------------------------------------

@pytest.fixture
def article(make_article):
    return make_article("Cache and cookies")


def test_a_made_up_session_cookie_is_served_from_the_page_cache(client, article):
    """A cookie named sessionid with any value used to skip the cache (541 to 126 req/s)."""
    url = article.get_absolute_url()
    first = client.get(url)
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "madeup" + "x" * 26
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200 and second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Cache-Control"].startswith("public")
    # The session lookup and the content version check; a render takes many more.
    assert len(queries) <= 2, [query["sql"] for query in queries]


def test_pages_for_a_visitor_with_a_session_are_private(client, article, django_user_model):
    login_verified(client, django_user_model.objects.create_user("kai", password="x", is_staff=True))
    response = client.get(article.get_absolute_url())
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control
    assert "Cookie" in response["Vary"]
    anonymous = Client().get(article.get_absolute_url())
    assert anonymous["Cache-Control"].startswith("public")


@pytest.fixture
def redis_server(tmp_path):
    """A real Redis (Debian's redis-server) on a free port, for this test only."""
    import shutil
    import socket
    import subprocess
    import time

    if not shutil.which("redis-server"):
        message = "redis-server is not installed (apt-get install redis-server; .ci/run installs it)"
        if os.environ.get("KAP_REQUIRE_NGINX"):  # CI: the proxy and shared-cache proofs must run
            pytest.fail(message)
        pytest.skip(message)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    try:
        yield process, f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(
        article, redis_server, settings, django_capture_on_commit_callbacks):
    from django.core.cache import caches

    from kap_site import page_cache

    process, url = redis_server
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.CACHE_RETRY_SECONDS = 0
    page_cache._process.update(version=None, failed_at=None, bump_pending=False)
    caches["pages"].clear()
    browser = Client()
    path = article.get_absolute_url()
    assert browser.get(path).status_code == 200
    assert browser.get(path)["Cache-Control"].startswith("public")

    process.terminate()
    process.wait(timeout=10)
    for path_now in [path, "/", "/articles/", "/robots.txt"]:
        response = browser.get(path_now)
        assert response.status_code == 200, path_now
    # An edit while Redis is down saves (no 500) and shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(article, draft_title="Edited while Redis was down")
    assert b"Edited while Redis was down" in browser.get(path).content
    assert page_cache._process["bump_pending"]


def test_staff_sign_in_fails_closed_with_a_kind_page_while_redis_is_down(redis_server, settings, django_user_model):
    """Sign-in throttling lives in the database (django-axes), so Redis being down skips no
    check: a password without its second factor signs nobody in, and nothing is a 500 (the
    successful path with both factors: tests/staff/test_signin.py)."""
    process, url = redis_server
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    django_user_model.objects.create_user("sam", password="correct horse battery", is_staff=True)
    process.terminate()
    process.wait(timeout=10)
    browser = Client(raise_request_exception=False)
    response = browser.post(LOGIN, {"username": "sam", "password": "correct horse battery"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not sign you in" in page
    assert browser.get(reverse("admin:index")).status_code == 302


def test_the_database_cache_failing_serves_pages_uncached(client, article, monkeypatch, settings):
    """The default shared cache is a database table; a failing cache query is no 500."""
    from django.core.cache import cache, caches
    from django.db import OperationalError

    from kap_site import page_cache

    def broken(*args, **kwargs):
        raise OperationalError("cache table unavailable")

    settings.CACHE_RETRY_SECONDS = 0
    page_cache._process.update(version=None, failed_at=None, bump_pending=False)
    caches["pages"].clear()
    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "set_many", broken)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and b"Cache and cookies" in response.content
    monkeypatch.undo()
    page_cache._process.update(version=None, failed_at=None, bump_pending=False)


# Headers ------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", LOGIN, "/static/css/site.css"])
def test_permissions_policy_turns_off_powerful_features(client, path):
    policy = dict(item.split("=", 1) for item in client.get(path)["Permissions-Policy"].split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "bluetooth",
                    "browsing-topics", "display-capture", "fullscreen", "autoplay"]:
        assert policy[feature] == "()", feature
    # Passkeys for staff sign-in, on our own origin only.
    assert policy["publickey-credentials-get"] == "(self)"
    assert len(policy) >= 25


def admin_pages(client):
    """Every admin page a staff member reaches from the index: each model's list and add page,
    and one change page where a row exists."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        urls.append(reverse(f"{prefix}_add"))
        first = model.objects.first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    return urls


def test_the_admin_needs_no_inline_style_and_its_policy_allows_none(client, django_user_model, make_article):
    make_article("An article for the admin")
    ConsultationRequest.objects.create(full_name="Robin Park", email="robin@example.org", state="CA",
                                       message="Hello", contact_method="email", submission_token=uuid.uuid4())
    user = django_user_model.objects.create_user("ada", password="x", is_staff=True, is_superuser=True)
    login_verified(client, user)
    checked = 0
    for url in admin_pages(client):
        response = client.get(url, follow=True)  # a one-of-a-kind record's list opens the record
        if response.status_code == 403 and url.endswith("/add/"):
            continue  # a model nobody adds by hand (task results)
        assert response.status_code == 200, url
        checked += 1
        html = response.content.decode()
        assert " style=" not in html and "<style" not in html, url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
    assert checked >= 10
    assert "unsafe-inline" not in Client().get(LOGIN)["Content-Security-Policy"]


# Media --------------------------------------------------------------------------------------------

@pytest.fixture
def media_image(settings):
    folder = Path(settings.MEDIA_ROOT) / "articles" / "heroes"
    folder.mkdir(parents=True, exist_ok=True)
    image = folder / "serving-test.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / ".hidden.png").write_bytes(b"x")
    (folder / "notes.txt").write_text("not an image")
    (folder / "page.html").write_text("<script>alert(1)</script>")
    yield image
    for name in ["serving-test.png", ".hidden.png", "notes.txt", "page.html"]:
        (folder / name).unlink(missing_ok=True)


@pytest.mark.django_db
def test_media_serves_images_only_from_the_media_folder(client, media_image):
    response = client.get("/media/articles/heroes/serving-test.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == media_image.read_bytes()
    assert response["X-Content-Type-Options"] == "nosniff" and "max-age" in response["Cache-Control"]
    for path in ["articles/heroes/.hidden.png", "articles/heroes/notes.txt", "articles/heroes/page.html",
                 "articles/heroes/", "articles/", "../../etc/passwd", "articles/heroes/../../../x.png",
                 "%2e%2e/%2e%2e/etc/hostname.png", "articles/heroes/missing.png"]:
        assert client.get("/media/" + path).status_code == 404, path
    assert client.post("/media/articles/heroes/serving-test.png").status_code in (403, 405)


# Start-up warning about the proxy settings --------------------------------------------------------

def gunicorn_config():
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "gunicorn.conf.py"))


@pytest.mark.parametrize(("bind", "trusted", "warned"), [
    (["127.0.0.1:8000"], "", True),
    (["[::1]:8000"], "", True),
    (["unix:/run/kap/gunicorn.sock"], "", True),
    (["localhost:8000"], " ", True),
    (["127.0.0.1:8000"], "127.0.0.1", False),
    (["0.0.0.0:8000"], "", False),
    (["10.0.0.4:8000"], "", False),
])
def test_a_start_up_warning_when_the_proxy_settings_cannot_tell_visitors_apart(bind, trusted, warned):
    problems = gunicorn_config()["proxy_setup_problems"](bind, trusted)
    assert bool(problems) == warned
    if warned:
        assert "TRUSTED_PROXIES" in problems[0]


def test_gunicorn_runs_threaded_workers_sized_for_the_machine():
    config = gunicorn_config()
    assert config["worker_class"] == "gthread"
    assert config["workers"] >= 2 and config["threads"] >= 16
    assert config["workers"] * config["threads"] > 50  # 50 slow clients leave threads for everyone else
