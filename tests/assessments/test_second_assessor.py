"""A second, independent assessor: assigning (chosen or drawn), the blind verdicts, finishing, the
calibration conversation, the report that is sent, and the agreement figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keurmerk.assessments import selectors
from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import Report, SecondAssessment, SecondAssessmentDraw, Verdict
from keurmerk.audit.models import AuditEvent
from keurmerk.lib import draws
from tests.conftest import client_for, make_organisation, make_user

from .second import judge_first, judge_second, second_user, submitted_for


@pytest.fixture
def second(users):
    return second_user()


@pytest.fixture
def double(submitted, users, second):
    """org_a's submitted self-evaluation: first judged by the assessor (wachttijd-tips not met), a
    second assessor assigned who judged every criterion met (one difference)."""
    judge_first(submitted, users["assessor"], not_met=("wachttijd-tips",))
    [row] = assessing.second_assessor_assign(
        self_evaluations=[submitted], assessor=second, user=users["administrator"]
    )
    judge_second(row, second)
    return row


def test_the_second_assessor_is_not_the_first(submitted, users):
    judge_first(submitted, users["assessor"])
    with pytest.raises(ValidationError, match="ander zijn dan de eerste"):
        assessing.second_assessor_assign(
            self_evaluations=[submitted], assessor=users["assessor"], user=users["administrator"]
        )
    assert not SecondAssessment.objects.exists()


def test_a_self_evaluation_gets_one_second_assessor(double, users):
    with pytest.raises(ValidationError, match="al een tweede beoordelaar"):
        assessing.second_assessor_assign(
            self_evaluations=[double.self_evaluation], assessor=users["director"], user=users["administrator"]
        )
    assert AuditEvent.objects.filter(action="second_assessor_assigned").count() == 1


def test_the_first_assessor_cannot_become_the_second_one(double, users, second):
    with pytest.raises(ValidationError, match="tweede beoordelaar van deze zelfevaluatie"):
        assessing.assessment_assign(
            assessment=double.self_evaluation.assessment, user=users["administrator"], assessor=second
        )


def test_a_drawn_share_is_reproducible(cycle, submitted, users, second):
    others = [make_organisation(f"Praktijk {i}", f"5000000{i}", f"6000000{i}") for i in range(3)]
    for i, organisation in enumerate(others):
        member = make_user(f"lid{i}@praktijk.test", "provider")
        organisation.memberships.create(user=member)
        submitted_for(organisation, cycle, member)
    row = assessing.second_assessment_draw(
        cycle=cycle, share=Decimal("0.5"), assessor=second, user=users["administrator"], seed=2027
    )
    assert len(row.candidates) == 4 and len(row.drawn) == 2 and row.seed == 2027
    assert row.drawn == draws.draw(seed=2027, candidates=list(reversed(row.candidates)), size=2)
    assert (
        sorted(SecondAssessment.objects.filter(draw=row).values_list("self_evaluation_id", flat=True))
        == row.drawn
    )
    assert SecondAssessmentDraw.objects.count() == 1


def test_the_second_assessor_cannot_read_the_first_verdicts_until_both_finished(double, users, second):
    """The permission test of the blind second verdict: the first assessment page (with its verdicts)
    answers 403 to the second assessor, and the second's page 403 to the first, until both are done."""
    pk = double.self_evaluation_id
    as_second, as_first = client_for(second), client_for(users["assessor"])
    assert as_second.get(f"/staf/beoordelen/{pk}/").status_code == 403
    assert as_second.get(f"/staf/beoordelen/{pk}/versturen/").status_code == 403
    assert as_first.get(f"/staf/tweede-beoordeling/zelfevaluatie/{pk}/").status_code == 403
    assert (
        client_for(users["administrator"]).get(f"/staf/tweede-beoordeling/zelfevaluatie/{pk}/").status_code
        == 403
    )
    assert as_second.get(f"/staf/tweede-beoordeling/zelfevaluatie/{pk}/").status_code == 200
    assessing.second_assessment_finish(second=double, user=second)
    assert as_second.get(f"/staf/beoordelen/{pk}/").status_code == 403  # the first has not finished yet
    assert as_first.get(f"/staf/tweede-beoordeling/zelfevaluatie/{pk}/").status_code == 403
    assessing.first_assessment_finish(assessment=double.self_evaluation.assessment, user=users["assessor"])
    page = as_second.get(f"/staf/beoordelen/{pk}/")
    assert page.status_code == 200 and "Eerste: niet aangetoond." in page.content.decode()
    assert as_first.get(f"/staf/tweede-beoordeling/zelfevaluatie/{pk}/").status_code == 200


def test_the_second_page_does_not_show_the_first_verdicts(double, second):
    text = (
        client_for(second)
        .get(f"/staf/tweede-beoordeling/zelfevaluatie/{double.self_evaluation_id}/")
        .content.decode()
    )
    assert "Eerste: niet aangetoond." not in text


def test_finishing_needs_every_required_verdict(submitted, users, second):
    judge_first(submitted, users["assessor"])
    [row] = assessing.second_assessor_assign(
        self_evaluations=[submitted], assessor=second, user=users["administrator"]
    )
    with pytest.raises(ValidationError, match="zonder oordeel"):
        assessing.second_assessment_finish(second=row, user=second)
    row.refresh_from_db()
    assert row.finished_at is None


def test_after_finishing_verdicts_are_fixed(double, users, second):
    assessing.second_assessment_finish(second=double, user=second)
    with pytest.raises(ValidationError, match="afgerond"):
        judge_second(double, second)
    assessing.first_assessment_finish(assessment=double.self_evaluation.assessment, user=users["assessor"])
    with pytest.raises(ValidationError, match="kalibratiegesprek"):
        judge_first(double.self_evaluation, users["assessor"])


def _both_finished(double, users, second):
    assessing.second_assessment_finish(second=double, user=second)
    assessing.first_assessment_finish(assessment=double.self_evaluation.assessment, user=users["assessor"])
    double.refresh_from_db()
    return double


def test_differences_per_criterion_and_the_first_report_is_sent(double, users, second):
    row = _both_finished(double, users, second)
    [difference] = assessing.differences(row)
    assert (difference["criterion"].key, difference["first"], difference["second"]) == (
        "wachttijd-tips",
        False,
        True,
    )
    assessment = row.self_evaluation.assessment
    with pytest.raises(ValidationError, match="kalibratiegesprek"):
        assessing.report_send(assessment=assessment, user=users["assessor"])
    assessing.calibration_record(
        second=row, user=users["assessor"], choices={}, note="Besproken; eerste blijft."
    )
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    assert report.qualified is False  # the first assessor's 'not met' stands


def test_the_two_agree_otherwise_and_that_is_recorded(double, users, second):
    row = _both_finished(double, users, second)
    criterion = assessing.differences(row)[0]["criterion"]
    assessing.calibration_record(
        second=row, user=second, choices={criterion.pk: "second"}, note="Samen: voldaan."
    )
    verdict = Verdict.objects.get(assessment__self_evaluation=row.self_evaluation, criterion=criterion)
    assert verdict.met is True
    event = AuditEvent.objects.get(action="calibration_recorded")
    assert event.data["taken"] == {str(criterion.pk): "second"} and event.reason == "Samen: voldaan."
    report = assessing.report_send(assessment=row.self_evaluation.assessment, user=users["assessor"])
    assert report.qualified is True and Report.objects.count() == 1
    # the agreement figures compare the independent verdicts, from before the calibration
    figures = selectors.agreement_figures(row.self_evaluation.participation.cycle)
    assert figures["self_evaluations"] == 1 and figures["overall"]["pairs"] > 5
    assert figures["overall"]["equal"] == figures["overall"]["pairs"] - 1


def test_a_calibration_is_recorded_once(double, users, second):
    row = _both_finished(double, users, second)
    assessing.calibration_record(second=row, user=second, choices={}, note="Klaar.")
    with pytest.raises(ValidationError, match="al vastgelegd"):
        assessing.calibration_record(second=row, user=second, choices={}, note="Nog eens.")


def test_agreement_page_says_why_there_is_no_kappa(double, users, second):
    _both_finished(double, users, second)
    year = double.self_evaluation.participation.cycle.year
    text = (
        client_for(users["director"])
        .get(f"/staf/tweede-beoordeling/{year}/overeenstemming/")
        .content.decode()
    )
    assert "minder dan 5 paren" in text  # one self-evaluation: one pair per criterion
    assert "Hele keurmerkproces" in text


def test_first_assessor_finishing_writes_its_audit_row(double, users):
    assessing.first_assessment_finish(assessment=double.self_evaluation.assessment, user=users["assessor"])
    double.refresh_from_db()
    assert double.first_verdicts and AuditEvent.objects.filter(action="first_assessment_finished").exists()
