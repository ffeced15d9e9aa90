"""`calendar.years_held`: the years in which an organisation held the mark at the end of the year,
from its history and its participations, by the one holder rule, in two queries whatever the
number of years."""

import datetime

from keurmerk.cycles.calendar import holder_ids, years_held
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark
from tests.conftest import amsterdam


def test_years_held_follows_the_holder_rule_in_two_queries(
    framework_2022, org_a, users, django_assert_num_queries
):
    # 2021 history; 2022 signed and awarded; 2023 withdrawn; 2024 re-applied but never qualified
    # (withdrawn the year before: not a holder); 2025 never signed; 2026 re-applied and qualified.
    HeldMark.objects.create(organisation=org_a, year=2021)
    states = {
        2022: State.AWARDED,
        2023: State.WITHDRAWN,
        2024: State.SIGNED,
        2025: State.APPLIED,
        2026: State.QUALIFIED,
    }
    for year, state in states.items():
        cycle = cycle_create(
            user=users["administrator"], year=year, framework=framework_2022, dates=handbook_dates(year)
        )
        signed = None if state == State.APPLIED else amsterdam(year - 1, 10, 1, 12)
        p = Participation.objects.create(organisation=org_a, cycle=cycle, state=state, signed_at=signed)
        Participation.objects.filter(pk=p.pk).update(state_changed_at=amsterdam(year, 2, 20, 12))
    expected = [2021, 2022, 2026]  # worked out by hand from the rule above
    assert [
        y for y in range(2021, 2027) if org_a.pk in holder_ids(y, on=datetime.date(y, 12, 31))
    ] == expected
    with django_assert_num_queries(2):
        assert years_held(org_a) == expected
    assert years_held(org_a, before=2026) == [2021, 2022]
