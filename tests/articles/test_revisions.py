"""Every save keeps a revision (who, when, what changed); staff compare any two and restore one,
which is a new revision and goes back to clinical review."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Workflow
from staff.roles import CONTENT_EDITOR
from tests.conftest import login_verified


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("writer", "w@example.com", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITOR))
    login_verified(client, user)
    client.user = user
    return client


def edit(client, article, **changes):
    from tests.helpers import parse_form

    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {k: v for k, v in parse_form(client.get(url).content.decode()).values().items() if not k.startswith("_")}
    data.update(changes)
    data["_continue"] = "x"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()


def test_every_save_keeps_a_revision_with_who_and_what(editor_client, make_article):
    article = make_article("Versioned", body="## One\n\nFirst words.")
    before = Version.objects.get_for_object(article).count()
    assert before >= 1  # made, approved and published: each step is a revision
    edit(editor_client, article, draft_body="## One\n\nSecond words.")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == before + 1
    latest = versions.first()
    assert latest.revision.user == editor_client.user
    assert "Body" in latest.revision.comment or "body" in latest.revision.comment.lower()
    assert latest.field_dict["draft_body"] == "## One\n\nSecond words."
    article.draft_summary = "Changed in the shell."
    article.save()
    assert Version.objects.get_for_object(article).count() == before + 2


def test_history_compares_any_two_revisions(editor_client, make_article):
    article = make_article("Compared", body="## One\n\nFirst words.")
    edit(editor_client, article, draft_body="## One\n\nSecond words.")
    edit(editor_client, article, draft_body="## One\n\nThird words.")
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert 'name="version_id1"' in history and 'name="version_id2"' in history
    versions = list(Version.objects.get_for_object(article))
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"version_id1": versions[-1].pk, "version_id2": versions[0].pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "First" in html and "Third" in html


def test_restoring_is_a_new_revision_that_goes_back_to_review(editor_client, make_article):
    article = make_article("Restored", body="## One\n\nApproved words.")
    original = Version.objects.get_for_object(article).first()
    edit(editor_client, article, draft_body="## One\n\nA later change.")
    url = reverse("admin:articles_article_revision", args=[article.pk, original.pk])
    confirm = editor_client.get(url).content.decode()
    assert "Approved words." in confirm and "goes back to clinical review" in confirm
    count = Version.objects.get_for_object(article).count()
    assert editor_client.post(url).status_code == 302
    article.refresh_from_db()
    assert article.draft_body == "## One\n\nApproved words."
    assert article.workflow_state == Workflow.IN_REVIEW and article.approved_hash == ""
    assert article.last_edited_by == editor_client.user
    assert Version.objects.get_for_object(article).count() == count + 1
    assert "Restored the text" in Version.objects.get_for_object(article).first().revision.comment
    assert article.is_public and "Approved words." in article.body_html


def test_deleted_articles_are_not_recovered_past_review(editor_client, admin_user, client):
    login_verified(client, admin_user)
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403


def test_load_content_records_a_revision(db):
    call_command("load_content", verbosity=0)
    article = Article.objects.first()
    assert "starting content files" in Version.objects.get_for_object(article).last().revision.comment
