"""Per-client limits on consultation requests, counted in the shared database so that every
server process counts together. The client's address is stored only as a keyed hash, and
addresses are grouped as kap_site.proxies.client_network does (IPv6 by /64).

Many people share one address (a phone network, a clinic, a library), so going over the
ordinary hourly limit never turns a person away: the request is stored and flagged for staff.
Only a much larger daily number per address is refused, so a flood cannot fill the database."""

import enum

from django.conf import settings

from kap_site.counters.models import EventCount, keyed_hash
from kap_site.proxies import client_network

DAY = 86400


class Decision(enum.Enum):
    ACCEPT = "accept"
    ACCEPT_FLAGGED = "accept flagged"  # stored, marked for staff as one of many from this address
    REFUSE = "refuse"  # the daily bound for this address is used up


def check_request(request, urgent=False):
    """Count one submission for this client and decide what happens to it.

    A request that shows risk of suicide or self-harm is never flagged or held back by the
    ordinary limit; its own, larger daily bound still stops a flood."""
    client = keyed_hash(client_network(request))
    if urgent:
        within = EventCount.objects.record(f"consultation-urgent:{client}", DAY) <= (
            settings.CONSULTATION_URGENT_DAILY_LIMIT
        )
        return Decision.ACCEPT if within else Decision.REFUSE
    hourly = EventCount.objects.record(f"consultation-rate:{client}", settings.CONSULTATION_RATE_WINDOW_SECONDS)
    if hourly <= settings.CONSULTATION_RATE_LIMIT:
        return Decision.ACCEPT
    over = EventCount.objects.record(f"consultation-over-limit:{client}", DAY)
    return Decision.ACCEPT_FLAGGED if over <= settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT else Decision.REFUSE

