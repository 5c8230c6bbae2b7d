import logging

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError
from django.middleware.gzip import GZipMiddleware
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

# No inline script anywhere, no third-party origin. The admin needs inline style attributes.
PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
ADMIN_CSP = PUBLIC_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    """Headers that Django's SecurityMiddleware does not set, on every response, static files too
    (this sits above WhiteNoise so its responses pass through here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        csp = ADMIN_CSP if request.path.startswith("/admin/") else PUBLIC_CSP
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """When the database is down, say so kindly (503) instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        logger.error("Database unavailable: %s", type(exception).__name__)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response


class ResilientSessionMiddleware(SessionMiddleware):
    """Sessions live in the database. When it is down, still send the page the view made
    (the 503 that keeps a visitor's answers) instead of failing while saving the session."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except DatabaseError:
            logger.error("Database unavailable while saving a session")
            return response


def accepts_gzip(request):
    """Whether the client asked for gzip, honouring "gzip;q=0" (which means: never)."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() != "gzip":
            continue
        quality = params.strip().lower().removeprefix("q=") or "1"
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False


class TextGZipMiddleware(GZipMiddleware):
    """Gzip for public pages, feeds and sitemaps (an article's HTML goes from about 22 KB to
    6 KB on a phone's connection), for visitors without a session.

    Compression-size attacks (BREACH) need a secret and text an attacker controls in the same
    answer. So nothing is compressed for anyone with a session (staff, the admin, a person
    who has just sent the form), and no answer to a POST (it echoes what a person typed).
    What is left holds no secret, so the output needs no random padding: the same page gives
    the same bytes, and so the same ETag, in every server process."""

    COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/atom+xml", "application/json", "image/svg+xml")
    max_random_bytes = 0

    def process_response(self, request, response):
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith("/admin/")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not response.get("Content-Type", "").startswith(self.COMPRESSIBLE_TYPES)
        ):
            return response
        if not accepts_gzip(request):
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
