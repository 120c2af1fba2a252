"""Native map geometry for Norwegian municipalities: projected, fitted to a box, simplified on shared borders."""

# Projection: UTM zone 33N on ETRS89 (EPSG:25833), the grid Kartverket and SSB draw all of Norway in, so maps look
# the way Norwegians know them; conformal, and its scale varies by under 0.5 % across any county. The shipped data
# (generator/data/maps, built by tools/map_data.py) is already projected to whole metres; `utm33` is the projection
# that built it. Each arc's interior points carry a Visvalingam level (4 * log2 of the effective area in m²): a map
# keeps, per arc, the points of the highest levels its point budget allows, so two neighbours draw a shared border
# with the very same points. The default budget, 2000 points in all, is about 100 KB of slide XML (20 KB zipped).

from __future__ import annotations

import functools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from generator.errors import DeckError
from generator.norway import register

MAPS = Path(__file__).resolve().parent / "data" / "maps"
CREDIT = "Kartdata: © Kartverket (CC BY 4.0)"
CONTEXTS = ("neighbours", "counties", "none")
MIN_AREA = 1.0  # pt²: smaller rings are dropped, but a shape always keeps its largest ring
# borders drawn only for context need 24 levels more (64 times the area) than the region's
CONTEXT_LEVELS = 24
DECIMALS = 2  # coordinates are rounded to 0.01 pt (127 EMU)

Point = tuple[float, float]
Ring = tuple[Point, ...]
Rect = tuple[float, float, float, float]  # x, y, width, height

_A, _F, _K0, _E0, _LON0 = 6378137.0, 1 / 298.257222101, 0.9996, 500000.0, math.radians(15)
_N = _F / (2 - _F)
_RADIUS = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64 + _N**6 / 256)
_ECC = 2 * math.sqrt(_N) / (1 + _N)
_ALPHA = (
    _N / 2
    - 2 * _N**2 / 3
    + 5 * _N**3 / 16
    + 41 * _N**4 / 180
    - 127 * _N**5 / 288
    + 7891 * _N**6 / 37800,
    13 * _N**2 / 48
    - 3 * _N**3 / 5
    + 557 * _N**4 / 1440
    + 281 * _N**5 / 630
    - 1983433 * _N**6 / 1935360,
    61 * _N**3 / 240 - 103 * _N**4 / 140 + 15061 * _N**5 / 26880 + 167603 * _N**6 / 181440,
    49561 * _N**4 / 161280 - 179 * _N**5 / 168 + 6601661 * _N**6 / 7257600,
    34729 * _N**5 / 80640 - 3418889 * _N**6 / 1995840,
    212378941 * _N**6 / 319334400,
)


@dataclass(frozen=True)
class LabelSpot:
    """An axis-aligned rectangle inside a shape where its label can sit, in slide points."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class MapShape:
    """One municipality (or context county) as rings in slide points: outer rings clockwise on the slide, holes
    counter-clockwise; islands are further rings of the same shape."""

    number: str
    name: str
    role: str  # "region" or "context"
    rings: tuple[Ring, ...]
    label: LabelSpot | None


@dataclass(frozen=True)
class MapDrawing:
    """A map: region shapes in the order asked, then context shapes; `missing` lists numbers without a polygon."""

    shapes: tuple[MapShape, ...]
    missing: tuple[str, ...]
    bounds: Rect  # where the region was fitted, inside the box
    credit: str = CREDIT


def utm33(lon: float, lat: float) -> Point:
    """Easting and northing in metres, UTM zone 33N on GRS80 (Krüger's series to sixth order, mm accuracy)."""
    lam, sin_phi = math.radians(lon) - _LON0, math.sin(math.radians(lat))
    t = math.sinh(math.atanh(sin_phi) - _ECC * math.atanh(_ECC * sin_phi))
    xi, eta = math.atan2(t, math.cos(lam)), math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
    east = eta + sum(
        a * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, a in enumerate(_ALPHA, 1)
    )
    north = xi + sum(
        a * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, a in enumerate(_ALPHA, 1)
    )
    return _E0 + _K0 * _RADIUS * east, _K0 * _RADIUS * north


@dataclass(frozen=True)
class _Atlas:
    """One year's map data: arcs in metres, their interior points' levels, municipalities as rings of arcs."""

    arcs: tuple[tuple[Point, ...], ...]
    levels: tuple[tuple[int, ...], ...]
    boxes: tuple[tuple[float, float, float, float], ...]  # per arc: min x, min y, max x, max y
    areas: tuple[float, ...]  # per arc: its part of twice a ring's signed area
    rings: dict[str, tuple[tuple[int, ...], ...]]  # arc references, ~i for arc i backwards
    # label rectangles in metres, by municipality or county number
    labels: dict[str, tuple[Rect, ...]]


@functools.cache
def _atlas(year: int) -> _Atlas:
    data = json.loads((MAPS / f"kommuner-{year}.json").read_text(encoding="utf-8"))
    arcs = [
        tuple(zip(accumulate(flat[0::2]), accumulate(flat[1::2]), strict=True))
        for flat in data["arcs"]
    ]
    boxes = tuple(_bbox(arc) for arc in arcs)
    areas = tuple(
        sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(arc, arc[1:], strict=False)) for arc in arcs
    )
    places = {**data["municipalities"], **data["counties"]}
    return _Atlas(
        arcs=tuple(arcs),
        levels=tuple(tuple(levels) for levels in data["levels"]),
        boxes=boxes,
        areas=areas,
        rings={
            number: tuple(map(tuple, m["rings"])) for number, m in data["municipalities"].items()
        },
        labels={number: tuple(map(tuple, place["labels"])) for number, place in places.items()},
    )


def _bbox(points: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def arc_points(arcs: Sequence[Sequence[Point]], ring: Iterable[int]) -> list[Point]:
    """The points of a ring of arc references, closed (first point repeated at the end)."""
    points: list[Point] = []
    for ref in ring:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def merge_rings(
    arcs: Sequence[Sequence[Point]], rings: Iterable[Sequence[int]]
) -> list[tuple[int, ...]]:
    """The outline of several municipalities' rings: arcs drawn once are kept and chained, shared ones dropped."""
    refs = list(dict.fromkeys(ref for ring in rings for ref in ring))
    uses = Counter(_index(ref) for ref in refs)
    edge = [ref for ref in refs if uses[_index(ref)] == 1]
    start = {ref: arcs[ref][0] if ref >= 0 else arcs[~ref][-1] for ref in edge}
    end = {ref: arcs[ref][-1] if ref >= 0 else arcs[~ref][0] for ref in edge}
    starting: dict[Point, list[int]] = defaultdict(list)
    for ref in edge:
        starting[start[ref]].append(ref)
    done: set[int] = set()
    merged = []
    for first in edge:
        if first in done:
            continue
        ring, tip = [first], end[first]
        done.add(first)
        while tip != start[first]:
            ref = next((r for r in starting[tip] if r not in done), None)
            if ref is None:
                break
            ring.append(ref)
            done.add(ref)
            tip = end[ref]
        if tip == start[first]:
            merged.append(tuple(ring))
    return merged


@dataclass(frozen=True)
class _Part:
    """A shape to draw, before simplification: rings of arc references and label candidates in metres."""

    number: str
    name: str
    role: str
    rings: tuple[tuple[int, ...], ...]
    labels: tuple[Rect, ...]


@dataclass(frozen=True)
class _Fit:
    """Metres to slide points: x' = ox + x * scale, y' = oy - y * scale; `window` is the box in metres."""

    scale: float
    ox: float
    oy: float
    box: Rect
    window: tuple[float, float, float, float]
    bounds: Rect

    def point(self, p: Point) -> Point:
        """A point in slide points, rounded; pulled onto the box edge when rounding alone put it outside."""
        x0, y0, w, h = self.box
        x, y = (
            round(self.ox + p[0] * self.scale, DECIMALS),
            round(self.oy - p[1] * self.scale, DECIMALS),
        )
        return _near(x, x0, x0 + w), _near(y, y0, y0 + h)


def _near(value: float, low: float, high: float) -> float:
    """A value just outside [low, high] by rounding, moved onto the edge it missed."""
    slack = 10**-DECIMALS
    if low - slack < value < low:
        return low
    if high < value < high + slack:
        return high
    return value


def region_map(
    year: int,
    numbers: Sequence[str],
    box: Rect,
    context: str = "neighbours",
    budget: int = 2000,
) -> MapDrawing:
    """The municipalities `numbers` of `year` fitted into `box` (x, y, w, h in points), with context around them
    ("neighbours": other municipalities, "counties": other counties, "none") clipped to the box, all drawn with at
    most `budget` points in total."""
    atlas = _atlas(_checked(year, numbers, box, context, budget))
    names = {m.number: m.name for c in register.counties(year) for m in c.municipalities}
    wanted = list(dict.fromkeys(numbers))
    drawn = [number for number in wanted if number in atlas.rings]
    if not drawn:
        raise DeckError(
            f"no map data for municipalities {', '.join(wanted)} in {year}",
            hint=f"Kartverket's simplified boundaries of {year} have no polygon for them (too small)",
        )
    fit = _fit(atlas, drawn, box)
    region = [_Part(n, names[n], "region", atlas.rings[n], atlas.labels.get(n, ())) for n in drawn]
    parts = region + _context(atlas, year, set(drawn), fit, context, names)
    shapes = _draw(atlas, parts, fit, budget)
    missing = tuple(number for number in wanted if number not in atlas.rings)
    return MapDrawing(shapes=tuple(shapes), missing=missing, bounds=fit.bounds)


def _checked(year: int, numbers: Sequence[str], box: Rect, context: str, budget: int) -> int:
    known = {m.number for c in register.counties(year) for m in c.municipalities}
    unknown = [number for number in numbers if number not in known]
    if unknown or not numbers:
        raise DeckError(
            f"no municipality {', '.join(map(str, unknown))} in {year}"
            if unknown
            else "no municipalities to draw",
            hint=f"use SSB's four-digit municipality numbers of {year}, e.g. '0301' for Oslo",
        )
    if context not in CONTEXTS:
        raise DeckError(
            f"unknown map context '{context}'", hint=f"use one of {', '.join(CONTEXTS)}"
        )
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise DeckError(f"a map needs a box with a width and height above 0, not {box}")
    if budget < 3:
        raise DeckError(f"a map's point budget must be at least 3, not {budget}")
    return year


def _fit(atlas: _Atlas, numbers: Sequence[str], box: Rect) -> _Fit:
    x0, y0, x1, y1 = _bbox(
        corner
        for n in numbers
        for ring in atlas.rings[n]
        for ref in ring
        for corner in _corners(atlas, ref)
    )
    bx, by, bw, bh = box
    scale = min(bw / max(x1 - x0, 1e-9), bh / max(y1 - y0, 1e-9))
    left, top = bx + (bw - (x1 - x0) * scale) / 2, by + (bh - (y1 - y0) * scale) / 2
    ox, oy = left - x0 * scale, top + y1 * scale
    window = ((bx - ox) / scale, (oy - by - bh) / scale, (bx + bw - ox) / scale, (oy - by) / scale)
    return _Fit(scale, ox, oy, box, window, (left, top, (x1 - x0) * scale, (y1 - y0) * scale))


def _corners(atlas: _Atlas, ref: int) -> tuple[Point, Point]:
    x0, y0, x1, y1 = atlas.boxes[_index(ref)]
    return (x0, y0), (x1, y1)


def _meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _context(
    atlas: _Atlas, year: int, region: set[str], fit: _Fit, context: str, names: dict[str, str]
) -> list[_Part]:
    """Context shapes whose extent meets the box: other municipalities, or other counties without the region."""
    if context == "neighbours":
        return [
            _Part(n, names[n], "context", rings, atlas.labels.get(n, ()))
            for n, rings in sorted(atlas.rings.items())
            if n not in region
            and _meets(_bbox(c for r in rings for a in r for c in _corners(atlas, a)), fit.window)
        ]
    parts = []
    for county in register.counties(year) if context == "counties" else ():
        members = [
            m.number
            for m in county.municipalities
            if m.number in atlas.rings and m.number not in region
        ]
        refs = [ref for n in members for ring in atlas.rings[n] for ref in ring]
        if not refs or not _meets(
            _bbox(c for ref in refs for c in _corners(atlas, ref)), fit.window
        ):
            continue
        rings = merge_rings(atlas.arcs, (ring for n in members for ring in atlas.rings[n]))
        own = sorted(
            (r for n in members for r in atlas.labels.get(n, ())), key=lambda r: -r[2] * r[3]
        )[:6]
        labels = atlas.labels[county.number] + tuple(own)
        parts.append(_Part(county.number, county.name, "context", tuple(rings), labels))
    return parts


def _draw(atlas: _Atlas, parts: list[_Part], fit: _Fit, budget: int) -> list[MapShape]:
    """Simplify the arcs to the budget (lowering it when clipping adds points), then draw and label every part."""
    kept = [(part, _visible(atlas, part, fit)) for part in parts]
    histogram, fixed = _histogram(atlas, kept, fit)
    allowed, level = budget, min(histogram, default=0) - 1
    while True:
        higher = min((lv for lv in histogram if lv > level), default=max(histogram, default=0) + 1)
        level = max(_level(histogram, allowed - fixed), higher)
        drawn = _build(atlas, kept, fit, level)
        count = sum(len(ring) for _, rings in drawn for ring in rings)
        if count <= budget:
            return [_shape(part, rings, fit) for part, rings in drawn]
        if level > max(histogram, default=0):
            return [_shape(part, rings, fit) for part, rings in _within(drawn, count, budget)]
        allowed -= count - budget


def _within(
    drawn: list[tuple[_Part, list[Ring]]], count: int, budget: int
) -> list[tuple[_Part, list[Ring]]]:
    """Leave out context shapes, smallest first, until the map fits its budget; the region itself must fit."""
    by_size = sorted(
        (p for p in drawn if p[0].role == "context"), key=lambda p: sum(abs(_area(r)) for r in p[1])
    )
    dropped = set()
    for part, rings in by_size:
        if count <= budget:
            break
        dropped.add(part.number)
        count -= sum(len(ring) for ring in rings)
    if count > budget:
        raise DeckError(
            f"a map of these municipalities needs at least {count} points, more than its budget of {budget}",
            hint=f"give it a budget of {count} or more",
        )
    return [
        (part, rings)
        for part, rings in drawn
        if part.role == "region" or part.number not in dropped
    ]


def _ring_area(atlas: _Atlas, ring: Sequence[int]) -> float:
    """The signed area in m² of a ring of arc references (positive for outer rings)."""
    return sum(atlas.areas[r] if r >= 0 else -atlas.areas[~r] for r in ring) / 2


def _visible(atlas: _Atlas, part: _Part, fit: _Fit) -> list[tuple[int, ...]]:
    """The rings worth drawing: not below MIN_AREA at this scale (but the largest one always), and for context,
    only rings that reach into the box."""
    rings = sorted(part.rings, key=lambda ring: -abs(_ring_area(atlas, ring)))
    least = MIN_AREA / fit.scale**2
    keep = [rings[0]] + [ring for ring in rings[1:] if abs(_ring_area(atlas, ring)) >= least]
    if part.role == "region":
        return keep
    return [
        ring
        for ring in keep
        if _meets(_bbox(c for ref in ring for c in _corners(atlas, ref)), fit.window)
    ]


def _histogram(
    atlas: _Atlas, kept: list[tuple[_Part, list[tuple[int, ...]]]], fit: _Fit
) -> tuple[dict[int, int], int]:
    """How many drawn points each level adds (context only inside the box), and how many arc ends are drawn."""
    uses = Counter(_index(ref) for _, rings in kept for ring in rings for ref in ring)
    region = _region_arcs(kept)
    x0, y0, x1, y1 = fit.window
    histogram: Counter[int] = Counter()
    fixed = 0
    for arc, count in uses.items():
        if arc in region:
            levels = list(atlas.levels[arc])
        elif _meets(atlas.boxes[arc], fit.window):
            pairs = zip(atlas.arcs[arc][1:-1], atlas.levels[arc], strict=True)
            levels = [
                level - CONTEXT_LEVELS for (x, y), level in pairs if x0 <= x <= x1 and y0 <= y <= y1
            ]
        else:
            continue
        fixed += count
        for level in levels:
            histogram[level] += count
    return dict(histogram), fixed


def _index(ref: int) -> int:
    return ref if ref >= 0 else ~ref


def _region_arcs(kept: list[tuple[_Part, list[tuple[int, ...]]]]) -> set[int]:
    return {
        _index(ref)
        for part, rings in kept
        if part.role == "region"
        for ring in rings
        for ref in ring
    }


def _level(histogram: dict[int, int], room: int) -> int:
    """The lowest level whose points, with all higher ones, fit into `room` points."""
    total, level = 0, max(histogram, default=0) + 1
    for candidate in sorted(histogram, reverse=True):
        total += histogram[candidate]
        if total > room:
            break
        level = candidate
    return level


def _build(
    atlas: _Atlas, kept: list[tuple[_Part, list[tuple[int, ...]]]], fit: _Fit, level: int
) -> list[tuple[_Part, list[Ring]]]:
    """Every part's rings at `level`, in slide points; context clipped to the box; degenerate rings dropped."""
    region = _region_arcs(kept)
    cache: dict[int, tuple[Point, ...]] = {}

    def arc(index: int) -> tuple[Point, ...]:
        if index not in cache:
            points, limit = atlas.arcs[index], level + (0 if index in region else CONTEXT_LEVELS)
            inner = [
                p for p, lv in zip(points[1:-1], atlas.levels[index], strict=True) if lv >= limit
            ]
            cache[index] = tuple(fit.point(p) for p in (points[0], *inner, points[-1]))
        return cache[index]

    drawn = []
    for part, rings in kept:
        shaped = [_finish(_join(arc, ring), part.role, fit) for ring in rings]
        good = [ring for ring in shaped if len(ring) >= 3 and abs(_area(ring)) >= MIN_AREA]
        if not good and part.role == "region":
            good = [
                _finish(
                    tuple(fit.point(p) for p in arc_points(atlas.arcs, rings[0])), "region", fit
                )
            ]
        if good:
            drawn.append((part, good))
    return drawn


def _join(arc: Callable[[int], tuple[Point, ...]], ring: Sequence[int]) -> Ring:
    points: list[Point] = []
    for ref in ring:
        pts = arc(ref) if ref >= 0 else arc(~ref)[::-1]
        points.extend(pts[1:] if points else pts)
    return tuple(points)


def _finish(points: Ring, role: str, fit: _Fit) -> Ring:
    """Drop repeated points and the closing point; clip context rings to the box."""
    ring = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if role != "region":
        ring = _clip(ring, fit.box)
    return tuple(ring)


def _area(ring: Sequence[Point]) -> float:
    """Signed area (negative for outer rings on the slide, where y runs down)."""
    return (
        sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(ring, (*ring[1:], ring[0]), strict=True)) / 2
    )


def _clip(ring: list[Point], box: Rect) -> list[Point]:
    """Sutherland-Hodgman against the box; crossings are computed the same way from either side of a border."""
    x0, y0, w, h = box
    for axis, limit, below in (
        (0, x0, False),
        (0, x0 + w, True),
        (1, y0, False),
        (1, y0 + h, True),
    ):
        if not ring:
            break
        out: list[Point] = []
        prev = ring[-1]
        for cur in ring:
            inside = cur[axis] <= limit if below else cur[axis] >= limit
            was = prev[axis] <= limit if below else prev[axis] >= limit
            if inside != was:
                out.append(_cross(prev, cur, axis, limit))
            if inside:
                out.append(cur)
            prev = cur
        ring = [p for i, p in enumerate(out) if p != out[i - 1]] if len(out) > 1 else out
    return ring


def _cross(p: Point, q: Point, axis: int, limit: float) -> Point:
    """Where p-q crosses the line, rounded but kept between p and q (so inside the edges clipped before)."""
    a, b = sorted((p, q))
    other = round(
        a[1 - axis] + (limit - a[axis]) * (b[1 - axis] - a[1 - axis]) / (b[axis] - a[axis]),
        DECIMALS,
    )
    other = min(max(other, min(a[1 - axis], b[1 - axis])), max(a[1 - axis], b[1 - axis]))
    return (limit, other) if axis == 0 else (other, limit)


def _shape(part: _Part, rings: list[Ring], fit: _Fit) -> MapShape:
    candidates = [
        (fit.point((x + w / 2, y + h / 2)), w / h) for x, y, w, h in part.labels if w > 0 and h > 0
    ]
    largest = max(rings, key=lambda ring: abs(_area(ring)))
    x0, y0, x1, y1 = _bbox(largest)
    candidates.append((((x0 + x1) / 2, (y0 + y1) / 2), 2.0))
    candidates.append(
        (
            (sum(p[0] for p in largest) / len(largest), sum(p[1] for p in largest) / len(largest)),
            2.0,
        )
    )
    best: LabelSpot | None = None
    for (cx, cy), aspect in candidates:
        half = label_room(cx, cy, aspect, rings) - 10**-DECIMALS
        spot = _spot(cx, cy, aspect * half, half) if half > 0 else None
        if spot and (best is None or spot.width * spot.height > best.width * best.height):
            best = spot
    return MapShape(part.number, part.name, part.role, tuple(rings), best)


def _spot(cx: float, cy: float, half_w: float, half_h: float) -> LabelSpot | None:
    """The rectangle around (cx, cy) rounded inwards to the coordinate grid; None when nothing is left."""
    step = 10**DECIMALS
    x0, y0 = math.ceil((cx - half_w) * step) / step, math.ceil((cy - half_h) * step) / step
    x1, y1 = math.floor((cx + half_w) * step) / step, math.floor((cy + half_h) * step) / step
    return (
        LabelSpot(x0, y0, round(x1 - x0, DECIMALS), round(y1 - y0, DECIMALS))
        if x1 > x0 and y1 > y0
        else None
    )


def label_room(cx: float, cy: float, aspect: float, rings: Sequence[Sequence[Point]]) -> float:
    """Half the height of the largest rectangle of this aspect centred on (cx, cy) inside the rings (even-odd);
    0 outside. It is the distance to the nearest edge in the max-norm with x divided by the aspect."""
    inside, best = False, math.inf
    for ring in rings:
        px, py = ring[-1]
        for qx, qy in ring:
            if (py > cy) != (qy > cy) and cx < px + (cy - py) * (qx - px) / (qy - py):
                inside = not inside
            ux, uy, vx, vy = (px - cx) / aspect, py - cy, (qx - cx) / aspect, qy - cy
            gap_x = 0.0 if ux * vx <= 0 else min(abs(ux), abs(vx))
            if gap_x < best and (uy * vy <= 0 or min(abs(uy), abs(vy)) < best):
                best = min(best, _segment_distance(ux, uy, vx, vy))
            px, py = qx, qy
    return best if inside else 0.0


def _segment_distance(ux: float, uy: float, vx: float, vy: float) -> float:
    """Max-norm distance from the origin to the segment u-v (the minimum lies at an end or where |x| = |y|)."""
    dx, dy = vx - ux, vy - uy
    best = min(max(abs(ux), abs(uy)), max(abs(vx), abs(vy)))
    for num, den in ((uy - ux, dx - dy), (-(ux + uy), dx + dy)):
        if den and 0 < num / den < 1:
            t = num / den
            best = min(best, max(abs(ux + t * dx), abs(uy + t * dy)))
    return best
