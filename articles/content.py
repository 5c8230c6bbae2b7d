"""Load the site's articles, topics and pages from the Markdown files in content/.

Loading is idempotent: a record is saved only when its file says something different, so
running it on every `make run` changes nothing when nothing changed. What staff enter only
in the admin (a reviewer's name and credentials) is never overwritten by the files.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.dateparse import parse_datetime

from .hero_art import draw_hero, drawing_name
from .models import Article, Page, Reference, Topic

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def record(self, label, created, changed):
        (self.created if created else self.updated if changed else self.unchanged).append(label)


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _as_datetime(value):
    parsed = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"not a date and time: {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def start_here_position(featured):
    return featured if isinstance(featured, int) and not isinstance(featured, bool) and featured > 0 else None


def _apply(instance, values):
    """Set values on instance; return True when any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def load_topics(report, directory):
    for entry in yaml.safe_load((directory / "topics.yaml").read_text()):
        topic = Topic.objects.filter(slug=entry["slug"]).first()
        created = topic is None
        topic = topic or Topic(slug=entry["slug"])
        changed = _apply(topic, {"name": entry["name"], "description": entry.get("description", "")})
        if created or changed:
            topic.save()
        report.record(f"topic {topic.slug}", created, changed)


def load_article(path, report):
    post = frontmatter.load(path)
    meta = post.metadata
    slug = meta.get("slug") or path.stem
    article = Article.objects.filter(slug=slug).first()
    created = article is None
    article = article or Article(slug=slug)
    values = {
        "title": meta["title"],
        "summary": meta["summary"],
        "body": post.content.strip() + "\n",
        "author": meta.get("author", "Editorial team"),
        "reviewer_role": meta.get("reviewer_role", "Medical director"),
        "status": meta.get("status", Article.Status.PUBLISHED),
        "publish_at": _as_datetime(meta["published"]),
        "featured": bool(meta.get("featured", False)),
        # "featured: 2" puts the article second in the home page's "Start here"; true: after those.
        "start_here_position": start_here_position(meta.get("featured")),
        "last_reviewed": _as_date(meta["last_reviewed"]),
        "next_review_due": _as_date(meta["next_review_due"]),
    }
    hero = meta.get("hero") or {}
    if hero:
        values["hero_alt"] = hero["alt"]
    changed = _apply(article, values)
    if hero:
        art_name = drawing_name(slug, hero.get("motif", "sunrise"), hero.get("palette", "dawn"))
        stored_name = f"{Article.hero_image.field.upload_to}{art_name}"
        storage = article.hero_image.storage
        if article.hero_image.name != stored_name or not storage.exists(stored_name):
            if not storage.exists(stored_name):
                png = draw_hero(hero.get("motif", "sunrise"), hero.get("palette", "dawn"), seed=slug)
                storage.save(stored_name, ContentFile(png))
            article.hero_image.name = stored_name
            changed = True
    if created or changed:
        article.full_clean(exclude=["hero_image"])
        article.save()

    topic_slugs = sorted(meta.get("topics") or [])
    if sorted(article.topics.values_list("slug", flat=True)) != topic_slugs:
        topics = list(Topic.objects.filter(slug__in=topic_slugs))
        missing = set(topic_slugs) - {t.slug for t in topics}
        if missing:
            raise ValueError(f"{path.name}: unknown topics {sorted(missing)}; add them to topics.yaml")
        article.topics.set(topics)
        changed = True

    wanted = [
        (ref["title"], ref["publisher"], int(ref["year"]), ref["url"]) for ref in meta.get("references") or []
    ]
    current = list(article.references.order_by("position", "id").values_list("title", "publisher", "year", "url"))
    if current != wanted:
        article.references.all().delete()
        Reference.objects.bulk_create(
            Reference(article=article, position=i, title=t, publisher=p, year=y, url=u)
            for i, (t, p, y, u) in enumerate(wanted)
        )
        article.refresh_reference_list()
        changed = True
    report.record(f"article {slug}", created, changed)


def load_page(path, report):
    post = frontmatter.load(path)
    meta = post.metadata
    slug = meta.get("slug") or path.stem
    page = Page.objects.filter(slug=slug).first()
    created = page is None
    page = page or Page(slug=slug)
    values = {
        "title": meta["title"],
        "summary": meta["summary"],
        "body": post.content.strip() + "\n",
        "menu_order": int(meta.get("order", 0)),
        "last_reviewed": _as_date(meta["last_reviewed"]) if meta.get("last_reviewed") else None,
    }
    changed = _apply(page, values)
    if created or changed:
        page.full_clean()
        page.save()
    report.record(f"page {slug}", created, changed)


def load_content(directory=CONTENT_DIR):
    directory = Path(directory)
    report = LoadReport()
    with transaction.atomic():
        load_topics(report, directory)
        for path in sorted((directory / "articles").glob("*.md")):
            load_article(path, report)
        for path in sorted((directory / "pages").glob("*.md")):
            load_page(path, report)
    return report
