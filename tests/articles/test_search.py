import re

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from practice.models import Clinician
from tests.conftest import requires_postgresql
from tests.helpers import publish_edit


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


def test_title_matches_rank_first_on_every_database(client, corpus):
    title_hit, body_hit = corpus
    titles = [a.title for a in client.get(reverse("search"), {"q": "esketamine"}).context["articles"]]
    assert titles == [title_hit.title, body_hit.title]


def test_search_uses_stemming_on_every_database(client, corpus):
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



# Relevance, synonyms, misspellings and the no-results page ---------------------------------------

def titles_for(client, query):
    return [a.title for a in client.get(reverse("search"), {"q": query}).context["articles"]]


@pytest.fixture
def library(make_article):
    """Articles published at the same moment, so only relevance can order them."""
    import datetime

    from django.utils import timezone

    moment = timezone.now() - datetime.timedelta(days=1)
    make_article("Anxiety and panic", body="## Side notes\n\nA side room. The effects of calm.", publish_at=moment)
    make_article("Aftercare basics", body="## Effects\n\nSome side effects fade fast. Other effects last.",
                 publish_at=moment)
    safety = make_article("Safety and side effects", summary="The side effects of ketamine and how we lower risk.",
                          body="## Side effects\n\nDizziness and nausea are common side effects.", publish_at=moment)
    make_article("Booking a visit", body="## Paying\n\nThe cost of care is shared before you start.",
                 publish_at=moment)
    make_article("Nasal spray", body="## The spray\n\nEsketamine is a nasal spray approved by the FDA.",
                 publish_at=moment)
    return safety


def test_relevance_puts_the_article_about_the_words_first(client, library):
    assert titles_for(client, "side effects")[0] == "Safety and side effects"


@pytest.mark.parametrize("query, expected", [
    ("price", "Booking a visit"), ("fees", "Booking a visit"), ("SPRAVATO", "Nasal spray"),
    ("how much does it cost", "Booking a visit"),
])
def test_synonyms_find_what_the_page_calls_it(client, library, query, expected):
    assert expected in titles_for(client, query)


@pytest.mark.parametrize("typed, finds", [
    ("ketamin", "Ketamine explained"), ("ketamnie", "Ketamine explained"), ("esketamin spray", "Nasal spray"),
    ("side efects", "Safety and side effects"), ("nausia", "Ketamine explained"),
    ("ketamine nausia", "Ketamine explained"),
])
def test_misspellings_still_find_the_article(client, library, make_article, typed, finds):
    make_article("Ketamine explained", body="## Nausea\n\nNausea can happen.", summary="What nausea is.")
    assert finds in titles_for(client, typed)


def test_a_corrected_search_says_what_it_searched_for(client, library):
    response = client.get(reverse("search"), {"q": "nasl sprey"})
    assert response.context["corrected_query"] == "nasal spray"
    assert "so we show results for" in response.content.decode()
    assert titles_for(client, "nasl sprey") == ["Nasal spray"]


def test_insurance_finds_the_faq_by_its_words(client, library):
    from articles.models import Page

    Page.objects.create(title="Frequently asked questions", slug="faq", summary="Answers.",
                        body="### Will my insurer pay?\n\nAsk your insurer about coverage.")
    for query in ["insurance", "insurence", "price"]:
        html = client.get(reverse("search"), {"q": query}).content.decode()
        assert 'href="/faq/"' in html, query


def test_a_word_inside_another_word_is_not_a_match(client, db):
    from articles.models import Page

    Page.objects.create(title="Feelings", slug="feelings", summary="How you feel.", body="You may feel calm.")
    html = client.get(reverse("search"), {"q": "fee"}).content.decode()
    assert 'href="/feelings/"' not in html


def test_no_results_offer_the_faq_topics_and_the_form(client, library, topic):
    from articles.models import Article

    Article.objects.first().topics.add(topic)
    html = client.get(reverse("search"), {"q": "zebrafish xylophone"}).content.decode()
    main = html[html.index("<main"):]
    assert "Other ways to find an answer" in main
    assert 'href="/faq/"' in main and 'href="/consultation/"' in main and topic.get_absolute_url() in main


def test_the_search_words_stay_out_of_the_title_and_any_cache(client, library):
    response = client.get(reverse("search"), {"q": "i want to die"})
    html = response.content.decode()
    title = html[html.index("<title>"):html.index("</title>")]
    assert "die" not in title and "Search results" in title
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("search"))["Cache-Control"] == "private, no-store"


def test_search_keeps_working_after_an_edit_on_every_database(library):
    publish_edit(library, draft_body="## Changed\n\nOnly zebrafish now.")
    assert list(Article.objects.published().search("zebrafish")) == [library]
    assert list(Article.objects.published().search("dizziness")) == []


def test_search_matches_what_readers_read_not_markup(library):
    """A shared fact's words are found; a citation key ([^key]) is not."""
    from articles.markup import facts

    key, sentence = next(iter(facts().items()))
    word = max((w for w in re.findall(r"[A-Za-z]{6,}", sentence)), key=len).lower()
    publish_edit(library, draft_body=f"## Shared\n\nA line.[^zebrakey-2020] [[fact:{key}]]\n")
    assert library in Article.objects.published().search(word)
    assert library not in Article.objects.published().search("zebrakey")


def test_a_page_taken_off_the_site_is_not_found(client, make_page):
    page = make_page(slug="retired", title="Retired page", body="## Old\n\nWe once offered quokkatherapy.")
    assert "Retired page" in client.get(reverse("search"), {"q": "quokkatherapy"}).content.decode()
    page.unpublish()
    assert "Retired page" not in client.get(reverse("search"), {"q": "quokkatherapy"}).content.decode()
