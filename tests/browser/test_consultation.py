"""Consultation requests in a real browser: a visitor's request from the home page (with a mistake
first), crisis help on the confirmation page, a triage staff member working the request in the
admin, and axe on every state of the form, on a phone and on a desktop."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from consultations.models import AccessLogEntry, ConsultationNote, ConsultationRequest, StatusChange
from consultations.services import receive_request
from staff import roles

from .conftest import DESKTOP, PHONE
from .test_accessibility import AXE_OPTIONS

# Crockford's base32: no I, L, O or U.
REFERENCE = re.compile(r"KAP-[0-9A-HJKMNP-TV-Z]{6}")
CHANGELIST = "/admin/consultations/consultationrequest/"
NEW_NOTE_HEADING = re.compile(r"^(Add a note|New note)$")

VISITOR = {
    "full_name": "Dana Whitfield-Ortiz",
    "preferred_name": "Dee",
    "email": "dana.whitfield@example.org",
    "best_time": "Weekday mornings before 10",
    "message": "Two antidepressants have not helped my low mood. I would like to hear about options.",
}


def fill_request(page, *, email=VISITOR["email"], message=VISITOR["message"], consent=True):
    """Fill the form in the browser as a person would; nothing is posted behind the page's back."""
    page.locator("#id_full_name").fill(VISITOR["full_name"])
    page.locator("#id_preferred_name").fill(VISITOR["preferred_name"])
    page.locator("#id_email").fill(email)
    page.get_by_role("radio", name="Email").check()
    page.locator("#id_best_time").fill(VISITOR["best_time"])
    page.get_by_label("State where you live").select_option(label="Oregon")
    page.get_by_role("radio", name="Telehealth (video)").check()
    page.get_by_role("checkbox", name="Depression").check()
    page.get_by_role("checkbox", name="PTSD or trauma").check()
    page.locator("#id_message").fill(message)
    page.get_by_label("How did you hear about us?").select_option("article")
    page.locator("#id_pregnancy_1").check()  # "No"
    page.locator("#id_prior_ketamine_2").check()  # "Not sure"
    page.get_by_role("checkbox", name="I am 18 or older.").check()
    if consent:
        page.get_by_role("checkbox", name=re.compile("I agree that the practice may contact me")).check()


def send(page):
    page.get_by_role("button", name="Send my request").click()


def test_visitor_on_a_phone_corrects_a_mistake_and_sends_a_request(page, consultation_site, mailoutbox,
                                                                   console_errors):
    site = consultation_site
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    page.locator(".hero-actions").get_by_role("link", name="Request a consultation").click()
    expect(page).to_have_url(site + "/consultation/")
    expect(page.locator("h1")).to_have_text("Request a consultation")

    fill_request(page, email="dana.whitfield at example.org", consent=False)
    send(page)

    # The error summary comes first, says what to fix, and takes focus so a screen reader reads it.
    expect(page).to_have_url(site + "/consultation/")
    expect(page).to_have_title(re.compile(r"^Please check your request: "))
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Please check 2 things below")
    expect(summary).to_contain_text("Everything you typed is still here.")
    expect(summary.get_by_role("link")).to_have_count(2)
    email_error = re.compile("^Email: That email address does not look complete")
    expect(summary.get_by_role("link", name=email_error)).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("Please agree so we can contact you"))).to_be_visible()
    expect(summary).to_be_focused()

    # Each error is also next to its field, and tied to it for assistive technology.
    email = page.locator("#id_email")
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_email_error")).to_contain_text("That email address does not look complete.")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bid_email_error\b"))
    consent = page.locator("#id_consented")
    expect(page.locator("#id_consented_error")).to_be_visible()
    expect(page.locator("#id_consented_error")).to_contain_text("Please agree so we can contact you")
    expect(consent).to_have_attribute("aria-describedby", re.compile(r"\bid_consented_error\b"))
    assert page.locator(".invalid-feedback").count() == 2, "only the two fields in error show a message"

    # Everything typed is kept, including the mistake to be corrected.
    expect(page.locator("#id_full_name")).to_have_value(VISITOR["full_name"])
    expect(page.locator("#id_preferred_name")).to_have_value(VISITOR["preferred_name"])
    expect(email).to_have_value("dana.whitfield at example.org")
    expect(page.locator("#id_best_time")).to_have_value(VISITOR["best_time"])
    expect(page.locator("#id_message")).to_have_value(VISITOR["message"])
    expect(page.locator("#id_state")).to_have_value("OR")
    expect(page.locator("#id_heard_about")).to_have_value("article")
    expect(page.get_by_role("radio", name="Email")).to_be_checked()
    expect(page.get_by_role("radio", name="Telehealth (video)")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Depression")).to_be_checked()
    expect(page.get_by_role("checkbox", name="PTSD or trauma")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Anxiety")).not_to_be_checked()
    expect(page.locator("#id_pregnancy_1")).to_be_checked()
    expect(page.locator("#id_prior_ketamine_2")).to_be_checked()
    expect(page.get_by_role("checkbox", name="I am 18 or older.")).to_be_checked()
    expect(consent).not_to_be_checked()
    assert ConsultationRequest.objects.count() == 0

    # The summary's link takes the person to the field to fix.
    summary.get_by_role("link", name=re.compile("^Email:")).click()
    expect(email).to_be_focused()
    email.fill(VISITOR["email"])
    consent.check()
    send(page)

    expect(page).to_have_url(site + "/consultation/received/")
    expect(page.locator("h1")).to_have_text("Thank you. Your request was received.")
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    html = page.content()
    for personal in [VISITOR["full_name"], "Dana", VISITOR["email"], "Whitfield", VISITOR["best_time"],
                     "antidepressants"]:
        assert personal not in html, f"{personal!r} is on the confirmation page"
    assert "dana" not in page.url.lower() and "@" not in page.url and reference not in page.url

    request = ConsultationRequest.objects.get()
    assert request.reference == reference
    assert request.full_name == VISITOR["full_name"] and request.preferred_name == VISITOR["preferred_name"]
    assert request.email == VISITOR["email"]
    assert request.best_time == VISITOR["best_time"]
    assert request.message == VISITOR["message"]
    assert request.contact_method == "email" and request.phone == ""
    assert request.state == "OR" and not request.outside_licensed_states
    assert request.visit_preference == "telehealth"
    assert request.help_with == ["depression", "ptsd"]
    assert request.heard_about == "article"
    assert request.pregnancy == "no" and request.prior_ketamine == "unsure" and request.heart_condition == ""
    assert request.is_adult and request.consented
    assert not request.suspected_spam and request.spam_reason == ""
    assert not request.crisis_language and request.priority == ConsultationRequest.Priority.NORMAL
    assert request.status == ConsultationRequest.Status.NEW

    # A staff notice and the person's acknowledgement, both by reference only, sent by the worker.
    assert mailoutbox == []
    call_command("run_worker", "--batch")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["intake@example.com", VISITOR["email"]])
    for message in mailoutbox:
        assert reference in message.subject and reference in message.body
        assert "antidepressants" not in message.body and "Whitfield" not in message.body
    assert console_errors == []


def test_crisis_language_puts_crisis_help_first_on_the_confirmation(page, consultation_site):
    site = consultation_site
    page.set_viewport_size(PHONE)
    page.goto(site + "/consultation/")
    fill_request(page, message="I have had thoughts of suicide")
    send(page)

    expect(page).to_have_url(site + "/consultation/received/")
    heading = page.get_by_role("heading", name="You do not have to wait for us", level=1)
    expect(heading).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    call = page.locator("main").get_by_role("link", name="Call 988")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:988")
    expect(page.locator("main a[href='sms:988']")).to_be_visible()
    expect(page.locator("main a[href='tel:911']")).to_be_visible()

    reference = page.locator(".reference")
    expect(reference).to_have_text(REFERENCE)
    text = page.locator("main").inner_text()
    assert text.index("You do not have to wait for us") < text.index("Call 988") < text.index(
        reference.inner_text()), "crisis help must come before the reference"
    # Crisis help is above the fold on a phone, without scrolling.
    assert heading.bounding_box()["y"] < PHONE["height"]
    assert call.bounding_box()["y"] + call.bounding_box()["height"] <= PHONE["height"]

    request = ConsultationRequest.objects.get()
    assert request.reference == reference.inner_text()
    assert request.crisis_language and request.priority == ConsultationRequest.Priority.URGENT
    assert not request.suspected_spam


def test_errors_for_checkboxes_and_choices_sit_below_them_on_a_phone(page, consultation_site):
    page.set_viewport_size(PHONE)
    page.goto(consultation_site + "/consultation/")
    send(page)
    expect(page.get_by_role("alert")).to_be_visible()
    placements = page.locator(".form-check:has(> .invalid-feedback)").evaluate_all(
        """checks => checks.map(check => {
            const label = check.querySelector('label').getBoundingClientRect();
            const error = check.querySelector('.invalid-feedback').getBoundingClientRect();
            return {field: check.querySelector('input').name, below: error.top >= label.bottom - 1,
                    width: Math.round(error.width)};
        })"""
    )
    assert {p["field"] for p in placements} >= {"contact_method", "visit_preference", "help_with", "is_adult",
                                                 "consented"}
    assert [p for p in placements if not p["below"]] == []


def triage_staff_group():
    """The "Triage staff" role (staff/roles.py). A transactional test that ran earlier flushes
    the auth tables, so recreate the role from the same list when it is gone."""
    group, created = Group.objects.get_or_create(name=roles.TRIAGE_STAFF)
    if created:
        for app_label, codename in roles.TRIAGE_PERMISSIONS:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    assert group.permissions.count() == len(roles.TRIAGE_PERMISSIONS)
    return group


def staff_member(django_user_model, username="casey", password="triage-pass-2718"):
    """A triage staff member with an authenticator app, as `enrol_totp` would set one up."""
    user = django_user_model.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(triage_staff_group())
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def type_credentials(page, user, password):
    """Username, password and the code from the authenticator app, with the keyboard only."""
    page.get_by_label("Username").click()
    page.keyboard.type(user.get_username())
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Tab")
    expect(page.locator("#id_otp_token")).to_be_focused()
    page.keyboard.type(current_code(TOTPDevice.objects.get(user=user)))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def log_in(page, site, user, password, next_path="/admin/"):
    page.goto(f"{site}/admin/login/?next={next_path}")
    type_credentials(page, user, password)
    expect(page).to_have_url(site + next_path)


def current_code(device):
    """What the staff member's authenticator app shows right now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def submitted(**values):
    data = {
        "full_name": "Sam Okafor", "email": "sam.okafor@example.net", "contact_method": "email", "state": "WA",
        "visit_preference": "either", "help_with": ["anxiety"], "message": "Panic attacks most days.",
        "is_adult": True, "consented": True,
    }
    return ConsultationRequest(**{**data, **values})


def test_triage_staff_assign_note_and_close_a_request(page, consultation_site, django_user_model, console_errors):
    site = consultation_site
    page.set_viewport_size(DESKTOP)
    user = staff_member(django_user_model)
    request, _ = receive_request(submitted())
    other, _ = receive_request(submitted(full_name="Robin Lee", email="robin@example.com"))

    log_in(page, site, user, "triage-pass-2718", next_path=CHANGELIST)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)

    # Find the request by its reference.
    page.locator("#searchbar").fill(request.reference)
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(request.reference)
    expect(rows.first).to_contain_text("Sam Okafor")

    # Triage staff may not export or delete.
    actions = page.locator("select[name=action] option").all_inner_texts()
    assert "Assign to me" in actions and "Close with an outcome…" in actions
    assert "Export selected to CSV" not in actions
    assert not any(a.startswith("Delete") for a in actions)

    rows.first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Assign to me")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("Assigned 1 request(s) to you.")
    expect(rows.first).to_contain_text("casey")

    # Open it, and add a note.
    rows.first.get_by_role("link", name=request.reference).click()
    expect(page).to_have_url(re.compile(rf"{CHANGELIST}{request.pk}/change/"))
    expect(page.get_by_role("link", name="Delete")).to_have_count(0)
    expect(page.locator("a.deletelink")).to_have_count(0)
    # The inline is declared as "Add a note"; Django titles a one-form inline with its singular name.
    add_note = page.locator(".inline-group", has=page.get_by_role("heading", name=NEW_NOTE_HEADING)).locator(
        ".inline-related:not(.empty-form) textarea")
    add_note.fill("Left a voicemail; will try again Thursday morning.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    notes = page.locator(".inline-group", has=page.get_by_role("heading", name="Notes", exact=True))
    expect(notes).to_contain_text("Left a voicemail; will try again Thursday morning.")
    expect(notes).to_contain_text("casey")
    expect(add_note).to_have_value("")

    # Close it with an outcome through the action's own page; "not a fit" needs a reason.
    page.goto(site + CHANGELIST + "?q=" + request.reference)
    rows.first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Close with an outcome…")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("h1")).to_have_text("Close requests with an outcome")
    expect(page.locator("#content")).to_contain_text(request.reference)
    page.get_by_label("Outcome").select_option(label="Not a fit")
    page.get_by_role("button", name="Close requests").click()
    expect(page.locator("#content")).to_contain_text("Please give a short reason.")
    page.get_by_label("Reason").fill("Wants in-person sessions only; referred to a clinic near home.")
    page.get_by_role("button", name="Close requests").click()
    expect(page).to_have_url(re.compile(re.escape(CHANGELIST)))
    expect(page.locator(".messagelist")).to_contain_text("Closed 1 request(s).")
    expect(rows.first).to_contain_text("Closed")

    # The change page shows who closed it.
    rows.first.get_by_role("link", name=request.reference).click()
    history = page.locator(".inline-group", has=page.get_by_role("heading", name="Status history"))
    expect(history).to_contain_text("Closed")
    expect(history).to_contain_text("casey")

    request.refresh_from_db()
    assert request.status == ConsultationRequest.Status.CLOSED
    assert request.outcome == ConsultationRequest.Outcome.NOT_A_FIT
    assert request.outcome_reason.startswith("Wants in-person sessions only")
    assert request.assignee == user
    assert request.closed_at is not None and request.first_contacted_at is not None

    note = ConsultationNote.objects.get()
    assert note.request == request and note.author == user
    assert note.body == "Left a voicemail; will try again Thursday morning."

    change = StatusChange.objects.get()
    assert (change.request, change.from_status, change.to_status) == (request, "new", "closed")
    assert change.changed_by == user and change.outcome == "not_a_fit"

    log = AccessLogEntry.objects.filter(request_reference=request.reference)
    assert set(log.values_list("username", flat=True)) == {"casey"}
    assert log.filter(action="viewed").count() == 3  # opened, reloaded after the note, reopened
    assert sorted(log.filter(action="changed").values_list("detail", flat=True)) == [
        "Added a note", "Changed: Assigned to", "Changed: Status, Outcome",
    ]
    assert not AccessLogEntry.objects.filter(request_reference=other.reference).exists()
    other.refresh_from_db()
    assert other.assignee is None and other.status == ConsultationRequest.Status.NEW
    assert console_errors == []


def test_staff_member_logs_in_with_password_and_code_in_one_go(page, consultation_site, django_user_model):
    site = consultation_site
    user = staff_member(django_user_model)
    page.goto(site + "/admin/login/?next=" + CHANGELIST)
    type_credentials(page, user, "triage-pass-2718")
    errors = page.locator(".errornote").all_inner_texts()
    assert errors == [] and page.url == site + CHANGELIST, errors


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_consultation_pages_have_no_axe_violations(page, consultation_site, viewport):
    site = consultation_site
    page.set_viewport_size(viewport)
    axe = Axe()
    problems = []

    def check(state):
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        problems.extend(f"{state}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations)

    page.goto(site + "/consultation/")
    check("empty form")

    send(page)  # nothing filled in: every required field in error, radios and checkboxes included
    expect(page.get_by_role("alert")).to_be_visible()
    check("form with every required field missing")

    fill_request(page)
    send(page)
    expect(page.locator(".reference")).to_have_text(REFERENCE)
    check("confirmation")

    page.goto(site + "/consultation/")
    fill_request(page, message="Some days I think about ending my life.")
    send(page)
    expect(page.get_by_role("heading", name="You do not have to wait for us")).to_be_visible()
    check("confirmation with crisis help")

    assert problems == []
