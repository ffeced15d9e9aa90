"""Showing figures: rounded half-up to one decimal, only when shown (DATA.md, Indicators).

Computations and comparisons use full precision; these functions are for pages, PDFs and
summaries. `Decimal(str(x))` takes the shortest decimal that is the float (12.25 → "12.25"), so
12.25 shows as "12,3" and not as the binary 12.2499….
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

EMPTY = "–"


def _separators():
    language = (translation.get_language() or "nl").split("-")[0]
    return (".", ",") if language == "en" else (",", ".")


def round_half_up(value, places=1):
    """The Decimal of `value` rounded half-up (away from zero on a tie) to `places` decimals."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _group(digits, thousands):
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return thousands.join([digits, *groups])


def format_number(value, places=1):
    """12.25 → "12,3" (Dutch) or "12.3" (English); None → "–"."""
    if value is None:
        return EMPTY
    decimal_mark, thousands = _separators()
    text = f"{round_half_up(value, places):f}"
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    if sign and not whole.strip("0") and not fraction.strip("0"):
        sign = ""  # -0.04 shows as 0,0, not -0,0
    return sign + _group(whole, thousands) + (decimal_mark + fraction if fraction else "")


def format_count(value):
    return format_number(value, places=0)


def format_indicator(value, indicator):
    """A figure with its unit: "12,3%", "512,0 min", "3,8", or a whole count."""
    if value is None:
        return EMPTY
    if indicator.is_count:
        return format_count(value)
    text = format_number(value)
    if indicator.unit == "%":
        return f"{text}%"
    if indicator.unit == "min":
        return f"{text} min"
    return text
