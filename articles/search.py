"""Article search: PostgreSQL full-text search with ranking, a simple fallback elsewhere."""

from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200


def search_vector():
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def is_postgresql(queryset):
    return connections[queryset.db].vendor == "postgresql"


def refresh_search_document(article):
    queryset = type(article).objects.filter(pk=article.pk)
    if is_postgresql(queryset):
        queryset.update(search_document=search_vector())


def clean_query(raw):
    """What a visitor typed, as a search: printable characters, single spaces, bounded length."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def contains_every_word(query, fields=("title", "summary", "body")):
    """A condition: each word of the query (the first ten) is in one of `fields`, in any case.
    None when the query has no words."""
    words = query.split()[:10]
    if not words:
        return None
    return reduce(and_, [reduce(or_, [Q(**{f"{field}__icontains": word}) for field in fields]) for word in words])


def search_articles(queryset, query):
    query = clean_query(query)
    if not query:
        return queryset.none()
    if is_postgresql(queryset):
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        # Ranking reads every candidate's document; ranking only the newest matches keeps a
        # broad search's cost flat as the library grows (relevance is judged among these).
        candidates = (
            queryset.filter(search_document=search_query)
            .order_by("-publish_at")
            .values("pk")[: settings.ARTICLE_LIST_LIMIT]
        )
        return (
            queryset.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_document"), search_query))
            .order_by("-rank", "-publish_at")
        )
    return queryset.filter(contains_every_word(query)).order_by("-publish_at")
