"""`{% sample_notice participation %}`: on the holder's own pages (its Keurmerkrapportage), a link
to its follow-up conversation when it was drawn in the current sample; nothing otherwise."""

from django import template

from keurmerk.sampling.selectors import conversation_for_holder

register = template.Library()


@register.inclusion_tag("sampling/_holder_link.html", takes_context=True)
def sample_notice(context, participation):
    """Only the holder's own members see it (staff read the sample on their own pages)."""
    user = context.get("user")
    is_member = user is not None and user.is_authenticated and not user.is_scheme_staff
    conversation = conversation_for_holder(participation) if is_member else None
    return {"participation": participation, "conversation": conversation}
