"""The self-evaluation (zelfevaluatie) as a declared process: a draft is filled in (the autosave
is no step: it writes answers, not the state) and submitted once, in its round's phase (Fase 3.1
for the first round, Fase 3.3 for the one revision), by a member of the provider.

Entering "submitted" takes the participation's own step (`submit` or `submit_revision` in
`cycles/states.py`, which writes the scheme's `selfevaluation_submitted` row) and queues the
members' confirmation with a PDF of the answers once the transaction commits. The audit log's
`record` is imported here only, so the line is easy to change when the log moves.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from keurmerk.audit.services import record
from keurmerk.cycles.calendar import Window, window
from keurmerk.cycles.states import PARTICIPATION, is_member_of
from keurmerk.lib.workflow import Process, Step, Who

from .models import Round, SelfEvaluation, Status
from .selectors import phase_of

SUBMISSION = "submission"  # the phase of the self-evaluation's own round (see `_window`)

# The participation's step that a submission takes (cycles/states.py).
SUBMIT_STEP = {Round.FIRST: "submit", Round.REVISION: "submit_revision"}

MEMBER = Who(
    "member",
    lambda user, se: is_member_of(user, se.participation.organisation_id),
    gettext_lazy("Alleen een medewerker van de GGZ-aanbieder zelf kan deze stap zetten."),
)

STEPS = [
    Step(
        "submit",
        gettext_lazy("De zelfevaluatie indienen"),
        frozenset({Status.DRAFT}),
        Status.SUBMITTED,
        "selfevaluation_frozen",
        MEMBER,
        phase=SUBMISSION,
        url_name="selfevaluations:submit_page",
        wrong_state=gettext_lazy("Deze zelfevaluatie is al ingediend en kan niet meer worden gewijzigd."),
        closed=gettext_lazy("De termijn om in te dienen is verstreken. Neem contact op met de stichting."),
    ),
]


def _window(self_evaluation: SelfEvaluation, phase: str) -> Window:
    """A submission's window is its round's phase, an administrator's extension included."""
    return window(self_evaluation.participation, phase_of(self_evaluation) if phase == SUBMISSION else phase)


def _lock(self_evaluation: SelfEvaluation) -> SelfEvaluation:
    return (
        SelfEvaluation.objects.select_for_update()
        .select_related("participation__organisation", "participation__cycle__framework")
        .prefetch_related("participation__extensions")
        .get(pk=self_evaluation.pk)
    )


SELF_EVALUATION = Process(
    name="self_evaluation",
    model=SelfEvaluation,
    steps=STEPS,
    record=record,
    audit_context=lambda se: {"organisation": se.participation.organisation},
    window=_window,
    lock=_lock,
    state_field="status",
)


@SELF_EVALUATION.on_enter(Status.SUBMITTED)
def _participation_submitted(self_evaluation: SelfEvaluation, *, step, user: Any, now, reason) -> None:
    """The participation moves to submitted (or revision submitted) through its own step."""
    PARTICIPATION.carry_out(
        SUBMIT_STEP[self_evaluation.round],
        self_evaluation.participation,
        user=user,
        now=now,
        data={"self_evaluation": self_evaluation.pk, "reviewer": bool(self_evaluation.reviewer_name)},
    )


@SELF_EVALUATION.on_enter(Status.SUBMITTED)
def _queue_confirmation(self_evaluation: SelfEvaluation, **_kwargs) -> None:
    from .services import send_submission_confirmation

    pk = self_evaluation.pk
    transaction.on_commit(lambda: send_submission_confirmation(self_evaluation_id=pk))
