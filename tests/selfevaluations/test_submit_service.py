"""Submitting (Fase 3.1 step 6): complete required answers, who filled it in, the behandelaar (a
warning, never a block), the deadline with extensions, the frozen version, the confirmation PDF."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, Phase, State
from keurmerk.cycles.services import TransitionError, participation_grant_extension
from keurmerk.notifications.models import Notification
from keurmerk.notifications.services import deliver
from keurmerk.selfevaluations.models import Answer, SelfEvaluation, Status
from keurmerk.selfevaluations.services import IncompleteError, attachment_add

from .conftest import AFTER_DEADLINE, answer_for, fill_all, submit


def test_missing_required_answers_refuse_submission_with_the_list(self_evaluation, users):
    fill_all(self_evaluation, skip=["wachttijd-kort", "website-bereikbaarheid"])
    with pytest.raises(IncompleteError) as refused:
        submit(self_evaluation, users["member"])
    assert [a.criterion.key for a in refused.value.missing] == ["wachttijd-kort", "website-bereikbaarheid"]
    assert SelfEvaluation.objects.get(pk=self_evaluation.pk).status == Status.DRAFT


def test_a_declared_web_address_or_number_is_required_too(self_evaluation, users):
    fill_all(self_evaluation)
    Answer.objects.filter(self_evaluation=self_evaluation, criterion__key="website-bereikbaarheid").update(
        urls=[]
    )
    with pytest.raises(IncompleteError) as refused:
        submit(self_evaluation, users["member"])
    assert [a.criterion.key for a in refused.value.missing] == ["website-bereikbaarheid"]


def test_optional_criteria_never_block_a_returning_holder(self_evaluation, users):
    Participation.objects.filter(pk=self_evaluation.participation_id).update(is_returning=True)
    optional = [
        "vernieuwing-opmerken-gebruiken",
        "vooruitstrevend-karakter",
        "expertise-uitwisselen",
        "expertise-thema-delen",
    ]
    fill_all(self_evaluation, skip=optional)
    submitted = submit(self_evaluation, users["member"])
    assert submitted.status == Status.SUBMITTED


def test_the_same_criteria_are_required_for_a_new_provider(self_evaluation, users):
    fill_all(self_evaluation, skip=["expertise-uitwisselen"])
    with pytest.raises(IncompleteError):
        submit(self_evaluation, users["member"])


def test_submit_records_who_and_reviewer_moves_the_state_and_freezes(self_evaluation, users):
    fill_all(self_evaluation)
    se = submit(
        self_evaluation, users["member"], reviewer_name="Dr. B. Behandelaar", reviewer_big="12345678901"
    )
    stored = SelfEvaluation.objects.get(pk=se.pk)
    assert stored.status == Status.SUBMITTED and stored.submitted_by == users["member"]
    assert (stored.filled_in_by, stored.reviewer_name, stored.reviewer_big) == (
        "Anna Amstel, GZ-psycholoog",
        "Dr. B. Behandelaar",
        "12345678901",
    )
    assert Participation.objects.get(pk=se.participation_id).state == State.SUBMITTED
    event = AuditEvent.objects.get(action="selfevaluation_submitted")
    assert (event.from_state, event.to_state, event.data["reviewer"]) == ("signed", "submitted", True)
    with pytest.raises(TransitionError, match="kan niet meer worden gewijzigd"):
        submit(stored, users["member"])
    with pytest.raises(TransitionError, match="kan niet meer worden gewijzigd"):
        attachment_add(
            answer=answer_for(se, "clientervaringen-meten"),
            user=users["member"],
            content=b"%PDF-1.4\n%%EOF\n",
            name="laat.pdf",
        )


def test_without_a_reviewer_it_is_submitted(self_evaluation, users):
    fill_all(self_evaluation)
    se = submit(self_evaluation, users["member"])
    assert se.status == Status.SUBMITTED and se.reviewer_name == ""
    assert AuditEvent.objects.get(action="selfevaluation_submitted").data["reviewer"] is False


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"filled_in_by": " "}, "filled_in_by"),
        ({"reviewer_name": "B", "reviewer_big": "123"}, "reviewer_big"),
        ({"reviewer_big": "12345678901"}, "reviewer_name"),
    ],
)
def test_submitter_fields_are_checked(self_evaluation, users, extra, field):
    fill_all(self_evaluation)
    with pytest.raises(ValidationError) as refused:
        submit(self_evaluation, users["member"], **extra)
    assert field in refused.value.error_dict
    assert SelfEvaluation.objects.get(pk=self_evaluation.pk).status == Status.DRAFT


def test_after_the_deadline_refused_unless_extended(self_evaluation, users):
    fill_all(self_evaluation)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        with pytest.raises(TransitionError, match="verstreken"):
            submit(self_evaluation, users["member"])
    assert SelfEvaluation.objects.get(pk=self_evaluation.pk).status == Status.DRAFT
    participation_grant_extension(
        participation=self_evaluation.participation,
        user=users["administrator"],
        phase=Phase.SELFEVALUATION,
        until=datetime.date(2027, 2, 7),
        reason="Ziekte praktijkhouder",
    )
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        assert submit(self_evaluation, users["member"]).status == Status.SUBMITTED


def test_the_last_second_of_31_january_still_counts(self_evaluation, users):
    from tests.conftest import amsterdam

    fill_all(self_evaluation)
    with time_machine.travel(amsterdam(2027, 1, 31, 23, 59, 59), tick=False):
        assert submit(self_evaluation, users["member"]).status == Status.SUBMITTED


def test_members_get_a_confirmation_with_a_pdf_of_the_answers(
    self_evaluation, users, django_capture_on_commit_callbacks
):
    fill_all(self_evaluation, text="Onze wachttijd is drie weken.")
    with django_capture_on_commit_callbacks(execute=True):
        submit(self_evaluation, users["member"])
    notification = Notification.objects.get(kind="selfevaluation_submitted", user=users["member"])
    assert notification.attachment_name == "zelfevaluatie-2027-ronde-1.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(notification.attachment))).pages)
    assert "Praktijk Amstel" in text and "Onze wachttijd is drie weken." in text
    assert not Notification.objects.filter(user=users["outsider"]).exists()
    assert deliver(notification.pk)
    assert mail.outbox[-1].attachments[0][0] == "zelfevaluatie-2027-ronde-1.pdf"
