"""`make superuser` (manage.py create_staff_login): a staff login and its second factor in one step."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.roles import TRIAGE_STAFF


def test_makes_an_owner_with_an_authenticator_in_one_step(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-and-unusual-phrase-42")
    out = io.StringIO()
    call_command("create_staff_login", "--username", "owner", "--email", "owner@practice.example", "--no-qr",
                 stdout=out)
    user = get_user_model().objects.get(username="owner")
    assert user.is_staff and user.is_superuser and user.check_password("a-long-and-unusual-phrase-42")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.config_url in out.getvalue()


def test_can_give_one_role_instead_of_everything(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "another-long-phrase-for-tess")
    call_command("create_staff_login", "--username", "tess", "--email", "", "--role", TRIAGE_STAFF, "--no-qr",
                 stdout=io.StringIO())
    user = get_user_model().objects.get(username="tess")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [TRIAGE_STAFF]


@pytest.mark.parametrize("password", ["short", "password1234", "12345678901234"])
def test_refuses_a_weak_password_and_makes_nothing(db, monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError, match="not strong enough"):
        call_command("create_staff_login", "--username", "weak", "--email", "", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="weak").exists()


def test_the_qr_code_is_printed_as_one_block_that_a_phone_can_scan(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-and-unusual-phrase-43")
    out = io.StringIO()
    call_command("create_staff_login", "--username", "qr", "--email", "", stdout=out)
    lines = out.getvalue().splitlines()
    drawing = [line for line in lines if set(line) & set("█▀▄")]
    assert len(drawing) > 10
    first, last = lines.index(drawing[0]), lines.index(drawing[-1])
    assert lines[first:last + 1] == drawing  # no blank line between rows
