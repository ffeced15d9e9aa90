"""Geometry of the SVG charts; the templates draw them. Every chart has a table with the same
figures beside it, so the SVG itself is a picture (role="img" with a text alternative)."""

import math

from .formatting import format_number

WIDTH = 560
LEFT = 12
RIGHT = 12
MAX_PARTS = 5


def _nice_step(span):
    """A round step (1, 2 or 5 × 10^k) that divides `span` in at most five parts."""
    raw = span / MAX_PARTS
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


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
        chart["box"] = {"x1": _x(peer.p25, low, high), "x2": _x(peer.p75, low, high),
                        "median": _x(peer.median, low, high)}  # fmt: skip
        chart["box"]["width"] = round(chart["box"]["x2"] - chart["box"]["x1"], 1)
    return chart


def mix_bars(mix, profiles):
    """Horizontal bars for the profile mix, in a fixed order: {height, bars: [profile, share, y, width]}."""
    if not mix:
        return None
    row, bar_left, usable = 26, 110, WIDTH - 110 - 60
    bars = [
        {"profile": p, "share": mix.get(p, 0.0), "y": i * row, "text_y": i * row + 16,
         "width": round(usable * mix.get(p, 0.0) / 100, 1),
         "label_x": round(bar_left + usable * mix.get(p, 0.0) / 100 + 6, 1)}
        for i, p in enumerate(profiles)
    ]  # fmt: skip
    return {"height": row * len(profiles), "left": bar_left, "bars": bars}
