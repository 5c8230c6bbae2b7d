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


# Public holidays (issue 13): Thanksgiving is not a business day -------------------------------

def test_a_request_sent_on_thanksgiving_is_due_the_next_business_day(settings):
    from consultations.business_hours import business_hours_between
    from consultations.models import Priority, first_contact_due

    settings.PRACTICE_HOLIDAY_COUNTRY, settings.PRACTICE_HOLIDAY_SUBDIVISION = "US", ""
    settings.CONSULTATION_FIRST_CONTACT_HOURS, settings.CONSULTATION_URGENT_FIRST_CONTACT_HOURS = 8, 1
    thanksgiving = at(26, 10)
    assert first_contact_due(thanksgiving, Priority.NORMAL) == at(27, 17)
    assert first_contact_due(thanksgiving, Priority.URGENT) == at(27, 10)
    # Saturday night it is late by no business hours at all, not "2 days".
    assert business_hours_between(at(27, 17), at(28, 23, 7)) == 0
    assert business_hours_between(at(25, 16), at(30, 10)) == 1 + 8 + 1  # Wed 4-5, Fri, Mon 9-10


def test_a_state_holiday_counts_when_the_state_is_set(settings):
    from consultations.models import Priority, first_contact_due

    settings.PRACTICE_HOLIDAY_COUNTRY, settings.PRACTICE_HOLIDAY_SUBDIVISION = "US", "CA"
    settings.CONSULTATION_FIRST_CONTACT_HOURS = 8
    # California also closes the day after Thanksgiving: due Monday.
    assert first_contact_due(at(26, 10), Priority.NORMAL) == at(30, 17)


def test_the_inbox_says_how_late_in_business_hours(triage, db, settings):
    from consultations.models import ConsultationRequest
    from tests.consultations.conftest import CHANGELIST, make_request

    settings.PRACTICE_HOLIDAY_COUNTRY, settings.PRACTICE_HOLIDAY_SUBDIVISION = "US", ""
    settings.CONSULTATION_FIRST_CONTACT_HOURS = 8
    request = make_request(received_at=at(26, 10))
    assert request.first_contact_due_at == at(27, 17)
    assert list(ConsultationRequest.objects.overdue(now=at(27, 16))) == []
    assert list(ConsultationRequest.objects.overdue(now=at(28, 23))) == [request]
    html = triage.get(CHANGELIST).content.decode()
    row = html[html.index(request.reference):]
    row = row[:row.index("</tr>")]
    assert "Overdue: " in row and "day" not in row.split("Overdue: ")[1]
