"""The text rectangles of PowerPoint's preset geometries (OOXML presetShapeDefinitions), at their default adjusts."""

from __future__ import annotations

import math
from collections.abc import Callable

Rect = tuple[float, float, float, float]  # left, top, right, bottom


def text_rect(kind: str, w: float, h: float) -> Rect:
    """The text rectangle of a preset geometry in a w x h box; geometries without text room of their own (rect,
    textbox, line, placeholder, picture) use the whole box."""
    ss = min(w, h)
    if ss <= 0:
        return 0.0, 0.0, max(w, 0.0), max(h, 0.0)
    rect = _RECTS.get(kind)
    return rect(w, h, ss) if rect is not None else (0.0, 0.0, w, h)


def _round_rect(w: float, h: float, ss: float) -> Rect:
    il = ss * 16667 / 100000 * 29289 / 100000
    return il, il, w - il, h - il


def _ellipse(w: float, h: float, ss: float) -> Rect:  # the donut's text rect is its outer ellipse's
    dx, dy = w / 2 * math.cos(math.pi / 4), h / 2 * math.sin(math.pi / 4)
    return w / 2 - dx, h / 2 - dy, w / 2 + dx, h / 2 + dy


def _chevron(w: float, h: float, ss: float) -> Rect:
    x1 = ss * min(50000, 100000 * w / ss) / 100000
    x2 = w - x1
    return (x1, 0.0, x2, h) if x2 - x1 > 0 else (0.0, 0.0, w, h)


def _home_plate(w: float, h: float, ss: float) -> Rect:
    x1 = w - ss * min(50000, 100000 * w / ss) / 100000
    return 0.0, 0.0, (x1 + w) / 2, h


def _right_arrow(w: float, h: float, ss: float) -> Rect:
    dx1 = ss * min(50000, 100000 * w / ss) / 100000
    dy1 = h * 50000 / 200000
    y1, y2 = h / 2 - dy1, h / 2 + dy1
    return 0.0, y1, w - dx1 + y1 * dx1 / (h / 2), y2


def _pentagon(w: float, h: float, ss: float) -> Rect:
    swd2, shd2 = w / 2 * 105146 / 100000, h / 2 * 110557 / 100000
    svc = h / 2 * 110557 / 100000
    dx1, dx2 = swd2 * math.cos(math.radians(18)), swd2 * math.cos(math.radians(306))
    dy1, dy2 = shd2 * math.sin(math.radians(18)), shd2 * math.sin(math.radians(306))
    y1 = svc - dy1
    return w / 2 - dx2, y1 * dx2 / dx1, w / 2 + dx2, svc - dy2


def _hexagon(w: float, h: float, ss: float) -> Rect:
    max_adj = 50000 * w / ss
    a = min(25000, max_adj)
    q1 = -max_adj / 2
    q3, q4, q5 = (4, 3, q1) if a + q1 > 0 else (2, 2, 0)
    q8 = q3 - (a + q5) / q1 * q4
    il, it = w * q8 / 24, h * q8 / 24
    return il, it, w - il, h - it


def _plus(w: float, h: float, ss: float) -> Rect:
    x1 = ss * 25000 / 100000
    return (0.0, x1, w, h - x1) if w - h > 0 else (x1, 0.0, w - x1, h)


def _math_plus(w: float, h: float, ss: float) -> Rect:
    dx1, dx2 = w * 73490 / 200000, ss * 23520 / 200000
    return w / 2 - dx1, h / 2 - dx2, w / 2 + dx1, h / 2 + dx2


def _math_equal(w: float, h: float, ss: float) -> Rect:
    dy1, dy2, dx1 = h * 23520 / 100000, h * 11760 / 200000, w * 73490 / 200000
    return w / 2 - dx1, h / 2 - dy2 - dy1, w / 2 + dx1, h / 2 + dy2 + dy1


_RECTS: dict[str, Callable[[float, float, float], Rect]] = {
    "roundRect": _round_rect,
    "ellipse": _ellipse,
    "donut": _ellipse,
    "chevron": _chevron,
    "homePlate": _home_plate,
    "rightArrow": _right_arrow,
    "triangle": lambda w, h, ss: (w / 4, h / 2, w * 3 / 4, h),
    "pentagon": _pentagon,
    "hexagon": _hexagon,
    "plus": _plus,
    "mathPlus": _math_plus,
    "mathEqual": _math_equal,
}
