"""The weekly email to clinical reviewers, sent by the task worker."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from articles.digest import queue_weekly_digest
from articles.models import Article, ReviewDigest
from staff.roles import CLINICAL_REVIEWER


@pytest.fixture
def reviewers(django_user_model):
    group = Group.objects.get(name=CLINICAL_REVIEWER)
    users = [django_user_model.objects.create_user(name, f"{name}@example.com", "x", is_staff=True)
             for name in ("drone", "drtwo")]
    for user in users:
        user.groups.add(group)
    django_user_model.objects.create_user("triage", "triage@example.com", "x", is_staff=True)
    return users


def monday_morning(hour=9):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time(hour)))


def test_the_weekly_digest_lists_overdue_due_soon_and_waiting(reviewers, make_article, run_queued_jobs, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    make_article("Overdue piece", next_review_due=today - datetime.timedelta(days=3))
    make_article("Soon piece", next_review_due=today + datetime.timedelta(days=30))
    make_article("Far piece", next_review_due=today + datetime.timedelta(days=300))
    make_article("Waiting piece", status=Article.Status.DRAFT).submit_for_review()
    assert queue_weekly_digest(monday_morning()) is not None
    assert queue_weekly_digest(monday_morning(10)) is None  # once a week
    run_queued_jobs()
    assert sorted(message.to[0] for message in mail.outbox) == ["drone@example.com", "drtwo@example.com"]
    body = mail.outbox[0].body
    assert "Overdue piece" in body and "Soon piece" in body and "Waiting piece" in body
    assert "Far piece" not in body
    assert body.index("Review overdue") < body.index("Overdue piece") < body.index("Due within 60 days")
    assert "https://practice.example/admin/articles/article/" in body
    assert ReviewDigest.objects.get().sent_at is not None


def test_no_digest_before_monday_morning(db):
    assert queue_weekly_digest(monday_morning(hour=6)) is None
    assert not ReviewDigest.objects.exists()
