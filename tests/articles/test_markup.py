"""Markdown is rendered, and whatever an author types, no script reaches the page."""

import pytest
from django.core.files.base import ContentFile

from articles.hero_art import draw_hero
from articles.markup import render_markdown

HOSTILE_MARKDOWN = """
## Heading

Normal **bold** text and a [good link](https://www.fda.gov/).

<script>alert('x')</script>

<img src="x" onerror="alert('img')">

<a href="javascript:alert('js')">click</a>

<p onclick="alert('p')" style="color:red">styled</p>

<iframe src="https://evil.example"></iframe>

[md js link](javascript:alert('md'))
"""


def test_markdown_renders_headings_lists_and_links():
    html = render_markdown("## Title\n\n- one\n- two\n\n[FDA](https://www.fda.gov/)")
    assert "<h2>Title</h2>" in html
    assert "<li>one</li>" in html
    assert 'href="https://www.fda.gov/"' in html


def test_sanitiser_strips_script_and_event_handlers():
    html = render_markdown(HOSTILE_MARKDOWN).lower()
    for forbidden in ["<script", "onerror", "onclick", "javascript:", "<iframe", "style="]:
        assert forbidden not in html


@pytest.mark.django_db
def test_hostile_body_never_reaches_the_page(client, make_article):
    article = make_article("Hostile body", body=HOSTILE_MARKDOWN)
    page = client.get(article.get_absolute_url()).content.decode().lower()
    assert "alert(" not in page
    assert "onerror" not in page
    assert "<strong>bold</strong>" in page


@pytest.mark.django_db
def test_title_and_alt_text_are_escaped(client, make_article):
    article = make_article('<script>alert("t")</script> title', slug="escaped", hero_alt='"><script>x</script>')
    article.hero_image.save("escaped.png", ContentFile(draw_hero("waves", "sea", "t")), save=True)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<script>alert("t")</script>' not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; title" in page
    assert '"><script>x</script>' not in page
    assert 'alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in page
