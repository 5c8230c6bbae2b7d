"""Migration 0004 carries existing content over: what was public stays public with the same
text, approved by the clinician staff had named (or the marked sample clinician), and pages
get review dates (the crisis page every 90 days)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0003_featured_index"), ("practice", "0002_sample_profile")]
AFTER = [("articles", "0004_clinical_review")]


@pytest.mark.django_db(transaction=True)
def test_existing_articles_and_pages_are_carried_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Article, Page = old.get_model("articles", "Article"), old.get_model("articles", "Page")
    today = datetime.date(2026, 11, 20)
    common = {"summary": "Plain words.", "body": "## One\n\nText.", "body_html": "<h2>One</h2>",
              "publish_at": datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC), "last_reviewed": today,
              "next_review_due": today + datetime.timedelta(days=365)}
    Article.objects.create(title="Named reviewer", slug="named", status="published", reviewer_name="Casey Example",
                           reviewer_credentials="MD", **common)
    Article.objects.create(title="No reviewer", slug="unnamed", status="published", **common)
    Article.objects.create(title="A draft", slug="draft", status="draft", **common)
    Page.objects.create(title="Crisis", slug="crisis", summary="Help.", body="## Call 988", last_reviewed=today)
    Page.objects.create(title="About", slug="about", summary="Us.", body="## Us", last_reviewed=today)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Article, Page = new.get_model("articles", "Article"), new.get_model("articles", "Page")
    Clinician = new.get_model("practice", "Clinician")
    named = Article.objects.get(slug="named")
    assert named.status == "published" and named.workflow_state == "published"
    assert named.draft_body == named.body == "## One\n\nText." and named.live_hash == named.published_hash
    casey = Clinician.objects.get(name="Casey Example")
    assert named.reviewed_by_id == casey.pk and casey.credentials == "MD" and not casey.is_sample
    unnamed = Article.objects.get(slug="unnamed")
    assert Clinician.objects.get(pk=unnamed.reviewed_by_id).is_sample
    draft = Article.objects.get(slug="draft")
    assert draft.status == "draft" and draft.workflow_state == "draft" and draft.reviewed_by_id is None
    crisis, about = Page.objects.get(slug="crisis"), Page.objects.get(slug="about")
    assert crisis.status == about.status == "published"
    assert crisis.next_review_due == today + datetime.timedelta(days=90)
    assert about.next_review_due == today + datetime.timedelta(days=365)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
