"""Self-evaluation fixtures: org_a's participation in the 2027 cycle (2022 framework, 31 criteria),
signed, with time inside the self-evaluation phase (1 Nov 2026 – 31 Jan 2027), and attachments
stored in a temporary directory."""

import pytest
import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations import services
from keurmerk.selfevaluations.models import Answer
from tests.conftest import amsterdam

DURING = amsterdam(2026, 11, 16, 10, 0)
AFTER_DEADLINE = amsterdam(2027, 2, 1, 0, 0, 1)
DURING_REVISION = amsterdam(2027, 3, 1, 10, 0)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=True) as traveller:
        yield traveller


@pytest.fixture
def signed(participation):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    participation.refresh_from_db()
    return participation


@pytest.fixture
def self_evaluation(signed, users, during):
    return services.self_evaluation_start(participation=signed, user=users["member"])


def answer_for(self_evaluation, key):
    return Answer.objects.select_related("criterion", "self_evaluation").get(
        self_evaluation=self_evaluation, criterion__key=key
    )


def fill_all(self_evaluation, text="Zo voldoen wij eraan.", skip=()):
    """Complete every answer (explanation, number, web address) except the criteria keys in `skip`."""
    answers = Answer.objects.filter(self_evaluation=self_evaluation).exclude(criterion__key__in=skip)
    answers.update(explanation=text, number=600, urls=["https://www.amstel.example.nl/behandeling"])


def submit(self_evaluation, user, **extra):
    return services.self_evaluation_submit(
        self_evaluation=self_evaluation,
        user=user,
        filled_in_by=extra.pop("filled_in_by", "Anna Amstel, GZ-psycholoog"),
        **extra,
    )
