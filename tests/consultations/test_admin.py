"""Staff triage in the Django admin: the inbox, actions, notes, history, roles and access log."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations.models import AccessLogEntry, ConsultationNote, ConsultationRequest, StatusChange
from tests.conftest import login_verified

from .conftest import CHANGELIST, admin_form_data, change_url, make_request, references_in_order


def test_inbox_puts_urgent_first_then_oldest_and_hides_spam(triage, db):
    now = timezone.now()
    newer = make_request(full_name="Newer Person", received_at=now - datetime.timedelta(hours=1))
    older = make_request(full_name="Older Person", received_at=now - datetime.timedelta(days=2))
    urgent = make_request(full_name="Urgent Person", message="thoughts of suicide")
    spam = make_request(full_name="Spam Bot", spam_reason="hidden field filled in")
    html = triage.get(CHANGELIST).content.decode()
    assert references_in_order(html, [newer, older, urgent]) == [urgent.reference, older.reference, newer.reference]
    assert spam.reference not in html
    assert "Crisis language" in html and "Urgent" in html
    only_spam = triage.get(CHANGELIST, {"spam": "only"}).content.decode()
    assert spam.reference in only_spam and newer.reference not in only_spam


def test_inbox_shows_age_and_marks_overdue_requests(triage, db, settings):
    settings.CONSULTATION_FIRST_CONTACT_HOURS = 8
    stale = make_request(full_name="Waiting Long", received_at=timezone.now() - datetime.timedelta(days=10))
    fresh = make_request(full_name="Just Arrived")
    html = triage.get(CHANGELIST).content.decode()
    rows = {request.reference: html[html.index(request.reference):] for request in (stale, fresh)}
    stale_row = rows[stale.reference][: rows[stale.reference].index("</tr>")]
    fresh_row = rows[fresh.reference][: rows[fresh.reference].index("</tr>")]
    assert 'class="kap-overdue">Overdue: 40 business hours late' in stale_row and "kap-overdue" not in fresh_row
    assert 'class="kap-age">Due ' in fresh_row
    assert "1 overdue for first contact" in html
    overdue_only = triage.get(CHANGELIST, {"overdue": "yes"}).content.decode()
    assert stale.reference in overdue_only and fresh.reference not in overdue_only


def test_summary_counts_oldest_and_weekly_chart(triage, db):
    make_request(received_at=timezone.now() - datetime.timedelta(days=3))
    contacted = make_request()
    contacted.change_status("contacted", None)
    html = triage.get(CHANGELIST).content.decode()
    assert "Received, last 30 days: 2" in html
    assert '<span class="n">1</span> New' in html and '<span class="n">1</span> Contacted' in html
    assert "Oldest untriaged request: <strong>3\xa0days" in html
    assert "<svg" in html and "2 in the last 12 weeks" in html


@pytest.mark.parametrize("query", ["alex@example.org", "Rivera", "(503) 555-0142", "503.555.0142"])
def test_search_by_name_email_phone_and_reference(triage, db, query):
    wanted = make_request()
    other = make_request(full_name="Sam Other", email="sam@example.org", phone="+12065550199")
    html = triage.get(CHANGELIST, {"q": query}).content.decode()
    assert wanted.reference in html and other.reference not in html
    html = triage.get(CHANGELIST, {"q": wanted.reference}).content.decode()
    assert wanted.reference in html and other.reference not in html


@pytest.mark.parametrize("params, expected", [
    ({"flag": "crisis"}, "crisis"), ({"flag": "pregnancy"}, "pregnant"), ({"assigned": "nobody"}, "plain"),
])
def test_filters_show_only_what_they_name(triage, db, params, expected):
    made = {
        "crisis": make_request(full_name="Crisis Case", message="I want to end my life"),
        "pregnant": make_request(full_name="Pregnant Case", pregnancy="yes"),
        "texan": make_request(full_name="Texan Case", state="TX"),
        "plain": make_request(full_name="Plain Case"),
    }
    for key, request in made.items():
        if key != "plain" and params.get("assigned") == "nobody":
            request.assignee = triage.user
            request.save()
    html = triage.get(CHANGELIST, params).content.decode()
    assert made[expected].reference in html
    assert [key for key, request in made.items() if request.reference in html] == [expected]


def test_assigned_to_me_filter(triage, db):
    mine = make_request(full_name="Mine")
    make_request(full_name="Not Mine")
    mine.assignee = triage.user
    mine.save()
    html = triage.get(CHANGELIST, {"assigned": "me"}).content.decode()
    assert mine.reference in html and "Not Mine" not in html


def test_actions_assign_mark_contacted_and_close(triage, db):
    request = make_request()
    triage.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [request.pk]})
    triage.post(CHANGELIST, {"action": "mark_contacted", "_selected_action": [request.pk]})
    request.refresh_from_db()
    assert request.assignee == triage.user and request.status == "contacted" and request.first_contacted_at

    page = triage.post(CHANGELIST, {"action": "close_with_outcome", "_selected_action": [request.pk]})
    assert b"Close requests with an outcome" in page.content
    bad = triage.post(CHANGELIST, {"action": "close_with_outcome", "_selected_action": [request.pk], "apply": "1",
                                   "outcome": "not_a_fit", "outcome_reason": ""})
    assert b"Please give a short reason" in bad.content
    triage.post(CHANGELIST, {"action": "close_with_outcome", "_selected_action": [request.pk], "apply": "1",
                             "outcome": "not_a_fit", "outcome_reason": "Needs inpatient care first"})
    request.refresh_from_db()
    assert request.status == "closed" and request.outcome == "not_a_fit" and request.closed_at
    history = list(request.status_changes.values_list("from_status", "to_status"))
    assert history == [("new", "contacted"), ("contacted", "closed")]


def test_change_form_edits_triage_fields_only_and_adds_a_note(triage, db):
    request = make_request()
    page = triage.get(change_url(request))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="full_name"' not in html and 'name="email"' not in html  # submitted data is read-only
    assert "alex@example.org" in html
    response = triage.post(change_url(request), admin_form_data(
        request, status="screening_booked", assignee=triage.user.pk, full_name="Changed Name",
        **{"notes-2-0-body": "Left a voicemail at 10am."},
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    request.refresh_from_db()
    assert request.full_name == "Alex Rivera"
    assert request.status == "screening_booked" and request.assignee == triage.user
    note = ConsultationNote.objects.get()
    assert note.author == triage.user and note.body == "Left a voicemail at 10am."
    assert StatusChange.objects.get().to_status == "screening_booked"
    html = triage.get(change_url(request)).content.decode()
    assert "Left a voicemail at 10am." in html and "tess" in html


def test_closing_on_the_change_form_needs_an_outcome(triage, db):
    request = make_request()
    response = triage.post(change_url(request), admin_form_data(request, status="closed"))
    assert response.status_code == 200 and b"Choose an outcome" in response.content
    request.refresh_from_db()
    assert request.status == "new"


def test_notes_and_history_are_append_only(db):
    request = make_request()
    note = ConsultationNote.objects.create(request=request, body="first")
    note.body = "edited"
    with pytest.raises(PermissionError):
        note.save()
    request.change_status("contacted", None)
    change = StatusChange.objects.get()
    with pytest.raises(PermissionError):
        change.save()


def test_triage_staff_cannot_delete_or_export(triage, db):
    request = make_request()
    html = triage.get(CHANGELIST).content.decode()
    assert "export_csv" not in html and "delete_selected" not in html
    assert triage.get(reverse("admin:consultations_consultationrequest_delete", args=[request.pk])).status_code == 403
    response = triage.post(CHANGELIST, {"action": "export_csv", "_selected_action": [request.pk]})
    assert response.get("Content-Type", "").startswith("text/html")
    assert ConsultationRequest.objects.count() == 1
    assert triage.get(reverse("admin:consultations_accesslogentry_changelist")).status_code == 403


def test_practice_admin_exports_csv_with_formulas_neutralised(practice_admin, db):
    request = make_request(full_name="Eve =Ann", message='=HYPERLINK("http://evil.example","click")',
                           best_time="+1 call me", preferred_name="Evie")
    ConsultationRequest.objects.filter(pk=request.pk).update(full_name="=cmd|' /C calc'!A0")
    response = practice_admin.post(CHANGELIST, {"action": "export_csv", "_selected_action": [request.pk]})
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Name"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["Message"].startswith("'=HYPERLINK")
    assert rows[0]["When to reach them"] == "'+1 call me"
    assert rows[0]["Reference"] == request.reference
    assert rows[0]["Phone"] == "(503) 555-0142"  # national format: no "+", so no apostrophe
    assert AccessLogEntry.objects.filter(action="exported", request=request, user=practice_admin.user).exists()


def test_practice_admin_can_delete_and_it_is_logged(practice_admin, db):
    request = make_request()
    url = reverse("admin:consultations_consultationrequest_delete", args=[request.pk])
    assert practice_admin.post(url, {"post": "yes"}).status_code == 302
    assert not ConsultationRequest.objects.exists()
    entry = AccessLogEntry.objects.get(action="deleted")
    assert entry.request_reference == request.reference and entry.username == "pat"


def test_access_log_records_who_opened_and_changed_what(triage, practice_admin, db, django_user_model):
    request = make_request()
    login_verified(triage, django_user_model.objects.get(username="tess"))
    triage.get(change_url(request))
    triage.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [request.pk]})
    entries = list(AccessLogEntry.objects.order_by("at", "id").values_list("username", "action", "request_reference"))
    assert entries == [("tess", "viewed", request.reference), ("tess", "changed", request.reference)]
    login_verified(practice_admin, django_user_model.objects.get(username="pat"))
    html = practice_admin.get(reverse("admin:consultations_accesslogentry_changelist")).content.decode()
    assert request.reference in html and "tess" in html
    entry = AccessLogEntry.objects.first()
    change = practice_admin.post(reverse("admin:consultations_accesslogentry_change", args=[entry.pk]), {})
    assert change.status_code == 403
    delete = practice_admin.get(reverse("admin:consultations_accesslogentry_delete", args=[entry.pk]))
    assert delete.status_code == 403


def test_anonymous_and_non_staff_reach_no_request_data(client, django_user_model, db):
    request = make_request()
    for url in [CHANGELIST, change_url(request), reverse("admin:consultations_accesslogentry_changelist")]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    for url in [CHANGELIST, change_url(request)]:
        assert client.get(url).status_code == 302
    staff_without_role = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    login_verified(client, staff_without_role)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(request)).status_code == 403


# Retention ------------------------------------------------------------------------------------

def test_purge_removes_personal_data_of_old_closed_requests(db, settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    old = make_request(full_name="Old Closed", message="private story, I want to die", thoughts_of_suicide="yes")
    old.change_priority(ConsultationRequest.Priority.NORMAL, None, "Seen in person; has a safety plan with Dr. Ames")
    old.change_status("closed", None, outcome="no_response")
    ConsultationRequest.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=45))
    ConsultationNote.objects.create(request=old, body="Called twice")
    AccessLogEntry.objects.create(username="tess", request=old, request_reference=old.reference,
                                  action="changed", detail="Changed: status")
    recent = make_request(full_name="Recent Closed")
    recent.change_status("closed", None, outcome="became_client")
    still_open = make_request(full_name="Still Open", received_at=timezone.now() - datetime.timedelta(days=400))

    dry = io.StringIO()
    call_command("purge_consultations", "--dry-run", stdout=dry)
    assert old.reference in dry.getvalue() and recent.reference not in dry.getvalue()
    assert ConsultationRequest.objects.get(pk=old.pk).full_name == "Old Closed"

    call_command("purge_consultations", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.full_name == "" and old.email == "" and old.phone == "" and old.message == "" and old.help_with == []
    assert old.purged_at and old.reference and old.outcome == "no_response"
    assert not ConsultationNote.objects.filter(request=old).exists()
    assert AccessLogEntry.objects.get(request=old).detail == ""
    assert old.crisis_reason == "" and old.thoughts_of_suicide == ""
    assert list(old.priority_changes.values_list("reason", flat=True)) == [""]
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.full_name and kept.purged_at is None


def test_a_request_cleared_of_the_spam_flag_gets_its_notices_then_once(triage, db, mailoutbox, run_queued_jobs):
    request = make_request(spam_reason="sent 0.4s after the form loaded")
    run_queued_jobs()
    assert mailoutbox == [] and not request.notices.exists()
    for _ in range(2):  # saved twice: still one notice per recipient
        response = triage.post(change_url(request), admin_form_data(request, suspected_spam=""))
        assert response.status_code == 302
        request.refresh_from_db()
    assert not request.suspected_spam
    run_queued_jobs()
    assert sorted(m.to[0] for m in mailoutbox) == ["alex@example.org", "intake@example.com"]


def test_the_close_form_and_the_change_form_share_the_not_a_fit_rule(triage, db):
    request = make_request()
    response = triage.post(change_url(request), admin_form_data(request, status="closed", outcome="not_a_fit"))
    assert response.status_code == 200 and "Please give a short reason." in response.content.decode()
    response = triage.post(CHANGELIST, {"action": "close_with_outcome", "_selected_action": [request.pk],
                                        "apply": "1", "outcome": "not_a_fit", "outcome_reason": ""})
    assert "Please give a short reason." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "new"
