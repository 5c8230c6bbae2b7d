"""Practice admins run staff accounts from the admin: invite by email (a link to set a password
and a second factor), choose a role, reset a colleague's second factor, deactivate someone who
leaves. Every action is logged."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import StaffMember
from staff.roles import PRACTICE_ADMINS, ROLE_PERMISSIONS, TRIAGE_STAFF

from .conftest import PASSWORD, current_code, sign_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:staff_staffmember_changelist")
ADD = reverse("admin:staff_staffmember_add")
NEW_PASSWORD = "quiet harbor lantern 17"


def invite(browser, username="robin", role=TRIAGE_STAFF, email="robin@practice.example"):
    return browser.post(ADD, {"username": username, "first_name": "Robin", "last_name": "Lee", "email": email,
                              "role": role})


def link_path(message):
    return re.search(r"https?://[^/\s]+(/admin/account/setup/\S+/)", message.body).group(1)


def test_the_role_choice_lists_every_role_there_is(practice_admin, signed_in):
    browser = signed_in(*practice_admin)
    page = browser.get(ADD).content.decode()
    for role in ROLE_PERMISSIONS:
        assert f'value="{role}"' in page


def test_an_invitation_is_accepted_end_to_end(practice_admin, signed_in, mailoutbox, run_queued_jobs):
    admin_user, _device = practice_admin
    browser = signed_in(*practice_admin)
    response = invite(browser)
    assert response.status_code == 302
    member = StaffMember.objects.get(username="robin")
    assert member.is_staff and not member.is_superuser and not member.has_usable_password()
    assert member.role == TRIAGE_STAFF
    entry = LogEntry.objects.get(object_id=str(member.pk))
    assert entry.user == admin_user and "Invited" in entry.change_message
    run_queued_jobs()
    (message,) = mailoutbox
    assert message.to == ["robin@practice.example"] and "robin" in message.body

    newcomer = Client()
    page = newcomer.get(link_path(message), follow=True)
    assert page.status_code == 200 and b"new_password1" in page.content
    set_password = newcomer.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                               "new_password2": NEW_PASSWORD})
    assert set_password.status_code == 302 and set_password["Location"] == reverse("staff:security")
    assert newcomer.get(reverse("admin:index")).status_code == 302  # not yet: no second factor
    security = newcomer.get(reverse("staff:security")).content.decode()
    key = TOTPDevice.objects.get(user=member, confirmed=False).bin_key
    assert "QR code" in security
    assert newcomer.post(reverse("staff:confirm-authenticator"), {"code": f"{totp(key):06d}"}).status_code == 302
    assert newcomer.get(reverse("admin:index")).status_code == 200
    assert newcomer.get(reverse("admin:consultations_consultationrequest_changelist")).status_code == 200
    # The link worked once.
    assert b"new_password1" not in Client().get(link_path(message), follow=True).content


def test_triage_staff_cannot_manage_staff(staff, signed_in):
    browser = signed_in(*staff)
    assert browser.get(CHANGELIST).status_code == 403
    assert invite(browser).status_code == 403


def test_a_colleague_who_leaves_is_deactivated_and_their_session_ends(practice_admin, make_staff, signed_in):
    leaver, leaver_device = make_staff("leaver")
    their_session = signed_in(leaver, leaver_device, REMOTE_ADDR="192.0.2.20")
    browser = signed_in(*practice_admin)
    response = browser.post(CHANGELIST, {"action": "deactivate", "_selected_action": [leaver.pk]})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert their_session.get(reverse("admin:index")).status_code == 302
    assert sign_in(Client(), "leaver", PASSWORD, current_code(leaver_device)).status_code == 200
    assert "Deactivated" in LogEntry.objects.filter(object_id=str(leaver.pk)).latest("action_time").change_message
    assert get_user_model().objects.filter(pk=leaver.pk).exists()  # their history stays


def test_a_practice_admin_cannot_deactivate_themselves_or_the_owner(practice_admin, make_staff, signed_in):
    admin_user, _device = practice_admin
    owner, _owner_device = make_staff("owner", superuser=True)
    browser = signed_in(*practice_admin)
    browser.post(CHANGELIST, {"action": "deactivate", "_selected_action": [admin_user.pk, owner.pk]})
    admin_user.refresh_from_db()
    owner.refresh_from_db()
    assert admin_user.is_active and owner.is_active
    assert browser.get(reverse("admin:staff_staffmember_change", args=[owner.pk])).status_code == 200
    change = browser.post(reverse("admin:staff_staffmember_change", args=[owner.pk]),
                          {"first_name": "x", "last_name": "y", "email": "o@practice.example", "role": TRIAGE_STAFF})
    assert change.status_code == 403


def test_a_role_can_be_changed(practice_admin, make_staff, signed_in):
    colleague, _device = make_staff("kim")
    browser = signed_in(*practice_admin)
    response = browser.post(reverse("admin:staff_staffmember_change", args=[colleague.pk]), {
        "first_name": "Kim", "last_name": "Park", "email": "kim@practice.example", "role": PRACTICE_ADMINS})
    assert response.status_code == 302
    assert StaffMember.objects.get(pk=colleague.pk).role == PRACTICE_ADMINS
    assert list(colleague.groups.values_list("name", flat=True)) == [PRACTICE_ADMINS]


def test_a_second_factor_reset_removes_every_factor_and_emails_a_set_up_link(
        practice_admin, make_staff, signed_in, mailoutbox, run_queued_jobs):
    colleague, device = make_staff("kim")
    their_session = signed_in(colleague, device, REMOTE_ADDR="192.0.2.21")
    browser = signed_in(*practice_admin)
    browser.post(CHANGELIST, {"action": "send_second_factor_reset", "_selected_action": [colleague.pk]})
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert their_session.get(reverse("admin:index")).status_code == 302
    assert "Second factor reset" in LogEntry.objects.filter(
        object_id=str(colleague.pk)).latest("action_time").change_message
    run_queued_jobs()
    (message,) = mailoutbox
    assert message.to == ["kim@practice.example"]
    newcomer = Client()
    page = newcomer.get(link_path(message), follow=True)
    response = newcomer.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                           "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("staff:security")


def test_the_admin_index_names_second_factors_in_plain_words(client, django_user_model):
    import re

    from tests.conftest import login_verified

    owner = django_user_model.objects.create_superuser("owner-words", "owner@example.org", "pw")
    login_verified(client, owner)
    html = client.get("/admin/").content.decode()
    captions = re.findall(r"<caption>(.*?)</caption>", html, re.S)
    sections = [re.sub(r"<[^>]+>", "", caption).strip() for caption in captions]
    assert "Second factor: authenticator apps" in sections and "Second factor: backup codes" in sections
    assert not [name for name in sections if "otp" in name.lower()], sections
