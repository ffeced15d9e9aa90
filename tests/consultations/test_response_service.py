"""Saving and submitting an invitee's response: drafts, submission, no silent overwrite, closed rounds
refuse changes, and one response per invitee, also under two simultaneous submissions."""

import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from keurmerk.audit.models import AuditEvent
from keurmerk.consultations.models import Comment, Disposition, Response, ResponseStatus, Score
from keurmerk.consultations.services import (
    Answers,
    ConsultationError,
    VersionConflict,
    disposition_record,
    response_save,
    round_close,
)
from keurmerk.notifications.models import Notification
from tests.conftest import waiting_for_the_lock

from .conftest import amsterdam, answers, invite, norm_keys


def save(invitee, answers_, version, submit=False):
    return response_save(invitee=invitee, answers=answers_, expected_version=version, submit=submit)


def test_a_draft_may_be_incomplete_and_is_saved_as_draft(invitee, framework_2024):
    keys = norm_keys(framework_2024)
    draft = Answers(
        scores={(keys["1"], "stimulerend"): 6, (keys["1"], "haalbaar"): None},
        comments={("", ""): "Algemeen punt", (keys["1"], "juiste-plek"): "Over criterium 1"},
    )
    response = save(invitee, draft, 0)
    assert response.status == ResponseStatus.DRAFT and response.version == 1
    assert list(Score.objects.values_list("norm_key", "aspect", "value")) == [(keys["1"], "stimulerend", 6)]
    assert set(Comment.objects.values_list("norm_key", "criterion_key", "text")) == {
        ("", "", "Algemeen punt"),
        (keys["1"], "juiste-plek", "Over criterium 1"),
    }
    assert not AuditEvent.objects.filter(action="consultation.response_submitted").exists()


def test_submitting_marks_it_submitted_audits_and_sends_a_receipt(invitee, framework_2024):
    response = save(invitee, answers(framework_2024, 0), 0, submit=True)
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at is not None
    assert Score.objects.filter(response=response).count() == 16
    assert (
        AuditEvent.objects.filter(action="consultation.response_submitted", to_state="submitted").count() == 1
    )
    receipt = Notification.objects.get(kind="consultation_receipt")
    assert receipt.email == invitee.email and receipt.url == f"/consultatie/{invitee.token}/"


def test_a_submitted_response_can_be_changed_until_closing_and_stays_submitted(invitee, framework_2024):
    save(invitee, answers(framework_2024, 0), 0, submit=True)
    response = save(invitee, answers(framework_2024, 1, {("", ""): "Later bedacht"}), 1, submit=True)
    assert response.status == ResponseStatus.SUBMITTED and response.version == 2
    assert Comment.objects.get().text == "Later bedacht"
    assert Notification.objects.filter(kind="consultation_receipt").count() == 1
    with pytest.raises(ConsultationError, match="al verstuurd"):
        save(invitee, answers(framework_2024, 1), 2, submit=False)


def test_a_stale_version_is_refused_and_nothing_is_written(invitee, framework_2024):
    save(invitee, answers(framework_2024, 0, {("", ""): "Eerste"}), 0)
    with pytest.raises(VersionConflict):
        save(invitee, answers(framework_2024, 1, {("", ""): "Tweede"}), 0)
    assert Comment.objects.get().text == "Eerste"
    assert Response.objects.get().version == 1


def test_changing_a_comment_keeps_its_disposition_and_emptying_removes_it(invitee, framework_2024, users):
    save(invitee, answers(framework_2024, 0, {("", ""): "Punt"}), 0, submit=True)
    disposition_record(
        comment=Comment.objects.get(), kind="ter_kennisname", explanation="", user=users["administrator"]
    )
    save(invitee, answers(framework_2024, 0, {("", ""): "Punt, aangevuld"}), 1, submit=True)
    assert Disposition.objects.get().comment.text == "Punt, aangevuld"
    save(invitee, answers(framework_2024, 0, {("", ""): "  "}), 2, submit=True)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "moment, refused",
    [
        (amsterdam(2023, 5, 30, 23, 59, 59), False),
        (amsterdam(2023, 5, 31, 0, 0, 0), True),
        (amsterdam(2023, 4, 23, 23, 0, 0), True),
    ],
    ids=["last-second", "day-after", "before-opening"],
)
def test_only_an_open_round_accepts_changes(invitee, framework_2024, moment, refused):
    with time_machine.travel(moment, tick=False):
        if refused:
            with pytest.raises(ConsultationError, match="gesloten"):
                save(invitee, answers(framework_2024, 0), 0, submit=True)
            assert not Response.objects.exists()
        else:
            assert save(invitee, answers(framework_2024, 0), 0, submit=True).is_submitted


def test_a_round_closed_early_refuses_changes(invitee, framework_2024, users):
    save(invitee, answers(framework_2024, 0), 0)
    round_close(consultation_round=invitee.round, user=users["administrator"])
    invitee.refresh_from_db()
    with pytest.raises(ConsultationError, match="gesloten"):
        save(invitee, answers(framework_2024, 1), 1, submit=True)
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_the_database_holds_one_response_per_invitee(invitee):
    Response.objects.create(invitee=invitee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(invitee=invitee)
    assert Response.objects.count() == 1


def test_scores_outside_one_to_seven_are_refused_by_the_database(invitee):
    response = Response.objects.create(invitee=invitee)
    for value in (0, 8):
        with pytest.raises(IntegrityError), transaction.atomic():
            Score.objects.create(response=response, norm_key="x", aspect="haalbaar", value=value)


def test_a_comment_on_a_criterion_needs_its_norm(invitee):
    response = Response.objects.create(invitee=invitee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(response=response, norm_key="", criterion_key="juiste-plek", text="x")


def test_two_simultaneous_first_submissions_make_one_response(transactional_db, framework_2024, users):
    """Two browser tabs send the empty form at the same moment: one wins, the other gets a conflict."""
    from keurmerk.consultations.services import round_open

    with time_machine.travel(amsterdam(2023, 5, 10, 12), tick=True):
        consultation_round = round_open(
            framework=framework_2024,
            opens_on=amsterdam(2023, 4, 24).date(),
            closes_on=amsterdam(2023, 5, 30).date(),
            user=users["administrator"],
        )
        invitee = invite(consultation_round, "Praktijk", "keurmerkdrager", "p@example.org")
        barrier, outcomes = threading.Barrier(2), []

        def send(respondent):
            try:
                barrier.wait()
                waiting_for_the_lock(
                    lambda: save(invitee, answers(framework_2024, respondent), 0, submit=True)
                )
                outcomes.append("saved")
            except VersionConflict:
                outcomes.append("conflict")
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcomes.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "saved"]
    response = Response.objects.get(invitee=invitee)
    assert response.version == 1 and response.status == ResponseStatus.SUBMITTED
    assert Score.objects.filter(response=response).count() == 16
