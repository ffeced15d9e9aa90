"""Staff pages: cycle creation, participations overview with counts, filters and exports,
agreement versions, extensions and overrides, history; fixed query counts."""

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles import services
from keurmerk.cycles.models import AgreementVersion, Cycle, Participation, State
from keurmerk.organisations.models import Organisation
from tests.conftest import client_for


def test_new_cycle_form_is_prefilled_with_the_handbook_pattern(users, cycle):
    response = client_for(users["administrator"]).get("/staf/processen/nieuw/")
    assert 'value="2028"' in response.text
    assert 'value="2027-09-01"' in response.text and 'value="2028-01-31"' in response.text


def test_create_cycle(users, framework_2022):
    data = {
        "year": "2030",
        "framework": framework_2022.pk,
        "norms_public": "2029-04-01",
        "application_opens": "2029-09-01",
        "application_closes": "2029-10-31",
        "selfevaluation_opens": "2029-11-01",
        "selfevaluation_closes": "2030-01-31",
        "first_report_due": "2030-02-16",
        "revision_opens": "2030-02-17",
        "revision_closes": "2030-03-31",
        "final_report_due": "2030-04-12",
        "withdrawal_effective": "2030-04-01",
    }
    client = client_for(users["administrator"])
    response = client.post("/staf/processen/nieuw/", data)
    assert response.status_code == 302 and response["Location"] == "/staf/processen/2030/"
    cycle = Cycle.objects.get(year=2030)
    assert cycle.framework == framework_2022 and cycle.agreement_versions.count() == 1
    bad = {**data, "year": "2031", "revision_closes": "2030-02-01"}
    response = client.post("/staf/processen/nieuw/", bad)
    assert response.status_code == 200 and "Deze datum moet na" in response.text
    assert not Cycle.objects.filter(year=2031).exists()
    response = client.post("/staf/processen/nieuw/", data)
    assert "Er bestaat al een keurmerkproces voor 2030." in response.text


def test_overview_counts_filters_and_export(users, cycle, org_a, org_b):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    Participation.objects.create(organisation=org_b, cycle=cycle, state=State.APPLIED)
    client = client_for(users["assessor"])
    page = client.get("/staf/processen/2027/")
    assert '<span class="n">1</span>Overeenkomst getekend' in page.text
    filtered = client.get("/staf/processen/2027/?state=applied")
    assert "Instelling Berkel" in filtered.text and "Praktijk Amstel" not in filtered.text
    csv_text = client.get("/staf/processen/2027/deelnames.csv?q=12345678").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("organisatie;kvk;agb") and len(lines) == 2
    assert lines[1].startswith("Praktijk Amstel;12345678;87654321;")
    xlsx = client.get("/staf/processen/2027/deelnames.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "organisatie" and {r[0] for r in rows[1:]} == {
        "Praktijk Amstel",
        "Instelling Berkel",
    }


@pytest.fixture
def thousand(cycle):
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Praktijk {i:04d}", type="vrijgevestigd", kvk=f"5{i:07d}", agb=f"6{i:07d}")
        for i in range(1000)
    )
    Participation.objects.bulk_create(
        Participation(organisation=o, cycle=cycle, state=State.SIGNED if i % 2 else State.APPLIED)
        for i, o in enumerate(orgs)
    )
    return orgs


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_overview_and_export_make_a_fixed_number_of_queries(users, cycle, org_a, thousand):
    client = client_for(users["administrator"])
    small_cycle = Cycle.objects.create(
        **{
            f.name: getattr(cycle, f.name)
            for f in Cycle._meta.fields
            if f.name not in ("id", "year", "created_at")
        },
        year=2040,
    )
    Participation.objects.create(organisation=org_a, cycle=small_cycle, state=State.APPLIED)
    for url in (
        "/staf/processen/{y}/",
        "/staf/processen/{y}/deelnames.csv",
        "/staf/processen/{y}/deelnames.xlsx",
    ):
        assert queries(client, url.format(y=2027)) == queries(client, url.format(y=2040)), url
    assert queries(client, "/staf/processen/2027/") <= 12


def test_agreement_versions(users, cycle):
    client = client_for(users["administrator"])
    client.post("/staf/processen/2027/overeenkomst/", {"text": "Tekst twee"})
    client.post("/staf/processen/2027/overeenkomst/", {"text": "Tekst twee"})  # unchanged: no new version
    assert list(AgreementVersion.objects.filter(cycle=cycle).values_list("version", flat=True)) == [2, 1]


# Extensions of the 2027 cycle's application window (until November 2026) are granted before then.
BEFORE_THE_WINDOW_CLOSES = datetime.datetime(2026, 10, 20, 9, tzinfo=datetime.UTC)


@time_machine.travel(BEFORE_THE_WINDOW_CLOSES, tick=False)
def test_extension_and_override_through_the_pages(users, participation):
    client = client_for(users["administrator"])
    url = f"/staf/deelnames/{participation.pk}/"
    client.post(url + "verlenging/", {"phase": "application", "until": "2026-11-15", "reason": "Overmacht"})
    assert participation.extensions.get().reason == "Overmacht"
    response = client.post(url + "overschrijven/", {"to_state": "signed", "reason": ""}, follow=True)
    assert "Reden" in response.text and Participation.objects.get(pk=participation.pk).state == State.APPLIED
    confirm = client.post(
        url + "overschrijven/", {"to_state": "signed", "reason": "Papieren overeenkomst ontvangen"}
    )
    assert confirm.status_code == 200 and "Wat er gebeurt als u bevestigt" in confirm.text
    assert Participation.objects.get(pk=participation.pk).state == State.APPLIED
    client.post(
        url + "overschrijven/",
        {"to_state": "signed", "reason": "Papieren overeenkomst ontvangen", "confirmed": "True"},
    )
    assert Participation.objects.get(pk=participation.pk).state == State.SIGNED
    history = client.get(url)
    assert "Papieren overeenkomst ontvangen" in history.text and "Overmacht" in history.text
    # The history speaks Dutch: the action's label and the states' labels, never the stored codes.
    assert "Status overschreven" in history.text and "Termijn verlengd" in history.text
    assert "Aangemeld → Overeenkomst getekend" in history.text
    assert "state_overridden" not in history.text and "extension_granted" not in history.text
    assert AuditEvent.objects.filter(participation=participation).count() == 2


@time_machine.travel(BEFORE_THE_WINDOW_CLOSES, tick=False)
def with_history(participation, admin, n):
    """`n` audit rows on the participation, written by the real steps (extensions and overrides)."""
    for i in range(n):
        if i % 5 == 0:
            services.participation_grant_extension(
                participation=participation,
                user=admin,
                phase="application",
                until=datetime.date(2026, 11, 1 + i // 5),
                reason=f"Verlenging {i}",
            )
        else:
            current = Participation.objects.get(pk=participation.pk).state
            services.participation_override(
                participation=participation,
                user=admin,
                reason=f"Stap {i}",
                to_state=State.SIGNED if current == State.APPLIED else State.APPLIED,
            )
    assert AuditEvent.objects.filter(participation=participation).count() == n
    return participation


def test_history_makes_a_fixed_number_of_queries_whatever_its_length(users, cycle, org_a, org_b):
    short = with_history(
        Participation.objects.create(organisation=org_a, cycle=cycle, state="applied"),
        users["administrator"],
        1,
    )
    long = with_history(
        Participation.objects.create(organisation=org_b, cycle=cycle, state="applied"),
        users["administrator"],
        50,
    )
    for role in ("assessor", "administrator"):  # the read-only page and the one with the forms
        client = client_for(users[role])
        page = client.get(f"/staf/deelnames/{long.pk}/")
        assert len(re.findall(r">Stap \d+<", page.text)) == 40  # every override in the history
        assert page.text.count("Verlenging 45") == 2  # in the history and in the extensions
        assert queries(client, f"/staf/deelnames/{short.pk}/") == queries(
            client, f"/staf/deelnames/{long.pk}/"
        )
