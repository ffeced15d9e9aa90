"""A network's subcontractor form reveals only what the public register shows, and a relation counts
for the predicate Netwerk Keurmerk only once a member of the subcontractor has confirmed it."""

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.calendar import network_predicates
from keurmerk.notifications.models import Notification
from keurmerk.organisations.models import HeldMark, Membership, Subcontract
from tests.conftest import amsterdam, client_for, make_organisation, make_user

pytestmark = pytest.mark.usefixtures("_in_2027")
GENERIC = "Als er een organisatie met dit KvK-nummer of deze AGB-code op het platform is"


@pytest.fixture
def _in_2027():
    with time_machine.travel(amsterdam(2027, 5, 1, 12), tick=False):
        yield


@pytest.fixture
def network(db, users):
    network = make_organisation("Netwerk West", "45454545", "54545454", type="netwerk")
    network_member = make_user("lid@netwerk.test", "provider")
    Membership.objects.create(user=network_member, organisation=network)
    network.member = network_member
    return network


def _add(network, identifier):
    client = client_for(network.member)
    response = client.post(
        f"/organisatie/{network.pk}/onderaannemers/", {"identifier": identifier}, follow=True
    )
    assert response.status_code == 200
    return response.text


def test_unknown_and_non_public_numbers_get_the_same_answer(network, org_a):
    """org_a is on the platform but does not hold the mark: not in the register, so not revealed."""
    unknown, known_kvk, known_agb = (
        _add(network, "99999999"),
        _add(network, org_a.kvk),
        _add(network, org_a.agb),
    )
    for page in (unknown, known_kvk, known_agb):
        assert GENERIC in page
        assert "Praktijk Amstel" not in page and "Geen organisatie gevonden" not in page
    assert Subcontract.objects.get().subcontractor == org_a  # asked, but invisible to the network
    assert network_predicates([network], 2027) == {network.pk: False}


def test_a_public_holder_is_named_and_waits_for_confirmation(network, org_a):
    HeldMark.objects.create(organisation=org_a, year=2027)
    page = _add(network, org_a.kvk)
    assert "Wij vragen Praktijk Amstel de relatie te bevestigen" in page
    assert "Wachten op bevestiging door de onderaannemer" in page
    assert network_predicates([network], 2027) == {network.pk: False}  # not confirmed yet
    told = Notification.objects.get(kind="subcontract_requested")
    assert told.email == "lid@amstel.test" and told.url == f"/organisatie/{org_a.pk}/"


def test_the_subcontractor_confirms_and_then_it_counts(network, org_a, users, client):
    HeldMark.objects.create(organisation=org_a, year=2027)
    HeldMark.objects.create(organisation=network, year=2027)
    _add(network, org_a.agb)
    link = Subcontract.objects.get()
    holders = {h["name"]: h for h in client.get("/register.json").json()["holders"]}
    assert holders["Netwerk West"]["network_predicate"] is False
    member = client_for(users["member"])
    assert "Netwerk West" in member.get(f"/organisatie/{org_a.pk}/").text
    response = member.post(f"/organisatie/{org_a.pk}/netwerken/{link.pk}/bevestigen/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.confirmed_at is not None and link.confirmed_by == users["member"]
    assert AuditEvent.objects.filter(action="subcontract_confirmed", actor=users["member"]).exists()
    assert network_predicates([network], 2027) == {network.pk: True}
    holders = {h["name"]: h for h in client.get("/register.json").json()["holders"]}
    assert holders["Netwerk West"]["network_predicate"] is True


def test_the_subcontractor_declines(network, org_a, users):
    _add(network, org_a.kvk)
    link = Subcontract.objects.get()
    response = client_for(users["member"]).post(f"/organisatie/{org_a.pk}/netwerken/{link.pk}/weigeren/")
    assert response.status_code == 302 and not Subcontract.objects.exists()
    assert AuditEvent.objects.filter(action="subcontract_declined").exists()


def test_the_network_cannot_remove_a_request_it_cannot_see(network, org_a):
    _add(network, org_a.kvk)
    link = Subcontract.objects.get()
    url = f"/organisatie/{network.pk}/onderaannemers/{link.pk}/verwijderen/"
    assert client_for(network.member).post(url).status_code == 404  # same as an unknown number
    assert Subcontract.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize(
    "role", ["anonymous", "network", "outsider", "insurer", "assessor", "director", "administrator"]
)
@pytest.mark.parametrize("step", ["bevestigen", "weigeren"])
def test_only_a_member_of_the_subcontractor_confirms_or_declines(network, org_a, users, role, step):
    link = Subcontract.objects.create(network=network, subcontractor=org_a, requested_by=network.member)
    user = network.member if role == "network" else users[role]
    # the network's member posts to its own page (it is not the subcontractor) and to org_a's
    for pk in {org_a.pk, network.pk}:
        response = client_for(user).post(f"/organisatie/{pk}/netwerken/{link.pk}/{step}/")
        expected = {"anonymous": 302, "network": 404, "outsider": 404}.get(role, 403)
        assert response.status_code == expected
    link.refresh_from_db()
    assert link.confirmed_at is None


def test_tick_asks_for_relations_from_before_the_confirmation_once(network, org_a, users, settings, tmp_path):
    """A relation entered before confirmation was asked for (no request sent, not confirmed) does
    not count for the predicate; the next `tick` asks the subcontractor's members, once; a member
    who joins later is asked at the tick after; a confirmed relation is not asked again."""
    from io import StringIO

    from django.core.management import call_command

    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"
    old = Subcontract.objects.create(network=network, subcontractor=org_a)  # as the migration left it
    assert network_predicates([network], 2027) == {network.pk: False}

    def requests():
        return list(Notification.objects.filter(kind="subcontract_requested").values_list("email", flat=True))

    out = StringIO()
    call_command("tick", stdout=out)
    assert "onbevestigde onderaannemers: 1" in out.getvalue()
    assert requests() == [users["member"].email]
    call_command("tick", stdout=StringIO())
    assert requests() == [users["member"].email]  # not twice
    newcomer = make_user("nieuw@amstel.test", "provider")
    Membership.objects.create(user=newcomer, organisation=org_a)
    call_command("tick", stdout=StringIO())
    assert sorted(requests()) == sorted([users["member"].email, newcomer.email])
    client_for(users["member"]).post(f"/organisatie/{org_a.pk}/netwerken/{old.pk}/bevestigen/")
    assert Subcontract.objects.get(pk=old.pk).confirmed_at is not None
    out = StringIO()
    call_command("tick", stdout=out)
    assert "onbevestigde onderaannemers: 0" in out.getvalue() and len(requests()) == 2
