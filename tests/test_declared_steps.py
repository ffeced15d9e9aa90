"""Every declared step of every process, taken once through `carry_out`: from a valid from-state,
by a user it allows, inside its phase (time travel). Each writes its audit row (action, from, to,
actor) and queues exactly the notices that its declared consequences send (Notification kinds).

The processes are found in the apps' `states.py` modules; a step declared there without a case
below fails `test_every_declared_step_has_a_case`, so a new step cannot go untested.
"""

import datetime
import importlib
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.complaints.models import Complaint, ComplaintStatus, Objection, ObjectionStatus
from keurmerk.consultations.models import ConsultationRound, RoundState
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Framework
from keurmerk.lib.workflow import NEW, Process
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam

STATES_MODULES = [
    "keurmerk.cycles.states",
    "keurmerk.complaints.states",
    "keurmerk.consultations.states",
    "keurmerk.frameworks.states",
    "keurmerk.selfevaluations.states",
]
APPLICATION = amsterdam(2026, 10, 1, 10)  # the 2027 cycle's application phase
SELF_EVALUATION = amsterdam(2026, 11, 16, 10)
REVISION = amsterdam(2027, 3, 1, 10)
ANY_TIME = amsterdam(2026, 11, 20, 10)  # for steps without a phase
ROUND_OPENS, ROUND_CLOSES = datetime.date(2023, 4, 24), datetime.date(2023, 5, 30)
BEFORE_ROUND, DURING_ROUND = amsterdam(2023, 4, 1, 12), amsterdam(2023, 5, 10, 12)


def processes() -> dict[str, Process]:
    found = {}
    for name in STATES_MODULES:
        module = importlib.import_module(name)
        found.update({p.name: p for p in vars(module).values() if isinstance(p, Process)})
    return found


@dataclass
class Case:
    """How to take one step: who, when, from which set-up, and the notice kinds it queues."""

    setup: str  # a method of `World` that returns the object in a valid from-state
    actor: str  # a key of the `users` fixture
    moment: datetime.datetime
    notices: set = field(default_factory=set)
    kwargs: dict = field(default_factory=dict)


def override_case(state: str) -> Case:
    notices = {State.AWARDED: {"awarded"}, State.WITHDRAWN: {"withdrawn"}}.get(state, set())
    start = "offered" if state == State.APPLIED else "applied"
    return Case(f"participation_{start}", "administrator", ANY_TIME, notices, {"reason": "Handmatig"})


CASES: dict[tuple[str, str], Case] = {
    ("participation", "sign"): Case("participation_applied", "member", APPLICATION),
    ("participation", "submit"): Case("participation_signed", "member", SELF_EVALUATION),
    ("participation", "qualify"): Case("participation_submitted", "assessor", ANY_TIME),
    ("participation", "not_qualify"): Case("participation_submitted", "assessor", ANY_TIME),
    ("participation", "submit_revision"): Case("participation_not_qualified", "member", REVISION),
    ("participation", "award"): Case("participation_qualified", "director", ANY_TIME, {"awarded"}),
    ("participation", "withdraw"): Case(
        "participation_signed", "director", ANY_TIME, {"withdrawn"}, {"reason": "Te laat"}
    ),
    **{("participation", f"override_{state.value}"): override_case(state) for state in State},
    ("complaint", "file"): Case("new_complaint", "member", ANY_TIME, {"complaint_filed"}),
    ("complaint", "take_in"): Case("complaint_filed", "administrator", ANY_TIME, {"complaint"}),
    ("complaint", "request_info"): Case(
        "complaint_in_processing", "director", ANY_TIME, {"complaint"}, {"reason": "Stuur het plan."}
    ),
    ("complaint", "answer"): Case("complaint_info_requested", "member", ANY_TIME, {"complaint"}),
    ("complaint", "uphold"): Case(
        "complaint_in_processing", "director", ANY_TIME, {"complaint", "awarded"}, {"reason": "Gegrond."}
    ),
    ("complaint", "reject"): Case("complaint_info_requested", "director", ANY_TIME, {"complaint"}),
    ("objection", "lodge"): Case("new_objection", "member", ANY_TIME, {"objection"}),
    ("objection", "uphold"): Case("objection_lodged", "director", ANY_TIME, {"objection", "awarded"}),
    ("objection", "reject"): Case("objection_lodged", "director", ANY_TIME, {"objection"}),
    ("framework", "to_consultation"): Case("framework_concept", "administrator", ANY_TIME),
    ("framework", "back_to_concept"): Case("framework_consultation", "administrator", ANY_TIME),
    ("framework", "adopt"): Case(
        "framework_consultation",
        "administrator",
        ANY_TIME,
        kwargs={"changes": {"adopted_on": datetime.date(2023, 6, 13)}},
    ),
    ("framework", "publish"): Case("framework_adopted", "administrator", ANY_TIME),
    ("self_evaluation", "submit"): Case(
        "self_evaluation_draft", "member", SELF_EVALUATION, {"selfevaluation_submitted"}
    ),
    ("consultation_round", "plan"): Case("new_round", "administrator", BEFORE_ROUND),
    ("consultation_round", "open"): Case("new_round", "administrator", DURING_ROUND),
    ("consultation_round", "close"): Case(
        "round_open", "administrator", DURING_ROUND, kwargs={"changes": {"closed_at": DURING_ROUND}}
    ),
    ("consultation_round", "adopt"): Case(
        "round_open",
        "administrator",
        DURING_ROUND,
        kwargs={"changes": {"adopted_on": datetime.date(2023, 5, 10)}},
    ),
}


class World:
    """Objects in each from-state, written directly (the set-up is not what is tested)."""

    def __init__(self, participation, users, framework_2024):
        self.p, self.users, self.framework = participation, users, framework_2024

    def make(self, name: str) -> Any:
        """The object that set-up `name` describes: a method below, or '<kind>_<state>'."""
        if hasattr(type(self), name):
            return getattr(self, name)()
        kind, _sep, state = name.partition("_")
        if kind == "participation":
            Participation.objects.filter(pk=self.p.pk).update(state=state)
            return Participation.objects.get(pk=self.p.pk)
        if kind == "complaint":
            return self.complaint(state)
        if kind == "framework":
            Framework.objects.filter(pk=self.framework.pk).update(status=state)
            return Framework.objects.get(pk=self.framework.pk)
        raise LookupError(name)

    def withdrawn(self) -> Participation:
        Participation.objects.filter(pk=self.p.pk).update(state=State.WITHDRAWN)
        return Participation.objects.get(pk=self.p.pk)

    def complaint(self, status: str) -> Complaint:
        return Complaint.objects.create(
            participation=self.withdrawn(),
            filed_by=self.users["member"],
            filed_at=ANY_TIME,
            text="Wij zijn het niet eens.",
            status=status,
        )

    def new_complaint(self) -> Complaint:
        return Complaint(
            participation=self.withdrawn(),
            filed_by=self.users["member"],
            filed_at=ANY_TIME,
            text="Wij zijn het niet eens.",
            status=NEW,
        )

    def new_objection(self) -> Objection:
        complaint = self.complaint(ComplaintStatus.NOT_UPHELD)
        return Objection(
            complaint=complaint,
            lodged_by=self.users["member"],
            lodged_at=ANY_TIME,
            text="Bezwaar.",
            status=NEW,
        )

    def objection_lodged(self) -> Objection:
        complaint = self.complaint(ComplaintStatus.NOT_UPHELD)
        return Objection.objects.create(
            complaint=complaint,
            lodged_by=self.users["member"],
            lodged_at=ANY_TIME,
            text="Bezwaar.",
            status=ObjectionStatus.LODGED,
        )

    def self_evaluation_draft(self):
        from keurmerk.selfevaluations.services import self_evaluation_start

        return self_evaluation_start(
            participation=self.make("participation_signed"), user=self.users["member"]
        )

    def new_round(self) -> ConsultationRound:
        return ConsultationRound(framework=self.framework, opens_on=ROUND_OPENS, closes_on=ROUND_CLOSES)

    def round_open(self) -> ConsultationRound:
        from keurmerk.consultations.services import round_open

        consultation_round = round_open(
            framework=self.framework,
            opens_on=ROUND_OPENS,
            closes_on=ROUND_CLOSES,
            user=self.users["administrator"],
        )
        assert consultation_round.state_at(DURING_ROUND) == RoundState.OPEN
        return consultation_round


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_every_declared_step_has_a_case():
    declared = {(name, step.name) for name, process in processes().items() for step in process.all_steps()}
    assert declared == set(CASES)
    assert {
        "participation",
        "complaint",
        "objection",
        "consultation_round",
        "framework",
        "self_evaluation",
    } <= {name for name, _step in declared}


@pytest.mark.parametrize("process_name, step_name", sorted(CASES), ids=[f"{p}:{s}" for p, s in sorted(CASES)])
def test_a_declared_step_writes_its_audit_row_and_notices(
    process_name, step_name, participation, users, framework_2024, django_capture_on_commit_callbacks
):
    process, case = processes()[process_name], CASES[(process_name, step_name)]
    step = process.step(step_name)
    with time_machine.travel(case.moment, tick=False):
        obj = World(participation, users, framework_2024).make(case.setup)
        from_state = process.state_of(obj, case.moment)
        assert step.starts_from(from_state), f"set-up {case.setup} is not a from-state of {step_name}"
        last_audit = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
        last_notice = Notification.objects.order_by("pk").values_list("pk", flat=True).last() or 0
        with django_capture_on_commit_callbacks(execute=True):
            done = process.carry_out(step_name, obj, user=users[case.actor], now=case.moment, **case.kwargs)
    assert process.state_of(done, case.moment) == step.target
    row = AuditEvent.objects.filter(
        pk__gt=last_audit, action=step.action, object_type=done._meta.label_lower, object_id=str(done.pk)
    ).get()
    assert (row.from_state, row.to_state, row.actor) == (from_state, step.target, users[case.actor])
    kinds = set(Notification.objects.filter(pk__gt=last_notice).values_list("kind", flat=True))
    assert kinds == case.notices


@pytest.mark.parametrize("process_name, step_name", [("complaint", "uphold"), ("objection", "uphold")])
def test_an_upheld_complaint_or_objection_awards_through_the_participation(
    process_name, step_name, participation, users, framework_2024
):
    case = CASES[(process_name, step_name)]
    with time_machine.travel(case.moment, tick=False):
        obj = World(participation, users, framework_2024).make(case.setup)
        processes()[process_name].carry_out(step_name, obj, user=users["director"], reason="Gegrond.")
    assert Participation.objects.get(pk=participation.pk).state == State.AWARDED
    award = AuditEvent.objects.get(action="awarded", participation=participation)
    assert (award.from_state, award.to_state, award.actor) == (
        State.WITHDRAWN,
        State.AWARDED,
        users["director"],
    )
