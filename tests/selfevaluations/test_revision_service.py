"""The one revision (Fase 3.3): only when not yet qualified and within the revision window; it starts
as a copy of the first round; a second is refused; the assessor sees what changed."""

import pytest
import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import TransitionError
from keurmerk.selfevaluations.models import Answer, Attachment, Round, SelfEvaluation, Status
from keurmerk.selfevaluations.services import answer_save, attachment_add, revision_start
from tests.conftest import amsterdam, client_for

from .conftest import DURING_REVISION, answer_for, fill_all, submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def not_qualified(self_evaluation, users):
    fill_all(self_evaluation, text="Wij meten de wachttijd elke maand en publiceren haar.")
    attachment_add(
        answer=answer_for(self_evaluation, "clientervaringen-meten"),
        user=users["member"],
        content=PNG,
        name="cq-index.png",
    )
    submit(self_evaluation, users["member"])
    Participation.objects.filter(pk=self_evaluation.participation_id).update(state=State.NOT_QUALIFIED)
    return Participation.objects.get(pk=self_evaluation.participation_id)


@pytest.fixture
def revision(not_qualified, users):
    with time_machine.travel(DURING_REVISION, tick=True):
        yield revision_start(participation=not_qualified, user=users["member"])


def test_revision_starts_as_a_copy_of_the_first(revision, self_evaluation):
    assert (revision.round, revision.status, revision.based_on_id) == (
        Round.REVISION,
        Status.DRAFT,
        self_evaluation.pk,
    )
    copied = answer_for(revision, "wachttijd-kort")
    assert (
        copied.explanation == "Wij meten de wachttijd elke maand en publiceren haar." and copied.version == 0
    )
    assert Attachment.objects.get(answer__self_evaluation=revision).original_name == "cq-index.png"
    assert Answer.objects.filter(self_evaluation=revision).count() == 31


def test_only_when_not_qualified_and_within_the_window(self_evaluation, users):
    fill_all(self_evaluation)
    submit(self_evaluation, users["member"])
    participation = Participation.objects.get(pk=self_evaluation.participation_id)
    with time_machine.travel(DURING_REVISION, tick=False):
        with pytest.raises(TransitionError, match="nog niet heeft gekwalificeerd"):
            revision_start(participation=participation, user=users["member"])
    Participation.objects.filter(pk=participation.pk).update(state=State.NOT_QUALIFIED)
    for moment in (amsterdam(2027, 2, 16, 23, 59), amsterdam(2027, 4, 1, 0, 0)):
        with time_machine.travel(moment, tick=False):
            with pytest.raises(TransitionError, match="niet open"):
                revision_start(participation=participation, user=users["member"])
    assert not SelfEvaluation.objects.filter(round=Round.REVISION).exists()


def test_submitting_the_revision_and_a_second_revision_is_refused(revision, not_qualified, users):
    with time_machine.travel(DURING_REVISION, tick=True):
        assert (
            revision_start(participation=not_qualified, user=users["member"]).pk == revision.pk
        )  # same draft
        answer = answer_for(revision, "wachttijd-kort")
        answer_save(
            answer=answer,
            user=users["member"],
            version=0,
            explanation="Wij meten de wachttijd elke week en publiceren haar op onze website.",
        )
        submit(revision, users["member"], reviewer_name="B. Behandelaar")
        assert Participation.objects.get(pk=not_qualified.pk).state == State.REVISION_SUBMITTED
        Participation.objects.filter(pk=not_qualified.pk).update(state=State.NOT_QUALIFIED)  # even if reset
        with pytest.raises(TransitionError, match="al eenmaal aangepast"):
            revision_start(participation=not_qualified, user=users["member"])
    assert SelfEvaluation.objects.filter(participation=not_qualified).count() == 2


def test_revision_after_its_deadline_is_refused(revision, users):
    fill_all(revision)
    with time_machine.travel(amsterdam(2027, 4, 1, 0, 0, 1), tick=False):
        with pytest.raises(TransitionError, match="verstreken"):
            submit(revision, users["member"])


def test_assessor_sees_what_changed(revision, users):
    with time_machine.travel(DURING_REVISION, tick=True):
        answer_save(
            answer=answer_for(revision, "wachttijd-kort"),
            user=users["member"],
            version=0,
            explanation="Wij meten de wachttijd elke week en publiceren haar.",
        )
        response = client_for(users["assessor"]).get(f"/zelfevaluatie/staf/{revision.pk}/")
    assert response.status_code == 200
    text = response.text
    assert "<del>maand</del>" in text and "<ins>week</ins>" in text
    assert text.count("gewijzigd t.o.v. eerste ronde") == 1
    assert "Aangepaste zelfevaluatie (concept)" in text and "Zelfevaluatie (ingediend)" in text


def test_no_revision_without_a_submitted_first_round(signed, users):
    Participation.objects.filter(pk=signed.pk).update(state=State.NOT_QUALIFIED)  # e.g. set by hand
    with time_machine.travel(DURING_REVISION, tick=False):
        with pytest.raises(TransitionError, match="geen ingediende zelfevaluatie"):
            revision_start(participation=signed, user=users["member"])
