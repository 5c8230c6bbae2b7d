import hashlib
import hmac
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import connections, models
from django.utils import timezone


def keyed_hash(value):
    """What counters are keyed by, for a client address or a username: keyed with the secret
    key, so a stored key cannot be turned back into the address or the name."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def window_bucket(key, window_seconds):
    """The counter for `key` in the current window, and when that window ends. Each window has
    its own row, so a count can never outlive its window."""
    window = int(time.time() // window_seconds)
    return f"{key}:{window}", datetime.fromtimestamp((window + 1) * window_seconds, tz=UTC)


class EventCountQuerySet(models.QuerySet):
    def record(self, key, window_seconds):
        """Record one event for `key`; return how many happened in the current window.

        One statement, atomic under concurrency: an insert that adds one to the row if another
        process made it first. (Through the cache API this took eleven queries, two of them a
        COUNT over the whole cache table.)"""
        bucket, ends_at = window_bucket(key, window_seconds)
        connection = connections[self.db]
        # The table name is our model's, quoted; every value is a parameter.
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} AS counter (bucket, events, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
                "ON CONFLICT (bucket) DO UPDATE SET events = counter.events + 1 RETURNING events",
                [bucket, connection.ops.adapt_datetimefield_value(ends_at)],
            )
            (events,) = cursor.fetchone()
        if events == 1:
            # A new window for this key: a good moment to drop windows that have ended.
            self.filter(expires_at__lte=timezone.now()).delete()
        return events

    def forget(self, key, window_seconds):
        bucket, _ends_at = window_bucket(key, window_seconds)
        self.filter(bucket=bucket).delete()


class EventCount(models.Model):
    """How many times something happened for one key (a hashed client or account) in one
    time window. Holds no address or name: keys are keyed hashes."""

    bucket = models.CharField(max_length=200, unique=True)
    events = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    objects = EventCountQuerySet.as_manager()

    def __str__(self):
        return f"{self.bucket}: {self.events}"
