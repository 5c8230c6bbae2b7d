"""Hostile requests to the site (Django's test client, in process): forged or missing CSRF
tokens, cross-site origins, forwarded hosts from strangers and foreign Host headers. Each gets the
answer it must, and none stores anything."""

import pytest
from django.test import Client

from consultations.models import ConsultationRequest
from tests.helpers import Checks, parse_form, valid_answers

FORM = "/consultation/"


pytestmark = pytest.mark.usefixtures("hostile_form_settings")


# CSRF and cross-site requests -----------------------------------------------------------------------

def csrf_client_with_form(path=FORM):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    return browser, parse_form(page.content.decode()).inputs["csrfmiddlewaretoken"]


def refused_kindly(response):
    page = response.content.decode()
    return response.status_code == 403 and "crisis-strip" in page and "Please send the form again" in page


def shown_again_with_answers(client, response):
    """A cookie or token failure on the request form: nothing stored, the form again (after a
    post/redirect/get when cookies reach us, at once when none do) with the answers and a token."""
    if response.status_code == 303 and response["Location"] == FORM:
        response = client.get(FORM)
    page = response.content.decode()
    return (response.status_code in (200, 403) and "crisis-strip" in page and 'value="robin@example.org"' in page
            and "once more" in page and 'name="csrfmiddlewaretoken"' in page)


def test_missing_or_forged_csrf_tokens_get_a_friendly_403():
    """No CSRF cookie, a forged token, a missing token, a cookie from another visitor; then a genuine pair."""
    checks = Checks()
    stranger = Client(enforce_csrf_checks=True)
    data = valid_answers()
    checks.check("no cookie, no token: the form again", shown_again_with_answers(stranger, stranger.post(FORM, data)))
    browser, token = csrf_client_with_form()
    checks.check("forged token: the form again", shown_again_with_answers(
        browser, browser.post(FORM, {**data, "csrfmiddlewaretoken": "x" * 64})))
    checks.check("token missing: the form again", shown_again_with_answers(browser, browser.post(FORM, data)))
    _other, other_token = csrf_client_with_form()
    checks.check("another visitor's token with my cookie: the form again", shown_again_with_answers(
        browser, browser.post(FORM, {**data, "csrfmiddlewaretoken": other_token})))
    checks.check("nothing stored by any of them", ConsultationRequest.objects.count() == 0)
    genuine = browser.post(FORM, {**data, "csrfmiddlewaretoken": token})
    checks.check("the genuine cookie and token pair is accepted (303)", genuine.status_code == 303,
                 f"got {genuine.status_code}")
    checks.assert_all()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil.example"])
def test_a_cross_site_origin_is_refused_even_with_a_valid_csrf_pair(origin):
    """A POST with a genuine CSRF cookie and token, sent from another site (Origin header)."""
    browser, token = csrf_client_with_form()
    response = browser.post(FORM, {**valid_answers(), "csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)
    assert refused_kindly(response)
    assert ConsultationRequest.objects.count() == 0


def test_a_cross_site_referer_over_https_is_refused():
    """Over https without an Origin header, a Referer from another site is refused."""
    browser = Client(enforce_csrf_checks=True)
    token = parse_form(browser.get(FORM, secure=True).content.decode()).inputs["csrfmiddlewaretoken"]
    response = browser.post(FORM, {**valid_answers(), "csrfmiddlewaretoken": token}, secure=True,
                            HTTP_REFERER="https://evil.example/form")
    assert refused_kindly(response)
    assert ConsultationRequest.objects.count() == 0
    same_site = browser.post(FORM, {**valid_answers(), "csrfmiddlewaretoken": token}, secure=True,
                             HTTP_REFERER="https://testserver/consultation/")
    assert same_site.status_code == 303


# Forwarded hosts and foreign Host headers --------------------------------------------------------------

def test_forwarded_host_from_a_stranger_is_ignored(settings):
    """With USE_X_FORWARDED_HOST on, only our proxy middleware stands between a stranger's
    X-Forwarded-Host and the links on the page."""
    settings.USE_X_FORWARDED_HOST = True
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    browser = Client(raise_request_exception=False)
    foreign = browser.get(FORM, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_HOST="evil.example")
    assert foreign.status_code == 200
    assert "evil.example" not in foreign.content.decode()
    allowed = browser.get(FORM, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_HOST="localhost")
    assert '<link rel="canonical" href="http://testserver/consultation/">' in allowed.content.decode()
    # The same header from our own proxy is used: the stranger's was dropped, not merely unused.
    proxied = browser.get(FORM, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_HOST="localhost")
    assert '<link rel="canonical" href="http://localhost/consultation/">' in proxied.content.decode()


def test_a_post_with_a_host_header_not_in_allowed_hosts_stores_nothing():
    """Host: evil.example (not in ALLOWED_HOSTS) on a complete, valid request."""
    browser = Client(raise_request_exception=False)
    response = browser.post(FORM, valid_answers(), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0
