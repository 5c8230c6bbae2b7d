"""A catalogue of hostile requests, each with the answer it must get (Django's test client, in
process): oversized and over-long bodies, NUL bytes, script and SQL in every field, forged CSRF,
cross-site origins, forged client addresses and schemes, foreign Host headers, and password
guessing against a staff account."""

import urllib.parse

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import ConsultationRequest
from kap_site.admin_site import LOCKED_MESSAGE

from .harness import Checks, forge_form_token, parse_form, read_token_id, visible_text

FORM = "/consultation/"
LOGIN = reverse("admin:login")


def valid_answers(**overrides):
    data = {
        "full_name": "Robin Park", "preferred_name": "Rob", "email": "robin@example.org", "phone": "",
        "contact_method": "email", "state": "CA", "visit_preference": "either", "help_with": ["anxiety"],
        "message": "I would like to know more.", "best_time": "Mornings", "is_adult": "on", "consented": "on",
        "website": "", "form_token": forge_form_token(django_settings.SECRET_KEY)[0],
    }
    data.update(overrides)
    return data


def stored_for(data):
    token_id = read_token_id(data.get("form_token", ""))
    return ConsultationRequest.objects.filter(submission_token=token_id).first() if token_id else None


@pytest.fixture(autouse=True)
def form_settings(settings, db):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_RATE_LIMIT = 1_000
    settings.TRUSTED_PROXIES = []
    cache.clear()
    return settings


# Bodies too big, too many fields ------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_oversized_body_is_refused_with_a_kind_400(client, encoding, record_result):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (256 KiB): a 300 KiB message."""
    data = valid_answers(message="x" * (300 * 1024))
    if encoding == "multipart":
        response = client.post(FORM, data)
    else:
        response = client.post(FORM, urllib.parse.urlencode(data, doseq=True),
                               content_type="application/x-www-form-urlencoded")
    record_result(held="400 with the friendly page (crisis help on it); nothing stored",
                  figures={"status": response.status_code, "body_kib": 300})
    assert response.status_code == 400
    assert "crisis-strip" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_too_many_fields_are_refused_with_a_kind_400(client, encoding, record_result):
    """250 distinct fields (DATA_UPLOAD_MAX_NUMBER_FIELDS is 200)."""
    data = valid_answers(**{f"extra_{number}": "x" for number in range(250)})
    if encoding == "multipart":
        response = client.post(FORM, data)
    else:
        response = client.post(FORM, urllib.parse.urlencode(data, doseq=True),
                               content_type="application/x-www-form-urlencoded")
    record_result(held="400 with the friendly page; nothing stored", figures={"status": response.status_code})
    assert response.status_code == 400
    assert "crisis-strip" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


# NUL bytes ----------------------------------------------------------------------------------------

NUL_CASES = {
    "full_name": "Robin\x00 Park\x00",
    "preferred_name": "\x00Rob",
    "email": "robin\x00@example.org",
    "phone": "503\x00555\x000142",
    "message": "Line one\x00\nLine two\x00",
    "best_time": "Morn\x00ings",
    "state": "C\x00A",
    "form_token": "\x00",
    "source_article": "\x00",
    "website": "\x00",
    "full\x00name": "a field name with a NUL",
}


def test_nul_bytes_are_cleaned_or_kindly_refused_never_a_server_error(client, record_result):
    """A NUL byte in every field (and in a field name), one field at a time."""
    client.raise_request_exception = False  # a server error is an answer to record, not a crash of the test
    checks = Checks()
    stored = refused = 0
    for field, value in NUL_CASES.items():
        data = valid_answers(**{field: value})
        response = client.post(FORM, data)
        checks.check(f"{field!r}: answered 200 or 303", response.status_code in (200, 303),
                     f"got {response.status_code}")
        row = stored_for(data)
        if response.status_code == 303:
            stored += 1
            text = [getattr(row, name) for name in ("full_name", "preferred_name", "email", "phone", "message",
                                                    "best_time", "state", "spam_reason")] if row else []
            checks.check(f"{field!r}: stored", row is not None)
            checks.check(f"{field!r}: no NUL byte stored", not any("\x00" in value for value in text), repr(text))
        elif response.status_code == 200:
            refused += 1
            checks.check(f"{field!r}: nothing stored when refused", row is None)
            checks.check(f"{field!r}: the page says what to fix", "Please check" in visible_text(
                response.content.decode()))
    record_result(held="every NUL was removed before storage or met a kind form error; no 5xx",
                  figures={"cases": len(NUL_CASES), "stored_cleaned": stored, "kind_errors": refused,
                           "checks": checks.summary()})
    checks.assert_all()


@pytest.mark.parametrize("article", ["%00", "a%00b", "%00" * 300, "%ff%fe", "..%2F..%2Fetc%2Fpasswd", "x" * 5000],
                         ids=["nul", "nul-inside", "300-nuls", "invalid-utf8", "traversal", "5000-chars"])
def test_a_hostile_article_parameter_on_the_form_page_is_ignored(client, article, record_result):
    """GET /consultation/?article=<NUL, invalid UTF-8, traversal, 5000 characters>."""
    client.raise_request_exception = False
    response = client.get(f"{FORM}?article={article}")
    record_result(held="the form page, without an article", figures={"status": response.status_code})
    assert response.status_code == 200
    assert "You are asking about" not in response.content.decode()


def test_nul_bytes_in_a_name_are_stored_as_spaces_then_tidied(client):
    """A NUL inside a name becomes a space, and spaces are tidied: "Robin Park"."""
    data = valid_answers(full_name="Robin\x00Park", message="a\x00b")
    assert client.post(FORM, data).status_code == 303
    row = stored_for(data)
    assert row.full_name == "Robin Park" and row.message == "a b"


# Script and SQL in every text field ---------------------------------------------------------------

TEXT_FIELDS = ["full_name", "preferred_name", "email", "phone", "message", "best_time", "source_article"]
PAYLOADS = {
    "script": "<script>alert(document.cookie)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "sql": "Robert'); DROP TABLE consultations_consultationrequest;--",
    "sql-or": "' OR '1'='1' --",
    "template": "{{ settings.SECRET_KEY }}{% debug %}",
    "quoted-email": '"<script>alert(1)</script>"@example.com',
}


@pytest.mark.parametrize("payload_name", list(PAYLOADS))
def test_script_and_sql_in_every_field_are_refused_or_stored_as_text_and_escaped(client, admin_client,
                                                                                 payload_name, record_result):
    """The payload in each text field in turn: a kind 200, or 303 stored verbatim and escaped in the admin."""
    payload = PAYLOADS[payload_name]
    client.raise_request_exception = False
    checks = Checks()
    stored, refused = [], []
    for field in TEXT_FIELDS:
        data = valid_answers(**{field: payload})
        response = client.post(FORM, data)
        page = response.content.decode()
        checks.check(f"{field}: answered 200 or 303", response.status_code in (200, 303),
                     f"got {response.status_code}")
        row = stored_for(data)
        if response.status_code == 200:
            refused.append(field)
            checks.check(f"{field}: nothing stored when refused", row is None)
            if escape(payload) != payload:
                checks.check(f"{field}: the refused payload is never echoed raw", payload not in page)
            checks.check(f"{field}: the typed text is kept, escaped", escape(payload) in page)
        elif response.status_code == 303 and row is not None:
            stored.append(field)
            if hasattr(row, field) and field != "source_article":
                checks.check(f"{field}: stored verbatim", getattr(row, field) == payload,
                             repr(getattr(row, field)))
                change_page = admin_client.get(
                    reverse("admin:consultations_consultationrequest_change", args=[row.pk])).content.decode()
                checks.check(f"{field}: escaped on the admin page", escape(payload) in change_page)
                if escape(payload) != payload:
                    checks.check(f"{field}: never raw on the admin page", payload not in change_page)
                checks.check(f"{field}: no template was evaluated", django_settings.SECRET_KEY not in change_page)
    listing = admin_client.get(reverse("admin:consultations_consultationrequest_changelist") + "?q=Robin")
    if escape(payload) != payload:
        checks.check("the admin list never shows it raw", payload not in listing.content.decode())
    checks.check("the table is intact and holds only what was acknowledged",
                 ConsultationRequest.objects.count() == len(stored))
    record_result(held="each field refused kindly (escaped echo) or stored verbatim and escaped in the admin",
                  figures={"fields": len(TEXT_FIELDS), "stored": len(stored), "refused": len(refused),
                           "checks": checks.summary()})
    checks.assert_all()


# CSRF and cross-site requests -----------------------------------------------------------------------

def csrf_client_with_form(path=FORM):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    return browser, parse_form(page.content.decode()).inputs["csrfmiddlewaretoken"]


def refused_kindly(response):
    page = response.content.decode()
    return response.status_code == 403 and "crisis-strip" in page and "Please send the form again" in page


def test_missing_or_forged_csrf_tokens_get_a_friendly_403(record_result):
    """No CSRF cookie, a forged token, a missing token, a cookie from another visitor; then a genuine pair."""
    checks = Checks()
    stranger = Client(enforce_csrf_checks=True)
    data = valid_answers()
    checks.check("no cookie, no token: friendly 403", refused_kindly(stranger.post(FORM, data)))
    browser, token = csrf_client_with_form()
    checks.check("forged token: friendly 403",
                 refused_kindly(browser.post(FORM, {**data, "csrfmiddlewaretoken": "x" * 64})))
    checks.check("token missing: friendly 403", refused_kindly(browser.post(FORM, data)))
    _other, other_token = csrf_client_with_form()
    checks.check("another visitor's token with my cookie: friendly 403",
                 refused_kindly(browser.post(FORM, {**data, "csrfmiddlewaretoken": other_token})))
    checks.check("nothing stored by any of them", ConsultationRequest.objects.count() == 0)
    genuine = browser.post(FORM, {**data, "csrfmiddlewaretoken": token})
    checks.check("the genuine cookie and token pair is accepted (303)", genuine.status_code == 303,
                 f"got {genuine.status_code}")
    record_result(held="every forged or missing token got the friendly 403 with crisis help; the genuine pair "
                       "was accepted", figures={"checks": checks.summary()})
    checks.assert_all()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil.example"])
def test_a_cross_site_origin_is_refused_even_with_a_valid_csrf_pair(origin, record_result):
    """A POST with a genuine CSRF cookie and token, sent from another site (Origin header)."""
    browser, token = csrf_client_with_form()
    response = browser.post(FORM, {**valid_answers(), "csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)
    record_result(held="403, nothing stored", figures={"origin": origin, "status": response.status_code})
    assert refused_kindly(response)
    assert ConsultationRequest.objects.count() == 0


def test_a_cross_site_referer_over_https_is_refused():
    """Over https without an Origin header, a Referer from another site is refused."""
    browser = Client(enforce_csrf_checks=True)
    token = parse_form(browser.get(FORM, secure=True).content.decode()).inputs["csrfmiddlewaretoken"]
    response = browser.post(FORM, {**valid_answers(), "csrfmiddlewaretoken": token}, secure=True,
                            HTTP_REFERER="https://evil.example/form")
    assert refused_kindly(response)
    same_site = browser.post(FORM, {**valid_answers(), "csrfmiddlewaretoken": token}, secure=True,
                             HTTP_REFERER="https://testserver/consultation/")
    assert same_site.status_code == 303


# Forged client addresses and schemes -----------------------------------------------------------------

def test_forged_forwarded_for_does_not_reset_the_rate_limit(client, settings, record_result):
    """Rate limit 2; posts from 198.51.100.7, each claiming another address in forwarding headers."""
    settings.CONSULTATION_RATE_LIMIT = 2
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # a proxy exists, but this client is not it
    claims = [
        {"HTTP_X_FORWARDED_FOR": "203.0.113.1"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.2"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.3"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.4, 127.0.0.1"},
        {"HTTP_FORWARDED": "for=203.0.113.5", "HTTP_X_REAL_IP": "203.0.113.5"},
    ]
    statuses = [client.post(FORM, valid_answers(), REMOTE_ADDR="198.51.100.7", **claim).status_code
                for claim in claims]
    record_result(held="from the third request on, 429 whatever the headers claimed",
                  figures={"statuses": statuses})
    assert statuses == [303, 303, 429, 429, 429]
    assert ConsultationRequest.objects.count() == 2


def test_our_own_proxy_reports_the_real_client_address(client, settings, record_result):
    """With TRUSTED_PROXIES = ["127.0.0.1"], a request via 127.0.0.1 for 203.0.113.5 counts as 203.0.113.5."""
    settings.CONSULTATION_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = client.post(FORM, valid_answers(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # The same person reaching us directly is the same client: over the limit of 1.
    direct = client.post(FORM, valid_answers(), REMOTE_ADDR="203.0.113.5")
    # A client-supplied first hop cannot disguise them: the proxy appended the real address.
    disguised = client.post(FORM, valid_answers(), REMOTE_ADDR="127.0.0.1",
                            HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    # Someone else behind the same proxy has their own allowance.
    neighbour = client.post(FORM, valid_answers(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    statuses = [via_proxy.status_code, direct.status_code, disguised.status_code, neighbour.status_code]
    record_result(held="counted as 203.0.113.5 via the proxy and directly; a neighbour counted apart",
                  figures={"statuses": statuses})
    assert statuses == [303, 429, 429, 303]


def test_forwarded_proto_counts_only_from_our_proxy(settings, record_result):
    """SECURE_SSL_REDIRECT on: X-Forwarded-Proto: https from a stranger still redirects; from our proxy not."""
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    browser = Client()  # a new client, so its middleware reads the changed settings
    stranger = browser.get(FORM, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
    proxied = browser.get(FORM, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    plain = browser.get(FORM, REMOTE_ADDR="127.0.0.1")
    record_result(held="spoofed https redirected to https; our proxy's https served",
                  figures={"stranger": stranger.status_code, "proxy": proxied.status_code,
                           "proxy_plain_http": plain.status_code})
    assert stranger.status_code == 301 and stranger["Location"] == "https://testserver/consultation/"
    assert proxied.status_code == 200
    assert plain.status_code == 301


def test_forwarded_host_from_a_stranger_is_ignored(client):
    """X-Forwarded-Host from a stranger never reaches a link on the page."""
    response = client.get(FORM, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("path, method", [("/", "get"), (FORM, "get"), (FORM, "post"), ("/healthz", "get")])
def test_a_host_header_not_in_allowed_hosts_gets_400(path, method, record_result):
    """Host: evil.example (not in ALLOWED_HOSTS)."""
    browser = Client(raise_request_exception=False)
    if method == "post":
        response = browser.post(path, valid_answers(), HTTP_HOST="evil.example")
    else:
        response = browser.get(path, HTTP_HOST="evil.example")
    record_result(held="400, nothing stored", figures={"path": path, "method": method.upper(),
                                                       "status": response.status_code})
    assert response.status_code == 400
    assert ConsultationRequest.objects.count() == 0


# Staff sign-in ---------------------------------------------------------------------------------------

def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def make_staff(django_user_model):
    def make(username):
        user = django_user_model.objects.create_user(username, password="lantern orchard velvet 42",
                                                     is_staff=True, is_superuser=True)
        return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return make


def sign_in(browser, username, password, device=None, **extra):
    data = {"username": username, "password": password}
    if device is not None:
        data.update(otp_device=device.persistent_id, otp_token=current_code(device))
    return browser.post(LOGIN, data, **extra)


def test_password_guessing_locks_the_account_whatever_the_forwarded_address(make_staff, record_result):
    """Six wrong passwords, each claiming another X-Forwarded-For, then the right password and code."""
    _user, device = make_staff("casey")
    _control_user, control_device = make_staff("drew")
    guesser = Client()
    for attempt in range(6):
        response = sign_in(guesser, "casey", f"guess-{attempt}", REMOTE_ADDR="198.51.100.20",
                           HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt + 10}")
        assert response.status_code == 200
    locked = sign_in(guesser, "casey", "lantern orchard velvet 42", device, REMOTE_ADDR="198.51.100.20",
                     HTTP_X_FORWARDED_FOR="203.0.113.99")
    elsewhere = sign_in(Client(), "casey", "lantern orchard velvet 42", device, REMOTE_ADDR="192.0.2.44")
    control = Client()
    allowed = sign_in(control, "drew", "lantern orchard velvet 42", control_device, REMOTE_ADDR="192.0.2.45")
    record_result(held="locked after the failures: the right password and code were refused with the lockout "
                       "message, from any address; an unlocked account signs in with the same steps",
                  figures={"wrong_attempts": 6, "locked_status": locked.status_code,
                           "control_status": allowed.status_code})
    assert locked.status_code == 200 and LOCKED_MESSAGE in locked.content.decode()
    assert guesser.get(reverse("admin:index")).status_code == 302
    assert elsewhere.status_code == 200 and LOCKED_MESSAGE in elsewhere.content.decode()
    assert allowed.status_code == 302, "the control sign-in failed: the lockout proof would prove nothing"
    assert control.get(reverse("admin:index")).status_code == 200
