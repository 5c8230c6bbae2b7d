from django import template
from django.utils.safestring import mark_safe

from articles.markup import GLOSSARY_SLUG, FinishedBody, finish_body, page_contents

register = template.Library()


@register.simple_tag
def finished_body(item, reference_list=None):
    """An article's or page's body as shown, with its numbered references (see markup.finish_body)."""
    # The glossary explains English words: only English texts link to it.
    link_glossary = item.slug != GLOSSARY_SLUG and getattr(item, "language", "en") == "en"
    finished = finish_body(item.body_html, reference_list, link_glossary=link_glossary)
    # Safe: body_html was sanitised when saved; finish_body adds only markup it builds itself.
    return FinishedBody(mark_safe(finished.html), finished.references, finished.unresolved)  # noqa: S308


@register.simple_tag(name="page_contents")
def page_contents_tag(finished_html):
    """A long page's (the FAQ's) list of sections and questions, from its finished body."""
    return page_contents(finished_html)
