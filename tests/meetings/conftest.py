"""Meeting fixtures: the 2027 cycle (2022 framework), org_a's participation signed, a dialogue
meeting in the self-evaluation phase about criteria 1.1 and 6.1 with two places, and time on the
meeting's day (it started at 14:00 and ends at 16:00)."""

import pytest
import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion
from keurmerk.meetings import services
from tests.conftest import amsterdam

BEFORE = amsterdam(2026, 11, 10, 10, 0)  # a week before the meeting
DURING_MEETING = amsterdam(2026, 11, 17, 15, 0)
STARTS, ENDS = amsterdam(2026, 11, 17, 14, 0), amsterdam(2026, 11, 17, 16, 0)
KEYS = ["wachttijd-kort", "expertise-uitwisselen"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def signed(participation):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    participation.refresh_from_db()
    return participation


@pytest.fixture
def criteria(cycle):
    return list(
        Criterion.objects.filter(norm__framework=cycle.framework, key__in=KEYS).order_by("norm__position")
    )


def plan(cycle, user, *, capacity=2, starts_at=STARTS, ends_at=ENDS, criteria=(), **extra):
    values = {
        "title": "Dialoog over wachttijd en kennis delen",
        "kind": "dialogue",
        "online": True,
        "online_link": "https://meet.example.org/kibg-dialoog",
        **extra,
    }
    return services.meeting_plan(
        cycle=cycle,
        user=user,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        criteria=criteria,
        **values,
    )


@pytest.fixture
def meeting(cycle, users, criteria):
    return plan(cycle, users["administrator"], criteria=criteria)


@pytest.fixture
def before():
    with time_machine.travel(BEFORE, tick=True) as traveller:
        yield traveller


@pytest.fixture
def during_meeting():
    with time_machine.travel(DURING_MEETING, tick=True) as traveller:
        yield traveller
