"""The cycle calendar: every date rule of the scheme, in one place (handbook hoofdstuk 4, Fase 1–4).

Phase windows and deadlines (with an administrator's extensions), who holds the mark on a date,
the period a holder holds it (`valid_from` / `valid_until`) and what 1 April means. The register,
verification, the holder pages, exports, reminders, `tick`, the mirror's peer group, the network
predicate and the exemptions read these functions; nothing else computes a date of the scheme.

What 1 April (the cycle's `withdrawal_effective`) means, in the handbook's words:
- "Kwalificeert een keurmerkdrager zich niet vóór 1 april? Dan wordt het Keurmerk ... ingetrokken"
  and "het Keurmerk wordt met ingang van 1 april ... ingetrokken": a withdrawal decided before
  1 April takes effect on 1 April; one decided later takes effect on the day it is decided.
  Until it takes effect the provider still holds the mark: the register lists it with its
  certificate code and "ingetrokken per <datum>", and verification says the certificate is valid
  until the day before and withdrawn from that date. Both read `mark_status`.
- "Het Keurmerk kan voor een volgend jaar opnieuw ... worden aangevraagd. Dan geldt dat het
  Keurmerk per 1 april van dat volgende jaar, en alleen bij tijdige kwalificatie ... wordt
  toegekend": a provider withdrawn the year before holds the new year's mark only once it has
  qualified, and never before 1 April; before then the register does not list it and verification
  says the certificate is valid from 1 April.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from keurmerk.lib.dates import end_of_day, local_today, start_of_day

from .models import Cycle, Participation, Phase, State

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from keurmerk.organisations.models import Organisation

# States in which a participation has signed the agreement and not been withdrawn.
SIGNED_STATES = (
    State.SIGNED,
    State.SUBMITTED,
    State.QUALIFIED,
    State.NOT_QUALIFIED,
    State.REVISION_SUBMITTED,
    State.AWARDED,
)
QUALIFIED_STATES = (State.QUALIFIED, State.AWARDED)

_PHASE_FIELDS = {
    Phase.APPLICATION: ("application_opens", "application_closes"),
    Phase.SELFEVALUATION: ("selfevaluation_opens", "selfevaluation_closes"),
    Phase.REVISION: ("revision_opens", "revision_closes"),
}


# -- phase windows and deadlines ----------------------------------------------------------------


class WindowState(StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    """A phase from `opens` to `closes`, both whole days in Amsterdam, inclusive."""

    opens: datetime.date
    closes: datetime.date

    def state(self, now: datetime.datetime | None = None) -> WindowState:
        from django.utils import timezone

        now = now or timezone.now()
        if now < start_of_day(self.opens):
            return WindowState.NOT_YET
        if now < end_of_day(self.closes):
            return WindowState.OPEN
        return WindowState.CLOSED

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return self.state(now) is WindowState.OPEN


def cycle_window(cycle: Cycle, phase: str) -> Window:
    """The phase's window as the cycle sets it for everyone."""
    opens, closes = _PHASE_FIELDS[Phase(phase)]
    return Window(getattr(cycle, opens), getattr(cycle, closes))


def extended_until(participation: Participation, phase: str) -> datetime.date | None:
    """The latest extension an administrator granted this participation for `phase` (or None).
    Reads `participation.extensions.all()`, so a prefetched list costs no query."""
    dates = [e.until for e in participation.extensions.all() if e.phase == phase]
    return max(dates) if dates else None


def deadline(participation: Participation, phase: str) -> datetime.date:
    """The last day of `phase` for this participation: the cycle's date, or a later extension.
    An extension never shortens a phase."""
    closes = cycle_window(participation.cycle, phase).closes
    extended = extended_until(participation, phase)
    return max(extended, closes) if extended else closes


def window(participation: Participation, phase: str) -> Window:
    """The phase's window for this participation, its extension included."""
    return Window(cycle_window(participation.cycle, phase).opens, deadline(participation, phase))


def phase_open(participation: Participation, phase: str, now: datetime.datetime | None = None) -> bool:
    return window(participation, phase).is_open(now)


def past_deadline(participation: Participation, phase: str, now: datetime.datetime | None = None) -> bool:
    """Whether the phase's last day (with extensions) has ended in Amsterdam."""
    return window(participation, phase).state(now) is WindowState.CLOSED


def timeline(cycle: Cycle) -> list[tuple[str, datetime.date, datetime.date | None]]:
    """The cycle's phases as (label, first day, last day or None), in handbook order."""
    return [
        (_("Normen openbaar"), cycle.norms_public, None),
        (_("Aanmelding en ondertekening"), cycle.application_opens, cycle.application_closes),
        (_("Zelfevaluatie invullen en indienen"), cycle.selfevaluation_opens, cycle.selfevaluation_closes),
        (_("Keurmerkrapportage uiterlijk"), cycle.first_report_due, None),
        (_("Aanpassing zelfevaluatie (eenmalig)"), cycle.revision_opens, cycle.revision_closes),
        (_("Eindrapportage uiterlijk"), cycle.final_report_due, None),
        (_("Intrekking bij niet kwalificeren per"), cycle.withdrawal_effective, None),
    ]


def application_cycle(now: datetime.datetime | None = None) -> Cycle | None:
    """The cycle whose application window is open now, if any."""
    for cycle in Cycle.objects.select_related("framework").order_by("year"):
        if cycle_window(cycle, Phase.APPLICATION).is_open(now):
            return cycle
    return None


def upcoming_application_cycle(today: datetime.date | None = None) -> Cycle | None:
    """The next cycle whose application window has not opened yet."""
    today = today or local_today()
    return Cycle.objects.filter(application_opens__gt=today).order_by("application_opens").first()


def current_cycle(today: datetime.date | None = None) -> Cycle | None:
    """The cycle that is running: the earliest one whose final report is not yet past."""
    today = today or local_today()
    cycles = Cycle.objects.select_related("framework")
    return (
        cycles.filter(final_report_due__gte=today).order_by("year").first()
        or cycles.order_by("-year").first()
    )


# -- holding the mark -----------------------------------------------------------------------------


def withdrawn_in(year: int) -> QuerySet[Participation, Any]:
    """Organisation ids (a subquery) whose mark of `year` was withdrawn. The year after, such a
    provider holds the mark only once it qualifies, from 1 April (handbook Fase 4)."""
    return Participation.objects.filter(cycle__year=year, state=State.WITHDRAWN).values("organisation_id")


def withdrawal_takes_effect(
    decided_at: datetime.datetime, withdrawal_effective: datetime.date
) -> datetime.date:
    """The day a withdrawal takes effect: the cycle's 1 April, or the day of the decision when that
    is later (handbook Fase 4, "met ingang van 1 april")."""
    return max(withdrawal_effective, local_today(decided_at))


def valid_from_for(
    year: int, withdrawal_effective: datetime.date | None, withdrawn_year_before: bool
) -> datetime.date:
    """The first day of the year's mark: 1 January; 1 April (the cycle's `withdrawal_effective`)
    for a provider whose mark was withdrawn the year before (handbook Fase 4)."""
    if withdrawn_year_before and withdrawal_effective is not None:
        return withdrawal_effective
    return datetime.date(year, 1, 1)


def _withdrawn_year_before(participation: Participation) -> bool:
    year = participation.cycle.year
    return withdrawn_in(year - 1).filter(organisation_id=participation.organisation_id).exists()


def valid_from(participation: Participation) -> datetime.date:
    cycle = participation.cycle
    return valid_from_for(cycle.year, cycle.withdrawal_effective, _withdrawn_year_before(participation))


def valid_until(participation: Participation) -> datetime.date:
    """The last day the participation's mark is held: 31 December, or the day before a withdrawal
    takes effect."""
    if participation.state == State.WITHDRAWN:
        effective = withdrawal_takes_effect(
            participation.state_changed_at, participation.cycle.withdrawal_effective
        )
        return effective - datetime.timedelta(days=1)
    return datetime.date(participation.cycle.year, 12, 31)


def holder_ids(year: int, on: datetime.date | None = None) -> set[int]:
    """Ids of the organisations that hold the mark of `year` on date `on` (default: today).

    THE rule of who holds the mark (keurmerkdrager); every page, export and the API read it:
    - a year recorded in `HeldMark` (history from before the platform) counts the whole year;
    - a participation that signed the agreement holds the mark from 1 January of its year
      ("recht op het voeren van het Keurmerk vanaf 1 januari"), until a withdrawal takes effect
      (`withdrawal_takes_effect`); one that never signed never held it;
    - a provider whose mark was withdrawn the year before holds it only once it has qualified,
      and from 1 April (module docstring).
    Nothing before 1 January of `year` holds that year's mark.
    """
    from keurmerk.organisations.models import HeldMark

    on = on or local_today()
    if on < datetime.date(year, 1, 1):
        return set()
    ids = set(HeldMark.objects.filter(year=year).values_list("organisation_id", flat=True))
    withdrawn_before = withdrawn_in(year - 1).filter(organisation_id=OuterRef("organisation_id"))
    rows = (
        Participation.objects.filter(cycle__year=year)
        .annotate(returning=Exists(withdrawn_before))
        .values_list(
            "organisation_id",
            "state",
            "signed_at",
            "state_changed_at",
            "cycle__withdrawal_effective",
            "returning",
        )
    )
    ids |= {row[0] for row in rows if _holds(on, *row[1:])}
    return ids


def _holds(
    on: datetime.date,
    state: str,
    signed_at: datetime.datetime | None,
    decided_at: datetime.datetime,
    withdrawal_effective: datetime.date,
    returning: bool,
) -> bool:
    """One participation's part of the holder rule (`holder_ids`) on date `on`."""
    if returning:  # withdrawn the year before: only once qualified, and from 1 April
        return state in QUALIFIED_STATES and on >= withdrawal_effective
    if state == State.WITHDRAWN:
        return signed_at is not None and on < withdrawal_takes_effect(decided_at, withdrawal_effective)
    return state in SIGNED_STATES


def holders(year: int, on: datetime.date | None = None) -> QuerySet[Organisation]:
    from keurmerk.organisations.models import Organisation

    return Organisation.objects.filter(pk__in=holder_ids(year, on))


def is_holder(organisation: Organisation, year: int, on: datetime.date | None = None) -> bool:
    return organisation.pk in holder_ids(year, on)


def years_held(organisation: Organisation, before: int | None = None) -> list[int]:
    """The years in which the organisation held the mark at the end of the year (history and
    participations alike), optionally only those before year `before`."""
    from keurmerk.organisations.models import HeldMark

    years = set(HeldMark.objects.filter(organisation=organisation).values_list("year", flat=True))
    # The holder rule's own part per participation (`_holds`) on 31 December, from one query: the
    # same answer as `holder_ids(year, 31 December)` for this organisation, without a query per year.
    rows = list(
        Participation.objects.filter(organisation=organisation).values_list(
            "cycle__year", "state", "signed_at", "state_changed_at", "cycle__withdrawal_effective"
        )
    )
    withdrawn = {year for year, state, *_rest in rows if state == State.WITHDRAWN}
    for year, state, signed_at, decided_at, effective in rows:
        if _holds(
            datetime.date(year, 12, 31), state, signed_at, decided_at, effective, year - 1 in withdrawn
        ):
            years.add(year)
    return sorted(y for y in years if before is None or y < before)


def network_predicates(networks: Iterable, year: int, on: datetime.date | None = None) -> dict[int, bool]:
    """{network id: bool}: the predicate Netwerk Keurmerk of each network in `year` on `on`, from the
    rule `organisations.selectors.holds_network_predicate` and the holders of that date."""
    from keurmerk.organisations.selectors import confirmed_subcontractor_ids, holds_network_predicate

    held = holder_ids(year, on)
    subs = confirmed_subcontractor_ids(network.pk for network in networks)
    return {network.pk: holds_network_predicate(subs.get(network.pk, []), held) for network in networks}


# -- the status of one participation's mark on a date ------------------------------------------------


class MarkState(StrEnum):
    VALID = "valid"  # holds the mark on the date
    PENDING = "pending"  # will hold it from `valid_from` (a re-applicant before 1 April)
    WITHDRAWN = "withdrawn"  # the withdrawal has taken effect, or it never held this mark
    EXPIRED = "expired"  # the year is over


@dataclass(frozen=True)
class MarkStatus:
    state: MarkState
    valid_from: datetime.date
    valid_until: datetime.date
    withdrawn_per: datetime.date | None  # the day a decided withdrawal takes effect

    @property
    def is_valid(self) -> bool:
        return self.state is MarkState.VALID

    @property
    def is_pending(self) -> bool:
        return self.state is MarkState.PENDING

    @property
    def is_expired(self) -> bool:
        return self.state is MarkState.EXPIRED


def mark_status(participation: Participation, on: datetime.date | None = None) -> MarkStatus:
    """Whether the participation's organisation holds that year's mark on `on`, and the period, from
    `holder_ids` (the one rule): verification and the register say the same on every date."""
    on = on or local_today()
    cycle = participation.cycle
    start, end = valid_from(participation), valid_until(participation)
    withdrawn_per = end + datetime.timedelta(days=1) if participation.state == State.WITHDRAWN else None
    if participation.organisation_id in holder_ids(cycle.year, on) and on <= datetime.date(
        cycle.year, 12, 31
    ):
        state = MarkState.VALID
    elif participation.state in QUALIFIED_STATES and on < start:
        state = MarkState.PENDING
    elif withdrawn_per is not None or participation.state not in SIGNED_STATES:
        state = MarkState.WITHDRAWN
    else:
        state = MarkState.EXPIRED if on > end else MarkState.PENDING
    return MarkStatus(state=state, valid_from=start, valid_until=end, withdrawn_per=withdrawn_per)
