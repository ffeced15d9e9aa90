"""Geometry of the mirror's SVG charts, on the shared chart helpers (`keurmerk.lib.charts`); the
templates draw them. Every chart has a table with the same figures beside it, so the SVG itself is
a picture (role="img" with a text alternative)."""

import math

from keurmerk.lib.charts import WIDTH, bars
from keurmerk.lib.charts import nice_step as _nice_step

from .formatting import format_number

LEFT = 12
RIGHT = 12


def _scale(indicator, numbers):
    """(low, high, step) of the axis: the indicator's fixed range, or round numbers around the data."""
    if indicator.unit == "%":
        return 0.0, 100.0, 25.0
    if indicator.scale:
        low, high = indicator.scale
        return float(low), float(high), _nice_step(high - low)
    low, top = min(0.0, *numbers), max(0.0, *numbers)
    high = top if top > low else low + 1.0
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _x(value, low, high):
    return round(LEFT + (value - low) / (high - low) * (WIDTH - LEFT - RIGHT), 1)


def _tick_label(value, step):
    places = next(p for p in (0, 1, 2, 3) if float(round(step * 10**p, 9)).is_integer())
    return format_number(value, places)


def distribution_chart(indicator, value, peer, target):
    """Positions for a box (p25–p75) with the median, the provider's value and the target value."""
    numbers = [n for n in (value, target) if n is not None]
    if peer is not None:
        numbers += [peer.p25, peer.median, peer.p75]
    if not numbers:
        return None
    low, high, step = _scale(indicator, numbers)
    ticks = [low + step * i for i in range(round((high - low) / step) + 1)]
    chart = {
        "width": WIDTH,
        "ticks": [{"x": _x(t, low, high), "label": _tick_label(t, step)} for t in ticks],
        "value_x": _x(value, low, high) if value is not None else None,
        "target_x": _x(target, low, high) if target is not None else None,
    }
    if peer is not None:
        chart["box"] = {
            "x1": _x(peer.p25, low, high),
            "x2": _x(peer.p75, low, high),
            "median": _x(peer.median, low, high),
        }
        chart["box"]["width"] = round(chart["box"]["x2"] - chart["box"]["x1"], 1)
    return chart


def mix_bars(mix, profiles):
    """Horizontal bars for the profile mix, in a fixed order: {height, bars: [profile, share, y, width]}."""
    if not mix:
        return None
    chart = bars([(p, mix.get(p, 0.0)) for p in profiles], maximum=100)
    for bar in chart["bars"]:
        bar["profile"], bar["share"] = bar["label"], bar["value"]
    return chart
