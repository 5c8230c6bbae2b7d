"""Staff sign-in: two factors, one message for every failure, django-axes pausing the client that
fails (never the account), a repeated sign-in, sessions and where sign-in leads."""

import os
import secrets
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from staff.middleware import SIGNED_IN_AT_SESSION_KEY
from staff.signin import FAILED_MESSAGE, LOCKED_MESSAGE

from .conftest import LOGIN, PASSWORD, current_code, fail_patiently, let_time_pass, sign_in, wrong_code

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")


def error_note(response):
    html = response.content.decode()
    return html.split('<p class="errornote" role="alert">', 1)[1].split("</p>", 1)[0].strip()


def test_the_admin_needs_password_and_authenticator_code(client, staff):
    _user, device = staff
    assert sign_in(client, "sam").status_code == 200
    assert client.get(ADMIN).status_code == 302
    response = sign_in(client, "sam", code=current_code(device))
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_every_failure_shows_the_same_message(staff, make_staff, django_user_model):
    """A wrong password, an unknown name, a right password with a wrong or missing code, a
    deactivated account and a non-staff account all read the same: nothing tells an attacker
    that a password was right."""
    _user, device = staff
    left, _left_device = make_staff("lee")
    left.is_active = False
    left.save()
    django_user_model.objects.create_user("visitor", password=PASSWORD)
    attempts = [("sam", "wrong password", current_code(device)), ("nobody", PASSWORD, "123456"),
                ("sam", PASSWORD, wrong_code(device)), ("sam", PASSWORD, ""), ("lee", PASSWORD, "123456"),
                ("visitor", PASSWORD, "123456")]
    notes = set()
    for number, (username, password, code) in enumerate(attempts):
        response = sign_in(Client(), username, password, code, REMOTE_ADDR=f"192.0.2.{number + 1}")
        assert response.status_code == 200
        notes.add(error_note(response))
        body = response.content.decode()
        assert "Invalid token" not in body and "OTP" not in body and f'value="{code}"' not in body
    assert notes == {FAILED_MESSAGE}


def test_a_stranger_guessing_cannot_lock_out_the_real_user(staff):
    """The attack from the issue: wrong passwords for one username from elsewhere (each with a
    made-up X-Forwarded-For). The guesser is paused; the real person signs in at once."""
    _user, device = staff
    guesser = Client()
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        let_time_pass(settings.LOGIN_SLOWDOWN_MAX_SECONDS)  # a patient guesser waits out the slow-down
        response = sign_in(guesser, "sam", f"wrong-{attempt}", REMOTE_ADDR="198.51.100.20",
                           HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 10}")
        assert response.status_code in (200, 429)
    paused = sign_in(guesser, "sam", PASSWORD, current_code(device), REMOTE_ADDR="198.51.100.20")
    assert paused.status_code == 429 and error_note(paused) == LOCKED_MESSAGE
    assert guesser.get(ADMIN).status_code == 302
    real = Client()
    assert sign_in(real, "sam", code=current_code(device), REMOTE_ADDR="192.0.2.44").status_code == 302
    assert real.get(ADMIN).status_code == 200


def test_made_up_usernames_from_an_office_do_not_lock_out_colleagues(make_staff):
    _user, device = make_staff("drew")
    for attempt in range(20):
        sign_in(Client(), f"made-up-{attempt}", "whatever", REMOTE_ADDR="198.51.100.30")
    assert sign_in(Client(), "drew", code=current_code(device), REMOTE_ADDR="198.51.100.30").status_code == 302


def test_a_client_trying_many_usernames_is_paused(settings, make_staff):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 8
    _user, device = make_staff("drew")
    for attempt in range(8):
        sign_in(Client(), f"made-up-{attempt}", "whatever", REMOTE_ADDR="198.51.100.31")
    assert sign_in(Client(), "drew", code=current_code(device), REMOTE_ADDR="198.51.100.31").status_code == 429
    assert sign_in(Client(), "drew", code=current_code(device), REMOTE_ADDR="198.51.100.32").status_code == 302


def test_wrong_codes_with_the_right_password_count_too(staff):
    _user, device = staff
    fail_patiently(settings.LOGIN_FAILURE_LIMIT, "sam", PASSWORD, wrong_code(device), REMOTE_ADDR="198.51.100.40")
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.40").status_code == 429


@pytest.mark.parametrize(("first", "second"), [
    ("2001:db8:1:2::10", "2001:db8:1:2:aaaa::99"),  # one IPv6 /64
    ("::ffff:198.51.100.50", "198.51.100.50"),  # IPv4-mapped is the IPv4 address
])
def test_clients_are_counted_by_network(staff, first, second):
    _user, device = staff
    fail_patiently(settings.LOGIN_FAILURE_LIMIT, "sam", REMOTE_ADDR=first)
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR=second).status_code == 429
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="2001:db8:9::1").status_code == 302


def test_a_pause_ends_by_itself(staff):
    _user, device = staff
    fail_patiently(settings.LOGIN_FAILURE_LIMIT, "sam", REMOTE_ADDR="198.51.100.60")
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.60").status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                 - settings.AXES_COOLOFF_TIME)
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.60").status_code == 302


def test_a_practice_admin_sees_and_clears_a_pause(staff, practice_admin, signed_in):
    _user, device = staff
    fail_patiently(settings.LOGIN_FAILURE_LIMIT, "sam", REMOTE_ADDR="198.51.100.70")
    admin_user, admin_device = practice_admin
    browser = signed_in(admin_user, admin_device, REMOTE_ADDR="192.0.2.70")
    listing = browser.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "198.51.100.70" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="sam")
    response = browser.post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.70").status_code == 302


def test_triage_staff_cannot_clear_pauses(staff, signed_in):
    user, device = staff
    browser = signed_in(user, device)
    assert browser.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_signing_in_again_within_the_same_code_works_and_counts_nothing(staff):
    """A double click, or a second tab, sends the code that just worked: not a failure."""
    _user, device = staff
    code = current_code(device)
    first, again = Client(), Client()
    assert sign_in(first, "sam", code=code, REMOTE_ADDR="192.0.2.80").status_code == 302
    assert sign_in(again, "sam", code=code, REMOTE_ADDR="192.0.2.80").status_code == 302
    assert again.get(ADMIN).status_code == 200
    assert not AccessAttempt.objects.exists()
    # From another client the used code is refused as before.
    elsewhere = sign_in(Client(), "sam", code=code, REMOTE_ADDR="203.0.113.80")
    assert elsewhere.status_code == 200 and error_note(elsewhere) == FAILED_MESSAGE


def test_a_repeat_needs_the_right_password(staff):
    _user, device = staff
    code = current_code(device)
    assert sign_in(Client(), "sam", code=code, REMOTE_ADDR="192.0.2.81").status_code == 302
    assert sign_in(Client(), "sam", "wrong", code, REMOTE_ADDR="192.0.2.81").status_code == 200


def test_a_backup_code_works_once(staff):
    user, _device = staff
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token="k3y5x7q9")
    assert sign_in(Client(), "sam", code="k3y5x7q9").status_code == 302
    assert sign_in(Client(), "sam", code="k3y5x7q9").status_code == 200


def test_the_session_key_changes_at_sign_in(staff):
    _user, device = staff
    browser = Client()
    before = SessionStore()
    before["visited"] = True
    before.create()
    browser.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    assert sign_in(browser, "sam", code=current_code(device)).status_code == 302
    assert browser.cookies[settings.SESSION_COOKIE_NAME].value != before.session_key
    assert not SessionStore().exists(before.session_key)


def test_a_session_ends_after_its_absolute_lifetime_however_active(staff, signed_in):
    user, device = staff
    browser = signed_in(user, device)
    assert browser.get(ADMIN).status_code == 200
    session = browser.session
    session[SIGNED_IN_AT_SESSION_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert browser.get(ADMIN).status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/admin/", "", None])
def test_a_rejected_or_missing_next_leads_to_the_admin(staff, next_url):
    _user, device = staff
    data = {"username": "sam", "password": PASSWORD, "otp_token": current_code(device)}
    if next_url is not None:
        data["next"] = next_url
    response = Client().post(LOGIN, data)
    assert response.status_code == 302 and response["Location"] == ADMIN


def test_a_safe_next_is_followed(staff):
    _user, device = staff
    target = reverse("staff:security")
    response = Client().post(LOGIN, {"username": "sam", "password": PASSWORD,
                                     "otp_token": current_code(device), "next": target})
    assert response["Location"] == target


def test_the_authenticator_key_is_never_shown_in_the_admin(make_staff, signed_in):
    owner, owner_device = make_staff("owner", superuser=True)
    browser = signed_in(owner, owner_device)
    page = browser.get(reverse("admin:otp_totp_totpdevice_change", args=[owner_device.pk])).content.decode()
    assert owner_device.key not in page
    assert owner_device.config_url not in page


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_ALLOWED_HOSTS="www.example-practice.com", SITE_URL="https://www.example-practice.com",
               DJANGO_SETTINGS_MODULE="kap_site.settings", **extra)
    return env


def test_production_uses_host_prefixed_cookies_and_an_absolute_session_lifetime():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_ABSOLUTE_SECONDS, s.OTP_WEBAUTHN_RP_ID, "
            "s.OTP_ADMIN_HIDE_SENSITIVE_DATA)")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=production_env(),
                            capture_output=True, text=True, check=False)
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "36000", "www.example-practice.com",
                                     "True"], result.stderr


def test_a_colleagues_sign_in_does_not_clear_anothers_pause(staff, make_staff):
    _user, device = staff
    _colleague, colleague_device = make_staff("drew")
    fail_patiently(settings.LOGIN_FAILURE_LIMIT, "sam", REMOTE_ADDR="198.51.100.75")
    colleague = sign_in(Client(), "drew", code=current_code(colleague_device), REMOTE_ADDR="198.51.100.75")
    assert colleague.status_code == 302
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.75").status_code == 429


def test_a_failed_sign_in_keeps_no_password_or_code(staff):
    sign_in(Client(), "sam", "my-secret-guess", "246810", REMOTE_ADDR="198.51.100.76")
    (attempt,) = AccessAttempt.objects.all()
    assert attempt.username == "sam" and attempt.ip_address == "198.51.100.76"
    assert "my-secret-guess" not in attempt.post_data and "246810" not in attempt.post_data


def test_the_sign_in_page_says_what_to_do_when_stuck(client, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 600
    page = client.get(LOGIN).content.decode()
    assert reverse("admin_password_reset") in page
    assert "pauses for 10 minutes" in page and "ask a practice admin to reset your second factor" in page


def test_a_cache_outage_never_gives_a_server_error(staff, settings):
    """A real outage: the shared cache points at a port where nothing listens. Sign-in still works
    on its two factors (failures and waits are in the database); only the repeat of a code that
    just worked is refused, as from anywhere else: it fails closed, never with a 500."""
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                       "LOCATION": "redis://127.0.0.1:9/0"}}
    _user, device = staff
    code = current_code(device)
    browser = Client(raise_request_exception=False)
    assert sign_in(browser, "sam", code=code, REMOTE_ADDR="192.0.2.95").status_code == 302
    assert browser.get(ADMIN).status_code == 200
    again = sign_in(Client(raise_request_exception=False), "sam", code=code, REMOTE_ADDR="192.0.2.95")
    assert again.status_code == 200 and error_note(again) == FAILED_MESSAGE
    wrong = sign_in(Client(raise_request_exception=False), "sam", "wrong", REMOTE_ADDR="192.0.2.95")
    assert wrong.status_code == 200 and error_note(wrong) == FAILED_MESSAGE
