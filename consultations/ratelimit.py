"""A per-client limit on consultation requests, counted in the shared database so that every
server process counts together. The client's address is stored only as a keyed hash."""

from django.conf import settings

from kap_site.counters.models import EventCount, keyed_hash
from kap_site.proxies import client_network


def allow_request(request, urgent=False):
    """Count one submission for this client; False once it is over the limit for the window.

    A request that shows risk of suicide or self-harm is never turned away by the ordinary
    limit (many people share one address); a separate, larger daily bound still stops a flood."""
    client = keyed_hash(client_network(request))
    if urgent:
        key, window, limit = f"consultation-urgent:{client}", 86400, settings.CONSULTATION_URGENT_DAILY_LIMIT
    else:
        key = f"consultation-rate:{client}"
        window, limit = settings.CONSULTATION_RATE_WINDOW_SECONDS, settings.CONSULTATION_RATE_LIMIT
    return EventCount.objects.record(key, window) <= limit
