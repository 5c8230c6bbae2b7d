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


def parse_address(text):
    """An address as a proxy or load balancer may write it, or None.

    Accepts `203.0.113.5`, `203.0.113.5:4711`, `2001:db8::1`, `[2001:db8::1]:4711`,
    and unwraps IPv4-mapped IPv6 (`::ffff:203.0.113.5`) so one client is one address."""
    text = (text or "").strip().strip('"')
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    text = text.split("%", 1)[0]  # an IPv6 zone id names our interface, not the client
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def is_trusted_proxy(address):
    ip = parse_address(address)
    return ip is not None and any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The first address, from the right, that is not one of our proxies, or None when the
    request carries no readable address."""
    address = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(address):
        hops = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        for hop in reversed(hops):
            address = hop
            if not is_trusted_proxy(hop):
                break
    ip = parse_address(address)
    return str(ip) if ip else None


def client_network(request):
    """The client as rate limits and sign-in throttling count it.

    One person on IPv6 usually holds a whole /64 and can pick any address in it, so IPv6 is
    counted by /64; IPv4 by address. A request without a readable address (a broken proxy
    set-up) is counted by its raw REMOTE_ADDR text, so it is never lumped with strangers."""
    address = client_ip(request)
    if address is None:
        return "raw:" + request.META.get("REMOTE_ADDR", "")[:100]
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return address


class TrustedProxyMiddleware:
    """Drop forwarded headers unless the request came straight from a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
