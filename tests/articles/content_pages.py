"""Helpers for tests that read the site's own content as a visitor sees it."""

import re

import frontmatter

from articles.content import CONTENT_DIR
from articles.readability import html_to_plain_text

ARTICLE_FILES = sorted((CONTENT_DIR / "articles").glob("*.md"))
PAGE_FILES = sorted((CONTENT_DIR / "pages").glob("*.md"))


def article_urls():
    return [f"/articles/{frontmatter.load(path)['slug']}/" for path in ARTICLE_FILES]


def page_urls():
    return [f"/{frontmatter.load(path)['slug']}/" for path in PAGE_FILES]


def main_html(response):
    assert response.status_code == 200, response
    page = response.content.decode()
    match = re.search(r"<main\b[^>]*>(.*)</main>", page, re.DOTALL)
    assert match, "page has no <main>"
    return match.group(1)


def references_html(main):
    match = re.search(r'<section class="references".*?</section>', main, re.DOTALL)
    return match.group(0) if match else ""


def visible_text(main, *, without_references=True):
    """What a reader reads in the main content. The reference list is left out: its lines are
    the titles of papers and labels, quoted exactly as published, not our writing."""
    if without_references:
        main = main.replace(references_html(main), "")
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.DOTALL)
    return html_to_plain_text(main)


def prose_html(main):
    after_prose = r'\s*(?:<section\b|<p class="meta"|$)'
    match = re.search(r'<div class="prose">(.*?)</div>' + after_prose, main, re.DOTALL)
    assert match, "page has no prose"
    return match.group(1)
