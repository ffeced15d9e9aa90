"""Figures are rounded half-up to one decimal only when shown."""

import pytest
from django.utils import translation

from keurmerk.mirror.formatting import format_count, format_indicator, format_number, round_half_up
from keurmerk.mirror.indicators import BY_KEY


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12.25, "12,3"),
        (12.35, "12,4"),
        (0.05, "0,1"),
        (0.15, "0,2"),
        (2.675, "2,7"),
        (-12.25, "-12,3"),
        (-0.04, "0,0"),
        (540, "540,0"),
        (12345.65, "12.345,7"),
        (None, "–"),
    ],
)
def test_half_up_to_one_decimal_in_dutch(value, shown):
    with translation.override("nl"):
        assert format_number(value) == shown


def test_english_separators():
    with translation.override("en"):
        assert format_number(12345.25) == "12,345.3"


def test_round_half_up_keeps_full_precision_until_shown():
    assert str(round_half_up(12.25)) == "12.3"
    assert str(round_half_up(0.125, 2)) == "0.13"


def test_units_and_counts():
    with translation.override("nl"):
        assert format_indicator(80.0, BY_KEY["pct_within_target"]) == "80,0%"
        assert format_indicator(336.25, BY_KEY["direct_minutes_mean"]) == "336,3 min"
        assert format_indicator(3.75, BY_KEY["cqi_bejegening_mean"]) == "3,8"
        assert format_indicator(1234.0, BY_KEY["n_closed"]) == "1.234"
        assert format_indicator(None, BY_KEY["n_closed"]) == "–"
        assert format_count(7.0) == "7"
