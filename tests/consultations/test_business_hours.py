import datetime
import zoneinfo

import pytest
from django.utils import timezone

from consultations.business_hours import business_hours_between, subtract_business_hours

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=PACIFIC)


@pytest.fixture(autouse=True)
def pacific(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    with timezone.override(PACIFIC):
        yield


def test_hours_within_one_day():
    assert business_hours_between(at(16, 10), at(16, 15)) == 5  # Monday


def test_nights_and_weekends_do_not_count():
    # Friday 4 pm to Monday 10 am: one hour on Friday, one on Monday.
    assert business_hours_between(at(20, 16), at(23, 10)) == 2


def test_subtract_business_hours_skips_the_weekend():
    assert subtract_business_hours(at(23, 10), 2) == at(20, 16)
    assert subtract_business_hours(at(16, 12), 3) == at(16, 9)


def test_subtract_and_between_agree():
    end = at(25, 11, 30)
    for hours in [1, 8, 13, 40]:
        assert business_hours_between(subtract_business_hours(end, hours), end) == pytest.approx(hours)
