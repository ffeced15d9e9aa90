"""Reads about cycles and participations that several modules share. Every date rule of the
scheme (phases, deadlines, who holds the mark) is in `calendar`."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy

from keurmerk.lib import charts
from keurmerk.lib.dates import days_until, local_today
from keurmerk.lib.workflow import Availability
from keurmerk.organisations.access import organisations_of

from .calendar import application_cycle, withdrawn_in
from .models import Participation, State
from .states import PARTICIPATION


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


# What a participation waits for when the provider has nothing to do: (text, the cycle's date field).
WAITING = {
    State.SIGNED: (gettext_lazy("Bereid u voor op de zelfevaluatie"), None),
    State.SUBMITTED: (gettext_lazy("Uw zelfevaluatie wordt beoordeeld"), "first_report_due"),
    State.REVISION_SUBMITTED: (
        gettext_lazy("Uw aangepaste zelfevaluatie wordt beoordeeld"),
        "final_report_due",
    ),
    State.QUALIFIED: (gettext_lazy("U heeft zich gekwalificeerd voor het Keurmerk"), None),
    State.AWARDED: (gettext_lazy("U heeft zich gekwalificeerd voor het Keurmerk"), None),
    State.WITHDRAWN: (gettext_lazy("Het Keurmerk is ingetrokken"), None),
}


@dataclass
class Card:
    """One participation on the provider's start page: the step to take now, or why it is closed
    and when it opens (from `PARTICIPATION.available_steps`), or what the provider waits for."""

    participation: Participation
    step: Availability | None
    waiting: str
    deadline: datetime.date | None
    days_left: int | None
    has_self_evaluation: bool
    has_certificate: bool
    can_complain: bool
    progress: Any = None  # steps done and to come, self-evaluation per norm (`hooks.start_progress`)


def start_card(
    participation: Participation, user, now: datetime.datetime | None = None, *, progress: Any = None
) -> Card:
    steps = PARTICIPATION.available_steps(participation, user, now)
    step = next((s for s in steps if s.allowed), steps[0] if steps else None)
    waiting, due_field = WAITING.get(participation.state, ("", None))
    deadline = step.closes if step and step.allowed else getattr(participation.cycle, due_field or "", None)
    return Card(
        participation=participation,
        step=step,
        waiting=str(waiting),
        deadline=deadline,
        days_left=days_until(deadline, now) if deadline else None,
        has_self_evaluation=participation.self_evaluation_count > 0,
        has_certificate=participation.state == State.AWARDED,
        can_complain=participation.state == State.WITHDRAWN,
        progress=progress,
    )


def today_marked(phases, now: datetime.datetime | None = None) -> dict:
    """The calendar's phases (`calendar.timeline`) with their place relative to today, and the
    chart of them (`lib.charts.timeline`)."""
    today = local_today(now)
    chart = charts.timeline(phases, today)
    return {"today": today, "chart": chart, "rows": chart["rows"] if chart else []}


def applications_open_to(user, now: datetime.datetime | None = None) -> list[tuple]:
    """(organisation, cycle, from 1 April?) for each of the member's organisations that may apply
    now for the cycle whose application window is open (`services.participation_reapply`)."""
    cycle = application_cycle(now)
    if cycle is None:
        return []
    withdrawn = withdrawn_in(cycle.year - 1).filter(organisation_id=OuterRef("pk"))
    organisations = (
        organisations_of(user)
        .exclude(participations__cycle=cycle)
        .annotate(withdrawn_last_year=Exists(withdrawn))
        .order_by("name")
    )
    return [(o, cycle, o.withdrawn_last_year) for o in organisations]


def participations_of_user(user):
    return (
        Participation.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "cycle", "cycle__framework")
        .prefetch_related("extensions", "reports")
        .annotate(self_evaluation_count=Count("self_evaluations", distinct=True))
        .order_by("-cycle__year", "organisation__name")
    )


def state_counts(cycle):
    rows = Participation.objects.filter(cycle=cycle).values("state").annotate(n=Count("pk"))
    counts = {row["state"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in State.choices]
