"""Emails about a consultation request, sent by the task worker, never on the person's request.

Each email is a `Notice` row (an outbox), written in the same transaction as the request, with
a job on the task queue (django-tasks, database backend) to send it. The worker claims the row
before sending, so a notice goes at most once to each recipient even if two jobs run or a
worker dies; a failure is retried with growing waits for NOTICE_RETRY_HOURS, then shown to
staff as "not sent". `recover_notices` (run by the worker every minute) re-queues notices whose
job was lost with a stopped worker.

A new kind of email is one `Notice.Kind` and one function in MESSAGES that builds it.
"""

import datetime
import logging
import random
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from practice.public import current as current_practice

from .models import Notice

logger = logging.getLogger(__name__)

# Why a notice was not sent when its request was marked spam; cleared with the flag.
# Staff read their emails in English, whichever language the person wrote in.
STAFF_LANGUAGE = "en"
CANCELLED_AS_SPAM = "Not sent: the request was marked as spam"
# The acknowledgement's default sender name and subject (settings), so the catalog translates
# them; a practice that sets its own in the environment gets them as written, in every language.
gettext_noop("Appointments")
gettext_noop("We received your message")
# Urgent requests' emails jump the queue, the on-call alert first (priorities run from -100 to 100).
URGENT_JOB_PRIORITY = 50
ALERT_JOB_PRIORITY = 100


def _job_priority(notice):
    if notice.kind == Notice.Kind.URGENT_ALERT:
        return ALERT_JOB_PRIORITY
    return URGENT_JOB_PRIORITY if notice.request.is_urgent else 0


def _queue(request, wanted):
    """Create each (kind, staff recipient) notice that does not exist yet, with its job."""
    for kind, staff_recipient in wanted:
        notice, created = Notice.objects.get_or_create(request=request, kind=kind, staff_recipient=staff_recipient)
        if created:
            deliver_notice.using(priority=_job_priority(notice)).enqueue(notice.pk)


def _urgent_alerts():
    return [(Notice.Kind.URGENT_ALERT, address) for address in settings.CONSULTATION_URGENT_ALERT_EMAILS]


def queue_urgent_alert(request):
    """A request became urgent after it arrived (staff marked it): alert the on-call list once."""
    _queue(request, _urgent_alerts())


def queue_notices(request):
    """Queue the staff notices and the acknowledgement for a stored request that is not spam.

    Call it inside the transaction that stores (or clears) the request, so the jobs commit or
    roll back with it. Calling it again queues nothing new: each notice exists once."""
    wanted = [(Notice.Kind.STAFF_NOTICE, address) for address in settings.CONSULTATION_NOTIFY_EMAILS]
    wanted.append((Notice.Kind.ACKNOWLEDGEMENT, ""))
    _queue(request, wanted + (_urgent_alerts() if request.is_urgent else []))


def queue_reply(request, template, by):
    """Staff send a reply template to the person: a notice row (recorded on the request) and a job."""
    with transaction.atomic():
        notice = Notice.objects.create(request=request, kind=Notice.Kind.REPLY, reply_template=template, sent_by=by)
        deliver_notice.using(priority=_job_priority(notice)).enqueue(notice.pk)
    return notice


def send_again(notice_ids, *, at=None, note=None, priority=0):
    """Put notices back to waiting, due `at` (now by default), each with a job to send it. `note`
    replaces what staff see as the last error (kept when None)."""
    at = at or timezone.now()
    changes = {"state": Notice.State.PENDING, "next_attempt_at": at}
    if note is not None:
        changes["last_error"] = note
    with transaction.atomic():
        Notice.objects.filter(pk__in=notice_ids).update(**changes)
        for notice_id in notice_ids:
            deliver_notice.using(priority=priority, run_after=at).enqueue(notice_id)


def release_held_back(request):
    """The request is no longer suspected spam: notices held back as spam go now."""
    held_back = request.notices.filter(state=Notice.State.FAILED, last_error=CANCELLED_AS_SPAM)
    send_again(list(held_back.values_list("pk", flat=True)), note="")


def _admin_link(request):
    return settings.SITE_URL + reverse("admin:consultations_consultationrequest_change", args=[request.pk])


def staff_notice_message(notice):
    request = notice.request
    with translation.override(STAFF_LANGUAGE):
        body = render_to_string(
            "consultations/email/staff_notification.txt", {"request_obj": request, "admin_url": _admin_link(request)}
        )
        subject = f"New consultation request {request.reference} ({request.get_priority_display().lower()} priority)"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.staff_recipient])


def urgent_alert_message(notice):
    """Separate from the ordinary notice, for the on-call list: a link, nothing personal."""
    request = notice.request
    with translation.override(STAFF_LANGUAGE):
        body = render_to_string(
            "consultations/email/urgent_alert.txt", {"request_obj": request, "admin_url": _admin_link(request)}
        )
    return EmailMessage(f"URGENT request waiting ({request.reference})", body, settings.DEFAULT_FROM_EMAIL,
                        [notice.staff_recipient])


def acknowledgement_message(notice):
    """Goes to an address nobody has confirmed: the sender, subject and text name no treatment
    (nor the practice, whose name may), in case it reaches a stranger."""
    request = notice.request
    # In the language of the form they sent (dates and times too), whatever the worker's own.
    with translation.override(request.language):
        sender_name = gettext(settings.CONSULTATION_ACKNOWLEDGEMENT_SENDER_NAME)
        body = render_to_string(
            "consultations/email/acknowledgement.txt",
            {"request_obj": request, "sender_name": sender_name, "practice_phone": current_practice().phone},
        )
        subject = f"{gettext(settings.CONSULTATION_ACKNOWLEDGEMENT_SUBJECT)} ({request.reference})"
    sender = formataddr((sender_name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    return EmailMessage(subject, body, sender, [request.email])


def reply_message(notice):
    """A reply template, filled in with the person's name and the reference only (never health details)."""
    with translation.override(notice.request.language):
        subject, body = notice.reply_template.render(notice.request)
    sender = formataddr((current_practice().name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    return EmailMessage(subject, body, sender, [notice.request.email])


MESSAGES = {
    Notice.Kind.REPLY: reply_message,
    Notice.Kind.STAFF_NOTICE: staff_notice_message,
    Notice.Kind.ACKNOWLEDGEMENT: acknowledgement_message,
    Notice.Kind.URGENT_ALERT: urgent_alert_message,
}


@task()
def deliver_notice(notice_id):
    """Send one notice if it is due and nobody else is sending it."""
    now = timezone.now()
    claimed = Notice.objects.filter(pk=notice_id, state=Notice.State.PENDING, next_attempt_at__lte=now).update(
        state=Notice.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not due"  # sent already, being sent by another job, or waiting for a later retry
    notice = Notice.objects.select_related("request", "reply_template").get(pk=notice_id)
    if notice.request.suspected_spam or notice.request.purged_at:
        Notice.objects.filter(pk=notice.pk).update(state=Notice.State.FAILED, last_error=CANCELLED_AS_SPAM)
        return "cancelled"
    try:
        MESSAGES[notice.kind](notice).send()
    except Exception as error:  # noqa: BLE001 - any failure to send is retried, never lost
        return retry_later(notice, error)
    Notice.objects.filter(pk=notice.pk).update(state=Notice.State.SENT, sent_at=timezone.now(), last_error="")
    bring_retries_forward()
    return "sent"


def retry_later(notice, error):
    """Schedule the next attempt with a growing, jittered wait; give up (and show staff) after
    NOTICE_RETRY_HOURS. Only the kind of error is kept: an SMTP reply can quote an address."""
    now = timezone.now()
    reason = type(error).__name__ + (f" {error.smtp_code}" if getattr(error, "smtp_code", None) else "")
    logger.warning("Could not send %s for %s (attempt %d): %s", notice.kind, notice.request.reference,
                   notice.attempts, reason)
    if now >= notice.created_at + datetime.timedelta(hours=settings.NOTICE_RETRY_HOURS):
        Notice.objects.filter(pk=notice.pk).update(
            state=Notice.State.FAILED, last_error=f"Gave up after {notice.attempts} attempts: {reason}"[:200]
        )
        logger.error("Gave up sending %s for %s", notice.kind, notice.request.reference)
        return "failed"
    wait = min(settings.NOTICE_FIRST_RETRY_SECONDS * 2 ** (notice.attempts - 1), settings.NOTICE_MAX_RETRY_SECONDS)
    send_again([notice.pk], at=now + datetime.timedelta(seconds=wait * random.uniform(0.8, 1.2)),
               note=reason[:200])
    return "retry"


def bring_retries_forward():
    """Mail is going again: notices waiting out a backoff are sent now, not in up to an hour."""
    waiting = Notice.objects.filter(state=Notice.State.PENDING, attempts__gt=0, next_attempt_at__gt=timezone.now())
    with transaction.atomic():
        send_again(list(waiting.select_for_update(skip_locked=True).values_list("pk", flat=True)[:500]))


def recover_notices(now=None):
    """Repair what a stopped worker left behind; return (requeued, interrupted).

    A pending notice long past due has lost its job (its worker stopped while holding it): it is
    queued again. A notice left "sending" may or may not have gone: to never send twice, it is
    marked not sent, for staff to check. The exception is the urgent alert: a second alert costs
    nothing, a missing one could cost a life, so it is sent again."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stuck = Notice.objects.filter(
        state=Notice.State.SENDING,
        claimed_at__lt=now - datetime.timedelta(seconds=settings.NOTICE_SENDING_STALE_SECONDS),
    )
    alerts = list(stuck.filter(kind=Notice.Kind.URGENT_ALERT).values_list("pk", flat=True))
    send_again(alerts, at=now, note="Sent again: the worker stopped while sending", priority=ALERT_JOB_PRIORITY)
    interrupted = stuck.update(state=Notice.State.FAILED,
                               last_error="The worker stopped while sending; it may not have arrived")
    requeued = 0
    # While jobs are still waiting their turn the worker is busy, not stuck: nothing is lost yet.
    if not DBTaskResult.objects.ready().exists():
        stale = Notice.objects.filter(
            state=Notice.State.PENDING,
            next_attempt_at__lt=now - datetime.timedelta(seconds=settings.NOTICE_LOST_JOB_SECONDS),
        ).values_list("pk", flat=True)[:1000]
        with transaction.atomic():
            for notice_id in stale:
                deliver_notice.enqueue(notice_id)
                requeued += 1
    return requeued, interrupted
