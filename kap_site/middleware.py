import logging
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import DatabaseError
from django.http import HttpResponseRedirect, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.middleware.gzip import GZipMiddleware
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.datastructures import MultiValueDict
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# No inline script or style anywhere (the admin included: Django's admin templates need neither),
# no third-party origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Every powerful browser feature off, except passkeys for staff sign-in on our own origin. Only
# features Chromium recognises (an unknown name is a console error on every page).
PERMISSIONS_POLICY = ", ".join([
    *(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope", "hid", "identity-credentials-get",
        "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "otp-credentials", "payment",
        "picture-in-picture", "screen-wake-lock", "serial", "storage-access", "usb", "web-share",
        "window-management", "xr-spatial-tracking",
    )),
    "publickey-credentials-create=(self)", "publickey-credentials-get=(self)",
])


class SecurityHeadersMiddleware:
    """Headers that Django's SecurityMiddleware does not set, on every response, static files too
    (this sits above WhiteNoise so its responses pass through here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def bad_request_page(request, status=400):
    """Our own 400 page. The body is marked as read first, so nothing that renders the page can
    try to parse it again (and fail again)."""
    request._post, request._files = QueryDict(), MultiValueDict()
    response = TemplateResponse(request, "400.html", status=status)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # our one line says why; Django need not add a second
    # Answered before the language is set from the address (LocaleMiddleware): in the page's language.
    with translation.override(language_of_path(request.path_info)):
        return response.render()


def language_of_path(path):
    """The language a public address is in: Spanish under /es/, English otherwise."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class LanguagePreferenceMiddleware:
    """Someone who chose Spanish with the language switcher and comes back to the home page is
    taken to the Spanish home page. The choice is the `kap_language` cookie, which holds only
    the language (settings.LANGUAGE_COOKIE_NAME); nothing else about the visit is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.method in ("GET", "HEAD"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen and chosen != settings.LANGUAGE_CODE and translation.check_for_language(chosen):
                with translation.override(chosen):
                    response = HttpResponseRedirect(reverse("home"))
                patch_vary_headers(response, ("Cookie",))
                response["Cache-Control"] = "private, no-cache"
                return response
            response = self.get_response(request)
            # Shared caches must not give one person's home page (or redirect) to another.
            patch_vary_headers(response, ("Cookie",))
            return response
        return self.get_response(request)


# What Django raises while reading a body it cannot read: a charset other than UTF-8 on a
# URL-encoded form, a broken multipart body, too many fields, too large a body.
UNREADABLE_BODY_ERRORS = (BadRequest, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError, ValueError)


def host_port(host):
    """The explicit port in a Host header value ("example.com:8443" -> "8443"), or ""."""
    if host.endswith("]") or ":" not in host:
        return ""
    return host.rsplit(":", 1)[1]


def local_port(request):
    """The port the request really arrived on. gunicorn derives SERVER_PORT from the Host header,
    so ask its socket; other servers (the test client, runserver) set SERVER_PORT themselves."""
    sock = request.META.get("gunicorn.socket")
    if sock is not None:
        try:
            return str(sock.getsockname()[1])
        except (OSError, IndexError, TypeError):
            pass
    return str(request.META.get("SERVER_PORT", ""))


def site_port():
    parts = urlsplit(settings.SITE_URL)
    return str(parts.port or {"https": 443, "http": 80}.get(parts.scheme, ""))


class BadRequestMiddleware:
    """Requests the site cannot read get our 400 page (with every security header, as it sits
    below SecurityHeadersMiddleware) and one log line, before any other code touches them.

    - A Host with a port the site does not listen on (`Host: localhost:9999`): Django's
      ALLOWED_HOSTS ignores ports, so such a host would end up in links we build.
    - A POST body Django cannot parse: read it once here. Left to Django, the error is raised
      again by each handler that touches request.POST, ending in a 500 and a long traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.META.get("HTTP_HOST", "")
        port = host_port(host)
        if port and port not in {local_port(request), site_port()}:
            logger.warning("Bad request %s %s: Host port %s is not served here", request.method, request.path,
                           port[:8])
            # The page itself must not repeat the foreign port in its links.
            request.META["HTTP_HOST"] = host.rsplit(":", 1)[0]
            return bad_request_page(request)
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 (parse the body now, once)
                request.FILES  # noqa: B018
            except UNREADABLE_BODY_ERRORS as error:
                # One line, no body and no traceback: the body may hold patient data.
                logger.warning("Bad request %s %s: %s: %s", request.method, request.path, type(error).__name__,
                               str(error)[:200])
                return bad_request_page(request)
        return self.get_response(request)


def has_live_session(request):
    """Whether the visitor's session cookie names a session that exists. A made-up `sessionid`
    cookie must not switch off the page cache (one indexed lookup instead of a full render).
    Counted as a session when the session store cannot answer (the page is then not cached)."""
    if not hasattr(request, "_has_live_session"):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not key:
            request._has_live_session = False
        else:
            store = import_module(settings.SESSION_ENGINE).SessionStore
            try:
                request._has_live_session = store().exists(key[:64])
            except DatabaseError:
                request._has_live_session = True
    return request._has_live_session


class DatabaseUnavailableMiddleware:
    """When the database or the shared cache (Redis) is down, say so kindly (503) instead of a
    server error. Whatever needed it did not happen: a sign-in that cannot check its lock is
    refused (fails closed), and the form page keeps what the person typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (DatabaseError, RedisError)):
            return None
        logger.error("Shared service unavailable: %s", type(exception).__name__)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response


class ResilientSessionMiddleware(SessionMiddleware):
    """Sessions live in the database. When it is down, still send the page the view made
    (the 503 that keeps a visitor's answers) instead of failing while saving the session."""

    def process_response(self, request, response):
        try:
            response = super().process_response(request, response)
        except (DatabaseError, SessionInterrupted):
            # SessionInterrupted: Django's name for a session update the database did not take
            # (the database went away mid-save, or the row was removed). The view's answer (a
            # stored request's redirect, say) still stands: a 400 would tell a person whose
            # request was stored that it could not be read.
            logger.error("Database unavailable while saving a session")
            return response
        # A page made for someone with a session (staff, a person who just sent the form) is
        # theirs alone: no shared cache on the way may keep it.
        session = request.session
        if session.accessed and session.session_key and session.keys() and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            patch_cache_control(response, private=True)
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
            or has_live_session(request)
            or not response.get("Content-Type", "").startswith(self.COMPRESSIBLE_TYPES)
        ):
            return response
        if not accepts_gzip(request):
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
