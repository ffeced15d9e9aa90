"""Demo assessments, reports and decisions for the demo cycle: every outcome of both rounds.

- First reports: qualified (Basis GGZ Oost, GGZ Delta: awarded at once, with a certificate) and
  "not yet" (Praktijk Heuvelrug, which may revise; Kade's is sent by the self-evaluation demo).
- Kade's revision is being assessed: half judged, not sent. Praktijk Zeezicht waits in the queue.
- Organisations of the final round, added here: one whose revision qualified it in the final report
  (awarded, certificate), one whose final report did not (withdrawn per 1 April), and one that
  started its revision and has not submitted it yet.

Everything goes through the services an assessor uses (assign, verdicts, norm summary, send the
report), and the decisions follow from sending, as in the application. Idempotent: each step runs
only from the state before it.
"""

from django.db import transaction

from keurmerk.assessments.models import Assessment, Report
from keurmerk.assessments.services import (
    assessment_assign,
    assessment_for,
    report_send,
    summary_save,
    verdict_save,
)
from keurmerk.core.demo import cycles as cycle_demo
from keurmerk.core.demo import selfevaluations as self_evaluation_demo
from keurmerk.core.demo.cycles import DEMO_YEAR, DemoOrganisation
from keurmerk.cycles.models import Cycle, Participation, State
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations.models import Round
from keurmerk.selfevaluations.rules import is_optional

NOT_MET_KEY = "wachttijd-tips"
NOT_MET_TEXT = {
    Round.FIRST: "(Demo) U beschrijft de tips, maar niet hoe u nagaat of cliënten er tijdens de wachttijd iets "
    "aan hebben. Licht toe hoe u dat volgt.",
    Round.REVISION: "(Demo) U belt wachtenden nu na twee weken, maar beschrijft nog steeds niet hoe u nagaat of "
    "de tips helpen. Daarmee is niet aan het criterium voldaan.",
}
SUMMARY_TEXT = "(Demo) Eén criterium vraagt nog aandacht: hoe u volgt wat de tips in de wachttijd opleveren."
FEEDBACK_TEXT = "(Demo) Facultatief: een heldere beschrijving; overweeg de resultaten met cliënten te delen."
FINAL_ROUND = [
    DemoOrganisation(
        "Praktijk Waterland",
        "vrijgevestigd",
        "10000021",
        "90000021",
        "Purmerend",
        "1441 AA",
        cycle_demo.RETURNING,
        State.AWARDED,
    ),
    DemoOrganisation(
        "GGZ De Meierij",
        "instelling",
        "10000022",
        "90000022",
        "'s-Hertogenbosch",
        "5211 AB",
        cycle_demo.RETURNING,
        State.WITHDRAWN,
    ),
    DemoOrganisation(
        "Praktijk Vechtdal",
        "vrijgevestigd",
        "10000023",
        "90000023",
        "Ommen",
        "7731 AC",
        cycle_demo.RETURNING,
        State.NOT_QUALIFIED,
    ),
]


def _criteria(participation):
    return list(
        Criterion.objects.filter(norm__framework_id=participation.cycle.framework_id)
        .select_related("norm")
        .order_by("norm__position", "position")
    )


def _judge(assessment, assessor, *, fail, share=1.0):
    """Verdicts on the first `share` of the criteria: all met, except NOT_MET_KEY when `fail`;
    optional criteria take feedback only."""
    self_evaluation = assessment.self_evaluation
    participation = self_evaluation.participation
    criteria = _criteria(participation)
    for criterion in criteria[: round(len(criteria) * share)]:
        if is_optional(criterion, participation):
            met, explanation = None, FEEDBACK_TEXT
        elif fail and criterion.key == NOT_MET_KEY:
            met, explanation = False, NOT_MET_TEXT[self_evaluation.round]
            summary_save(
                assessment=assessment, norm=criterion.norm, user=assessor, text=SUMMARY_TEXT, version=0
            )
        else:
            met, explanation = True, ""
        verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=assessor,
            met=met,
            explanation=explanation,
            version=0,
        )


def _assessment(self_evaluation, assessor):
    assessment = assessment_for(self_evaluation)
    if assessment.assessor_id is None:
        assessment = assessment_assign(assessment=assessment, user=assessor, assessor=assessor)
    return assessment


def send_report(self_evaluation, *, qualified):
    """Judge a submitted self-evaluation and send its report (qualified, or "not yet" with one
    criterion not met); sending decides the next step (award, revision or withdrawal)."""
    assessor = cycle_demo.staff_user("assessor")
    assessment = _assessment(self_evaluation, assessor)
    _judge(assessment, assessor, fail=not qualified)
    return report_send(assessment=assessment, user=assessor)


def _first_reports(cycle):
    """First reports for the organisations of the cycle demo whose target state follows one."""
    for row in cycle_demo.ORGANISATIONS:
        if row.state not in (State.AWARDED, State.NOT_QUALIFIED):
            continue
        participation = Participation.objects.filter(cycle=cycle, organisation__kvk=row.kvk).first()
        if participation is not None and participation.state == State.SUBMITTED:
            first = participation.self_evaluations.get(round=Round.FIRST)
            send_report(first, qualified=row.state == State.AWARDED)


def _revisions_in_assessment(cycle):
    """A submitted revision is being assessed: half of the verdicts given, nothing sent yet."""
    assessor = cycle_demo.staff_user("assessor")
    for participation in Participation.objects.filter(cycle=cycle, state=State.REVISION_SUBMITTED):
        revision = participation.self_evaluations.get(round=Round.REVISION)
        if not Assessment.objects.filter(self_evaluation=revision).exists():
            _judge(_assessment(revision, assessor), assessor, fail=False, share=0.5)


def _final_round(cycle, row):
    """The whole cycle of one final-round organisation, each step from the state before it."""
    participation, member, _created = cycle_demo.enrol(cycle, row)
    if participation.state == State.SIGNED:
        self_evaluation_demo.first_round(participation, member)
        participation.refresh_from_db()
    if participation.state == State.SUBMITTED:
        send_report(participation.self_evaluations.get(round=Round.FIRST), qualified=False)
        participation.refresh_from_db()
    if participation.state == State.NOT_QUALIFIED and not participation.self_evaluations.filter(
        round=Round.REVISION
    ):
        self_evaluation_demo.revise(participation, member, submit=row.state != State.NOT_QUALIFIED)
        participation.refresh_from_db()
    if participation.state == State.REVISION_SUBMITTED:
        send_report(
            participation.self_evaluations.get(round=Round.REVISION), qualified=row.state == State.AWARDED
        )


@transaction.atomic
def load(stdout):
    cycle = Cycle.objects.filter(year=DEMO_YEAR).first()
    if cycle is None or cycle_demo.staff_user("assessor") is None:
        return
    _first_reports(cycle)
    _revisions_in_assessment(cycle)
    for row in FINAL_ROUND:
        _final_round(cycle, row)
    reports = Report.objects.filter(participation__cycle=cycle)
    stdout.write(
        f"  Beoordelingen: {reports.filter(round=1).count()} keurmerkrapportages, "
        f"{reports.filter(round=2).count()} eindrapportages."
    )
