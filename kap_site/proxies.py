"""Who is the client? Only our own reverse proxies may say, through X-Forwarded-* headers.

A header that arrives from anywhere else is removed before Django or our code reads it, so a
visitor cannot pose as https, or as another address to dodge a rate limit or a lockout.
"""

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


@cache
def _trusted_networks(spec):
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def is_trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The first address, from the right, that is not one of our proxies."""
    address = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(address):
        hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        for hop in reversed(hops):
            address = hop
            if not is_trusted_proxy(hop):
                break
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


class TrustedProxyMiddleware:
    """Drop forwarded headers unless the request came straight from a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
