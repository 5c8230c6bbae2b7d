import datetime
import json
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.conftest import login_verified


@pytest.fixture
def editor_client(client, django_user_model):
    login_verified(client, django_user_model.objects.create_superuser("editor", "editor@example.com", "x"))
    return client


def test_changelist_shows_status_topics_reviewer_due_and_grade(editor_client, make_article, topic):
    make_article("Fresh article", topics=[topic])
    make_article("Stale article", last_reviewed=timezone.localdate() - datetime.timedelta(days=800),
                 next_review_due=timezone.localdate() - datetime.timedelta(days=5))
    make_article("Draft article", status=Article.Status.DRAFT)
    make_article("Later article", publish_at=timezone.now() + datetime.timedelta(days=2))
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    for text in ["Fresh article", "Safety and side effects", "Awaiting name (Medical director)", "Draft", "Scheduled"]:
        assert text in html
    assert 'class="kap-overdue">Overdue:' in html
    assert "Preview</a>" in html


def test_changelist_filters_and_search(editor_client, make_article):
    make_article("Overdue one", last_reviewed=timezone.localdate() - datetime.timedelta(days=800),
                 next_review_due=timezone.localdate() - datetime.timedelta(days=5))
    make_article("Reviewed one", reviewer_name="Sam Example", reviewer_credentials="MD")
    make_article("Draft one", status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_changelist")
    overdue = editor_client.get(url, {"review": "overdue"}).content.decode()
    assert "Overdue one" in overdue and "Reviewed one" not in overdue
    awaiting = editor_client.get(url, {"review": "awaiting-reviewer"}).content.decode()
    assert "Overdue one" in awaiting and "Reviewed one" not in awaiting
    found = editor_client.get(url, {"q": "Reviewed"}).content.decode()
    assert "Reviewed one" in found and "Overdue one" not in found
    drafts = editor_client.get(url, {"visibility": "draft"}).content.decode()
    assert "Draft one" in drafts and "Reviewed one" not in drafts


def test_add_form_prefills_slug_and_saves_with_references(editor_client, topic):
    url = reverse("admin:articles_article_add")
    form_page = editor_client.get(url).content.decode()
    prepopulated = json.loads(unescape(re.search(r'data-prepopulated-fields="([^"]*)"', form_page)[1]))
    assert [(field["id"], field["dependency_ids"]) for field in prepopulated] == [("#id_slug", ["#id_title"])]
    today = timezone.localdate()
    data = {
        "title": "A new article", "slug": "a-new-article", "summary": "Short.",
        "body": "## Hello\n\nPlain words here.", "topics": [topic.pk], "hero_alt": "",
        "status": "draft", "publish_at_0": today.isoformat(), "publish_at_1": "09:00:00",
        "author": "Editorial team", "reviewer_role": "Medical director", "reviewer_name": "",
        "reviewer_credentials": "", "last_reviewed": today.isoformat(),
        "next_review_due": (today + datetime.timedelta(days=365)).isoformat(),
        "references-TOTAL_FORMS": "1", "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0", "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "0", "references-0-title": "Depression", "references-0-publisher": "NIMH",
        "references-0-year": "2024", "references-0-url": "https://www.nimh.nih.gov/health/topics/depression",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="a-new-article")
    assert article.references.get().publisher == "NIMH"
    assert article.body_html == "<h2>Hello</h2>\n<p>Plain words here.</p>"
    assert article.readability_grade < 8


def test_change_form_and_preview_link(editor_client, make_article):
    article = make_article("Editable")
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'href="{article.get_absolute_url()}"' in html


def test_pages_and_topics_admin(editor_client, make_article, topic):
    from articles.models import Page

    page = Page.objects.create(title="Frequently asked questions", slug="faq", summary="Answers.",
                               body="## Cost\n\nWe tell you the cost first.")
    pages = editor_client.get(reverse("admin:articles_page_changelist")).content.decode()
    assert "Frequently asked questions" in pages
    assert f'<a href="{page.get_absolute_url()}" target="_blank" rel="noopener">View on site</a>' in pages
    make_article("Counted article", topics=[topic])
    topics = editor_client.get(reverse("admin:articles_topic_changelist")).content.decode()
    assert topic.name in topics
    assert '<td class="field-article_count">1</td>' in topics
