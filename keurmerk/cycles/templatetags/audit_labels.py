"""Dutch labels for audit codes in templates: `{{ event.action|action_label }}`,
`{{ event.to_state|state_label:event.object_type }}`."""

from django import template

from keurmerk.cycles import history

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return history.action_label(action)


@register.filter
def state_label(state: str, object_type: str = "") -> str:
    return history.state_label(state, object_type)
