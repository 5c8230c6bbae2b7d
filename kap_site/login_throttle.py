"""Staff login lockout, kept in the shared cache so it holds across every server process.

Failures count per account and per client address (as our trusted proxies report it), so
neither a forged address nor a change of address resets an account's lock.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .proxies import client_ip


def _keys(request, username):
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    client = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    # A client may try a few more accounts than one account may be tried.
    return [(f"login-fail:account:{account}", 1), (f"login-fail:client:{client}", 4)]


def is_locked(request, username):
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit * factor for key, factor in _keys(request, username))


def record_failure(request, username):
    for key, _factor in _keys(request, username):
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def clear_account(request, username):
    cache.delete(_keys(request, username)[0][0])
