"""Clinical review at the model level: the database and the model refuse what the admin hides."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Page, Workflow
from kap_site.page_cache import bump_content_version
from practice.models import Clinician
from staff.roles import CLINICAL_REVIEWER, CONTENT_EDITOR


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("drkim", "kim@example.com", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWER))
    Clinician.objects.create(user=user, name="Sam Kim", credentials="DO")
    return user


@pytest.fixture
def second_reviewer(django_user_model):
    user = django_user_model.objects.create_user("drpark", "park@example.com", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWER))
    Clinician.objects.create(user=user, name="Jo Park", credentials="MD")
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("writer", "w@example.com", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITOR))
    return user


@pytest.fixture
def draft(make_article):
    return make_article("A draft", status=Article.Status.DRAFT)


def test_a_draft_cannot_be_made_public_without_approval(draft):
    draft.status = Article.Status.PUBLISHED
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()
    with pytest.raises(ValidationError, match="Only approved text"):
        Article.objects.get(pk=draft.pk).publish()


def test_the_live_text_cannot_change_without_approval(make_article):
    article = make_article("Live")
    article.body = "## Changed\n\nBehind the reviewer's back."
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_approval_needs_the_reviewer_role_and_a_clinician_profile(draft, editor, django_user_model):
    draft.submit_for_review(editor)
    with pytest.raises(ValidationError, match="Only a clinical reviewer"):
        draft.approve(editor)
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    with pytest.raises(ValidationError, match="Only a clinical reviewer"):
        draft.approve(superuser)
    no_profile = django_user_model.objects.create_user("drnone", "n@example.com", "x", is_staff=True)
    no_profile.groups.add(Group.objects.get(name=CLINICAL_REVIEWER))
    with pytest.raises(ValidationError, match="not linked to a clinician profile"):
        draft.approve(no_profile)


def test_no_one_approves_their_own_edit(draft, reviewer, second_reviewer):
    draft.draft_body = "## Edited\n\nThe reviewer wrote this."
    draft.record_edit(reviewer)
    draft.save()
    draft.submit_for_review(reviewer)
    with pytest.raises(ValidationError, match="another clinical reviewer"):
        draft.approve(reviewer)
    draft.approve(second_reviewer)
    assert draft.approved_by == second_reviewer and draft.approved_clinician.name == "Jo Park"
    # And the database refuses a row that says otherwise.
    draft.last_edited_by = second_reviewer
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=draft.pk).update(last_edited_by=second_reviewer)


def test_publishing_records_reviewer_and_dates(draft, editor, reviewer):
    draft.submit_for_review(editor)
    draft.approve(reviewer)
    draft.publish(editor)
    draft.refresh_from_db()
    assert draft.is_public and draft.reviewed_by.name == "Sam Kim"
    assert draft.last_reviewed == timezone.localdate()
    assert draft.next_review_due == timezone.localdate() + datetime.timedelta(days=365)
    assert draft.approved_at is not None


def test_a_change_to_published_text_goes_back_to_review_and_the_approved_text_stays_live(
    make_article, editor, reviewer
):
    article = make_article("Published", body="## Approved\n\nApproved words.")
    article.draft_body = "## Changed\n\nNew words."
    article.record_edit(editor)
    article.save()
    article.refresh_from_db()
    assert article.workflow_state == Workflow.IN_REVIEW and article.approved_hash == ""
    assert article.is_public and "Approved words." in article.body_html
    assert list(Article.objects.published()) == [article]
    article.approve(reviewer)
    article.publish(editor)
    assert "New words." in article.body_html and article.reviewed_by.name == "Sam Kim"


def test_a_scheduled_publication(draft, editor, reviewer):
    draft.submit_for_review(editor)
    draft.approve(reviewer)
    draft.publish(editor, at=timezone.now() + datetime.timedelta(days=2))
    assert draft.is_scheduled and not Article.objects.published().filter(pk=draft.pk).exists()


def test_pages_follow_the_same_workflow(db, editor, reviewer):
    page = Page.objects.create(title="Crisis resources", slug="crisis", summary="Help now.",
                               body="## Call 988\n\nCall or text 988.")
    assert page.review_every_days == 90  # the crisis page's numbers are checked every 90 days
    assert not Page.objects.published().exists()
    page.submit_for_review(editor)
    page.approve(reviewer)
    page.publish(editor)
    assert page.next_review_due == timezone.localdate() + datetime.timedelta(days=90)
    page.status = "draft"
    page.save()
    page.title = "Sneaky"
    page.status = "published"
    with pytest.raises(IntegrityError), transaction.atomic():
        page.save()


def test_an_overdue_article_says_a_review_is_in_progress(client, make_article):
    article = make_article("Stale", next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Our clinical team is reviewing this article" in html
    fresh = make_article("Fresh")
    assert "reviewing this article" not in client.get(fresh.get_absolute_url()).content.decode()


def test_an_overdue_page_says_a_review_is_in_progress(client, db, django_capture_on_commit_callbacks):
    page = Page.objects.create(title="FAQ", slug="faq", summary="Answers.", body="## Cost\n\nWe say first.")
    page.approve_as_seeded(Clinician.objects.sample())
    page.publish()
    assert "reviewing this page" not in client.get("/faq/").content.decode()
    Page.objects.filter(pk=page.pk).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()  # a day passing: cached pages live at most PAGE_CACHE_SECONDS anyway
    assert "Our clinical team is reviewing this page" in client.get("/faq/").content.decode()


def test_sample_approval_is_only_for_sample_clinicians(draft):
    with pytest.raises(ValidationError):
        draft.approve_as_seeded(Clinician.objects.create(name="Real Person", credentials="MD"))
