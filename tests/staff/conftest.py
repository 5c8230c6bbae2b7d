import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.roles import PRACTICE_ADMINS, TRIAGE_STAFF

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery"


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device):
    return "000000" if current_code(device) != "000000" else "111111"


@pytest.fixture
def make_staff(django_user_model):
    """A staff login with a role (or every permission) and a confirmed authenticator."""

    def make(username, *, role=TRIAGE_STAFF, superuser=False, email=None):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(
            username, email=email or f"{username}@practice.example", password=PASSWORD, is_staff=True,
            is_superuser=superuser,
        )
        if role and not superuser:
            user.groups.add(Group.objects.get(name=role))
        return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return make


@pytest.fixture
def staff(make_staff):
    return make_staff("sam")


@pytest.fixture
def practice_admin(make_staff):
    return make_staff("pat", role=PRACTICE_ADMINS)


def sign_in(browser, username, password=PASSWORD, code=None, **extra):
    data = {"username": username, "password": password, "otp_token": code or ""}
    return browser.post(LOGIN, data, **extra)


def let_time_pass(seconds):
    """The clock moves on for the sign-in throttle: every failure recorded so far is older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds))


def fail_patiently(times, username, password="wrong", code="", **extra):
    """`times` failed sign-ins from one client, each after waiting out the slow-down, as a
    patient guesser (or a very unlucky person) would."""
    for _ in range(times):
        let_time_pass(max(settings.LOGIN_SLOWDOWN_MAX_SECONDS, settings.LOGIN_CLIENT_SLOWDOWN_MAX_SECONDS))
        response = sign_in(Client(), username, password, code, **extra)
        assert response.status_code in (200, 429)
    return response


@pytest.fixture
def signed_in(db):
    """A client signed in with password and code, as a person does."""

    def sign(user, device, **extra):
        browser = Client()
        response = sign_in(browser, user.username, code=current_code(device), **extra)
        assert response.status_code == 302, response.content.decode()[:2000]
        return browser

    return sign
