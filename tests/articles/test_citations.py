"""Cited sentence by sentence: every inline citation is a real, labelled link to an item of the
reference list, which links back; every listed source is cited; each says what kind of source
it is; shared facts and glossary links come from one file each."""

import re

import frontmatter
import pytest
import yaml

from articles.content import CONTENT_DIR, load_content
from articles.markup import CITATION, FACT, facts, finish_body, glossary_terms, render_markdown, sources

from .content_pages import ARTICLE_FILES, PAGE_FILES, article_urls, main_html, page_urls, references_html

CITE_LINK = re.compile(r'<a href="#(ref-\d+)" id="(cite-\d+-\d+)" aria-label="Reference (\d+)">(\d+)</a>')
BACK_LINK = re.compile(r'<a class="back-to-text" href="#(cite-\d+-\d+)" aria-label="Back to the text[^"]*">')


@pytest.fixture
def loaded(db):
    return load_content()


def _list_items(references):
    return dict(re.findall(r'<li id="(ref-\d+)">(.*?)</li>', references, re.DOTALL))


def test_citations_link_to_the_reference_list_and_back(client, loaded):
    for url in article_urls() + page_urls():
        _check_citations(url, main_html(client.get(url)))


def _check_citations(url, main):
    references = references_html(main)
    items = _list_items(references)
    cites = CITE_LINK.findall(main)
    if url.startswith("/articles/"):
        assert len(items) >= 3, f"{url}: {len(items)} references"
    if not items:
        assert url == "/privacy/", f"{url} cites no sources"
        return
    assert "[^" not in main and "[[fact:" not in main, f"{url}: a citation or fact was not resolved"
    cite_ids = {cite_id for _href, cite_id, _label, _text in cites}
    for href, cite_id, label, text in cites:
        assert href == f"ref-{label}" and label == text, cite_id
        assert href in items, f"{url}: citation {cite_id} points to no reference"
        assert f'href="#{cite_id}"' in items[href], f"{url}: reference {label} has no link back to {cite_id}"
    for ref_id, item in items.items():
        backs = BACK_LINK.findall(item)
        assert backs, f"{url}: {ref_id} is listed but never cited"
        assert set(backs) <= cite_ids, f"{url}: {ref_id} links back to a citation that is not there"
        assert re.search(r'<span class="ref-kind">[^<]+:</span>', item), f"{url}: {ref_id} does not say what it is"
        assert "PubMed" not in item, f"{url}: {ref_id} names PubMed, not the journal"


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda path: path.stem)
def test_article_references_are_the_registered_sources_it_cites(path):
    """The front matter lists exactly the sources the body (with its shared facts) cites, each
    as registered in sources.yaml, so the list, the page and the structured data agree."""
    post = frontmatter.load(path)
    by_url = {entry["url"]: entry for entry in sources().values()}
    listed = post.get("references") or []
    assert len(listed) >= 3, path.name
    for ref in listed:
        entry = by_url.get(ref["url"])
        assert entry, f"{path.name}: {ref['url']} is not in sources.yaml"
        assert (ref["title"], ref["publisher"], int(ref["year"])) == (entry["title"], entry["publisher"], entry["year"])
    finished = finish_body(render_markdown(post.content), listed, link_glossary=False)
    assert not finished.unresolved, f"{path.name}: unknown citations {finished.unresolved}"
    assert len(finished.references) == len(listed), f"{path.name}: cites a source missing from its front matter"
    uncited = [ref.title for ref in finished.references if not ref.citations]
    assert not uncited, f"{path.name}: listed but not cited: {uncited}"


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda path: path.stem)
def test_page_citations_resolve(path):
    finished = finish_body(render_markdown(frontmatter.load(path).content))
    assert not finished.unresolved, f"{path.name}: unknown citations {finished.unresolved}"


def test_every_source_is_complete_and_every_fact_cites_a_registered_source():
    for key, entry in sources().items():
        assert entry["title"] and entry["publisher"] and entry["kind"], key
        assert 1900 < entry["year"] <= 2027 and entry["url"].startswith("https://"), key
        assert "pubmed" not in entry["publisher"].lower(), f"{key}: the journal is the publisher"
    urls = [entry["url"] for entry in sources().values()]
    assert len(urls) == len(set(urls)), "a source is registered twice"
    for key, text in facts().items():
        for match in CITATION.finditer(text):
            for cited in match.group(1).split(","):
                assert cited.strip() in sources(), f"fact {key} cites unknown {cited}"


def test_every_fact_used_exists():
    for path in ARTICLE_FILES + PAGE_FILES:
        for key in FACT.findall(path.read_text()):
            assert key in facts(), f"{path.name}: unknown fact {key}"


@pytest.mark.django_db
def test_one_edit_to_a_shared_fact_changes_every_page_that_states_it(client, loaded, monkeypatch):
    users = [p for p in ARTICLE_FILES + PAGE_FILES if "[[fact:schedule-iii]]" in p.read_text()]
    assert len(users) >= 3
    changed = dict(facts(), **{"schedule-iii": "Ketamine is on a changed federal list.[^dea-scheduling]"})
    monkeypatch.setattr("articles.markup.facts", lambda: changed)
    for path in users:
        post = frontmatter.load(path)
        url = f"/articles/{post['slug']}/" if path.parent.name == "articles" else f"/{post['slug']}/"
        assert "Ketamine is on a changed federal list." in client.get(url).content.decode(), url


def test_citation_markup_numbers_links_and_reports_unknown_keys():
    refs = [
        {"title": "A trial", "publisher": "A Journal", "year": 2020, "url": "https://example.org/a"},
        {"title": "A label", "publisher": "FDA", "year": 2021, "url": "https://example.org/b"},
    ]
    finished = finish_body(render_markdown("One.[^2] Two.[^1, 2] Three.[^no-such-source] Four.[^9]"), refs)
    assert '<a href="#ref-2" id="cite-2-1" aria-label="Reference 2">2</a>' in finished.html
    both = '<a href="#ref-1" id="cite-1-1" aria-label="Reference 1">1</a>, <a href="#ref-2" id="cite-2-2"'
    assert both in finished.html
    assert list(finished.unresolved) == ["no-such-source", "9"]
    assert "[^" not in finished.html
    assert [ref.citations for ref in finished.references] == [["cite-1-1"], ["cite-2-1", "cite-2-2"]]


def test_a_source_cited_by_key_joins_the_list_once_with_its_kind():
    finished = finish_body(render_markdown("A.[^elekt-d] B.[^elekt-d]"), [])
    [ref] = finished.references
    assert ref.kind == "Clinical trial" and ref.publisher == "New England Journal of Medicine"
    assert ref.citations == ["cite-1-1", "cite-1-2"]


def test_tables_get_a_caption_header_scopes_and_a_scrollable_region():
    html = finish_body(render_markdown("Table: Two things\n\n| Name | Value |\n|---|---|\n| A | 1 |\n")).html
    assert '<div class="table-scroll" role="region" aria-label="Two things" tabindex="0">' in html
    assert "<caption>Two things</caption>" in html
    assert '<th scope="col">Name</th>' in html and '<th scope="row">A</th>' in html


def test_glossary_terms_link_on_first_use_only_and_never_inside_headings_or_links():
    html = finish_body(
        render_markdown("## About placebo\n\nA [placebo](https://example.org/) link. A placebo here. A placebo again.")
    ).html
    assert html.count('class="glossary-term"') == 1
    assert '<h2 id="about-placebo">About placebo</h2>' in html
    assert 'A <a class="glossary-term" href="/articles/glossary/#placebo">placebo</a> here.' in html


def test_every_glossary_term_has_an_entry_in_the_glossary(client, loaded):
    page = client.get("/articles/glossary/").content.decode()
    anchors = set(re.findall(r'<h3 id="([^"]+)">', page))
    for anchor, _words in glossary_terms():
        assert anchor in anchors, f"glossary.yaml term {anchor} has no entry in the glossary article"
    assert 'class="glossary-term"' not in page, "the glossary does not link to itself"


def test_articles_link_glossary_terms(client, loaded):
    page = client.get("/articles/safety-side-effects-and-legal-status/").content.decode()
    assert re.search(r'<a class="glossary-term" href="/articles/glossary/#dissociation">Dissociation</a>', page)


def test_content_files_are_valid_yaml():
    for name in ("sources.yaml", "facts.yaml", "glossary.yaml"):
        assert yaml.safe_load((CONTENT_DIR / name).read_text()), name
