"""The scheme owner's weighing of a comment: recorded, changed with a version check, audited, and
fixed once the board adopted the framework."""

import datetime

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.consultations.models import Comment, Disposition
from keurmerk.consultations.services import (
    ConsultationError,
    VersionConflict,
    disposition_record,
    round_adopt,
)

from .conftest import amsterdam, answers, submit


@pytest.fixture
def comment(invitee, framework_2024):
    submit(invitee, answers(framework_2024, 0, {("", ""): "Maak het concreter."}))
    return Comment.objects.get()


def test_record_and_change_a_disposition(comment, users):
    admin = users["administrator"]
    first = disposition_record(
        comment=comment, kind="deels_overgenomen", explanation=" Deels. ", user=admin, expected_version=0
    )
    assert (first.kind, first.explanation, first.version, first.by) == (
        "deels_overgenomen",
        "Deels.",
        1,
        admin,
    )
    second = disposition_record(
        comment=comment, kind="overgenomen", explanation="Toch helemaal.", user=admin, expected_version=1
    )
    assert second.pk == first.pk and second.version == 2
    events = list(
        AuditEvent.objects.filter(action="consultation.disposition").values_list("from_state", "to_state")
    )
    assert events == [("", "deels_overgenomen"), ("deels_overgenomen", "overgenomen")]
    assert AuditEvent.objects.filter(action="consultation.disposition").last().data["before"] == {
        "kind": "deels_overgenomen",
        "explanation": "Deels.",
    }


def test_a_stale_disposition_form_does_not_overwrite(comment, users):
    disposition_record(comment=comment, kind="overgenomen", explanation="", user=users["administrator"])
    with pytest.raises(VersionConflict):
        disposition_record(
            comment=comment,
            kind="niet_overgenomen",
            explanation="Nee",
            user=users["director"],
            expected_version=0,
        )
    assert Disposition.objects.get().kind == "overgenomen"


def test_comments_of_a_draft_cannot_be_weighed(invitee, framework_2024, users):
    submit(invitee, answers(framework_2024, 0, {("", ""): "Concept"}), submit=False)
    with pytest.raises(ConsultationError, match="nog niet verstuurd"):
        disposition_record(
            comment=Comment.objects.get(), kind="overgenomen", explanation="", user=users["administrator"]
        )


def test_after_adoption_dispositions_are_fixed(comment, users):
    with time_machine.travel(amsterdam(2023, 6, 13, 12), tick=False):
        round_adopt(
            consultation_round=comment.response.invitee.round,
            adopted_on=datetime.date(2023, 6, 13),
            user=users["administrator"],
        )
        with pytest.raises(ConsultationError, match="vastgesteld"):
            disposition_record(
                comment=comment, kind="overgenomen", explanation="", user=users["administrator"]
            )
    assert not Disposition.objects.exists()
