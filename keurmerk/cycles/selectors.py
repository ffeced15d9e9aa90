"""Reads about cycles and participations that several modules share. Every date rule of the
scheme (phases, deadlines, who holds the mark) is in `calendar`."""

from django.db.models import Q

from keurmerk.lib.dates import local_today

from .calendar import deadline
from .models import Participation, Phase, State


def participations_for_staff(cycle, *, state=None, search=None):
    qs = Participation.objects.filter(cycle=cycle).select_related("organisation", "cycle")
    if state:
        qs = qs.filter(state=state)
    if search:
        qs = qs.filter(
            Q(organisation__name__icontains=search)
            | Q(organisation__kvk=search)
            | Q(organisation__agb=search)
        )
    return qs.order_by("organisation__name")


def next_step(participation, now=None):
    """(what to do, deadline or None, url name or None) for the provider's home page."""
    from django.utils.translation import gettext as _

    cycle, state = participation.cycle, participation.state
    if state in (State.OFFERED, State.APPLIED):
        return _("Onderteken de overeenkomst"), deadline(participation, Phase.APPLICATION), "cycles:agreement"
    if state == State.SIGNED:
        if local_today(now) < cycle.selfevaluation_opens:
            return _("Bereid u voor op de zelfevaluatie"), cycle.selfevaluation_opens, "cycles:preparation"
        return (
            _("Vul de zelfevaluatie in en dien haar in"),
            deadline(participation, Phase.SELFEVALUATION),
            "selfevaluations:participation",
        )
    if state == State.SUBMITTED:
        return _("Uw zelfevaluatie wordt beoordeeld"), cycle.first_report_due, None
    if state == State.NOT_QUALIFIED:
        return (
            _("Pas uw zelfevaluatie aan en dien haar opnieuw in"),
            deadline(participation, Phase.REVISION),
            "selfevaluations:participation",
        )
    if state == State.REVISION_SUBMITTED:
        return _("Uw aangepaste zelfevaluatie wordt beoordeeld"), cycle.final_report_due, None
    if state in (State.QUALIFIED, State.AWARDED):
        return _("U heeft zich gekwalificeerd voor het Keurmerk"), None, None
    return _("Het Keurmerk is ingetrokken"), None, None


def participations_of_user(user):
    return (
        Participation.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "cycle", "cycle__framework")
        .prefetch_related("extensions", "reports")
        .order_by("-cycle__year", "organisation__name")
    )


def state_counts(cycle):
    from django.db.models import Count

    rows = Participation.objects.filter(cycle=cycle).values("state").annotate(n=Count("pk"))
    counts = {row["state"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in State.choices]
