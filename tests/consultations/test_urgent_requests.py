"""Urgent requests: the crisis question on the form, what the person is told, and what staff
see first (order, banner, alert, their own first-contact target, a logged priority change)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse

from consultations.business_hours import next_opening
from consultations.models import ConsultationRequest, Notice, PriorityChange

from .conftest import CHANGELIST, FORM_URL, admin_form_data, change_url, form_token, make_request, references_in_order

RECEIVED_URL = reverse("consultations:received")
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


def at(*args):
    return datetime.datetime(*args, tzinfo=PACIFIC)


# The question on the form -------------------------------------------------------------------

def test_the_form_asks_the_question_with_help_right_after_it(client):
    html = client.get(FORM_URL).content.decode()
    question = html.index("Are you having thoughts of ending your life?")
    help_box = html.index('class="crisis-answer-help')
    assert question < help_box < html.index("How did you hear about us?")
    box = html[help_box:html.index("</section>", help_box)]
    assert 'href="tel:988"' in box and 'href="sms:988"' in box and 'href="tel:911"' in box
    assert reverse("page", kwargs={"slug": "crisis"}) in box
    assert 'aria-live="polite"' in html[help_box - 200:help_box + 100]
    assert "is-shown" not in box  # shown by the stylesheet once "Yes" is chosen


def test_the_help_stays_shown_when_a_yes_comes_back_with_an_error(client, valid_data):
    response = client.post(FORM_URL, {**valid_data, "email": "", "thoughts_of_suicide": "yes"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="crisis-answer-help is-shown"' in html
    assert 'value="yes"' in html and "checked" in html[html.index('value="yes"') - 120:html.index('value="yes"') + 60]


def test_the_stylesheet_shows_the_help_when_yes_is_chosen_without_script():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ":has(" in css and "thoughts_of_suicide" in css and "crisis-answer-help-body" in css


def test_yes_makes_the_request_urgent_with_the_reason_and_leads_the_confirmation_with_help(client, valid_data):
    client.post(FORM_URL, {**valid_data, "thoughts_of_suicide": "yes"})
    request = ConsultationRequest.objects.get()
    assert request.priority == ConsultationRequest.Priority.URGENT and request.thoughts_of_suicide == "yes"
    assert "answered yes" in request.crisis_reason
    main = client.get(RECEIVED_URL).content.decode()
    main = main[main.index("<main"):]
    assert main.index("You do not have to wait for us") < main.index(request.reference)
    assert "When will someone read your request?" in main


@pytest.mark.parametrize("answer", ["no", ""])
def test_no_or_no_answer_leaves_an_ordinary_request_ordinary(client, valid_data, answer):
    client.post(FORM_URL, {**valid_data, "thoughts_of_suicide": answer})
    request = ConsultationRequest.objects.get()
    assert request.priority == ConsultationRequest.Priority.NORMAL and request.crisis_reason == ""


def test_crisis_words_record_what_matched(client, valid_data):
    client.post(FORM_URL, {**valid_data, "message": "Lately I feel everyone would be better off without me."})
    request = ConsultationRequest.objects.get()
    assert request.is_urgent and 'matched: "better off without me"' in request.crisis_reason


# When someone will read it ---------------------------------------------------------------------

@pytest.mark.parametrize("sent, opens, open_now", [
    (at(2026, 11, 25, 10, 30), at(2026, 11, 25, 10, 30), True),   # a Wednesday morning
    (at(2026, 11, 25, 18, 0), at(2026, 11, 27, 9, 0), False),     # Wednesday evening; Thursday is Thanksgiving
    (at(2026, 11, 28, 23, 0), at(2026, 11, 30, 9, 0), False),     # Saturday night
    (at(2026, 11, 30, 7, 45), at(2026, 11, 30, 9, 0), False),     # Monday before opening
    (at(2026, 12, 24, 17, 30), at(2026, 12, 28, 9, 0), False),    # Christmas Eve evening: Friday is Christmas
])
def test_the_next_time_someone_reads_a_request(sent, opens, open_now):
    assert next_opening(sent) == (opens, open_now)


def test_an_urgent_confirmation_out_of_hours_names_the_day_and_time(client, valid_data, monkeypatch):
    from consultations import views

    monkeypatch.setattr(views, "next_opening", lambda: (at(2026, 11, 30, 9, 0), False))
    client.post(FORM_URL, {**valid_data, "message": "I keep thinking about killing myself."})
    html = client.get(RECEIVED_URL).content.decode()
    assert "The office is closed now" in html and "Monday, November 30 at 9:00 AM" in html
    assert "Monday to Friday, 9 am to 5 pm (Pacific time), except public holidays" in html


# Staff ------------------------------------------------------------------------------------------

def test_an_urgent_request_has_a_one_business_hour_target(db, settings):
    settings.CONSULTATION_URGENT_FIRST_CONTACT_HOURS = 1
    now = at(2026, 11, 25, 12, 0)
    urgent = make_request(message="I want to die", received_at=now - datetime.timedelta(hours=2))
    normal = make_request(received_at=now - datetime.timedelta(hours=2))
    assert list(ConsultationRequest.objects.overdue(now=now)) == [urgent]
    assert normal not in ConsultationRequest.objects.overdue(now=now)


def test_urgent_requests_stay_first_until_someone_acts(triage, db):
    older = make_request(full_name="Older Normal", received_at=at(2026, 11, 20, 9, 0))
    urgent = make_request(full_name="Newer Urgent", message="I have been cutting again")
    acted = make_request(full_name="Urgent Contacted", message="I tried to overdose in March",
                         received_at=at(2026, 11, 19, 9, 0))
    acted.change_status("contacted", triage.user)
    closed = make_request(full_name="Closed Urgent", message="I am suicidal", received_at=at(2026, 11, 18, 9, 0))
    closed.change_status("closed", triage.user, outcome="referred_elsewhere")
    html = triage.get(CHANGELIST, {"spam": "all", "view": "all"}).content.decode()
    assert references_in_order(html, [older, urgent, acted, closed]) == [
        urgent.reference, acted.reference, older.reference, closed.reference
    ]
    row = html[html.index(urgent.reference):]
    row = row[:row.index("</tr>")]
    assert 'class="kap-crisis-tag"' in row and "kap-flag" not in row.split("kap-crisis-tag")[0]


def test_an_urgent_request_shows_a_banner_with_the_reason(triage, db):
    request = make_request(message="Honestly I'd be better off dead.")
    html = triage.get(change_url(request)).content.decode()
    banner = html[html.index('class="kap-crisis-banner"'):]
    assert 'role="alert"' in html[html.index('class="kap-crisis-banner"') - 5:][:80]
    assert "Contact them first" in banner and 'better off dead' in banner[:600]
    ordinary = make_request(full_name="Plain Person")
    assert "kap-crisis-banner" not in triage.get(change_url(ordinary)).content.decode()


def test_an_urgent_request_alerts_the_on_call_list_with_no_personal_details(db, settings, mailoutbox,
                                                                            run_queued_jobs):
    settings.CONSULTATION_URGENT_ALERT_EMAILS = ["oncall@practice.example", "lead@practice.example"]
    request = make_request(full_name="Robin Vale", message="I took too many pills last night")
    run_queued_jobs()
    alerts = [m for m in mailoutbox if m.to[0] in settings.CONSULTATION_URGENT_ALERT_EMAILS]
    assert sorted(m.to[0] for m in alerts) == sorted(settings.CONSULTATION_URGENT_ALERT_EMAILS)
    for alert in alerts:
        text = alert.subject + alert.body
        assert "urgent" in text.lower() and request.reference in text
        assert f"{settings.SITE_URL}/admin/consultations/consultationrequest/{request.pk}/change/" in alert.body
        for personal in ["Robin", "Vale", "alex@example.org", "pills", "0142", "California"]:
            assert personal not in text
    # Sent first: the alerts go before the ordinary notices.
    assert {m.to[0] for m in mailoutbox[:2]} == set(settings.CONSULTATION_URGENT_ALERT_EMAILS)
    make_request(full_name="Ordinary Person")
    run_queued_jobs()
    assert Notice.objects.filter(kind=Notice.Kind.URGENT_ALERT).count() == 2


def test_staff_mark_a_request_urgent_or_not_with_a_reason_that_is_kept(triage, db, mailoutbox, run_queued_jobs):
    request = make_request()
    response = triage.post(change_url(request), admin_form_data(request, priority=1))
    assert response.status_code == 200 and "Please say why the priority changed." in response.content.decode()
    response = triage.post(change_url(request), admin_form_data(
        request, priority=1, priority_reason="Said on the phone she has a plan"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.is_urgent
    change = PriorityChange.objects.get()
    assert (change.from_priority, change.to_priority, change.changed_by) == (2, 1, triage.user)
    assert change.reason == "Said on the phone she has a plan"
    run_queued_jobs()
    assert any("URGENT" in m.subject for m in mailoutbox)
    response = triage.post(change_url(request), admin_form_data(
        request, priority=2, priority_reason="Safety plan in place; seen by Dr. Ames today"))
    assert response.status_code == 302
    assert PriorityChange.objects.count() == 2
    assert "Safety plan in place" in triage.get(change_url(request)).content.decode()


def test_a_second_form_with_crisis_words_is_urgent_too(client, valid_data):
    client.post(FORM_URL, valid_data)
    client.post(FORM_URL, {**valid_data, "form_token": form_token(), "best_time": "whenever, i wanna die anyway"})
    assert ConsultationRequest.objects.filter(priority=ConsultationRequest.Priority.URGENT).count() == 1


def test_an_urgent_request_that_looks_automated_still_reaches_staff(client, valid_data, mailoutbox, run_queued_jobs):
    client.post(FORM_URL, {**valid_data, "form_token": form_token(age_seconds=0.2),
                           "message": "I have a plan to end my life this weekend."})
    request = ConsultationRequest.objects.get()
    assert request.is_urgent and not request.suspected_spam
    assert request.spam_reason.startswith("looked automated, kept because urgent")
    assert request in ConsultationRequest.objects.for_triage()
    run_queued_jobs()
    assert any(m.subject.startswith("URGENT") for m in mailoutbox)


def test_help_shows_again_when_a_form_with_errors_says_they_are_at_risk(client, valid_data):
    html = client.post(FORM_URL, {**valid_data, "email": "", "message": "honestly i want to die"},
                       follow=True).content.decode()
    assert 'class="crisis-answer-help is-shown"' in html
    html = client.post(FORM_URL, {**valid_data, "email": "", "message": "Weekday mornings are best"},
                       follow=True).content.decode()
    assert 'class="crisis-answer-help"' in html and "is-shown" not in html


def test_an_urgent_confirmation_in_office_hours_gives_the_time_they_will_be_called(client, valid_data, monkeypatch):
    from consultations import views

    # 4:45 pm on a Wednesday: one business hour runs into Thursday morning.
    monkeypatch.setattr(views, "next_opening", lambda: (at(2026, 12, 2, 16, 45), True))
    client.post(FORM_URL, {**valid_data, "thoughts_of_suicide": "yes"})
    html = client.get(RECEIVED_URL).content.decode()
    assert "The office is open now. We aim to contact you by 9:45 AM on Thursday, December 3." in html
    assert "reads your request first" in html and "We will also send you a confirmation email" in html


def test_the_rate_limit_never_turns_away_someone_at_risk(client, valid_data, settings, mailoutbox, run_queued_jobs):
    settings.CONSULTATION_RATE_LIMIT = 2
    settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT = 0
    for _ in range(2):
        assert client.post(FORM_URL, {**valid_data, "form_token": form_token()}).status_code == 303
    ordinary = client.post(FORM_URL, {**valid_data, "form_token": form_token()}, follow=True)
    assert ordinary.status_code == 429
    at_risk = client.post(FORM_URL, {**valid_data, "form_token": form_token(),
                                     "message": "I want to kill myself tonight, I have the pills ready."})
    answered_yes = client.post(FORM_URL, {**valid_data, "form_token": form_token(), "thoughts_of_suicide": "yes"})
    assert at_risk.status_code == answered_yes.status_code == 303
    assert ConsultationRequest.objects.filter(priority=ConsultationRequest.Priority.URGENT).count() == 2
    run_queued_jobs()
    assert sum(m.subject.startswith("URGENT") for m in mailoutbox) == 2 * len(settings.CONSULTATION_URGENT_ALERT_EMAILS)


def test_a_flood_of_urgent_looking_requests_is_still_bounded(client, valid_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 1
    settings.CONSULTATION_URGENT_DAILY_LIMIT = 3
    urgent = {**valid_data, "message": "i want to die"}
    statuses = [client.post(FORM_URL, {**urgent, "form_token": form_token()}, follow=True).status_code
                for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert ConsultationRequest.objects.count() == 3
