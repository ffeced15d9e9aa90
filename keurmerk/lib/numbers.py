"""Numbers as Dutch documents write them: half-up rounding and a decimal comma ("5,3").

Rounding is done on an exact `Decimal`, never on a binary float: a mean of 5.55 stored as the float
5.549999… would otherwise round down. Fractions (exact means) are converted without loss for every
value that can land exactly on a half; other fractions are converted with 50 significant digits,
far more than any rounding to a few places can notice.
"""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

_PRECISION = 50


def to_decimal(value) -> Decimal:
    """An exact (or, for non-terminating fractions, 50-digit) Decimal for int, float, Fraction, Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number here")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float: 5.55, not 5.5499999…
        return Decimal(repr(value))
    if isinstance(value, Fraction):
        with localcontext() as context:
            context.prec = _PRECISION
            return Decimal(value.numerator) / Decimal(value.denominator)
    raise TypeError(f"cannot format {type(value).__name__} as a number")


def round_half_up(value, places=1) -> Decimal:
    """`value` rounded to `places` decimals, halves away from zero (5,25 → 5,3; −5,25 → −5,3)."""
    exponent = Decimal(1).scaleb(-places)
    with localcontext() as context:
        context.prec = _PRECISION
        return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def format_decimal_nl(value, places=1, *, grouping=False, empty="–") -> str:
    """`value` with `places` decimals, half-up, decimal comma; `empty` for None.

    format_decimal_nl(Fraction(21, 4)) == "5,3"; with grouping=True, 12345.5 → "12.345,5".
    """
    if value is None:
        return empty
    rounded = round_half_up(value, places)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, decimals = text.partition(".")
    if grouping:
        whole = _group_thousands(whole)
    return sign + whole + ("," + decimals if decimals else "")


def format_percentage_nl(share, places=1, *, empty="–") -> str:
    """A share between 0 and 1 as a Dutch percentage: Fraction(29, 400) → "7,3%"."""
    if share is None:
        return empty
    return format_decimal_nl(to_decimal(share) * 100, places) + "%"
