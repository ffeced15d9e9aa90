"""keurmerk.lib.numbers: one decimal, half-up, decimal comma, exact for values on a half."""

from decimal import Decimal
from fractions import Fraction

import pytest

from keurmerk.lib.numbers import format_decimal_nl, format_percentage_nl, round_half_up


@pytest.mark.parametrize(
    "value, expected",
    [
        (Fraction(21, 4), "5,3"),  # 5.25: half-up, not banker's rounding (round(5.25, 1) == 5.2)
        (Fraction(107, 20), "5,4"),  # 5.35
        (Fraction(111, 20), "5,6"),  # 5.55: the float 5.55 is 5.5499…, a float sum would give 5,5
        (Fraction(201, 40), "5,0"),  # 5.025
        (Fraction(209, 40), "5,2"),  # 5.225
        (Fraction(211, 40), "5,3"),  # 5.275
        (Fraction(169, 32), "5,3"),  # 5.28125
        (Fraction(16, 3), "5,3"),
        (Fraction(17, 3), "5,7"),
        (5.25, "5,3"),
        (5.35, "5,4"),
        (5.55, "5,6"),
        (0.05, "0,1"),
        (Decimal("4.45"), "4,5"),
        (5, "5,0"),
        (7, "7,0"),
    ],
)
def test_one_decimal_half_up_with_a_decimal_comma(value, expected):
    assert format_decimal_nl(value) == expected


def test_places_grouping_negative_and_empty():
    assert format_decimal_nl(Fraction(2675, 1000), 2) == "2,68"
    assert format_decimal_nl(2.675, 2) == "2,68"  # the float 2.675 is 2.67499…; its shortest text is not
    assert format_decimal_nl(Fraction(7, 2), 0) == "4"
    assert format_decimal_nl(12345.5, 1, grouping=True) == "12.345,5"
    assert format_decimal_nl(1234567, 0, grouping=True) == "1.234.567"
    assert format_decimal_nl(-5.25) == "-5,3"
    assert format_decimal_nl(-0.01) == "0,0"
    assert format_decimal_nl(None) == "–"
    assert format_decimal_nl(None, empty="") == ""


def test_round_half_up_returns_an_exact_decimal():
    assert round_half_up(Fraction(21, 4)) == Decimal("5.3")
    assert round_half_up(Fraction(1, 3), 3) == Decimal("0.333")


def test_percentage():
    assert format_percentage_nl(Fraction(29, 400)) == "7,3%"  # 7.25%
    assert format_percentage_nl(Fraction(10, 12)) == "83,3%"
    assert format_percentage_nl(None) == "–"


def test_booleans_and_strings_are_refused():
    with pytest.raises(TypeError):
        format_decimal_nl(True)
    with pytest.raises(TypeError):
        format_decimal_nl("5,3")
