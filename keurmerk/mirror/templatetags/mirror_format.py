"""Template filters for mirror figures. A missing value (None, or "" for a missing dict key in a
template) shows as a dash."""

from django import template

from keurmerk.mirror import formatting

register = template.Library()


def _value(value):
    return None if value == "" else value


@register.filter
def mirror_number(value, places=1):
    return formatting.format_number(_value(value), int(places))


@register.filter
def mirror_count(value):
    return formatting.format_count(_value(value))


@register.filter
def mirror_value(value, indicator):
    return formatting.format_indicator(_value(value), indicator)
