"""Whole-page cache for visitors: public pages are rendered once per content version.

Pages are kept in each server process's memory (fast, no network). What makes them stale is
shared: a content version in the shared cache, changed whenever an app says its content
changed (`bump_content_version`), and when a change an app scheduled falls due (an app
registers when its next one is with `register_next_change`). This module knows no app's
models: apps call it, never the other way round. Each process reads
the shared version at most once every PAGE_CACHE_VERSION_CHECK_SECONDS, and at once after a
change it made itself.

Only anonymous GET/HEAD requests for public pages are served from here: anything with a
live session (staff, previews), the consultation form, the admin and health checks always run
through Django.

The shared cache (the database table or Redis) may fail: then pages are served uncached, and
this process stops asking it for CACHE_RETRY_SECONDS, so an outage costs no time per request.
"""

import hashlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.http import http_date
from redis.exceptions import RedisError

from .middleware import accepts_gzip, has_live_session

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
NEXT_PUBLISH_KEY = "page-cache:next-publish"
UNCACHED_PREFIXES = (
    "/admin/", "/consultation/", "/healthz", "/readyz", "/static/", "/media/", "/language/",
    *(f"/{code}/consultation/" for code, _name in settings.LANGUAGES),
)

# What a shared cache raises when it is down or unreachable (the database table, Redis).
CACHE_ERRORS = (DatabaseError, RedisError, OSError)

_process = {"version": None, "checked_at": 0.0, "failed_at": None, "bump_pending": False}
_lock = threading.Lock()
_next_change_providers = []


def register_next_change(provider):
    """`provider(now)` returns when the app's next scheduled change to public pages happens (an
    aware datetime after now), or None. Apps register it in their AppConfig.ready()."""
    if provider not in _next_change_providers:
        _next_change_providers.append(provider)


class SharedCacheUnavailable(Exception):
    pass


def bump_content_version():
    """Content changed: every process's cached pages are stale once the change is committed.

    Not before: a server that saw the new version while the change was still uncommitted
    would render the old text and keep it under the new version for PAGE_CACHE_SECONDS."""
    transaction.on_commit(_bump_now, robust=True)


def _bump_now():
    try:
        return _write_new_version()
    except CACHE_ERRORS as error:
        # Never fail the save that changed the content: drop this process's pages now, and
        # write the new version as soon as the shared cache answers again.
        logger.warning("Shared cache unavailable, content version not updated yet: %s", type(error).__name__)
        with _lock:
            _process.update(version=None, bump_pending=True, failed_at=time.monotonic())
        caches["pages"].clear()
        return None


def _write_new_version():
    now = timezone.now()
    upcoming = [moment for moment in (provider(now) for provider in _next_change_providers) if moment]
    next_publish = min(upcoming, default=None)
    version = uuid.uuid4().hex
    cache.set_many({VERSION_KEY: version, NEXT_PUBLISH_KEY: next_publish}, timeout=None)
    with _lock:
        _process.update(version=version, checked_at=time.monotonic(), bump_pending=False, failed_at=None)
    return version


def content_version():
    """The shared content version, or raise SharedCacheUnavailable (then serve uncached)."""
    now = time.monotonic()
    with _lock:
        if _process["version"] and now - _process["checked_at"] < settings.PAGE_CACHE_VERSION_CHECK_SECONDS:
            return _process["version"]
        failed_at = _process["failed_at"]
        if failed_at is not None and now - failed_at < settings.CACHE_RETRY_SECONDS:
            raise SharedCacheUnavailable
        bump_pending = _process["bump_pending"]
    try:
        if bump_pending:
            return _write_new_version()
        shared = cache.get_many([VERSION_KEY, NEXT_PUBLISH_KEY])
        version, next_publish = shared.get(VERSION_KEY), shared.get(NEXT_PUBLISH_KEY)
        if version is None or (next_publish is not None and timezone.now() >= next_publish):
            return _write_new_version()
    except CACHE_ERRORS as error:
        if failed_at is None:
            logger.warning("Shared cache unavailable, serving pages uncached: %s", type(error).__name__)
        # Pages kept from before the outage may miss a change made during it.
        caches["pages"].clear()
        with _lock:
            _process.update(version=None, failed_at=time.monotonic())
        raise SharedCacheUnavailable from error
    with _lock:
        if failed_at is not None:
            logger.warning("Shared cache answers again")
        _process.update(version=version, checked_at=now, failed_at=None)
    return version


def _is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not has_live_session(request)
    )


def _is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            return self.get_response(request)
        try:
            version = content_version()
        except SharedCacheUnavailable:
            # Serve the page uncached (or, with the database down too, the view's kind 503).
            return self.get_response(request)
        pages = caches["pages"]
        # Pages are compressed below this middleware: keep one copy per encoding.
        encoding = "gzip" if accepts_gzip(request) else "identity"
        key = "page:" + hashlib.sha256(
            f"{version}|{encoding}|{request.get_host()}|{request.get_full_path()}".encode()
        ).hexdigest()
        response = pages.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if _is_cacheable_response(response):
            set_response_etag(response)
            response["Last-Modified"] = http_date()
            response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}"
            pages.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response
