"""Helpers for the second-assessor tests: submitted self-evaluations of several organisations, a
second assessor (role assessor, not the first), and verdicts of both."""

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import SecondAssessment
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations import services as self_evaluating
from tests.conftest import make_user
from tests.selfevaluations.conftest import fill_all, submit


def submitted_for(organisation, cycle, member):
    participation = Participation.objects.create(organisation=organisation, cycle=cycle, state=State.SIGNED)
    self_evaluation = self_evaluating.self_evaluation_start(participation=participation, user=member)
    fill_all(self_evaluation)
    submit(self_evaluation, member, reviewer_name="Dr. B. Behandelaar")
    self_evaluation.refresh_from_db()
    return self_evaluation


def second_user():
    return make_user("tweede@kibg.test", "assessor", last_name="Tweede")


def criteria_of(self_evaluation):
    return list(
        Criterion.objects.filter(norm__framework_id=self_evaluation.participation.cycle.framework_id)
        .select_related("norm")
        .order_by("norm__position", "position")
    )


def judge_first(self_evaluation, user, *, not_met=()):
    assessment = assessing.assessment_for(self_evaluation)
    if assessment.assessor_id is None:
        assessing.assessment_assign(assessment=assessment, user=user, assessor=user)
    for criterion in criteria_of(self_evaluation):
        met = criterion.key not in not_met
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=user,
            met=met,
            explanation="" if met else "Eerste: niet aangetoond.",
            version=0,
        )
    return assessment


def judge_second(second: SecondAssessment, user, *, not_met=()):
    verdicts = {
        c: (c.key not in not_met, "" if c.key not in not_met else "Tweede: niet aangetoond.")
        for c in criteria_of(second.self_evaluation)
    }
    return assessing.second_verdicts_save(second=second, user=user, verdicts=verdicts)
