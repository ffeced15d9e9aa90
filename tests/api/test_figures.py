"""The insurer's figures: the mirror's scheme-wide distributions (never one provider's figures)
and the holder records with the period of the mark."""

import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.mirror.selectors import scheme_distributions
from tests.conftest import amsterdam
from tests.mirror.conftest import closed_trajectories, hold, make_providers, upload


def test_mirror_gives_the_distributions_of_the_scheme_page(api_get, users, framework_2024):
    providers = make_providers(5)
    hold(providers, 2024)
    for provider, minutes in zip(providers, [10, 20, 30, 40, 50], strict=True):
        upload(provider, closed_trajectories(10, minutes=minutes))
    response = api_get("/api/v1/mirror/2024", "insurer")
    assert response.status_code == 200
    data = response.json()
    rows = {row["indicator"].key: row for row in scheme_distributions(2024)}
    assert [i["key"] for i in data["indicators"]] == list(rows)
    mean = next(i for i in data["indicators"] if i["key"] == "direct_minutes_mean")
    assert (mean["n"], mean["median"], mean["few_peers"]) == (5, 30.0, False)
    for indicator in data["indicators"]:
        peer = rows[indicator["key"]]["peer"]
        assert indicator["n"] == (peer.n if peer else None)
        assert indicator["median"] == (peer.median if peer else None)
    for provider in providers:
        assert provider.name not in response.text and provider.agb not in response.text
    assert "organisation_ids" not in response.text and "values" not in response.text


def test_mirror_hides_a_distribution_of_fewer_than_five(api_get, users, framework_2024):
    providers = make_providers(3)
    hold(providers, 2024)
    for provider, minutes in zip(providers, [10, 20, 30], strict=True):
        upload(provider, closed_trajectories(10, minutes=minutes))
    mean = next(
        i
        for i in api_get("/api/v1/mirror/2024", "insurer").json()["indicators"]
        if i["key"] == "direct_minutes_mean"
    )
    assert mean == {**mean, "few_peers": True, "n": None, "p25": None, "median": None, "p75": None}
    assert api_get("/api/v1/mirror/1999", "insurer").status_code == 422


def test_holder_records_carry_the_period_of_the_mark(api_get, cycle, org_a, org_b, users):
    Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    # Signed in the autumn, withdrawn before 1 April: it holds the mark until the withdrawal takes effect.
    signed = amsterdam(2026, 10, 1, 12)
    Participation.objects.create(organisation=org_b, cycle=cycle, state=State.WITHDRAWN, signed_at=signed)
    with time_machine.travel(amsterdam(2027, 3, 15, 12), tick=False):
        items = api_get("/api/v1/holders", "insurer").json()["items"]
    assert [(h["name"], h["valid_from"], h["valid_until"], h["certificate_code"]) for h in items] == [
        ("Instelling Berkel", "2027-01-01", "2027-03-31", ""),
        ("Praktijk Amstel", "2027-01-01", "2027-12-31", ""),
    ]
    assert set(items[0]) == {
        "agb",
        "kvk",
        "name",
        "year",
        "valid_from",
        "valid_until",
        "certificate_code",
        "network_predicate",
    }
    with time_machine.travel(amsterdam(2027, 4, 1, 12), tick=False):
        assert [h["name"] for h in api_get("/api/v1/holders", "insurer").json()["items"]] == [
            "Praktijk Amstel"
        ]
