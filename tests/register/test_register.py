"""The public register: who is listed, the downloads agree with the page, verification, query counts."""

import csv
import datetime
import io

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keurmerk.assessments.services import participation_award, participation_withdraw
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark, Location, Organisation, Subcontract
from tests.conftest import amsterdam, make_organisation

IN_2027 = amsterdam(2027, 6, 1, 12)


@time_machine.travel(IN_2027, tick=False)
def test_holders_listed_withdrawn_vanish(client, cycle, org_a, org_b, users):
    a = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.QUALIFIED)
    Participation.objects.create(organisation=org_b, cycle=cycle, state=State.SIGNED)
    participation_award(participation=a, actor=users["assessor"])
    page = client.get("/register/")
    assert "Praktijk Amstel" in page.text and "Instelling Berkel" in page.text
    participation_withdraw(
        participation=Participation.objects.get(organisation=org_b),
        actor=users["director"],
        reason="Niet gekwalificeerd",
    )
    page = client.get("/register/")
    assert "Praktijk Amstel" in page.text and "Instelling Berkel" not in page.text
    assert client.get(f"/register/{org_b.agb}/").status_code == 404


def test_withdrawn_last_year_listed_only_after_qualifying(client, cycle, org_a, users, framework_2022):
    previous = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    Participation.objects.create(organisation=org_a, cycle=previous, state=State.WITHDRAWN)
    p = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SUBMITTED)
    with time_machine.travel(amsterdam(2027, 3, 1, 12), tick=False):
        assert "Praktijk Amstel" not in client.get("/register/").text
        Participation.objects.filter(pk=p.pk).update(state=State.QUALIFIED)
        certificate = participation_award(participation=p, actor=users["assessor"])
        assert certificate.valid_from == datetime.date(2027, 4, 1)
        assert "Praktijk Amstel" in client.get("/register/").text


@time_machine.travel(IN_2027, tick=False)
def test_json_and_csv_agree_with_the_page(client, cycle, org_a, org_b, users):
    network = make_organisation("Netwerk Zuid", "56565656", "65656565", type="netwerk")
    for org in (org_a, org_b, network):
        HeldMark.objects.create(organisation=org, year=2027)
    Subcontract.objects.create(network=network, subcontractor=org_a)
    p = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.QUALIFIED)
    certificate = participation_award(participation=p, actor=users["assessor"])
    page = client.get("/register/").text
    data = client.get("/register.json").json()
    rows = list(
        csv.DictReader(io.StringIO(client.get("/register.csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert data["fields"] == [
        "name",
        "kvk",
        "agb",
        "place",
        "website",
        "year",
        "network_predicate",
        "certificate_code",
        "valid_from",
    ]
    assert (
        [h["name"] for h in data["holders"]]
        == [r["name"] for r in rows]
        == sorted(["Praktijk Amstel", "Instelling Berkel", "Netwerk Zuid"])
    )
    for holder in data["holders"]:
        assert holder["name"] in page
    amstel = next(h for h in data["holders"] if h["agb"] == org_a.agb)
    assert amstel["certificate_code"] == certificate.code and amstel["valid_from"] == "2027-01-01"
    assert next(h for h in data["holders"] if h["name"] == "Netwerk Zuid")["network_predicate"] is True
    assert next(r for r in rows if r["name"] == "Netwerk Zuid")["network_predicate"] == "True"


@time_machine.travel(IN_2027, tick=False)
def test_search_and_filters(client, org_a, org_b):
    for org in (org_a, org_b):
        HeldMark.objects.create(organisation=org, year=2027)
    Location.objects.filter(organisation=org_b).update(place="Zwolle")
    assert [h["name"] for h in client.get("/register.json?q=zwolle").json()["holders"]] == [
        "Instelling Berkel"
    ]
    assert [h["name"] for h in client.get(f"/register.json?q={org_a.agb}").json()["holders"]] == [
        "Praktijk Amstel"
    ]
    assert [h["name"] for h in client.get("/register.json?soort=instelling").json()["holders"]] == [
        "Instelling Berkel"
    ]
    assert "Praktijk Amstel" in client.get("/register/?q=amstel").text


@time_machine.travel(IN_2027, tick=False)
def test_verify(client, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.QUALIFIED)
    certificate = participation_award(participation=participation, actor=users["assessor"])
    response = client.get(f"/register/verify/{certificate.code}")
    assert response.status_code == 200 and "Geldig." in response.text
    assert client.get(f"/register/verify/?code={certificate.code.lower()}", follow=True).status_code == 200
    participation_withdraw(participation=participation, actor=users["director"], reason="x")
    assert "Ingetrokken." in client.get(f"/register/verify/{certificate.code}").text
    unknown = client.get("/register/verify/AAAA-BBBB-CCCC-DDDD")
    assert unknown.status_code == 404 and "Onbekend." in unknown.text


@time_machine.travel(IN_2027, tick=False)
def test_register_page_and_json_make_a_fixed_number_of_queries(client, db):
    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = make_organisation("Eerste", "11110000", "22220000")
    HeldMark.objects.create(organisation=one, year=2027)
    small = (count("/register/"), count("/register.json"))
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Praktijk {i:04d}", type="vrijgevestigd", kvk=f"7{i:07d}", agb=f"8{i:07d}")
        for i in range(1000)
    )
    HeldMark.objects.bulk_create(HeldMark(organisation=o, year=2027) for o in orgs)
    Location.objects.bulk_create(Location(organisation=o, postcode="1234 AB", place="Utrecht") for o in orgs)
    assert (count("/register/"), count("/register.json")) == small
    assert small[0] <= 12
