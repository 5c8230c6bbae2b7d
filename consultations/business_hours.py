"""Business hours in the practice's time zone (weekdays, BUSINESS_DAY_START_HOUR to
BUSINESS_DAY_END_HOUR, closed on the public holidays of PRACTICE_HOLIDAY_COUNTRY), to tell
when a request has waited too long and when someone will next read a new one."""

import datetime
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, pgettext


@cache
def _holidays(country, subdivision, year):
    return holidays.country_holidays(country, subdiv=subdivision or None, years=year)


def _local(moment):
    return timezone.localtime(moment)


def _day_window(day):
    tz = timezone.get_current_timezone()
    opens = datetime.datetime.combine(day, datetime.time(settings.BUSINESS_DAY_START_HOUR), tzinfo=tz)
    closes = datetime.datetime.combine(day, datetime.time(settings.BUSINESS_DAY_END_HOUR), tzinfo=tz)
    return opens, closes


def _is_business_day(day):
    if day.weekday() >= 5:
        return False
    country = settings.PRACTICE_HOLIDAY_COUNTRY
    return not (country and day in _holidays(country, settings.PRACTICE_HOLIDAY_SUBDIVISION, day.year))


def next_opening(moment=None):
    """When someone will next be at work to read a request sent at `moment`: `moment` itself
    during business hours, else the next opening. Returns (local datetime, open now)."""
    moment = _local(moment or timezone.now())
    opens = add_business_hours(moment, 0)
    return opens, opens == moment


def subtract_business_hours(moment, hours):
    """The earliest moment from which `hours` business hours have passed by `moment`."""
    remaining = datetime.timedelta(hours=hours)
    cursor = _local(moment)
    while True:
        day = cursor.date()
        if _is_business_day(day):
            opens, closes = _day_window(day)
            window_end = min(cursor, closes)
            if window_end > opens:
                available = window_end - opens
                if available >= remaining:
                    return window_end - remaining
                remaining -= available
        previous = day - datetime.timedelta(days=1)
        cursor = datetime.datetime.combine(previous, datetime.time(23, 59, 59), tzinfo=cursor.tzinfo)


def add_business_hours(moment, hours):
    """When `hours` business hours after `moment` end (the due time of a new request)."""
    remaining = datetime.timedelta(hours=hours)
    cursor = _local(moment)
    for _day in range(400):
        day = cursor.date()
        if _is_business_day(day):
            opens, closes = _day_window(day)
            start = max(cursor, opens)
            if start < closes:
                available = closes - start
                if available >= remaining:
                    return start + remaining
                remaining -= available
        cursor = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=cursor.tzinfo)
    return cursor


def business_hours_between(start, end):
    """Business hours from `start` to `end` (0 if end is earlier), e.g. how late a first contact is."""
    if not start or not end or end <= start:
        return 0.0
    total = datetime.timedelta()
    cursor = _local(start)
    end = _local(end)
    while cursor < end:
        day = cursor.date()
        if _is_business_day(day):
            opens, closes = _day_window(day)
            window_start, window_end = max(cursor, opens), min(end, closes)
            if window_end > window_start:
                total += window_end - window_start
        cursor = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=cursor.tzinfo)
    return total.total_seconds() / 3600


def office_hours_text():
    """e.g. "Monday to Friday, 9 am to 5 pm (Pacific time), except public holidays", in the page's language."""
    def hour(value):
        clock = (value - 1) % 12 + 1
        # Translators: an hour of the office's day, e.g. "9 am"; %(hour)s is 1 to 12.
        return (gettext("%(hour)s am") if value < 12 else gettext("%(hour)s pm")) % {"hour": clock}

    zone = str(timezone.get_current_timezone()).split("/")[-1].replace("_", " ")
    zone = {"Los Angeles": pgettext("time zone", "Pacific"), "Denver": pgettext("time zone", "Mountain"),
            "Chicago": pgettext("time zone", "Central"), "New York": pgettext("time zone", "Eastern")}.get(zone, zone)
    values = {"start": hour(settings.BUSINESS_DAY_START_HOUR), "end": hour(settings.BUSINESS_DAY_END_HOUR),
              "zone": zone}
    if settings.PRACTICE_HOLIDAY_COUNTRY:
        return gettext("Monday to Friday, %(start)s to %(end)s (%(zone)s time), except public holidays") % values
    return gettext("Monday to Friday, %(start)s to %(end)s (%(zone)s time)") % values
