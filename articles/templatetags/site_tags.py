import json

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.hero_art import is_drawing
from articles.images import CARD_SIZES, HERO_SIZES
from articles.models import ClinicallyReviewed

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """Serialise structured data for a <script type="application/ld+json"> block, safely."""
    # Safe: <, > and & are escaped, so the JSON cannot close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


def _srcset(entries):
    return ", ".join(f"{settings.MEDIA_URL}{name} {width}w" for name, width, _height in entries)


@register.simple_tag
def hero_picture(article, variant="hero"):
    """A <picture> with WebP and JPEG renditions, sized so the page never shifts as it loads.
    Our own drawings are decoration and get an empty alt; a photo keeps the description staff wrote."""
    renditions = article.hero_renditions or {}
    if not renditions.get("jpeg"):
        return ""
    is_hero = variant == "hero"
    sizes = HERO_SIZES if is_hero else CARD_SIZES
    fallback_name, _w, _h = renditions["jpeg"][0 if not is_hero else min(1, len(renditions["jpeg"]) - 1)]
    loading = 'fetchpriority="high"' if is_hero else 'loading="lazy" decoding="async"'
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {}></picture>',
        _srcset(renditions["webp"]),
        sizes,
        settings.MEDIA_URL,
        fallback_name,
        _srcset(renditions["jpeg"]),
        sizes,
        renditions["width"],
        renditions["height"],
        "" if is_drawing(renditions.get("source")) else article.hero_alt,
        mark_safe(loading),  # noqa: S308 (a fixed attribute string, no user input)
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    request = context["request"]
    path = path if path is not None else request.path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # Rendering the 400 page for a request with a forged Host header.
        return settings.SITE_URL + path



@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each language, for the language switcher and the hreflang links: a list of
    {"code", "name", "url", "exists", "current"}. An article or page shown in one language
    points to its translation; when there is none (or it is not public), `exists` is False and
    `url` is that language's home page. Any other page (home, lists, search, the form) has the
    same address under the other prefix."""
    request = context.get("request")
    current = translation.get_language()
    item = context.get("article") or context.get("page")
    versions = []
    for code, name in settings.LANGUAGES:
        exists = True
        if request is None:
            url = "/"
        elif isinstance(item, ClinicallyReviewed):
            url = item.public_version_url(code)
            exists = url is not None
            if not exists:
                with translation.override(code):
                    url = reverse("home")
        else:
            url = translate_url(request.get_full_path(), code)
            exists = request.resolver_match is not None
        versions.append({"code": code, "name": name, "url": url, "exists": exists, "current": code == current})
    return versions
