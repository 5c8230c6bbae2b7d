"""Security headers, trusted proxies, production session settings, friendly error pages and
health endpoints. Staff sign-in is tested in tests/staff/."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

PUBLIC_PATHS = ["/", "/articles/", "/consultation/", "/static/css/site.css", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_security_headers_on_pages_and_static_files(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp and "default-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/consultation/"])
def test_forwarded_proto_is_trusted_only_from_our_proxy(settings, path):
    """SECURE_SSL_REDIRECT and HSTS on: X-Forwarded-Proto: https from a stranger is plain http
    (redirected, no HSTS); from our proxy it is https (served, with HSTS)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    browser = Client()  # a new client, so its middleware reads the changed settings
    spoofed = browser.get(path, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="198.51.100.7")
    assert spoofed.status_code == 301 and spoofed["Location"] == f"https://testserver{path}"
    assert "Strict-Transport-Security" not in spoofed
    proxied = browser.get(path, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.5")
    assert proxied.status_code == 200
    assert "Strict-Transport-Security" in proxied
    plain = browser.get(path, REMOTE_ADDR="10.0.0.5")
    assert plain.status_code == 301


def test_client_ip_ignores_forwarded_for_from_strangers(rf, settings):
    from kap_site.proxies import TrustedProxyMiddleware, client_ip

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    seen = {}

    def view(request):
        seen["ip"] = client_ip(request)

    middleware = TrustedProxyMiddleware(view)
    middleware(rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4"))
    assert seen["ip"] == "198.51.100.7"
    middleware(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.7"))
    assert seen["ip"] == "203.0.113.9"


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_ALLOWED_HOSTS="www.example-practice.com", **extra)
    return env


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    # Settings only: an empty database of its own, not a developer's db.sqlite3 (whose sample
    # practice profile check --deploy rightly warns about; see tests/practice).
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR, env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}"),
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_https_and_idle_sessions():
    """Cookies secure, HttpOnly and SameSite; https with HSTS for a year on every subdomain; staff
    sessions that end after half an hour idle (each request renews it) or when the browser closes."""
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
            "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, "
            "s.SESSION_EXPIRE_AT_BROWSER_CLOSE)")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR,
                            env=production_env(DJANGO_SETTINGS_MODULE="kap_site.settings"),
                            capture_output=True, text=True, check=False)
    assert result.stdout.split() == [
        "True", "True", "True", "True", "Lax", "True", "31536000", "True", "1800", "True", "True",
    ], result.stderr


# Errors and health ---------------------------------------------------------------------------

def database_down(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_not_found_page_is_friendly(client):
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert b"crisis-strip" in response.content and b"We could not find that page" in response.content


@pytest.mark.django_db
def test_server_error_page_is_friendly_and_hides_details(client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body and "crisis-strip" in body and "tel:988" in body
    assert "secret internal detail" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_database_outage_gives_a_503_page(client, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.ArticleListView, "get_queryset", database_down)
    response = client.get("/articles/")
    assert response.status_code == 503
    assert b"Please try again in a few minutes" in response.content and b"crisis-strip" in response.content


@pytest.mark.django_db
def test_form_keeps_answers_when_the_database_is_down(client, monkeypatch):
    from consultations import views
    from tests.consultations.conftest import form_token

    monkeypatch.setattr(views, "receive_request", database_down)
    response = client.post("/consultation/", {
        "full_name": "Robin Park", "email": "robin@example.org", "contact_method": "email", "state": "CA",
        "visit_preference": "either", "help_with": ["anxiety"], "message": "Some words I typed",
        "is_adult": "on", "consented": "on", "form_token": form_token(),
    })
    html = response.content.decode()
    assert response.status_code == 503
    assert "has <strong>not</strong> been sent yet" in html
    assert 'value="Robin Park"' in html and 'value="robin@example.org"' in html and "Some words I typed" in html


@pytest.mark.django_db
def test_health_endpoints(client, monkeypatch):
    assert client.get("/healthz").content == b"ok\n"
    assert client.get("/readyz").status_code == 200
    from kap_site import views

    class DownCursor:
        def __enter__(self):
            raise OperationalError("down")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: DownCursor())
    not_ready = client.get("/readyz")
    assert not_ready.status_code == 503
    for response in (client.get("/healthz"), not_ready):
        assert b"5.2" not in response.content and "Django" not in response.get("Server", "")


@pytest.mark.django_db
def test_a_returning_visitor_keeps_their_answers_when_the_database_is_down(client, monkeypatch):
    """With a session cookie, the sign-in checks read the session and the user from the database:
    when it is down that is no 500, but the same kind 503 that keeps what was typed."""
    from django.contrib.sessions.backends.db import SessionStore

    from consultations import views
    from tests.consultations.conftest import form_token

    monkeypatch.setattr(views, "receive_request", database_down)
    monkeypatch.setattr(SessionStore, "load", database_down)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = client.post("/consultation/", {
        "full_name": "Robin Park", "email": "robin@example.org", "contact_method": "email", "state": "CA",
        "visit_preference": "either", "help_with": ["anxiety"], "message": "Some words I typed",
        "is_adult": "on", "consented": "on", "form_token": form_token(),
    })
    assert response.status_code == 503
    assert "Some words I typed" in response.content.decode()


@pytest.mark.django_db
def test_a_session_the_database_could_not_save_does_not_turn_the_answer_into_a_400(client, monkeypatch):
    """Django reports a session update that failed mid-save as SessionInterrupted (a 400); the
    page the view made (a stored request's redirect, say) is still the right answer."""
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.contrib.sessions.middleware import SessionMiddleware

    def interrupted(self, request, response):
        raise SessionInterrupted("The request's session was deleted before the request completed.")

    monkeypatch.setattr(SessionMiddleware, "process_response", interrupted)
    response = client.get("/consultation/")
    assert response.status_code == 200 and b"Send my request" in response.content
