"""Staff login lockout, shared by every server process: failures are counted in the database,
locks are kept in the shared cache.

Failures count per account and per client address (as our trusted proxies report it), so
neither a forged address nor a change of address resets an account's lock. Reaching the
limit sets a lock that lasts LOGIN_LOCKOUT_SECONDS from that moment.
"""

from django.conf import settings
from django.core.cache import cache

from kap_site.counters.models import EventCount, keyed_hash
from kap_site.proxies import client_network


def _keys(request, username):
    account = keyed_hash(username.strip().lower())
    client = keyed_hash(client_network(request))
    # A client may try a few more accounts than one account may be tried.
    return [(f"login-fail:account:{account}", 1), (f"login-fail:client:{client}", 4)]


def is_locked(request, username):
    return any(cache.get(f"{key}:locked") for key, _factor in _keys(request, username))


def record_failure(request, username):
    window = settings.LOGIN_LOCKOUT_SECONDS
    for key, factor in _keys(request, username):
        if EventCount.objects.record(key, window) >= settings.LOGIN_FAILURE_LIMIT * factor:
            cache.set(f"{key}:locked", True, timeout=window)


def clear_account(request, username):
    key, _factor = _keys(request, username)[0]
    EventCount.objects.forget(key, settings.LOGIN_LOCKOUT_SECONDS)
