"""`{% sample_link participation %}`: on the holder's start page, a link to its follow-up
conversation when it was drawn in the current sample (nothing otherwise)."""

from django import template

from keurmerk.sampling.selectors import conversation_for_holder

register = template.Library()


@register.inclusion_tag("sampling/_holder_link.html")
def sample_link(participation):
    return {"participation": participation, "conversation": conversation_for_holder(participation)}
