"""The scheme owner's own figures in the API, equal to what its pages show: the staff dashboard
(participations per state, work due soon and overdue), the two assessors' agreement per cycle,
norm and criterion, and the recorded draws of the sample."""

import time_machine

from keurmerk.assessments import services as assessing
from keurmerk.assessments.selectors import agreement_of_cycle
from keurmerk.core.dashboards import staff_dashboard
from keurmerk.cycles.models import Participation, State
from keurmerk.sampling.services import sample_draw
from tests.assessments.conftest import submitted  # noqa: F401 - fixtures, by name
from tests.assessments.second import judge_first, judge_second, second_user
from tests.conftest import amsterdam, make_organisation
from tests.selfevaluations.conftest import during, private_media, self_evaluation, signed  # noqa: F401

DURING = amsterdam(2026, 12, 1, 12)  # the 2027 cycle's self-evaluation phase


def test_the_dashboard_figures_are_the_dashboards(api_get, cycle, org_b, users):
    Participation.objects.create(organisation=org_b, cycle=cycle, state=State.SUBMITTED)
    for i, state in enumerate([State.SIGNED, State.SIGNED, State.AWARDED]):
        org = make_organisation(f"Praktijk {i}", f"5000000{i}", f"6000000{i}")
        Participation.objects.create(organisation=org, cycle=cycle, state=state)
    with time_machine.travel(DURING, tick=False):
        data = api_get("/api/v1/dashboard", "assessor").json()
        board = staff_dashboard(users["assessor"])
    counts = {row["state"]: row["count"] for row in data["participations"]}
    assert data["year"] == 2027 and data["total"] == 4
    assert (counts["signed"], counts["submitted"], counts["awarded"]) == (2, 1, 1)
    assert counts == {row["state"]: row["count"] for row in board.counts["rows"]}
    assert [(w["kind"], w["due_soon"], w["overdue"]) for w in data["work"]] == [
        (t.kind, t.soon, t.overdue) for t in board.tallies
    ]


def test_the_agreement_figures_per_norm_and_criterion(api_get, submitted, users):  # noqa: F811
    """One double-assessed self-evaluation, the two differing on one criterion: fewer than 5
    pairs for that criterion, so no kappa there (`too_few`); the figures are the page's."""
    second = second_user()
    judge_first(submitted, users["assessor"], not_met=("wachttijd-tips",))
    [row] = assessing.second_assessor_assign(
        self_evaluations=[submitted], assessor=second, user=users["administrator"]
    )
    judge_second(row, second)
    assessing.second_assessment_finish(second=row, user=second)
    assessing.first_assessment_finish(assessment=submitted.assessment, user=users["assessor"])
    data = api_get("/api/v1/agreement?year=2027", "director").json()
    count, overall, norms = agreement_of_cycle(submitted.participation.cycle)
    assert data["self_evaluations"] == count == 1
    assert (data["overall"]["pairs"], data["overall"]["equal"]) == (overall.pairs, overall.equal)
    assert data["overall"]["pairs"] - data["overall"]["equal"] == 1  # the one difference
    assert data["overall"]["share_equal"] == round(overall.equal / overall.pairs, 4)
    criteria = {c["key"]: c for n in data["norms"] for c in n["criteria"]}
    assert criteria["wachttijd-tips"] | {"key": None, "number": None} == {
        "key": None,
        "number": None,
        "pairs": 1,
        "equal": 0,
        "share_equal": 0.0,
        "kappa": None,
        "no_kappa": "too_few",
    }
    assert [n["key"] for n in data["norms"]] == [norm.key for norm, _f, _c in norms]


def test_the_samples_are_the_recorded_draws(api_get, cycle, users, org_a, org_b):
    for org in (org_a, org_b):
        Participation.objects.create(organisation=org, cycle=cycle, state=State.AWARDED)
    draw = sample_draw(
        cycle=cycle,
        user=users["administrator"],
        size=1,
        share=None,
        by_type=False,
        by_returning=False,
        reason="",
    )
    [record] = api_get("/api/v1/samples?year=2027", "administrator").json()
    assert (record["number"], record["seed"], record["candidates"], record["reason"]) == (
        draw.number,
        draw.seed,
        2,
        "",
    )
    assert [h["agb"] for h in record["drawn"]] == [c.organisation.agb for c in draw.conversations.all()]
    assert len(record["drawn"]) == 1
