"""A way back in: password reset by email (queued, rate limited, no account enumeration, the
second factor still needed) and a staff member's own second factors (authenticator app by QR
code, backup codes)."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db
RESET = reverse("admin_password_reset")
NEW_PASSWORD = "lantern orchard velvet 42"


def reset_link(message):
    path = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", message.body).group(1)
    assert message.body.count(settings.SITE_URL) >= 1  # the configured address, never the Host header
    return path


def test_reset_email_is_queued_and_leads_to_a_new_password_but_not_past_the_second_factor(
        staff, mailoutbox, run_queued_jobs):
    user, device = staff
    response = Client().post(RESET, {"email": "sam@practice.example"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []  # sent by the worker, not while the person waits
    run_queued_jobs()
    (message,) = mailoutbox
    assert message.to == ["sam@practice.example"] and "sam" in message.body
    browser = Client()
    form_page = browser.get(reset_link(message), follow=True)
    assert form_page.status_code == 200 and b"new_password1" in form_page.content
    done = browser.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                           "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert browser.get(reverse("admin:index")).status_code == 302  # not signed in by the reset
    assert sign_in(Client(), "sam", NEW_PASSWORD).status_code == 200  # the code is still needed
    assert sign_in(Client(), "sam", NEW_PASSWORD, current_code(device)).status_code == 302
    assert LogEntry.objects.filter(object_id=str(user.pk), change_message__startswith="Changed password").exists()


def test_reset_does_not_tell_whether_an_address_has_an_account(staff, mailoutbox, run_queued_jobs):
    known = Client().post(RESET, {"email": "sam@practice.example"})
    unknown = Client().post(RESET, {"email": "nobody@practice.example"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    run_queued_jobs()
    assert [m.to for m in mailoutbox] == [["sam@practice.example"]]


def test_reset_is_rate_limited_per_client_and_per_address(staff, mailoutbox, run_queued_jobs):
    for _ in range(settings.PASSWORD_RESET_RATE_LIMIT + 3):
        response = Client().post(RESET, {"email": "sam@practice.example"}, REMOTE_ADDR="198.51.100.90")
        assert response.status_code == 302
    for number in range(3):  # and from other clients, the same address stays limited
        Client().post(RESET, {"email": "sam@practice.example"}, REMOTE_ADDR=f"198.51.100.{100 + number}")
    run_queued_jobs()
    assert len(mailoutbox) == settings.PASSWORD_RESET_RATE_LIMIT


def test_reset_email_carries_no_patient_data_or_site_internals(staff, mailoutbox, run_queued_jobs):
    Client().post(RESET, {"email": "sam@practice.example"})
    run_queued_jobs()
    body = mailoutbox[0].body
    assert "consultation" not in body.lower() and "KAP-" not in body


def test_a_used_reset_link_does_not_work_again(staff, mailoutbox, run_queued_jobs):
    Client().post(RESET, {"email": "sam@practice.example"})
    run_queued_jobs()
    link = reset_link(mailoutbox[0])
    browser = Client()
    page = browser.get(link, follow=True)
    browser.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert b"new_password1" not in again.content


# A staff member's own second factors ------------------------------------------------------------

SECURITY = reverse("staff:security")


def key_from_page(html):
    import base64

    key = re.search(r'<code id="authenticator-key">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    return base64.b32decode(key + "=" * (-len(key) % 8))


def code_for(key):
    return f"{totp(key):06d}"


def test_a_new_authenticator_is_enrolled_by_qr_code_and_confirmed_with_a_code(staff, signed_in):
    user, device = staff
    browser = signed_in(user, device)
    page = browser.get(SECURITY).content.decode()
    assert "<svg" in page and "QR code" in page
    key = key_from_page(page)
    wrong = browser.post(reverse("staff:confirm-authenticator"), {"code": "000000" if code_for(key) != "000000"
                                                                  else "111111"})
    assert wrong.status_code == 200 and "did not match" in wrong.content.decode()
    time.sleep(1.1)  # django-otp waits a second after a wrong code before it checks another
    confirmed = browser.post(reverse("staff:confirm-authenticator"), {"code": code_for(key)})
    assert confirmed.status_code == 302
    (new_device,) = TOTPDevice.objects.filter(user=user, confirmed=True)
    assert new_device.bin_key == key
    assert LogEntry.objects.filter(object_id=str(user.pk), change_message="Set up an authenticator app.").exists()
    # The old phone's code no longer works (the new code was used once, to confirm).
    assert sign_in(Client(), "sam", PASSWORD, code_for(device.bin_key), REMOTE_ADDR="192.0.2.99").status_code == 200


def test_backup_codes_are_shown_once_and_replace_earlier_ones(staff, signed_in):
    user, device = staff
    browser = signed_in(user, device)
    browser.post(reverse("staff:backup-codes"))
    page = browser.get(SECURITY).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(codes) == 10
    assert not re.findall(r"<li><code>", browser.get(SECURITY).content.decode())  # shown only once
    browser.post(reverse("staff:backup-codes"))
    assert StaticDevice.objects.get(user=user).token_set.count() == 10
    assert sign_in(Client(), "sam", PASSWORD, codes[0]).status_code == 200  # earlier codes are gone


def test_second_factor_pages_need_both_factors_once_one_is_set_up(staff):
    user, _device = staff
    browser = Client()
    assert browser.get(SECURITY).status_code == 302
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")  # a password alone
    response = browser.get(SECURITY)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert browser.post(reverse("staff:backup-codes")).status_code == 302
    assert not StaticDevice.objects.exists()
