"""The map, the chart, the table and the footers of the 2019 talk, written with plain python-pptx.

The map's outlines are Kartverket's boundaries as make-deck ships and simplifies them
(`generator.norway`), so both draw the same points; everything else here is python-pptx's own API,
with lxml only where it has none (a freeform's alt text, where the value axis crosses, a footer's
slide number field).
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from generator.norway import mapgeometry, register

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data" / "kommuner-per-fylke.csv"
LANG = "nb-NO"
FOOTER = "Stat-næringsliv-konferansen · 15. mars 2019"
COUNTY, YEAR = "38", 2020  # Vestfold og Telemark, as SSB numbered it in 2020
# The labels that fit on the map, at the sizes make-deck's fitting gives them (the other names are
# listed in the notes).
LABELS = {
    "Larvik": 12.5,
    "Skien": 13.5,
    "Nome": 13.5,
    "Tinn": 14,
    "Hjartdal": 13,
    "Fyresdal": 14,
    "Tokke": 14,
    "Vinje": 14,
}
CREDIT_HEIGHT = 18.0


def pt(value: float) -> int:
    """Points to whole EMU."""
    return int(Pt(value))


def municipalities() -> list[tuple[str, str]]:
    """The county's municipalities, (number, name), in SSB's order."""
    county = next(c for c in register.counties(YEAR) if c.number == COUNTY)
    return [(m.number, m.name) for m in county.municipalities]


def draw_map(slide, box: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    """The county's municipalities as freeforms with their neighbours around them in grey, names
    where they fit, and Kartverket's credit under the map."""
    x, y, w, h = box
    numbers = [number for number, _ in municipalities()]
    drawing = mapgeometry.region_map(
        YEAR, numbers, (x, y, w, h - CREDIT_HEIGHT), "neighbours", 1400
    )
    for shape in drawing.shapes:
        freeform(slide, shape)
    _, by, _, bh = drawing.bounds
    credit = slide.shapes.add_textbox(pt(x), pt(by + bh + 2), pt(w), pt(CREDIT_HEIGHT - 2))
    credit.name = "Kartdata"
    frame = credit.text_frame
    frame.margin_left = frame.margin_top = frame.margin_right = frame.margin_bottom = 0
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT
    run(paragraph, drawing.credit, 12, color=MSO_THEME_COLOR.TEXT_2)


def freeform(slide, shape: mapgeometry.MapShape) -> None:  # noqa: ANN001
    """One municipality (or neighbour) as a freeform of all its rings, in hundredths of a point."""
    first, *rest = shape.rings
    builder = slide.shapes.build_freeform(*_hundredths(first[0]), scale=Emu(127))
    builder.add_line_segments([_hundredths(p) for p in first[1:]], close=True)
    for ring in rest:
        builder.move_to(*_hundredths(ring[0]))
        builder.add_line_segments([_hundredths(p) for p in ring[1:]], close=True)
    sp = builder.convert_to_shape()
    sp.name = shape.name
    sp._element.nvSpPr.cNvPr.set("descr", shape.name)
    region = shape.role == "region"
    sp.fill.solid()
    sp.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1 if region else MSO_THEME_COLOR.LIGHT_2
    sp.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    sp.line.width = Pt(0.75)
    size = LABELS.get(shape.name) if region else None
    if size is not None:
        frame = sp.text_frame
        frame.margin_left = frame.margin_top = frame.margin_right = frame.margin_bottom = 0
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run(paragraph, shape.name, size, bold=True, color=MSO_THEME_COLOR.BACKGROUND_1)


def _hundredths(point: tuple[float, float]) -> tuple[int, int]:
    return round(point[0] * 100), round(point[1] * 100)


def run(paragraph, text: str, size: float | None, bold: bool = False, color=None) -> None:  # noqa: ANN001
    """A run of `text` in Norwegian at `size` points (None: the placeholder's size)."""
    added = paragraph.add_run()
    added.text = text
    if size is not None:
        added.font.size = Pt(size)
    added.font.bold = bold or None
    if color is not None:
        added.font.color.theme_color = color
    added._r.get_or_add_rPr().set("lang", LANG)


def draw_chart(slide, box: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    """Municipalities per county in 2020 and 2024 as clustered bars, the county of the talk darker,
    with the workbook behind it (python-pptx writes it with XlsxWriter, as make-deck does)."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data = CategoryChartData(number_format="General")
    data.categories = [row["fylke"] for row in rows]
    for year in ("2020", "2024"):
        data.add_series(year, [int(row[year]) if row[year] else None for row in rows])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *(pt(v) for v in box), data)
    frame.name = "Diagram"
    chart = frame.chart
    chart.font.size = Pt(14)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.category_axis.reverse_order = True
    # the value axis crosses the reversed categories at their end: its numbers along the bottom
    chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    chart.value_axis.tick_labels.number_format = "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    plot = chart.plots[0]
    plot.gap_width = 80
    plot.overlap = -10
    marked = [row["fylke"] for row in rows].index("Vestfold og Telemark")
    colors = (MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2)
    for series, color in zip(plot.series, colors, strict=True):
        for fill in (series.format.fill, series.points[marked].format.fill):
            fill.solid()
            fill.fore_color.theme_color = color
        series.points[marked].format.fill.fore_color.brightness = -0.5
        series.format.line.fill.background()


def draw_table(slide, box: tuple[float, float, float, float], goals: list[tuple[str, str]]) -> None:  # noqa: ANN001
    """The goals as a native table: a header row, then one row per goal, 20 points."""
    rows = [("Horisont", "Mål"), *goals]
    frame = slide.shapes.add_table(len(rows), 2, *(pt(v) for v in box))
    frame.name = "Tabell"
    table = frame.table
    table.columns[0].width, table.columns[1].width = Emu(1119976), Emu(9548024)
    for r, values in enumerate(rows):
        table.rows[r].height = Emu(396240 if r == 0 else 701040)
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            run(paragraph, value, 20)
            paragraph.runs[0].font.bold = r == 0


def furnish(slide, number: int) -> None:  # noqa: ANN001
    """The layout's footer and slide number on the slide, as PowerPoint's Header & Footer dialog
    puts them there: the number a `slidenum` field."""
    for placeholder in slide.slide_layout.placeholders:
        kind = placeholder.placeholder_format.type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        sp = slide.shapes.clone_placeholder(placeholder)
        added = slide.shapes[-1] if sp is None else sp
        paragraph = added.text_frame.paragraphs[0]
        if kind == PP_PLACEHOLDER.FOOTER:
            run(paragraph, FOOTER, None)
            paragraph.runs[0].font.name = "+mn-lt"  # LibreOffice does not take it from the layout
            continue
        field = copy.deepcopy(placeholder.element.find(".//" + qn("a:fld")))
        if field is None:
            field = etree.Element(qn("a:fld"), type="slidenum")
        for child in list(field):
            field.remove(child)
        r_pr = etree.SubElement(field, qn("a:rPr"), lang=LANG)
        etree.SubElement(r_pr, qn("a:latin"), typeface="+mn-lt")
        etree.SubElement(field, qn("a:t")).text = str(number)
        paragraph._p.append(field)
