"""manage.py mirror_import and mirror_indicators --json."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from keurmerk.mirror.indicators import NUMERIC_KEYS

from .conftest import (
    TRAJECTORY_HEADER,
    closed_trajectories,
    csv_bytes,
    hold,
    make_providers,
    trajectory,
    upload,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_by_agb(org_a, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(
        csv_bytes(TRAJECTORY_HEADER, closed_trajectories(3) + [trajectory("x", "y", "2024-01-01", "")])
    )
    out = run("mirror_import", "--organisation", org_a.agb, "--kind", "trajectories", str(path))
    assert "4 rijen gelezen" in out and "2024: 3" in out


def test_import_refusal_and_unknown_agb(org_a, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes(TRAJECTORY_HEADER, [trajectory("x", "111222333", "2024-01-01", "")]))
    with pytest.raises(CommandError, match="rij 2, kolom client_id: dit is een geldig BSN"):
        run("mirror_import", "--organisation", org_a.agb, "--kind", "trajectories", str(path))
    with pytest.raises(CommandError, match="Geen organisatie met AGB-code 00000000"):
        run("mirror_import", "--organisation", "00000000", "--kind", "cqi", str(path))


def test_indicators_json_shape(framework_2024, org_a):
    providers = make_providers(5)
    hold(providers, 2024)
    for provider, minutes in zip(providers, [10, 20, 30, 40, 50], strict=True):
        upload(provider, closed_trajectories(10, minutes=minutes))
    upload(providers[0], [[f"r{i}", "2024-02-02", "7", "4", ""] for i in range(3)], kind="cqi")
    upload(org_a, [["r1", "2024-02-02", "9", "", ""]], kind="cqi")  # CQi only, not a holder

    document = json.loads(run("mirror_indicators", "--year", "2024", "--json"))

    assert set(document) == {"providers", "peers", "ranks"}
    assert set(document["providers"]) == {p.agb for p in providers} | {org_a.agb}
    first = document["providers"][providers[0].agb]
    assert list(first) == NUMERIC_KEYS[:9] + ["profile_mix"] + NUMERIC_KEYS[9:]
    assert first["n_closed"] == 10 and isinstance(first["n_closed"], int)
    assert first["direct_minutes_mean"] == 10.0
    assert first["pct_within_target"] == 100.0
    assert first["profile_mix"] == {"onbekend": 100.0}
    assert (
        first["cqi_n"] == 3 and first["cqi_rapportcijfer_mean"] == 7.0 and first["cqi_bejegening_mean"] == 4.0
    )
    assert first["delta_t_mean"] is None and first["cqi_gezondheid_mean"] is None
    only_cqi = document["providers"][org_a.agb]
    assert only_cqi["n_closed"] is None and only_cqi["profile_mix"] is None and only_cqi["cqi_n"] == 1

    assert set(document["peers"]) == set(NUMERIC_KEYS)
    assert document["peers"]["direct_minutes_mean"] == {"n": 5, "p25": 20.0, "median": 30.0, "p75": 40.0}
    assert document["peers"]["cqi_n"] == {"n": 0, "p25": None, "median": None, "p75": None}

    assert set(document["ranks"]) == {p.agb for p in providers}  # org_a is no peer: no rank
    assert document["ranks"][providers[2].agb]["direct_minutes_mean"] == 50.0
    assert document["ranks"][providers[0].agb]["direct_minutes_mean"] == 10.0
    assert document["ranks"][providers[0].agb]["cqi_n"] is None


def test_indicators_text_output(framework_2024, org_a):
    upload(org_a, closed_trajectories(2))
    out = run("mirror_indicators", "--year", "2024")
    assert "2024: 1 aanbieders met indicatoren." in out
