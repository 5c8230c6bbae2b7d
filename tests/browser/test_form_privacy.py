"""The request form on a shared device and a flaky connection, in a real browser at phone and
desktop size: Back and reload after a mistake, Back after sending, a lost cookie, a long paste."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consultations.models import ConsultationRequest

from .conftest import PHONE
from .test_accessibility import AXE_OPTIONS
from .test_consultation import REFERENCE, fill_request, send

LAPTOP = {"width": 1366, "height": 768}
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])


def assert_fits_at_200_percent(page):
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.documentElement.clientWidth")
    page.evaluate("document.documentElement.style.fontSize = ''")


def assert_axe_clean(page):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@SIZES
def test_back_after_sending_shows_an_empty_form(page, consultation_site, size):
    page.set_viewport_size(size)
    page.goto(consultation_site + "/consultation/")
    fill_request(page, message="I've been having suicidal thoughts")
    send(page)
    expect(page.locator(".reference")).to_have_text(REFERENCE)
    page.go_back()
    expect(page.locator("h1")).to_have_text("Request a consultation")
    assert page.locator("#id_full_name").input_value() == ""
    assert page.locator("#id_email").input_value() == ""
    assert page.locator("#id_message").input_value() == ""
    assert not page.get_by_role("checkbox", name="Depression").is_checked()
    assert "suicidal" not in page.content()
    page.go_forward()
    # The confirmation is shown once: coming back to it shows no reference.
    assert not REFERENCE.search(page.content())
    assert ConsultationRequest.objects.count() == 1


@SIZES
def test_back_and_reload_after_a_mistake_never_ask_to_resend(page, consultation_site, size, console_errors):
    page.set_viewport_size(size)
    page.goto(consultation_site + "/consultation/")
    fill_request(page, email="not-an-email")
    send(page)
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.url == consultation_site + "/consultation/"  # nothing typed is in the address
    assert_axe_clean(page)
    assert_fits_at_200_percent(page)
    page.reload()  # a GET: no "Confirm form resubmission"
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.locator("#id_email").input_value() == "not-an-email"
    assert page.locator("#id_full_name").input_value() != ""
    page.locator("#id_email").fill("dana.whitfield@example.org")
    send(page)
    expect(page.locator(".reference")).to_have_text(REFERENCE)
    page.go_back()
    expect(page.locator("h1")).to_have_text("Request a consultation")
    assert page.locator("#id_email").input_value() == ""
    page.go_back()  # the page with the mistake, fetched again: the answers are gone once sent
    expect(page.locator("h1")).to_have_text("Request a consultation")
    assert "dana.whitfield" not in page.content() and "not-an-email" not in page.content()
    assert ConsultationRequest.objects.count() == 1
    assert console_errors == []


@SIZES
def test_a_lost_cookie_brings_the_form_back_with_the_answers_then_it_sends(page, consultation_site, size):
    page.set_viewport_size(size)
    page.goto(consultation_site + "/consultation/")
    fill_request(page)
    page.context.clear_cookies()  # the cookie ran out while the form was open
    send(page)
    expect(page.get_by_role("heading", name='Please press "Send my request" once more')).to_be_visible()
    assert page.locator("#id_full_name").input_value() == "Dana Whitfield-Ortiz"
    assert page.get_by_role("checkbox", name="Depression").is_checked()
    assert ConsultationRequest.objects.count() == 0
    assert_axe_clean(page)
    page.get_by_role("checkbox", name="I am 18 or older.").check()
    send(page)
    expect(page.locator(".reference")).to_have_text(REFERENCE)
    assert ConsultationRequest.objects.count() == 1


@SIZES
def test_a_long_paste_is_counted_as_the_server_counts_and_never_cut(page, consultation_site, size):
    page.set_viewport_size(size)
    page.goto(consultation_site + "/consultation/")
    counter = page.locator("#id_message_counter")
    expect(counter).to_have_text("0 of 2,000 characters used")
    fill_request(page, message="🙂" * 1990)  # 3,980 UTF-16 units, 1,990 characters
    expect(counter).to_have_text("1,990 of 2,000 characters used")
    long_text = "I want to explain my history. " * 86 + "🙂" * 20  # 2,600 characters
    page.locator("#id_message").fill(long_text)
    assert page.locator("#id_message").input_value() == long_text  # nothing cut by the browser
    expect(counter).to_have_text("2,600 characters: 600 over the limit of 2,000")
    send(page)
    expect(page.locator("#id_message_error")).to_contain_text("Your message is 2600 characters long")
    assert page.locator("#id_message").input_value() == long_text
    expect(counter).to_contain_text("over the limit")
    assert ConsultationRequest.objects.count() == 0
    assert_axe_clean(page)
    page.locator("#id_message").fill("🙂" * 2000)
    expect(counter).to_have_text("2,000 of 2,000 characters used")
    send(page)
    expect(page.locator(".reference")).to_have_text(REFERENCE)
    assert ConsultationRequest.objects.get().message == "🙂" * 2000


@SIZES
def test_the_confirmation_is_shown_once_and_a_replay_shows_no_reference(page, consultation_site, size, browser):
    page.set_viewport_size(size)
    page.goto(consultation_site + "/consultation/")
    token = page.locator("input[name=form_token]").get_attribute("value")
    fill_request(page)
    send(page)
    reference = page.locator(".reference").inner_text()
    assert_axe_clean(page)
    assert_fits_at_200_percent(page)
    assert page.locator("main h1").bounding_box()["y"] < 0.3 * size["height"]
    page.reload()
    expect(page.locator("h1")).to_have_text("Request a consultation")
    assert reference not in page.content()
    # Someone else replays the leaked form token from another browser.
    stranger = browser.new_context()
    other = stranger.new_page()
    other.set_viewport_size(size)
    other.goto(consultation_site + "/consultation/")
    other.evaluate("t => document.querySelector('input[name=form_token]').value = t", token)
    fill_request(other)
    other.get_by_role("button", name="Send my request").click()
    expect(other.get_by_role("heading", name="We already have this request")).to_be_visible()
    assert reference not in other.content()
    assert_axe_clean(other)
    stranger.close()
    assert ConsultationRequest.objects.count() == 1
