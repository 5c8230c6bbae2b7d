"""Counting events per key in fixed time windows, in the shared cache.

Each window has its own cache key, so a count can never outlive its window, whatever the
cache backend does with timeouts when it increments (the database cache resets them).
"""

import time

from django.core.cache import cache


def _bucket(key, window_seconds):
    return f"{key}:{int(time.time() // window_seconds)}"


def count_event(key, window_seconds):
    """Record one event for `key`; return how many happened in the current window."""
    bucket = _bucket(key, window_seconds)
    cache.add(bucket, 0, timeout=window_seconds)
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window_seconds)
        return 1


def events_in_window(key, window_seconds):
    return cache.get(_bucket(key, window_seconds)) or 0


def forget(key, window_seconds):
    cache.delete(_bucket(key, window_seconds))
