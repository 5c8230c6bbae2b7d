"""Business hours in the practice's time zone, to tell when a request has waited too long."""

import datetime

from django.conf import settings
from django.utils import timezone


def _local(moment):
    return timezone.localtime(moment)


def _day_window(day):
    tz = timezone.get_current_timezone()
    opens = datetime.datetime.combine(day, datetime.time(settings.BUSINESS_DAY_START_HOUR), tzinfo=tz)
    closes = datetime.datetime.combine(day, datetime.time(settings.BUSINESS_DAY_END_HOUR), tzinfo=tz)
    return opens, closes


def _is_business_day(day):
    return day.weekday() < 5


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

