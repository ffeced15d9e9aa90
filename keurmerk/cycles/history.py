"""A participation's history as people read it: Dutch labels for the audit log's action codes and
the participation states, never the codes themselves (issue 11, item 8).

The audit list of the whole log has its own labels; this module serves the participation page.
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from .models import State

ACTION_LABELS = {
    "applied": _("Aangemeld"),
    "agreement_offered": _("Overeenkomst aangeboden"),
    "agreement_signed": _("Overeenkomst ondertekend"),
    "agreement_updated": _("Tekst van de overeenkomst gewijzigd"),
    "extension_granted": _("Verlenging toegekend"),
    "extension_revoked": _("Verlenging ingetrokken"),
    "state_overridden": _("Status overschreven"),
    "withdrawn": _("Ingetrokken"),
    "awarded": _("Keurmerk toegekend"),
    "report_sent": _("Keurmerkrapportage verstuurd"),
    "assessor_assigned": _("Beoordelaar toegewezen"),
    "selfevaluation_started": _("Zelfevaluatie begonnen"),
    "selfevaluation_revision_started": _("Aanpassing van de zelfevaluatie begonnen"),
    "selfevaluation_message": _("Bericht in de dialoog over de zelfevaluatie"),
    "subcontract_added": _("Onderaannemer toegevoegd"),
    "subcontract_removed": _("Onderaannemer verwijderd"),
    "complaint_filed": _("Klacht ingediend"),
    "complaint_taken_in": _("Klacht in behandeling genomen"),
    "complaint_info_requested": _("Klacht: om informatie gevraagd"),
    "complaint_info_given": _("Klacht: informatie gegeven"),
    "complaint_decided": _("Klacht beslist"),
    "objection_lodged": _("Bezwaar ingediend"),
    "objection_decided": _("Bezwaar beslist"),
    "member_invited": _("Lid uitgenodigd"),
    "member_removed": _("Lid verwijderd"),
    "organisation_updated": _("Gegevens van de organisatie gewijzigd"),
    "invitation_accepted": _("Uitnodiging aanvaard"),
    "cycle_created": _("Keurmerkproces aangemaakt"),
    "selfevaluation_submitted": _("Zelfevaluatie ingediend"),
    "selfevaluation_revision_submitted": _("Aangepaste zelfevaluatie ingediend"),
}
OTHER_STEP = _("Andere stap")
NO_STATE = "–"


def action_label(action: str) -> str:
    """The Dutch label of an audit action code ("Andere stap" for a code without one)."""
    return ACTION_LABELS.get(action, OTHER_STEP)


@cache
def _state_choices(object_type: str) -> dict:
    """The labels of the audited object's own state or status field ({} when it has none)."""
    try:
        model = apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        model = None
    for name in ("state", "status"):
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            continue
        if field is not None and field.choices:
            return {code: label for code, label in field.choices}
    return {}


def state_label(state: str, object_type: str = "") -> str:
    """The Dutch label of a state code of the audited object (a complaint's status, …) or of the
    participation; "–" for none."""
    if not state:
        return NO_STATE
    own = _state_choices(object_type)
    if state in own:
        return own[state]
    return State(state).label if state in State.values else OTHER_STEP


def history_rows(participation) -> list[dict]:
    """The participation's audit rows in order, each with its labels for the page."""
    events = participation.audit_events.select_related("actor").order_by("pk")
    return [
        {
            "event": event,
            "action": action_label(event.action),
            "from_state": state_label(event.from_state, event.object_type),
            "to_state": state_label(event.to_state, event.object_type),
        }
        for event in events
    ]
