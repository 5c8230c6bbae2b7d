"""Articles and pages in the admin: the list, filters, the edit form (the working copy), and the
clinical review workflow driven through the admin's own buttons."""

import datetime
import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Page, Workflow
from practice.models import Clinician
from staff.roles import CLINICAL_REVIEWER, CONTENT_EDITOR
from tests.conftest import login_verified
from tests.helpers import parse_form


@pytest.fixture
def editor_client(client, django_user_model):
    login_verified(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "x"))
    return client


def staff_member(django_user_model, username, role, *, clinician=None):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if clinician:
        Clinician.objects.create(user=user, **clinician)
    return user


@pytest.fixture
def people(django_user_model):
    editor = staff_member(django_user_model, "writer", CONTENT_EDITOR)
    reviewer = staff_member(django_user_model, "drlee", CLINICAL_REVIEWER,
                            clinician={"name": "Dana Lee", "credentials": "MD, psychiatrist", "licence_states": "OR"})
    return editor, reviewer


def as_user(client, user):
    client.logout()
    return login_verified(client, user)


def change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(client, obj, **changes):
    """What the admin's edit form would send unchanged, with `changes` typed in."""
    html = client.get(change_url(obj)).content.decode()
    data = {name: value for name, value in parse_form(html).values().items() if not name.startswith("_")}
    data.update(changes)
    return data


def test_changelist_shows_status_topics_reviewer_due_and_grade(editor_client, make_article, topic):
    make_article("Fresh article", topics=[topic])
    make_article("Stale article", next_review_due=timezone.localdate() - datetime.timedelta(days=5))
    make_article("Soon article", next_review_due=timezone.localdate() + datetime.timedelta(days=20))
    make_article("Draft article", status=Article.Status.DRAFT)
    make_article("Later article", publish_at=timezone.now() + datetime.timedelta(days=2))
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    for text in ["Fresh article", "Safety and side effects", "Sample Clinician", "Draft", "Scheduled"]:
        assert text in html
    assert 'class="kap-overdue">Overdue:' in html
    assert 'class="kap-warning">Due soon:' in html
    assert "Preview the working copy</a>" in html


def test_changelist_filters_and_search(editor_client, make_article):
    make_article("Overdue one", next_review_due=timezone.localdate() - datetime.timedelta(days=5))
    make_article("Soon one", next_review_due=timezone.localdate() + datetime.timedelta(days=59))
    make_article("Later one")
    draft = make_article("Draft one", status=Article.Status.DRAFT)
    draft.submit_for_review()
    url = reverse("admin:articles_article_changelist")
    overdue = editor_client.get(url, {"review": "overdue"}).content.decode()
    assert "Overdue one" in overdue and "Later one" not in overdue and "Soon one" not in overdue
    soon = editor_client.get(url, {"review": "soon"}).content.decode()
    assert "Soon one" in soon and "Overdue one" not in soon and "Later one" not in soon
    waiting = editor_client.get(url, {"review": "awaiting-review"}).content.decode()
    assert "Draft one" in waiting and "Later one" not in waiting
    found = editor_client.get(url, {"q": "Later"}).content.decode()
    assert "Later one" in found and "Overdue one" not in found
    drafts = editor_client.get(url, {"visibility": "draft"}).content.decode()
    assert "Draft one" in drafts and "Later one" not in drafts


def test_add_form_prefills_slug_and_saves_a_draft_with_references(editor_client, topic):
    url = reverse("admin:articles_article_add")
    form_page = editor_client.get(url).content.decode()
    prepopulated = json.loads(unescape(re.search(r'data-prepopulated-fields="([^"]*)"', form_page)[1]))
    assert [(field["id"], field["dependency_ids"]) for field in prepopulated] == [("#id_slug", ["#id_draft_title"])]
    today = timezone.localdate()
    data = {
        "draft_title": "A new article", "slug": "a-new-article", "draft_summary": "Short.",
        "draft_body": "## Hello\n\nPlain words here.", "topics": [topic.pk], "hero_alt": "",
        "publish_at_0": today.isoformat(), "publish_at_1": "09:00:00", "author": "Editorial team",
        "review_every_days": "365", "status": "published",
        "references-TOTAL_FORMS": "1", "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0", "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "0", "references-0-title": "Depression", "references-0-publisher": "NIMH",
        "references-0-year": "2024", "references-0-url": "https://www.nimh.nih.gov/health/topics/depression",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(language="en", slug="a-new-article")
    assert article.references.get().publisher == "NIMH"
    assert article.body_html == "<h2>Hello</h2>\n<p>Plain words here.</p>"
    assert article.readability_grade < 8
    # A status posted with the form is ignored: a new article is a draft until it is approved.
    assert article.status == Article.Status.DRAFT and article.workflow_state == Workflow.DRAFT


def test_change_form_shows_preview_writing_help_and_workflow(editor_client, make_article):
    article = make_article("Editable")
    html = editor_client.get(change_url(article)).content.decode()
    assert reverse("admin:articles_article_preview", args=[article.pk]) in html
    assert "Reading grade of the title, summary and body together" in html
    assert 'name="_submit_review"' in html and 'name="_unpublish"' in html


def test_pages_and_topics_admin(editor_client, make_article, topic):
    page = Page.objects.create(title="Frequently asked questions", slug="faq", summary="Answers.",
                               body="## Cost\n\nWe tell you the cost first.")
    page.approve_as_seeded(Clinician.objects.sample())
    page.publish()
    pages = editor_client.get(reverse("admin:articles_page_changelist")).content.decode()
    assert "Frequently asked questions" in pages
    assert f'<a href="{page.get_absolute_url()}" target="_blank" rel="noopener">View on site</a>' in pages
    make_article("Counted article", topics=[topic])
    topics = editor_client.get(reverse("admin:articles_topic_changelist")).content.decode()
    assert topic.name in topics
    assert '<td class="field-article_count">1</td>' in topics


# The workflow through the admin ----------------------------------------------------------------


def press(client, obj, button, **changes):
    data = form_data(client, obj, **changes)
    data[button] = "x"
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj.refresh_from_db()
    return client.get(response["Location"]).content.decode()


def test_edit_review_approve_publish_through_the_admin(client, people, make_article):
    editor, reviewer = people
    article = make_article("Workflow article", status=Article.Status.DRAFT)
    as_user(client, editor)
    press(client, article, "_submit_review", draft_body="## New\n\nA plain, new body.")
    assert article.workflow_state == Workflow.IN_REVIEW and article.last_edited_by == editor
    # An editor cannot publish what is not approved: the admin refuses and nothing goes public.
    html = press(client, article, "_publish")
    assert "Only approved text can be published" in html
    assert article.status == Article.Status.DRAFT
    # Nor approve: that is the clinical reviewer's role.
    html = press(client, article, "_approve")
    assert "Only a clinical reviewer can approve" in html and article.workflow_state == Workflow.IN_REVIEW
    as_user(client, reviewer)
    press(client, article, "_approve")
    assert article.workflow_state == Workflow.APPROVED and article.approved_by == reviewer
    as_user(client, editor)
    press(client, article, "_publish")
    assert article.is_public and article.reviewed_by.name == "Dana Lee"
    assert article.last_reviewed == timezone.localdate()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Dana Lee, MD, psychiatrist" in page and "A plain, new body." in page


def test_a_reviewer_cannot_approve_their_own_edit(client, people, make_article):
    _editor, reviewer = people
    article = make_article("Own edit", status=Article.Status.DRAFT)
    as_user(client, reviewer)
    html = press(client, article, "_submit_review", draft_summary="The reviewer wrote this summary.")
    html = press(client, article, "_approve")
    assert "another clinical reviewer must approve it" in html
    assert article.workflow_state == Workflow.IN_REVIEW and article.approved_by is None


def test_a_superuser_is_not_a_clinical_reviewer(editor_client, make_article):
    article = make_article("Superuser", status=Article.Status.DRAFT)
    article.submit_for_review()
    html = press(editor_client, article, "_approve")
    assert "Only a clinical reviewer can approve" in html and article.workflow_state == Workflow.IN_REVIEW


def test_editing_a_published_article_keeps_the_approved_text_live(client, people, make_article):
    editor, reviewer = people
    article = make_article("Live article", body="## Live\n\nThe approved words.")
    as_user(client, editor)
    press(client, article, "_save", draft_body="## Live\n\nUnreviewed words.")
    assert article.workflow_state == Workflow.IN_REVIEW
    assert article.is_public and "approved words" in article.body
    client.logout()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "The approved words." in public and "Unreviewed words." not in public
    as_user(client, reviewer)
    preview = client.get(reverse("admin:articles_article_preview", args=[article.pk])).content.decode()
    assert "Unreviewed words." in preview and "Preview of the working copy" in preview


def test_admin_edits_survive_a_restart(client, people, settings, tmp_path):
    """Edit and unpublish in the admin, then run what `make serve` runs at each start: the
    article stays as staff left it."""
    from django.core.management import call_command

    call_command("load_content", verbosity=0)
    editor, _reviewer = people
    article = Article.objects.published().order_by("slug").first()
    as_user(client, editor)
    press(client, article, "_save", draft_body="## Corrected\n\nA clinician's correction.")
    press(client, article, "_unpublish")
    assert not article.is_public
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    article.refresh_from_db()
    assert not article.is_public and article.status == Article.Status.DRAFT
    assert article.draft_body == "## Corrected\n\nA clinician's correction."
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_status_cannot_be_posted_through_the_form(client, people, make_article):
    editor, _reviewer = people
    article = make_article("Draft via form", status=Article.Status.DRAFT)
    as_user(client, editor)
    press(client, article, "_save", status="published", workflow_state="approved")
    assert article.status == Article.Status.DRAFT and article.workflow_state == Workflow.DRAFT
