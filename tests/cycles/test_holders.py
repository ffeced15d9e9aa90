"""The rule of who holds the mark (keurmerkdrager) in a year, used by the register and the peers."""

import datetime

from django.utils import timezone

from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.selectors import holder_ids, network_predicates
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark, Subcontract
from tests.conftest import make_organisation


def make_cycle(year, framework, admin):
    return cycle_create(user=admin, year=year, framework=framework, dates=handbook_dates(year))


def test_signed_participations_hold_from_1_january(cycle, org_a):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2026, 12, 31))
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 1, 1))


def test_unsigned_is_not_a_holder(cycle, org_a):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.APPLIED)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 6, 1))


def test_withdrawn_holds_until_withdrawal_takes_effect(cycle, org_a):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.WITHDRAWN)
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 3, 31))
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 4, 1))


def test_withdrawn_last_year_holds_only_once_qualified(cycle, org_a, framework_2022, users):
    previous = make_cycle(2026, framework_2022, users["administrator"])
    Participation.objects.create(organisation=org_a, cycle=previous, state=State.WITHDRAWN)
    p = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SUBMITTED)
    assert org_a.pk not in holder_ids(2027, on=datetime.date(2027, 2, 1))
    Participation.objects.filter(pk=p.pk).update(state=State.QUALIFIED)
    assert org_a.pk in holder_ids(2027, on=datetime.date(2027, 4, 5))


def test_imported_history_counts(org_a):
    HeldMark.objects.create(organisation=org_a, year=2025)
    assert org_a.pk in holder_ids(2025, on=datetime.date(2025, 12, 31))
    assert org_a.pk not in holder_ids(2024, on=datetime.date(2024, 12, 31))


def test_network_predicate_needs_every_subcontractor_to_hold(org_a, org_b):
    network = make_organisation("Netwerk Midden", "34567890", "76543210", type="netwerk")
    on = datetime.date(2025, 12, 31)
    assert network_predicates([network], 2025, on) == {network.pk: False}  # no subcontractors
    Subcontract.objects.create(network=network, subcontractor=org_a, confirmed_at=timezone.now())
    Subcontract.objects.create(network=network, subcontractor=org_b, confirmed_at=timezone.now())
    HeldMark.objects.create(organisation=org_a, year=2025)
    assert network_predicates([network], 2025, on) == {network.pk: False}
    HeldMark.objects.create(organisation=org_b, year=2025)
    assert network_predicates([network], 2025, on) == {network.pk: True}
