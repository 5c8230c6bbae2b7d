import json
import re

import pytest
from django.urls import reverse

from articles.models import Page
from practice.models import Clinician


@pytest.fixture
def article(make_article, topic):
    return make_article("How ketamine works", topics=[topic])


def structured_data(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_article_page_has_description_canonical_and_open_graph(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta name="description" content="{article.summary}">' in html
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in html


def test_article_json_ld_is_a_reviewed_medical_web_page(client, article, django_capture_on_commit_callbacks):
    data = structured_data(client.get(article.get_absolute_url()).content.decode())
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == article.last_reviewed.isoformat()
    # The approving clinician by name and credentials (here the sample clinician a new site starts with).
    assert data["reviewedBy"]["@type"] == "Physician"
    assert data["reviewedBy"]["name"] == "Sample Clinician"
    assert data["reviewedBy"]["honorificSuffix"].startswith("MD")
    assert "director" not in json.dumps(data).lower()
    assert len(data["citation"]) == 3


def test_article_page_shows_review_dates_reading_time_and_references(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Medically reviewed by" in html and "Sample Clinician, MD" in html
    assert "medical director" not in html.lower()
    assert article.last_reviewed.strftime("%B %-d, %Y") in html
    assert article.next_review_due.strftime("%B %-d, %Y") in html
    assert "1 min" in html
    assert html.count('href="https://www.nih.gov/source-') == 3
    assert reverse("consultations:request") + f"?article={article.slug}" in html


def test_canonical_drops_query_strings(client, article):
    html = client.get(reverse("articles:list") + "?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/articles/", "/search/?q=x", "/about/"])
def test_every_page_has_crisis_strip_skip_link_and_description(client, url):
    Page.objects.create(title="About", slug="about", summary="About us.", body="## Us")
    html = client.get(url).content.decode()
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    assert 'href="tel:988"' in html and 'href="sms:988"' in html and 'href="tel:911"' in html
    assert html.index('class="crisis-strip"') < html.index("<main")
    assert '<meta name="description" content="' in html
    assert '<link rel="canonical"' in html and 'property="og:title"' in html


def test_robots_txt_points_to_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_sitemap_lists_articles_topics_and_pages(client, article, topic):
    faq = Page.objects.create(title="FAQ", slug="faq", summary="Questions.", body="## Q")
    Page.objects.create(title="Unpublished", slug="not-yet", summary="Draft.", body="## Q")
    faq.approve_as_seeded(Clinician.objects.sample())
    faq.publish()
    xml = client.get("/sitemap.xml").content.decode()
    for path in [article.get_absolute_url(), topic.get_absolute_url(), "/faq/", "/articles/"]:
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert "/not-yet/" not in xml


def test_feed_is_atom_with_articles(client, article):
    response = client.get(reverse("articles:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert article.title in response.content.decode()


def test_no_third_party_urls_in_page_assets(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    for tag in re.findall(r"<(?:link|script|img|source)[^>]*>", html):
        for url in re.findall(r'(?:src|href|srcset)="([^"]+)"', tag):
            assert url.startswith(("/", "http://testserver")), f"third-party asset: {url}"


@pytest.mark.django_db
def test_crisis_strip_links_say_what_they_do(client):
    html = client.get("/").content.decode()
    strip = html[html.index('class="crisis-strip"'):html.index("</aside>")]
    assert '<a class="crisis-link" href="tel:988">Call 988</a>' in strip
    assert '<a class="crisis-link" href="sms:988">Text 988</a>' in strip
    assert '<a class="crisis-link" href="tel:911">Call 911</a>' in strip
