"""Spanish visitors read Spanish: every string the site can show is marked for translation,
the committed catalog (locale/es/LC_MESSAGES/django.po) translates every one of them, and
the public Spanish pages carry no English outside parts marked lang="en" (a paper's title,
the practice's own profile text, the link to the English site)."""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from articles.content import load_content
from articles.models import Article, Page

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"

# What `make messages` reads (keep the two lists alike): the public site. The staff admin and its
# templates, staff emails, the tests and the benchmark stay in English, so they are not extracted.
MAKEMESSAGES_IGNORE = [".venv/*", "tests/*", "bench/*", "staff/*", "templates/admin/*", "templates/registration/*"]


# --- The catalog ----------------------------------------------------------------------------


def _po_string(line):
    literal = line[line.index('"') + 1:line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), literal)


def read_catalog(path):
    """The entries of a .po file: [{"msgctxt", "msgid", "msgid_plural", "msgstr": [forms], "flags"}],
    without the header. A plain reader: the catalog is written by makemessages, one field a line
    followed by its continuation lines."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field, flags = {"msgstr": []}, None, set()
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#~"):
                field = None  # an obsolete entry: not part of the catalog
                entry = None
                break
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field == "msgstr":
                    entry["msgstr"][-1] += _po_string(line)
                else:
                    entry[field] += _po_string(line)
            else:
                keyword = line.split(" ", 1)[0]
                field = "msgstr" if keyword.startswith("msgstr") else keyword
                if field == "msgstr":
                    entry["msgstr"].append(_po_string(line))
                else:
                    entry[field] = _po_string(line)
        if entry is None or "msgid" not in entry or entry["msgid"] == "":
            continue
        entry["flags"] = flags
        entries.append(entry)
    return entries


def catalog_keys(entries):
    return {(entry.get("msgctxt"), entry["msgid"]) for entry in entries}


def test_every_string_in_the_catalog_has_a_spanish_translation():
    entries = read_catalog(CATALOG)
    assert len(entries) > 100, "the Spanish catalog is missing or nearly empty"
    untranslated = [entry["msgid"] for entry in entries if not entry["msgstr"] or not all(entry["msgstr"])]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert untranslated == [], f"{len(untranslated)} strings have no Spanish translation: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy (unchecked) translations: {fuzzy[:10]}"


def test_translations_keep_their_placeholders():
    """A translation that drops or misspells %(name)s would fail when the page is shown."""
    placeholder = re.compile(r"%\((\w+)\)s")
    for entry in read_catalog(CATALOG):
        wanted = set(placeholder.findall(entry["msgid"]))
        for form in entry["msgstr"]:
            assert set(placeholder.findall(form)) == wanted, entry["msgid"]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (makemessages)")
def test_the_catalog_holds_every_string_the_code_marks(tmp_path):
    """Extract the strings afresh from a copy of the project (as `makemessages` does) and compare
    with the committed catalog: a new visible string needs its translation in the same change,
    and a string no longer used is dropped (--no-obsolete)."""
    project = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "media", "staticfiles", "__pycache__", "*.mo", ".*cache"))
    (copy / "locale" / "es" / "LC_MESSAGES" / "django.po").unlink()
    command = [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "--no-location",
               *(arg for pattern in MAKEMESSAGES_IGNORE for arg in ("-i", pattern))]
    subprocess.run(command, cwd=copy, check=True, capture_output=True, text=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"})
    extracted = catalog_keys(read_catalog(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    committed = catalog_keys(read_catalog(CATALOG))
    missing = sorted(extracted - committed, key=str)
    unused = sorted(committed - extracted, key=str)
    assert missing == [], f"marked in the code, missing from {CATALOG.name} (run makemessages): {missing[:10]}"
    assert unused == [], f"strings in {CATALOG.name} that the code no longer uses: {unused[:10]}"


# --- The pages ------------------------------------------------------------------------------

# Words that appear in almost any English sentence and in no Spanish one. Part of a hyphenated
# term does not count: a Spanish sentence may gloss the English name, as in "(out-of-network)".
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(?:the|and|your|with|you|for|this|is|are|not|of|to|Read|Search|Menu|Skip|Page|Previous|Next|References|Call|Articles"
    r"|reviewed|Questions|About|Privacy)(?![\w-])"
)
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# What search results and link previews show of a page.
SHOWN_META = {"description", "og:site_name", "og:title", "og:description", "og:image:alt"}


class SpanishText(HTMLParser):
    """The text a visitor sees or hears (text, alt, aria-label, title, placeholder, the meta
    description), leaving out every element marked as another language and everything inside it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, counts) for each open element: counts is False inside another language or a script
        self.parts = []

    @property
    def counts(self):
        return all(counted for _tag, counted in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        counted = attrs.get("lang", "es").split("-")[0] == "es" and tag not in {"script", "style"}
        if counted and self.counts:
            self.parts.extend(value for name, value in attrs.items() if name in VISIBLE_ATTRIBUTES and value)
            if tag == "meta" and (attrs.get("name") or attrs.get("property")) in SHOWN_META:
                self.parts.append(attrs.get("content") or "")
        if tag not in self.VOID:
            self.stack.append((tag, counted))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.counts:
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_in(html):
    text = SpanishText.of(html)
    return sorted({f"…{text[max(0, m.start() - 30):m.end() + 30]}…" for m in ENGLISH_WORDS.finditer(text)})


@pytest.fixture
def spanish_site(db):
    with translation.override("es"):
        if translation.gettext("Skip to main content") == "Skip to main content":
            pytest.fail("the Spanish catalog is not compiled: run manage.py compilemessages")
    load_content()
    return {
        "articles": list(Article.objects.published().filter(language="es")),
        "pages": list(Page.objects.published().filter(language="es")),
    }


def spanish_page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    html = response.content.decode()
    assert '<html lang="es">' in html, path
    return html


def test_the_spanish_pages_exist(spanish_site):
    assert len(spanish_site["articles"]) >= 6
    assert {page.slug for page in spanish_site["pages"]} >= {"about", "what-to-expect", "faq", "crisis", "privacy"}


@pytest.mark.parametrize("path", ["/es/", "/es/articles/", "/es/search/", "/es/search/?q=depresion",
                                  "/es/search/?q=zzzzqqq", "/es/search/?q=suicidio"])
def test_spanish_pages_show_no_english(client, spanish_site, path):
    assert english_in(spanish_page(client, path)) == []


def test_spanish_search_finds_articles(client, spanish_site):
    html = spanish_page(client, "/es/search/?q=depresion")
    assert re.search(r"\d+ artículos? para «depresion»", html), "the search shows no Spanish results"


def test_spanish_articles_show_no_english(client, spanish_site):
    for article in spanish_site["articles"]:
        html = spanish_page(client, article.get_absolute_url())
        assert english_in(html) == [], article.get_absolute_url()
        # Dates in Spanish, e.g. "29 de noviembre de 2026".
        assert re.search(r"\d{1,2} de [a-z]+ de \d{4}</time>", html), article.get_absolute_url()
        # A paper's title stays in its own language, marked as such.
        if 'class="references"' in html:
            assert re.search(r'<a href="[^"]+" rel="noopener noreferrer" lang="en">', html)


def test_spanish_pages_and_topics_show_no_english(client, spanish_site):
    paths = [page.get_absolute_url() for page in spanish_site["pages"]]
    paths += [f"/es/articles/topics/{slug}/" for slug in
              {topic.slug for article in spanish_site["articles"] for topic in article.topics.all()}]
    for path in paths:
        assert english_in(spanish_page(client, path)) == [], path


def test_spanish_crisis_help_is_in_the_same_place(client, spanish_site):
    html = spanish_page(client, "/es/articles/")
    strip = html[html.index('<aside class="crisis-strip'):html.index("</aside>")]
    assert html.index('<aside class="crisis-strip') < html.index("<main")
    for expected in ['href="tel:988"', "Llame al 988", "En el 988, marque 2 para español",
                     'href="sms:988?&amp;body=AYUDA"', "AYUDA al 988", 'href="tel:911"', "Llame al 911",
                     'href="/es/crisis/"']:
        assert expected in strip, expected


@pytest.mark.parametrize("path", ["/es/no-such-page/", "/es/articles/no-such-article/"])
def test_the_not_found_page_is_in_spanish(client, spanish_site, path):
    html = spanish_page(client, path, status=404)
    assert "No encontramos esa página" in html
    assert english_in(html) == []


def test_error_pages_are_in_spanish(rf, spanish_site):
    from django.template import loader

    with translation.override("es"):
        for name, expected in [("400.html", "No pudimos leer esa solicitud"), ("403.html", "No tiene acceso"),
                               ("403_csrf.html", "Envíe el formulario otra vez"), ("503.html", "Intente de nuevo"),
                               ("500.html", "Algo salió mal")]:
            request = rf.get("/es/")
            html = loader.get_template(name).render({}, request if name != "500.html" else None)
            assert expected in html, name
            assert english_in(html) == [], name


def test_english_pages_stay_english(client, spanish_site):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Skip to main content" in html and "Ketamine-assisted psychotherapy" in html
    # The check above finds English that is not marked as such.
    assert english_in(html.replace('<html lang="en">', '<html lang="es">'))
    assert 'lang="es">En español: llame al 988 y marque' in html  # the crisis strip's Spanish line
