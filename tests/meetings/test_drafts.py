"""Drafts at the meeting are the self-evaluation's answers: before the start they wait (versioned,
a stale save is refused), the start brings them in through answer_save, and afterwards the meeting
page writes the very same answer records with the same versions and conflict handling."""

import pytest
import time_machine

from keurmerk.meetings.models import PendingDraft
from keurmerk.meetings.services import DraftConflict, pending_draft_save, registration_create
from keurmerk.selfevaluations.models import Answer
from keurmerk.selfevaluations.services import AnswerConflict, answer_save, self_evaluation_start
from tests.conftest import client_for

from .conftest import BEFORE, DURING_MEETING


@pytest.fixture
def attendee(meeting, users, signed):
    return registration_create(
        meeting=meeting, organisation=signed.organisation, user=users["member"], now=BEFORE
    )


def _save(meeting, criterion, user, version, text):
    return pending_draft_save(
        meeting=meeting,
        organisation=user.memberships.get().organisation,
        criterion=criterion,
        user=user,
        version=version,
        explanation=text,
    )


def test_a_draft_before_the_start_waits_and_a_stale_save_is_refused(meeting, criteria, users, attendee):
    draft = _save(meeting, criteria[0], users["member"], 0, "Wij meten de wachttijd elke maand.")
    assert draft.version == 1
    with pytest.raises(DraftConflict) as caught:
        _save(meeting, criteria[0], users["member"], 0, "Een oudere versie")
    assert caught.value.current.explanation == "Wij meten de wachttijd elke maand."
    assert PendingDraft.objects.get().version == 1


def test_the_start_brings_the_drafts_into_the_answers(meeting, criteria, users, attendee, signed):
    _save(meeting, criteria[0], users["member"], 0, "Wij meten de wachttijd elke maand.")
    with time_machine.travel(DURING_MEETING, tick=False):
        se = self_evaluation_start(participation=signed, user=users["member"])
    answer = Answer.objects.get(self_evaluation=se, criterion=criteria[0])
    assert (answer.explanation, answer.version) == ("Wij meten de wachttijd elke maand.", 1)
    assert answer.updated_by == users["member"]
    draft = PendingDraft.objects.get()
    assert draft.applied_at is not None and draft.answer == answer
    assert Answer.objects.filter(self_evaluation=se, version=0).count() == 30  # the others untouched


def test_a_draft_after_the_start_is_refused_as_pending(meeting, criteria, users, attendee, signed):
    with time_machine.travel(DURING_MEETING, tick=False):
        self_evaluation_start(participation=signed, user=users["member"])
    with pytest.raises(Exception, match="begonnen"):
        _save(meeting, criteria[0], users["member"], 0, "Te laat als concept")
    assert not PendingDraft.objects.exists()


def test_a_criterion_the_meeting_does_not_discuss_is_refused(meeting, cycle, users, attendee):
    from keurmerk.frameworks.models import Criterion

    other = Criterion.objects.get(norm__framework=cycle.framework, key="wachttijd-tips")
    with pytest.raises(Exception, match="niet besproken"):
        _save(meeting, other, users["member"], 0, "x")


def test_the_meeting_page_writes_the_same_answer_with_its_conflict_panel(
    meeting, criteria, users, attendee, signed
):
    with time_machine.travel(DURING_MEETING, tick=True):
        se = self_evaluation_start(participation=signed, user=users["member"])
        answer = Answer.objects.select_related("self_evaluation").get(
            self_evaluation=se, criterion=criteria[0]
        )
        answer_save(answer=answer, user=users["member"], version=0, explanation="Tekst van een collega")
        client = client_for(users["member"])
        page = client.get(f"/bijeenkomsten/{meeting.pk}/")
        assert page.status_code == 200
        assert f'action="/zelfevaluatie/antwoord/{answer.pk}/"' in page.text  # the self-evaluation's own form
        assert "Tekst van een collega" in page.text
        stale = client.post(
            f"/zelfevaluatie/antwoord/{answer.pk}/",
            {"version": 0, "explanation": "Mijn tekst"},
            headers={"HX-Request": "true"},
        )
    assert stale.status_code == 409 and "Een collega heeft dit antwoord intussen gewijzigd" in stale.text
    answer.refresh_from_db()
    assert (answer.explanation, answer.version) == ("Tekst van een collega", 1)
    with pytest.raises(AnswerConflict):
        answer_save(answer=answer, user=users["member"], version=0, explanation="nogmaals oud")


def test_the_draft_form_before_the_start_and_its_conflict_page(meeting, criteria, users, attendee):
    client = client_for(users["member"])
    with time_machine.travel(DURING_MEETING, tick=True):
        page = client.get(f"/bijeenkomsten/{meeting.pk}/")
        assert f'action="/bijeenkomsten/{meeting.pk}/concept/{criteria[0].pk}/"' in page.text
        url = f"/bijeenkomsten/{meeting.pk}/concept/{criteria[0].pk}/"
        saved = client.post(url, {"version": 0, "explanation": "Eerste versie"})
        stale = client.post(url, {"version": 0, "explanation": "Tweede, van oud"})
    assert saved.status_code == 302
    assert stale.status_code == 409 and "Eerste versie" in stale.text and "Tweede, van oud" in stale.text
    assert PendingDraft.objects.get().explanation == "Eerste versie"
