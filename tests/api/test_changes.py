"""`/api/v1/holders/changes?since=` lists exactly the changes after that moment: new holders,
withdrawals and network predicates gained or lost, from the participations' steps."""

import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import participation_override
from keurmerk.organisations.models import Subcontract
from tests.conftest import amsterdam, make_organisation

T1, T2, T3 = amsterdam(2027, 1, 10, 9), amsterdam(2027, 2, 10, 9), amsterdam(2027, 3, 10, 9)


def step(participation, to_state, users, at):
    with time_machine.travel(at, tick=False):
        participation_override(
            participation=participation, user=users["administrator"], to_state=to_state, reason="test"
        )


def test_since_lists_exactly_the_changes_after_the_moment(api_get, cycle, org_a, org_b, users):
    network = make_organisation("Netwerk Zuid", "56565656", "65656565", type="netwerk")
    Subcontract.objects.create(network=network, subcontractor=org_a)
    a = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.APPLIED)
    b = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.APPLIED)
    step(a, State.SIGNED, users, T1)  # org_a holds the mark; the network gains the predicate
    step(b, State.SIGNED, users, T2)
    step(a, State.WITHDRAWN, users, T3)  # org_a withdrawn; the network loses the predicate

    def changes(since):
        with time_machine.travel(amsterdam(2027, 3, 20, 12), tick=False):
            response = api_get(
                f"/api/v1/holders/changes?since={since.isoformat().replace('+', '%2B')}", "insurer"
            )
        assert response.status_code == 200
        return [(c["kind"], c["name"], c["at"][:10], c["effective_on"]) for c in response.json()["items"]]

    assert changes(amsterdam(2027, 1, 1, 0)) == [
        ("holder_added", "Praktijk Amstel", "2027-01-10", "2027-01-01"),
        ("network_predicate_gained", "Netwerk Zuid", "2027-01-10", "2027-01-01"),
        ("holder_added", "Instelling Berkel", "2027-02-10", "2027-01-01"),
        ("holder_withdrawn", "Praktijk Amstel", "2027-03-10", "2027-04-01"),
        ("network_predicate_lost", "Netwerk Zuid", "2027-03-10", "2027-04-01"),
    ]
    assert changes(T1) == [  # a step exactly at `since` was in the previous import
        ("holder_added", "Instelling Berkel", "2027-02-10", "2027-01-01"),
        ("holder_withdrawn", "Praktijk Amstel", "2027-03-10", "2027-04-01"),
        ("network_predicate_lost", "Netwerk Zuid", "2027-03-10", "2027-04-01"),
    ]
    assert changes(amsterdam(2027, 2, 11, 0)) == [
        ("holder_withdrawn", "Praktijk Amstel", "2027-03-10", "2027-04-01"),
        ("network_predicate_lost", "Netwerk Zuid", "2027-03-10", "2027-04-01"),
    ]
    assert changes(T3) == []


def test_steps_that_change_nothing_in_the_register_are_not_listed(api_get, cycle, org_a, users):
    p = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    step(p, State.SUBMITTED, users, T1)
    step(p, State.QUALIFIED, users, T2)
    with time_machine.travel(T3, tick=False):
        data = api_get("/api/v1/holders/changes?since=2027-01-01T00:00:00", "insurer").json()
    assert data["items"] == [] and data["count"] == 0


def test_since_must_be_a_moment(api_get, db):
    for value in ("", "gisteren", "2027-13-01T00:00:00"):
        response = api_get(f"/api/v1/holders/changes?since={value}", "insurer")
        assert response.status_code == 422 and "since" in response.json()["detail"], value


def test_a_subcontract_added_or_removed_changes_the_predicate(api_get, cycle, org_a, org_b, users):
    from keurmerk.organisations.services import subcontract_add, subcontract_remove

    network = make_organisation("Netwerk Zuid", "56565656", "65656565", type="netwerk")
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)  # holds 2027
    with time_machine.travel(T1, tick=False):
        subcontract_add(network=network, user=users["administrator"], identifier=org_a.kvk)
    with time_machine.travel(T2, tick=False):  # org_b does not hold the mark
        link = subcontract_add(network=network, user=users["administrator"], identifier=org_b.kvk)
    with time_machine.travel(T3, tick=False):
        subcontract_remove(link=link, user=users["administrator"])
    with time_machine.travel(amsterdam(2027, 3, 20, 12), tick=False):
        items = api_get("/api/v1/holders/changes?since=2027-01-01T00:00:00", "insurer").json()["items"]
        later = api_get("/api/v1/holders/changes?since=2027-02-01T00:00:00", "insurer").json()["items"]
    assert [(c["kind"], c["name"], c["effective_on"]) for c in items] == [
        ("network_predicate_gained", "Netwerk Zuid", "2027-01-10"),
        ("network_predicate_lost", "Netwerk Zuid", "2027-02-10"),
        ("network_predicate_gained", "Netwerk Zuid", "2027-03-10"),
    ]
    assert [c["kind"] for c in later] == ["network_predicate_lost", "network_predicate_gained"]


def test_the_change_of_year_lists_the_holders_that_drop_out(api_get, cycle, org_a, org_b, users):
    """On 1 January 2028 the register moves to the 2028 holders: org_a held 2027 and has no 2028
    participation, so it drops out then (its mark ran to 31 December); org_b held 2027 through an
    imported history year and signs for 2028 (listed when it signed, not again at the change)."""
    from keurmerk.cycles.services import cycle_create, handbook_dates
    from keurmerk.organisations.models import HeldMark

    a = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.APPLIED)
    step(a, State.SIGNED, users, T1)
    HeldMark.objects.create(organisation=org_b, year=2027, created_at=T1)
    cycle_2028 = cycle_create(
        user=users["administrator"], year=2028, framework=cycle.framework, dates=handbook_dates(2028)
    )
    b = Participation.objects.create(organisation=org_b, cycle=cycle_2028, state=State.APPLIED)
    step(b, State.SIGNED, users, amsterdam(2027, 10, 1, 9))

    def changes(since, today):
        with time_machine.travel(today, tick=False):
            response = api_get(f"/api/v1/holders/changes?since={since}", "insurer")
        assert response.status_code == 200
        return [
            (c["kind"], c["name"], c["year"], c["at"][:10], c["effective_on"])
            for c in response.json()["items"]
        ]

    assert changes("2027-12-01T00:00:00Z", amsterdam(2027, 12, 31, 23)) == []  # not yet
    expired = ("holder_expired", "Praktijk Amstel", 2027, "2028-01-01", "2028-01-01")
    assert changes("2027-12-01T00:00:00Z", amsterdam(2028, 1, 2, 9)) == [expired]
    assert changes("2028-01-01T12:00:00Z", amsterdam(2028, 1, 2, 9)) == []  # in the previous answer
    assert changes("2027-09-01T00:00:00Z", amsterdam(2028, 1, 2, 9)) == [
        ("holder_added", "Instelling Berkel", 2028, "2027-10-01", "2028-01-01"),
        expired,
    ]


def test_a_year_entered_by_an_import_is_a_new_holder(api_get, db, org_a, org_b):
    """An imported year that is not over counts whole: a new holder from 1 January; a past year
    entered as history changes nothing in the register and is not listed; rows from before the
    moment was kept (created_at empty) are never listed."""
    from keurmerk.organisations.models import HeldMark

    HeldMark.objects.create(organisation=org_a, year=2027, created_at=T2)
    HeldMark.objects.create(organisation=org_b, year=2025, created_at=T2)
    HeldMark.objects.create(organisation=org_b, year=2027, created_at=None)
    with time_machine.travel(T3, tick=False):
        items = api_get("/api/v1/holders/changes?since=2027-01-01T00:00:00Z", "insurer").json()["items"]
        later = api_get(f"/api/v1/holders/changes?since={T2.isoformat().replace('+', '%2B')}", "insurer")
    assert [(c["kind"], c["name"], c["year"], c["effective_on"]) for c in items] == [
        ("holder_added", "Praktijk Amstel", 2027, "2027-01-01")
    ]
    assert later.json()["items"] == []
