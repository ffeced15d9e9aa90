"""Geometry of the server-rendered SVG charts; the templates draw them (`includes/bar_chart.html`,
`includes/timeline_chart.html`, the mirror report's). Every chart has a table with the same figures
beside it, so the SVG itself is a picture (role="img" with a text alternative)."""

import datetime
import math

WIDTH = 560
MAX_PARTS = 5


def nice_step(span, parts=MAX_PARTS):
    """A round step (1, 2 or 5 × 10^k) that divides `span` in at most `parts` parts."""
    raw = span / parts
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


def bars(items, *, maximum=None, left=110, right=60, row=26, width=WIDTH):
    """Horizontal bars, one per (label, value), in the given order; `maximum` is the value of a full
    bar (default: the largest value). {height, left, width, bars: [label, value, y, text_y, width,
    label_x]}."""
    items = list(items)
    top = maximum if maximum is not None else max((value for _label, value in items), default=0)
    usable = width - left - right
    scale = usable / top if top else 0
    rows = []
    for i, (label, value) in enumerate(items):
        length = round(scale * value, 1)
        rows.append(
            {
                "label": label,
                "value": value,
                "y": i * row,
                "text_y": i * row + 16,
                "width": length,
                "label_x": round(left + length + 6, 1),
            }
        )
    return {"height": row * len(items), "left": left, "width": width, "bars": rows}


def timeline(phases, today, *, width=WIDTH, left=230, right=12, row=22):
    """Phases as bars on one date axis with today marked: `phases` are (label, first, last or None);
    a phase without a last day is one day (a deadline). {height, width, today_x, rows: [label, x,
    width, y, text_y, is_past, is_now]}; today_x is None when today lies outside the axis."""
    phases = list(phases)
    if not phases:
        return None
    start = min(first for _label, first, _last in phases)
    end = max(last or first for _label, first, last in phases) + datetime.timedelta(days=1)
    span = (end - start).days
    usable = width - left - right

    def x(day):
        return round(left + (day - start).days / span * usable, 1)

    rows = []
    for i, (label, first, last) in enumerate(phases):
        until = (last or first) + datetime.timedelta(days=1)
        rows.append(
            {
                "label": label,
                "first": first,
                "last": last,
                "x": x(first),
                "width": max(round(x(until) - x(first), 1), 3.0),
                "y": i * row + 4,
                "text_y": i * row + 16,
                "is_past": until <= today,
                "is_now": first <= today < until,
            }
        )
    today_x = x(today) if start <= today <= end else None
    return {"height": row * len(phases) + 8, "width": width, "today_x": today_x, "rows": rows}
