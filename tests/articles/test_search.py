import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from practice.models import Clinician
from tests.conftest import requires_postgresql


@pytest.fixture
def corpus(make_article):
    title_hit = make_article("Esketamine nasal spray explained", body="## About\n\nA spray used in a clinic.")
    body_hit = make_article(
        "What a session day is like", body="## The day\n\nSome people receive esketamine as a spray."
    )
    make_article("Preparing for therapy", body="## Before\n\nBring your questions.")
    return title_hit, body_hit


def test_search_finds_matching_articles(client, corpus):
    response = client.get(reverse("search"), {"q": "esketamine"})
    titles = [a.title for a in response.context["articles"]]
    assert sorted(titles) == sorted(a.title for a in corpus)


def test_empty_and_odd_queries_are_safe(client, corpus):
    for query in ["", "   ", "'; DROP TABLE articles_article; --", "<script>", "a" * 5000, "\x00", "&|!:*"]:
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200
    assert Article.objects.count() == 3


def test_search_query_is_escaped_in_page(client, corpus):
    content = client.get(reverse("search"), {"q": "<b>bold</b>"}).content.decode()
    assert "<b>bold</b>" not in content
    assert "&lt;b&gt;bold&lt;/b&gt;" in content


@requires_postgresql()
def test_postgresql_ranks_title_matches_first(client, corpus):
    title_hit, body_hit = corpus
    titles = [a.title for a in client.get(reverse("search"), {"q": "esketamine"}).context["articles"]]
    assert titles == [title_hit.title, body_hit.title]


@requires_postgresql()
def test_postgresql_search_uses_stemming(client, corpus):
    titles = [a.title for a in client.get(reverse("search"), {"q": "sprays"}).context["articles"]]
    assert len(titles) == 2


@requires_postgresql()
def test_postgresql_search_uses_the_gin_index(corpus):
    from django.contrib.postgres.search import SearchQuery

    queryset = Article.objects.filter(search_document=SearchQuery("esketamine", config="english")).order_by()
    with connection.cursor() as cursor:
        # A handful of rows would be scanned in full; rule that out to see the index can serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "article_search_gin" in plan


@requires_postgresql()
def test_search_document_follows_edits(corpus):
    _title_hit, body_hit = corpus
    # A published text changes through clinical review: edited, approved, published.
    body_hit.draft_body = "## Changed\n\nNothing about sprays now, only zebrafish."
    body_hit.save()
    body_hit.approve_as_seeded(Clinician.objects.sample())
    body_hit.publish()
    assert list(Article.objects.search("zebrafish")) == [body_hit]


@pytest.mark.parametrize("query", ["suicide", "crisis help", "988", "I want to end my life"])
def test_crisis_searches_lead_with_crisis_help(client, db, query):
    html = client.get(reverse("search"), {"q": query}).content.decode()
    main = html[html.index("<main"):]
    assert "If you are struggling right now, help is here" in main
    assert 'href="tel:988"' in main and 'href="tel:911"' in main


def test_ordinary_searches_do_not_show_the_crisis_box(client, corpus):
    assert "help is here" not in client.get(reverse("search"), {"q": "esketamine"}).content.decode()


def test_search_also_finds_informational_pages(client, db):
    from articles.models import Page

    Page.objects.create(title="Frequently asked questions", slug="faq", summary="Answers.",
                        body="### How much does KAP cost?\n\nWe tell you the cost before you start.")
    html = client.get(reverse("search"), {"q": "cost"}).content.decode()
    assert 'href="/faq/"' in html and "Frequently asked questions" in html


@requires_postgresql()
def test_ranking_is_bounded_to_the_newest_candidates(corpus, settings):
    settings.ARTICLE_LIST_LIMIT = 1
    title_hit, body_hit = corpus
    newest = max(corpus, key=lambda a: a.publish_at)
    assert list(Article.objects.published().search("esketamine")) == [newest]


@pytest.mark.parametrize("query", ["suicide prevention", "ketamine suicide risk", "self-harm", "quiero morir",
                                   "overdose", "crisis"])
def test_searching_about_suicide_or_a_crisis_shows_help_first(client, db, query):
    html = client.get("/search/", {"q": query}).content.decode()
    main = html[html.index("<main"):]
    assert 'href="tel:988"' in main

