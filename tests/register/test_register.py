"""The public register: who is listed, the downloads agree with the page, verification, query counts."""

import csv
import datetime
import io
from html.parser import HTMLParser
from pathlib import Path

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from keurmerk.assessments.services import participation_award, participation_withdraw
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark, Location, Organisation, Subcontract
from keurmerk.register import payload
from keurmerk.register.selectors import FIELDS
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
        # Qualified before 1 April: it holds the mark from 1 April, and is listed from then on.
        assert "Praktijk Amstel" not in client.get("/register/").text
        assert "Geldig vanaf 1 april 2027." in client.get(f"/register/verify/{certificate.code}").text
    with time_machine.travel(amsterdam(2027, 4, 1, 0, 0), tick=False):
        assert "Praktijk Amstel" in client.get("/register/").text


class _Table(HTMLParser):
    """The register table's body rows: per cell its text and the first link in it."""

    def __init__(self):
        super().__init__()
        self.rows, self._in_body, self._cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self._cell = {"text": "", "href": None}
        elif self._cell is not None and tag == "a" and self._cell["href"] is None:
            self._cell["href"] = dict(attrs)["href"]

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append({**self._cell, "text": self._cell["text"].strip()})
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def table_rows(html):
    parser = _Table()
    parser.feed(html)
    return parser.rows


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@time_machine.travel(IN_2027, tick=False)
def test_json_and_csv_agree_with_the_page(client, cycle, org_a, org_b, users, framework_2022):
    """Three holders that differ in every field: a provider awarded this year (certificate from
    1 January), one withdrawn last year that qualified again (certificate from 1 April), and a
    network with the predicate but no certificate of this year (imported holder)."""
    network = make_organisation("Netwerk Zuid", "56565656", "65656565", type="netwerk")
    Location.objects.filter(organisation=org_b).update(place="Zwolle")
    Location.objects.filter(organisation=network).update(place="Maastricht")
    Organisation.objects.filter(pk=network.pk).update(website="")
    HeldMark.objects.create(organisation=network, year=2027)
    Subcontract.objects.create(network=network, subcontractor=org_a, confirmed_at=timezone.now())
    last_year = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    Participation.objects.create(organisation=org_b, cycle=last_year, state=State.WITHDRAWN)
    codes = {}
    for org in (org_a, org_b):
        p = Participation.objects.create(organisation=org, cycle=cycle, state=State.QUALIFIED)
        codes[org.agb] = participation_award(participation=p, actor=users["assessor"]).code
    page = client.get("/register/").text
    data = client.get("/register.json").json()
    rows = csv_rows(client.get("/register.csv"))
    assert data["fields"] == FIELDS == list(rows[0].keys())
    expected = {
        "Instelling Berkel": {
            "name": "Instelling Berkel",
            "kvk": "23456789",
            "agb": "98765432",
            "place": "Zwolle",
            "website": "https://23456789.example.nl",
            "year": 2027,
            "network_predicate": False,
            "certificate_code": codes["98765432"],
            "valid_from": "2027-04-01",
            "valid_until": "2027-12-31",
            "withdrawn_per": None,
        },
        "Netwerk Zuid": {
            "name": "Netwerk Zuid",
            "kvk": "56565656",
            "agb": "65656565",
            "place": "Maastricht",
            "website": "",
            "year": 2027,
            "network_predicate": True,
            "certificate_code": "",
            "valid_from": "2027-01-01",
            "valid_until": "2027-12-31",
            "withdrawn_per": None,
        },
        "Praktijk Amstel": {
            "name": "Praktijk Amstel",
            "kvk": "12345678",
            "agb": "87654321",
            "place": "Utrecht",
            "website": "https://12345678.example.nl",
            "year": 2027,
            "network_predicate": False,
            "certificate_code": codes["87654321"],
            "valid_from": "2027-01-01",
            "valid_until": "2027-12-31",
            "withdrawn_per": None,
        },
    }
    assert data["holders"] == list(expected.values())  # every field, with its JSON type, sorted by name
    # The CSV holds the same values in the same order, as text (booleans as True/False, null empty).
    assert rows == [{f: "" if h[f] is None else str(h[f]) for f in FIELDS} for h in data["holders"]]
    # The page shows the visible fields of the same holders, in the same order.
    shown = table_rows(page)
    assert len(shown) == len(data["holders"])
    for cells, holder in zip(shown, data["holders"], strict=True):
        name, place, website, year, predicate = cells
        assert (name["text"], name["href"]) == (holder["name"], f"/register/{holder['agb']}/")
        assert (place["text"], website["text"], year["text"]) == (
            holder["place"],
            holder["website"],
            str(holder["year"]),
        )
        assert website["href"] == (holder["website"] or None)
        assert (
            predicate["text"]
            == {True: "ja", False: "nee" if holder["name"] == "Netwerk Zuid" else "–"}[
                holder["network_predicate"]
            ]
        )
    # The holder page shows the rest: AGB code, valid from and the certificate code.
    for holder in data["holders"]:
        detail = client.get(f"/register/{holder['agb']}/").text
        valid_from = date_format(datetime.date.fromisoformat(holder["valid_from"]), "j F Y")
        assert holder["agb"] in detail and f"vanaf {valid_from})" in detail, holder["name"]
        if holder["certificate_code"]:
            assert f'href="/register/verify/{holder["certificate_code"]}"' in detail
        else:
            assert "/register/verify/" not in detail


@time_machine.travel(IN_2027, tick=False)
def test_downloads_follow_the_page_filters(client, org_a, org_b):
    for org in (org_a, org_b):
        HeldMark.objects.create(organisation=org, year=2027)
    query = "?soort=instelling"
    names = [cells[0]["text"] for cells in table_rows(client.get(f"/register/{query}").text)]
    assert names == ["Instelling Berkel"]
    assert [h["name"] for h in client.get(f"/register.json{query}").json()["holders"]] == names
    assert [r["name"] for r in csv_rows(client.get(f"/register.csv{query}"))] == names
    page = client.get(f"/register/{query}").text
    assert (
        'href="/register.csv?soort=instelling"' in page and 'href="/register.json?soort=instelling"' in page
    )


def test_the_fields_are_documented_and_linked(client, db):
    doc = (Path(settings.BASE_DIR) / "docs" / "register.md").read_text(encoding="utf-8")
    page = client.get("/register/").text
    assert 'href="#velden"' in page and 'id="velden"' in page
    fields_section = page[page.index('id="velden"') :]
    for field in FIELDS:
        assert f"| `{field}` |" in doc, field
        assert f"<code>{field}</code>" in fields_section, field
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "(docs/register.md)" in readme


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
    payload.invalidate()  # what a step of the scheme does (bulk_create writes no audit row)
    assert (count("/register/"), count("/register.json")) == small  # rebuilt: the same queries
    assert small[0] <= 14
    assert (count("/register/"), count("/register.json")) == (1, 1)  # from the cache: one read
