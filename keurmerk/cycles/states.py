"""The participation (deelname) as a declared process: every step of handbook hoofdstuk 4 from
signing to the mark, who takes it, the phase it needs and what entering a state brings.

Entering "withdrawn" dissolves the agreement and tells the members; the assessments app adds the
revoked certificate (`assessments/states.py`). Entering "awarded" clears a dissolved agreement;
the assessments app adds the certificate. Every way into a state (a report, `tick`, an
administrator's override, an upheld complaint or objection) goes through `PARTICIPATION.carry_out`
and so carries the same consequences.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.lib.dates import format_day
from keurmerk.lib.workflow import SYSTEM, PhaseWindow, Process, Step, Who
from keurmerk.organisations.access import organisations_of

from .calendar import window, withdrawal_takes_effect
from .models import Participation, Phase, State
from .notices import notify_members


def is_member_of(user: Any, organisation_id: int) -> bool:
    """Whether `user` is a member of the organisation: only they take the provider's steps. The
    user's organisations are read once per user object (a page asks for every participation)."""
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "_member_organisation_ids"):
        user._member_organisation_ids = set(organisations_of(user).values_list("pk", flat=True))
    return organisation_id in user._member_organisation_ids


def _is_member(user: Any, participation: Participation) -> bool:
    return is_member_of(user, participation.organisation_id)


def _is_staff(user: Any, participation: Participation) -> bool:
    return user is not None and getattr(user, "is_scheme_staff", False)


def _is_administrator(user: Any, participation: Participation) -> bool:
    return user is not None and getattr(user, "is_administrator", False)


MEMBER = Who(
    "member",
    _is_member,
    gettext_lazy("Alleen een medewerker van de GGZ-aanbieder zelf kan deze stap zetten."),
)
STAFF = Who(
    "staff",
    _is_staff,
    gettext_lazy("Alleen een beoordelaar, de directeur of een beheerder kan deze stap zetten."),
)
STAFF_OR_SYSTEM = Who(
    "staff_or_system",
    lambda user, obj: SYSTEM.test(user, obj) or _is_staff(user, obj),
    STAFF.refusal,
)
ADMINISTRATOR = Who(
    "administrator", _is_administrator, gettext_lazy("Alleen een beheerder kan een stap overschrijven.")
)

WITHDRAWABLE = frozenset(
    {
        State.SIGNED,
        State.SUBMITTED,
        State.NOT_QUALIFIED,
        State.REVISION_SUBMITTED,
        State.QUALIFIED,
        State.AWARDED,
    }
)

STEPS = [
    Step(
        "sign",
        gettext_lazy("Onderteken de overeenkomst"),
        frozenset({State.OFFERED, State.APPLIED}),
        State.SIGNED,
        Action.AGREEMENT_SIGNED,
        MEMBER,
        phase=Phase.APPLICATION,
        url_name="cycles:agreement",
        subject=gettext_lazy("Ondertekenen"),
        wrong_state=gettext_lazy("Deze overeenkomst is al ondertekend of kan niet meer worden ondertekend."),
        closed=gettext_lazy(
            "De aanmeldperiode is gesloten (tot en met %(date)s); ondertekenen kan niet meer."
        ),
    ),
    Step(
        "submit",
        gettext_lazy("Vul de zelfevaluatie in en dien haar in"),
        frozenset({State.SIGNED}),
        State.SUBMITTED,
        Action.SELFEVALUATION_SUBMITTED,
        MEMBER,
        phase=Phase.SELFEVALUATION,
        url_name="selfevaluations:participation",
        subject=gettext_lazy("Het invullen en indienen van de zelfevaluatie"),
    ),
    Step(
        "qualify",
        gettext_lazy("Keurmerkrapportage: gekwalificeerd"),
        frozenset({State.SUBMITTED}),
        State.QUALIFIED,
        Action.REPORT_SENT,
        STAFF,
        offered=False,
    ),
    Step(
        "not_qualify",
        gettext_lazy("Keurmerkrapportage: nog niet gekwalificeerd"),
        frozenset({State.SUBMITTED}),
        State.NOT_QUALIFIED,
        Action.REPORT_SENT,
        STAFF,
        offered=False,
    ),
    Step(
        "submit_revision",
        gettext_lazy("Pas uw zelfevaluatie aan en dien haar opnieuw in"),
        frozenset({State.NOT_QUALIFIED}),
        State.REVISION_SUBMITTED,
        Action.SELFEVALUATION_REVISION_SUBMITTED,
        MEMBER,
        phase=Phase.REVISION,
        url_name="selfevaluations:participation",
        subject=gettext_lazy("De aanpassing van de zelfevaluatie"),
    ),
    Step(
        "award",
        gettext_lazy("Het Keurmerk toekennen"),
        frozenset({State.QUALIFIED, State.SUBMITTED, State.REVISION_SUBMITTED, State.WITHDRAWN}),
        State.AWARDED,
        Action.PARTICIPATION_AWARDED,
        STAFF_OR_SYSTEM,
        offered=False,
    ),
    Step(
        "withdraw",
        gettext_lazy("Het Keurmerk intrekken"),
        WITHDRAWABLE,
        State.WITHDRAWN,
        Action.PARTICIPATION_WITHDRAWN,
        STAFF_OR_SYSTEM,
        offered=False,
    ),
] + [
    Step(
        f"override_{state.value}",
        gettext_lazy("Status overschrijven"),
        frozenset(),
        state,
        Action.STATE_OVERRIDDEN,
        ADMINISTRATOR,
        offered=False,
        wrong_state=gettext_lazy("De deelname heeft deze status al."),
    )
    for state in State
]


def _lock(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update()
        .select_related("organisation", "cycle")
        .prefetch_related("extensions")
        .get(pk=participation.pk)
    )


def _window(participation: Participation, phase: str) -> PhaseWindow:
    return window(participation, phase)


PARTICIPATION = Process(
    name="participation",
    model=Participation,
    steps=STEPS,
    record=audit.record,
    audit_context=lambda participation: {"participation": participation},
    window=_window,
    lock=_lock,
    changed_at_field="state_changed_at",
)


@PARTICIPATION.on_enter(State.WITHDRAWN)
def _dissolve_agreement(
    participation: Participation, *, step: Step, user: Any, now: datetime.datetime | None, reason: str
) -> None:
    """Handbook Fase 4: "De GGZ-aanbieder wordt uit het Keurmerkregister verwijderd en de
    overeenkomst wordt ontbonden" (the register follows from the state: `calendar.holder_ids`)."""
    participation.agreement_dissolved_at = timezone.now()
    participation.save(update_fields=["agreement_dissolved_at"])
    notice_withdrawn(participation, reason=reason)


@PARTICIPATION.on_enter(State.AWARDED)
def _restore_agreement(
    participation: Participation, *, step: Step, user: Any, now: datetime.datetime | None, reason: str
) -> None:
    """An award after a withdrawal (an upheld complaint or objection, or an override) restores the
    agreement that the withdrawal dissolved."""
    if participation.agreement_dissolved_at is not None:
        participation.agreement_dissolved_at = None
        participation.save(update_fields=["agreement_dissolved_at"])


def notice_withdrawn(participation: Participation, *, reason: str) -> None:
    """The members' notice of a withdrawal, with the day it takes effect and the way to complain."""
    effective = withdrawal_takes_effect(
        participation.state_changed_at, participation.cycle.withdrawal_effective
    )
    notify_members(
        participation,
        kind="withdrawn",
        dedupe=None,
        subject=_("Keurmerk %(year)s ingetrokken") % {"year": participation.cycle.year},
        body=_(
            "Het Keurmerk wordt ingetrokken met ingang van %(date)s; de overeenkomst is ontbonden. "
            "Reden: %(reason)s. Bent u het hier niet mee eens? Dan kunt u schriftelijk een klacht indienen."
        )
        % {"date": format_day(effective), "reason": reason.rstrip(". ")},
        url=reverse("complaints:list"),
    )
