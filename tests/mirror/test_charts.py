"""Chart geometry: round ticks, fixed ranges, every mark inside the drawing."""

from types import SimpleNamespace

from keurmerk.mirror.charts import LEFT, RIGHT, WIDTH, distribution_chart, mix_bars
from keurmerk.mirror.indicators import BY_KEY


def labels(chart):
    return [tick["label"] for tick in chart["ticks"]]


def inside(x):
    return LEFT <= x <= WIDTH - RIGHT


def test_minutes_get_round_ticks_and_everything_fits():
    peer = SimpleNamespace(p25=390.0, median=480.0, p75=557.3)
    chart = distribution_chart(BY_KEY["direct_minutes_mean"], 574.6, peer, 540)
    assert labels(chart) == ["0", "200", "400", "600"]
    assert all(
        inside(x) for x in (chart["value_x"], chart["target_x"], chart["box"]["x1"], chart["box"]["x2"])
    )


def test_fixed_ranges_for_percentages_and_cqi_scores():
    assert labels(distribution_chart(BY_KEY["pct_rom_complete"], 40.0, None, None)) == [
        "0",
        "25",
        "50",
        "75",
        "100",
    ]
    assert labels(distribution_chart(BY_KEY["cqi_bejegening_mean"], 3.5, None, None)) == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert labels(distribution_chart(BY_KEY["cqi_rapportcijfer_mean"], 8.0, None, None)) == [
        "0",
        "2",
        "4",
        "6",
        "8",
        "10",
    ]


def test_negative_and_tiny_values():
    chart = distribution_chart(BY_KEY["delta_t_mean"], -3.0, None, None)
    assert inside(chart["value_x"]) and labels(chart)[-1] == "0"
    assert labels(distribution_chart(BY_KEY["effect_size"], 0.0, None, None)) == [
        "0,0",
        "0,2",
        "0,4",
        "0,6",
        "0,8",
        "1,0",
    ]
    assert distribution_chart(BY_KEY["effect_size"], None, None, None) is None


def test_profile_bars_in_a_fixed_order():
    mix = mix_bars({"kort": 50.0, "onbekend": 50.0}, ["kort", "middel", "onbekend"])
    assert [(b["profile"], b["share"]) for b in mix["bars"]] == [
        ("kort", 50.0),
        ("middel", 0.0),
        ("onbekend", 50.0),
    ]
    assert mix_bars(None, ["kort"]) is None
