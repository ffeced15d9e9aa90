"""Dutch number formatting for the self-evaluation pages: 20.000 tekens, 612,5 minuten."""

from decimal import Decimal

from django import template

from keurmerk.selfevaluations.rules import format_number

register = template.Library()


@register.filter
def nl_count(value):
    """12345 → ‘12.345’ (a thousands dot, as Dutch writes counts)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value


@register.filter
def nl_number(value):
    """612.5 → ‘612,5’; a float from the mirror report is rounded to two decimals first."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        value = Decimal(str(round(value, 2)))
    return format_number(value)


@register.filter
def char_count(text):
    return len(text or "")
