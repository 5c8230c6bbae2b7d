"""A visitor's path through the site, with a mouse and with the keyboard only."""

import re

from playwright.sync_api import expect

from .conftest import PHONE


def test_home_to_article_to_search_to_topic(page, site, third_party_requests, console_errors):
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    expect(page.locator("h1")).to_contain_text("Ketamine-assisted psychotherapy")
    expect(page.locator(".crisis-strip")).to_contain_text("988")

    page.locator(".cards .card-title a").first.click()
    expect(page.locator(".review-box")).to_contain_text("Medically reviewed by")
    expect(page.locator(".references li").first).to_be_visible()

    page.fill("#site-search", "depression")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=depression"))
    expect(page.locator("[aria-live] h2")).to_contain_text("for “depression”")
    result_titles = page.locator(".cards .card-title a")
    assert result_titles.count() >= 1
    result_titles.first.click()

    topic_link = page.locator(".eyebrow a").first
    topic_name = topic_link.inner_text()
    topic_link.click()
    expect(page).to_have_url(re.compile(r"/articles/topics/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(topic_name)
    assert page.locator(".cards .card").count() >= 1
    assert third_party_requests == []
    assert console_errors == []


def focused(page):
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(),"
        " outline: getComputedStyle(el).outlineStyle}; }"
    )


def tab_until(page, predicate, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if predicate(state):
            return state
    raise AssertionError(f"never reached the element with {limit} presses of Tab")


def test_keyboard_only_navigation(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["text"] == "Skip to main content"
    assert state["outline"] != "none", "the focused link must show a focus ring"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"

    page.goto(site + "/")
    tab_until(page, lambda s: s["text"] == "Articles")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/articles/$"))

    tab_until(page, lambda s: s["tag"] == "A" and "/articles/topics/" not in page.evaluate(
        "document.activeElement.getAttribute('href') || ''") and page.evaluate(
        "!!document.activeElement.closest('.card-title')"))
    page.keyboard.press("Enter")
    expect(page.locator(".review-box")).to_be_visible()

    tab_until(page, lambda s: s["id"] == "site-search")
    page.keyboard.type("side effects")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=side\+effects"))
    expect(page.locator(".cards .card").first).to_be_visible()


def test_phone_layout_does_not_overflow_or_shift(page, site):
    page.set_viewport_size(PHONE)
    page.add_init_script(
        "window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
        " { if (!e.hadRecentInput) window.__cls += e.value; } }).observe({type: 'layout-shift', buffered: true});"
    )
    for path in ["/", "/articles/", "/articles/what-is-ketamine-assisted-psychotherapy/", "/faq/"]:
        page.goto(site + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert page.evaluate("window.__cls") < 0.01, f"layout shift on {path}"
