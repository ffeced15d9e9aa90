"""Demo assessments and reports for the demo cycle: every outcome (qualified, not yet qualified,
a revision being assessed, a submitted self-evaluation waiting in the queue). Idempotent.

Rows are written directly (like the self-evaluation demo): the demo participations already stand
in their later states, which the workflow steps would refuse."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from keurmerk.cycles.demo import DEMO_YEAR
from keurmerk.cycles.models import State
from keurmerk.frameworks.selectors import framework_with_contents
from keurmerk.selfevaluations.models import SelfEvaluation

from .assessing import snapshot
from .models import Assessment, Report, Verdict

NOT_MET_KEY = "wachttijd-tips"
NOT_MET_TEXT = (
    "(Demo) U beschrijft de tips, maar niet hoe u nagaat of cliënten er tijdens de wachttijd iets aan hebben. "
    "Licht toe hoe u dat volgt."
)


def _judge(assessment, criteria, assessor, *, fail):
    for criterion in criteria:
        met = not (fail and criterion.key == NOT_MET_KEY)
        Verdict.objects.get_or_create(
            assessment=assessment, criterion=criterion,
            defaults={"met": met, "explanation": "" if met else NOT_MET_TEXT, "version": 1,
                      "updated_at": timezone.now(), "updated_by": assessor},
        )  # fmt: skip


def _report(se, assessor, *, qualified, criteria, framework):
    assessment, _ = Assessment.objects.get_or_create(self_evaluation=se, defaults={"assessor": assessor})
    _judge(assessment, criteria, assessor, fail=not qualified)
    if not Report.objects.filter(assessment=assessment).exists():
        Report.objects.create(
            assessment=assessment, participation=se.participation, round=se.round, qualified=qualified,
            sent_at=timezone.now(), sent_by=assessor, content=snapshot(assessment, framework),
        )  # fmt: skip


@transaction.atomic
def load(stdout):
    assessor = get_user_model().objects.filter(email="beoordelaar@demo.keurmerk.nl").first()
    submitted = SelfEvaluation.objects.filter(
        participation__cycle__year=DEMO_YEAR, status="submitted"
    ).select_related("participation__cycle")
    if assessor is None or not submitted:
        return
    framework = framework_with_contents().get(pk=submitted[0].participation.cycle.framework_id)
    criteria = [c for n in framework.norms.all() for c in n.criteria.all()]
    for se in submitted:
        state = se.participation.state
        if state in (State.QUALIFIED, State.AWARDED):
            _report(se, assessor, qualified=True, criteria=criteria, framework=framework)
        elif se.round == 1 and state in (State.NOT_QUALIFIED, State.REVISION_SUBMITTED):
            _report(se, assessor, qualified=False, criteria=criteria, framework=framework)
        elif se.round == 2:  # the revision is being assessed: half judged, not sent
            assessment, _ = Assessment.objects.get_or_create(
                self_evaluation=se, defaults={"assessor": assessor}
            )
            _judge(assessment, criteria[: len(criteria) // 2], assessor, fail=False)
    stdout.write(
        f"  Beoordelingen: {Report.objects.filter(participation__cycle__year=DEMO_YEAR).count()} rapportages."
    )
