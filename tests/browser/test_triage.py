"""Triage on a busy Monday, in Chromium: the inbox (and on a phone), two people saving the same
request, a session that ends while a note is typed, the idle warning, and the contact log.
axe checks each page at phone and desktop size."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from consultations.models import ConsultationNote, ConsultationRequest, ContactAttempt
from consultations.services import receive_request

from .conftest import DESKTOP, PHONE
from .test_accessibility import AXE_OPTIONS
from .test_consultation import CHANGELIST, log_in, staff_member, submitted

PASSWORD = "triage-pass-2718"


@pytest.fixture
def triage_site(site):
    """The live site; requests are stored directly (receive_request), as the public form would."""
    return site


def axe_problems(page, state):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{state}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations]


def change_path(request):
    return f"{CHANGELIST}{request.pk}/change/"


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 768}], ids=["phone", "desktop"])
def test_the_inbox_shows_open_work_urgent_first_and_works_on_a_phone(page, triage_site, django_user_model,
                                                                      viewport, console_errors):
    site = triage_site
    page.set_viewport_size(viewport)
    user = staff_member(django_user_model)
    normal, _ = receive_request(submitted(full_name="Norma Waits", email="norma@example.net"))
    urgent, _ = receive_request(submitted(full_name="Uma Urgent", email="uma@example.net",
                                          message="I keep thinking about ending my life"))
    closed, _ = receive_request(submitted(full_name="Cleo Closed", email="cleo@example.net",
                                          message="I am suicidal"))
    closed.change_status("closed", user, outcome="referred_elsewhere")

    log_in(page, site, user, PASSWORD, next_path=CHANGELIST)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)  # closed requests leave the inbox
    expect(rows.first).to_contain_text("Uma Urgent")
    expect(rows.nth(1)).to_contain_text("Norma Waits")
    # Priority and status stay on screen on a phone.
    for cell in (".field-priority_label", ".field-status_label"):
        box = rows.first.locator(cell).bounding_box()
        assert box is not None and box["x"] + box["width"] <= viewport["width"], cell
    expect(rows.first.locator(".field-priority_label")).to_have_text("Urgent")
    problems = axe_problems(page, "inbox")

    # The summary's numbers lead to their views.
    page.get_by_role("link", name=re.compile(r"^\d+ Unassigned$")).click()
    expect(page).to_have_url(re.compile(r"view=unassigned"))
    expect(rows).to_have_count(2)
    page.get_by_role("link", name=re.compile(r"^\d+ Closed$")).first.click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Cleo Closed")

    # The request page: the message first, the phone tappable.
    page.goto(site + change_path(urgent))
    expect(page.locator("h1")).to_have_text(f"Request {urgent.reference}")
    # Before axe runs: axe's own checks build test elements with inline styles, which our CSP
    # (rightly) refuses and the browser logs.
    assert console_errors == []
    problems += axe_problems(page, "request page")
    assert problems == []


def test_two_people_saving_one_request_never_undo_each_other(page, browser, triage_site, django_user_model):
    site = triage_site
    page.set_viewport_size(DESKTOP)
    casey = staff_member(django_user_model)
    robin = staff_member(django_user_model, username="robin", password="robin-pass-3141")
    request, _ = receive_request(submitted())

    log_in(page, site, casey, PASSWORD, next_path=change_path(request))
    note = page.locator("#id_notes-2-0-body")
    note.fill("Her mother says she is at work until 5.")

    other = browser.new_context(viewport=DESKTOP)
    robin_page = other.new_page()
    log_in(robin_page, site, robin, "robin-pass-3141", next_path=change_path(request))
    robin_page.locator("#id_status").select_option(label="Contacted")
    robin_page.get_by_role("button", name="Save and continue editing").click()
    expect(robin_page.locator(".messagelist")).to_contain_text("was changed successfully")
    other.close()

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".errornote, .errorlist.nonfield")).to_contain_text(
        ["Not saved: robin changed this request after you opened it"])
    expect(page.locator("#content")).to_contain_text("Status was New, now Contacted")
    expect(note).to_have_value("Her mother says she is at work until 5.")
    expect(page.locator("#id_status")).to_have_value("contacted")
    assert not ConsultationNote.objects.exists()
    assert axe_problems(page, "conflict") == []

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    request.refresh_from_db()
    assert request.status == "contacted"
    assert ConsultationNote.objects.get().body == "Her mother says she is at work until 5."
    assert list(request.status_changes.values_list("changed_by__username", flat=True)) == ["robin"]


def test_a_note_typed_as_the_session_ends_survives_signing_in_again(page, triage_site, django_user_model):
    site = triage_site
    page.set_viewport_size(PHONE)
    user = staff_member(django_user_model)
    request, _ = receive_request(submitted())
    log_in(page, site, user, PASSWORD, next_path=change_path(request))
    page.locator("#id_notes-2-0-body").fill("Called at 9:40, no answer; will try after lunch.")
    page.locator("#id_status").select_option(label="Contacted")

    Session.objects.all().delete()  # the idle timeout passes while the note is typed
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.locator(".messagelist")).to_contain_text("Sign in again to get back what you typed")
    assert axe_problems(page, "sign in again") == []
    request.refresh_from_db()
    assert request.status == "new" and not ConsultationNote.objects.exists()

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .test_consultation import type_credentials

    # A code is accepted once; the app would show the next one by the time she signs in again.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    type_credentials(page, user, PASSWORD)
    expect(page).to_have_url(site + change_path(request))
    expect(page.locator(".messagelist")).to_contain_text("It is NOT saved yet")
    expect(page.locator("#id_notes-2-0-body")).to_have_value("Called at 9:40, no answer; will try after lunch.")
    expect(page.locator("#id_status")).to_have_value("contacted")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    request.refresh_from_db()
    assert request.status == "contacted"
    assert ConsultationNote.objects.get().body.startswith("Called at 9:40")


def test_a_warning_before_idle_sign_out_keeps_the_session(page, triage_site, django_user_model, settings):
    site = triage_site
    settings.SESSION_COOKIE_AGE = 8  # the warning shows at half of it, the session ends after it
    user = staff_member(django_user_model)
    request, _ = receive_request(submitted())
    log_in(page, site, user, PASSWORD, next_path=change_path(request))
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_visible(timeout=7000)
    assert axe_problems(page, "idle warning") == []
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(5000)  # past the first deadline: the keep-alive moved it
    page.reload()
    expect(page).to_have_url(site + change_path(request))


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 768}], ids=["phone", "desktop"])
def test_the_contact_log_in_one_click_from_the_request_page(page, triage_site, django_user_model, viewport):
    site = triage_site
    page.set_viewport_size(viewport)
    user = staff_member(django_user_model)
    request, _ = receive_request(submitted())
    log_in(page, site, user, PASSWORD, next_path=change_path(request))

    page.get_by_role("button", name="Called: no answer").click()
    expect(page.locator(".messagelist")).to_contain_text("Logged: Phone call, not reached")
    log = page.locator(".inline-group", has=page.get_by_role("heading", name="Contact log"))
    expect(log).to_contain_text("Phone call")
    expect(log).to_contain_text("Not reached")
    page.get_by_role("button", name="Called: reached them").click()
    expect(log).to_contain_text("Reached them")
    assert axe_problems(page, "contact log") == []

    request.refresh_from_db()
    first = ContactAttempt.objects.order_by("made_at").first()
    assert request.first_contacted_at == first.made_at
    assert request.status == ConsultationRequest.Status.CONTACTED
    assert list(ContactAttempt.objects.values_list("method", "reached", "made_by")) == [
        ("call", False, user.pk), ("call", True, user.pk)]


def test_a_quick_action_asks_before_leaving_unsaved_typing(page, triage_site, django_user_model):
    site = triage_site
    page.set_viewport_size(DESKTOP)
    user = staff_member(django_user_model)
    request, _ = receive_request(submitted())
    log_in(page, site, user, PASSWORD, next_path=change_path(request))
    page.locator("#id_notes-2-0-body").fill("Half-written note")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Sent a text").click()
    expect(page.locator("#id_notes-2-0-body")).to_have_value("Half-written note")
    assert asked and "not saved" in asked[0]
    assert not ContactAttempt.objects.exists()
