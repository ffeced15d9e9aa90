"""The rule of who holds the mark (keurmerkdrager) in a year, used by the register and the peers."""

import datetime

from keurmerk.cycles.calendar import holder_ids, network_predicates
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark, Subcontract
from tests.conftest import amsterdam, make_organisation


def make_cycle(year, framework, admin):
    return cycle_create(user=admin, year=year, framework=framework, dates=handbook_dates(year))


def _withdrawn(organisation, cycle, *, signed, decided):
    """A participation that signed and was withdrawn at `decided` (auto_now_add sets the creation
    time, so the decision time is written afterwards)."""
    p = Participation.objects.create(
        organisation=organisation, cycle=cycle, state=State.WITHDRAWN, signed_at=signed
    )
    Participation.objects.filter(pk=p.pk).update(state_changed_at=decided)
    return p


def test_signed_participations_hold_from_1_january(cycle, org_a):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2026, 12, 31))
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 1, 1))


def test_unsigned_is_not_a_holder(cycle, org_a):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.APPLIED)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 6, 1))


def test_withdrawn_holds_until_withdrawal_takes_effect(cycle, org_a):
    signed = amsterdam(2026, 10, 1, 12)
    decided = amsterdam(2027, 2, 1, 12)
    _withdrawn(org_a, cycle, signed=signed, decided=decided)
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 3, 31))
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 4, 1))


def test_withdrawal_decided_after_1_april_takes_effect_on_the_day(cycle, org_a):
    decided = amsterdam(2027, 9, 15, 10)
    _withdrawn(org_a, cycle, signed=amsterdam(2026, 10, 1, 12), decided=decided)
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 9, 14))
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 9, 15))


def test_a_participation_that_never_signed_never_held_the_mark(cycle, org_a):
    """An administrator's override of "applied" to "withdrawn": it never held the mark."""
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.WITHDRAWN)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 1, 1))


def test_withdrawn_last_year_holds_only_once_qualified(cycle, org_a, framework_2022, users):
    previous = make_cycle(2026, framework_2022, users["administrator"])
    Participation.objects.create(organisation=org_a, cycle=previous, state=State.WITHDRAWN)
    p = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SUBMITTED)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 2, 1))
    Participation.objects.filter(pk=p.pk).update(state=State.QUALIFIED)
    # Qualified in time, it holds the mark from 1 April, not before (handbook Fase 4).
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 3, 31))
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 4, 1))


def test_imported_history_counts(org_a):
    HeldMark.objects.create(organisation=org_a, year=2025)
    assert org_a.pk in holder_ids(2025, on=datetime.date(2025, 12, 31))
    assert org_a.pk not in holder_ids(2024, on=datetime.date(2024, 12, 31))


def test_network_predicate_needs_every_subcontractor_to_hold(org_a, org_b):
    network = make_organisation("Netwerk Midden", "34567890", "76543210", type="netwerk")
    on = datetime.date(2025, 12, 31)
    assert network_predicates([network], 2025, on) == {network.pk: False}  # no subcontractors
    Subcontract.objects.create(network=network, subcontractor=org_a)
    Subcontract.objects.create(network=network, subcontractor=org_b)
    HeldMark.objects.create(organisation=org_a, year=2025)
    assert network_predicates([network], 2025, on) == {network.pk: False}
    HeldMark.objects.create(organisation=org_b, year=2025)
    assert network_predicates([network], 2025, on) == {network.pk: True}
