"""Each page runs a small, fixed number of queries, however many articles, topics and
references there are. Counted on first (uncached) renders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Topic


@pytest.fixture(autouse=True)
def no_page_cache(settings, client, db):
    settings.PAGE_CACHE_SECONDS = 0
    # The practice profile is read once per process and kept in memory (practice/public.py),
    # like settings: a server that has answered one request reads it no more.
    client.get("/")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def build_corpus(make_article, n_articles, n_topics, n_references):
    topics = [Topic.objects.create(name=f"Topic {i}", slug=f"topic-{i}") for i in range(n_topics)]
    articles = [
        make_article(f"Article number {i}", topics=topics, references=n_references) for i in range(n_articles)
    ]
    return articles[0], topics[0]


@pytest.mark.parametrize("n", [(2, 1, 3), (25, 6, 12)], ids=["small", "large"])
def test_article_page_needs_three_queries_or_fewer(client, make_article, n):
    article, _topic = build_corpus(make_article, *n)
    assert count_queries(client, article.get_absolute_url()) <= 3


def test_query_counts_do_not_grow_with_content(client, make_article):
    urls = lambda article, topic: [  # noqa: E731
        "/", "/articles/", article.get_absolute_url(), topic.get_absolute_url(), "/search/?q=article",
        "/sitemap.xml", "/articles/feed/",
    ]
    article, topic = build_corpus(make_article, 3, 2, 3)
    small = [count_queries(client, url) for url in urls(article, topic)]
    for i in range(30):
        make_article(f"More writing {i}", topics=[topic], references=5)
    large = [count_queries(client, url) for url in urls(article, topic)]
    assert small == large
    assert max(large) <= 5
