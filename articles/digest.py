"""The weekly email to clinical reviewers: what is waiting for their review, what is overdue,
and what falls due within 60 days. The worker calls `queue_weekly_digest` every few minutes
(consultations/management/commands/run_worker.py); it queues one digest a week, from Monday
at DIGEST_HOUR practice time, as a job on the task queue (django-tasks)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from staff.roles import CLINICAL_REVIEWER

from .models import Article, Page, ReviewDigest

DIGEST_HOUR = 8
DUE_SOON_DAYS = 60


def week_of(now):
    local = timezone.localtime(now)
    return local.date() - datetime.timedelta(days=local.weekday())


def queue_weekly_digest(now=None):
    """Queue this week's digest if it is time and it is not queued yet. Returns the row or None."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.weekday() == 0 and local.hour < DIGEST_HOUR:
        return None
    monday = week_of(now)
    if ReviewDigest.objects.filter(week_of=monday).exists():
        return None
    try:
        with transaction.atomic():
            digest = ReviewDigest.objects.create(week_of=monday)
            send_review_digest.enqueue(digest.pk)
    except IntegrityError:
        return None  # another worker queued it a moment ago
    return digest


def due_items(today=None):
    """What reviewers should look at, as (heading, [(label, title, due date, admin url)])."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    outdated = "Translation out of date (the English original changed since)"
    sections = {"Waiting for your review": [], "Review overdue": [], f"Due within {DUE_SOON_DAYS} days": [],
                outdated: []}
    for model, kind in [(Article, "Article"), (Page, "Page")]:
        fields = ("pk", "draft_title", "next_review_due", "workflow_state", "status", "language")
        admin_name = f"admin:articles_{model._meta.model_name}_change"

        def row(item, kind=kind, admin_name=admin_name):
            label = kind if item.language == settings.LANGUAGE_CODE else f"{kind} ({item.get_language_display()})"
            return (label, item.draft_title, item.next_review_due, reverse(admin_name, args=[item.pk]))

        for item in model.objects.awaiting_review().only(*fields):
            sections["Waiting for your review"].append(row(item))
        for item in model.objects.review_overdue().exclude(workflow_state="in_review").only(*fields):
            sections["Review overdue"].append(row(item))
        for item in (model.objects.filter(status="published", next_review_due__range=(today, soon))
                     .exclude(workflow_state="in_review").only(*fields)):
            sections[f"Due within {DUE_SOON_DAYS} days"].append(row(item))
        translations = model.objects.filter(translation_of__isnull=False).exclude(
            translated_from_hash=F("translation_of__published_hash")
        )
        for item in translations.only(*fields):
            sections[outdated].append(row(item))
    return [(heading, sorted(rows, key=lambda row: (row[2] or today, row[1]))) for heading, rows in sections.items()]


def reviewer_addresses():
    users = get_user_model().objects.filter(is_active=True, groups__name=CLINICAL_REVIEWER).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


@task()
def send_review_digest(digest_id):
    """Send a week's digest once (claimed by setting sent_at first)."""
    claimed = ReviewDigest.objects.filter(pk=digest_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return "already sent"
    sections = [(heading, rows) for heading, rows in due_items() if rows]
    recipients = reviewer_addresses()
    count = sum(len(rows) for _heading, rows in sections)
    ReviewDigest.objects.filter(pk=digest_id).update(recipients=len(recipients), items=count)
    if not sections or not recipients:
        return "nothing to send"
    body = render_to_string("articles/email/review_digest.txt", {"sections": sections, "site_url": settings.SITE_URL})
    # One message per reviewer, so no reviewer sees the others' addresses.
    for address in recipients:
        EmailMessage(f"Clinical review: {count} item{'s' if count != 1 else ''} this week", body,
                     settings.DEFAULT_FROM_EMAIL, [address]).send()
    return "sent"
