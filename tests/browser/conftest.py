"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped when Chromium is missing on a developer's machine; CI sets KAP_REQUIRE_BROWSER=1 and
then a missing browser fails the run instead.
"""

import os

import pytest

CHROMIUM = os.environ.get("KAP_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True, scope="session")
def chromium_is_installed():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("KAP_REQUIRE_BROWSER"):
        pytest.fail(f"KAP_REQUIRE_BROWSER is set but Chromium is not at {CHROMIUM}")
    pytest.skip(f"Chromium not found at {CHROMIUM}; install Debian's chromium to run browser tests")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live site with its real content loaded; returns the base URL."""
    from articles.content import load_content

    load_content()
    return live_server.url


@pytest.fixture
def consultation_site(site, settings):
    """The live site, with the minimum fill time off (a test fills the form in well under three
    seconds) and no rate-limit counts left over."""
    from django.core.cache import cache

    from kap_site.counters.models import EventCount

    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    EventCount.objects.all().delete()
    cache.clear()
    return site


@pytest.fixture
def third_party_requests(page, live_server):
    """Every request the page makes that leaves our own server."""
    outside = []
    def record(request):
        if not request.url.startswith((live_server.url, "data:")):
            outside.append(request.url)

    page.on("request", record)
    return outside


@pytest.fixture
def console_errors(page):
    """Errors the browser logs: a blocked script or style (CSP), a missing file, a script error."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
