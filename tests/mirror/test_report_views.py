"""The mirror report page and PDF: values, target, peers, ranks, trend, mix; nobody else named."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.conftest import client_for

from .conftest import closed_trajectories, hold, make_providers, trajectory, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_setup(users, org_a, framework_2024):
    """org_a: mean 12.25 minutes; five other holders as peers; org_a itself holds the mark too."""
    rows = [
        trajectory(f"t{i}", f"c{i}", "2024-01-01", "2024-02-01", m, 1, "kort")
        for i, m in enumerate([12, 12, 12, 13] * 3)
    ]
    rows += [trajectory("old", "x", "2023-01-01", "2023-02-01", 50, 1)]
    upload(org_a, rows)
    others = make_providers(5)
    for provider, minutes in zip(others, [10, 20, 30, 40, 50], strict=True):
        upload(provider, closed_trajectories(10, minutes=minutes))
    hold([org_a, *others], 2024)
    from keurmerk.mirror.services import mirror_recompute_year

    mirror_recompute_year(year=2024)
    return others


def test_report_shows_value_target_peers_and_rank(report_setup, users, org_a):
    response = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/2024/")
    assert response.status_code == 200
    text = response.text
    assert "Spiegelrapportage 2024" in text
    assert "12,3 min" in text  # 12.25 shown half-up
    assert "540 min" in text  # the 2024 target value
    assert '<svg class="mirror-chart"' in text and 'role="img"' in text
    assert re.search(r'<circle cx="\d+(\.\d+)?" cy="29"', text)  # SVG numbers are never localised
    # Peers of direct_minutes_mean: 10, 12.25, 20, 30, 40, 50 → p25 = 14.1875, median 25, p75 37.5
    assert "14,2 min" in text and "25,0 min" in text and "37,5 min" in text
    # Rank: one lower (10), itself equal → 100 × 1.5 / 6 = 25
    assert '<td class="utrecht-table__cell">25,0</td>' in text
    for other in report_setup:
        assert other.name not in text and other.agb not in text


def test_report_trend_and_profile_mix(report_setup, users, org_a):
    text = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/2024/").text
    assert "Verloop over de jaren" in text
    assert '<th scope="col" class="utrecht-table__header-cell mirror-number">2023</th>' in text
    assert "50,0 min" in text  # 2023 in the trend
    assert "Profielmix" in text and "100,0%" in text


def test_few_peers_are_not_shown(users, org_a, framework_2024):
    upload(org_a, closed_trajectories(10, minutes=100))
    hold([org_a], 2024)
    from keurmerk.mirror.services import mirror_recompute_year

    mirror_recompute_year(year=2024)
    text = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/2024/").text
    assert "minder dan 5 aanbieders: niet getoond" in text
    assert "Vergelijkingsgroep: mediaan" not in text


def test_year_without_data(users, org_a):
    response = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/2021/")
    assert response.status_code == 200
    assert "Er zijn voor 2021 geen afgesloten behandeltrajecten" in response.text


def test_pdf(report_setup, users, org_a):
    response = client_for(users["member"]).get(f"/spiegel/{org_a.pk}/2024/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Spiegelrapportage 2024" in text and org_a.name in text
    assert "12,3 min" in text
    for other in report_setup:
        assert other.name not in text
