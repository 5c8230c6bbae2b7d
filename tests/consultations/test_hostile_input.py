"""Hostile input to the request form, each with the answer it must get (Django's test client, in
process): oversized bodies and too many fields, NUL bytes, hostile ?article= values, script and
SQL in every text field, and forged client addresses against the rate limit."""

import urllib.parse

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from consultations.models import ConsultationRequest
from tests.helpers import Checks, form_answer, read_token_id, valid_answers, visible_text

FORM = "/consultation/"


def stored_for(data):
    token_id = read_token_id(data.get("form_token", ""))
    return ConsultationRequest.objects.filter(submission_token=token_id).first() if token_id else None


def post(client, data, encoding):
    if encoding == "multipart":
        return client.post(FORM, data)
    return client.post(FORM, urllib.parse.urlencode(data, doseq=True),
                       content_type="application/x-www-form-urlencoded")


pytestmark = pytest.mark.usefixtures("hostile_form_settings")


# Bodies too big, too many fields ------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_oversized_body_is_refused_with_a_kind_400(client, encoding):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (256 KiB): a 300 KiB message."""
    response = post(client, valid_answers(message="x" * (300 * 1024)), encoding)
    assert response.status_code == 400
    assert "crisis-strip" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
@pytest.mark.parametrize("extra", [
    pytest.param({f"extra_{number}": "x" for number in range(250)}, id="250-distinct-fields"),
    pytest.param({"help_with": ["depression"] * 500}, id="one-field-500-times"),
])
def test_too_many_fields_are_refused_with_a_kind_400(client, encoding, extra):
    """More values than DATA_UPLOAD_MAX_NUMBER_FIELDS (200): as distinct fields, or one field repeated."""
    response = post(client, valid_answers(**extra), encoding)
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


def test_nul_bytes_are_cleaned_or_kindly_refused_never_a_server_error(client):
    """A NUL byte in every field (and in a field name), one field at a time."""
    client.raise_request_exception = False  # a server error is an answer to report, not a crash of the test
    checks = Checks()
    for field, value in NUL_CASES.items():
        data = valid_answers(**{field: value})
        response = form_answer(client, client.post(FORM, data))
        checks.check(f"{field!r}: answered 200 or 303", response.status_code in (200, 303),
                     f"got {response.status_code}")
        row = stored_for(data)
        if response.status_code == 303:
            text = [getattr(row, name) for name in ("full_name", "preferred_name", "email", "phone", "message",
                                                    "best_time", "state", "spam_reason")] if row else []
            checks.check(f"{field!r}: stored", row is not None)
            checks.check(f"{field!r}: no NUL byte stored", not any("\x00" in value for value in text), repr(text))
        elif response.status_code == 200:
            checks.check(f"{field!r}: nothing stored when refused", row is None)
            checks.check(f"{field!r}: the page says what to fix", "Please check" in visible_text(
                response.content.decode()))
    checks.assert_all()


@pytest.mark.parametrize("article", ["%00", "a%00b", "%00" * 300, "%ff%fe", "..%2F..%2Fetc%2Fpasswd", "x" * 5000],
                         ids=["nul", "nul-inside", "300-nuls", "invalid-utf8", "traversal", "5000-chars"])
def test_a_hostile_article_parameter_on_the_form_page_is_ignored(client, article):
    """GET /consultation/?article=<NUL, invalid UTF-8, traversal, 5000 characters>."""
    client.raise_request_exception = False
    response = client.get(f"{FORM}?article={article}")
    assert response.status_code == 200
    assert "You are asking about" not in response.content.decode()


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
def test_script_and_sql_in_every_field_are_refused_or_stored_as_text_and_escaped(admin_client, payload_name):
    """The payload in each text field in turn: a kind 200, or 303 stored verbatim and escaped in the admin."""
    payload = PAYLOADS[payload_name]
    visitor = Client(raise_request_exception=False)  # a member of the public, not the signed-in staff member
    checks = Checks()
    stored = []
    for field in TEXT_FIELDS:
        data = valid_answers(**{field: payload})
        response = form_answer(visitor, visitor.post(FORM, data))
        page = response.content.decode()
        checks.check(f"{field}: answered 200 or 303", response.status_code in (200, 303),
                     f"got {response.status_code}")
        row = stored_for(data)
        if response.status_code == 200:
            checks.check(f"{field}: nothing stored when refused", row is None)
            if escape(payload) != payload:
                checks.check(f"{field}: the refused payload is never echoed raw", payload not in page)
            checks.check(f"{field}: the typed text is kept, escaped", escape(payload) in page)
        elif response.status_code == 303:
            checks.check(f"{field}: a 303 means the request was stored", row is not None)
            if row is None:
                continue
            stored.append(field)
            if field != "source_article":
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
    checks.assert_all()


# Forged client addresses ------------------------------------------------------------------------------

def test_forged_forwarded_for_does_not_reset_the_rate_limit(client, settings):
    """Rate limit 2 (then 1 more stored flagged); posts from 198.51.100.7, each claiming another
    address in forwarding headers."""
    settings.CONSULTATION_RATE_LIMIT = 2
    settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # a proxy exists, but this client is not it
    claims = [
        {"HTTP_X_FORWARDED_FOR": "203.0.113.1"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.2"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.3"},
        {"HTTP_X_FORWARDED_FOR": "203.0.113.4, 127.0.0.1"},
        {"HTTP_FORWARDED": "for=203.0.113.5", "HTTP_X_REAL_IP": "203.0.113.5"},
    ]
    statuses = [form_answer(client, client.post(FORM, valid_answers(), REMOTE_ADDR="198.51.100.7", **claim))
                .status_code for claim in claims]
    assert statuses == [303, 303, 303, 429, 429]
    assert ConsultationRequest.objects.count() == 3
    assert ConsultationRequest.objects.filter(over_rate_limit=True).count() == 1


def test_our_own_proxy_reports_the_real_client_address(client, settings):
    """With TRUSTED_PROXIES = ["127.0.0.1"], a request via 127.0.0.1 for 203.0.113.5 counts as 203.0.113.5."""
    settings.CONSULTATION_RATE_LIMIT = 1
    settings.CONSULTATION_OVER_LIMIT_DAILY_LIMIT = 0
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    def post(**meta):
        return form_answer(client, client.post(FORM, valid_answers(), **meta)).status_code

    via_proxy = post(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # The same person reaching us directly is the same client: over the limit of 1.
    direct = post(REMOTE_ADDR="203.0.113.5")
    # A client-supplied first hop cannot disguise them: the proxy appended the real address.
    disguised = post(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    # Someone else behind the same proxy has their own allowance.
    neighbour = post(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    statuses = [via_proxy, direct, disguised, neighbour]
    assert statuses == [303, 429, 429, 303]
