"""Markdown to safe HTML, and the finishing touches a page gets when it is shown.

Authors write Markdown; nothing they type can run script on a page. Three small additions
to Markdown are ours, finished at display time (`finish_body`), so that one edit to a shared
file updates every page at once, without re-saving any article:

- `[^key]` cites a source: a numbered link to the reference list, which links back. The key
  is a source in content/sources.yaml (matched to an article's references by URL) or a plain
  number, the position in the article's reference list. `[^a,b]` cites several.
- `[[fact:key]]` inserts a shared sentence from content/facts.yaml (FDA dates, schedule III,
  the REMS), with its own citations.
- The first use of each term in content/glossary.yaml links to the glossary article.

Why hand-written: Python-Markdown's footnotes extension keeps notes inside the body, but our
references are structured data (front matter, the admin, schema.org), listed by the template.
"""

import html
import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

import markdown
import nh3
import yaml
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language, gettext

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "hr",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}

GLOSSARY_SLUG = "glossary"
CITATION = re.compile(r"\[\^([\w-]+(?:\s*,\s*[\w-]+)*)\]")
FACT = re.compile(r"\[\[fact:([\w-]+)\]\]")
_TABLE_CAPTION = re.compile(r"<p>Table: (.+?)</p>\s*<table>", re.DOTALL)
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_HEADING = re.compile(r"<(h[234])>(.*?)</\1>", re.DOTALL)
_TAG_OR_TEXT = re.compile(r"(<[^>]+>)")


def content_dir():
    return Path(settings.BASE_DIR) / "content"


def render_markdown(source):
    return _render_markdown(source or "")


@lru_cache(maxsize=128)
def _render_markdown(source):
    """Kept per process: a workflow step saves the same text again (approve, publish), and
    rendering a long article is most of a save's cost."""
    html_out = markdown.markdown(source, extensions=["tables", "sane_lists", "smarty"])
    return nh3.clean(
        html_out,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


# --- Shared content files -------------------------------------------------------------------


@cache
def _parsed_yaml(path, modified):
    return yaml.safe_load(path.read_text())


def _content_yaml(name, empty):
    """A shared content file, parsed once per version: an edit shows on the next page view."""
    path = content_dir() / name
    return _parsed_yaml(path, path.stat().st_mtime_ns) or empty


def sources():
    """Every source the site may cite, by key: title, publisher, year, kind, url."""
    return _content_yaml("sources.yaml", {})


def facts():
    """Shared sentences (Markdown, with citations), by key."""
    return _content_yaml("facts.yaml", {})


def source_kinds(language):
    """The kind of each source (sources.yaml's English `kind`) as a page in `language` names it."""
    if language == "es":
        return _content_yaml("es/source_kinds.yaml", {})
    return {}


def glossary_terms():
    """(anchor, words) for each glossary term; words are the forms linked in the text."""
    return tuple((entry["anchor"], tuple(entry["words"])) for entry in _content_yaml("glossary.yaml", []))


@lru_cache(maxsize=4)
def _glossary_matcher(terms):
    words = sorted({word for _anchor, forms in terms for word in forms}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)
    return pattern, {word.lower(): anchor for anchor, forms in terms for word in forms}


def expand_facts_in_markdown(source):
    """The Markdown a reader reads: shared facts written out, citation marks dropped."""
    source = FACT.sub(lambda m: facts().get(m.group(1), ""), source or "")
    return CITATION.sub("", source)


# --- Display time ---------------------------------------------------------------------------


@dataclass
class CitedReference:
    number: int
    title: str
    publisher: str
    year: int
    url: str
    kind: str = ""
    language: str = "en"  # of the title and publisher: sources.yaml's `language`, English when not given
    citations: list = field(default_factory=list)  # the ids of the places citing it, in order

    @property
    def anchor(self):
        return f"ref-{self.number}"


@dataclass
class FinishedBody:
    html: str
    references: list
    unresolved: list  # citation keys that matched no reference: a content error tests catch


class _References:
    """Numbers the sources a page cites: an article's own list first, in its order; sources
    cited only by key (a page, or a shared fact) are added in the order they are first cited."""

    def __init__(self, reference_list, registry, kind_names=None):
        self.registry = registry
        kind_names = kind_names or {}
        self.kinds = {entry["url"]: kind_names.get(entry.get("kind", ""), entry.get("kind", ""))
                      for entry in registry.values()}
        self.items = []
        self.by_url = {}
        for ref in reference_list or []:
            self._add(ref["title"], ref["publisher"], ref["year"], ref["url"])

    def _add(self, title, publisher, year, url):
        item = CitedReference(len(self.items) + 1, title, publisher, year, url, kind=self.kinds.get(url, ""),
                              language=self.languages.get(url, "en"))
        self.items.append(item)
        self.by_url[url] = item
        return item

    @cached_property
    def languages(self):
        return {entry["url"]: entry["language"] for entry in self.registry.values() if entry.get("language")}

    def resolve(self, key):
        if key.isdigit():
            number = int(key)
            return self.items[number - 1] if 0 < number <= len(self.items) else None
        entry = self.registry.get(key)
        if entry is None:
            return None
        return self.by_url.get(entry["url"]) or self._add(
            entry["title"], entry["publisher"], entry["year"], entry["url"]
        )


@lru_cache(maxsize=256)
def _fact_html(text):
    rendered = render_markdown(text).strip()
    # A fact is a sentence or two inside the author's paragraph: drop its own <p>.
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)


def _finish_tables(body):
    body = _TABLE_CAPTION.sub(r"<table><caption>\1</caption>", body)

    def header_cells(match):
        table = match.group(1)
        table = table.replace("<th>", '<th scope="col">')
        # The first cell of each body row names the row.
        table = re.sub(r"<tr>\s*<td>(.*?)</td>", r'<tr>\n<th scope="row">\1</th>', table, flags=re.DOTALL)
        # A wide table scrolls on its own on a phone; the region is focusable so keyboards can scroll it.
        caption = re.search(r"<caption>(.*?)</caption>", table, re.DOTALL)
        label = html.escape(re.sub(r"<[^>]+>", "", caption.group(1)), quote=True) if caption else gettext("Table")
        return f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0"><table>{table}</table></div>'

    return _TABLE.sub(header_cells, body)


def _heading_ids(body):
    seen = set()

    def add_id(match):
        tag, inner = match.group(1), match.group(2)
        anchor = slugify(re.sub(r"<[^>]+>", "", html.unescape(inner))) or tag
        while anchor in seen:
            anchor += "-x"
        seen.add(anchor)
        return f'<{tag} id="{anchor}">{inner}</{tag}>'

    return _HEADING.sub(add_id, body)


def _link_glossary_terms(body):
    """Link the first use of each glossary term, outside headings, links and citations."""
    terms = glossary_terms()
    if not terms:
        return body
    url = f"/articles/{GLOSSARY_SLUG}/"
    pattern, anchor_for = _glossary_matcher(terms)
    linked = set()
    skip_depth = 0
    out = []
    for part in _TAG_OR_TEXT.split(body):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in {"a", "h1", "h2", "h3", "h4", "sup", "caption", "th", "code"}:
                skip_depth += -1 if part.startswith("</") else 1
            out.append(part)
            continue
        if skip_depth > 0 or not part.strip():
            out.append(part)
            continue

        def link(match):
            anchor = anchor_for[match.group(1).lower()]
            if anchor in linked:
                return match.group(0)
            linked.add(anchor)
            return f'<a class="glossary-term" href="{url}#{anchor}">{match.group(0)}</a>'

        out.append(pattern.sub(link, part))
    return "".join(out)


def finish_body(body_html, reference_list=None, *, link_glossary=True):
    """The body as a reader sees it: facts written out, citations numbered and linked both
    ways, tables given headers and captions, headings given anchors, glossary terms linked.

    Finishing takes a few milliseconds, so results are kept per process, keyed by the body,
    its references and the version of each shared file: a page view after the first costs
    a dictionary lookup, and an edit to any of them is seen at once."""
    references = tuple(
        (ref["title"], ref["publisher"], ref["year"], ref["url"]) for ref in reference_list or []
    )
    # Each version of a shared file is parsed into one dict that is never dropped (see
    # _parsed_yaml), so its id names that version.
    language = get_language() or settings.LANGUAGE_CODE
    versions = (id(sources()), id(facts()), glossary_terms() if link_glossary else (), language,
                id(source_kinds(language.split("-")[0])))
    return _finish_body(body_html or "", references, versions)


@lru_cache(maxsize=256)
def _finish_body(body_html, reference_tuples, versions):
    registry, shared_facts = sources(), facts()
    references = _References(
        [{"title": t, "publisher": p, "year": y, "url": u} for t, p, y, u in reference_tuples], registry,
        source_kinds((versions[3] or "").split("-")[0]),
    )
    unresolved = []
    reference_label = gettext("Reference")  # the language is part of the cache key (versions)

    def fact(match):
        text = shared_facts.get(match.group(1))
        return _fact_html(text) if text else ""

    body = FACT.sub(fact, body_html)

    def cite(match):
        links = []
        for key in (k.strip() for k in match.group(1).split(",")):
            ref = references.resolve(key)
            if ref is None:
                unresolved.append(key)
                continue
            cite_id = f"cite-{ref.number}-{len(ref.citations) + 1}"
            ref.citations.append(cite_id)
            links.append(
                f'<a href="#{ref.anchor}" id="{cite_id}" aria-label="{reference_label} {ref.number}">{ref.number}</a>'
            )
        return f'<sup class="cite">{", ".join(links)}</sup>' if links else ""

    body = CITATION.sub(cite, body)
    body = _finish_tables(body)
    body = _heading_ids(body)
    if versions[2]:
        body = _link_glossary_terms(body)
    return FinishedBody(body, tuple(references.items), tuple(unresolved))


# A page with this many questions (### headings) or more gets a contents list at the top.
CONTENTS_MIN_QUESTIONS = 6
_HEADING_WITH_ID = re.compile(r'<(h[23]) id="([^"]+)">(.*?)</\1>', re.DOTALL)


def page_contents(finished_html):
    """The contents of a finished body (headings already carry ids, see _heading_ids): a list
    of sections, each {"title", "id", "questions": [{"title", "id"}]}; empty for a short page.

    Built when the page is shown from the headings themselves, so the list can never disagree
    with the page (the FAQ's questions change with its text)."""
    sections = []
    for level, anchor, inner in _HEADING_WITH_ID.findall(finished_html):
        entry = {"title": strip_tags(inner), "id": anchor}
        if level == "h2":
            sections.append({**entry, "questions": []})
        else:
            if not sections:
                sections.append({"title": "", "id": "", "questions": []})
            sections[-1]["questions"].append(entry)
    questions = sum(len(section["questions"]) for section in sections)
    return sections if questions >= CONTENTS_MIN_QUESTIONS else []
