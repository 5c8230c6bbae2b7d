"""The Spanish site in a real browser at phone size: axe finds nothing on any Spanish page, the
language switcher keeps the reader on the same page, the choice brings them back to the Spanish
home page, crisis help is in Spanish, and a request sent in Spanish is answered in Spanish."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect

from articles.models import Article, Page

from .conftest import PHONE
from .test_accessibility import AXE_OPTIONS


def spanish_paths():
    article = Article.objects.published().in_language("es").first()
    topic = article.topics.first()
    with translation.override("es"):
        topic_url = topic.get_absolute_url()
    paths = ["/es/", "/es/articles/", article.get_absolute_url(), "/es/search/?q=depresion",
             "/es/search/?q=zzzz", topic_url, "/es/no-existe/", "/es/consultation/"]
    return paths + [p.get_absolute_url() for p in Page.objects.published().in_language("es")]


def test_spanish_pages_have_no_axe_violations_on_a_phone(page, site, console_errors):
    errors = console_errors
    page.set_viewport_size(PHONE)
    paths = spanish_paths()
    assert len(paths) >= 13
    problems = []
    for path in paths:
        page.goto(site + path)
        assert page.locator("html").get_attribute("lang") == "es", path
        # The not-found page itself is answered with 404, which the browser reports.
        assert [e for e in errors if "status of 404" not in e or path != "/es/no-existe/"] == [], (path, errors)
        errors.clear()
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        problems += [f"{path}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations]
    assert problems == []


def test_the_switcher_keeps_the_reader_on_the_same_page_and_is_remembered(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/articles/ketamine-for-depression/")
    page.get_by_role("link", name="Español", exact=True).click()
    expect(page).to_have_url(site + "/es/articles/ketamine-for-depression/")
    assert page.locator("html").get_attribute("lang") == "es"
    spanish_title = Article.objects.get(language="es", slug="ketamine-for-depression").title
    expect(page.get_by_role("heading", level=1)).to_have_text(spanish_title)

    # Crisis help, in Spanish, in the same place as on every page.
    crisis = page.locator(".crisis-strip")
    expect(crisis.locator('a[href="tel:988"]').first).to_be_visible()
    expect(crisis.locator('a[href="tel:911"]')).to_be_visible()
    assert "AYUDA" in (crisis.inner_html() + page.locator("footer").inner_html()) or \
        page.locator('a[href^="sms:988"][href*="AYUDA"]').count() >= 1

    # Coming back to the site's address later opens the Spanish home page.
    page.goto(site + "/")
    expect(page).to_have_url(site + "/es/")
    assert page.locator("html").get_attribute("lang") == "es"

    # Back to English, from any Spanish page, to the same page.
    page.goto(site + "/es/faq/")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(site + "/faq/")
    page.goto(site + "/")
    expect(page).to_have_url(site + "/")


@pytest.mark.parametrize("path", ["/es/crisis/"])
def test_the_spanish_crisis_page_gives_the_spanish_988_line(page, site, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    html = page.content()
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert re.search(r'href="sms:988\?&amp;body=AYUDA"', html)
    assert "988lineadevida.org" in html
    assert re.search(r"marque\s+(el\s+)?2", page.locator("main").inner_text())
