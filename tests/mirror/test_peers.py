"""The peer comparison: who is a peer, quantiles, percentile ranks, n < 5 hidden, recompute."""

import pytest

from keurmerk.mirror import selectors
from keurmerk.mirror.indicators import percentile_rank, quantile
from keurmerk.mirror.models import IndicatorValue, PeerStatistic
from keurmerk.mirror.services import mirror_recompute_year

from .conftest import closed_trajectories, hold, make_providers, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(framework_2024):
    """Five peers (means 100…500), a non-holder and a holder with only 9 closed trajectories."""
    providers = make_providers(7)
    for provider, minutes in zip(providers[:5], [300, 100, 500, 200, 400], strict=True):
        upload(provider, closed_trajectories(10, minutes=minutes))
    upload(providers[5], closed_trajectories(10, minutes=1000))  # does not hold the mark
    upload(providers[6], closed_trajectories(9, minutes=5))  # holds it, but too few trajectories
    hold(providers[:5] + providers[6:], 2024)
    mirror_recompute_year(year=2024)  # the holders changed after the uploads
    return providers


def test_quantiles_interpolate_linearly_like_numpy():
    assert quantile([1.0, 2.0, 4.0, 10.0], 0.25) == 1.75
    assert quantile([1.0, 2.0, 4.0, 10.0], 0.5) == 3.0
    assert quantile([1.0, 2.0, 4.0, 10.0], 0.75) == 5.5
    assert quantile([7.0], 0.25) == 7.0
    assert quantile([], 0.5) is None


def test_percentile_rank_formula_with_ties():
    # 100 × (lower + ½ × equal, itself included) / n
    assert percentile_rank([1, 2, 3, 4, 5], 3) == 50.0
    assert percentile_rank([1, 2, 3, 4, 5], 1) == 10.0
    assert percentile_rank([1, 2, 2, 2, 5], 2) == 100 * (1 + 1.5) / 5
    assert percentile_rank([4, 4, 4, 4, 4], 4) == 50.0


def test_peer_group_is_holders_with_ten_closed(scheme):
    peer = PeerStatistic.objects.get(year=2024, key="direct_minutes_mean")
    assert peer.n == 5
    assert (peer.p25, peer.median, peer.p75) == (200.0, 300.0, 400.0)
    assert sorted(peer.organisation_ids) == sorted(p.pk for p in scheme[:5])
    assert peer.values == [100.0, 200.0, 300.0, 400.0, 500.0]


def test_ranks_only_for_peers(scheme):
    peers = selectors.peers_of_year(2024)
    peer = peers["direct_minutes_mean"]
    assert selectors.rank_of(peer, scheme[0].pk, 300.0) == 50.0
    assert selectors.rank_of(peer, scheme[1].pk, 100.0) == 10.0
    assert selectors.rank_of(peer, scheme[5].pk, 1000.0) is None  # not a holder
    assert selectors.rank_of(peer, scheme[6].pk, 5.0) is None  # too few closed trajectories
    tied = peers["pct_two_or_fewer_sessions"]  # everyone 0%
    assert selectors.rank_of(tied, scheme[0].pk, 0.0) == 50.0


def test_cqi_peers_need_ten_responses(scheme):
    for provider in scheme[:5]:
        upload(provider, [[f"r{i}", "2024-05-01", "8", "", ""] for i in range(10)], kind="cqi")
    upload(scheme[6], [[f"r{i}", "2024-05-01", "6", "", ""] for i in range(10)], kind="cqi")
    peer = PeerStatistic.objects.get(year=2024, key="cqi_rapportcijfer_mean")
    # scheme[6] has too few trajectories but enough CQi responses: a CQi peer.
    assert peer.n == 6 and scheme[6].pk in peer.organisation_ids


def test_fewer_than_five_peers_are_not_shown(scheme):
    from keurmerk.mirror.services import mirror_delete_all

    mirror_delete_all(organisation=scheme[4], user=None)
    peer = PeerStatistic.objects.get(year=2024, key="direct_minutes_mean")
    assert peer.n == 4  # kept for the figures of the scheme, never shown
    report = selectors.mirror_report(scheme[0], 2024)
    row = next(r for r in report["rows"] if r["indicator"].key == "direct_minutes_mean")
    assert row["peer"] is None and row["few_peers"] and row["rank"] is None
    assert all(r["peer"] is None for r in selectors.scheme_distributions(2024))


def test_recompute_is_deterministic_and_equals_the_upload(scheme):
    def snapshot():
        return (
            sorted(IndicatorValue.objects.values_list("organisation_id", "year", "key", "value")),
            sorted(PeerStatistic.objects.values_list("year", "key", "n", "p25", "median", "p75", "values")),
        )

    before = snapshot()
    mirror_recompute_year(year=2024)
    assert snapshot() == before
