"""Meeting attendance beside the criteria of the self-evaluation and the assessment, without the
pages of those modules importing this one (it sits beside them)."""

from django import template

from keurmerk.meetings import selectors

register = template.Library()


@register.simple_tag
def meetings_by_criterion(participation) -> dict:
    """{criterion id: [registration, …]} of the meetings the organisation registered for."""
    if participation is None:
        return {}
    return selectors.discussed_by_criterion(participation.organisation_id, participation.cycle_id)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.inclusion_tag("meetings/_attended.html")
def attended_meetings(organisation):
    """Norm 3 (2024) / 6 (2022) Kennis delen: the meetings of the scheme owner the organisation
    attended, shown on its page as evidence of sharing knowledge."""
    return {"registrations": selectors.attended_registrations(organisation.pk)}
