"""Opening, changing, closing and adopting a round; the framework's status follows; every step audited."""

import datetime

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.consultations.models import ConsultationRound, RoundState
from keurmerk.consultations.services import (
    ConsultationError,
    round_adopt,
    round_close,
    round_open,
    round_update,
)
from keurmerk.frameworks.models import Framework, FrameworkStatus
from keurmerk.frameworks.services import framework_transition

from .conftest import CLOSES, OPENS, amsterdam

ADOPTED_ON = datetime.date(2023, 6, 13)


def status(framework):
    return Framework.objects.get(pk=framework.pk).status


def test_opening_a_round_puts_the_concept_in_consultation(consultation_round, framework_2024, users):
    assert status(framework_2024) == FrameworkStatus.CONSULTATION
    assert consultation_round.state == RoundState.OPEN
    actions = list(AuditEvent.objects.values_list("action", "from_state", "to_state"))
    assert ("framework.status", "concept", "consultation") in actions
    assert ("consultation.round_opened", "", "open") in actions
    event = AuditEvent.objects.get(action="consultation.round_opened")
    assert event.actor == users["administrator"]
    assert event.data == {"opens_on": "2023-04-24", "closes_on": "2023-05-30"}


def test_state_is_computed_from_the_period_in_amsterdam(consultation_round):
    state = consultation_round.state_at
    assert state(amsterdam(2023, 4, 23, 23, 59, 59)) == RoundState.PLANNED
    assert state(amsterdam(2023, 4, 24, 0, 0)) == RoundState.OPEN
    assert state(amsterdam(2023, 5, 30, 23, 59, 59)) == RoundState.OPEN
    assert state(amsterdam(2023, 5, 31, 0, 0)) == RoundState.CLOSED


@pytest.mark.parametrize("to_status", [FrameworkStatus.ADOPTED, FrameworkStatus.PUBLISHED])
def test_only_a_concept_or_consultation_framework_gets_a_round(framework_2024, users, to_status):
    framework_transition(framework=framework_2024, to_status=FrameworkStatus.CONSULTATION)
    framework_transition(framework=framework_2024, to_status=FrameworkStatus.ADOPTED, adopted_on=ADOPTED_ON)
    if to_status == FrameworkStatus.PUBLISHED:
        framework_transition(framework=framework_2024, to_status=to_status)
    with pytest.raises(ConsultationError, match="Alleen een concept-normenkader"):
        round_open(framework=framework_2024, opens_on=OPENS, closes_on=CLOSES, user=users["administrator"])
    assert not ConsultationRound.objects.exists()


def test_a_framework_already_in_consultation_gets_no_second_running_round(consultation_round, users):
    with pytest.raises(ConsultationError, match="loopt al"):
        round_open(
            framework=consultation_round.framework,
            opens_on=OPENS,
            closes_on=CLOSES,
            user=users["administrator"],
        )
    assert ConsultationRound.objects.count() == 1


def test_period_must_be_in_order(framework_2024, users):
    with pytest.raises(ConsultationError, match="sluitingsdatum"):
        round_open(framework=framework_2024, opens_on=CLOSES, closes_on=OPENS, user=users["administrator"])
    assert status(framework_2024) == FrameworkStatus.CONCEPT


def test_update_extends_the_period_and_is_audited(consultation_round, users):
    later = CLOSES + datetime.timedelta(days=7)
    round_update(
        consultation_round=consultation_round,
        opens_on=OPENS,
        closes_on=later,
        introduction="Nieuw",
        user=users["administrator"],
    )
    consultation_round.refresh_from_db()
    assert consultation_round.closes_on == later and consultation_round.introduction == "Nieuw"
    event = AuditEvent.objects.get(action="consultation.round_changed")
    assert (
        event.data["before"]["closes_on"] == "2023-05-30" and event.data["after"]["closes_on"] == "2023-06-06"
    )


def test_a_round_past_its_closing_day_can_be_extended(consultation_round, users):
    with time_machine.travel(amsterdam(2023, 6, 2, 9), tick=False):
        assert consultation_round.state == RoundState.CLOSED
        round_update(
            consultation_round=consultation_round,
            opens_on=OPENS,
            closes_on=datetime.date(2023, 6, 9),
            introduction="",
            user=users["administrator"],
        )
        consultation_round.refresh_from_db()
        assert consultation_round.state == RoundState.OPEN


def test_closing_early(consultation_round, users, during):
    round_close(consultation_round=consultation_round, user=users["administrator"])
    consultation_round.refresh_from_db()
    assert consultation_round.state == RoundState.CLOSED
    assert AuditEvent.objects.filter(action="consultation.round_closed", to_state="closed").exists()
    with pytest.raises(ConsultationError, match="Alleen een open"):
        round_close(consultation_round=consultation_round, user=users["administrator"])
    with pytest.raises(ConsultationError, match="gesloten of vastgesteld"):
        round_update(
            consultation_round=consultation_round,
            opens_on=OPENS,
            closes_on=CLOSES,
            introduction="",
            user=users["administrator"],
        )


def test_adoption_moves_the_framework_to_adopted_and_ends_the_round(
    consultation_round, framework_2024, users
):
    with time_machine.travel(amsterdam(2023, 6, 13, 15), tick=False):
        round_adopt(consultation_round=consultation_round, adopted_on=ADOPTED_ON, user=users["administrator"])
        consultation_round.refresh_from_db()
        assert consultation_round.state == RoundState.ADOPTED
    framework = Framework.objects.get(pk=framework_2024.pk)
    assert framework.status == FrameworkStatus.ADOPTED and framework.adopted_on == ADOPTED_ON
    assert AuditEvent.objects.filter(
        action="consultation.round_adopted", from_state="closed", to_state="adopted"
    ).exists()
    assert AuditEvent.objects.filter(action="framework.status", to_state="adopted").exists()
    with time_machine.travel(amsterdam(2023, 6, 14, 9), tick=False):
        with pytest.raises(ConsultationError):
            round_adopt(
                consultation_round=consultation_round, adopted_on=ADOPTED_ON, user=users["administrator"]
            )
        with pytest.raises(ConsultationError):
            round_update(
                consultation_round=consultation_round,
                opens_on=OPENS,
                closes_on=CLOSES,
                introduction="",
                user=users["administrator"],
            )


@pytest.mark.parametrize(
    "adopted_on", [datetime.date(2023, 4, 23), datetime.date(2023, 6, 14)], ids=["before-opening", "future"]
)
def test_adoption_date_must_be_between_opening_and_today(
    consultation_round, framework_2024, users, adopted_on
):
    with time_machine.travel(amsterdam(2023, 6, 13, 15), tick=False):
        with pytest.raises(ConsultationError, match="tussen de opening"):
            round_adopt(
                consultation_round=consultation_round, adopted_on=adopted_on, user=users["administrator"]
            )
    assert status(framework_2024) == FrameworkStatus.CONSULTATION


def test_a_planned_round_cannot_be_adopted(framework_2024, users):
    with time_machine.travel(amsterdam(2023, 4, 1, 12), tick=False):
        planned = round_open(
            framework=framework_2024, opens_on=OPENS, closes_on=CLOSES, user=users["administrator"]
        )
        assert planned.state == RoundState.PLANNED
        with pytest.raises(ConsultationError):
            round_adopt(
                consultation_round=planned, adopted_on=datetime.date(2023, 4, 1), user=users["administrator"]
            )
