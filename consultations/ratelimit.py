"""A per-client limit on consultation requests, counted in the shared database so that every
server process counts together. The client's address is stored only as a keyed hash."""

from django.conf import settings

from kap_site.counters.models import EventCount, keyed_hash
from kap_site.proxies import client_ip


def allow_request(request):
    """Count one submission for this client; False once it is over the limit for the window."""
    key = f"consultation-rate:{keyed_hash(client_ip(request))}"
    return EventCount.objects.record(key, settings.CONSULTATION_RATE_WINDOW_SECONDS) <= settings.CONSULTATION_RATE_LIMIT
