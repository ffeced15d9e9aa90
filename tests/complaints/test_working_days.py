"""Dutch working days: weekends and national holidays as the `holidays` package lists them for NL
(Good Friday, Easter Monday, Koningsdag, Ascension, Whit Monday, Christmas, New Year, Bevrijdingsdag
in lustrum years) do not count."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keurmerk.lib.dates import add_working_days, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2025, 4, 17), 1, D(2025, 4, 22)),  # Good Friday (in `holidays` NL), weekend, Easter Monday
        (D(2025, 4, 24), 5, D(2025, 5, 1)),  # Koningsdag 26 April falls on a Saturday in 2025
        (D(2026, 4, 24), 1, D(2026, 4, 28)),  # Koningsdag Monday 27 April 2026
        (D(2026, 5, 13), 1, D(2026, 5, 15)),  # Ascension Thursday 14 May 2026
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # Whit Monday 25 May 2026
        (D(2026, 12, 24), 1, D(2026, 12, 28)),  # Christmas 25 and 26 December
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # New Year's Day Friday 1 Jan 2027, then the weekend
        (D(2026, 12, 21), 10, D(2027, 1, 6)),  # ten working days over the year end
        (D(2026, 11, 20), 5, D(2026, 11, 27)),  # an ordinary week: Friday + 5 = next Friday
    ],
)
def test_fixed_cases(start, n, expected):
    assert add_working_days(start, n) == expected


def test_holidays_are_not_working_days():
    for day in [
        D(2026, 4, 6),
        D(2026, 4, 27),
        D(2026, 5, 14),
        D(2026, 5, 25),
        D(2026, 12, 25),
        D(2027, 1, 1),
    ]:
        assert not is_working_day(day), day
    assert not is_working_day(D(2025, 5, 5))  # Bevrijdingsdag, in `holidays` NL every fifth year
    assert is_working_day(D(2026, 5, 5))


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_result_is_a_working_day_with_exactly_n_working_days_in_between(start, n):
    result = add_working_days(start, n)
    assert is_working_day(result)
    days = [start + datetime.timedelta(days=i) for i in range(1, (result - start).days + 1)]
    assert sum(is_working_day(d) for d in days) == n
