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


def fill_spanish_request(page, *, email, message):
    """Fill the Spanish form as a person would (fields found by their names and values)."""
    page.locator("#id_full_name").fill("María José Ramírez")
    page.locator("#id_email").fill(email)
    page.locator("input[name=contact_method][value=email]").check()
    page.locator("#id_best_time").fill("Entre semana, por la tarde")
    page.locator("#id_state").select_option("CA")
    page.locator("input[name=visit_preference][value=either]").check()
    page.locator("input[name=help_with][value=depression]").check()
    page.locator("#id_message").fill(message)
    page.locator("#id_is_adult").check()
    page.locator("#id_consented").check()


def test_a_request_sent_in_spanish_on_a_phone(page, consultation_site, mailoutbox, console_errors):
    from consultations.models import ConsultationRequest

    site = consultation_site
    page.set_viewport_size(PHONE)
    page.goto(site + "/es/")
    page.locator("main").get_by_role("link", name="Solicitar una consulta").first.click()
    expect(page).to_have_url(site + "/es/consultation/")
    assert page.locator("html").get_attribute("lang") == "es"
    # The language to contact them in starts on the page's language.
    expect(page.locator("input[name=preferred_language][value=es]")).to_be_checked()
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []

    message = "Tengo depresión desde hace años y los medicamentos no me han ayudado."
    fill_spanish_request(page, email="maria en ejemplo.org", message=message)
    page.get_by_role("button", name="Enviar mi solicitud").click()

    # A kind Spanish error, with everything typed still there.
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Revise")
    expect(page.locator("#id_email")).to_have_value("maria en ejemplo.org")
    expect(page.locator("#id_message")).to_have_value(message)
    expect(page.locator("#id_full_name")).to_have_value("María José Ramírez")
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []

    page.locator("#id_email").fill("maria@ejemplo.org")
    page.get_by_role("button", name="Enviar mi solicitud").click()
    expect(page).to_have_url(site + "/es/consultation/received/")
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.locator("main")).to_contain_text("KAP-")
    assert Axe().run(page, options=AXE_OPTIONS).response["violations"] == []
    assert console_errors == []

    request = ConsultationRequest.objects.get()
    assert (request.language, request.preferred_language) == ("es", "es")
