"""Text on a master whose background is a busy picture: read where its lines lie, on a plate where no colour reads.

A picture read as one colour on average (a pale sky) may still hold trees where a source line or a chart's axis
lies. make-deck reads a background picture cell by cell, a text box where its lines lie, and where neither the
theme's dark nor its light text colour reads on everything behind a text, sets it on a plate of bg1: a text box's
plate hugs its lines, a placeholder's is its box, a chart's is its chart area, the master's footer's its box.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.dml import MSO_FILL, MSO_THEME_COLOR

from generator.errors import Location
from generator.findings import Check
from generator.master.backdrop import (
    PICTURE_GRID,
    Band,
    backdrop,
    colours_behind,
    ground,
    picture_cells,
)
from generator.master.reader import Master, read_master
from generator.master.textstyles import readable_furniture
from generator.model.charts import ChartSpec, Series
from generator.model.deck import DeckInfo, DeckModel, SlideSpec
from generator.model.fitting import set_shape
from generator.model.grounds import PLATE, PLATE_PAD, read_on_grounds
from generator.model.shapes import Chart, FigureSpec, Geometry, Paragraph, Placeholder, Shape
from generator.model.textplace import text_extent
from generator.ooxml.names import NS
from generator.ooxml.xml import set_shape_fill
from generator.pipeline.jobs import Options
from generator.pipeline.stages import check
from generator.preview.charts import draw_chart
from generator.preview.colors import Palette

from . import masters
from .conftest import REPO

HERE = Location("deck.yaml", 3, 5)
SKY, TREE, TRUNK = "DAEDD6", "18A302", "5A3005"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def base() -> Master:
    return read_master((REPO / "templates" / "base.pptx").read_bytes(), "templates/base.pptx")


def trees(base: Master, layout: str = "Title Only") -> Master:
    """The shipped master with a sky behind `layout`, trees and trunks in its lower fifth: a picture read as
    the sky's colour on average, its cells where they lie."""
    rows = PICTURE_GRID
    cells = tuple(
        tuple((TREE, TRUNK)[c % 2] if r >= rows * 4 // 5 else SKY for c in range(rows))
        for r in range(rows)
    )
    picture = Band((0.0, 0.0, 960.0, 540.0), SKY, cells, background=True)
    found = replace(base.layouts[layout], background=SKY, bands=(picture,))
    return replace(base, layouts={**base.layouts, layout: found})


def deck(*shapes: Shape, layout: str = "Title Only", background: str | None = None) -> DeckModel:
    slide = SlideSpec(1, "mine", layout, shapes, "", HERE, background=background)
    return DeckModel(
        "deck.yaml", DeckInfo("Et dekk", "", dt.date(2024, 3, 15), "nb"), (slide,), None, None
    )


def source(align: str | None = None, box: tuple = (60, 474, 840, 26)) -> Geometry:
    return Geometry(
        name="Kilde",
        box=box,
        paragraphs=(Paragraph("Kilde: SSB"),),
        size=14,
        color="tx2",
        align=align,
        inset=(0, 0, 0, 0),
    )


# ---------------------------------------------------------------- where text lies, and what lies there


def test_a_text_boxs_lines_lie_where_its_alignment_sets_them(base: Master) -> None:
    left = set_shape(source(), None, base)
    x, y, w, h = text_extent(source(), left)
    assert (x, y) == (60, 474) and 40 < w < 120 and 14 <= h < 20  # "Kilde: SSB" at 14 pt, one line
    _, _, right_width, _ = text_extent(source("right"), set_shape(source("right"), None, base))
    rx = text_extent(source("right"), set_shape(source("right"), None, base))[0]
    assert rx + right_width == pytest.approx(900) and right_width == pytest.approx(w)
    cx, _, cw, _ = text_extent(source("center"), set_shape(source("center"), None, base))
    assert cx + cw / 2 == pytest.approx(480)


def test_a_master_background_picture_is_read_cell_by_cell() -> None:
    picture = Image.new("RGB", (96, 54), (218, 237, 214))
    picture.paste((90, 48, 5), (80, 44, 96, 54))  # a trunk in the lower right corner
    out = io.BytesIO()
    picture.save(out, "PNG")
    images = {"rId2": out.getvalue()}
    decls = f'xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}"'
    bg = (
        '<p:bg><p:bgPr><a:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch>'
        "</a:blipFill></p:bgPr></p:bg>"
    )
    tree = "<p:spTree><p:nvGrpSpPr/><p:grpSpPr/></p:spTree>"
    master = etree.fromstring(f"<p:sldMaster {decls}><p:cSld>{bg}{tree}</p:cSld></p:sldMaster>")
    layout = etree.fromstring(f"<p:sldLayout {decls}><p:cSld>{tree}</p:cSld></p:sldLayout>")
    _, [band] = backdrop(layout, master, {"lt1": "FFFFFF"}, (960.0, 540.0), (None, images.get))
    assert band.background and band.box == (0.0, 0.0, 960.0, 540.0)
    assert len(band.cells) == PICTURE_GRID
    assert (
        band.color == "D6E7D0"
    )  # the picture as a whole: read as one colour, its sky darkened a little
    corner = (700.0, 400.0, 200.0, 140.0)  # half on the sky, half on the trunk
    assert ground(band.color, (band,), corner) == ""  # not the sky's average: a trunk lies there
    assert {"5A3005", "DAEDD6"} <= set(colours_behind(band.color, (band,), corner))
    assert ground(band.color, (band,), (850.0, 470.0, 100.0, 60.0)) == "5A3005"
    assert ground(band.color, (band,), (60.0, 60.0, 400.0, 100.0)) == "DAEDD6"  # the sky


def test_every_cell_of_a_picture_under_a_box_counts_however_small_its_share(base: Master) -> None:
    cells = picture_cells(_png_in_columns([(237, 212, 169), (209, 169, 107)]), 48)
    band = Band((0.0, 0.0, 960.0, 540.0), "", cells)
    colours = colours_behind("FFFFFF", (band,), (60.0, 100.0, 840.0, 360.0))
    assert {"EDD4A9", "D1A96B"} <= set(colours)  # each of hundreds of cells a sliver of the box


def _png_in_columns(colours: list[tuple[int, int, int]]) -> bytes:
    picture = Image.new("RGB", (96, 96))
    for x in range(96):
        for y in range(96):
            picture.putpixel((x, y), colours[x // 8 % len(colours)])
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- plates in the model


def test_a_source_line_on_trees_gets_a_plate_that_hugs_its_line(base: Master) -> None:
    model, findings = read_on_grounds(deck(source()), trees(base))
    [plated] = model.slides[0].shapes
    assert plated.fill == PLATE and plated.color == "tx2"  # dark blue reads on the plate
    x, y, w, h = plated.box
    assert (x, y) == (60, 474) and w < 200 and h <= 26  # its line and a margin, not the 840 pt box
    [finding] = [f for f in findings if f.check is Check.CONTRAST]
    assert "no text colour reads on everything behind it: set on a plate of bg1" in finding.message
    assert finding.location == HERE


def test_a_text_box_whose_lines_lie_on_the_sky_is_left_as_it_is(base: Master) -> None:
    high = source(box=(60, 200, 840, 26))
    model, findings = read_on_grounds(deck(high), trees(base))
    assert model.slides[0].shapes == (high,) and findings == []


def test_a_text_set_right_is_read_where_its_line_lies_not_across_its_box(base: Master) -> None:
    layout = base.layouts["Title Only"]
    right_half = tuple(
        tuple(TRUNK if c >= PICTURE_GRID * 3 // 4 else SKY for c in range(PICTURE_GRID))
        for _ in range(PICTURE_GRID)
    )
    picture = Band((0.0, 0.0, 960.0, 540.0), "", right_half, background=True)
    master = replace(
        base, layouts={**base.layouts, "Title Only": replace(layout, bands=(picture,))}
    )
    model, _ = read_on_grounds(deck(source()), master)  # set left: on the sky
    assert model.slides[0].shapes[0].fill is None
    model, _ = read_on_grounds(deck(source("right")), master)  # set right: on the trunks
    assert model.slides[0].shapes[0].color == "bg1"  # white reads on them all


def test_a_slide_with_a_background_of_its_own_does_not_show_the_masters_picture(
    base: Master,
) -> None:
    model, findings = read_on_grounds(deck(source(), background="lt2"), trees(base))
    assert model.slides[0].shapes[0].fill is None and findings == []


def test_a_placeholder_on_trees_gets_a_plate_its_text_stays_where_it_was(base: Master) -> None:
    body = Placeholder(
        name="Innhold",
        role="body",
        paragraphs=(Paragraph("Et punkt"),),
        box=(60.0, 300.0, 840.0, 200.0),
        inset=(0.0, 0.0, 0.0, 0.0),
    )
    master = trees(base, "Title and Content")
    model, _ = read_on_grounds(deck(body, layout="Title and Content"), master)
    [plated] = model.slides[0].shapes
    assert plated.fill == PLATE
    pad = PLATE_PAD
    assert plated.box == (60 - pad, 300 - pad, 840 + 2 * pad, 200 + 2 * pad)
    assert plated.inset == (pad, pad, pad, pad)  # the text area as it was


def test_a_chart_on_trees_is_set_on_a_plate(base: Master) -> None:
    spec = ChartSpec("column", ("2020", "2024"), (Series("n", (1, 2)),), "n")
    chart = Chart(
        name="Diagram", box=(60, 128, 840, 372), figure=FigureSpec("column", "d"), spec=spec
    )
    model, findings = read_on_grounds(deck(chart), trees(base))
    plated = model.slides[0].shapes[0].spec
    assert plated.plate == PLATE and plated.text_color in ("", "tx1")
    [finding] = findings
    assert finding.message.startswith("chart text #")
    assert "set on a plate of bg1" in finding.message
    high = replace(chart, box=(60, 128, 840, 200))  # over the sky only
    model, _ = read_on_grounds(deck(high), trees(base))
    assert model.slides[0].shapes[0].spec.plate == ""


def test_the_preview_draws_a_charts_plate_under_it(base: Master) -> None:
    spec = ChartSpec("column", ("2020", "2024"), (Series("n", (1, 2)),), "n", plate="bg1")
    chart = Chart(
        name="Diagram", box=(60, 128, 840, 372), figure=FigureSpec("column", "d"), spec=spec
    )
    palette = Palette(base.theme_colors)
    svg = draw_chart(
        chart, palette, "Carlito", lambda text, size: len(text) * size / 2, "nb-NO", []
    )
    first = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>')[0][0]
    assert first.tag == f"{SVG}rect" and first.get("fill") == palette.resolve("bg1")
    assert (first.get("width"), first.get("height")) == ("840.00", "372.00")


# ---------------------------------------------------------------- the master's footer


FOOTER = (
    '<p:sp><p:nvSpPr><p:cNvPr id="5" name="Footer"/><p:cNvSpPr/><p:nvPr><p:ph type="ftr" idx="3"/>'
    '</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="3556000" y="6451600"/><a:ext cx="5080000" cy="254000"/>'
    '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle>'
    '<a:lvl1pPr algn="ctr"><a:defRPr><a:solidFill><a:schemeClr val="tx2"/></a:solidFill></a:defRPr>'
    "</a:lvl1pPr></a:lstStyle><a:p/></p:txBody></p:sp>"
)


def _part(tag: str, shapes: str, bg: str = "") -> etree._Element:
    decls = f'xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"'
    tree = f"<p:spTree><p:nvGrpSpPr/><p:grpSpPr/>{shapes}</p:spTree>"
    return etree.fromstring(f"<p:{tag} {decls}><p:cSld>{bg}{tree}</p:cSld></p:{tag}>")


def test_a_footer_on_trees_gets_a_plate_and_a_dark_layouts_own_footer_does_not() -> None:
    master = _part("sldMaster", FOOTER)
    dark = '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="12355B"/></a:solidFill></p:bgPr></p:bg>'
    title, plain = _part("sldLayout", FOOTER, dark), _part("sldLayout", FOOTER)
    colours = {"tx1": "000000", "bg1": "FFFFFF", "tx2": "12355B"}
    said = readable_furniture(master, colours, lambda box: (TREE, TRUNK, "96D278"), [title, plain])
    assert said == ["ftr: on a plate of bg1 (no text colour reads on all of what lies behind it)"]
    props = master.find(".//p:spPr", NS)
    assert [etree.QName(c).localname for c in props] == ["xfrm", "prstGeom", "solidFill"]
    assert props.find("a:solidFill/a:schemeClr", NS).get("val") == "bg1"
    assert title.find(".//p:spPr/a:noFill", NS) is not None  # its own background: its own footer
    assert plain.find(".//p:spPr/a:noFill", NS) is None  # it shows the master's plate
    sky = _part("sldLayout", FOOTER, dark)
    readable_furniture(_part("sldMaster", FOOTER), colours, lambda box: (SKY,), [sky])
    assert sky.find(".//p:spPr/a:noFill", NS) is None  # no plate on the master: nothing to keep off


def test_a_shapes_fill_goes_where_the_schema_puts_it() -> None:
    props = etree.fromstring(
        f'<p:spPr xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><a:xfrm/><a:prstGeom prst="rect"/>'
        "<a:noFill/><a:ln/></p:spPr>"
    )
    set_shape_fill(props, "bg1")
    assert [etree.QName(c).localname for c in props] == ["xfrm", "prstGeom", "solidFill", "ln"]
    set_shape_fill(props, None)
    assert [etree.QName(c).localname for c in props] == ["xfrm", "prstGeom", "noFill", "ln"]
    set_shape_fill(props, "#1a7f8e")
    assert props.find("a:solidFill/a:srgbClr", NS).get("val") == "1A7F8E"


# ---------------------------------------------------------------- the talk built on such a master


def test_the_talk_on_a_busy_picture_master_sets_on_plates_what_would_not_read(
    tmp_path: Path,
) -> None:
    master = masters.busy_picture(tmp_path)
    made = check(REPO / "content" / "2019.yaml", Options(project=REPO, template=master))
    deck_path = tmp_path / "deck.pptx"
    deck_path.write_bytes(made.data)
    prs = Presentation(str(deck_path))
    chart_slide = next(s for s in prs.slides if any(sh.has_chart for sh in s.shapes))
    [credit] = [sh for sh in chart_slide.shapes if sh.name == "Kilde"]
    assert credit.fill.type == MSO_FILL.SOLID
    assert credit.fill.fore_color.theme_color == MSO_THEME_COLOR.BACKGROUND_1
    assert credit.width < chart_slide.shapes[0].width  # hugging its line
    [frame] = [sh for sh in chart_slide.shapes if sh.has_chart]
    space = etree.fromstring(frame.chart.part.blob)  # the chart part's c:chartSpace
    fill = space.find("c:spPr/a:solidFill/a:schemeClr", NS)
    assert fill is not None and fill.get("val") == "bg1"
    footer = next(
        sp
        for sp in prs.slide_master.placeholders
        if sp.element.find(".//p:ph", NS).get("type") == "ftr"
    )
    assert footer.fill.type == MSO_FILL.SOLID


def test_the_talk_on_the_shipped_master_has_no_plate(tmp_path: Path) -> None:
    made = check(REPO / "content" / "2019.yaml", Options(project=REPO))
    deck_path = tmp_path / "deck.pptx"
    deck_path.write_bytes(made.data)
    prs = Presentation(str(deck_path))
    names = [sh.name for s in prs.slides for sh in s.shapes]
    assert "Kilde" in names and "Kartdata" in names
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.name in ("Kilde", "Kartdata"):
                assert shape.fill.type is None or shape.fill.type == MSO_FILL.BACKGROUND
            if shape.has_chart:
                space = etree.fromstring(shape.chart.part.blob)
                assert space.find("c:spPr/a:solidFill", NS) is None


def test_an_ink_blot_in_a_corner_of_a_body_box_does_not_plate_it(base: Master) -> None:
    layout = base.layouts["Title and Content"]
    n = PICTURE_GRID
    blot = tuple(tuple(TRUNK if r >= n - 3 and c < 3 else SKY for c in range(n)) for r in range(n))
    picture = Band((0.0, 0.0, 960.0, 540.0), "", blot, background=True)
    master = replace(
        base, layouts={**base.layouts, "Title and Content": replace(layout, bands=(picture,))}
    )
    body = Placeholder(
        name="Innhold", role="body", paragraphs=(Paragraph("Et punkt"),), box=(0, 128, 960, 412)
    )
    model, _ = read_on_grounds(deck(body, layout="Title and Content"), master)
    assert model.slides[0].shapes[0].fill is None  # a corner its bullets may not reach
    model, _ = read_on_grounds(
        deck(body, layout="Title and Content"), trees(base, "Title and Content")
    )
    assert model.slides[0].shapes[0].fill == PLATE  # trees along a fifth of it
