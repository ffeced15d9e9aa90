"""Starting the self-evaluation (Fase 3.1): once the phase is open, after signing, one per cycle."""

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import TransitionError
from keurmerk.selfevaluations.models import Answer, Round, SelfEvaluation, Status
from keurmerk.selfevaluations.services import self_evaluation_start
from tests.conftest import amsterdam


def test_start_creates_one_answer_per_criterion_and_an_audit_row(signed, users, during):
    se = self_evaluation_start(participation=signed, user=users["member"])
    assert (se.round, se.status) == (Round.FIRST, Status.DRAFT)
    assert Answer.objects.filter(self_evaluation=se).count() == 31
    assert set(Answer.objects.filter(self_evaluation=se).values_list("version", flat=True)) == {0}
    event = AuditEvent.objects.get(action="selfevaluation_started")
    assert event.participation_id == signed.pk and event.actor == users["member"]


def test_starting_twice_returns_the_same_one(signed, users, during):
    first = self_evaluation_start(participation=signed, user=users["member"])
    again = self_evaluation_start(participation=signed, user=users["member"])
    assert first.pk == again.pk and SelfEvaluation.objects.count() == 1
    assert AuditEvent.objects.filter(action="selfevaluation_started").count() == 1


def test_refused_before_the_phase_opens_and_before_signing(participation, users):
    with time_machine.travel(amsterdam(2026, 10, 31, 23, 59), tick=False):
        Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
        with pytest.raises(TransitionError, match="niet open"):
            self_evaluation_start(participation=participation, user=users["member"])
    Participation.objects.filter(pk=participation.pk).update(state=State.APPLIED)
    with time_machine.travel(amsterdam(2026, 11, 2, 9), tick=False):
        with pytest.raises(TransitionError, match="ondertekend"):
            self_evaluation_start(participation=participation, user=users["member"])
    assert not SelfEvaluation.objects.exists()


def test_refused_while_the_cycles_framework_is_not_published(signed, users, during):
    """A concept (or adopted, not yet published) framework can still change under the answers."""
    from django.db.models import QuerySet

    from keurmerk.frameworks.models import Framework, FrameworkStatus

    framework = Framework.objects.filter(pk=signed.cycle.framework_id)
    QuerySet.update(framework, status=FrameworkStatus.ADOPTED)  # past the published framework's guard
    with pytest.raises(TransitionError, match="nog niet gepubliceerd"):
        self_evaluation_start(participation=signed, user=users["member"])
    assert (
        not SelfEvaluation.objects.exists()
        and not AuditEvent.objects.filter(action="selfevaluation_started").exists()
    )
    QuerySet.update(framework, status=FrameworkStatus.PUBLISHED)
    assert self_evaluation_start(participation=signed, user=users["member"]).round == Round.FIRST
