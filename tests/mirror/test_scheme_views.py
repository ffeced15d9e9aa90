"""Scheme-wide distributions: staff and insurers; provider names for staff only."""

import pytest

from tests.conftest import client_for

from .conftest import closed_trajectories, hold, make_providers, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(users, framework_2024):
    providers = make_providers(5)
    hold(providers, 2024)
    for provider, minutes in zip(providers, [10, 20, 30, 40, 50], strict=True):
        upload(provider, closed_trajectories(10, minutes=minutes))
    return providers


def test_insurer_sees_distributions_without_names(providers, users):
    response = client_for(users["insurer"]).get("/spiegel/landelijk/2024/")
    assert response.status_code == 200
    text = response.text
    assert "Directe tijd, gemiddeld" in text and "30,0 min" in text  # the median
    for provider in providers:
        assert provider.name not in text and provider.agb not in text
    assert "Downloaden (de verdeling per indicator)" in text
    assert "2024" in client_for(users["insurer"]).get("/spiegel/landelijk/").text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_insurer_export_has_the_distributions_and_names_no_provider(providers, users, fmt):
    """Issue 12: the national exports are open to insurers, as the distribution per indicator."""
    import io

    from openpyxl import load_workbook

    response = client_for(users["insurer"]).get(f"/spiegel/landelijk/2024/indicatoren.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        body = response.content.decode("utf-8-sig")
        rows = [line.split(";") for line in body.splitlines()]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        body = "\n".join(";".join(row) for row in rows)
    assert rows[0] == ["indicator", "omschrijving", "eenheid", "aantal aanbieders", "P25", "mediaan", "P75"]
    direct = next(row for row in rows if row[0] == "direct_minutes_mean")
    assert direct[3] == "5" and direct[5] in ("30,0", "30", "30.0")
    for provider in providers:
        assert provider.name not in body and provider.agb not in body


def test_staff_see_names_and_can_export(providers, users):
    client = client_for(users["assessor"])
    text = client.get("/spiegel/landelijk/2024/").text
    assert all(provider.name in text for provider in providers)
    export = client.get("/spiegel/landelijk/2024/indicatoren.csv")
    body = export.content.decode("utf-8-sig")
    assert providers[0].agb in body and "direct_minutes_mean" in body


def test_hidden_when_fewer_than_five(users, framework_2024):
    providers = make_providers(4)
    hold(providers, 2024)
    for provider in providers:
        upload(provider, closed_trajectories(10))
    text = client_for(users["insurer"]).get("/spiegel/landelijk/2024/").text
    assert "minder dan 5 aanbieders: niet getoond" in text
    assert "Vergelijkingsgroep: mediaan" not in text


def test_staff_indicator_csv_writes_numbers_as_a_dutch_spreadsheet_reads_them(providers, users):
    import csv
    import io

    export = client_for(users["assessor"]).get("/spiegel/landelijk/2024/indicatoren.csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    header, first = rows[0], rows[1]
    values = dict(zip(header, first, strict=True))
    assert values["direct_minutes_mean"] == "10,0"
    assert values["n_closed"] == "10"
    assert not any("." in cell for row in rows[1:] for cell in row[3:])


def test_few_peers_is_named_as_the_reason_not_missing_data(users, framework_2024):
    """Item 15 of issue 11: "Geen gegevens" where the reason is fewer than 5 peers says which."""
    providers = make_providers(4)
    hold(providers, 2024)
    for provider in providers:
        upload(provider, closed_trajectories(10))
    text = client_for(users["insurer"]).get("/spiegel/landelijk/2024/").text
    section = text.split('aria-labelledby="ind-direct_minutes_mean"')[1].split("</section>")[0]
    assert "de vergelijkingsgroep telt minder dan 5 aanbieders" in section
    assert "Geen gegevens voor dit jaar" not in section
