"""Exactly-once storage, the crisis flag, spam handling and rate limits (emails: test_notices.py)."""

import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations.crisis import mentions_crisis
from consultations.models import ConsultationRequest
from consultations.services import receive_request
from tests.conftest import requires_postgresql, run_concurrently

from .conftest import FORM_URL, form_token

RECEIVED_URL = reverse("consultations:received")


# Exactly once ---------------------------------------------------------------------------------

def unsaved(valid_data):
    """The request the form would store, not yet saved."""
    from consultations.forms import ConsultationRequestForm

    form = ConsultationRequestForm(valid_data)
    assert form.is_valid(), form.errors
    return form.save(commit=False)


@requires_postgresql()
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_form_store_exactly_one_request(valid_data):
    token = uuid.uuid4()
    results, errors = run_concurrently(lambda: receive_request(unsaved(valid_data), submission_token=token))
    assert errors == []
    assert ConsultationRequest.objects.count() == 1
    assert sum(created for _request, created in results) == 1
    assert {request.reference for request, _created in results} == {ConsultationRequest.objects.get().reference}


def test_database_refuses_a_second_row_with_the_same_token(valid_data, db):
    from django.db import IntegrityError, transaction

    request, _ = receive_request(unsaved(valid_data))
    with pytest.raises(IntegrityError), transaction.atomic():
        second = unsaved(valid_data)
        second.submission_token = request.submission_token
        second.save()


@pytest.mark.parametrize("field, value", [("status", "lost"), ("priority", 9), ("outcome", "maybe"), ("email", "")])
def test_database_constraints_guard_values(valid_data, db, field, value):
    from django.db import IntegrityError, transaction

    request, _ = receive_request(unsaved(valid_data))
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationRequest.objects.filter(pk=request.pk).update(**{field: value})


def test_closed_request_needs_an_outcome(valid_data, db):
    from django.db import IntegrityError, transaction

    request, _ = receive_request(unsaved(valid_data))
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationRequest.objects.filter(pk=request.pk).update(status="closed")


def test_not_a_fit_needs_a_reason_in_the_model_and_the_database(valid_data, db):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    request, _ = receive_request(unsaved(valid_data))
    request.status, request.outcome = ConsultationRequest.Status.CLOSED, ConsultationRequest.Outcome.NOT_A_FIT
    with pytest.raises(ValidationError) as error:
        request.full_clean()
    assert "outcome_reason" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationRequest.objects.filter(pk=request.pk).update(status="closed", outcome="not_a_fit",
                                                                 closed_at=timezone.now())
    ConsultationRequest.objects.filter(pk=request.pk).update(
        status="closed", outcome="not_a_fit", outcome_reason="Needs inpatient care first", closed_at=timezone.now()
    )


# Crisis ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I have been having thoughts of suicide", "Some days I want to end my life", "I keep thinking about killing myself",
    "history of self-harm", "I don’t want to be alive anymore", "I am suicidal", "I feel like hurting myself",
    "I do not want to live", "I can't go on", "I cant go on anymore", "I want to end it", "thinking of ending it",
    "there is no point in living", "I dont want to exist", "I took too many pills last week", "I might unalive myself",
    "honestly kms", "I think about jumping off a bridge",
])
def test_crisis_language_is_recognised(text):
    assert mentions_crisis(text)


@pytest.mark.parametrize("text", [
    "My depression is heavy", "I want to end my marriage counselling", "Ketamine for PTSD", "",
    "I would like to live a fuller life",
])
def test_ordinary_messages_are_not_flagged(text):
    assert not mentions_crisis(text)


def test_crisis_message_is_urgent_and_confirmation_leads_with_crisis_help(client, valid_data):
    client.post(FORM_URL, {**valid_data, "message": "Lately I have had thoughts of suicide."})
    request = ConsultationRequest.objects.get()
    assert request.crisis_language and request.priority == ConsultationRequest.Priority.URGENT
    html = client.get(RECEIVED_URL).content.decode()
    main = html[html.index("<main"):]
    assert main.index("You do not have to wait for us") < main.index(request.reference)
    assert 'href="tel:988"' in main[: main.index(request.reference)]
    assert 'href="tel:911"' in main[: main.index(request.reference)]
    assert "commit" not in main.lower()


def test_ordinary_confirmation_does_not_show_the_crisis_lead(client, valid_data):
    client.post(FORM_URL, valid_data)
    assert "You do not have to wait for us" not in client.get(RECEIVED_URL).content.decode()


# Spam -----------------------------------------------------------------------------------------

def test_honeypot_submission_is_stored_flagged_hidden_and_sends_no_email(client, valid_data, mailoutbox,
                                                                         run_queued_jobs):
    response = client.post(FORM_URL, {**valid_data, "website": "http://spam.example"})
    assert response.status_code == 303
    request = ConsultationRequest.objects.get()
    assert request.suspected_spam and request.spam_reason == "hidden field filled in"
    assert list(ConsultationRequest.objects.for_triage()) == []
    run_queued_jobs()
    assert mailoutbox == [] and not request.notices.exists()


def test_too_fast_submission_is_flagged_as_spam(client, valid_data):
    client.post(FORM_URL, {**valid_data, "form_token": form_token(age_seconds=0.5)})
    request = ConsultationRequest.objects.get()
    assert request.suspected_spam and "after the form loaded" in request.spam_reason


def test_tampered_token_is_flagged_as_spam(client, valid_data):
    token = form_token()
    client.post(FORM_URL, {**valid_data, "form_token": token[:-3] + "abc"})
    assert ConsultationRequest.objects.get().suspected_spam


def test_normal_submission_is_not_spam(client, valid_data):
    client.post(FORM_URL, valid_data)
    assert list(ConsultationRequest.objects.for_triage()) == [ConsultationRequest.objects.get()]


# Rate limit -----------------------------------------------------------------------------------

def test_over_the_hourly_limit_a_request_is_stored_flagged_for_staff_not_refused(client, valid_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 2
    for _ in range(4):
        response = client.post(FORM_URL, {**valid_data, "form_token": form_token()})
        assert response.status_code == 303 and response["Location"] == reverse("consultations:received")
    stored = list(ConsultationRequest.objects.order_by("received_at", "pk"))
    assert len(stored) == 4
    assert [r.over_rate_limit for r in stored] == [False, False, True, True]
    assert "Many from one connection" in stored[-1].flags
    # Flagged requests are real requests: in the triage list, with their notices.
    assert set(ConsultationRequest.objects.for_triage()) == set(stored)


def test_staff_are_told_when_a_request_came_over_the_limit(client, valid_data, settings, mailoutbox,
                                                          run_queued_jobs):
    settings.CONSULTATION_RATE_LIMIT = 1
    for _ in range(2):
        client.post(FORM_URL, {**valid_data, "form_token": form_token()})
    run_queued_jobs()
    staff_notices = [m.body for m in mailoutbox if m.to == [settings.CONSULTATION_NOTIFY_EMAILS[0]]]
    assert len(staff_notices) == 2
    assert sum("many requests came from the same connection" in body for body in staff_notices) == 1


def test_past_the_daily_bound_a_kind_429_keeps_what_was_typed_and_stores_nothing(client, valid_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 2
    settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT = 1
    from practice.models import PracticeProfile

    profile = PracticeProfile.load()  # the phone number staff entered in the practice profile
    profile.phone = "(503) 555-0100"
    profile.save()
    for _ in range(3):
        assert client.post(FORM_URL, {**valid_data, "form_token": form_token()}).status_code == 303
    refused = client.post(FORM_URL, {**valid_data, "form_token": form_token()})
    assert refused.status_code == 303 and refused["Location"] == FORM_URL  # post/redirect/get
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 429
    assert "(503) 555-0100" in html and "nothing is lost" in html
    assert 'value="zoe@example.org"' in html
    assert ConsultationRequest.objects.count() == 3


def test_rate_limit_is_per_client(client, valid_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 1
    settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT = 0
    assert client.post(FORM_URL, valid_data, REMOTE_ADDR="10.0.0.1")["Location"] == reverse("consultations:received")
    refused = client.post(FORM_URL, {**valid_data, "form_token": form_token()}, REMOTE_ADDR="10.0.0.1")
    assert refused["Location"] == FORM_URL
    other = client.post(FORM_URL, {**valid_data, "form_token": form_token()}, REMOTE_ADDR="10.0.0.2")
    assert other["Location"] == reverse("consultations:received")


def test_rate_limit_groups_ipv6_by_64(client, valid_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 1
    for n in range(1, 4):
        client.post(FORM_URL, {**valid_data, "form_token": form_token()}, REMOTE_ADDR=f"2001:db8:1:2::{n}")
    client.post(FORM_URL, {**valid_data, "form_token": form_token()}, REMOTE_ADDR="2001:db8:1:3::1")
    flagged = ConsultationRequest.objects.order_by("received_at", "pk").values_list("over_rate_limit", flat=True)
    assert list(flagged) == [False, True, True, False]


def test_a_double_click_after_success_is_not_counted_against_the_limit(client, valid_data, settings):
    settings.CONSULTATION_RATE_LIMIT = 1
    assert client.post(FORM_URL, valid_data).status_code == 303
    assert client.post(FORM_URL, valid_data).status_code == 303
    assert ConsultationRequest.objects.count() == 1


@requires_postgresql()
@pytest.mark.django_db(transaction=True)
def test_rate_limit_is_shared_across_server_processes(client, valid_data, settings):
    """Another process (another gunicorn worker) uses up the limit; this one must see it."""
    settings.CONSULTATION_RATE_LIMIT = 2
    db = connection.settings_dict
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "CONSULTATION_RATE_LIMIT": "2",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    code = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from consultations.ratelimit import Decision, check_request\n"
        "request = RequestFactory().post('/', REMOTE_ADDR='127.0.0.1')\n"
        "print([check_request(request) is Decision.ACCEPT for _ in range(2)])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, check=False)
    assert result.stdout.strip() == "[True, True]", result.stderr
    assert client.post(FORM_URL, valid_data).status_code == 303
    assert ConsultationRequest.objects.get().over_rate_limit


def test_error_reports_filter_the_form_fields(rf, valid_data):
    from django.contrib.sessions.backends.db import SessionStore
    from django.views.debug import SafeExceptionReporterFilter

    from consultations.views import ConsultationRequestView

    request = rf.post(FORM_URL, valid_data)
    view = ConsultationRequestView.as_view()
    # sensitive_post_parameters marks the request when the view runs.
    request.session = SessionStore()
    assert view(request).status_code == 303
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["email"] != "zoe@example.org" and "*" in filtered["email"]
