from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils._os import safe_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_safe

from .middleware import language_of_path

# Media is images only: hero images we draw and the ones staff upload. Anything else in the
# folder (a stray file, a dot-file) is never served.
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
               ".avif": "image/avif", ".gif": "image/gif"}


def language_prefixes():
    """"" for the default language (plain addresses), "/es" and so on for the others."""
    return ["" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES]


@require_GET
def robots_txt(request):
    private = ["/consultation/received/", "/search/"]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /language/",
        # Each language's copy of the pages search engines should not list.
        *(f"Disallow: {prefix}{path}" for prefix in language_prefixes() for path in private),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def choose_language(request, code):
    """The language switcher's link: remember the choice (a cookie holding only the language,
    settings.LANGUAGE_COOKIE_NAME) and go to the same page in that language. A plain link, not
    a form, so the pages it sits on stay cacheable and it works without JavaScript."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # The same page in the chosen language (translate_url reads the address in its own language).
    with translation.override(language_of_path(urlsplit(next_url).path)):
        target = translate_url(next_url, code)
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE, path="/",
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def media_file(request, path):
    """A media file, when no proxy serves /media/ (deploy/nginx.conf does). Unlike Django's
    static view (not for production): images only, no directory listing, no dot-files, no way out
    of MEDIA_ROOT, streamed, cacheable."""
    suffix = Path(path).suffix.lower()
    if suffix not in MEDIA_TYPES or any(part.startswith(".") for part in Path(path).parts):
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except ValueError as error:  # a path that would leave MEDIA_ROOT
        raise Http404 from error
    if not full_path.is_file():
        raise Http404
    response = FileResponse(full_path.open("rb"), content_type=MEDIA_TYPES[suffix])
    response["Cache-Control"] = "public, max-age=86400"
    return response


def healthz(request):
    """The process is up and answering. Says nothing else."""
    return HttpResponse("ok\n", content_type="text/plain", headers={"Cache-Control": "no-store"})


def readyz(request):
    """Ready for traffic: the database answers. 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain",
                            headers={"Cache-Control": "no-store"})
    return HttpResponse("ok\n", content_type="text/plain", headers={"Cache-Control": "no-store"})
