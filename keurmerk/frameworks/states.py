"""The framework's status (normenkader) as a declared process: concept → in consultation →
adopted by the board (with its date) → published, after which the framework is frozen. A round in
consultation may go back to concept (e.g. to correct it before a new round).

Every step is a decision of the scheme owner (an administrator; `None`: the system, e.g. a
consultation round that opens) and writes a `framework.status` audit row. The audit log's `record`
is imported here only, so the line is easy to change when the log moves to its own app.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from keurmerk.audit.services import record
from keurmerk.lib.workflow import Process, Step, Who

from .models import Framework, FrameworkStatus

S = FrameworkStatus


def _is_scheme_owner(user: Any, framework: Any) -> bool:
    if user is None:
        return True  # the system: a consultation round, the demo, an import
    return bool(getattr(user, "is_administrator", False) or getattr(user, "is_superuser", False))


SCHEME_OWNER = Who(
    "scheme_owner",
    _is_scheme_owner,
    gettext_lazy("Alleen een beheerder kan de status van een normenkader wijzigen."),
)

STEPS = [
    Step(
        "to_consultation",
        gettext_lazy("In consultatie brengen"),
        frozenset({S.CONCEPT}),
        S.CONSULTATION,
        "framework.status",
        SCHEME_OWNER,
        offered=False,
    ),
    Step(
        "back_to_concept",
        gettext_lazy("Terug naar concept"),
        frozenset({S.CONSULTATION}),
        S.CONCEPT,
        "framework.status",
        SCHEME_OWNER,
        offered=False,
    ),
    Step(
        "adopt",
        gettext_lazy("Vaststellen"),
        frozenset({S.CONSULTATION}),
        S.ADOPTED,
        "framework.status",
        SCHEME_OWNER,
        offered=False,
    ),
    Step(
        "publish",
        gettext_lazy("Publiceren"),
        frozenset({S.ADOPTED}),
        S.PUBLISHED,
        "framework.status",
        SCHEME_OWNER,
        offered=False,
    ),
]

FRAMEWORK = Process(
    name="framework",
    model=Framework,
    steps=STEPS,
    record=record,
    state_field="status",
)


def step_between(from_status: str, to_status: str) -> Step | None:
    """The declared step from `from_status` to `to_status`, or None when the order forbids it."""
    return next(
        (s for s in FRAMEWORK.all_steps() if s.target == to_status and s.starts_from(from_status)), None
    )
