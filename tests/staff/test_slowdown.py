"""The slow-down before the pause: after a few failures a client must wait a growing number of
seconds before its next try. A try that comes too soon is refused before the password is
checked, is not counted, and reads the same whatever was typed. No request sleeps."""

import time

import pytest
from axes.models import AccessAttempt
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from staff.signin import ClientThrottleHandler, slowdown_seconds, wait_message

from .conftest import PASSWORD, current_code, let_time_pass, sign_in, wrong_code

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")


def error_note(response):
    html = response.content.decode()
    return html.split('<p class="errornote" role="alert">', 1)[1].split("</p>", 1)[0].strip()


def fail(times, username="sam", password="wrong", code="", address="198.51.100.90"):
    for _ in range(times):
        response = sign_in(Client(), username, password, code, REMOTE_ADDR=address)
        assert response.status_code == 200, error_note(response)


def recorded_failures(username="sam"):
    return list(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", "attempt_time"))


def test_waits_double_from_the_first_slow_failure_up_to_the_longest():
    assert [slowdown_seconds(failures, 3, 2, 60) for failures in range(1, 10)] == [0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert slowdown_seconds(500, 3, 2, 60) == 60
    assert slowdown_seconds(7, 3, 0, 60) == 0  # a first wait of 0 turns the slow-down off


def test_the_first_typos_are_not_held_up(staff):
    """Two mistakes, then the right password at once: a person retyping is never kept waiting."""
    _user, device = staff
    fail(2)
    browser = Client()
    assert sign_in(browser, "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 302
    assert browser.get(ADMIN).status_code == 200


def test_the_wait_grows_with_each_failure_and_says_how_long(settings, staff):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 10
    settings.LOGIN_SLOWDOWN_MAX_SECONDS = 10
    fail(3)
    waits = []
    for _ in range(5):
        early = sign_in(Client(), "sam", "wrong", REMOTE_ADDR="198.51.100.90")
        assert early.status_code == 429
        waits.append(int(early["Retry-After"]))
        assert error_note(early) == wait_message(waits[-1])
        let_time_pass(waits[-1])
        fail(1)
    assert waits == [2, 4, 8, 10, 10]


def test_the_page_counts_down_from_the_last_failure(staff):
    fail(3)
    let_time_pass(2)
    fail(1)  # the 4th failure asks for 4 seconds
    let_time_pass(1.5)
    early = sign_in(Client(), "sam", "wrong", REMOTE_ADDR="198.51.100.90")
    assert early["Retry-After"] == "3" and "Please wait 3 seconds" in error_note(early)


def test_a_try_too_soon_is_refused_unchecked_and_not_counted(staff):
    user, device = staff
    fail(3)
    before = recorded_failures()
    browser = Client()
    early = sign_in(browser, "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90")
    assert early.status_code == 429 and early["Retry-After"] == "2"
    assert browser.get(ADMIN).status_code == 302  # not signed in, even with the right password and code
    assert recorded_failures() == before  # neither counted nor restarting the wait
    html = early.content.decode()
    assert 'value="sam"' in html  # the username stays typed
    assert PASSWORD not in html and current_code(device) not in html


def test_the_refusal_does_not_tell_whether_the_password_was_right(staff):
    _user, device = staff
    fail(3)
    answers = [sign_in(Client(), "sam", password, code, REMOTE_ADDR="198.51.100.90")
               for password, code in [(PASSWORD, current_code(device)), (PASSWORD, wrong_code(device)),
                                      ("wrong", current_code(device)), ("wrong", "")]]
    assert {(answer.status_code, answer["Retry-After"], error_note(answer)) for answer in answers} == {
        (429, "2", wait_message(2))}


def test_after_the_wait_the_right_password_and_code_sign_in(staff):
    _user, device = staff
    fail(3)
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 429
    let_time_pass(2)
    browser = Client()
    assert sign_in(browser, "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 302
    assert browser.get(ADMIN).status_code == 200
    assert not AccessAttempt.objects.filter(username="sam").exists()  # a sign-in that works starts afresh


def test_a_real_wait_on_the_clock_is_enough(settings, staff):
    settings.LOGIN_SLOWDOWN_SECONDS = 1
    _user, device = staff
    fail(3)
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 429
    time.sleep(1.1)
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 302


def test_only_the_failing_client_waits(staff, make_staff):
    _user, device = staff
    _colleague, colleague_device = make_staff("drew")
    fail(3)
    assert sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="192.0.2.91").status_code == 302
    # A colleague at the same address has not failed: the per-username wait is not theirs.
    assert sign_in(Client(), "drew", code=current_code(colleague_device),
                   REMOTE_ADDR="198.51.100.90").status_code == 302


def test_a_client_failing_for_many_usernames_waits_a_little(settings, make_staff):
    settings.LOGIN_CLIENT_SLOWDOWN_FAILURES = 6
    _user, device = make_staff("drew")
    for number in range(6):
        fail(1, username=f"made-up-{number}")
    early = sign_in(Client(), "drew", code=current_code(device), REMOTE_ADDR="198.51.100.90")
    assert early.status_code == 429 and early["Retry-After"] == "1" and error_note(early) == wait_message(1)
    elsewhere = sign_in(Client(), "drew", "wrong", REMOTE_ADDR="198.51.100.91")
    assert elsewhere.status_code == 200 and "Please wait" not in error_note(elsewhere)  # answered at once
    let_time_pass(1)
    assert sign_in(Client(), "drew", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 302


def test_twenty_made_up_usernames_do_not_slow_a_colleague(make_staff):
    """The office from the issue: the per-client slow-down starts only well past that."""
    _user, device = make_staff("drew")
    for number in range(20):
        fail(1, username=f"made-up-{number}")
    assert sign_in(Client(), "drew", code=current_code(device), REMOTE_ADDR="198.51.100.90").status_code == 302


def test_the_pause_still_comes_after_the_limit(settings, staff):
    _user, device = staff
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        let_time_pass(settings.LOGIN_SLOWDOWN_MAX_SECONDS)
        fail(1)
    let_time_pass(settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    last = sign_in(Client(), "sam", "wrong", REMOTE_ADDR="198.51.100.90")
    assert last.status_code == 429 and "paused" in error_note(last)
    let_time_pass(settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    paused = sign_in(Client(), "sam", code=current_code(device), REMOTE_ADDR="198.51.100.90")
    assert paused.status_code == 429 and "paused" in error_note(paused) and "Retry-After" not in paused


def test_when_the_throttle_cannot_be_read_nobody_signs_in_and_the_page_is_kind(staff, monkeypatch):
    """The wait lives in the database: if it cannot be read, sign-in fails closed with the 503 page."""
    _user, device = staff

    def database_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(ClientThrottleHandler, "seconds_to_wait", database_down)
    browser = Client()
    response = sign_in(browser, "sam", code=current_code(device), REMOTE_ADDR="198.51.100.92")
    assert response.status_code == 503 and b"Please try again in a few minutes" in response.content
    monkeypatch.undo()
    assert browser.get(ADMIN).status_code == 302
