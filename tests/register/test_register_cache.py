"""The cached register: one query for the page or the open data at 1,000 holders, the same bytes
as a rebuild, and a new payload after every step that changes the register (award, withdrawal,
an organisation's own data, a state override) and on every new day."""

import json

import pytest
import time_machine

from keurmerk.assessments.services import participation_award, participation_withdraw
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark, Location, Organisation
from keurmerk.organisations.services import organisation_update
from keurmerk.register import payload
from tests.conftest import amsterdam

IN_2027 = amsterdam(2027, 6, 1, 12)
pytestmark = pytest.mark.usefixtures("clean_cache")


def _holders(client):
    return json.loads(client.get("/register.json").content)["holders"]


def _table(html):
    return html[html.index("<table") : html.index("</table>")]


def _thousand_holders():
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Praktijk {i:04d}", type="vrijgevestigd", kvk=f"7{i:07d}", agb=f"8{i:07d}")
        for i in range(1000)
    )
    HeldMark.objects.bulk_create(HeldMark(organisation=o, year=2027) for o in orgs)
    Location.objects.bulk_create(Location(organisation=o, postcode="1234 AB", place="Utrecht") for o in orgs)
    payload.invalidate()


@time_machine.travel(IN_2027, tick=False)
def test_one_query_for_the_page_and_the_json_at_1000_holders(client, db, django_assert_num_queries):
    _thousand_holders()
    rebuilt_page, rebuilt_json = client.get("/register/").text, client.get("/register.json").content
    with django_assert_num_queries(1):
        page = client.get("/register/")
    with django_assert_num_queries(1):
        data = client.get("/register.json")
    assert page.status_code == 200 and "1000 keurmerkdragers" in page.text
    assert _table(page.text) == _table(rebuilt_page)  # the page around it is the visitor's own (CSRF)
    assert data.status_code == 200 and data["Content-Type"] == "application/json"
    assert data.content == rebuilt_json and len(json.loads(data.content)["holders"]) == 1000


@time_machine.travel(IN_2027, tick=False)
def test_award_and_withdrawal_show_at_once(client, cycle, org_a, org_b, users):
    HeldMark.objects.filter(organisation=org_b).delete()
    payload.invalidate()
    assert [h["name"] for h in _holders(client)] == []
    a = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.QUALIFIED)
    participation_award(participation=a, actor=users["assessor"])
    assert [h["name"] for h in _holders(client)] == ["Praktijk Amstel"]
    assert "Praktijk Amstel" in client.get("/register/").text
    participation_withdraw(participation=a, actor=users["director"], reason="Niet meer gekwalificeerd")
    assert _holders(client) == []  # as the register without a cache: a withdrawn mark is not listed
    assert Participation.objects.get(pk=a.pk).state == State.WITHDRAWN


def _award(cycle, organisation, users):
    p = Participation.objects.create(organisation=organisation, cycle=cycle, state=State.QUALIFIED)
    participation_award(participation=p, actor=users["assessor"])


@time_machine.travel(IN_2027, tick=False)
def test_an_organisations_new_name_and_place_show_at_once(client, cycle, org_a, users):
    _award(cycle, org_a, users)
    assert "Praktijk Amstel" in client.get("/register/").text
    locations = [{"address": "Stationsplein 1", "postcode": "3511 AA", "place": "Zeist"}]
    organisation_update(
        organisation=org_a, user=users["member"], data={"name": "Amstel GGZ"}, locations=locations
    )
    page = client.get("/register/").text
    assert "Amstel GGZ" in page and "Praktijk Amstel" not in page
    assert ("Amstel GGZ", "Zeist") in [(h["name"], h["place"]) for h in _holders(client)]


def test_a_new_day_builds_a_new_payload(client, cycle, org_a, users, framework_2022):
    # Withdrawn last year, qualified again before 1 April: listed from 1 April, with no step that day.
    previous = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    Participation.objects.create(organisation=org_a, cycle=previous, state=State.WITHDRAWN)
    with time_machine.travel(amsterdam(2027, 3, 31, 23, 0), tick=False):
        _award(cycle, org_a, users)
        assert "Praktijk Amstel" not in [h["name"] for h in _holders(client)]
    with time_machine.travel(amsterdam(2027, 4, 1, 0, 5), tick=False):
        assert "Praktijk Amstel" in [h["name"] for h in _holders(client)]


@time_machine.travel(IN_2027, tick=False)
def test_a_search_is_never_served_from_the_cache(client, cycle, org_a, users):
    _award(cycle, org_a, users)
    assert "Praktijk Amstel" in client.get("/register/").text
    Organisation.objects.filter(pk=org_a.pk).update(name="Amstel Direct")  # outside every step
    assert "Amstel Direct" in client.get("/register/?q=Amstel").text
    assert "Praktijk Amstel" in client.get("/register/").text  # until the timeout or a step
