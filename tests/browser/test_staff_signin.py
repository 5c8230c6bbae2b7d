"""Staff sign-in in a real browser: the lockout attack no longer keeps the real person out; a
practice admin clears a pause; a password reset by email; an authenticator enrolled by its QR
code; a passkey registered and used with Chromium's virtual authenticator; an invitation
accepted end to end; axe on every sign-in page, on a phone and on a desktop."""

import base64
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from staff.roles import PRACTICE_ADMINS, TRIAGE_STAFF, sync_roles
from staff.signin import FAILED_MESSAGE, LOCKED_MESSAGE, wait_message

from .conftest import DESKTOP, PHONE
from .test_accessibility import AXE_OPTIONS

PASSWORD = "river stone maple 31"
NEW_PASSWORD = "quiet harbor lantern 17"
LOGIN = "/admin/login/"


@pytest.fixture
def staff_site(live_server, transactional_db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Passkeys belong to the host the browser sees: the live server on localhost.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    cache.clear()
    mail.outbox = []
    sync_roles(apps)  # a transactional test database is emptied between tests, roles included
    return live_server.url


def make_staff(django_user_model, username, role=TRIAGE_STAFF):
    user = django_user_model.objects.create_user(username, email=f"{username}@practice.example", password=PASSWORD,
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user, TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def fill_sign_in(page, username, password, one_time_code=""):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("#id_otp_token").fill(one_time_code)


def sign_in(page, site, username, password, one_time_code):
    page.goto(site + LOGIN)
    fill_sign_in(page, username, password, one_time_code)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()


def run_worker():
    """The background worker, once: every email that is due."""
    call_command("run_worker", "--batch")


def emailed_path(pattern):
    (message,) = mail.outbox
    mail.outbox = []
    return re.search(rf"https?://[^/\s]+({pattern}\S+/)", message.body).group(1)


def enrol_by_qr_code(page):
    """What a person does with their phone: scan the code (we read the same key from the page)
    and type the code the app then shows."""
    expect(page.locator(".qr-code svg")).to_be_visible()
    key = page.locator("#authenticator-key").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("The 6-digit code your app shows now").fill(f"{totp(secret):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm the app").click()
    return secret


def test_a_strangers_guesses_do_not_lock_out_the_real_person(page, staff_site, django_user_model):
    user, device = make_staff(django_user_model, "sam")
    for attempt in range(settings.LOGIN_FAILURE_LIMIT + 5):  # the attack, from elsewhere
        Client().post(LOGIN, {"username": "sam", "password": f"guess-{attempt}", "otp_token": "123456"},
                      REMOTE_ADDR="198.51.100.23")
    for attempt in range(20):  # and made-up usernames from one address
        Client().post(LOGIN, {"username": f"made-up-{attempt}", "password": "x"}, REMOTE_ADDR="198.51.100.24")
    sign_in(page, staff_site, "sam", PASSWORD, code(device))
    expect(page).to_have_url(staff_site + "/admin/")
    expect(page.locator("#site-name")).to_contain_text("Practice administration")


def test_a_practice_admin_clears_a_pause(page, staff_site, django_user_model, browser, settings):
    # Waits of a second, not the real 2, 4 ... seconds, between tries once they slow down.
    settings.LOGIN_SLOWDOWN_SECONDS = settings.LOGIN_SLOWDOWN_MAX_SECONDS = 1
    _user, device = make_staff(django_user_model, "sam")
    _admin, admin_device = make_staff(django_user_model, "pat", role=PRACTICE_ADMINS)
    for attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        if attempt >= settings.LOGIN_SLOWDOWN_FAILURES:
            # Too soon after the last failure: asked to wait, the typed username kept, nothing checked.
            sign_in(page, staff_site, "sam", f"mistyped-{attempt}", "123456")
            expect(page.locator(".errornote")).to_have_text(wait_message(1))
            expect(page.get_by_label("Username")).to_have_value("sam")
            page.wait_for_timeout(1100)
        sign_in(page, staff_site, "sam", f"mistyped-{attempt}", "123456")
        expect(page.locator(".errornote")).to_have_text(FAILED_MESSAGE)
    page.wait_for_timeout(1100)
    sign_in(page, staff_site, "sam", "one mistake too many", "123456")
    expect(page.locator(".errornote")).to_have_text(LOCKED_MESSAGE)
    sign_in(page, staff_site, "sam", PASSWORD, code(device))
    expect(page.locator(".errornote")).to_have_text(LOCKED_MESSAGE)
    expect(page.get_by_role("link", name="Forgot your password? Reset it by email.")).to_be_visible()

    admin_context = browser.new_context()
    admin_page = admin_context.new_page()
    sign_in(admin_page, staff_site, "pat", PASSWORD, code(admin_device))
    admin_page.goto(staff_site + "/admin/axes/accessattempt/")
    row = admin_page.locator("#result_list tbody tr", has_text="sam")
    row.locator("input[name=_selected_action]").check()
    admin_page.locator("select[name=action]").select_option("delete_selected")
    admin_page.get_by_role("button", name="Go").click()
    admin_page.get_by_role("button", name=re.compile("Yes, I.m sure")).click()
    expect(admin_page.locator(".messagelist")).to_contain_text("Successfully deleted")
    admin_context.close()

    sign_in(page, staff_site, "sam", PASSWORD, code(device))
    expect(page).to_have_url(staff_site + "/admin/")


def test_a_password_reset_by_email_still_asks_for_the_second_factor(page, staff_site, django_user_model):
    _user, device = make_staff(django_user_model, "sam")
    page.goto(staff_site + LOGIN)
    page.get_by_role("link", name="Forgot your password? Reset it by email.").click()
    page.get_by_label("Email").fill("sam@practice.example")
    page.get_by_role("button", name=re.compile("Reset my password", re.I)).click()
    expect(page.get_by_role("main")).to_contain_text("if an account exists")
    run_worker()
    page.goto(staff_site + emailed_path("/admin/reset/"))
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("Change my password", re.I)).click()
    expect(page.get_by_role("main")).to_contain_text("Your password has been set")
    sign_in(page, staff_site, "sam", NEW_PASSWORD, "")
    expect(page.locator(".errornote")).to_have_text(FAILED_MESSAGE)
    sign_in(page, staff_site, "sam", NEW_PASSWORD, code(device))
    expect(page).to_have_url(staff_site + "/admin/")


def test_a_new_phone_is_enrolled_by_its_qr_code(page, staff_site, django_user_model):
    user, device = make_staff(django_user_model, "sam")
    sign_in(page, staff_site, "sam", PASSWORD, code(device))
    page.get_by_role("link", name="Your second factor").click()
    secret = enrol_by_qr_code(page)
    expect(page.locator(".messagelist")).to_contain_text("Your authenticator app is set up")
    assert TOTPDevice.objects.get(user=user, confirmed=True).bin_key == secret


def add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    return cdp


def test_a_passkey_is_registered_and_then_used_to_sign_in(page, staff_site, django_user_model, console_errors):
    user, device = make_staff(django_user_model, "sam")
    add_virtual_authenticator(page)
    sign_in(page, staff_site, "sam", PASSWORD, code(device))
    page.goto(staff_site + "/admin/account/security/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator(".passkey-list li")).to_have_count(1)
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1

    page.context.clear_cookies()
    page.goto(staff_site + LOGIN)
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page).to_have_url(staff_site + "/admin/")

    # The passkey is a second factor only: with a wrong password it signs nobody in.
    page.context.clear_cookies()
    page.goto(staff_site + LOGIN)
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("not the password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.locator(".errornote")).to_have_text(FAILED_MESSAGE)
    assert console_errors == []


def test_an_invitation_is_accepted_end_to_end(page, staff_site, django_user_model, browser):
    _admin, admin_device = make_staff(django_user_model, "pat", role=PRACTICE_ADMINS)
    sign_in(page, staff_site, "pat", PASSWORD, code(admin_device))
    page.goto(staff_site + "/admin/staff/staffmember/add/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Lee")
    page.get_by_label("Email").fill("robin@practice.example")
    page.get_by_label("Role").select_option(TRIAGE_STAFF)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("An invitation was emailed to robin@practice.example")
    run_worker()

    newcomer = browser.new_context().new_page()
    newcomer.goto(staff_site + emailed_path("/admin/account/setup/"))
    expect(newcomer.locator("#content-main")).to_contain_text("Your username is robin")
    newcomer.locator("#id_new_password1").fill(NEW_PASSWORD)
    newcomer.locator("#id_new_password2").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Set my password").click()
    expect(newcomer.locator(".staff-intro")).to_contain_text("One more step")
    enrol_by_qr_code(newcomer)
    newcomer.goto(staff_site + "/admin/")
    expect(newcomer.get_by_role("link", name="Consultation requests", exact=True).last).to_be_visible()
    newcomer.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_sign_in_pages_have_no_axe_violations(page, staff_site, django_user_model, viewport):
    _user, device = make_staff(django_user_model, "sam", role=PRACTICE_ADMINS)
    page.set_viewport_size(viewport)
    axe = Axe()
    problems = []

    def check(state):
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        problems.extend(f"{state}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations)

    page.goto(staff_site + LOGIN)
    check("sign-in")
    sign_in(page, staff_site, "sam", "wrong", "123456")
    check("sign-in failed")
    for _ in range(settings.LOGIN_SLOWDOWN_FAILURES + 1):
        sign_in(page, staff_site, "nobody", "wrong", "123456")
    expect(page.locator(".errornote")).to_contain_text("Please wait")
    check("sign-in slowed down")
    page.goto(staff_site + "/admin/password_reset/")
    check("password reset")
    page.get_by_label("Email").fill("nobody@practice.example")
    page.get_by_role("button", name=re.compile("Reset my password", re.I)).click()
    check("password reset sent")
    page.goto(staff_site + "/admin/account/setup/MQ/bad-token/")
    check("used set-up link")
    sign_in(page, staff_site, "sam", PASSWORD, code(device))
    page.goto(staff_site + "/admin/account/security/")
    check("second factor")
    page.get_by_role("button", name="Make new backup codes").click()
    check("new backup codes")
    for path in ["/admin/staff/staffmember/", "/admin/staff/staffmember/add/", "/admin/axes/accessattempt/"]:
        page.goto(staff_site + path)
        check(path)
    assert problems == [], "\n".join(problems)
