"""Reads behind the API operations. The register, the holder rule and every date of the scheme
(`cycles.calendar`), the change overview, the mirror's distributions and the consultation results
come from their own apps; this module shapes their answers for JSON."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from keurmerk.assessments.models import Certificate
from keurmerk.assessments.selectors import agreement_of_cycle
from keurmerk.consultations.models import ConsultationRound
from keurmerk.consultations.selectors import round_results, rounds_overview
from keurmerk.cycles import calendar
from keurmerk.cycles.calendar import QUALIFIED_STATES, SIGNED_STATES, MarkStatus, holder_ids, withdrawn_in
from keurmerk.cycles.models import Cycle, Participation, Phase, State
from keurmerk.frameworks.changes import Change
from keurmerk.frameworks.models import Criterion, Framework, Norm, TargetValue
from keurmerk.lib.dates import local_today, start_of_day
from keurmerk.mirror.selectors import scheme_distributions
from keurmerk.organisations.models import HeldMark, Organisation, OrganisationType, Subcontract
from keurmerk.register.selectors import register_entries
from keurmerk.sampling.selectors import draws_of_cycle

from . import hooks
from .history import participation_steps_after, subcontract_steps_after


def register_items(*, search: str | None = None, kind: str | None = None, network_only: bool = False) -> list:
    """The holders exactly as `/register.json` lists them (same selector, same serialiser)."""
    kind = kind if kind in OrganisationType.values else None
    entries = register_entries(search=search or None, kind=kind, network_only=network_only)
    return [entry.as_dict() for entry in entries]


def holder_records(*, on: datetime.date | None = None) -> list[dict]:
    """The register's holders for purchasing systems, with the period of their mark."""
    on = on or local_today()
    return [{key: entry.as_dict()[key] for key in HOLDER_FIELDS} for entry in register_entries(on=on)]


HOLDER_FIELDS = [
    "agb",
    "kvk",
    "name",
    "year",
    "valid_from",
    "valid_until",
    "certificate_code",
    "network_predicate",
]


@dataclass
class HolderChange:
    at: datetime.datetime
    kind: str  # one of CHANGE_ORDER
    organisation_id: int
    year: int
    effective_on: datetime.date


def _holding(state: str, withdrawn_before: bool) -> bool:
    """Whether the holder rule (`cycles.selectors.holder_ids`) counts a participation in this state:
    after a withdrawal the year before only once qualified."""
    return state in (QUALIFIED_STATES if withdrawn_before else SIGNED_STATES)


def _step_change(step: dict, withdrawn_before: bool) -> HolderChange | None:
    common = {"at": step["at"], "organisation_id": step["organisation_id"], "year": step["year"]}
    if step["to_state"] == State.WITHDRAWN and step["from_state"] != State.WITHDRAWN:
        effective = calendar.withdrawal_takes_effect(step["at"], step["withdrawal_effective"])
        return HolderChange(kind="holder_withdrawn", effective_on=effective, **common)
    if _holding(step["to_state"], withdrawn_before) and not _holding(step["from_state"], withdrawn_before):
        start = calendar.valid_from_for(step["year"], step["withdrawal_effective"], withdrawn_before)
        return HolderChange(kind="holder_added", effective_on=start, **common)
    return None


def _step_changes(steps: list[dict]) -> list[HolderChange]:
    years = {step["year"] for step in steps}
    withdrawn = {y: set(withdrawn_in(y - 1).values_list("organisation_id", flat=True)) for y in years}
    changes = [_step_change(step, step["organisation_id"] in withdrawn[step["year"]]) for step in steps]
    return [change for change in changes if change is not None]


def _contracts_at_since(sub_steps: list[dict], changed: set) -> dict[int, set]:
    """{network id: its subcontractor ids} as they were at `since`, for the networks that had a
    subcontract step since or contract an organisation that changed: today's list with the steps
    since undone."""
    step_networks = {step["network_id"] for step in sub_steps}
    networks = Subcontract.objects.filter(subcontractor_id__in=changed).values("network_id")
    contracts = {network_id: set() for network_id in step_networks}
    rows = Subcontract.objects.filter(Q(network_id__in=networks) | Q(network_id__in=step_networks))
    for network_id, sub_id in rows.values_list("network_id", "subcontractor_id"):
        contracts.setdefault(network_id, set()).add(sub_id)
    first = {}
    for step in sub_steps:
        first.setdefault((step["network_id"], step["subcontractor_id"]), step["added"])
    for (network_id, sub_id), added in first.items():
        (contracts[network_id].discard if added else contracts[network_id].add)(sub_id)
    return contracts


def _held_at_since(
    year: int, own: list[HolderChange], contracts: dict[int, set], sub_steps: list[dict]
) -> set:
    """The subcontractors that held the mark of `year` at `since`: before its first step, a
    withdrawal means it did, an addition that it did not; without a step, as the rule says now."""
    stable = holder_ids(year, on=datetime.date(year, 12, 31))
    first = {}
    for change in own:
        first.setdefault(change.organisation_id, change.kind)
    subs = {s for members in contracts.values() for s in members} | {
        st["subcontractor_id"] for st in sub_steps
    }
    return {s for s in subs if (first[s] == "holder_withdrawn" if s in first else s in stable)}


def _carries(members: set, held: set) -> bool:
    """The predicate Netwerk Keurmerk: subcontractors, and all of them hold the mark (handbook §1.2)."""
    return bool(members) and members <= held


def _apply(event, held: set, contracts: dict[int, set]) -> tuple[set, datetime.date]:
    """Apply one step; returns the networks it may affect and the day it takes effect."""
    if isinstance(event, HolderChange):
        (held.add if event.kind == "holder_added" else held.discard)(event.organisation_id)
        return {n for n, members in contracts.items() if event.organisation_id in members}, event.effective_on
    (contracts[event["network_id"]].add if event["added"] else contracts[event["network_id"]].discard)(
        event["subcontractor_id"]
    )
    return {event["network_id"]}, timezone.localdate(event["at"])


def _predicate_changes_of_year(
    year: int, own: list[HolderChange], sub_steps: list[dict]
) -> list[HolderChange]:
    """Replay the year's holder steps and the subcontract steps in order: a network's predicate
    flips when, after a step, all its subcontractors hold the mark or no longer all do."""
    contracts = _contracts_at_since(sub_steps, {c.organisation_id for c in own})
    held = _held_at_since(year, own, contracts, sub_steps)
    carries = {network_id: _carries(members, held) for network_id, members in contracts.items()}
    events = sorted(
        [(c.at, 0, c) for c in own] + [(st["at"], 1, st) for st in sub_steps], key=lambda e: e[:2]
    )
    found = []
    for at, _order, event in events:
        affected, effective_on = _apply(event, held, contracts)
        for network_id in sorted(affected):
            now = _carries(contracts[network_id], held)
            if now != carries[network_id]:
                carries[network_id] = now
                kind = "network_predicate_gained" if now else "network_predicate_lost"
                found.append(
                    HolderChange(
                        at=at, kind=kind, organisation_id=network_id, year=year, effective_on=effective_on
                    )
                )
    return found


def _predicate_changes(changes: list[HolderChange], sub_steps: list[dict]) -> list[HolderChange]:
    """The predicates gained or lost, per year of the mark: the years of the holder steps, and
    the year in which a subcontract was added or removed."""
    years = {c.year for c in changes} | {timezone.localdate(st["at"]).year for st in sub_steps}
    found = []
    for year in sorted(years):
        found += _predicate_changes_of_year(year, [c for c in changes if c.year == year], sub_steps)
    return found


def _imported_changes(since: datetime.datetime) -> list[HolderChange]:
    """Years of the mark entered by an import of history (`HeldMark`) after `since`: such a year
    counts whole (`holder_ids`), so it is a new holder from 1 January, unless the year was already
    over when it was entered (history, nothing changes in the register)."""
    rows = HeldMark.objects.filter(created_at__gt=since).values_list("organisation_id", "year", "created_at")
    return [
        HolderChange(
            at=at,
            kind="holder_added",
            organisation_id=org_id,
            year=year,
            effective_on=datetime.date(year, 1, 1),
        )
        for org_id, year, at in rows
        if year >= local_today(at).year
    ]


def _year_changes(since: datetime.datetime, until: datetime.datetime) -> list[HolderChange]:
    """The change of year on each 1 January after `since`: the register moves to the new year's
    holders, so whoever held the old year's mark on 31 December and does not hold the new year's
    on 1 January drops out (`holder_expired`; its mark ran to 31 December). The new year's holders
    were listed when they signed. Only years with a cycle or history are looked at."""
    first, last = local_today(since).year + 1, local_today(until).year
    if first > last:  # no 1 January in between: nothing to read
        return []
    known = set(Cycle.objects.values_list("year", flat=True)) | set(
        HeldMark.objects.values_list("year", flat=True)
    )
    found = []
    for year in sorted(y + 1 for y in known if first <= y + 1 <= last):
        new_year = datetime.date(year, 1, 1)
        gone = holder_ids(year - 1, on=datetime.date(year - 1, 12, 31)) - holder_ids(year, on=new_year)
        found += [
            HolderChange(
                at=start_of_day(new_year),
                kind="holder_expired",
                organisation_id=org_id,
                year=year - 1,
                effective_on=new_year,
            )
            for org_id in gone
        ]
    return found


CHANGE_ORDER = [
    "holder_expired",
    "holder_added",
    "holder_withdrawn",
    "network_predicate_gained",
    "network_predicate_lost",
]


def holder_changes(*, since: datetime.datetime, until: datetime.datetime | None = None) -> list[dict]:
    """What changed in who holds the mark after `since` (up to `until`, default now): new holders,
    withdrawals and network predicates gained or lost, from the participations' and subcontracts'
    steps in the audit log, years entered by an import of history, and the holders that drop out
    at the change of year; each with the moment of the decision (`at`) and the day it takes effect
    in the register (`effective_on`)."""
    changes = _step_changes(participation_steps_after(since)) + _imported_changes(since)
    changes += _predicate_changes(changes, subcontract_steps_after(since))
    changes += _year_changes(since, until or timezone.now())
    # One query whatever the number (in_bulk would split it in batches of 999 on SQLite).
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pk__in={c.organisation_id for c in changes})
    }
    changes.sort(key=lambda c: (c.at, CHANGE_ORDER.index(c.kind), organisations[c.organisation_id].name))
    return [
        {
            "at": c.at,
            "kind": c.kind,
            "agb": organisations[c.organisation_id].agb,
            "kvk": organisations[c.organisation_id].kvk,
            "name": organisations[c.organisation_id].name,
            "year": c.year,
            "effective_on": c.effective_on,
        }
        for c in changes
    ]


def participation_records(*, cycle: Cycle) -> list[dict]:
    """The cycle's participations with their state and their deadlines (extensions included)."""
    participations = (
        Participation.objects.filter(cycle=cycle)
        .select_related("organisation", "cycle")
        .prefetch_related("extensions")
        .order_by("organisation__name", "pk")
    )
    return [
        {
            "id": p.pk,
            "year": cycle.year,
            "state": p.state,
            "state_label": str(State(p.state).label),
            "state_changed_at": p.state_changed_at,
            "organisation": {
                "name": p.organisation.name,
                "kvk": p.organisation.kvk,
                "agb": p.organisation.agb,
            },
            "deadlines": {
                "application": calendar.deadline(p, Phase.APPLICATION),
                "selfevaluation": calendar.deadline(p, Phase.SELFEVALUATION),
                "revision": calendar.deadline(p, Phase.REVISION),
                "first_report": cycle.first_report_due,
                "final_report": cycle.final_report_due,
                "withdrawal_effective": cycle.withdrawal_effective,
            },
        }
        for p in participations
    ]


def consultation_rounds() -> list[dict]:
    return [
        {
            "id": r.pk,
            "year": r.framework.year,
            "framework": r.framework.name,
            "opens_on": r.opens_on,
            "closes_on": r.closes_on,
            "state": r.state,
            "invited": r.invited,
            "responses": r.responded,
        }
        for r in rounds_overview().order_by("-opens_on", "-pk")
    ]


def consultation_results(consultation_round: ConsultationRound) -> dict:
    """The figures of `manage.py consultation_results --json` (submitted responses only)."""
    return {
        "id": consultation_round.pk,
        "year": consultation_round.framework.year,
        **round_results(consultation_round, with_comments=False).as_json(),
    }


def mirror_aggregates(year: int) -> dict:
    """The scheme-wide distributions `/spiegel/landelijk/<jaar>/` shows: per indicator the number of
    peers and the quartiles, nothing where fewer than five peers (never a provider's figures)."""
    indicators = []
    for row in scheme_distributions(year):
        indicator, peer = row["indicator"], row["peer"]
        indicators.append(
            {
                "key": indicator.key,
                "label": str(indicator.label),
                "unit": indicator.unit,
                "few_peers": row["few_peers"],
                "n": peer.n if peer else None,
                "p25": peer.p25 if peer else None,
                "median": peer.median if peer else None,
                "p75": peer.p75 if peer else None,
            }
        )
    return {"year": year, "indicators": indicators}


def framework_summary(framework: Framework) -> dict:
    return {
        "year": framework.year,
        "name": framework.name,
        "status": framework.status,
        "adopted_on": framework.adopted_on,
        "published_at": framework.published_at,
    }


def _target_record(target: TargetValue) -> dict:
    return {
        "criterion": target.criterion.key if target.criterion else None,
        "metric": target.metric,
        "minutes": target.minutes,
        "description": target.description,
    }


def _criterion_record(criterion: Criterion) -> dict:
    return {
        "key": criterion.key,
        "number": criterion.number,
        "group": criterion.group.key if criterion.group else None,
        "text": criterion.text,
        "sub_items": criterion.sub_items,
        "guidance": criterion.guidance,
        "optional_for_returning": criterion.optional_for_returning,
        "target_values": [_target_record(t) for t in criterion.target_values.all()],
    }


def _norm_record(norm: Norm) -> dict:
    return {
        "key": norm.key,
        "number": norm.number,
        "level": norm.level.key if norm.level else None,
        "subject": norm.subject,
        "title": norm.title,
        "client_promise": norm.client_promise,
        "criteria": [_criterion_record(c) for c in norm.criteria.all()],
    }


def framework_record(framework: Framework) -> dict:
    """A framework (from `frameworks.selectors.framework_with_contents`) with its norms and criteria
    nested, their stable keys, the target values (streefwaarden) and the exemptions (vrijstellingen)."""
    norms = list(framework.norms.all())
    optional = [c.key for n in norms for c in n.criteria.all() if c.optional_for_returning]
    return {
        **framework_summary(framework),
        "scheme_owner": framework.scheme_owner,
        "introduction": framework.introduction,
        "exemptions": {"note": framework.exemption_note, "criteria": optional},
        "levels": [
            {"key": lv.key, "name": lv.name, "description": lv.description} for lv in framework.levels.all()
        ],
        "target_values": [
            _target_record(t) for t in sorted(framework.target_values.all(), key=lambda t: t.pk)
        ],
        "norms": [_norm_record(n) for n in norms],
    }


def _change_record(change: Change) -> dict:
    return {
        "key": change.key,
        "label": change.label,
        "kinds": list(change.kinds),
        "details": list(change.details),
        "diffs": [
            {"field": str(label), "segments": [{"op": op, "text": text} for op, text in segments]}
            for label, segments in change.diffs
        ],
        "explanation": change.explanation,
    }


def change_record(framework: Framework, previous: Framework, overview: dict) -> dict:
    """The change overview (`frameworks.changes.change_overview`) against the year before."""
    sections = ("levels", "norms", "criteria", "targets")
    return {
        "year": framework.year,
        "previous_year": previous.year,
        **{name: [_change_record(c) for c in overview[name]] for name in sections},
        "other_explanations": [{"key": e.key, "text": e.text} for e in overview["other_explanations"]],
    }


def verification_record(status: MarkStatus, certificate: Certificate) -> dict:
    """A verification answer: the calendar's status of the mark today (`calendar.mark_status`, as
    the verification page says it), the holder and the period."""
    organisation = certificate.participation.organisation
    return {
        "status": str(status.state),
        "code": certificate.code,
        "holder": {"name": organisation.name, "kvk": organisation.kvk, "agb": organisation.agb},
        "year": certificate.participation.cycle.year,
        "valid_from": status.valid_from,
        "valid_until": status.valid_until,
        "withdrawn_per": status.withdrawn_per,
        "revoked_at": certificate.revoked_at,
    }


# -- the scheme owner's own figures ------------------------------------------------------------------


def dashboard_figures(*, user) -> dict:
    """The staff dashboard's figures (`core.dashboards.staff_dashboard`): the current cycle's
    participations per state and the dated work due within 14 days or overdue, per kind."""
    board = hooks.staff_dashboard(user)
    if board is None:  # core not installed: nothing to count
        return {"year": None, "participations": [], "total": 0, "work": []}
    rows = board.counts["rows"] if board.counts else []
    return {
        "year": board.cycle.year if board.cycle else None,
        "participations": [
            {"state": r["state"], "label": str(r["label"]), "count": r["count"]} for r in rows
        ],
        "total": board.counts["total"] if board.counts else 0,
        "work": [
            {"kind": t.kind, "label": t.label, "due_soon": t.soon, "overdue": t.overdue}
            for t in board.tallies
        ],
    }


def _agreement(figures) -> dict:
    share, kappa = figures.share, figures.kappa
    return {
        "pairs": figures.pairs,
        "equal": figures.equal,
        "share_equal": None if share is None else round(float(share), 4),
        "kappa": None if kappa is None else round(float(kappa), 4),
        "no_kappa": None if figures.no_kappa is None else str(figures.no_kappa),
    }


def agreement_record(*, cycle: Cycle) -> dict:
    """The two assessors' agreement in `cycle` per cycle, norm and criterion (`agreement_of_cycle`)."""
    count, overall, norms = agreement_of_cycle(cycle)
    return {
        "year": cycle.year,
        "self_evaluations": count,
        "overall": _agreement(overall),
        "norms": [
            {
                "key": norm.key,
                "number": norm.number,
                "subject": norm.subject,
                **_agreement(figures),
                "criteria": [{"key": c.key, "number": c.number, **_agreement(f)} for c, f in criteria],
            }
            for norm, figures, criteria in norms
        ],
    }


def sample_records(*, cycle: Cycle) -> list[dict]:
    """The cycle's recorded draws of the sample, newest first, with the holders each drew."""
    return [
        {
            "number": draw.number,
            "year": cycle.year,
            "drawn_at": draw.drawn_at,
            "drawn_by": draw.drawn_by.get_full_name() or draw.drawn_by.email,
            "seed": draw.seed,
            "size": draw.size,
            "share": None if draw.share is None else float(draw.share),
            "reason": draw.reason,
            "candidates": len(draw.candidates),
            "drawn": [
                {"agb": c.organisation.agb, "kvk": c.organisation.kvk, "name": c.organisation.name}
                for c in draw.conversations.all()
            ],
        }
        for draw in draws_of_cycle(cycle)
    ]
