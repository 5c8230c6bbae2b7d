"""The library in a real browser: every article passes axe at phone and desktop size, and a
citation takes a keyboard user to its reference and back."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article

from .conftest import DESKTOP, PHONE
from .test_accessibility import AXE_OPTIONS


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_article_has_no_axe_violations(page, site, viewport):
    page.set_viewport_size(viewport)
    axe = Axe()
    problems = []
    for article in Article.objects.published():
        page.goto(site + article.get_absolute_url())
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        problems += [f"{article.slug}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}" for v in violations]
    assert problems == []


def test_a_citation_leads_to_its_reference_and_back(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/articles/ketamine-for-depression/")
    citation = page.get_by_role("link", name="Reference 3").first
    citation.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#ref-3")
    reference = page.locator("#ref-3")
    assert reference.is_visible() and reference.inner_text().startswith("Review:")
    back = reference.get_by_role("link", name="Back to the text").first
    back.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#cite-3-1")
    assert page.locator("#cite-3-1").is_visible()


def test_the_comparison_table_scrolls_on_a_phone_without_widening_the_page(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/articles/comparing-kap-infusions-spravato-tms-ect/")
    region = page.get_by_role("region", name="Five treatments for hard-to-treat depression compared")
    assert region.is_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"]
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
