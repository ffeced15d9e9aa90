"""The register operation gives what /register.json gives, on every date of a seeded year; the
ETag and Last-Modified headers; a fixed number of queries at 1,000 holders."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keurmerk.assessments.services import participation_award, participation_withdraw
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.organisations.models import HeldMark, Location, Organisation, Subcontract
from keurmerk.register.selectors import FIELDS
from tests.conftest import amsterdam, make_organisation


def seed_year(cycle, org_a, org_b, users, framework_2022):
    """2027: org_a awarded; org_b withdrawn in 2026, qualified again (listed from 1 April); a
    provider withdrawn in 2027 (listed until 1 April); a network holding the predicate."""
    network = make_organisation("Netwerk Zuid", "56565656", "65656565", type="netwerk")
    late = make_organisation("Praktijk Laat", "34343434", "43434343")
    HeldMark.objects.create(organisation=network, year=2027)
    Subcontract.objects.create(network=network, subcontractor=org_a)
    last_year = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    Participation.objects.create(organisation=org_b, cycle=last_year, state=State.WITHDRAWN)
    with time_machine.travel(amsterdam(2027, 3, 1, 12), tick=False):
        for org in (org_a, org_b):
            p = Participation.objects.create(organisation=org, cycle=cycle, state=State.QUALIFIED)
            participation_award(participation=p, actor=users["assessor"])
        p = Participation.objects.create(organisation=late, cycle=cycle, state=State.SIGNED)
        participation_withdraw(participation=p, actor=users["director"], reason="Niet gekwalificeerd")


def test_the_register_equals_register_json_on_every_date(
    client, api_get, cycle, org_a, org_b, users, framework_2022
):
    seed_year(cycle, org_a, org_b, users, framework_2022)
    day, seen = datetime.date(2027, 1, 1), set()
    with time_machine.travel(amsterdam(2027, 1, 1, 12), tick=False) as traveller:
        while day.year == 2027:
            traveller.move_to(amsterdam(day.year, day.month, day.day, 12))
            expected = client.get("/register.json").json()
            got = api_get("/api/v1/register?limit=5000").json()
            assert got["fields"] == expected["fields"] == FIELDS
            assert got["items"] == expected["holders"] and got["count"] == len(expected["holders"]), day
            names = tuple(h["name"] for h in expected["holders"])
            if names not in seen:  # the insurer's list follows the register wherever it changes
                holders = api_get("/api/v1/holders", "insurer").json()["items"]
                assert [h["agb"] for h in holders] == [h["agb"] for h in expected["holders"]], day
            seen.add(names)
            day += datetime.timedelta(days=1)
    assert len(seen) == 2  # the year really changes: on 1 April the withdrawal takes effect


@time_machine.travel(amsterdam(2027, 6, 1, 12), tick=False)
def test_filters_and_paging_as_on_the_page(client, api_get, cycle, org_a, org_b, users, framework_2022):
    seed_year(cycle, org_a, org_b, users, framework_2022)
    for query, api_query in [
        ("?soort=instelling", "?kind=instelling"),
        ("?predicaat=1", "?network_only=true"),
        ("?q=amstel", "?q=amstel"),
        (f"?q={org_b.agb}", f"?q={org_b.agb}"),
    ]:
        assert (
            api_get(f"/api/v1/register{api_query}").json()["items"]
            == client.get(f"/register.json{query}").json()["holders"]
        )
    everyone = client.get("/register.json").json()["holders"]
    page = api_get("/api/v1/register?limit=1&offset=1").json()
    assert (page["count"], page["items"]) == (len(everyone), everyone[1:2])
    bad = api_get("/api/v1/register?kind=ziekenhuis")
    assert bad.status_code == 422 and "kind" in bad.json()["detail"] and bad.json()["code"] == "invalid"
    assert api_get("/api/v1/register?q=%00").status_code == 422


def test_etag_and_last_modified_let_clients_poll(api_get, org_a, org_b):
    HeldMark.objects.create(organisation=org_a, year=2027)
    with time_machine.travel(amsterdam(2027, 6, 1, 12), tick=False):
        first = api_get("/api/v1/register")
        etag, modified = first["ETag"], first["Last-Modified"]
        assert etag and modified.endswith("GMT")
    with time_machine.travel(amsterdam(2027, 6, 2, 12), tick=False):
        again = api_get("/api/v1/register", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and not again.content and again["ETag"] == etag
        assert api_get("/api/v1/register", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        HeldMark.objects.create(organisation=org_b, year=2027)
        changed = api_get("/api/v1/register", HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert changed["Last-Modified"] != modified and len(changed.json()["items"]) == 2


@time_machine.travel(amsterdam(2027, 6, 1, 12), tick=False)
def test_a_fixed_number_of_queries_at_1000_holders(api_get, org_a, cycle, users):
    from keurmerk.api.services import api_token_create

    def count(url, role):
        """(the operation's own queries, the shared cache's) — the database cache that all workers
        share costs the rate limit a few queries of its own on every request, whatever the data."""
        with CaptureQueriesContext(connection) as ctx:
            assert api_get(url, role).status_code == 200, url
        cache = [q for q in ctx.captured_queries if "keurmerk_cache" in q["sql"] or "SAVEPOINT" in q["sql"]]
        return len(ctx.captured_queries) - len(cache), len(cache)

    urls = [
        ("/api/v1/register", "anonymous"),
        ("/api/v1/holders", "insurer"),
        ("/api/v1/holders/changes?since=2027-01-01T00:00:00%2B01:00", "insurer"),
        ("/api/v1/participations?year=2027", "assessor"),
    ]
    HeldMark.objects.create(organisation=org_a, year=2027)
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    small = [count(url, role) for url, role in urls]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Praktijk {i:04d}", type="vrijgevestigd", kvk=f"7{i:07d}", agb=f"8{i:07d}")
        for i in range(1000)
    )
    HeldMark.objects.bulk_create(HeldMark(organisation=o, year=2027) for o in orgs)
    Location.objects.bulk_create(Location(organisation=o, postcode="1234 AB", place="Utrecht") for o in orgs)
    Participation.objects.bulk_create(
        Participation(organisation=o, cycle=cycle, state=State.SIGNED) for o in orgs
    )
    api_token_create(user=users["insurer"], name="ongebruikt")
    assert [count(url, role) for url, role in urls] == small
    assert api_get("/api/v1/register?limit=5000").json()["count"] == 1001
    assert max(own for own, _cache in small) <= 15
    assert max(cache for _own, cache in small) <= 8
