"""Build generator/norway/data/maps/kommuner-YEAR.json from Kartverket's municipality TopoJSON (see its README)."""

from __future__ import annotations

import argparse
import heapq
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.norway.mapgeometry import Rect, arc_points, label_room, merge_rings, utm33  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "generator" / "norway" / "data" / "maps"
YEARS = (2020, 2024)
ASPECTS = (1.0, 2.0, 3.0)  # label rectangles kept per place: square, 2:1 and 3:1
ABOUT = (
    "Municipality boundaries of Norway on 1 January {year}: Kartverket, Administrative enheter (CC BY 4.0; "
    "credit 'Kartdata: © Kartverket (CC BY 4.0)'), via robhop/fylker-og-kommuner ({source}). Built by "
    "tools/map_data.py: projected to UTM zone 33N (ETRS89, EPSG:25833), rounded to whole metres, arcs as a start "
    "point then steps; levels = round(4 * log2(1 + Visvalingam effective area in m²)) of each arc's interior points; "
    "outer rings counter-clockwise; labels = largest rectangles of aspect 1, 2, 3 inside each place (x, y, w, h)."
)
SOURCES = {2020: "2020/Kommuner-small.topojson", 2024: "Kommuner-S.topojson"}

Point = tuple[int, int]


def project(arc: Sequence[Sequence[float]]) -> list[Point]:
    """An arc's points in whole metres, repeated points dropped (an arc keeps its two ends)."""
    points: list[Point] = []
    for lon, lat in arc:
        east, north = utm33(lon, lat)
        point = (round(east), round(north))
        if not points or point != points[-1]:
            points.append(point)
    return points if len(points) > 1 else points * 2


def levels(points: Sequence[Point]) -> list[int]:
    """Visvalingam-Whyatt: each interior point's effective area (never below an earlier one's) as a level."""
    count = len(points)
    prev, nxt = list(range(-1, count - 1)), list(range(1, count + 1))
    current = [math.inf] * count
    area = [0.0] * count

    def triangle(i: int) -> float:
        (ax, ay), (bx, by), (cx, cy) = points[prev[i]], points[i], points[nxt[i]]
        return abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2

    heap = []
    for i in range(1, count - 1):
        current[i] = triangle(i)
        heap.append((current[i], i))
    heapq.heapify(heap)
    floor = 0.0
    while heap:
        value, i = heapq.heappop(heap)
        if value != current[i]:
            continue
        floor = max(floor, value)
        area[i], current[i] = floor, -1.0
        before, after = prev[i], nxt[i]
        nxt[before], prev[after] = after, before
        for j in (before, after):
            if 0 < j < count - 1 and current[j] >= 0:
                current[j] = triangle(j)
                heapq.heappush(heap, (current[j], j))
    return [round(4 * math.log2(1 + area[i])) for i in range(1, count - 1)]


def oriented(arcs: Sequence[Sequence[Point]], ring: Sequence[int], hole: bool) -> list[int]:
    """The ring with outer rings counter-clockwise (positive area) and holes clockwise."""
    points = arc_points(arcs, ring)
    area = sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(points, points[1:], strict=False))
    return list(ring) if (area > 0) != hole else [~ref for ref in reversed(ring)]


def labels(arcs: Sequence[Sequence[Point]], rings: Sequence[Sequence[int]]) -> list[list[int]]:
    """The largest rectangle of each aspect inside the place, in whole metres (shrunk to whole metres inside)."""
    polygons = [arc_points(arcs, ring)[:-1] for ring in rings]
    xs = [p[0] for ring in polygons for p in ring]
    ys = [p[1] for ring in polygons for p in ring]
    precision = max(25.0, min(max(xs) - min(xs), max(ys) - min(ys)) / 400)
    found = []
    for aspect in ASPECTS:
        rect = inscribed_rect(polygons, aspect, precision)
        if rect and rect[3] >= 2:
            x, y, w, h = rect
            left, top = math.ceil(x), math.ceil(y)
            found.append([left, top, math.floor(x + w) - left, math.floor(y + h) - top])
    return found


def inscribed_rect(
    rings: Sequence[Sequence[tuple[float, float]]], aspect: float, precision: float
) -> Rect | None:
    """The largest rectangle of this aspect (width / height) inside the rings, to `precision`: polylabel's cell
    search with the max-norm distance, so the distance found is the rectangle's half height."""
    xs, ys = [p[0] for ring in rings for p in ring], [p[1] for ring in rings for p in ring]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    side = min((x1 - x0) / aspect, y1 - y0)
    if side <= 0:
        return None
    heap: list[tuple[float, float, float, float, float]] = []

    def push(cx: float, cy: float, half: float) -> None:
        room = label_room(cx, cy, aspect, rings)
        heapq.heappush(heap, (-(room + half), room, cx, cy, half))

    half = side / 2
    for i in range(math.ceil((x1 - x0) / aspect / side)):
        for j in range(math.ceil((y1 - y0) / side)):
            push(x0 + (i * side + half) * aspect, y0 + j * side + half, half)
    best = (0.0, 0.0, 0.0)
    while heap:
        potential, room, cx, cy, half = heapq.heappop(heap)
        if room > best[0]:
            best = (room, cx, cy)
        if -potential - best[0] <= precision:
            break
        for sx, sy in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
            push(cx + sx * half / 2 * aspect, cy + sy * half / 2, half / 2)
    room, cx, cy = best
    return (cx - aspect * room, cy - room, 2 * aspect * room, 2 * room) if room > 0 else None


def build(topojson: dict, year: int, source: str) -> dict:
    arcs = [project(arc) for arc in topojson["arcs"]]
    municipalities = {}
    for geometry in topojson["objects"]["Kommuner"]["geometries"]:
        number = str(geometry["properties"]["kommunenummer"]).zfill(4)
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [
            oriented(arcs, ring, i > 0) for polygon in polygons for i, ring in enumerate(polygon)
        ]
        municipalities[number] = {"rings": rings, "labels": labels(arcs, rings)}
    counties: dict[str, dict] = {}
    for number in sorted({n[:2] for n in municipalities}):
        members = [m["rings"] for n, m in municipalities.items() if n[:2] == number]
        counties[number] = {
            "labels": labels(arcs, merge_rings(arcs, (ring for rings in members for ring in rings)))
        }
    flat = []
    for arc in arcs:
        steps = [v for p, q in zip(arc, arc[1:], strict=False) for v in (q[0] - p[0], q[1] - p[1])]
        flat.append([*arc[0], *steps])
    return {
        "about": ABOUT.format(year=year, source=source),
        "arcs": flat,
        "levels": [levels(arc) for arc in arcs],
        "municipalities": dict(sorted(municipalities.items())),
        "counties": counties,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "source", type=Path, help="folder with kommuner-2020.topojson and kommuner-2024.topojson"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for year in YEARS:
        topojson = json.loads(
            (args.source / f"kommuner-{year}.topojson").read_text(encoding="utf-8")
        )
        data = build(topojson, year, SOURCES[year])
        target = args.out / f"kommuner-{year}.json"
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text.replace("],[", "],\n[") + "\n", encoding="utf-8")
        print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
