"""Pages that reach the person on the phone, in a real browser at 390x844 and 1366x768: the
heading high on the first screen, an article's text on it, no sideways scroll at 200% text,
44 px crisis and navigation targets, a dark theme that passes axe, and search that finds
things by other words and misspellings without putting them in the title."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Article, Page, Topic

from .conftest import PHONE
from .test_accessibility import AXE_OPTIONS

LAPTOP = {"width": 1366, "height": 768}
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])


def every_page_type():
    article = Article.objects.published().get(language="en", slug="what-is-ketamine-assisted-psychotherapy")
    english = ["/", "/articles/", article.get_absolute_url(), Topic.objects.first().get_absolute_url(), "/faq/",
               "/privacy/", "/crisis/", "/search/?q=ketamine", "/search/?q=zzzz", "/consultation/", "/no-such-page/"]
    # Spanish words run longer: the pages whose top is busiest, in Spanish too (the Spanish suite,
    # test_spanish.py, checks every Spanish page with axe).
    return english + ["/es/", "/es" + article.get_absolute_url(), "/es/faq/", "/es/consultation/"]


def axe_problems(page, path):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{path}: {v['id']} {v['nodes'][0]['target']}" for v in violations]


def test_on_a_phone_every_heading_starts_in_the_top_30_percent(page, site):
    page.set_viewport_size(PHONE)
    for path in every_page_type():
        page.goto(site + path)
        top = page.locator("main h1").first.bounding_box()["y"]
        assert top < 0.3 * PHONE["height"], (path, top)


def test_on_a_phone_each_article_starts_on_the_first_screen(page, site):
    page.set_viewport_size(PHONE)
    for article in Article.objects.published():
        page.goto(site + article.get_absolute_url())
        first = page.locator("main .prose > *").first.bounding_box()
        assert first["y"] + 24 < PHONE["height"], (article.slug, first)
    page.goto(site + "/articles/what-is-ketamine-assisted-psychotherapy/")
    paragraph = page.locator("main .prose p").first.bounding_box()
    assert paragraph["y"] + paragraph["height"] <= PHONE["height"]


@SIZES
def test_no_sideways_scroll_with_text_at_200_percent(page, site, size):
    page.set_viewport_size(size)
    for path in every_page_type():
        page.goto(site + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate("document.scrollingElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
        heading = page.locator("main h1").first.bounding_box()
        assert heading["x"] >= 0 and heading["x"] + heading["width"] <= size["width"], path


@SIZES
def test_crisis_and_navigation_links_are_44_px_targets(page, site, size):
    page.set_viewport_size(size)
    for path in ["/", "/faq/", "/consultation/"]:
        page.goto(site + path)
        links = page.locator(".crisis-strip a, .site-header a, .site-header button, .site-footer nav a")
        visible = [links.nth(i) for i in range(links.count()) if links.nth(i).is_visible()]
        assert len(visible) >= 10
        for link in visible:
            box = link.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (path, link.inner_text(), box)


@SIZES
def test_the_crisis_strip_is_first_and_in_the_same_place_on_every_page(page, site, size):
    page.set_viewport_size(size)
    places = {"en": set(), "es": set()}
    links = {"en": ["Call 988", "Text 988", "Call 911"],
             "es": ["Llame al 988", "AYUDA al 988", "Llame al 911", "En el 988, marque 2 para español"]}
    for path in every_page_type():
        page.goto(site + path)
        language = "es" if path.startswith("/es/") else "en"
        strip = page.locator(".crisis-strip")
        for name in links[language]:
            expect(strip.get_by_role("link", name=name)).to_be_visible()
        box = strip.bounding_box()
        places[language].add((box["x"], box["y"], box["height"]))
        if size == PHONE:
            assert box["height"] <= 100, (path, box)
    for language, seen in places.items():
        assert len(seen) == 1 and next(iter(seen))[1] == 0, (language, seen)


@SIZES
def test_the_dark_theme_follows_the_device_and_passes_axe(browser, site, size):
    context = browser.new_context(viewport=size, color_scheme="dark")
    page = context.new_page()
    problems = []
    for path in every_page_type():
        page.goto(site + path)
        problems += axe_problems(page, path)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", background)[:3])
    assert red + green + blue < 150, background
    context.close()
    assert problems == []


@SIZES
def test_light_theme_at_laptop_and_phone_size_passes_axe(page, site, size):
    page.set_viewport_size(size)
    problems = []
    for path in every_page_type():
        page.goto(site + path)
        problems += axe_problems(page, path)
    assert problems == []


def test_decorative_drawings_are_skipped_by_screen_readers(page, site):
    page.goto(site + "/")
    images = page.locator("main img")
    assert images.count() >= 1
    for i in range(images.count()):
        assert images.nth(i).get_attribute("alt") == ""


@SIZES
def test_search_finds_by_other_words_and_misspellings_and_keeps_them_private(page, site, size, third_party_requests):
    page.set_viewport_size(size)
    page.goto(site + "/")
    page.fill("#site-search", "price")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Frequently asked questions")
    assert "price" not in page.title()
    page.goto(site + "/search/?q=insurence")
    expect(page.locator("main a[href='/faq/']").first).to_be_visible()
    page.goto(site + "/search/?q=spravato")
    assert page.locator(".cards .card").count() >= 1
    page.goto(site + "/search/?q=side+effects")
    expect(page.locator(".cards .card-title a").first).to_have_text(
        Article.objects.get(language="en", slug="safety-side-effects-and-legal-status").title)
    page.goto(site + "/search/?q=quokka+zither")
    expect(page.get_by_role("heading", name="Other ways to find an answer")).to_be_visible()
    for href in ["/faq/", "/consultation/", Topic.objects.first().get_absolute_url()]:
        expect(page.locator(f"main a[href='{href}']").first).to_be_visible()
    assert axe_problems(page, "no results") == []
    assert third_party_requests == []


def test_the_faq_contents_lead_to_each_question(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/faq/")
    contents = page.get_by_role("navigation", name="On this page")
    questions = Page.objects.get(language="en", slug="faq").body.count("\n### ")
    assert contents.locator("ul ul a").count() == questions >= 10
    contents.get_by_role("link", name="Will my insurance pay for it?").click()
    heading = page.get_by_role("heading", name="Will my insurance pay for it?")
    assert 0 <= heading.bounding_box()["y"] < PHONE["height"] / 2


def test_the_phone_menu_reaches_every_section(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/articles/")
    page.get_by_role("link", name="Menu").click()
    menu = page.get_by_role("navigation", name="Menu")
    for name in ["Articles", "Request a consultation", "Frequently asked questions", "Privacy notice",
                 "Crisis resources"]:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
