"""Deadlines in Europe/Amsterdam: a deadline day ends at 23:59:59 local time, winter and summer."""

import datetime

import pytest

from keurmerk.lib.dates import add_working_days, end_of_day, is_open, is_working_day
from tests.conftest import amsterdam

JAN31 = datetime.date(2027, 1, 31)


@pytest.mark.parametrize(
    "closes, last_ok, first_refused",
    [
        (JAN31, amsterdam(2027, 1, 31, 23, 59, 59), amsterdam(2027, 2, 1, 0, 0, 0)),  # winter time (UTC+1)
        (
            datetime.date(2026, 6, 30),
            amsterdam(2026, 6, 30, 23, 59, 59),
            amsterdam(2026, 7, 1),
        ),  # summer (UTC+2)
        # the night summer time starts (31 March 2024, clocks go from 02:00 to 03:00)
        (datetime.date(2024, 3, 31), amsterdam(2024, 3, 31, 23, 59, 59), amsterdam(2024, 4, 1)),
        # the night winter time starts (27 October 2024)
        (datetime.date(2024, 10, 27), amsterdam(2024, 10, 27, 23, 59, 59), amsterdam(2024, 10, 28)),
    ],
)
def test_deadline_accepts_until_235959_local(closes, last_ok, first_refused):
    opens = closes - datetime.timedelta(days=60)
    assert is_open(opens, closes, now=last_ok)
    assert not is_open(opens, closes, now=first_refused)


def test_end_of_day_in_utc_differs_between_winter_and_summer():
    assert end_of_day(JAN31).astimezone(datetime.UTC).hour == 23  # 00:00 CET = 23:00 UTC
    assert end_of_day(datetime.date(2026, 6, 30)).astimezone(datetime.UTC).hour == 22  # CEST


def test_phase_not_open_before_first_day():
    opens = datetime.date(2026, 11, 1)
    assert not is_open(opens, JAN31, now=amsterdam(2026, 10, 31, 23, 59, 59))
    assert is_open(opens, JAN31, now=amsterdam(2026, 11, 1, 0, 0, 0))


def test_extension_moves_the_end():
    opens = datetime.date(2026, 11, 1)
    late = amsterdam(2027, 2, 10, 12)
    assert not is_open(opens, JAN31, now=late)
    assert is_open(opens, JAN31, now=late, extended_until=datetime.date(2027, 2, 14))


def test_working_days_skip_weekends_and_holidays():
    assert not is_working_day(datetime.date(2026, 4, 27))  # Koningsdag (Monday)
    assert add_working_days(datetime.date(2026, 4, 24), 1) == datetime.date(2026, 4, 28)  # Fri → Tue
