"""A seeded cycle for the dashboards: participations in several states, submitted self-evaluations
(due soon, one overdue, two the assessor's own), complaints overdue and due, consultation rounds
closing soon and later. Rows are written straight to the database (the dashboards only read), in
bulk, so the same seed serves the query-count tests at 1,000 participations."""

import datetime

import pytest
import time_machine
from django.db import transaction

from keurmerk.assessments.models import Assessment
from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.complaints.models import Complaint, ComplaintStatus
from keurmerk.consultations.models import ConsultationRound
from keurmerk.cycles.models import Cycle, Participation, State
from keurmerk.cycles.services import handbook_dates
from keurmerk.organisations.models import Organisation
from keurmerk.selfevaluations.models import SelfEvaluation
from tests.conftest import amsterdam

# Ten days before the first reports of 2027 are due (16 February 2027).
NOW = amsterdam(2027, 2, 10, 12, 0)
TODAY = NOW.date()

# States of the 2027 participations in the small seed: several of each.
STATES = (
    [State.OFFERED] * 2 + [State.APPLIED] * 3 + [State.SIGNED] * 4 + [State.SUBMITTED] * 5 + [State.WITHDRAWN]
)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_organisations(n, start=0):
    organisations = [
        Organisation(
            name=f"Aanbieder {i:04d}",
            type="vrijgevestigd",
            kvk=f"{50000000 + i}",
            agb=f"{70000000 + i}",
            website=f"https://a{i}.example.nl",
            contact_email=f"info@a{i}.example.nl",
        )
        for i in range(start, start + n)
    ]
    return Organisation.objects.bulk_create(organisations)


def make_participations(cycle, organisations, states):
    rows = [
        Participation(
            organisation=o, cycle=cycle, state=state, signed_at=NOW if state != State.APPLIED else None
        )
        for o, state in zip(organisations, states, strict=True)
    ]
    return Participation.objects.bulk_create(rows)


def submit_all(participations, *, round=1):
    rows = [
        SelfEvaluation(participation=p, round=round, status="submitted", submitted_at=NOW)
        for p in participations
    ]
    return SelfEvaluation.objects.bulk_create(rows)


@pytest.fixture
def seeded(db, users, framework_2022, now):
    """The 2027 cycle of STATES; a 2026 submission whose report is overdue; complaints; rounds."""
    cycle = Cycle.objects.create(year=2027, framework=framework_2022, **handbook_dates(2027))
    last_year = Cycle.objects.create(year=2026, framework=framework_2022, **handbook_dates(2026))
    participations = make_participations(cycle, make_organisations(len(STATES)), STATES)
    submitted = [p for p in participations if p.state == State.SUBMITTED]
    evaluations = submit_all(submitted)
    Assessment.objects.bulk_create(
        [Assessment(self_evaluation=se, assessor=users["assessor"]) for se in evaluations[:2]]
    )
    old = make_participations(last_year, make_organisations(1, start=900), [State.SUBMITTED])
    overdue_report = submit_all(old)[0]
    withdrawn = next(p for p in participations if p.state == State.WITHDRAWN)
    complaints = seed_complaints(withdrawn, users["member"])
    rounds = seed_rounds(framework_2022)
    return {
        "cycle": cycle,
        "participations": participations,
        "evaluations": evaluations,
        "overdue_report": overdue_report,
        "complaints": complaints,
        "rounds": rounds,
    }


def seed_complaints(participation, member):
    """Filed 4 January (both deadlines past), filed 9 February (both due soon), and one decided."""
    make = Complaint.objects.create
    return {
        "late": make(
            participation=participation, filed_by=member, filed_at=amsterdam(2027, 1, 4, 10), text="a"
        ),
        "soon": make(
            participation=participation, filed_by=member, filed_at=amsterdam(2027, 2, 9, 10), text="b"
        ),
        "decided": make(
            participation=participation,
            filed_by=member,
            filed_at=amsterdam(2027, 1, 5, 10),
            text="c",
            status=ComplaintStatus.NOT_UPHELD,
            taken_in_at=amsterdam(2027, 1, 6, 10),
            decided_at=amsterdam(2027, 1, 10, 10),
            decision="Ongegrond.",
        ),
    }


def seed_rounds(framework):
    make = ConsultationRound.objects.create
    return {
        "soon": make(
            framework=framework, opens_on=datetime.date(2027, 2, 1), closes_on=datetime.date(2027, 2, 20)
        ),
        "later": make(
            framework=framework, opens_on=datetime.date(2027, 2, 1), closes_on=datetime.date(2027, 3, 30)
        ),
        "adopted": make(
            framework=framework,
            opens_on=datetime.date(2027, 1, 1),
            closes_on=datetime.date(2027, 2, 12),
            adopted_on=datetime.date(2027, 2, 5),
        ),
    }


def record_step(participation, user, action, from_state, to_state):
    """An audit row of a declared step, as the step's service writes it."""
    with transaction.atomic():
        return audit.record(
            actor=user,
            action=action,
            obj=participation,
            participation=participation,
            from_state=from_state,
            to_state=to_state,
        )


SIGNED_STEP = (Action.AGREEMENT_SIGNED, State.APPLIED, State.SIGNED)
