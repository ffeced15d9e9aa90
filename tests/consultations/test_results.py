"""The figures of a round against the documented definitions (docs/consultation-results.md) and the
hand-computed fixture, which reproduces the 2024 report's table."""

from fractions import Fraction

import pytest

from keurmerk.consultations.results import distribution, means_table
from keurmerk.consultations.selectors import round_results
from keurmerk.lib.numbers import format_decimal_nl

from .conftest import (
    ASPECTS,
    COLUMNS_2024,
    OVERALL_2024,
    RESPONDENT_TYPES,
    SCORES,
    TABLE_2024,
    exact_mean,
)

SUMS = {"1": [54, 51, 56, 50], "2a": [56, 53, 55, 51], "2b": [51, 53, 56, 50], "3": [51, 53, 55, 50]}


def test_the_fixture_is_what_it_says():
    for norm, sums in SUMS.items():
        for aspect, total in zip(ASPECTS, sums, strict=True):
            values = SCORES[norm][aspect]
            assert len(values) == 10 and sum(values) == total
            assert all(1 <= v <= 7 for v in values)


def by_definition(scores, norms=("1", "2a", "2b", "3")):
    """The documented definitions, written out independently of the implementation."""
    cells = {(n, a): exact_mean(scores[n][a]) for n in norms for a in ASPECTS}
    rows = {n: exact_mean(cells[(n, a)] for a in ASPECTS) for n in norms}
    columns = {a: exact_mean(cells[(n, a)] for n in norms) for a in ASPECTS}
    overall = exact_mean(cells.values())
    return cells, rows, columns, overall


def flat(scores):
    return [(n, a, v) for n in scores for a in scores[n] for v in scores[n][a]]


def test_means_table_follows_the_definitions():
    cells, rows, columns, overall = by_definition(SCORES)
    table = means_table(flat(SCORES), ["1", "2a", "2b", "3"])
    assert table.cells == cells
    assert table.rows == rows
    assert table.columns == columns
    assert table.overall == overall == Fraction(169, 32)  # 5.28125
    # With every cell filled the overall mean is also the mean of the row and of the column means.
    assert overall == exact_mean(rows.values()) == exact_mean(columns.values())


def test_hand_computed_values_including_exact_halves():
    table = means_table(flat(SCORES), ["1", "2a", "2b", "3"])
    assert table.rows == {
        "1": Fraction(211, 40),
        "2a": Fraction(43, 8),
        "2b": Fraction(21, 4),
        "3": Fraction(209, 40),
    }
    assert table.columns["vooruitstrevend"] == Fraction(21, 4)  # 5.25 → 5,3 (half-up)
    assert table.columns["duidelijk"] == Fraction(111, 20)  # 5.55 → 5,6 (a float would give 5,5)
    assert table.columns["haalbaar"] == Fraction(201, 40)  # 5.025 → 5,0
    shown = [
        [n, *[format_decimal_nl(table.cell(n, a)) for a in ASPECTS], format_decimal_nl(table.rows[n])]
        for n in ["1", "2a", "2b", "3"]
    ]
    assert shown == TABLE_2024
    assert [format_decimal_nl(table.columns[a]) for a in ASPECTS] == COLUMNS_2024
    assert format_decimal_nl(table.overall) == OVERALL_2024


def test_a_row_mean_of_exactly_x_35_rounds_up():
    scores = [("n", "stimulerend", v) for v in [5] * 8 + [6] * 2]  # 5.2
    scores += [("n", "vooruitstrevend", v) for v in [5] * 5 + [6] * 5]  # 5.5
    scores += [("n", "duidelijk", v) for v in [5] * 7 + [6] * 3]  # 5.3
    scores += [("n", "haalbaar", v) for v in [5] * 6 + [6] * 4]  # 5.4
    table = means_table(scores, ["n"])
    assert table.rows["n"] == Fraction(107, 20)  # (5.2 + 5.5 + 5.3 + 5.4) / 4 = 5.35
    assert format_decimal_nl(table.rows["n"]) == "5,4"
    assert format_decimal_nl(table.overall) == "5,4"


def test_missing_cells_are_left_out_of_the_means():
    scores = [("a", "stimulerend", 6), ("a", "haalbaar", 3), ("b", "stimulerend", 4)]
    table = means_table(scores, ["a", "b"])
    assert table.cell("a", "duidelijk") is None
    assert table.rows == {"a": Fraction(9, 2), "b": Fraction(4)}
    assert table.columns["stimulerend"] == Fraction(5) and table.columns["duidelijk"] is None
    assert table.overall == Fraction(13, 3)
    assert means_table([], ["a"]).overall is None


def test_distribution_counts_every_value():
    counts = distribution(flat(SCORES), ["1", "2a", "2b", "3"])
    assert counts[("1", "haalbaar")] == [0, 0, 1, 1, 6, 1, 1]
    assert all(sum(row) == 10 for row in counts.values())


@pytest.fixture
def results(responded_round):
    return round_results(responded_round)


def test_round_results_count_only_submitted_responses(results, framework_2024):
    assert results.invited == 12
    assert results.responses == 10
    assert results.response_rate == Fraction(10, 12)
    cells, rows, columns, overall = by_definition(SCORES)
    keys = {n.number: n.key for n in framework_2024.norms.all()}
    assert results.table.cells == {(keys[n], a): v for (n, a), v in cells.items()}
    assert results.table.overall == overall


def test_the_json_has_exactly_the_documented_keys_and_unrounded_means(results):
    data = results.as_json()
    assert list(data) == [
        "invited",
        "responses",
        "response_rate",
        "means",
        "row_means",
        "column_means",
        "overall_mean",
    ]
    assert data["means"]["1"] == {
        "stimulerend": 5.4,
        "vooruitstrevend": 5.1,
        "duidelijk": 5.6,
        "haalbaar": 5.0,
    }
    assert data["row_means"] == {"1": 5.275, "2a": 5.375, "2b": 5.25, "3": 5.225}
    assert data["column_means"] == {
        "stimulerend": 5.3,
        "vooruitstrevend": 5.25,
        "duidelijk": 5.55,
        "haalbaar": 5.025,
    }
    assert data["overall_mean"] == 5.28125
    assert data["response_rate"] == pytest.approx(10 / 12)


def test_per_type_tables_follow_the_definitions(results):
    by_label = {group.type_label: group for group in results.by_type}
    assert [g.responses for g in results.by_type] == [6, 2, 1, 1, 0]
    assert [g.invited for g in results.by_type] == [6, 2, 1, 2, 1]
    assert by_label["Overig"].table is None
    insurers = [i for i, t in enumerate(RESPONDENT_TYPES) if t == "zorgverzekeraar"]
    own = {n: {a: [SCORES[n][a][i] for i in insurers] for a in ASPECTS} for n in SCORES}
    cells, rows, columns, overall = by_definition(own)
    view = by_label["Zorgverzekeraar"].table
    assert [row.cells for row in view.rows] == [[cells[(n, a)] for a in ASPECTS] for n in SCORES]
    assert [row.mean for row in view.rows] == [rows[n] for n in SCORES]
    assert view.columns == [columns[a] for a in ASPECTS] and view.overall == overall


def test_distribution_in_results_has_a_bar_per_value(results):
    first = results.distribution[0]
    assert first["norm"].number == "1"
    haalbaar = first["aspects"][3]
    assert haalbaar["label"] == "Haalbaar" and haalbaar["counts"] == [0, 0, 1, 1, 6, 1, 1]
    bars = haalbaar["bars"]
    assert [b.value for b in bars] == list(range(1, 8))
    tallest = max(b.height for row in results.distribution for a in row["aspects"] for b in a["bars"])
    assert tallest == 90 and bars[4].height == 90 * 6 / max(
        c for row in results.distribution for a in row["aspects"] for c in a["counts"]
    )
