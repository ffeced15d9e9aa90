"""Reads behind the dashboards: the public home, the staff dashboard, the insurer's home and the
additions to the provider's start page.

Nothing here decides a rule of the scheme: dates and phases come from `cycles.calendar`, what a
provider may do next from `PARTICIPATION.available_steps`, report deadlines from the assessment
queue, complaint deadlines from the complaint, who holds the mark from the holder rule. Each
dashboard reads in a fixed number of queries, whatever the number of participations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from keurmerk.accounts.models import Role
from keurmerk.api.selectors import holder_changes
from keurmerk.assessments.selectors import queue
from keurmerk.audit.models import AuditEvent
from keurmerk.complaints.selectors import staff_rows
from keurmerk.consultations.models import RoundState
from keurmerk.consultations.selectors import rounds_overview
from keurmerk.cycles import calendar
from keurmerk.cycles.models import Cycle, State
from keurmerk.cycles.selectors import state_counts, today_marked
from keurmerk.cycles.states import PARTICIPATION
from keurmerk.lib import charts
from keurmerk.lib.dates import AMSTERDAM, local_today
from keurmerk.mirror.selectors import scheme_distributions, years_with_peers
from keurmerk.register.selectors import register_entries
from keurmerk.selfevaluations import rules
from keurmerk.selfevaluations.models import Answer
from keurmerk.selfevaluations.selectors import NormBlock

# How far ahead "due soon" looks (the issue: the next 14 days).
DUE_WINDOW = datetime.timedelta(days=14)


# -- public home ----------------------------------------------------------------------------------


def public_home(now=None):
    """What the Keurmerk is doing now: the number of current holders (the register's rule), the
    running cycle's phases with today marked, and the cycle whose application is open."""
    today = local_today(now)
    cycle = calendar.current_cycle(today)
    return {
        "holder_count": len(calendar.holder_ids(today.year, today)),
        "cycle": cycle,
        "timeline": today_marked(calendar.timeline(cycle) if cycle else [], now),
        "application_cycle": calendar.application_cycle(now),
    }


# -- staff dashboard ------------------------------------------------------------------------------

# The kinds of dated work on the staff dashboard; the key is the `soort` of the list behind a number.
REPORTS, TAKE_IN, DECIDE, CONSULTATION, MINE = (
    "rapportages",
    "klachten-innemen",
    "klachten-besluiten",
    "consultaties",
    "mijn-beoordelingen",
)
KIND_LABELS = {
    REPORTS: _("Keurmerkrapportages te versturen"),
    TAKE_IN: _("Klachten in behandeling te nemen"),
    DECIDE: _("Klachten te besluiten"),
    CONSULTATION: _("Consultaties die sluiten"),
    MINE: _("Mijn beoordelingen"),
}
OVERDUE, SOON = "verlopen", "binnenkort"


@dataclass(frozen=True)
class Item:
    """One piece of dated work: what it is about, its last day, where to do it, and whether that day
    has passed."""

    kind: str
    name: str
    due: datetime.date
    url: str
    overdue: bool

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _report_items(rows, user):
    items = []
    for row in rows:
        if row["sent"]:
            continue
        se, assessment = row["self_evaluation"], row["assessment"]
        url = reverse("assessments:assessment", args=[se.pk])
        name = se.participation.organisation.name
        items.append(Item(REPORTS, name, row["due"], url, row["overdue"]))
        if assessment is not None and assessment.assessor_id == user.pk:
            items.append(Item(MINE, name, row["due"], url, row["overdue"]))
    return items


def _complaint_items(rows):
    items = []
    for row in rows:
        complaint = row.complaint
        url = reverse("complaints:detail", args=[complaint.pk])
        name = complaint.participation.organisation.name
        if complaint.taken_in_at is None and complaint.decided_at is None:
            items.append(Item(TAKE_IN, name, complaint.take_in_due, url, row.take_in_late))
        if complaint.decided_at is None:
            items.append(Item(DECIDE, name, complaint.decision_due, url, row.decision_late))
    return items


def _consultation_items(now):
    items = []
    for consultation_round in rounds_overview().filter(adopted_on__isnull=True, closed_at__isnull=True):
        if consultation_round.state_at(now) == RoundState.OPEN:
            url = reverse("consultations:round", args=[consultation_round.pk])
            items.append(
                Item(CONSULTATION, str(consultation_round), consultation_round.closes_on, url, False)
            )
    return items


def open_items(user, now=None):
    """All dated work still to do, overdue first, then by day."""
    now = now or timezone.now()
    open_complaints = [row for row in staff_rows(now=now) if row.complaint.decided_at is None]
    items = _report_items(queue(now), user) + _complaint_items(open_complaints) + _consultation_items(now)
    return sorted(items, key=lambda item: (not item.overdue, item.due, item.name))


def within_window(items, now=None):
    """The items that are overdue or due within the next 14 days."""
    horizon = local_today(now) + DUE_WINDOW
    return [item for item in items if item.overdue or item.due <= horizon]


def items_url(kind, when):
    return f"{reverse('staff:items')}?{urlencode({'soort': kind, 'wanneer': when})}"


@dataclass
class Tally:
    kind: str
    soon: int = 0
    overdue: int = 0

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def soon_url(self) -> str:
        return items_url(self.kind, SOON)

    @property
    def overdue_url(self) -> str:
        return items_url(self.kind, OVERDUE)


def tallies(items, kinds):
    by_kind = {kind: Tally(kind) for kind in kinds}
    for item in items:
        if item.kind in by_kind:
            tally = by_kind[item.kind]
            if item.overdue:
                tally.overdue += 1
            else:
                tally.soon += 1
    return list(by_kind.values())


def participation_counts(cycle):
    """Per state of the cycle's participations: the number, the link to the filtered participations
    list and the bar chart of them."""
    base = reverse("staff:cycle", args=[cycle.year])
    rows = [
        {"state": value, "label": label, "count": n, "url": f"{base}?{urlencode({'state': value})}"}
        for value, label, n in state_counts(cycle)
    ]
    chart = charts.bars([(str(row["label"]), row["count"]) for row in rows], left=200)
    return {"rows": rows, "total": sum(row["count"] for row in rows), "chart": chart}


@dataclass
class StaffDashboard:
    cycle: Cycle | None
    counts: dict | None
    tallies: list
    overdue: list
    mine: list = field(default_factory=list)
    to_decide: list = field(default_factory=list)
    show_mine: bool = False
    show_decisions: bool = False


def staff_dashboard(user, now=None):
    """The staff dashboard of the current cycle: participations per state, the dated work of the
    next 14 days and everything overdue; an assessor's own assessments and the director's
    complaints waiting for a decision, each with its deadline, however far off."""
    now = now or timezone.now()
    cycle = calendar.current_cycle(local_today(now))
    items = open_items(user, now)
    return StaffDashboard(
        cycle=cycle,
        counts=participation_counts(cycle) if cycle else None,
        tallies=tallies(within_window(items, now), [REPORTS, TAKE_IN, DECIDE, CONSULTATION]),
        overdue=[item for item in items if item.overdue and item.kind != MINE],
        mine=[item for item in items if item.kind == MINE],
        to_decide=[item for item in items if item.kind == DECIDE],
        show_mine=user.role == Role.ASSESSOR,
        show_decisions=user.is_director,
    )


def filtered_items(user, kind, when, now=None):
    """The list behind one number of the dashboard: the items of `kind`, overdue or due soon."""
    overdue = when == OVERDUE
    return [i for i in within_window(open_items(user, now), now) if i.kind == kind and i.overdue == overdue]


# -- insurer home ---------------------------------------------------------------------------------

CHANGE_LABELS = {
    "holder_expired": _("Keurmerk verlopen (nieuw jaar)"),
    "holder_added": _("Nieuwe keurmerkdrager"),
    "holder_withdrawn": _("Keurmerk ingetrokken"),
    "network_predicate_gained": _("Predicaat Netwerk Keurmerk verkregen"),
    "network_predicate_lost": _("Predicaat Netwerk Keurmerk vervallen"),
}


def purchasing_years():
    """The years an insurer can look at: every cycle's year, newest first."""
    return list(Cycle.objects.order_by("-year").values_list("year", flat=True))


def default_purchasing_year(today=None):
    cycle = calendar.current_cycle(today)
    return cycle.year if cycle else local_today().year


def holders_day(year, today=None):
    """The day on which to read the holders of `year`: today within that year, its first day for a
    year to come (those who signed hold it from then), its last day for a year gone by."""
    today = today or local_today()
    if year == today.year:
        return today
    return datetime.date(year, 1, 1) if year > today.year else datetime.date(year, 12, 31)


def insurer_holders(year, today=None):
    """The holders of the purchasing year with the period of their mark (the register's rows)."""
    return register_entries(on=holders_day(year, today))


def insurer_changes(since):
    """New holders, withdrawals and network predicates gained or lost since the start of `since`."""
    moment = datetime.datetime.combine(since, datetime.time.min, tzinfo=AMSTERDAM)
    rows = holder_changes(since=moment.astimezone(datetime.UTC))
    return [{**row, "kind_label": str(CHANGE_LABELS[row["kind"]])} for row in rows]


def insurer_mirror():
    """The latest year of scheme-wide mirror figures (distributions only, never a provider)."""
    years = years_with_peers()
    if not years:
        return None
    return {"year": years[0], "rows": scheme_distributions(years[0])}


# -- provider start page --------------------------------------------------------------------------


@dataclass
class ProviderProgress:
    """For one participation on the start page: the steps done (from the audit log of its
    declared steps), the steps to come (`available_steps`) and the self-evaluation per norm."""

    done: list
    to_come: list
    norms: list
    norms_chart: dict | None


def _steps_done(participations):
    """{participation id: [(state label, moment)]} from the audit rows of the declared steps."""
    labels = dict(State.choices)
    events = (
        AuditEvent.objects.filter(participation__in=participations)
        .exclude(to_state="")
        .order_by("at", "pk")
        .values_list("participation_id", "to_state", "at")
    )
    done: dict[int, list] = {}
    for participation_id, to_state, at in events:
        if to_state in labels:
            done.setdefault(participation_id, []).append((labels[to_state], at))
    return done


def _norm_blocks(participations):
    """{participation id: [NormBlock]} of its latest self-evaluation (the revision once there is
    one): per norm the required questions and those complete, by the self-evaluation's own rules
    (`rules.is_optional`, `rules.is_complete`), for all participations in one query."""
    by_pk = {p.pk: p for p in participations}
    answers = (
        Answer.objects.filter(self_evaluation__participation__in=participations)
        .select_related("criterion__norm", "self_evaluation")
        .order_by("criterion__norm__position", "criterion__position", "pk")
    )
    latest: dict[int, tuple] = {}
    blocks: dict[tuple, dict[int, NormBlock]] = {}
    for answer in answers:
        se, criterion = answer.self_evaluation, answer.criterion
        key = (se.round, se.pk)
        latest[se.participation_id] = max(latest.get(se.participation_id, key), key)
        per_norm = blocks.setdefault(key, {})
        block = per_norm.setdefault(criterion.norm_id, NormBlock(norm=criterion.norm, sections=[]))
        if rules.is_optional(criterion, by_pk[se.participation_id]):
            block.optional += 1
        else:
            block.required += 1
            block.done += rules.is_complete(answer, criterion)
    return {pk: list(blocks[key].values()) for pk, key in latest.items()}


def _norms_chart(blocks):
    if not blocks:
        return None
    return charts.bars(
        [(f"{b.norm.number} {b.norm.subject}", b.percent) for b in blocks], maximum=100, left=200
    )


def provider_progress(participations, user, now=None):
    """{participation id: ProviderProgress} for the provider's start page (hook of `cycles`), in a
    fixed number of queries whatever the number of participations."""
    participations = list(participations)
    done = _steps_done(participations)
    blocks = _norm_blocks(participations)
    result = {}
    for participation in participations:
        norms = blocks.get(participation.pk, [])
        to_come = PARTICIPATION.available_steps(participation, user, now)
        result[participation.pk] = ProviderProgress(
            done.get(participation.pk, []), to_come, norms, _norms_chart(norms)
        )
    return result
