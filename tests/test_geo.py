"""Map geometry: one shape per municipality, inside its box, faithful to Kartverket's data, shared borders exact."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from generator.errors import DeckError
from generator.norway import mapgeometry as geo
from generator.norway import register

BOX = (40.0, 90.0, 600.0, 400.0)
PIXELS = 2  # raster pixels per point for the reference comparison
# Nordland and Vestland: thousands of island points, see test_budget_buys_detail
ARCHIPELAGOS = {"18", "46"}
SIMPLE = 0.97  # least intersection over union of drawn region and the unsimplified data at the default budget
ARCHIPELAGO = 0.94


def numbers(county: str | int, year: int) -> list[str]:
    return [m.number for m in register.county(county, year).municipalities]


def points(shape: geo.MapShape) -> set[geo.Point]:
    return {p for ring in shape.rings for p in ring}


def area(ring: Sequence[geo.Point]) -> float:
    return (
        sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2
    )


def count_points(drawing: geo.MapDrawing) -> int:
    return sum(len(ring) for shape in drawing.shapes for ring in shape.rings)


def full_data(year: int, wanted: Sequence[str]) -> list[list[list[tuple[int, int]]]]:
    """The shipped rings of these municipalities at full resolution, in metres, read without
    generator.norway.mapgeometry."""
    data = json.loads((geo.MAPS / f"kommuner-{year}.json").read_text(encoding="utf-8"))
    arcs = []
    for flat in data["arcs"]:
        arc = [(flat[0], flat[1])]
        for i in range(2, len(flat), 2):
            arc.append((arc[-1][0] + flat[i], arc[-1][1] + flat[i + 1]))
        arcs.append(arc)
    shapes = []
    for number in wanted:
        rings = []
        for ring in data["municipalities"][number]["rings"]:
            pts: list[tuple[int, int]] = []
            for ref in ring:
                arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                pts.extend(arc[1:] if pts else arc)
            rings.append(pts)
        shapes.append(rings)
    return shapes


def raster(
    shapes: Sequence[Sequence[Sequence[tuple[float, float]]]], size: tuple[int, int]
) -> Image.Image:
    """The union of the shapes, each its outer rings (clockwise on the slide) less its holes."""
    union = Image.new("1", size, 0)
    for rings in shapes:
        mask = Image.new("1", size, 0)
        draw = ImageDraw.Draw(mask)
        for ring in sorted(rings, key=lambda r: area(r) > 0):
            draw.polygon(
                [(x * PIXELS, y * PIXELS) for x, y in ring], fill=0 if area(ring) > 0 else 1
            )
        union = ImageChops.logical_or(union, mask)
    return union


def filled(image: Image.Image) -> int:
    return image.histogram()[-1]


def reference_iou(drawing: geo.MapDrawing, year: int, wanted: Sequence[str]) -> float:
    """Intersection over union of the drawn region and the unsimplified data projected into `drawing.bounds`."""
    full = full_data(year, [n for n in wanted if n not in drawing.missing])
    xs = [x for rings in full for ring in rings for x, _ in ring]
    ys = [y for rings in full for ring in rings for _, y in ring]
    bx, by, bw, bh = drawing.bounds
    scale = bw / (max(xs) - min(xs))
    left, top = min(xs), max(ys)
    projected = [
        [[(bx + (x - left) * scale, by + (top - y) * scale) for x, y in r] for r in rings]
        for rings in full
    ]
    size = (int((BOX[0] + BOX[2]) * PIXELS) + 2, int((BOX[1] + BOX[3]) * PIXELS) + 2)
    drawn = raster([s.rings for s in drawing.shapes if s.role == "region"], size)
    truth = raster(projected, size)
    return filled(ImageChops.logical_and(drawn, truth)) / filled(
        ImageChops.logical_or(drawn, truth)
    )


def assert_inside(drawing: geo.MapDrawing, box: tuple[float, float, float, float]) -> None:
    x0, y0, w, h = box
    for shape in drawing.shapes:
        for x, y in points(shape):
            assert x0 <= x <= x0 + w and y0 <= y <= y0 + h, (shape.name, x, y)
        if shape.label:
            spot = shape.label
            assert (
                x0 <= spot.x
                and spot.x + spot.width <= x0 + w
                and y0 <= spot.y
                and spot.y + spot.height <= y0 + h
            )
    bx, by, bw, bh = drawing.bounds
    assert (
        x0 - 1e-9 <= bx
        and bx + bw <= x0 + w + 1e-9
        and y0 - 1e-9 <= by
        and by + bh <= y0 + h + 1e-9
    )


@pytest.mark.parametrize(
    ("lon", "lat", "east", "north"),
    [  # PROJ 9, EPSG:4258 to EPSG:25833
        (10.75, 59.91, 262409.7321, 6649017.7489),
        (15.0, 60.0, 500000.0, 6651411.1902),
        (31.0, 70.5, 1090037.2383, 7899914.5210),
        (4.6, 61.0, -60844.8892, 6807486.6943),
        (9.6, 59.2, 191776.0584, 6574812.7425),
        (25.0, 71.1, 860071.2686, 7918369.4291),
    ],
)
def test_projection_is_utm_zone_33(lon: float, lat: float, east: float, north: float) -> None:
    got = geo.utm33(lon, lat)
    assert got == pytest.approx((east, north), abs=0.005)


def test_map_draws_one_shape_per_municipality_with_ssb_names() -> None:
    telemark = register.county(40, 2024)
    drawing = geo.region_map(2024, numbers(40, 2024), BOX)
    region = [s for s in drawing.shapes if s.role == "region"]
    assert [(s.number, s.name) for s in region] == [
        (m.number, m.name) for m in telemark.municipalities
    ]
    assert drawing.shapes[: len(region)] == tuple(region)
    assert {s.role for s in drawing.shapes[len(region) :]} == {"context"}
    assert drawing.credit == "Kartdata: © Kartverket (CC BY 4.0)"
    assert drawing.missing == ()


def test_region_shapes_come_in_the_order_asked() -> None:
    drawing = geo.region_map(2024, ["4003", "3909", "4001"], BOX, context="none")
    assert [s.name for s in drawing.shapes] == ["Skien", "Larvik", "Porsgrunn"]


def test_parallel_names_come_from_ssb() -> None:
    drawing = geo.region_map(2024, ["5622", "1833"], BOX, context="none")
    assert [s.name for s in drawing.shapes] == ["Porsanger - Porsángu - Porsanki", "Rana - Raane"]


@pytest.mark.parametrize("context", geo.CONTEXTS)
def test_every_point_and_label_lies_inside_the_box(context: str) -> None:
    drawing = geo.region_map(2020, numbers(38, 2020), BOX, context=context)
    assert_inside(drawing, BOX)


def test_context_shapes_are_clipped_to_the_box_edge() -> None:
    drawing = geo.region_map(2024, numbers(39, 2024), BOX)
    on_edge = [
        p
        for s in drawing.shapes
        if s.role == "context"
        for p in points(s)
        if p[0] in (BOX[0], BOX[0] + BOX[2])
    ]
    assert on_edge


def test_region_is_fitted_with_its_aspect_kept_and_centred() -> None:
    wanted = numbers(39, 2024)
    drawing = geo.region_map(2024, wanted, BOX)
    full = full_data(2024, wanted)
    xs = [x for rings in full for ring in rings for x, _ in ring]
    ys = [y for rings in full for ring in rings for _, y in ring]
    bx, by, bw, bh = drawing.bounds
    assert bw / bh == pytest.approx((max(xs) - min(xs)) / (max(ys) - min(ys)), rel=1e-9)
    # Vestfold is tall: it fills the height
    assert bh == pytest.approx(BOX[3]) and by == pytest.approx(BOX[1])
    assert bx - BOX[0] == pytest.approx(BOX[0] + BOX[2] - bx - bw)
    region = [p for s in drawing.shapes if s.role == "region" for p in points(s)]
    drawn_w = max(x for x, _ in region) - min(x for x, _ in region)
    drawn_h = max(y for _, y in region) - min(y for _, y in region)
    assert drawn_w / drawn_h == pytest.approx(bw / bh, rel=0.01)


def test_neighbours_share_border_points_exactly() -> None:
    drawing = geo.region_map(2024, numbers(40, 2024), BOX)
    shapes = {s.number: s for s in drawing.shapes}
    assert len(points(shapes["4003"]) & points(shapes["4001"])) >= 6  # Skien and Porsgrunn
    # Porsgrunn and Larvik (context)
    assert len(points(shapes["4001"]) & points(shapes["3909"])) >= 3


def test_county_context_meets_the_region_on_the_same_points() -> None:
    drawing = geo.region_map(2024, numbers(40, 2024), BOX, context="counties")
    vestfold = next(s for s in drawing.shapes if s.number == "39")
    assert vestfold.name == "Vestfold" and vestfold.role == "context"
    telemark = set().union(*(points(s) for s in drawing.shapes if s.role == "region"))
    assert len(points(vestfold) & telemark) >= 10


def test_county_context_leaves_out_the_region() -> None:
    drawing = geo.region_map(2024, ["4001", "4003"], BOX, context="counties")
    telemark = next(s for s in drawing.shapes if s.number == "40")
    assert telemark.role == "context"
    assert reference_iou(drawing, 2024, ["4001", "4003"]) > SIMPLE
    rest = raster([telemark.rings], (1400, 1000))
    region = raster([s.rings for s in drawing.shapes if s.role == "region"], (1400, 1000))
    overlap = filled(ImageChops.logical_and(rest, region))
    assert overlap < 0.01 * filled(region)


@pytest.mark.parametrize(
    ("county", "number", "name"), [(11, "1144", "Kvitsøy"), (18, "1835", "Træna")]
)
def test_municipality_without_polygon_is_reported_missing(
    county: int, number: str, name: str
) -> None:
    wanted = numbers(county, 2020)
    drawing = geo.region_map(2020, wanted, BOX)
    assert drawing.missing == (number,)
    assert [s.number for s in drawing.shapes if s.role == "region"] == [
        n for n in wanted if n != number
    ]
    assert name in {m.name for m in register.county(county, 2020).municipalities}


def test_the_same_municipality_has_a_polygon_in_2024() -> None:
    drawing = geo.region_map(2024, ["1144"], BOX, context="none")
    assert drawing.missing == () and drawing.shapes[0].name == "Kvitsøy"


@pytest.mark.parametrize("budget", [400, 800, 1200, 2000, 5000])
def test_budget_is_respected(budget: int) -> None:
    drawing = geo.region_map(2024, numbers(40, 2024), BOX, budget=budget)
    assert count_points(drawing) <= budget
    assert len([s for s in drawing.shapes if s.role == "region"]) == 17


def test_budget_too_small_says_how_much_is_needed() -> None:
    with pytest.raises(DeckError) as raised:
        geo.region_map(2024, numbers(46, 2024), BOX, budget=50)
    assert (
        "needs at least" in raised.value.message
        and "more than its budget of 50" in raised.value.message
    )


def test_default_budget_is_used_without_waste() -> None:
    drawing = geo.region_map(2024, numbers(40, 2024), BOX)
    assert 1800 <= count_points(drawing) <= 2000


@pytest.mark.parametrize(("year", "county"), [(2020, 38), (2024, 39), (2024, 40)])
def test_drawing_agrees_with_the_unsimplified_data(year: int, county: int) -> None:
    wanted = numbers(county, year)
    assert reference_iou(geo.region_map(year, wanted, BOX), year, wanted) > SIMPLE


# the default run draws a city, a county of islands (Nordland), Telemark and Finnmark; all under --sweep
QUICK_COUNTIES = ("03", "18", "40", "56")


@pytest.mark.parametrize(
    "county",
    [
        pytest.param(c.number, marks=() if c.number in QUICK_COUNTIES else pytest.mark.sweep)
        for c in register.counties(2024)
    ],
)
def test_every_county_of_2024_is_drawn(county: str) -> None:
    wanted = numbers(county, 2024)
    drawing = geo.region_map(2024, wanted, BOX)
    region = [s for s in drawing.shapes if s.role == "region"]
    official = register.county(county, 2024).municipalities
    assert [(s.number, s.name) for s in region] == [(m.number, m.name) for m in official]
    assert all(s.rings and all(len(ring) >= 3 for ring in s.rings) for s in drawing.shapes)
    assert all(s.label is not None for s in region)
    assert count_points(drawing) <= 2000
    assert_inside(drawing, BOX)
    assert reference_iou(drawing, 2024, wanted) > (
        ARCHIPELAGO if county in ARCHIPELAGOS else SIMPLE
    )


@pytest.mark.parametrize("county", sorted(ARCHIPELAGOS))
def test_budget_buys_detail(county: str) -> None:
    wanted = numbers(county, 2024)
    coarse = reference_iou(geo.region_map(2024, wanted, BOX, budget=1000), 2024, wanted)
    fine = reference_iou(geo.region_map(2024, wanted, BOX, budget=4000), 2024, wanted)
    assert coarse < fine and fine > SIMPLE


def test_labels_lie_inside_their_shapes() -> None:
    drawing = geo.region_map(2024, numbers(40, 2024), BOX)
    size = (int((BOX[0] + BOX[2]) * PIXELS) + 2, int((BOX[1] + BOX[3]) * PIXELS) + 2)
    labelled = [s for s in drawing.shapes if s.label and s.label.width > 2 and s.label.height > 2]
    assert len(labelled) > 30
    for shape in labelled:
        x, y, w, h = (
            shape.label.x + 0.5,
            shape.label.y + 0.5,
            shape.label.width - 1,
            shape.label.height - 1,
        )
        label = raster([[[(x, y), (x, y + h), (x + w, y + h), (x + w, y)]]], size)
        assert filled(ImageChops.logical_and(label, raster([shape.rings], size))) == filled(
            label
        ), shape.name


def test_labels_are_roomy_in_large_municipalities() -> None:
    drawing = geo.region_map(2024, numbers(40, 2024), BOX, context="none")
    vinje = next(s for s in drawing.shapes if s.name == "Vinje")
    largest = max(vinje.rings, key=lambda r: abs(area(r)))
    assert vinje.label is not None and vinje.label.width * vinje.label.height > 0.2 * -area(largest)


def test_tiny_rings_are_dropped_but_no_municipality_is() -> None:
    box = (0.0, 0.0, 90.0, 60.0)
    drawing = geo.region_map(2024, numbers(18, 2024), box, context="none")
    assert len(drawing.shapes) == 41
    for shape in drawing.shapes:
        assert shape.rings
        if len(shape.rings) > 1:
            assert all(abs(area(ring)) >= geo.MIN_AREA for ring in shape.rings), shape.name


def test_islands_are_kept_as_rings_of_their_municipality() -> None:
    drawing = geo.region_map(2024, numbers(39, 2024), BOX, context="none")
    faerder = next(s for s in drawing.shapes if s.name == "Færder")
    assert len(faerder.rings) >= 3


def test_outer_rings_run_clockwise_and_holes_the_other_way() -> None:
    # Skien has a hole in Kartverket's data
    drawing = geo.region_map(2024, ["4003"], BOX, context="none")
    [skien] = drawing.shapes
    signs = sorted(area(ring) > 0 for ring in skien.rings)
    assert signs[0] is False and signs[-1] is True
    assert area(max(skien.rings, key=lambda r: abs(area(r)))) < 0


def test_drawing_is_the_same_every_time() -> None:
    assert geo.region_map(2024, numbers(40, 2024), BOX) == geo.region_map(
        2024, numbers(40, 2024), BOX
    )


@pytest.mark.parametrize(
    ("year", "wanted", "context", "box", "budget", "message"),
    [
        (2024, ["3803"], "none", BOX, 2000, "no municipality 3803 in 2024"),
        (2023, ["3803"], "none", BOX, 2000, "no municipality register for 2023"),
        (2024, [], "none", BOX, 2000, "no municipalities to draw"),
        (2024, ["3901"], "sea", BOX, 2000, "unknown map context 'sea'"),
        (
            2024,
            ["3901"],
            "none",
            (0, 0, 0, 100),
            2000,
            "a map needs a box with a width and height above 0",
        ),
        (2020, ["1144"], "none", BOX, 2000, "no map data for municipalities 1144 in 2020"),
    ],
)
def test_bad_requests_are_deck_errors(
    year: int, wanted: list[str], context: str, box: geo.Rect, budget: int, message: str
) -> None:
    with pytest.raises(DeckError) as raised:
        geo.region_map(year, wanted, box, context=context, budget=budget)
    assert message in raised.value.message


def test_shipped_maps_cover_the_register() -> None:
    for year in (2020, 2024):
        data = json.loads((geo.MAPS / f"kommuner-{year}.json").read_text(encoding="utf-8"))
        known = {m.number for c in register.counties(year) for m in c.municipalities}
        assert known - set(data["municipalities"]) == ({"1144", "1835"} if year == 2020 else set())
        assert set(data["municipalities"]) <= known
    size = sum(path.stat().st_size for path in geo.MAPS.iterdir())
    assert size < 1_500_000


SHAPE = (
    '<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
    '<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:custGeom><a:avLst/><a:gdLst/><a:ahLst/>'
    '<a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>{paths}</a:pathLst></a:custGeom><a:solidFill>'
    '<a:schemeClr val="accent1"/></a:solidFill><a:ln w="6350"><a:solidFill><a:schemeClr val="bg1"/></a:solidFill>'
    "</a:ln></p:spPr></p:sp>"
)
LABEL = (
    '<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
    '<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
    '</a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
    'anchor="ctr"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="nb-NO" '
    'sz="1000" dirty="0"/><a:t>{name}</a:t></a:r></a:p></p:txBody></p:sp>'
)


def drawingml(drawing: geo.MapDrawing) -> str:
    """The map as a slide would hold it: a custom shape per municipality of the region and a text box on its label
    spot, all context in one shape with a path per context shape; coordinates in EMU, paths local to the shape."""
    emu = 12700

    def path(shapes: Sequence[geo.MapShape], x0: float, y0: float, w: float, h: float) -> str:
        out = []
        for shape in shapes:
            steps = []
            for ring in shape.rings:
                for i, (x, y) in enumerate(ring):
                    tag = "moveTo" if i == 0 else "lnTo"
                    steps.append(
                        f'<a:{tag}><a:pt x="{round((x - x0) * emu)}" y="{round((y - y0) * emu)}"/></a:{tag}>'
                    )
                steps.append("<a:close/>")
            out.append(
                f'<a:path w="{round(w * emu)}" h="{round(h * emu)}">{"".join(steps)}</a:path>'
            )
        return "".join(out)

    def shape(shapes: Sequence[geo.MapShape], name: str, ident: int) -> str:
        xs = [x for s in shapes for x, _ in points(s)]
        ys = [y for s in shapes for _, y in points(s)]
        x0, y0, w, h = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
        box = {"x": round(x0 * emu), "y": round(y0 * emu), "w": round(w * emu), "h": round(h * emu)}
        return SHAPE.format(id=ident, name=name, paths=path(shapes, x0, y0, w, h), **box)

    parts = []
    for i, s in enumerate(s for s in drawing.shapes if s.role == "region"):
        parts.append(shape([s], s.name, 10 + 2 * i))
        if s.label:
            spot = {"x": s.label.x, "y": s.label.y, "w": s.label.width, "h": s.label.height}
            spot = {key: round(value * emu) for key, value in spot.items()}
            parts.append(LABEL.format(id=11 + 2 * i, name=s.name, **spot))
    context = [s for s in drawing.shapes if s.role == "context"]
    return "".join(parts) + (shape(context, "Kart", 9) if context else "")


def test_county_maps_stay_well_under_150_kb_of_slide_xml() -> None:
    sizes = {
        c.number: len(drawingml(geo.region_map(2024, numbers(c.number, 2024), BOX)).encode())
        for c in register.counties(2024)
    }
    assert max(sizes.values()) < 150_000, sizes
    assert sizes["39"] < 80_000 and sizes["40"] < 120_000, sizes


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(numbers(40, 2024)), min_size=1, max_size=6, unique=True),
    st.tuples(st.floats(-50, 500), st.floats(-50, 500), st.floats(40, 900), st.floats(40, 600)),
    st.sampled_from(geo.CONTEXTS),
    st.integers(300, 3000),
)
def test_any_request_stays_in_its_box_and_budget(
    wanted: list[str], box: geo.Rect, context: str, budget: int
) -> None:
    drawing = geo.region_map(2024, wanted, box, context=context, budget=budget)
    assert [s.number for s in drawing.shapes if s.role == "region"] == wanted
    assert count_points(drawing) <= budget
    assert_inside(drawing, box)
