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


@pytest.fixture
def consultation_site(site, settings):
    """The live site, with the minimum fill time off and no rate-limit counts left over."""
    from django.core.cache import cache

    from kap_site.counters.models import EventCount

    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    EventCount.objects.all().delete()
    cache.clear()
    return site


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
