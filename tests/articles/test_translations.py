"""The Spanish library: translations tied to their English originals (same address under /es/,
same references, their own clinical review), flagged when the original changes, found by
Spanish search, listed in the sitemap and feed, and offered by the language switcher."""

import re

import frontmatter
import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client

from articles.content import CONTENT_DIR, load_content
from articles.markup import CITATION
from articles.models import Article, Page, Topic
from articles.readability import SPANISH_MIN_EASE, fernandez_huerta, markdown_to_plain_text
from tests.helpers import publish_edit

SPANISH_ARTICLES = sorted((CONTENT_DIR / "es" / "articles").glob("*.md"))
SPANISH_PAGES = sorted((CONTENT_DIR / "es" / "pages").glob("*.md"))
CORE_ARTICLES = {
    "what-is-ketamine-assisted-psychotherapy", "how-ketamine-works-in-the-brain", "ketamine-for-depression",
    "safety-side-effects-and-legal-status", "what-a-course-of-treatment-looks-like",
    "who-may-benefit-and-who-should-not",
}


@pytest.fixture
def loaded(db):
    return load_content()


def cited_keys(markdown):
    return {key.strip() for match in CITATION.finditer(markdown) for key in match.group(1).split(",")}


def test_the_core_library_and_every_page_exist_in_spanish(loaded):
    spanish = Article.objects.published().in_language("es")
    assert set(spanish.values_list("slug", flat=True)) >= CORE_ARTICLES
    english_pages = set(Page.objects.published().in_language("en").values_list("slug", flat=True))
    assert english_pages == set(Page.objects.published().in_language("es").values_list("slug", flat=True))
    for item in [*spanish, *Page.objects.in_language("es")]:
        original = item.translation_of
        assert original.language == "en" and original.slug == item.slug
        assert not item.translation_outdated, item.slug
        assert item.reviewed_by and item.last_reviewed and item.next_review_due, item.slug


@pytest.mark.parametrize("path", SPANISH_ARTICLES + SPANISH_PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_spanish_text_is_plain_language(path):
    """Fernández-Huerta reading ease of at least 65 for the text as shown and for the summary."""
    post = frontmatter.load(path)
    body_ease = fernandez_huerta(markdown_to_plain_text(post.content))
    assert body_ease >= SPANISH_MIN_EASE, f"{path.name}: body {body_ease}"
    summary_ease = fernandez_huerta(post["summary"])
    assert summary_ease >= SPANISH_MIN_EASE, f"{path.name}: summary {summary_ease}"
    assert len(post["summary"]) <= 160


@pytest.mark.parametrize("path", SPANISH_ARTICLES, ids=lambda p: p.stem)
def test_a_spanish_article_cites_the_same_references_as_its_original(path):
    spanish = frontmatter.load(path)
    english = frontmatter.load(CONTENT_DIR / "articles" / path.name)
    assert spanish["translation_of"] == english["slug"]
    assert spanish["references"] == english["references"]
    # Every source the English text cites (shared facts written out), the Spanish cites too.
    from articles.markup import expand_facts_in_markdown

    assert cited_keys(expand_facts_in_markdown(english.content)) <= cited_keys(spanish.content)
    assert "[[fact:" not in spanish.content  # shared facts are English sentences


@pytest.mark.parametrize("path", SPANISH_PAGES, ids=lambda p: p.stem)
def test_a_spanish_page_cites_what_its_original_cites(path):
    from articles.markup import expand_facts_in_markdown

    english = frontmatter.load(CONTENT_DIR / "pages" / path.name)
    assert cited_keys(expand_facts_in_markdown(english.content)) <= cited_keys(frontmatter.load(path).content)


def test_every_kind_of_source_has_a_spanish_name():
    import yaml

    kinds = {entry["kind"] for entry in yaml.safe_load((CONTENT_DIR / "sources.yaml").read_text()).values()}
    spanish = yaml.safe_load((CONTENT_DIR / "es" / "source_kinds.yaml").read_text())
    assert kinds <= set(spanish), sorted(kinds - set(spanish))


def test_spanish_pages_are_in_spanish_with_alternates_and_a_switcher(client, loaded):
    html = client.get("/es/articles/ketamine-for-depression/").content.decode()
    assert '<html lang="es">' in html
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    assert alternates["es"].endswith("/es/articles/ketamine-for-depression/")
    assert alternates["en"].endswith("/articles/ketamine-for-depression/") and "/es/" not in alternates["en"]
    assert alternates["x-default"] == alternates["en"]
    switcher = re.search(r'<a class="language-link" href="([^"]+)" lang="en" hreflang="en">English</a>', html)
    assert switcher, "the Spanish page offers English"
    english = client.get(switcher[1])
    assert english.status_code == 302 and english["Location"] == "/articles/ketamine-for-depression/"

    html = client.get("/articles/ketamine-for-depression/").content.decode()
    assert '<html lang="en">' in html
    link = re.search(r'<a class="language-link" href="([^"]+)" lang="es" hreflang="es">Español</a>', html)[1]
    assert client.get(link)["Location"] == "/es/articles/ketamine-for-depression/"


def test_an_article_without_a_translation_points_spanish_readers_to_the_spanish_home(client, loaded):
    english_only = Article.objects.published().in_language("en").exclude(translations__isnull=False).first()
    html = client.get(english_only.get_absolute_url()).content.decode()
    assert 'hreflang="es"' not in re.sub(r'<a class="language-link".*?</a>', "", html)
    link = re.search(r'<a class="language-link" href="([^"]+)"', html)[1]
    assert client.get(link)["Location"] == "/es/"
    assert client.get(f"/es{english_only.get_absolute_url()}").status_code == 404


def test_the_choice_is_remembered_for_the_home_page_only_when_made(loaded):
    visitor = Client()
    assert visitor.get("/").status_code == 200
    chosen = visitor.get("/language/es/?next=/faq/")
    assert chosen["Location"] == "/es/faq/"
    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es" and cookie["httponly"] and cookie["samesite"] == "Lax"
    back = visitor.get("/")
    assert back.status_code == 302 and back["Location"] == "/es/"
    assert "Cookie" in back["Vary"]
    # Any other English address still shows English (an address names its language).
    assert '<html lang="en">' in visitor.get("/faq/").content.decode()
    visitor.get("/language/en/?next=/es/faq/")
    assert visitor.get("/").status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_the_switcher_never_leaves_the_site(client, db, next_url):
    response = client.get("/language/es/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/es/"


def test_an_unknown_language_is_not_found(client, db):
    assert client.get("/language/fr/?next=/").status_code == 404


def test_a_change_to_the_english_original_flags_its_translation(loaded, django_user_model):
    original = Article.objects.get(language="en", slug="ketamine-for-depression")
    spanish = original.translations.get(language="es")
    assert not spanish.translation_outdated
    publish_edit(original, draft_body=original.draft_body + "\n\nOne more plain sentence.\n")
    spanish.refresh_from_db()
    assert spanish.translation_outdated
    assert list(Article.objects.filter(pk=spanish.pk).exclude(
        translated_from_hash=Article.objects.get(pk=original.pk).published_hash)) == [spanish]
    from articles.digest import due_items

    listed = dict(due_items())["Translation out of date (the English original changed since)"]
    assert [(label, title) for label, title, _due, _url in listed] == [("Article (Español)", spanish.draft_title)]
    spanish.mark_translation_current()
    spanish.refresh_from_db()
    assert not spanish.translation_outdated
    # The public Spanish page stays as it was approved.
    assert spanish.status == Article.Status.PUBLISHED


def test_the_database_ties_every_translation_to_one_english_original(loaded):
    original = Article.objects.get(language="en", slug="ketamine-for-depression")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=original.pk).update(language="es")  # Spanish without an original
    spanish = original.translations.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Otra", slug="otra", summary="x", body="x", language="es",
                               translation_of=original)
    # A translation keeps its original's address, whatever is typed.
    spanish.slug = "something-else"
    spanish.save()
    assert spanish.slug == original.slug


def test_spanish_search_finds_spanish_articles_with_or_without_accents(client, loaded):
    for query in ["depresión", "depresion", "ketamina seguridad", "efectos secundarios"]:
        html = client.get("/es/search/", {"q": query}).content.decode()
        titles = re.findall(r'class="card-title"><a href="([^"]+)"', html)
        assert titles, query
        assert all(url.startswith("/es/articles/") for url in titles), (query, titles)
    english = client.get("/search/", {"q": "depression"}).content.decode()
    assert "/es/articles/" not in english


@pytest.mark.parametrize("query", ["quiero quitarme la vida", "suicidio", "autolesión"])
def test_a_spanish_search_about_a_crisis_shows_help_first(client, db, query):
    html = client.get("/es/search/", {"q": query}).content.decode()
    assert 'href="tel:988"' in html[html.index("<main"):]


def test_topics_have_spanish_names_on_spanish_pages(client, loaded):
    topic = Topic.objects.get(slug="conditions")
    assert topic.name_es
    assert topic.name_es in client.get("/es/articles/topics/conditions/").content.decode()


def test_the_sitemap_lists_spanish_pages_with_alternates(client, loaded):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/es/articles/ketamine-for-depression/</loc>" in xml
    assert "<loc>http://testserver/es/crisis/</loc>" in xml
    assert 'hreflang="es" href="http://testserver/es/articles/ketamine-for-depression/"' in xml
    english_only = Article.objects.published().in_language("en").exclude(translations__isnull=False).first()
    assert f"/es{english_only.get_absolute_url()}" not in xml


def test_the_spanish_feed_lists_spanish_articles(client, loaded):
    feed = client.get("/es/articles/feed/").content.decode()
    assert 'xml:lang="es"' in feed
    spanish_titles = set(Article.objects.published().in_language("es").values_list("title", flat=True))
    english_titles = set(Article.objects.published().in_language("en").values_list("title", flat=True))
    assert any(title in feed for title in spanish_titles)
    assert not any(f"<title>{title}</title>" in feed for title in english_titles)


def test_spanish_and_english_pages_are_cached_apart(client, loaded, settings):
    settings.PAGE_CACHE_SECONDS = 60
    for _ in range(2):
        assert '<html lang="es">' in client.get("/es/faq/").content.decode()
        assert '<html lang="en">' in client.get("/faq/").content.decode()


def test_robots_keep_the_spanish_search_and_confirmation_out_of_search_engines(client, db):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /es/search/" in robots and "Disallow: /es/consultation/received/" in robots


def test_every_link_in_the_spanish_library_leads_somewhere(client, loaded):
    """A Spanish text links to Spanish pages that exist, or says the page it links to is in English."""
    for item in [*Article.objects.published().in_language("es"), *Page.objects.published().in_language("es")]:
        for href, after in re.findall(r'<a href="(/[^"#]*)[^"]*"[^>]*>[^<]*</a>(.{0,14})', item.body_html):
            assert client.get(href).status_code in (200, 302), (item.slug, href)
            if not href.startswith("/es/"):
                assert after.startswith(" (en inglés)"), (item.slug, href)
