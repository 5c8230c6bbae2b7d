"""Markdown to safe HTML. Authors write Markdown; nothing they type can run script on a page."""

import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import slugify

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "hr",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}


def render_markdown(source):
    html = markdown.markdown(source or "", extensions=["tables", "sane_lists", "smarty"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


HEADING = re.compile(r"<(h[23])>(.*?)</\1>", re.DOTALL)
# A page with this many questions (### headings) or more gets a contents list at the top.
CONTENTS_MIN_QUESTIONS = 6


def with_contents(body_html):
    """(body_html with an id on each ## and ### heading, the contents: a list of sections, each
    {"title", "id", "questions": [{"title", "id"}]}). Empty contents for a short page.

    Built when the page is shown from the headings themselves, so the list can never disagree
    with the page (the FAQ's questions change with its file)."""
    used, sections = set(), []

    def heading_id(text):
        base = slugify(strip_tags(text))[:60] or "section"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    def add_id(match):
        level, inner = match.group(1), match.group(2)
        anchor = heading_id(inner)
        entry = {"title": strip_tags(inner), "id": anchor}
        if level == "h2":
            sections.append({**entry, "questions": []})
        else:
            if not sections:
                sections.append({"title": "", "id": "", "questions": []})
            sections[-1]["questions"].append(entry)
        return f'<{level} id="{anchor}">{inner}</{level}>'

    html = HEADING.sub(add_id, body_html)
    questions = sum(len(section["questions"]) for section in sections)
    if questions < CONTENTS_MIN_QUESTIONS:
        return body_html, []
    return html, sections
