"""A per-client limit on consultation requests, kept in the shared cache so that every server
process counts together. The client's address is stored only as a keyed hash."""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the one our own trusted proxies recorded.

    Only the entries our proxies appended to X-Forwarded-For are trusted; anything a client
    wrote there itself is ignored.
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def _key(request):
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()
    return f"consultation-rate:{digest[:32]}"


def allow_request(request):
    """Count one submission for this client; False once it is over the limit for the window."""
    key = _key(request)
    window = settings.CONSULTATION_RATE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.CONSULTATION_RATE_LIMIT
