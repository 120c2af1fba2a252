"""PowerPoint's preset geometries as SVG path data at their default adjusts, for a box in points."""

from __future__ import annotations

import math
from collections.abc import Callable

Box = tuple[float, float, float, float]
Points = list[tuple[float, float]]


def preset_path(preset: str, box: Box) -> str | None:
    """The path of `preset` in `box` (x, y, width, height); None for a geometry drawn without an outline
    of its own (a text box) or one this preview does not know."""
    x, y, w, h = box
    if preset == "textbox":
        return None
    if preset in ("ellipse", "donut"):
        return _ellipse(x, y, w, h, preset == "donut")
    if preset == "roundRect":
        return _round_rect(x, y, w, h)
    outline = _OUTLINES.get("rect" if preset == "line" else preset)
    if outline is None:
        return None
    rings = outline(w, max(min(w, h), 0.0), h)
    return " ".join(_ring(ring, x, y) for ring in rings)


def known(preset: str) -> bool:
    """Whether the preview draws this preset's outline."""
    return preset in ("textbox", "ellipse", "donut", "roundRect", "line") or preset in _OUTLINES


def _ring(points: Points, x: float, y: float) -> str:
    head, *rest = points
    steps = " ".join(f"L{x + px:.2f} {y + py:.2f}" for px, py in rest)
    return f"M{x + head[0]:.2f} {y + head[1]:.2f} {steps} Z"


def _ellipse(x: float, y: float, w: float, h: float, hole: bool) -> str:
    rx, ry, cx, cy = w / 2, h / 2, x + w / 2, y + h / 2
    path = _oval(cx, cy, rx, ry)
    if hole:  # the donut's hole: a quarter of the shorter side inside, drawn the other way round
        dr = min(w, h) * 0.25
        path += " " + _oval(cx, cy, max(rx - dr, 0), max(ry - dr, 0))
    return path


def _oval(cx: float, cy: float, rx: float, ry: float) -> str:
    return (
        f"M{cx - rx:.2f} {cy:.2f} A{rx:.2f} {ry:.2f} 0 1 0 {cx + rx:.2f} {cy:.2f} "
        f"A{rx:.2f} {ry:.2f} 0 1 0 {cx - rx:.2f} {cy:.2f} Z"
    )


def _round_rect(x: float, y: float, w: float, h: float) -> str:
    r = min(w, h) * 0.16667
    return (
        f"M{x + r:.2f} {y:.2f} H{x + w - r:.2f} A{r:.2f} {r:.2f} 0 0 1 {x + w:.2f} {y + r:.2f} "
        f"V{y + h - r:.2f} A{r:.2f} {r:.2f} 0 0 1 {x + w - r:.2f} {y + h:.2f} H{x + r:.2f} "
        f"A{r:.2f} {r:.2f} 0 0 1 {x:.2f} {y + h - r:.2f} V{y + r:.2f} A{r:.2f} {r:.2f} 0 0 1 "
        f"{x + r:.2f} {y:.2f} Z"
    )


def _rect(w: float, ss: float, h: float) -> list[Points]:
    return [[(0, 0), (w, 0), (w, h), (0, h)]]


def _chevron(w: float, ss: float, h: float) -> list[Points]:
    x1 = ss * min(0.5, w / ss if ss else 0)
    return [[(0, 0), (w - x1, 0), (w, h / 2), (w - x1, h), (0, h), (x1, h / 2)]]


def _home_plate(w: float, ss: float, h: float) -> list[Points]:
    x1 = w - ss * min(0.5, w / ss if ss else 0)
    return [[(0, 0), (x1, 0), (w, h / 2), (x1, h), (0, h)]]


def _right_arrow(w: float, ss: float, h: float) -> list[Points]:
    dy1, x1 = h * 0.25, w - ss * min(0.5, w / ss if ss else 0)
    y1, y2 = h / 2 - dy1, h / 2 + dy1
    return [[(0, y1), (x1, y1), (x1, 0), (w, h / 2), (x1, h), (x1, y2), (0, y2)]]


def _triangle(w: float, ss: float, h: float) -> list[Points]:
    return [[(0, h), (w / 2, 0), (w, h)]]


def _plus(w: float, ss: float, h: float) -> list[Points]:
    a = ss * 0.25
    return [
        [
            (0, a),
            (a, a),
            (a, 0),
            (w - a, 0),
            (w - a, a),
            (w, a),
            (w, h - a),
            (w - a, h - a),
            (w - a, h),
            (a, h),
            (a, h - a),
            (0, h - a),
        ]
    ]


def _math_plus(w: float, ss: float, h: float) -> list[Points]:
    dx1, dy1, dx2 = w * 0.36745, h * 0.36745, ss * 0.1176
    hc, vc = w / 2, h / 2
    x1, x2, x3, x4 = hc - dx1, hc - dx2, hc + dx2, hc + dx1
    y1, y2, y3, y4 = vc - dy1, vc - dx2, vc + dx2, vc + dy1
    return [
        [
            (x1, y2),
            (x2, y2),
            (x2, y1),
            (x3, y1),
            (x3, y2),
            (x4, y2),
            (x4, y3),
            (x3, y3),
            (x3, y4),
            (x2, y4),
            (x2, y3),
            (x1, y3),
        ]
    ]


def _math_equal(w: float, ss: float, h: float) -> list[Points]:
    dy1, dy2, dx1 = h * 0.2352, h * 0.0588, w * 0.36745
    vc, hc = h / 2, w / 2
    y2, y3 = vc - dy2, vc + dy2
    y1, y4 = y2 - dy1, y3 + dy1
    x1, x2 = hc - dx1, hc + dx1
    return [[(x1, y1), (x2, y1), (x2, y2), (x1, y2)], [(x1, y3), (x2, y3), (x2, y4), (x1, y4)]]


def _pentagon(w: float, ss: float, h: float) -> list[Points]:
    swd2, shd2, svc = w / 2 * 1.05146, h / 2 * 1.10557, h / 2 * 1.10557
    dx1, dx2 = swd2 * math.cos(math.radians(18)), swd2 * math.cos(math.radians(306))
    dy1, dy2 = shd2 * math.sin(math.radians(18)), shd2 * math.sin(math.radians(306))
    hc = w / 2
    y1, y2 = svc - dy1, svc - dy2
    return [[(hc - dx1, y1), (hc, 0), (hc + dx1, y1), (hc + dx2, y2), (hc - dx2, y2)]]


def _hexagon(w: float, ss: float, h: float) -> list[Points]:
    a = min(25000, 50000 * w / ss if ss else 0) / 100000
    x1, shd2 = ss * a, h / 2 * 1.1547
    dy1 = shd2 * math.sin(math.radians(60))
    vc = h / 2
    return [
        [(0, vc), (x1, vc - dy1), (w - x1, vc - dy1), (w, vc), (w - x1, vc + dy1), (x1, vc + dy1)]
    ]


_OUTLINES: dict[str, Callable[[float, float, float], list[Points]]] = {
    "rect": _rect,
    "chevron": _chevron,
    "homePlate": _home_plate,
    "rightArrow": _right_arrow,
    "triangle": _triangle,
    "plus": _plus,
    "mathPlus": _math_plus,
    "mathEqual": _math_equal,
    "pentagon": _pentagon,
    "hexagon": _hexagon,
}
