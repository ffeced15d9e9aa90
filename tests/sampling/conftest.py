import pytest

from keurmerk.cycles.models import Participation, State
from keurmerk.organisations.models import HeldMark
from tests.conftest import make_organisation


@pytest.fixture
def holders(cycle, org_a, org_b):
    """Twelve qualified holders of the 2027 cycle (org_a and org_b among them: org_a returning,
    having held the 2026 mark) and one that has not qualified (never a candidate)."""
    HeldMark.objects.create(organisation=org_a, year=2026)
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.AWARDED)
    Participation.objects.create(organisation=org_b, cycle=cycle, state=State.QUALIFIED)
    organisations = [org_a, org_b]
    for i in range(10):
        kind = "instelling" if i < 4 else "vrijgevestigd"
        organisation = make_organisation(f"Praktijk {i:02}", f"3000{i:04}", f"4000{i:04}", type=kind)
        if i % 2:
            HeldMark.objects.create(organisation=organisation, year=2026)
        Participation.objects.create(organisation=organisation, cycle=cycle, state=State.AWARDED)
        organisations.append(organisation)
    waiting = make_organisation("Praktijk Wacht", "39999999", "49999999")
    Participation.objects.create(organisation=waiting, cycle=cycle, state=State.SUBMITTED)
    return organisations
