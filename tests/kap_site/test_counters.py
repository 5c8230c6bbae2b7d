"""Rate-limit and lockout counters: one atomic statement per event, shared by every process,
each window counted on its own row, and rows of ended windows dropped."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kap_site.counters import models as counters
from kap_site.counters.models import EventCount
from tests.conftest import requires_postgresql, run_concurrently


def events_by_bucket():
    return dict(EventCount.objects.values_list("bucket", "events"))


@pytest.mark.django_db
def test_events_are_counted_within_a_window_and_restart_in_the_next(monkeypatch):
    ends_at = timezone.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(counters, "window_bucket", lambda key, window: (f"{key}:window-1", ends_at))
    assert [EventCount.objects.record("k", 3600) for _ in range(3)] == [1, 2, 3]
    assert EventCount.objects.record("other", 3600) == 1
    assert events_by_bucket() == {"k:window-1": 3, "other:window-1": 1}
    monkeypatch.setattr(counters, "window_bucket", lambda key, window: (f"{key}:window-2", ends_at))
    assert EventCount.objects.record("k", 3600) == 1
    assert events_by_bucket() == {"k:window-1": 3, "k:window-2": 1, "other:window-1": 1}
    EventCount.objects.forget("k", 3600)
    assert events_by_bucket() == {"k:window-1": 3, "other:window-1": 1}


@pytest.mark.django_db
def test_a_window_lasts_until_its_end():
    EventCount.objects.record("hourly", 3600)
    counter = EventCount.objects.get()
    assert counter.expires_at > timezone.now()
    assert counter.expires_at - timezone.now() <= datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_window_ends_are_stored_as_the_orm_stores_them():
    # Compared with ORM-written times when ended windows are dropped: same format on every database.
    EventCount.objects.record("format", 3600)
    _bucket, ends_at = counters.window_bucket("format", 3600)
    assert EventCount.objects.filter(expires_at=ends_at).count() == 1


@pytest.mark.django_db
def test_recording_an_event_is_one_query_once_the_window_exists():
    EventCount.objects.record("busy-client", 3600)
    with CaptureQueriesContext(connection) as queries:
        assert EventCount.objects.record("busy-client", 3600) == 2
    assert len(queries) == 1


@pytest.mark.django_db
def test_ended_windows_are_dropped_when_a_new_one_starts():
    EventCount.objects.create(bucket="old:1", events=7, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    EventCount.objects.create(bucket="current:1", events=2, expires_at=timezone.now() + datetime.timedelta(hours=1))
    EventCount.objects.record("someone-new", 3600)
    assert sorted(EventCount.objects.values_list("bucket", flat=True)) == sorted(
        ["current:1", EventCount.objects.get(bucket__startswith="someone-new").bucket]
    )


@requires_postgresql()
@pytest.mark.django_db(transaction=True)
def test_concurrent_events_are_each_counted_once():
    results, errors = run_concurrently(lambda: [EventCount.objects.record("crowd", 3600) for _ in range(10)])
    assert errors == []
    # Every event got its own count: no two processes ever saw the same number.
    assert sorted(count for counts in results for count in counts) == list(range(1, 81))
    assert list(EventCount.objects.filter(bucket__startswith="crowd:").values_list("events", flat=True)) == [80]
