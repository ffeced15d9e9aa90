"""Demo data: self-evaluations in every state, loaded idempotently after the cycle demo."""

import io

from keurmerk.core.demo import cycles as cycle_demo
from keurmerk.core.demo import selfevaluations as demo
from keurmerk.selfevaluations.models import Message, SelfEvaluation, Status


def test_demo_has_self_evaluations_in_every_state(framework_2022):
    out = io.StringIO()
    cycle_demo.load(out)
    demo.load(out)
    demo.load(out)  # idempotent
    by_org = {}
    for se in SelfEvaluation.objects.select_related("participation__organisation"):
        by_org.setdefault(se.participation.organisation.name, []).append((se.round, se.status))
    assert by_org["GGZ Rivierenland"] == [(1, Status.DRAFT)]
    assert by_org["Praktijk Zeezicht"] == [(1, Status.SUBMITTED)]
    assert by_org["Praktijk Heuvelrug"] == [(1, Status.SUBMITTED)]
    assert sorted(by_org["Praktijk Kade"]) == [(1, Status.SUBMITTED), (2, Status.SUBMITTED)]
    assert "Praktijk De Linde" not in by_org and "Praktijk Polder" not in by_org
    assert Message.objects.exists()
    revision = SelfEvaluation.objects.get(round=2)
    changed = revision.answers.filter(explanation__contains="Sinds februari").count()
    assert (
        changed == 1 and revision.based_on.answers.filter(explanation__contains="Sinds februari").count() == 0
    )
