"""Lists of articles: what the home page features, which articles are related, and the
limit that keeps every list's cost the same however large the library grows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Topic


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def library(make_article):
    """Five articles in one topic, newest first: article 1 is a day old, article 5 five days."""
    topic = Topic.objects.create(name="Safety", slug="safety")
    articles = [
        make_article(f"Zebra article {n}", topics=[topic], publish_at=days_ago(n)) for n in range(1, 6)
    ]
    return topic, articles


def card_titles(response):
    return [article.title for article in response.context["articles"]]


@pytest.mark.parametrize("first_page", ["/articles/?", "/articles/topics/safety/?", "/search/?q=zebra&"])
def test_lists_page_through_only_the_newest_articles(client, library, settings, first_page):
    settings.ARTICLE_LIST_LIMIT = 3
    settings.ARTICLES_PER_PAGE = 2
    topic, articles = library

    first, second = client.get(first_page), client.get(f"{first_page}page=2")
    assert first.context["paginator"].count == 3
    assert first.context["paginator"].num_pages == 2
    shown = card_titles(first) + card_titles(second)
    assert sorted(shown) == sorted(a.title for a in articles[:3])
    # Past the limit there is no page, and the visitor gets the kind 404 page, not an error.
    assert client.get(f"{first_page}page=3").status_code == 404


def test_a_limited_list_says_how_to_find_older_articles(client, library, settings):
    settings.ARTICLE_LIST_LIMIT = 3
    content = client.get(reverse("articles:list")).content.decode()
    assert "This list shows our newest 3 articles" in content
    assert f'href="{reverse("search")}"' in content

    settings.ARTICLE_LIST_LIMIT = 10
    assert "This list shows our newest" not in client.get(reverse("articles:list")).content.decode()


def test_a_limited_search_says_so(client, library, settings):
    settings.ARTICLE_LIST_LIMIT = 3
    content = client.get(reverse("search"), {"q": "zebra"}).content.decode()
    assert "3 or more articles for “zebra”" in content
    assert "best matches among the newest 3" in content

    settings.ARTICLE_LIST_LIMIT = 10
    content = client.get(reverse("search"), {"q": "zebra"}).content.decode()
    assert "5 articles for “zebra”" in content
    assert "best matches among" not in content


def test_related_articles_are_the_newest_sharing_a_topic_each_once(make_article):
    safety, dosing, other = (Topic.objects.create(name=n, slug=n.lower()) for n in ["Safety", "Dosing", "Other"])
    article = make_article("The article itself", topics=[safety, dosing], publish_at=days_ago(1))
    # Shares both topics: listed once, not once per topic.
    both = make_article("Shares both topics", topics=[safety, dosing], publish_at=days_ago(2))
    one = make_article("Shares one topic", topics=[dosing], publish_at=days_ago(3))
    older = make_article("Older, shares a topic", topics=[safety], publish_at=days_ago(9))
    make_article("Newest, another topic", topics=[other], publish_at=days_ago(0))

    assert list(article.related_articles(limit=3)) == [both, one, older]
    assert list(article.related_articles(limit=2)) == [both, one]


def test_home_features_the_newest_featured_articles_then_fills_with_the_newest(client, make_article):
    plain = [make_article(f"Plain {n}", publish_at=days_ago(n)) for n in range(1, 4)]
    featured_old = make_article("Featured older", featured=True, publish_at=days_ago(30))
    make_article("Featured draft", featured=True, status="draft")

    featured = client.get(reverse("home")).context["featured_articles"]
    assert featured == [featured_old, plain[0], plain[1]]
