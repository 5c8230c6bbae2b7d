"""A per-client limit on consultation requests, counted in the shared database so that every
server process counts together. The client's address is stored only as a keyed hash."""

import hashlib
import hmac

from django.conf import settings

from kap_site.counters.models import EventCount
from kap_site.proxies import client_ip


def _key(request):
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()
    return f"consultation-rate:{digest[:32]}"


def allow_request(request):
    """Count one submission for this client; False once it is over the limit for the window."""
    count = EventCount.objects.record(_key(request), settings.CONSULTATION_RATE_WINDOW_SECONDS)
    return count <= settings.CONSULTATION_RATE_LIMIT
