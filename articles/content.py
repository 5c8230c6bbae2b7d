"""Seed a new site's topics, articles and pages from the Markdown files in content/.

The database owns the content; the files only seed it. Loading creates what is missing and
never changes, republishes or unpublishes anything that exists (`make run` and `make serve`
run it on every start, and staff's edits in the admin must survive that). Seeded articles and
pages that the files mark as published are published as approved by the sample clinician of
the sample practice profile, so a new site shows its library; `check --deploy` warns until a
real clinical reviewer approves them again.

Bringing one file's text into an existing article or page again is deliberate:
`manage.py import_content <file>` shows the difference and asks (see `import_file`). The
imported text becomes the working copy, which goes through clinical review like any edit.
"""

import datetime
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import reversion
import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.dateparse import parse_datetime

from practice.models import Clinician

from .hero_art import draw_hero, drawing_name
from .models import Article, Page, PublicStatus, Reference, Topic

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    # Loading never updates; kept for callers that read it.
    @property
    def updated(self):
        return []

    @property
    def unchanged(self):
        return self.kept


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


def file_language(path):
    """content/articles/x.md is English; content/es/articles/x.md is its Spanish translation."""
    folder = Path(path).parent.parent.name
    return folder if folder in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def read_file(path):
    """A content file as (kind, slug, text fields, its metadata). A translation's slug is its
    original's (`translation_of`)."""
    path = Path(path)
    post = frontmatter.load(path)
    meta = post.metadata
    kind = "page" if path.parent.name == "pages" else "article"
    slug = meta.get("translation_of") or meta.get("slug") or path.stem
    text = {"draft_title": meta["title"], "draft_summary": meta["summary"], "draft_body": post.content.strip() + "\n"}
    return kind, slug, text, meta


def start_here_position(featured):
    """"featured: 2" puts an article second in the home page's "Start here"; true: after those."""
    return featured if isinstance(featured, int) and not isinstance(featured, bool) and featured > 0 else None


def load_topics(report, directory):
    for entry in yaml.safe_load((directory / "topics.yaml").read_text()):
        spanish = {"name_es": entry.get("name_es", ""), "description_es": entry.get("description_es", "")}
        topic = Topic.objects.filter(slug=entry["slug"]).first()
        if topic is not None:
            # A topic made before names were translated gets its Spanish name; nothing else changes.
            missing = {name: value for name, value in spanish.items() if value and not getattr(topic, name)}
            if missing:
                Topic.objects.filter(pk=topic.pk).update(**missing)
            report.kept.append(f"topic {entry['slug']}")
            continue
        Topic.objects.create(
            slug=entry["slug"], name=entry["name"], description=entry.get("description", ""), **spanish
        )
        report.created.append(f"topic {entry['slug']}")


def _hero(article, slug, hero):
    art_name = drawing_name(slug, hero.get("motif", "sunrise"), hero.get("palette", "dawn"))
    stored_name = f"{Article.hero_image.field.upload_to}{art_name}"
    storage = article.hero_image.storage
    if not storage.exists(stored_name):
        png = draw_hero(hero.get("motif", "sunrise"), hero.get("palette", "dawn"), seed=slug)
        storage.save(stored_name, ContentFile(png))
    article.hero_image.name = stored_name
    article.hero_alt = hero["alt"]


def _publish_seeded(item, meta, at=None):
    """A file marked published: approved by the sample clinician, then published."""
    if meta.get("status", PublicStatus.PUBLISHED) != PublicStatus.PUBLISHED:
        return
    item.approve_as_seeded(Clinician.objects.sample())
    item.publish(at=at)


def _original(model, path, meta):
    """The English original a translation file names, which must already exist."""
    language = file_language(path)
    if language == settings.LANGUAGE_CODE:
        return None
    original = model.objects.filter(language=settings.LANGUAGE_CODE, slug=meta.get("translation_of", "")).first()
    if original is None:
        raise ValueError(f"{Path(path).name}: translation_of must name an existing English {model._meta.model_name}")
    return original


def create_translated_article(path, original):
    _kind, slug, text, meta = read_file(path)
    article = Article(
        slug=slug, **text, language=file_language(path), translation_of=original,
        author=meta.get("author", original.author),
        featured=original.featured, start_here_position=original.start_here_position,
        publish_at=_as_datetime(meta["published"]) if meta.get("published") else original.publish_at,
        # The original's drawing, described in this language.
        hero_image=original.hero_image.name, hero_renditions=original.hero_renditions,
        hero_alt=(meta.get("hero") or {}).get("alt", ""),
        translated_from_hash=original.published_hash,
    )
    article.full_clean(exclude=["hero_image"])
    article.save()
    article.topics.set(original.topics.all())
    _add_references(article, meta)
    _publish_seeded(article, meta, at=article.publish_at)
    return article


def _add_references(article, meta):
    Reference.objects.bulk_create(
        Reference(article=article, position=i, title=ref["title"], publisher=ref["publisher"], year=int(ref["year"]),
                  url=ref["url"])
        for i, ref in enumerate(meta.get("references") or [])
    )
    article.refresh_reference_list()


def create_article(path):
    _kind, slug, text, meta = read_file(path)
    original = _original(Article, path, meta)
    if original is not None:
        return create_translated_article(path, original)
    article = Article(
        slug=slug, **text,
        author=meta.get("author", "Editorial team"),
        featured=bool(meta.get("featured", False)),
        start_here_position=start_here_position(meta.get("featured")),
        publish_at=_as_datetime(meta["published"]),
    )
    if meta.get("hero"):
        _hero(article, slug, meta["hero"])
    article.full_clean(exclude=["hero_image"])
    article.save()
    topic_slugs = sorted(meta.get("topics") or [])
    topics = list(Topic.objects.filter(slug__in=topic_slugs))
    missing = set(topic_slugs) - {t.slug for t in topics}
    if missing:
        raise ValueError(f"{Path(path).name}: unknown topics {sorted(missing)}; add them to topics.yaml")
    article.topics.set(topics)
    _add_references(article, meta)
    _publish_seeded(article, meta, at=_as_datetime(meta["published"]))
    return article


def create_page(path):
    _kind, slug, text, meta = read_file(path)
    original = _original(Page, path, meta)
    page = Page(
        slug=slug, **text, language=file_language(path), translation_of=original,
        menu_order=original.menu_order if original else int(meta.get("order", 0)),
        translated_from_hash=original.published_hash if original else "",
    )
    page.full_clean()
    page.save()
    _publish_seeded(page, meta)
    return page


def load_content(directory=CONTENT_DIR):
    """Create the topics, articles and pages that do not exist yet; keep everything else as is."""
    directory = Path(directory)
    report = LoadReport()
    with transaction.atomic():
        load_topics(report, directory)
        # English first: each translation names its English original.
        others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        languages = [settings.LANGUAGE_CODE, *others]
        for language in languages:
            base = directory if language == settings.LANGUAGE_CODE else directory / language
            _load_folder(report, base, language)
    return report


def _load_folder(report, base, language):
    for model, folder, create in [(Article, "articles", create_article), (Page, "pages", create_page)]:
        existing = set(model.objects.filter(language=language).values_list("slug", flat=True))
        for path in sorted((base / folder).glob("*.md")):
            _kind, slug, _text, _meta = read_file(path)
            in_language = "" if language == settings.LANGUAGE_CODE else f" ({language})"
            label = f"{model._meta.model_name} {slug}{in_language}"
            if slug in existing:
                report.kept.append(label)
                continue
            with reversion.create_revision():
                where = path.relative_to(base.parent if language != settings.LANGUAGE_CODE else base)
                reversion.set_comment(f"Created from the starting content files ({where}).")
                create(path)
            report.created.append(label)


@dataclass
class ImportPlan:
    """What re-importing one file would change in the working copy of an existing item."""

    kind: str
    slug: str
    item: object = None
    text: dict = field(default_factory=dict)
    diff: str = ""

    @property
    def changes(self):
        return bool(self.diff)


def plan_import(path):
    kind, slug, text, _meta = read_file(path)
    model = Page if kind == "page" else Article
    item = model.objects.filter(language=file_language(path), slug=slug).first()
    plan = ImportPlan(kind=kind, slug=slug, item=item, text=text)
    if item is None:
        return plan
    current = {name: getattr(item, name) for name in text}
    lines = []
    for name, label in [("draft_title", "title"), ("draft_summary", "summary"), ("draft_body", "body")]:
        lines += difflib.unified_diff(
            current[name].splitlines(), text[name].splitlines(),
            fromfile=f"{label} (in the database)", tofile=f"{label} ({Path(path).name})", lineterm="",
        )
    plan.diff = "\n".join(lines)
    return plan


def apply_import(plan, path):
    """Create the item, or put the file's text in its working copy (which then needs review)."""
    with transaction.atomic(), reversion.create_revision():
        if plan.item is None:
            reversion.set_comment(f"Created from {Path(path).name}.")
            return (create_page if plan.kind == "page" else create_article)(path)
        reversion.set_comment(f"Text re-imported from {Path(path).name}; needs clinical review.")
        for name, value in plan.text.items():
            setattr(plan.item, name, value)
        plan.item.save()
        return plan.item
