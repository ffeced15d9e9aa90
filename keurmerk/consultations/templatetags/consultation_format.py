"""Template filters for consultation figures: one decimal, half-up, decimal comma ("5,3")."""

from django import template

from keurmerk.lib.numbers import format_decimal_nl, format_percentage_nl

register = template.Library()


@register.filter
def decimal_nl(value, places=1):
    return format_decimal_nl(value, int(places))


@register.filter
def percentage_nl(value, places=1):
    return format_percentage_nl(value, int(places))
