"""Help while writing on the edit page: grade of everything the reader sees, hardest sentences,
references, missing alt text, safe messaging with its guideline; a staff-only preview."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.writing_help import check_writing
from tests.conftest import login_verified

HARD = ("Notwithstanding multifaceted pharmacological considerations, practitioners deliberate "
        "comprehensively regarding contraindications and interdisciplinary coordination.")


def test_the_summary_counts_toward_the_grade():
    easy = check_writing("Ketamine", "A short, plain summary.", "## Hi\n\nWe help you. It is safe to ask.")
    hard = check_writing("Ketamine", HARD, "## Hi\n\nWe help you. It is safe to ask.")
    assert hard.grade > easy.grade and hard.too_hard
    assert hard.hardest[0][1] == HARD


def test_safe_messaging_names_the_guideline():
    report = check_writing("Title", "Summary.", "## Facts\n\nHe committed suicide during the suicide epidemic.")
    words = {found.lower() for found, _advice, _guide in report.safe_messaging}
    assert {"committed suicide", "suicide epidemic"} <= words
    assert all("Recommendations for Reporting on Suicide" in guide for _w, _a, guide in report.safe_messaging)
    method = check_writing("T", "S.", "## x\n\nShe jumped off the bridge and he overdosed on pills.")
    assert any("methods" in advice for _w, advice, _g in method.safe_messaging)
    assert not check_writing("T", "S.", "## x\n\nPeople who died by suicide were loved.").safe_messaging


def test_missing_alt_text_is_listed():
    report = check_writing("T", "S.", "## x\n\n![](/media/a.png) and ![A calm lake](/media/b.png)",
                           hero_image=True, hero_alt=" ")
    assert report.missing_alt == ["The hero image", "Image /media/a.png in the body"]


@pytest.fixture
def staff_client(client, admin_user):
    return login_verified(client, admin_user)


def test_edit_page_shows_the_help_for_the_working_copy(staff_client, make_article):
    article = make_article("Help", status=Article.Status.DRAFT, references=2,
                           body=f"## x\n\n{HARD} Suicide is a tragic epidemic.")
    html = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Reading grade of the title, summary and body together" in html
    assert f"<mark>{HARD}</mark>" in html
    assert "References: <strong>2</strong>" in html and "at least 3 sources" in html
    assert "Guideline: Recommendations for Reporting on Suicide" in html


def test_help_updates_for_unsaved_text(staff_client):
    response = staff_client.post(reverse("admin:articles_article_writing_help"), {
        "draft_title": "T", "draft_summary": "S.", "draft_body": "## x\n\nThey committed suicide.",
        "references-0-url": "https://example.org/a",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "committed suicide" in html and "References: <strong>1</strong>" in html


def test_the_preview_is_for_staff_only(client, make_article, django_user_model):
    article = make_article("Previewed", status=Article.Status.DRAFT, body="## Draft\n\nWorking words.")
    url = reverse("admin:articles_article_preview", args=[article.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    visitor = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(visitor)
    assert "Working words." not in client.get(url).content.decode()
    login_verified(client, django_user_model.objects.create_user("ed", password="x", is_staff=True,
                                                                 is_superuser=True))
    response = client.get(url)
    html = response.content.decode()
    assert "Working words." in html, html[html.find("<main"):][:1500]
    assert "no-store" in response["Cache-Control"]
