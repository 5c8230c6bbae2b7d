import datetime
import zoneinfo

import pytest
from django.utils import timezone

from consultations.business_hours import subtract_business_hours

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=PACIFIC)


@pytest.fixture(autouse=True)
def pacific(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    with timezone.override(PACIFIC):
        yield


def test_hours_within_one_day():
    assert subtract_business_hours(at(16, 15), 5) == at(16, 10)  # Monday


def test_subtract_business_hours_skips_the_weekend():
    # Monday 10 am less two hours: one on Monday, one on Friday afternoon.
    assert subtract_business_hours(at(23, 10), 2) == at(20, 16)
    assert subtract_business_hours(at(16, 12), 3) == at(16, 9)


@pytest.mark.parametrize("hours, expected", [
    (1, at(25, 10, 30)),  # the same Wednesday morning
    (8, at(24, 11, 30)),  # one full business day back
    (13, at(23, 14, 30)),  # across the night, into Monday afternoon
    (40, at(18, 11, 30)),  # five business days: the weekend skipped
])
def test_subtracting_across_days_and_the_weekend(hours, expected):
    assert subtract_business_hours(at(25, 11, 30), hours) == expected
