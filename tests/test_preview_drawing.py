"""The preview's drawing, read back as SVG: charts whose bars, slices and points stand in the ratio of their values
on a scale that holds them, tables of one cell per value tiling their box in the deck's table style, preset
outlines that stay in their box, theme colours resolved through the colour map with DrawingML's modifiers, and
slides on the shipped master with its backgrounds, its own shapes, its footer and the slide's shapes on top."""

from __future__ import annotations

import colorsys
import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.errors import Location
from generator.master.reader import Master, load_master
from generator.model.charts import ChartSpec, Series
from generator.model.deck import DeckInfo, SlideSpec
from generator.model.shapes import (
    Chart,
    FigureSpec,
    Geometry,
    MapArea,
    MapSpec,
    Paragraph,
    Placeholder,
    Table,
)
from generator.model.tables import TableSpec, approximate_width, column_widths, row_height_of
from generator.ooxml.names import NS
from generator.preview.chartframe import Scale, frame, number_text, scale
from generator.preview.charts import draw_chart
from generator.preview.colors import Palette, modified_by, tint
from generator.preview.geometry import known, preset_path
from generator.preview.masterlook import master_look
from generator.preview.svg import draw_slide
from generator.preview.tables import draw_table
from tests import masters
from tests.conftest import REPO, examples

SVG = "{http://www.w3.org/2000/svg}"
BASE = REPO / "templates" / "base.pptx"
BOX = (40.0, 60.0, 600.0, 360.0)
META = DeckInfo("Prøve", "Forfatter", dt.date(2024, 1, 1), "nb-NO")


@pytest.fixture(scope="module")
def master() -> Master:
    return load_master(BASE)


@pytest.fixture(scope="module")
def palette(master: Master) -> Palette:
    return master_look(master).palette


def _measure(text: str, size: float) -> float:
    return approximate_width(text, size, False)


def _parsed(fragment: str) -> ET.Element:
    return ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{fragment}</svg>')


def _rects(fragment: str) -> list[dict[str, str]]:
    return [r.attrib for r in _parsed(fragment).iter(f"{SVG}rect")]


def _chart(spec: ChartSpec, box: tuple[float, float, float, float] = BOX) -> Chart:
    return Chart(name="Diagram", box=box, figure=FigureSpec(kind=spec.kind, data="d"), spec=spec)


def _spec(kind: str, *rows: tuple[float | None, ...], **more: object) -> ChartSpec:
    categories = tuple(f"Kategori {i}" for i in range(len(rows[0])))
    series = tuple(Series(f"Serie {k}", row) for k, row in enumerate(rows))
    return ChartSpec(kind, categories, series, **more)


def _drawn_chart(spec: ChartSpec, palette: Palette) -> tuple[str, list[str]]:
    unseen: list[str] = []
    return draw_chart(_chart(spec), palette, "Carlito", _measure, "nb-NO", unseen), unseen


def _sides(rect: dict[str, str]) -> tuple[float, float, float, float]:
    return tuple(float(rect[k]) for k in ("x", "y", "width", "height"))


# ---------------------------------------------------------------- the value scale and the chart's frame


@settings(max_examples=examples(60, 600))
@given(
    st.lists(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 3)),
        min_size=1,
        max_size=12,
    )
)
def test_a_value_scale_holds_every_value_and_zero_in_at_most_ten_round_steps(
    values: list[float],
) -> None:
    """Zero too, unless the values have one sign and lie within a sixth of the one farthest from zero: the
    renderers then start the axis near them."""
    axis = scale(values)
    slack = 1e-9 * max(1.0, abs(axis.low), abs(axis.high))
    near, far = sorted((abs(min(values)), abs(max(values))))
    narrow = min(values) * max(values) > 0 and near != far and near / far >= 5 / 6
    held = values if narrow else [0.0, *values]
    assert axis.low <= min(held) + slack and axis.high >= max(held) - slack
    assert 1 - 1e-9 <= (axis.high - axis.low) / axis.step <= 10 + 1e-9 + slack / axis.step
    mantissa = axis.step / 10 ** math.floor(math.log10(axis.step))
    assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-6
    assert narrow or any(abs(tick) <= slack + 1e-9 * axis.step for tick in axis.ticks)
    assert axis.at(axis.low, 100.0, 50.0) == pytest.approx(100.0)
    assert axis.at(axis.high, 100.0, 50.0) == pytest.approx(150.0)


def test_a_scale_places_values_in_proportion_along_its_axis() -> None:
    axis = Scale(0.0, 80.0, 10.0)
    assert axis.ticks == [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    assert axis.at(20.0, 0.0, 400.0) == pytest.approx(100.0)
    assert axis.at(60.0, 500.0, -400.0) == pytest.approx(200.0)  # upwards, as columns grow


def test_numbers_are_written_as_the_format_and_the_language_write_them() -> None:
    assert number_text(1300, "#,##0", "nb-NO") == "1\u00a0300"
    assert number_text(1300, "#,##0", "en-GB") == "1,300"
    assert number_text(12.5, "0.0", "nb-NO") == "12,5"
    assert number_text(0.12, "0%", "nb-NO") == "12%"
    assert number_text(7, "[Blue]0", "nb-NO") == "7"


def test_a_title_and_a_legend_take_their_room_from_the_plot() -> None:
    bare = frame(BOX, _spec("column", (1, 2)), _measure, ["0", "1", "2"], legend=False)
    titled = frame(BOX, _spec("column", (1, 2), title="Tittel"), _measure, ["0", "2"], False)
    legend = frame(BOX, _spec("column", (1, 2), (2, 1)), _measure, ["0", "1", "2"], True)
    x, y, w, h = BOX
    for parts in (bare, titled, legend):
        px, py, pw, ph = parts.plot
        assert x <= px and y <= py and px + pw <= x + w and py + ph <= y + h
    assert bare.title_y is None and bare.legend_y is None
    assert y < titled.title_y < titled.plot[1] and titled.plot[1] > bare.plot[1]
    assert legend.plot[1] + legend.plot[3] < legend.legend_y < y + h
    assert legend.plot[3] < bare.plot[3]


def test_a_pie_keeps_its_legend_to_the_right_of_the_slices() -> None:
    spec = _spec("pie", (1, 2, 3))
    parts = frame(BOX, spec, _measure, [], legend=True)
    assert parts.legend_y is None
    assert parts.plot[0] + parts.plot[2] < parts.legend_x < BOX[0] + BOX[2]


# ---------------------------------------------------------------- charts


@settings(max_examples=examples(40, 400))
@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=12))
def test_columns_stand_on_one_line_with_heights_in_the_ratio_of_their_values(
    values: list[int],
) -> None:
    """Their values above the axis' foot: zero, or, for values close together, where the axis starts."""
    palette = Palette({"accent1": "1A7F8E"})
    spec = _spec("column", tuple(values))
    svg, unseen = _drawn_chart(spec, palette)
    bars = [_sides(r) for r in _rects(svg)]  # one series: no legend, every rect is a column
    assert len(bars) == len(values) and unseen == []
    tallest = max(h for _, _, _, h in bars)
    foot = scale([float(v) for v in values], spec.number_format).base
    for (_, y, _, h), value in zip(bars, values, strict=True):
        assert h == pytest.approx((value - foot) / (max(values) - foot) * tallest, abs=0.02)
        assert y + h == pytest.approx(bars[0][1] + bars[0][3], abs=0.02)
    lefts = [x for x, _, _, _ in bars]
    assert lefts == sorted(lefts) and len({round(w, 2) for _, _, w, _ in bars}) == 1


def test_bars_lie_from_the_zero_line_and_a_negative_one_goes_the_other_way(
    palette: Palette,
) -> None:
    svg, _ = _drawn_chart(_spec("bar", (30, -10, 20)), palette)
    (x1, y1, w1, _), (x2, y2, w2, _), (x3, y3, w3, _) = (_sides(r) for r in _rects(svg))
    zero = x1  # the positive bars start at the zero line, the negative one ends there
    assert x3 == pytest.approx(zero, abs=0.02) and x2 + w2 == pytest.approx(zero, abs=0.02)
    assert w1 / w3 == pytest.approx(30 / 20, rel=1e-3) and w1 / w2 == pytest.approx(3, rel=1e-3)
    assert y1 < y2 < y3  # the first category at the top, as bars read


def test_each_series_has_its_colour_and_a_legend_names_them(palette: Palette) -> None:
    svg, _ = _drawn_chart(_spec("column", (1, 2, 3), (3, 2, 1)), palette)
    root = _parsed(svg)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills[:3] == [palette.resolve("accent1")] * 3
    assert fills[3:6] == [palette.resolve("accent2")] * 3
    assert sorted(fills[6:]) == sorted(palette.resolve(a) for a in ("accent1", "accent2"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Serie 0" in texts and "Serie 1" in texts and "Kategori 2" in texts


def test_a_highlighted_category_stands_out_from_every_series(palette: Palette) -> None:
    svg, _ = _drawn_chart(_spec("column", (1, 2, 3), (3, 2, 1), highlight=1), palette)
    fills = [r.get("fill") for r in _parsed(svg).iter(f"{SVG}rect")][:6]
    highlighted = {fills[1], fills[4]}
    others = {fills[0], fills[2], fills[3], fills[5]}
    assert len(highlighted) == 1 and not highlighted & others


def test_a_highlight_the_axis_leaves_out_is_named_past_its_bar_as_the_deck_writes_it(
    palette: Palette,
) -> None:
    """Every second category named on the axis: the highlighted second one is named past its bar, in its
    first series with a value there; one the axis names is not named twice."""
    rows = ((1, None, 3, 4), (2, 5, 1, 2))
    svg, _ = _drawn_chart(_spec("bar", *rows, highlight=1, label_skip=2), palette)
    root = _parsed(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("Kategori 1") == 1 and "Kategori 3" not in texts
    (name,) = [t for t in root.iter(f"{SVG}text") if t.text == "Kategori 1"]
    bars = [_sides(r) for r in _rects(svg) if r.get("fill") == palette.resolve("accent2")]
    (bar,) = bars  # the highlight in the second series only: the first has no value there
    assert float(name.get("x")) > bar[0] + bar[2]
    assert bar[1] < float(name.get("y")) < bar[1] + bar[3] + 12
    svg, _ = _drawn_chart(_spec("bar", *rows, highlight=2, label_skip=2), palette)
    assert [t.text for t in _parsed(svg).iter(f"{SVG}text")].count("Kategori 2") == 1


def test_a_pie_cuts_slices_in_proportion_and_leaves_out_a_zero(palette: Palette) -> None:
    values = (10.0, 0.0, 30.0, 20.0)
    svg, _ = _drawn_chart(_spec("pie", values), palette)
    group = _parsed(svg).find(f"{SVG}g")
    slices = [p.get("d") for p in group.iter(f"{SVG}path")]
    assert len(slices) == 3
    sweeps = []
    for d in slices:
        # M cx cy L x1 y1 A r r 0 large 1 x2 y2 Z: the decimals are the points and the radius
        cx, cy, x1, y1, _, _, x2, y2 = (float(n) for n in re.findall(r"-?\d+\.\d+", d))
        start = math.atan2(x1 - cx, cy - y1)  # clockwise from twelve o'clock
        end = math.atan2(x2 - cx, cy - y2)
        sweeps.append((end - start) % (2 * math.pi))
    assert sum(sweeps) == pytest.approx(2 * math.pi, abs=1e-3)
    for sweep, value in zip(sweeps, (10.0, 30.0, 20.0), strict=True):
        assert sweep == pytest.approx(value / sum(values) * 2 * math.pi, abs=2e-3)


def test_a_line_runs_through_every_value_and_breaks_at_a_gap(palette: Palette) -> None:
    svg, _ = _drawn_chart(_spec("line", (1, 4, None, 2, 3)), palette)
    root = _parsed(svg)
    runs = [p.get("points").split() for p in root.iter(f"{SVG}polyline")]
    assert [len(run) for run in runs] == [2, 2]
    markers = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    assert len(markers) == 4
    heights = {v: y for (_, y), v in zip(markers, (1, 4, 2, 3), strict=True)}
    assert heights[4] < heights[3] < heights[2] < heights[1]  # higher values higher up
    rise = (heights[1] - heights[2], heights[1] - heights[4])
    assert rise[1] == pytest.approx(3 * rise[0], abs=0.05)


def test_a_combo_draws_its_second_series_as_a_line_on_a_scale_of_its_own(
    palette: Palette,
) -> None:
    spec = ChartSpec(
        "combo",
        ("2022", "2023", "2024"),
        (Series("Kroner", (100, 200, 300)), Series("Andel", (0.1, 0.2, 0.3), "secondary")),
        secondary_format="0%",
    )
    svg, _ = _drawn_chart(spec, palette)
    root = _parsed(svg)
    assert len([r for r in root.iter(f"{SVG}rect") if float(r.get("width")) > 6]) == 3
    (line,) = root.iter(f"{SVG}polyline")
    assert len(line.get("points").split()) == 3
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "30%" in texts and "300" in texts


def test_a_chart_without_data_is_not_drawn_and_said_so(palette: Palette) -> None:
    unseen: list[str] = []
    empty = Chart(name="Tomt", box=BOX, figure=FigureSpec(kind="column", data="d"))
    assert draw_chart(empty, palette, "Carlito", _measure, "nb-NO", unseen) == ""
    assert unseen == ["the chart 'Tomt' has no data to draw"]


# ---------------------------------------------------------------- tables


def _table(rows: int, columns: int, numeric: tuple[bool, ...] = ()) -> Table:
    spec = TableSpec(
        tuple(f"Kolonne {c}" for c in range(columns)),
        tuple(tuple(f"{r * columns + c}" for c in range(columns)) for r in range(rows)),
        numeric,
    )
    widths = column_widths(spec, 600.0, 18.0, approximate_width)
    height = row_height_of(widths, 18.0, approximate_width)
    heights = (row_height_of(widths, 18.0, approximate_width, True)(spec.header),)
    heights += tuple(height(row) for row in spec.rows)
    return Table(
        name="Tabell",
        box=(50.0, 80.0, 600.0, sum(heights)),
        figure=FigureSpec(kind="table", data="d"),
        spec=spec,
        size=18.0,
        widths=widths,
        heights=heights,
    )


@pytest.mark.parametrize(("rows", "columns"), [(1, 1), (3, 2), (5, 4)])
def test_a_table_draws_a_cell_per_value_that_tiles_its_box(
    rows: int, columns: int, palette: Palette
) -> None:
    shape = _table(rows, columns)
    cells = [
        _sides(r) for r in _rects(draw_table(shape, palette, "Carlito", approximate_width, []))
    ]
    assert len(cells) == (rows + 1) * columns  # the header row, then the rows
    x0, y0, width, height = shape.box
    for n in range(rows + 1):
        row = cells[n * columns : (n + 1) * columns]
        assert {round(y, 2) for _, y, _, _ in row} == {round(y0 + sum(shape.heights[:n]), 2)}
        lefts = [x for x, _, _, _ in row]
        assert lefts == pytest.approx(
            [x0 + sum(shape.widths[:c]) for c in range(columns)], abs=0.01
        )
        assert sum(w for _, _, w, _ in row) == pytest.approx(width, abs=0.05)
    assert cells[-1][1] + cells[-1][3] == pytest.approx(y0 + height, abs=0.05)


def test_a_table_has_its_header_in_the_accent_and_rows_banded_in_its_tints(
    palette: Palette,
) -> None:
    svg = draw_table(_table(4, 2), palette, "Carlito", approximate_width, [])
    fills = [r["fill"] for r in _rects(svg)][::2]  # the first cell of each row
    accent = palette.resolve("accent1")
    assert fills[0] == accent
    assert fills[1] == fills[3] != fills[2] == fills[4]
    assert accent not in fills[1:]
    assert _lightness(fills[1]) > _lightness(accent) and _lightness(fills[2]) > _lightness(accent)


def test_a_numbers_column_is_set_right_and_the_header_in_bold(palette: Palette) -> None:
    svg = draw_table(_table(2, 2, (False, True)), palette, "Carlito", approximate_width, [])
    texts = list(_parsed(svg).iter(f"{SVG}text"))
    header = [t for t in texts if t.text.startswith("Kolonne")]
    assert header and all(t.get("font-weight") == "bold" for t in header)
    numbers = [t for t in texts if t.text in ("1", "3")]
    words = [t for t in texts if t.text in ("0", "2", "Kolonne 0")]
    assert numbers and all(t.get("text-anchor") == "end" for t in numbers)
    assert words and all(t.get("text-anchor") is None for t in words)


def test_a_long_cell_wraps_inside_its_cell_and_its_text_stays_text(palette: Palette) -> None:
    long = "<b>Målet</b> er at regionen skal være blant de mest attraktive i landet"
    spec = TableSpec(("Horisont", "Mål"), (("2030", long),))
    widths = (100.0, 200.0)
    heights = (30.0, row_height_of(widths, 18.0, approximate_width)(spec.rows[0]))
    shape = Table(
        name="Mål",
        box=(10.0, 10.0, 300.0, sum(heights)),
        figure=FigureSpec(kind="table", data="d"),
        spec=spec,
        size=18.0,
        widths=widths,
        heights=heights,
    )
    texts = [
        t
        for t in _parsed(draw_table(shape, palette, "Carlito", approximate_width, [])).iter(
            f"{SVG}text"
        )
        if float(t.get("x")) > 110
    ]
    lines = [t.text for t in texts if t.text != "Mål"]
    assert len(lines) > 1 and " ".join(lines) == long
    assert all(10 + heights[0] < float(t.get("y")) < 10 + sum(heights) for t in texts[1:])


def test_a_table_without_data_is_not_drawn_and_said_so(palette: Palette) -> None:
    unseen: list[str] = []
    empty = Table(name="Tom", box=BOX, figure=FigureSpec(kind="table", data="d"))
    assert draw_table(empty, palette, "Carlito", approximate_width, unseen) == ""
    assert unseen == ["the table 'Tom' has no data to draw"]


def test_a_header_colour_chosen_for_contrast_is_the_one_drawn(palette: Palette) -> None:
    shape = _table(1, 2)
    readable = replace(shape, spec=replace(shape.spec, header_color="tx1"))
    svg = draw_table(readable, palette, "Carlito", approximate_width, [])
    header = [t for t in _parsed(svg).iter(f"{SVG}text") if t.text.startswith("Kolonne")]
    assert {t.get("fill") for t in header} == {palette.resolve("tx1")}


# ---------------------------------------------------------------- preset outlines

PRESETS = ("rect", "ellipse", "roundRect", "donut", "line", "chevron", "homePlate")
PRESETS += ("rightArrow", "triangle", "plus", "mathPlus", "mathEqual", "pentagon", "hexagon")


def _path_points(d: str) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The points a path goes through (every segment's end) and the radii of its arcs."""
    tokens = re.findall(r"[MLHVAZ]|-?\d+(?:\.\d+)?", d)
    points, radii, x, y, n = [], [], 0.0, 0.0, 0
    while n < len(tokens):
        command = tokens[n]
        if command in "ML":
            x, y = float(tokens[n + 1]), float(tokens[n + 2])
            n += 3
        elif command == "H":
            x, n = float(tokens[n + 1]), n + 2
        elif command == "V":
            y, n = float(tokens[n + 1]), n + 2
        elif command == "A":
            radii.append((float(tokens[n + 1]), float(tokens[n + 2])))
            x, y = float(tokens[n + 6]), float(tokens[n + 7])
            n += 8
        else:
            assert command == "Z", d
            n += 1
            continue
        points.append((x, y))
    return points, radii


boxes = st.tuples(
    st.floats(-200, 1000), st.floats(-200, 1000), st.floats(1, 1000), st.floats(1, 1000)
)


@settings(max_examples=examples(40, 400))
@given(boxes, st.sampled_from(PRESETS))
def test_a_preset_outline_stays_inside_its_box(box: tuple[float, ...], preset: str) -> None:
    x, y, w, h = box
    d = preset_path(preset, box)
    assert known(preset) and d
    points, radii = _path_points(d)
    assert len(points) >= 3
    for px, py in points:
        assert x - 0.02 <= px <= x + w + 0.02 and y - 0.02 <= py <= y + h + 0.02, (px, py)
    for rx, ry in radii:
        assert rx <= w / 2 + 0.01 and ry <= h / 2 + 0.01


@given(boxes)
def test_an_ellipse_touches_its_box_at_the_middle_of_each_side(box: tuple[float, ...]) -> None:
    x, y, w, h = box
    points, radii = _path_points(preset_path("ellipse", box))
    assert points[0] == (pytest.approx(x, abs=0.01), pytest.approx(y + h / 2, abs=0.01))
    assert points[1] == (pytest.approx(x + w, abs=0.01), pytest.approx(y + h / 2, abs=0.01))
    assert radii == [(pytest.approx(w / 2, abs=0.01), pytest.approx(h / 2, abs=0.01))] * 2


def test_a_rounded_rectangle_cuts_its_corners_by_a_sixth_of_its_shorter_side() -> None:
    points, radii = _path_points(preset_path("roundRect", (0.0, 0.0, 300.0, 120.0)))
    assert set(radii) == {(20.0, 20.0)}
    corners = {(0.0, 0.0), (300.0, 0.0), (300.0, 120.0), (0.0, 120.0)}
    assert not corners & set(points)
    assert (20.0, 0.0) in points and (300.0, 20.0) in points


def test_a_text_box_has_no_outline_and_an_unknown_preset_is_not_guessed() -> None:
    assert preset_path("textbox", BOX) is None and known("textbox")
    assert preset_path("cloudCallout", BOX) is None and not known("cloudCallout")
    assert preset_path("rect", BOX) == "M40.00 60.00 L640.00 60.00 L640.00 420.00 L40.00 420.00 Z"


# ---------------------------------------------------------------- colours


def _lightness(color: str) -> float:
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)[1]


def _colour_choice(xml: str) -> etree._Element:
    return etree.fromstring(f'<a:solidFill xmlns:a="{NS["a"]}">{xml}</a:solidFill>')


def test_a_scheme_colour_is_read_through_the_colour_map(master: Master) -> None:
    theme = master.theme_colors
    mapped = Palette(theme, {"bg1": "dk1", "tx1": "lt1"})  # a dark master swaps them
    assert mapped.resolve("bg1") == "#" + theme["dk1"].lower()
    assert mapped.resolve("tx1") == "#" + theme["lt1"].lower()
    plain = Palette(theme)
    assert plain.resolve("tx2") == "#" + theme["dk2"].lower()
    assert plain.resolve("accent3") == "#" + theme["accent3"].lower()
    assert plain.resolve("#A1B2C3") == "#a1b2c3"
    assert plain.resolve(None) is None and plain.resolve("none") is None


@settings(max_examples=examples(40, 400))
@given(st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}"), st.integers(10_000, 90_000))
def test_lum_mod_scales_a_colours_lightness_and_lum_off_adds_to_it(color: str, amount: int) -> None:
    lightness = _lightness(color)
    darker = modified_by(color, (("lumMod", amount),))
    assert _lightness(darker) == pytest.approx(lightness * amount / 100_000, abs=2.5 / 255)
    lighter = modified_by(color, (("lumMod", 100_000 - amount), ("lumOff", amount)))
    assert _lightness(lighter) >= lightness - 2.5 / 255
    assert modified_by(color, (("lumMod", 100_000),)) == color


def test_a_themes_modifiers_darken_and_lighten_as_powerpoint_shows_them() -> None:
    palette = Palette({"accent1": "1A7F8E", "dk1": "1B2A38"})
    base = palette.of(_colour_choice('<a:schemeClr val="accent1"/>'))
    assert base == "#1a7f8e"
    darker = palette.of(
        _colour_choice('<a:schemeClr val="accent1"><a:lumMod val="50000"/></a:schemeClr>')
    )
    lighter = palette.of(
        _colour_choice(
            '<a:schemeClr val="accent1"><a:lumMod val="40000"/><a:lumOff val="60000"/></a:schemeClr>'
        )
    )
    assert _lightness(darker) < _lightness(base) < _lightness(lighter)
    shade = palette.of(_colour_choice('<a:srgbClr val="808080"><a:shade val="50000"/></a:srgbClr>'))
    tinted = palette.of(_colour_choice('<a:srgbClr val="808080"><a:tint val="50000"/></a:srgbClr>'))
    assert _lightness(shade) < _lightness("#808080") < _lightness(tinted)


def test_system_preset_and_placeholder_colours_resolve() -> None:
    palette = Palette({"accent1": "1A7F8E"})
    assert palette.of(_colour_choice('<a:sysClr val="windowText" lastClr="112233"/>')) == "#112233"
    assert palette.of(_colour_choice('<a:sysClr val="window"/>')) == "#ffffff"
    assert palette.of(_colour_choice('<a:prstClr val="black"/>')) == "#000000"
    assert palette.of(_colour_choice('<a:schemeClr val="phClr"/>'), "C0FFEE") == "#c0ffee"
    assert palette.of(_colour_choice("<a:noFill/>")) is None and palette.of(None) is None


def test_a_tint_keeps_the_colour_at_one_and_is_white_at_zero() -> None:
    assert tint("#1a7f8e", 1.0) == "#1a7f8e"
    assert tint("#1a7f8e", 0.0) == "#ffffff"
    steps = [_lightness(tint("#1a7f8e", a)) for a in (1.0, 0.6, 0.4, 0.2)]
    assert steps == sorted(steps)


# ---------------------------------------------------------------- the master's look


def _layout_backgrounds() -> dict[str, str]:
    """Each layout of the shipped master's background as its XML says it (a scheme colour through the colour
    map), the master's when the layout has none."""
    with zipfile.ZipFile(BASE) as package:
        names = [n for n in package.namelist() if re.fullmatch(r"ppt/slideLayouts/[^/]+\.xml", n)]
        roots = [ET.fromstring(package.read(n)) for n in names]
        master_root = ET.fromstring(package.read("ppt/slideMasters/slideMaster1.xml"))
        theme = ET.fromstring(package.read("ppt/theme/theme1.xml"))
    mapping = master_root.find("p:clrMap", NS).attrib
    scheme = theme.find("a:themeElements/a:clrScheme", NS)
    out = {}
    for root in roots:
        slot = root.find("p:cSld/p:bg//a:schemeClr", NS)
        slot = slot if slot is not None else master_root.find("p:cSld/p:bg//a:schemeClr", NS)
        value = scheme.find(f"a:{mapping.get(slot.get('val'), slot.get('val'))}/*", NS)
        colour = value.get("val") if value.get("lastClr") is None else value.get("lastClr")
        out[root.find("p:cSld", NS).get("name")] = "#" + colour.lower()
    return out


def test_each_layout_has_the_background_its_xml_names(master: Master) -> None:
    expected = _layout_backgrounds()
    look = master_look(master)
    assert set(expected) == set(look.layouts) and len(set(expected.values())) > 1
    for name, layout in look.layouts.items():
        assert layout.background == expected[name], name
        assert layout.unseen == ()


def test_a_layouts_own_shapes_and_its_footer_are_found_in_points(master: Master) -> None:
    look = master_look(master).layouts["Title Slide"]
    (bar,) = look.art
    assert bar.name == "Accent bar" and bar.preset == "rect"
    assert bar.box == pytest.approx((762000 / 12700, 4292600 / 12700, 80.0, 6.0))
    assert bar.fill == master_look(master).palette.resolve("accent2")
    width, height = master.size
    for spot in look.furniture.values():
        x, y, w, h = spot.box
        assert 0 <= x < x + w <= width and 0 <= y < y + h <= height and spot.size > 0
    assert set(look.furniture) == {"ftr", "sldNum"}


def test_a_title_slides_title_sits_at_the_bottom_in_the_background_colour(master: Master) -> None:
    look = master_look(master)
    title = look.layouts["Title Slide"].placeholders[0]  # its title has no idx: the first
    assert title.anchor == "bottom"
    assert title.level(0).color == look.palette.resolve("bg1") and title.level(0).align == "left"


def _gradient_master(folder: Path) -> Path:
    gradient = (
        b'<p:bg><p:bgPr><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="224466"/></a:gs>'
        b'<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst></a:gradFill>'
        b"<a:effectLst/></p:bgPr></p:bg>"
    )

    def edit(xml: bytes) -> bytes:
        return re.sub(rb"<p:bg>.*?</p:bg>", gradient, xml, count=1)

    path = folder / "gradient.pptx"
    path.write_bytes(
        masters.rewritten(BASE.read_bytes(), {"ppt/slideMasters/slideMaster1.xml": edit})
    )
    return path


def test_a_gradient_background_is_drawn_in_its_first_colour_and_said_so(tmp_path: Path) -> None:
    look = master_look(load_master(_gradient_master(tmp_path)))
    plain = look.layouts["Title and Content"]  # no background of its own: the master's
    assert plain.background == "#224466"
    assert plain.unseen == ("the background (gradFill) is drawn in one colour",)
    own = look.layouts["Title Slide"]  # its own solid background
    assert own.background == look.palette.resolve("tx2") and own.unseen == ()


# ---------------------------------------------------------------- a slide


def _slide(
    layout: str, *shapes: object, number: int = 2, background: str | None = None
) -> SlideSpec:
    return SlideSpec(
        number, "prøve", layout, tuple(shapes), "", Location("prøve.yaml"), background=background
    )


def _title(text: str) -> Placeholder:
    return Placeholder(name="Tittel", role="title", paragraphs=(Paragraph(text),))


def _drawn(slide: SlideSpec, master: Master, meta: DeckInfo = META) -> tuple[ET.Element, tuple]:
    drawing = draw_slide(slide, master, meta, lambda path: None)
    return ET.fromstring(drawing.svg), drawing.unseen


def test_a_slide_shows_its_layouts_background_under_everything(master: Master) -> None:
    expected = _layout_backgrounds()
    for layout in ("Title Slide", "Title and Content"):
        root, unseen = _drawn(_slide(layout, _title("Hei")), master)
        first = root[0]
        assert first.tag == f"{SVG}rect" and first.get("fill") == expected[layout]
        assert (first.get("width"), first.get("height")) == ("960", "540")
        assert root.get("viewBox") == "0 0 960 540" and unseen == ()
    root, _ = _drawn(_slide("Title and Content", background="accent6"), master)
    assert root[0].get("fill") == master_look(master).palette.resolve("accent6")


def test_the_layouts_art_is_drawn_under_the_slides_shapes(master: Master) -> None:
    ellipse = Geometry(name="Sirkel", preset="ellipse", box=(100, 100, 200, 100), fill="#C0FFEE")
    root, _ = _drawn(_slide("Title Slide", ellipse, _title("Tittel")), master)
    paths = [p.get("fill") for p in root.iter(f"{SVG}path")]
    accent2 = master_look(master).palette.resolve("accent2")
    assert paths == [accent2, "#c0ffee"]  # the layout's accent bar, then the slide's own shape
    title = next(i for i, e in enumerate(root) if e.get("class") == "text")
    circle = next(i for i, e in enumerate(root) if e.get("fill") == "#c0ffee")
    assert (
        title < circle
    )  # the placeholders it fills below the shapes it draws, as the deck stacks them


def test_a_title_is_drawn_as_text_in_the_layouts_colour(master: Master) -> None:
    hostile = 'Vi & dere <script>alert("x")</script>'
    root, _ = _drawn(_slide("Title Slide", _title(hostile)), master)
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "text"]
    assert "".join(t.text for t in group.iter(f"{SVG}text")) == hostile
    assert {t.get("fill") for t in group.iter(f"{SVG}text")} == {"#ffffff"}
    assert not list(root.iter(f"{SVG}script"))


def test_footer_and_number_show_on_content_slides_but_not_the_title_slide(
    master: Master,
) -> None:
    meta = DeckInfo("Prøve", "Forfatter", dt.date(2024, 1, 1), "nb-NO", "Konferansen", True)
    root, _ = _drawn(_slide("Title and Content", _title("Innhold"), number=7), master, meta)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Konferansen" in texts and "7" in texts
    root, _ = _drawn(_slide("Title Slide", _title("Forside"), number=1), master, meta)
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Forside"]


def test_a_footer_in_a_box_of_its_own_is_drawn_there_at_its_size(master: Master) -> None:
    """A slide whose footer the model moved into a wider box and set smaller (model/footers.py): the preview
    centres it in that box, at that size, as the deck writes it."""
    meta = DeckInfo("Prøve", "Forfatter", dt.date(2024, 1, 1), "nb-NO", "Konferansen", False)
    slide = replace(
        _slide("Title and Content", _title("Innhold")),
        footer_box=(100.0, 500.0, 300.0, 20.0),
        footer_size=11.0,
    )
    root, _ = _drawn(slide, master, meta)
    (footer,) = [t for t in root.iter(f"{SVG}text") if t.text == "Konferansen"]
    assert float(footer.get("x")) == pytest.approx(250.0) and footer.get("font-size") == "11"


def test_what_the_preview_cannot_draw_is_said(master: Master) -> None:
    star = Geometry(name="Stjerne", preset="star5", box=(10, 10, 50, 50), fill="accent1")
    area = MapArea(name="Kart", box=(0, 0, 100, 100), map=MapSpec(names=("Horten",), year=2024))
    root, unseen = _drawn(_slide("Title Only", star, area), master)
    assert unseen == (
        "the shape 'Stjerne' (star5) is drawn as a rectangle",
        "the map 'Kart' was not drawn",
    )
    fills = {p.get("fill"): p.get("d") for p in root.iter(f"{SVG}path")}
    accent1 = master_look(master).palette.resolve("accent1")
    assert fills[accent1] == preset_path("rect", (10, 10, 50, 50))


def test_charts_and_tables_on_a_slide_are_drawn_in_the_masters_body_font(master: Master) -> None:
    chart = _chart(_spec("column", (3, 1, 2)), (60, 120, 400, 300))
    root, unseen = _drawn(_slide("Title Only", _title("Tall"), chart, _table(2, 2)), master)
    groups = {g.get("class"): g for g in root.iter(f"{SVG}g")}
    assert {"chart", "table", "text"} <= set(groups) and unseen == ()
    assert len(list(groups["chart"].iter(f"{SVG}rect"))) == 3
    assert len(list(groups["table"].iter(f"{SVG}rect"))) == 6
    faces = {t.get("font-family") for t in groups["table"].iter(f"{SVG}text")}
    assert faces == {"Carlito"} and master.minor_font == "Calibri"  # Carlito draws Calibri


def test_a_text_box_without_a_colour_takes_the_masters_text_colour(master: Master) -> None:
    box = Geometry(name="Tekst", box=(60, 100, 400, 60), paragraphs=(Paragraph("Merknad"),))
    root, _ = _drawn(_slide("Title Only", box), master)
    (text,) = [t for t in root.iter(f"{SVG}text") if t.text == "Merknad"]
    assert text.get("fill") == master_look(master).layouts["Title Only"].shapes.level(0).color
    assert text.get("fill") == master_look(master).palette.resolve("tx1")


# ---------------------------------------------------------------- stacked charts


def _segments(svg: str, spec: ChartSpec) -> list[tuple[float, float, float, float]]:
    """The bars of `spec` as drawn: series by series, category by category (legend keys and label patches
    come after them)."""
    count = sum(v is not None for s in spec.series for v in s.values)
    return [_sides(r) for r in _rects(svg)[:count]]


def test_stacked_columns_stand_on_each_other_as_tall_as_their_category_total(
    palette: Palette,
) -> None:
    rows = ((10, 20, 5), (5, 5, 15), (1, 2, 3))
    spec = _spec("stacked", *rows)
    svg, unseen = _drawn_chart(spec, palette)
    segments = _segments(svg, spec)
    assert unseen == [] and len(segments) == 9
    totals = [sum(column) for column in zip(*rows, strict=True)]  # 16, 27, 23
    axis = scale(list(spec.axis_values()), spec.number_format)
    assert axis.high >= max(totals) > max(max(row) for row in rows)  # the scale holds the sums
    foot = segments[0][1] + segments[0][3]
    unit = segments[0][3] / rows[0][0]  # points per unit of value
    for i, total in enumerate(totals):
        column = [segments[k * 3 + i] for k in range(3)]
        assert {round(x, 2) for x, _, _, _ in column} == {round(column[0][0], 2)}
        assert sum(h for _, _, _, h in column) == pytest.approx(total * unit, abs=0.05)
        bottoms = [foot] + [
            y for _, y, _, _ in column[:-1]
        ]  # each segment starts where the last ends
        assert [y + h for _, y, _, h in column] == pytest.approx(bottoms, abs=0.02)
    texts = [t.text for t in _parsed(svg).iter(f"{SVG}text")]
    assert number_text(axis.high, spec.number_format, "nb-NO") in texts


def test_a_stacked_columns_negative_segments_hang_below_zero_and_its_legend_reads_in_order(
    palette: Palette,
) -> None:
    spec = _spec("stacked", (10, 20), (-5, 4), (3, -6))
    svg, _ = _drawn_chart(spec, palette)
    (a0, a1, b0, b1, c0, c1) = _segments(svg, spec)
    zero = a0[1] + a0[3]
    assert b0[1] == pytest.approx(zero, abs=0.02)  # -5 hangs from the zero line
    assert c0[1] + c0[3] == pytest.approx(a0[1], abs=0.02)  # 3 on top of 10
    assert b1[1] + b1[3] == pytest.approx(a1[1], abs=0.02) and c1[1] == pytest.approx(
        zero, abs=0.02
    )
    texts = [t.text for t in _parsed(svg).iter(f"{SVG}text")]
    assert texts[-3:] == [
        "Serie 0",
        "Serie 1",
        "Serie 2",
    ]  # below the plot, in order, as LibreOffice


def test_stacked_bars_lie_end_to_end_and_label_each_segment_on_a_patch(palette: Palette) -> None:
    rows = ((10, 20), (30, 5))
    spec = _spec("stacked_bar", *rows, show_values=True)
    svg, _ = _drawn_chart(spec, palette)
    (a0, a1, b0, b1) = _segments(svg, spec)
    assert a0[1] == pytest.approx(b0[1]) and a0[3] == pytest.approx(b0[3])  # one bar per category
    # the second segment starts where the first ends
    assert b0[0] == pytest.approx(a0[0] + a0[2], abs=0.02)
    assert (a1[2] + b1[2]) / (a0[2] + b0[2]) == pytest.approx(25 / 40, rel=1e-3)
    assert a0[1] < a1[1]  # the first category on top
    drawn = list(_parsed(svg).find(f"{SVG}g"))
    background = palette.resolve("bg1")
    labelled = [
        (_sides(patch.attrib), text)
        for patch, text in zip(drawn, drawn[1:], strict=False)
        if patch.tag == f"{SVG}rect" and patch.get("fill") == background
    ]
    assert [text.text for _, text in labelled] == ["10", "20", "30", "5"]
    for (x, y, w, h), ((px, py, pw, ph), text) in zip((a0, a1, b0, b1), labelled, strict=True):
        assert px + pw / 2 == pytest.approx(x + w / 2, abs=0.02)  # centred on its segment
        assert py + ph / 2 == pytest.approx(y + h / 2, abs=0.02)
        assert float(text.get("x")) == pytest.approx(x + w / 2, abs=0.02)


def test_a_legend_beside_stacks_lists_the_series_as_their_segments_read(palette: Palette) -> None:
    """Top down beside stacked columns, last series first; beside stacked bars, in order: as LibreOffice."""
    for kind, order in (("stacked", [2, 1, 0]), ("stacked_bar", [0, 1, 2])):
        spec = _spec(kind, (1, 2), (3, 4), (5, 6), legend_right=True)
        svg, _ = _drawn_chart(spec, palette)
        texts = [t.text for t in _parsed(svg).iter(f"{SVG}text")]
        assert texts[-3:] == [f"Serie {k}" for k in order], kind
