"""The figures of a consultation round, computed exactly (with `Fraction`) from the submitted scores.

The definitions (also in docs/consultation-results.md):
- cell mean m(n, a): the mean of all submitted scores for norm n on aspect a;
- row mean r(n): the mean of norm n's aspect means m(n, a) (the aspects that have scores);
- column mean c(a): the mean of aspect a's norm means m(n, a) (the norms that have scores);
- overall mean: the mean of all cell means m(n, a) that have scores.
Every respondent scores every norm on every aspect before submitting, so with complete data the
overall mean is also the mean of the row means and the mean of the column means. Rounding (one
decimal, half-up, decimal comma) happens only when a figure is shown: `keurmerk.lib.numbers`.
"""

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from .models import SCALE, Aspect

ASPECTS = [aspect.value for aspect in Aspect]


def mean(values):
    """The exact mean of ints or Fractions, or None for no values."""
    values = list(values)
    if not values:
        return None
    return Fraction(sum(values, Fraction(0)), len(values))


@dataclass
class MeansTable:
    norm_keys: list
    cells: dict  # (norm_key, aspect) -> Fraction | None
    rows: dict  # norm_key -> Fraction | None
    columns: dict  # aspect -> Fraction | None
    overall: Fraction | None

    def cell(self, norm_key, aspect):
        return self.cells[(norm_key, aspect)]


def means_table(scores, norm_keys):
    """`scores`: iterable of (norm_key, aspect, value); scores of norms not in `norm_keys` are ignored."""
    values = defaultdict(list)
    for norm_key, aspect, value in scores:
        values[(norm_key, aspect)].append(value)
    cells = {(n, a): mean(values.get((n, a), [])) for n in norm_keys for a in ASPECTS}
    rows = {n: mean(v for a in ASPECTS if (v := cells[(n, a)]) is not None) for n in norm_keys}
    columns = {a: mean(v for n in norm_keys if (v := cells[(n, a)]) is not None) for a in ASPECTS}
    overall = mean(v for v in cells.values() if v is not None)
    return MeansTable(norm_keys=list(norm_keys), cells=cells, rows=rows, columns=columns, overall=overall)


def distribution(scores, norm_keys):
    """How often each value 1–7 was given: {(norm_key, aspect): [count of 1, …, count of 7]}."""
    counts = {(n, a): [0] * len(SCALE) for n in norm_keys for a in ASPECTS}
    for norm_key, aspect, value in scores:
        if (norm_key, aspect) in counts:
            counts[(norm_key, aspect)][value - 1] += 1
    return counts


def response_rate(responses, invited):
    return Fraction(responses, invited) if invited else None


# Geometry of the small bar charts (SVG user units).
BAR_WIDTH, BAR_GAP, CHART_HEIGHT, LABEL_SPACE = 22, 6, 90, 18


@dataclass
class Bar:
    value: int
    count: int
    x: int
    y: float
    height: float
    label_x: float
    label_y: float
    width: int = BAR_WIDTH


def bars(counts, scale_max):
    """One bar per scale value; heights share `scale_max` so that charts can be compared."""
    out = []
    for i, count in enumerate(counts):
        height = round(CHART_HEIGHT * count / scale_max, 1) if scale_max else 0
        x = i * (BAR_WIDTH + BAR_GAP)
        y = CHART_HEIGHT - height
        out.append(Bar(i + 1, count, x, y, height, x + BAR_WIDTH / 2, y - 3))
    return out


def chart_width():
    return len(SCALE) * (BAR_WIDTH + BAR_GAP) - BAR_GAP


def results_json(*, invited, responses, table, norms):
    """The figures as `manage.py consultation_results --json` prints them: unrounded, norm numbers
    as keys, null where nothing was scored, the response rate as a share between 0 and 1."""

    def number(value):
        return None if value is None else float(value)

    rate = response_rate(responses, invited)
    return {
        "invited": invited,
        "responses": responses,
        "response_rate": number(rate),
        "means": {n.number: {a: number(table.cell(n.key, a)) for a in ASPECTS} for n in norms},
        "row_means": {n.number: number(table.rows[n.key]) for n in norms},
        "column_means": {a: number(table.columns[a]) for a in ASPECTS},
        "overall_mean": number(table.overall),
    }
