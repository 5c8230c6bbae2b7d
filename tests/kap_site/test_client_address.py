"""Client addresses as rate limits and sign-in throttling count them (kap_site.proxies)."""

import pytest
from django.test import RequestFactory

from consultations.ratelimit import Decision, check_request
from kap_site.proxies import TrustedProxyMiddleware, client_network, parse_address


@pytest.mark.parametrize(("text", "expected"), [
    ("203.0.113.5", "203.0.113.5"),
    ("203.0.113.5:4711", "203.0.113.5"),
    (" 203.0.113.5 ", "203.0.113.5"),
    ("::ffff:203.0.113.151", "203.0.113.151"),
    ("[::ffff:203.0.113.151]:80", "203.0.113.151"),
    ("2001:db8::1", "2001:db8::1"),
    ("[2001:db8::1]", "2001:db8::1"),
    ("[2001:db8::1]:4711", "2001:db8::1"),
    ("fe80::1%eth0", "fe80::1"),
    ("unknown", None),
    ("", None),
    ("[2001:db8::1", "2001:db8::1"),
    ("999.1.1.1", None),
])
def test_parse_address(text, expected):
    ip = parse_address(text)
    assert (str(ip) if ip else None) == expected


def seen_network(rf, **meta):
    seen = {}

    def view(request):
        seen["network"] = client_network(request)

    TrustedProxyMiddleware(view)(rf.get("/", **meta))
    return seen["network"]


def test_ipv6_counted_by_64_and_ipv4_mapped_as_ipv4(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    one = seen_network(rf, REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    same_64 = seen_network(rf, REMOTE_ADDR="2001:db8:1:2:ffff:1:2:3")
    other_64 = seen_network(rf, REMOTE_ADDR="2001:db8:1:3::1")
    assert one == same_64 == "2001:db8:1:2::/64"
    assert other_64 != one
    assert seen_network(rf, REMOTE_ADDR="::ffff:203.0.113.151") == seen_network(rf, REMOTE_ADDR="203.0.113.151")


def test_forwarded_addresses_with_ports_and_brackets_are_distinct_clients(rf, settings):
    """A load balancer writing `ip:port` or `[ip]:port` must not lump everyone together."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    first = seen_network(rf, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7:51000")
    second = seen_network(rf, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.9:51000")
    bracketed = seen_network(rf, REMOTE_ADDR="10.0.0.5:443", HTTP_X_FORWARDED_FOR="[2001:db8:5::9]:443")
    assert first == "203.0.113.7"
    assert second == "198.51.100.9"
    assert bracketed == "2001:db8:5::/64"
    # A stranger's forwarded header is ignored, whatever its form.
    assert seen_network(rf, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.7:1") == "198.51.100.7"


def test_unreadable_address_is_not_a_shared_bucket(rf, settings):
    settings.TRUSTED_PROXIES = []
    assert seen_network(rf, REMOTE_ADDR="garbage-a") != seen_network(rf, REMOTE_ADDR="garbage-b")


@pytest.mark.django_db
def test_rate_limit_counts_a_whole_ipv6_64_together(settings):
    settings.CONSULTATION_RATE_LIMIT = 2
    rf = RequestFactory()
    results = [check_request(rf.post("/", REMOTE_ADDR=f"2001:db8:7:7::{n}")) for n in range(1, 4)]
    assert results == [Decision.ACCEPT, Decision.ACCEPT, Decision.ACCEPT_FLAGGED]
    assert check_request(rf.post("/", REMOTE_ADDR="2001:db8:7:8::1")) is Decision.ACCEPT
