"""A person at risk fills in the form in a real browser, with and without JavaScript: answering
"yes" to the crisis question shows help at once, before sending, and the request is sent as
urgent with crisis help leading the confirmation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consultations.models import ConsultationRequest

from .conftest import DESKTOP, PHONE
from .test_accessibility import AXE_OPTIONS
from .test_consultation import fill_request, send

HELP_TITLE = "Thank you for telling us. You do not have to wait for us."


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_at_risk_person_is_shown_help_before_sending_and_put_first(browser, consultation_site, javascript, viewport):
    context = browser.new_context(java_script_enabled=javascript, viewport=viewport)
    page = context.new_page()
    try:
        page.goto(consultation_site + "/consultation/")
        help_box = page.get_by_role("region", name=HELP_TITLE)
        question = page.get_by_role("group", name="Are you having thoughts of ending your life?")
        expect(question).to_be_visible()
        expect(help_box).to_be_hidden()

        fill_request(page, message="Things have been very dark lately.")
        question.get_by_role("radio", name="Yes", exact=True).check()
        # Help appears at once, right after the question, before anything is sent.
        expect(help_box).to_be_visible()
        expect(help_box.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
        expect(help_box.get_by_role("link", name="text 988")).to_have_attribute("href", "sms:988")
        expect(help_box.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
        expect(help_box.get_by_role("link", name="More ways to get help now")).to_have_attribute(
            "href", "/crisis/")
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"] if javascript else []
        assert violations == [], violations

        # Changing the answer hides it again; it never blocks sending.
        question.get_by_role("radio", name="No", exact=True).check()
        expect(help_box).to_be_hidden()
        question.get_by_role("radio", name="Yes", exact=True).check()
        send(page)

        expect(page.get_by_role("heading", name="You do not have to wait for us")).to_be_visible()
        expect(page.get_by_role("heading", name="When will someone read your request?")).to_be_visible()
        main = page.locator("main")
        expect(main.get_by_role("link", name="Call 988").first).to_be_in_viewport()
        request = ConsultationRequest.objects.get()
        assert request.is_urgent and request.thoughts_of_suicide == "yes"
    finally:
        context.close()
