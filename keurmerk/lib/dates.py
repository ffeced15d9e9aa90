"""Dates and deadlines in Europe/Amsterdam, and Dutch working days.

A deadline day ends at 23:59:59 local time: a phase ending on 31 January accepts until
1 February 00:00:00 in Amsterdam, in winter and summer time alike. Every deadline in the system
is computed here.
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone
from django.utils.formats import date_format

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=AMSTERDAM)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in Amsterdam: a deadline on `day` is open while now < this."""
    return start_of_day(day + datetime.timedelta(days=1))


def local_today(now=None) -> datetime.date:
    return (now or timezone.now()).astimezone(AMSTERDAM).date()


def is_open(opens: datetime.date, closes: datetime.date, now=None, extended_until=None) -> bool:
    """Whether a phase from `opens` to `closes` (both whole days, inclusive) is open now."""
    now = now or timezone.now()
    last_day = max(closes, extended_until) if extended_until else closes
    return start_of_day(opens) <= now < end_of_day(last_day)


def days_until(day: datetime.date, now=None) -> int:
    return (day - local_today(now)).days


@lru_cache(maxsize=64)
def _dutch_holidays(year):
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (weekends and Dutch national holidays excluded)."""
    current = day
    while n > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current


def format_day(day: datetime.date) -> str:
    """A day as the pages write it ("8 december 2026"), also in notifications and e-mails."""
    return date_format(day, "j F Y")


def format_moment(moment: datetime.datetime) -> str:
    """A moment in Amsterdam time as the pages write it ("8 december 2026 14:05")."""
    return date_format(timezone.localtime(moment, AMSTERDAM), "j F Y H:i")
