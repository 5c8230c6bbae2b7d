from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils._os import safe_join
from django.views.decorators.http import require_GET, require_safe

# Media is images only: hero images we draw and the ones staff upload. Anything else in the
# folder (a stray file, a dot-file) is never served.
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
               ".avif": "image/avif", ".gif": "image/gif"}


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /consultation/received/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


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
