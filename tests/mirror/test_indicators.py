"""Every indicator of DATA.md on small files computed by hand."""

import pytest

from keurmerk.mirror.selectors import indicator_value

from .conftest import trajectory, upload, values

pytestmark = pytest.mark.django_db

# Closed in 2024: t1, t3, t5, t7, t8. Minutes 540, 541, 100, 300, 200.
ROWS = [
    trajectory("t1", "c1", "2024-01-10", "2024-03-01", 540, 2, "kort", "UMAMI", 60, 50),
    trajectory("t2", "c1", "2025-03-01", None, 10, 1),  # 365 days after t1 ended: a return
    trajectory("t3", "c2", "2024-02-01", "2024-06-30", 541, 5, "middel", "", 70, ""),
    trajectory("t4", "c2", "2025-07-01", None, 10, 1),  # 366 days after t3 ended: not a return
    trajectory("t5", "c3", "2024-04-01", "2024-12-31", 100, 1, "", "ELEO", "55.5", 60),
    trajectory("t6", "c4", "2023-01-01", "2023-12-31", 900, 8),
    trajectory("t7", "c4", "2024-01-05", "2024-05-01", 300, 3, "kort"),
    trajectory("t8", "c5", "2024-07-01", "2024-08-01", 200, 2, "intensief"),
    trajectory("t9", "c5", "2024-08-01", None, 0, 0),  # starts on t8's end date: not "after" it
]


@pytest.fixture
def figures(org_a, framework_2024):
    upload(org_a, ROWS)
    return values(org_a, 2024)


def test_counts_and_minutes(figures):
    assert figures["n_closed"] == 5
    assert figures["direct_minutes_mean"] == pytest.approx(1681 / 5)
    assert figures["direct_minutes_median"] == 300


def test_within_target_uses_the_framework_target_of_the_year(figures):
    # 2024 target: 540 minutes direct time; 540 counts, 541 does not.
    assert figures["pct_within_target"] == pytest.approx(80.0)


def test_two_or_fewer_sessions(figures):
    assert figures["pct_two_or_fewer_sessions"] == pytest.approx(60.0)


def test_return_within_year_counts_365_days_but_not_366(figures):
    assert figures["pct_return_within_year"] == pytest.approx(20.0)


def test_rom_complete_delta_and_effect_size(figures):
    assert figures["pct_rom_complete"] == pytest.approx(40.0)
    assert figures["delta_t_mean"] == pytest.approx((10 + -4.5) / 2)
    assert figures["effect_size"] == pytest.approx(0.275)


def test_profile_mix_counts_empty_as_onbekend(figures):
    mix = {k: v for k, v in figures.items() if k.startswith("profile_mix.")}
    assert mix == {
        "profile_mix.kort": pytest.approx(40.0),
        "profile_mix.middel": pytest.approx(20.0),
        "profile_mix.intensief": pytest.approx(20.0),
        "profile_mix.onbekend": pytest.approx(20.0),
    }


def test_other_year_and_absent_indicators(figures, org_a):
    earlier = values(org_a, 2023)
    assert earlier["n_closed"] == 1
    assert earlier["pct_return_within_year"] == 100.0  # c4 starts again on 2024-01-05
    assert earlier["pct_rom_complete"] == 0.0  # a real 0: closed trajectories, none complete
    # No framework for 2023, no trajectory with both ROM scores: absent (null), never 0.
    assert "pct_within_target" not in earlier
    assert "delta_t_mean" not in earlier and "effect_size" not in earlier
    assert values(org_a, 2025) == {}  # nothing closed in 2025


def test_indicator_value_selector(figures, org_a):
    assert indicator_value(org_a, 2024, "direct_minutes_mean") == pytest.approx(336.2)
    assert indicator_value(org_a, 2025, "direct_minutes_mean") is None
    assert indicator_value(org_a, 2023, "delta_t_mean") is None


def test_target_2022_is_800_minutes(org_a, framework_2022):
    upload(
        org_a,
        [
            trajectory("a", "x", "2022-01-01", "2022-02-01", 800),
            trajectory("b", "y", "2022-01-01", "2022-02-01", 801),
        ],
    )
    assert values(org_a, 2022)["pct_within_target"] == 50.0


def test_cqi_indicators(org_a):
    rows = [
        ["r1", "2024-03-01", "8", "4.5", ""],
        ["r2", "15-06-2024", "7,5", "3", ""],
        ["r3", "2024-12-31", "", "", "2"],
        ["r4", "2023-05-05", "10", "", ""],
    ]
    upload(org_a, rows, kind="cqi", sep=";")
    figures = values(org_a, 2024)
    assert figures["cqi_n"] == 3
    assert figures["cqi_rapportcijfer_mean"] == pytest.approx(7.75)
    assert figures["cqi_bejegening_mean"] == pytest.approx(3.75)
    assert figures["cqi_bereikbaarheid_mean"] == pytest.approx(2.0)
    assert "cqi_gezondheid_mean" not in figures  # column absent: null
    assert "n_closed" not in figures  # CQi alone does not make trajectory figures
    assert values(org_a, 2023) == {"cqi_n": 1, "cqi_rapportcijfer_mean": 10.0}


def test_cqi_upload_leaves_trajectory_figures_alone(figures, org_a):
    upload(org_a, [["r1", "2024-03-01", "8", "", ""]], kind="cqi")
    after = values(org_a, 2024)
    assert after["n_closed"] == 5 and after["cqi_n"] == 1


def test_recompute_of_a_year_gives_the_same_figures_at_the_year_edges(org_a):
    from keurmerk.mirror.services import mirror_recompute_year

    upload(
        org_a,
        [
            trajectory("a1", "a", "2024-06-01", "2024-12-31"),
            trajectory("a2", "a", "2025-12-31", None),  # 365 days
            trajectory("b1", "b", "2023-12-01", "2024-01-01"),
            trajectory("b2", "b", "2024-01-02", "2024-02-01"),
            trajectory("c1", "c", "2024-03-01", "2024-06-01"),
            trajectory("c0", "c", "2023-01-01", "2023-02-01"),
        ],
    )
    before = values(org_a, 2024)
    assert before["pct_return_within_year"] == pytest.approx(100 * 2 / 4)
    mirror_recompute_year(year=2024)
    assert values(org_a, 2024) == before
