"""The consultation round (consultatieronde) as a declared process (PRODUCT §8; 2024 report
chapters 1, 3, 4): opened on a concept framework (planned until its first day, then open), closed
early or by its last day passing, and adopted when the board adopts the framework.

The round's state is derived, not stored (`ConsultationRound.state_at`): planned and open follow
from the period, closed from `closed_at` or the last day, adopted from `adopted_on`. Steps write the
field that makes their to-state true; "planned → open" and "open → closed by date" are no steps,
only the calendar. Entering "adopted" adopts the framework through its own process. Only an
administrator takes these steps. The audit log's `record` is imported here only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from keurmerk.accounts.models import Role
from keurmerk.audit.services import record
from keurmerk.frameworks.models import FrameworkStatus
from keurmerk.frameworks.services import framework_transition
from keurmerk.lib.workflow import NEW, Process, Step, Who

from .models import ConsultationRound, RoundState

R = RoundState


def _is_administrator(user: Any, obj: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return getattr(user, "role", None) == Role.ADMINISTRATOR or user.is_superuser


ADMINISTRATOR = Who(
    "administrator", _is_administrator, gettext_lazy("Alleen een beheerder kan deze stap zetten.")
)
RUNNING = frozenset({R.OPEN, R.CLOSED})

STEPS = [
    Step(
        "plan",
        gettext_lazy("Consultatieronde plannen"),
        frozenset({NEW}),
        R.PLANNED,
        "consultation.round_opened",
        ADMINISTRATOR,
        url_name="consultations:round_create",
        offered=False,
    ),
    Step(
        "open",
        gettext_lazy("Consultatieronde openen"),
        frozenset({NEW}),
        R.OPEN,
        "consultation.round_opened",
        ADMINISTRATOR,
        url_name="consultations:round_create",
        offered=False,
    ),
    Step(
        "close",
        gettext_lazy("Ronde nu sluiten"),
        frozenset({R.OPEN}),
        R.CLOSED,
        "consultation.round_closed",
        ADMINISTRATOR,
        url_name="consultations:round_close",
        wrong_state=gettext_lazy("Alleen een open consultatieronde kan worden gesloten."),
    ),
    Step(
        "adopt",
        gettext_lazy("Vaststelling door het bestuur vastleggen"),
        RUNNING,
        R.ADOPTED,
        "consultation.round_adopted",
        ADMINISTRATOR,
        url_name="consultations:round_adopt",
        wrong_state=gettext_lazy("Alleen een geopende, nog niet vastgestelde ronde kan worden vastgesteld."),
    ),
]


def _lock(consultation_round: ConsultationRound) -> ConsultationRound:
    return (
        ConsultationRound.objects.select_for_update()
        .select_related("framework")
        .get(pk=consultation_round.pk)
    )


def _state(consultation_round: ConsultationRound, now: datetime.datetime | None) -> str:
    return consultation_round.state_at(now)


ROUND = Process(
    name="consultation_round",
    model=ConsultationRound,
    steps=STEPS,
    record=record,
    lock=_lock,
    derived_state=_state,
)


@ROUND.on_enter(R.ADOPTED)
def _adopt_framework(consultation_round: ConsultationRound, *, step, user: Any, now, reason) -> None:
    """The board adopts the framework with the round's date: the framework becomes 'vastgesteld'."""
    framework_transition(
        framework=consultation_round.framework,
        to_status=FrameworkStatus.ADOPTED,
        adopted_on=consultation_round.adopted_on,
        user=user,
    )


def flags(consultation_round: ConsultationRound, user: Any, now: datetime.datetime | None = None) -> dict:
    """What the round's pages show, computed here so that no template compares its state: the
    steps `user` may take now by name, and the state as booleans."""
    state = consultation_round.state_at(now)
    steps = {a.step.name: a.allowed for a in ROUND.available_steps(consultation_round, user, now)}
    return {
        "steps": steps,
        "planned": state == R.PLANNED,
        "adopted": state == R.ADOPTED,
        "takes_invitees": state in (R.PLANNED, R.OPEN),
    }
