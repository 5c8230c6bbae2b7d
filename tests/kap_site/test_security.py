"""Security headers, trusted proxies, staff sign-in (two factors, lockout, idle expiry),
friendly error pages and health endpoints."""

import io
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.admin_site import LOCKED_MESSAGE

LOGIN = reverse("admin:login")
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


# Staff sign-in -------------------------------------------------------------------------------

PASSWORD = "correct horse battery"


@pytest.fixture
def make_staff(django_user_model):
    def make(username):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=True)
        return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return make


@pytest.fixture
def staff(make_staff):
    return make_staff("sam")


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(browser, username, password, device=None, **extra):
    data = {"username": username, "password": password}
    if device is not None:
        data.update(otp_device=device.persistent_id, otp_token=current_code(device))
    return browser.post(LOGIN, data, **extra)


def test_admin_needs_password_and_authenticator_code(client, staff):
    _user, device = staff
    response = client.post(LOGIN, {"username": "sam", "password": PASSWORD})
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.post(LOGIN, {"username": "sam", "password": PASSWORD,
                                   "otp_device": device.persistent_id, "otp_token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_authenticator_code_is_refused(client, staff):
    _user, device = staff
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(LOGIN, {"username": "sam", "password": PASSWORD,
                                   "otp_device": device.persistent_id, "otp_token": wrong})
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_without_a_second_factor_cannot_use_the_admin(client, django_user_model):
    django_user_model.objects.create_user("nofactor", password=PASSWORD, is_staff=True)
    client.post(LOGIN, {"username": "nofactor", "password": PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 302


def test_repeated_failures_lock_the_account_whatever_the_address(staff, make_staff):
    """LOGIN_FAILURE_LIMIT wrong passwords, each claiming another X-Forwarded-For; then the right
    password and code, from the guesser and from another address. An account that was not
    guessed at signs in with the same steps."""
    _user, device = staff
    _control_user, control_device = make_staff("drew")
    guesser = Client()
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = sign_in(guesser, "sam", f"wrong-{attempt}", REMOTE_ADDR="198.51.100.20",
                           HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 10}")
        assert response.status_code == 200
    locked = sign_in(guesser, "sam", PASSWORD, device, REMOTE_ADDR="198.51.100.20",
                     HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert locked.status_code == 200 and LOCKED_MESSAGE in locked.content.decode()
    assert guesser.get(reverse("admin:index")).status_code == 302
    elsewhere = sign_in(Client(), "sam", PASSWORD, device, REMOTE_ADDR="192.0.2.44")
    assert elsewhere.status_code == 200 and LOCKED_MESSAGE in elsewhere.content.decode()
    control = Client()
    allowed = sign_in(control, "drew", PASSWORD, control_device, REMOTE_ADDR="192.0.2.45")
    assert allowed.status_code == 302, "the control sign-in failed: the lockout proof would prove nothing"
    assert control.get(reverse("admin:index")).status_code == 200


def test_lockout_counts_store_no_readable_address_or_username(client, staff, settings):
    from kap_site.counters.models import EventCount

    client.post(LOGIN, {"username": "sam", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    buckets = " ".join(EventCount.objects.values_list("bucket", flat=True))
    assert EventCount.objects.count() == 2
    assert "sam" not in buckets and "198.51.100.7" not in buckets
    # Keyed with the secret key: an unkeyed hash of a guessed address would not match.
    import hashlib

    assert hashlib.sha256(b"198.51.100.7").hexdigest()[:32] not in buckets
    assert hashlib.sha256(b"sam").hexdigest()[:32] not in buckets


def test_enrol_command_creates_an_authenticator_key(staff):
    user, _device = staff
    out = io.StringIO()
    call_command("enrol_totp", "sam", "--no-qr", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_weak_passwords_are_refused(django_user_model, db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = django_user_model(username="newstaff")
    for weak in ["password123", "12345678901234", "newstaff2024", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("lantern orchard velvet 42", user)


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
