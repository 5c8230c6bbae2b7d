"""Rate-limit and lockout counters last for their whole window, whatever the cache backend
does to an entry's timeout when it increments it."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from kap_site import counters


@pytest.mark.django_db
def test_count_event_counts_within_a_window_and_restarts_in_the_next(monkeypatch):
    monkeypatch.setattr(counters, "_bucket", lambda key, window: f"{key}:window-1")
    assert [counters.count_event("k", 3600) for _ in range(3)] == [1, 2, 3]
    assert counters.events_in_window("k", 3600) == 3
    monkeypatch.setattr(counters, "_bucket", lambda key, window: f"{key}:window-2")
    assert counters.count_event("k", 3600) == 1


@pytest.mark.django_db
def test_a_counter_outlives_the_database_caches_five_minute_default():
    counters.count_event("long-window", 3600)
    counters.count_event("long-window", 3600)  # the database cache re-saves the entry here
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM kap_cache WHERE cache_key LIKE %s", ["%long-window%"])
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):
        expires = datetime.datetime.fromisoformat(expires)
    if timezone.is_naive(expires):
        expires = expires.replace(tzinfo=datetime.UTC)
    assert (expires - timezone.now()).total_seconds() > 3600
