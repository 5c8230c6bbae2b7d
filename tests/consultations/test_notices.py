"""Emails about a request: queued with it in one transaction, sent by the worker (never on the
person's request), retried until they go, at most once per recipient, and visible to staff when
they finally fail. The real-SMTP outage and hung-server proofs are in tests/reliability."""

import datetime
import logging

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from consultations.models import ConsultationRequest, Notice
from consultations.notices import queue_notices, recover_notices
from consultations.services import receive_request

from .conftest import FORM_URL, form_token

CLOSED_PORT = 9  # nothing listens on the discard port here: a refused connection


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", CLOSED_PORT, 1

    def back_up():
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    return back_up


def make_due(*notices):
    """Move the clock on to the next attempt: the notices and their waiting jobs are due now."""
    now = timezone.now()
    Notice.objects.filter(pk__in=[n.pk for n in notices] or Notice.objects.values("pk")).update(next_attempt_at=now)
    DBTaskResult.objects.filter(status="READY").update(run_after=now)


def test_a_stored_request_queues_its_notices_and_the_request_sends_none(client, valid_data, mailoutbox,
                                                                         run_queued_jobs):
    assert client.post(FORM_URL, valid_data).status_code == 303
    request = ConsultationRequest.objects.get()
    assert mailoutbox == []  # nothing is sent while the person waits
    assert sorted(request.notices.values_list("kind", "staff_recipient", "state")) == [
        ("acknowledgement", "", "pending"),
        *[("staff_notice", address, "pending") for address in settings.CONSULTATION_NOTIFY_EMAILS],
    ]
    assert DBTaskResult.objects.ready().count() == request.notices.count()
    run_queued_jobs()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([*settings.CONSULTATION_NOTIFY_EMAILS, "zoe@example.org"])
    assert set(request.notices.values_list("state", flat=True)) == {"sent"}


def test_a_rolled_back_request_leaves_no_notice_and_no_job(valid_data, db):
    from consultations.forms import ConsultationRequestForm

    form = ConsultationRequestForm(valid_data)
    assert form.is_valid()
    with pytest.raises(RuntimeError), transaction.atomic():
        receive_request(form.save(commit=False))
        raise RuntimeError("the transaction fails after the request was written")
    assert not ConsultationRequest.objects.exists()
    assert not Notice.objects.exists() and not DBTaskResult.objects.exists()


def test_each_notice_goes_once_however_often_it_is_queued_or_run(client, valid_data, mailoutbox, run_queued_jobs):
    client.post(FORM_URL, valid_data)
    client.post(FORM_URL, valid_data)  # a double click: the same form token
    request = ConsultationRequest.objects.get()
    queue_notices(request)  # queued again (as when staff clear a spam flag twice)
    for notice in request.notices.all():  # and a duplicate job for every notice
        from consultations.notices import deliver_notice

        deliver_notice.enqueue(notice.pk)
    run_queued_jobs()
    run_queued_jobs()
    recipients = [m.to[0] for m in mailoutbox]
    assert sorted(recipients) == sorted([*settings.CONSULTATION_NOTIFY_EMAILS, "zoe@example.org"])


def test_staff_email_has_reference_priority_and_link_and_nothing_personal(client, valid_data, mailoutbox,
                                                                          run_queued_jobs):
    client.post(FORM_URL, {**valid_data, "message": "Thoughts of suicide lately."})
    run_queued_jobs()
    request = ConsultationRequest.objects.get()
    staff = next(m for m in mailoutbox if m.subject.startswith("New consultation request"))
    assert staff.to == settings.CONSULTATION_NOTIFY_EMAILS[:1]
    text = staff.subject + staff.body
    assert request.reference in text and "Urgent" in text
    assert f"{settings.SITE_URL}/admin/consultations/consultationrequest/{request.pk}/change/" in staff.body
    for personal in ["Zoë", "zoe@example.org", "0142", "suicide", "depression", "California", "CA"]:
        assert personal not in text


def test_acknowledgement_has_reference_no_health_details_and_a_neutral_subject_and_sender(
        client, valid_data, mailoutbox, run_queued_jobs, settings):
    settings.PRACTICE_NAME = "Clearwater Ketamine-Assisted Therapy"
    client.post(FORM_URL, valid_data)
    run_queued_jobs()
    request = ConsultationRequest.objects.get()
    ack = next(m for m in mailoutbox if m.to == ["zoe@example.org"])
    assert request.reference in ack.subject and request.reference in ack.body
    assert "988" in ack.body and "911" in ack.body
    for detail in ["depression", "anxiety", "low mood", "ketamine treatment before", "blood pressure", "Zoë"]:
        assert detail not in ack.body
    # It may reach a stranger whose address was typed in: name no treatment before it is opened.
    for word in ["ketamine", "therapy", "psych", "treatment", "consultation", "clearwater"]:
        assert word not in ack.subject.lower() and word not in ack.from_email.lower()
        assert word not in ack.body.lower()
    assert ack.from_email == f"{settings.CONSULTATION_ACKNOWLEDGEMENT_SENDER_NAME} <{settings.DEFAULT_FROM_EMAIL}>"


def test_urgent_requests_notices_are_sent_first(client, valid_data, mailoutbox, run_queued_jobs):
    client.post(FORM_URL, {**valid_data, "email": "first@example.org"})
    client.post(FORM_URL, {**valid_data, "email": "second@example.org", "form_token": form_token(),
                           "message": "I have been thinking about ending my life."})
    run_queued_jobs()
    urgent = ConsultationRequest.objects.get(priority=ConsultationRequest.Priority.URGENT)
    first_two = [m.subject for m in mailoutbox[:2]]
    assert all(urgent.reference in subject for subject in first_two), first_two


def test_a_mail_failure_is_retried_later_and_never_loses_the_notice_or_logs_details(
        client, valid_data, mailoutbox, run_queued_jobs, mail_server_down, caplog):
    caplog.set_level(logging.DEBUG)
    assert client.post(FORM_URL, valid_data).status_code == 303
    request = ConsultationRequest.objects.get()
    before = timezone.now()
    run_queued_jobs()
    notices = list(request.notices.all())
    assert {n.state for n in notices} == {"pending"} and {n.attempts for n in notices} == {1}
    first_wait = datetime.timedelta(seconds=settings.NOTICE_FIRST_RETRY_SECONDS)
    for notice in notices:
        assert notice.next_attempt_at >= before + first_wait * 0.8
        assert notice.last_error.startswith("ConnectionRefusedError")
    run_queued_jobs()  # not due yet: no attempt
    assert set(request.notices.values_list("attempts", flat=True)) == {1}
    assert request.reference in caplog.text
    for personal in ["zoe@example.org", "Zoë", "0142", "low mood"]:
        assert personal not in caplog.text
    mail_server_down()  # the mail server is back
    make_due()
    run_queued_jobs()
    run_queued_jobs()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([*settings.CONSULTATION_NOTIFY_EMAILS, "zoe@example.org"])
    assert set(request.notices.values_list("state", flat=True)) == {"sent"}


def test_waits_between_attempts_grow_up_to_the_longest(client, valid_data, run_queued_jobs, mail_server_down):
    client.post(FORM_URL, valid_data)
    notice = Notice.objects.get(kind=Notice.Kind.ACKNOWLEDGEMENT)
    waits = []
    for _attempt in range(10):
        make_due(notice)
        started = timezone.now()
        run_queued_jobs()
        notice.refresh_from_db()
        waits.append((notice.next_attempt_at - started).total_seconds())
    assert notice.attempts == 10 and notice.state == "pending"
    assert waits[1] > waits[0] * 1.3 and waits[3] > waits[1] * 2
    assert max(waits) <= settings.NOTICE_MAX_RETRY_SECONDS * 1.2 + 1


def test_a_notice_that_fails_for_a_day_is_shown_to_staff_as_not_sent(client, valid_data, run_queued_jobs,
                                                                     mail_server_down, admin_client):
    client.post(FORM_URL, valid_data)
    request = ConsultationRequest.objects.get()
    Notice.objects.update(created_at=timezone.now() - datetime.timedelta(hours=settings.NOTICE_RETRY_HOURS, minutes=1))
    run_queued_jobs()
    assert set(request.notices.values_list("state", flat=True)) == {"failed"}
    assert Notice.objects.not_sent().count() == request.notices.count()
    inbox = admin_client.get("/admin/consultations/consultationrequest/").content.decode()
    assert "Notice not sent" in inbox
    assert "1 request with a notice not sent" in inbox
    filtered = admin_client.get("/admin/consultations/consultationrequest/?flag=notice-not-sent").content.decode()
    assert request.reference in filtered
    page = admin_client.get(f"/admin/consultations/consultationrequest/{request.pk}/change/").content.decode()
    assert "Emails about this request" in page and "Not sent" in page and "Gave up after 1 attempts" in page


def test_a_notice_interrupted_while_sending_is_never_sent_twice_and_is_shown(client, valid_data, mailoutbox,
                                                                            run_queued_jobs):
    client.post(FORM_URL, valid_data)
    ack = Notice.objects.get(kind=Notice.Kind.ACKNOWLEDGEMENT)
    # A worker claimed it and died mid-send: we cannot know whether the mail server took it.
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.NOTICE_SENDING_STALE_SECONDS + 1)
    Notice.objects.filter(pk=ack.pk).update(state="sending", claimed_at=long_ago, attempts=1)
    DBTaskResult.objects.all().delete()
    assert recover_notices() == (0, 1)
    ack.refresh_from_db()
    assert ack.state == "failed" and "may not have arrived" in ack.last_error
    run_queued_jobs()
    assert "zoe@example.org" not in [m.to[0] for m in mailoutbox]


def test_a_notice_whose_job_was_lost_is_queued_again_and_sent(client, valid_data, mailoutbox, run_queued_jobs):
    client.post(FORM_URL, valid_data)
    # The worker holding these jobs was killed: the jobs are gone, the notices still wait.
    DBTaskResult.objects.all().delete()
    lost_at = timezone.now() - datetime.timedelta(seconds=settings.NOTICE_LOST_JOB_SECONDS + 1)
    Notice.objects.update(next_attempt_at=lost_at)
    requeued, interrupted = recover_notices()
    assert requeued == Notice.objects.count() and interrupted == 0
    run_queued_jobs()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([*settings.CONSULTATION_NOTIFY_EMAILS, "zoe@example.org"])


def test_recovery_leaves_notices_alone_while_the_queue_is_busy(client, valid_data, run_queued_jobs):
    client.post(FORM_URL, valid_data)
    Notice.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(hours=1))
    assert recover_notices() == (0, 0)  # their jobs are still waiting their turn
    assert DBTaskResult.objects.ready().count() == Notice.objects.count()


def test_nothing_personal_is_logged_when_a_request_arrives_and_its_notices_go(client, valid_data, caplog,
                                                                              run_queued_jobs):
    caplog.set_level(logging.DEBUG)
    client.post(FORM_URL, {**valid_data, "email": "bad", "message": "private words"})
    client.post(FORM_URL, valid_data)
    run_queued_jobs()
    for personal in ["zoe@example.org", "Zoë", "private words", "low mood", "0142"]:
        assert personal not in caplog.text


def test_notices_held_back_as_spam_go_when_staff_clear_the_flag(client, valid_data, mailoutbox, run_queued_jobs):
    from consultations.services import clear_spam_flag

    client.post(FORM_URL, valid_data)
    request = ConsultationRequest.objects.get()
    ConsultationRequest.objects.filter(pk=request.pk).update(suspected_spam=True)
    run_queued_jobs()
    assert mailoutbox == [] and set(request.notices.values_list("state", flat=True)) == {"failed"}
    request.refresh_from_db()
    clear_spam_flag(request)
    run_queued_jobs()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([*settings.CONSULTATION_NOTIFY_EMAILS, "zoe@example.org"])


def test_an_urgent_alert_interrupted_while_sending_is_sent_again(client, valid_data, mailoutbox, run_queued_jobs):
    client.post(FORM_URL, {**valid_data, "message": "I want to kill myself"})
    alert = Notice.objects.get(kind=Notice.Kind.URGENT_ALERT)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.NOTICE_SENDING_STALE_SECONDS + 1)
    Notice.objects.filter(pk=alert.pk).update(state="sending", claimed_at=long_ago, attempts=1)
    recover_notices()
    run_queued_jobs()
    alert.refresh_from_db()
    assert alert.state == "sent"
    assert any(m.subject.startswith("URGENT") for m in mailoutbox)
