"""Demo of the scheme owner's learning loop: a drawn sample (steekproef) of the demo cycle's
qualified holders with a planned follow-up conversation, a self-evaluation assessed by two assessors
(both finished, the calibration conversation still to be held), and consultation comments whose
disposition names the change in the 2024 concept they led to.

Everything goes through the services, as in the application. Idempotent: each step runs only when
what it makes is not there yet. It places nothing in time of its own (the cycle demo decides when
the demo cycle is): the sample is drawn from whichever holders have qualified.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import SecondAssessment
from keurmerk.consultations.changes import change_labels
from keurmerk.consultations.models import ConsultationRound, Disposition
from keurmerk.consultations.services import LED_TO_CHANGE, disposition_record
from keurmerk.core.demo.cycles import DEMO_YEAR, staff_user
from keurmerk.cycles.models import Cycle
from keurmerk.frameworks.models import Criterion
from keurmerk.sampling import services as sampling
from keurmerk.sampling.models import SampleDraw
from keurmerk.selfevaluations.models import Round, SelfEvaluation, Status
from keurmerk.selfevaluations.rules import is_optional

DEMO_SEED = 20270412  # recorded with the draw: anyone can draw again from the list and get the same
DOUBLE_ASSESSED = "Praktijk Zeezicht"  # waits in the queue in the assessments demo
DIFFERENT_KEY = "wachttijd-tips"  # the criterion on which the two assessors differ
FOLLOW_UP = "(Demo) Wij bespreken in het najaar hoe u de tips in de wachttijd evalueert; u stuurt vooraf uw evaluatie."


def _draw_sample(cycle, admin, stdout):
    if SampleDraw.objects.filter(cycle=cycle).exists() or not sampling.sample_candidates(cycle):
        return
    draw = sampling.sample_draw(cycle=cycle, user=admin, share=Decimal("0.5"), by_type=True, seed=DEMO_SEED)
    conversation = draw.conversations.order_by("organisation__name").first()
    planned = datetime.date(cycle.year, 10, 6)
    sampling.sample_conversation_save(
        conversation=conversation,
        user=admin,
        planned_on=planned,
        held_on=None,
        notes="(Demo) Aandachtspunt: evaluatie van de wachttijdtips.",
        follow_up=FOLLOW_UP,
    )
    stdout.write(
        f"Steekproef {cycle.year}: {len(draw.drawn)} van {len(draw.candidates)} keurmerkdragers getrokken."
    )


def _judge(self_evaluation, *, differ):
    """Verdicts of both assessors: every required criterion met, except DIFFERENT_KEY for the first."""
    participation = self_evaluation.participation
    criteria = Criterion.objects.filter(norm__framework_id=participation.cycle.framework_id).select_related(
        "norm"
    )
    verdicts = {}
    for criterion in criteria:
        optional = is_optional(criterion, participation)
        not_met = differ and criterion.key == DIFFERENT_KEY
        met = None if optional else not not_met
        verdicts[criterion] = (
            met,
            "(Demo) U beschrijft niet hoe u nagaat of de tips helpen." if not_met else "",
        )
    return verdicts


def _double_assess(cycle, stdout):
    self_evaluation = (
        SelfEvaluation.objects.filter(
            participation__cycle=cycle,
            participation__organisation__name=DOUBLE_ASSESSED,
            round=Round.FIRST,
            status=Status.SUBMITTED,
        )
        .select_related("participation__organisation", "participation__cycle")
        .first()
    )
    first, second, admin = staff_user("assessor"), staff_user("director"), staff_user("administrator")
    if self_evaluation is None or SecondAssessment.objects.filter(self_evaluation=self_evaluation).exists():
        return
    assessment = assessing.assessment_for(self_evaluation)
    if assessment.is_sent:
        return
    assessing.assessment_assign(assessment=assessment, user=admin, assessor=first)
    for criterion, (met, explanation) in _judge(self_evaluation, differ=True).items():
        version = (
            assessment.verdicts.filter(criterion=criterion).values_list("version", flat=True).first() or 0
        )
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=first,
            met=met,
            explanation=explanation,
            version=version,
        )
    [row] = assessing.second_assessor_assign(self_evaluations=[self_evaluation], assessor=second, user=admin)
    assessing.second_verdicts_save(second=row, user=second, verdicts=_judge(self_evaluation, differ=False))
    assessing.second_assessment_finish(second=row, user=second)
    assessing.first_assessment_finish(assessment=assessment, user=first)
    stdout.write(f"{DOUBLE_ASSESSED}: beoordeeld door twee beoordelaars; het kalibratiegesprek staat klaar.")


def _link_comments(stdout):
    """(Partly) adopted dispositions of the demo consultation whose comment is about a norm or
    criterion that the concept changed name that change."""
    consultation_round = ConsultationRound.objects.select_related("framework").order_by("pk").first()
    admin = staff_user("administrator")
    if consultation_round is None or admin is None:
        return
    labels = change_labels(consultation_round.framework)
    linked = 0
    dispositions = Disposition.objects.filter(
        comment__response__invitee__round=consultation_round, change_key="", kind__in=LED_TO_CHANGE
    )
    for disposition in dispositions:
        comment = disposition.comment
        ref = f"criterion:{comment.criterion_key}" if comment.criterion_key else f"norm:{comment.norm_key}"
        if ref in labels:
            disposition_record(
                comment=comment,
                kind=disposition.kind,
                explanation=disposition.explanation,
                user=admin,
                change=ref,
            )
            linked += 1
    if linked:
        stdout.write(f"Consultatie: afwegingen gekoppeld aan een wijziging in het concept: {linked}.")


@transaction.atomic
def load(stdout):
    cycle = Cycle.objects.filter(year=DEMO_YEAR).first()
    admin = staff_user("administrator")
    if cycle is not None and admin is not None:
        _draw_sample(cycle, admin, stdout)
        _double_assess(cycle, stdout)
    _link_comments(stdout)
