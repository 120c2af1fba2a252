"""The deck's footer on one line where a master's footer box is too narrow for it: the box grown along its line,
clear of the slide number and the slide's side, then the text set smaller, never under 12 pt."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from generator.errors import Location
from generator.master.backdrop import Band
from generator.master.plain import MasterLayout, PlaceholderSpec, TextLevel
from generator.master.reader import load_master
from generator.model.deck import SlideSpec
from generator.model.fonts import FAMILIES, load_face
from generator.model.footers import EDGE, FLOOR, GAP, _fitted, _readable

from . import masters
from .conftest import run

FOOTER = "Stat-næringsliv-konferansen · 15. mars 2019"  # content/2019.yaml's


def _width(text: str, size: float, font: str = "Calibri") -> float:
    face = load_face(FAMILIES[font])
    return face.width(text) * size / face.units


def test_a_footer_too_wide_for_its_box_gets_a_wider_box_centred_where_it_was(
    repo: Path, tmp_path: Path
) -> None:
    """python-pptx's 4:3 master: a 228 pt footer box for a 215 pt footer (Calibri 12 pt), which LibreOffice
    and PowerPoint wrap. Every content slide's footer is in a box of its own, as wide as the text needs and
    centred where the layout's was, left of the slide number; the title slide shows none."""
    deck = tmp_path / "talk.pptx"
    result = run(
        "content/2019.yaml",
        "--template",
        str(masters.python_pptx_default(tmp_path)),
        "-o",
        str(deck),
    )
    assert result.exit_code == 0, result.stderr
    footed = 0
    for slide in Presentation(str(deck)).slides:
        kinds = {ph.placeholder_format.type: ph for ph in slide.placeholders}
        footer = kinds.get(PP_PLACEHOLDER.FOOTER)
        if footer is None:
            continue
        footed += 1
        assert footer.text_frame.text == FOOTER
        layout = next(
            ph
            for ph in slide.slide_layout.placeholders
            if ph.placeholder_format.type == PP_PLACEHOLDER.FOOTER
        )
        number = next(
            ph
            for ph in slide.slide_layout.placeholders
            if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        )
        assert footer.width > layout.width
        assert abs((footer.left + footer.width / 2) - (layout.left + layout.width / 2)) <= Pt(0.5)
        assert footer.left + footer.width <= number.left - Pt(GAP) + Pt(0.1)
        room = (footer.width - Pt(14.4)) / 12700  # less the insets of 0.1 inch a side
        assert _width(FOOTER, 12.0) <= room
    assert footed >= 10


def _layout(box: tuple[float, ...], align: str, number: tuple[float, ...] | None) -> MasterLayout:
    level = TextLevel(size=14.0, font="Arial", align=align)
    footer = PlaceholderSpec("ftr", (), box, (0.0, 0.0, 0.0, 0.0), (level,) * 9)
    return MasterLayout("Title Only", "/l.xml", (), b"", footer=footer, number_box=number)


def test_a_left_footer_grows_right_up_to_the_number_then_is_set_smaller() -> None:
    """A left-aligned 150 pt box with the slide number 130 pt to its right: it grows to the number less the gap,
    then the text is set as small as that box needs, in half points; never under the floor."""
    layout = _layout((40.0, 500.0, 150.0, 20.0), "", (320.0, 500.0, 100.0, 20.0))
    box, size = _fitted(FOOTER, layout, (960.0, 540.0), numbered=True)
    assert box == (40.0, 500.0, 320.0 - GAP - 40.0, 20.0)
    assert size is not None and FLOOR <= size < 14.0
    assert _width(FOOTER, size, "Arial") <= box[2]
    hemmed = _layout((40.0, 500.0, 150.0, 20.0), "", (200.0, 500.0, 100.0, 20.0))
    _, floor = _fitted(FOOTER, hemmed, (960.0, 540.0), numbered=True)
    assert floor == FLOOR  # wider than the room at 12 pt: it stays at the floor and wraps


def test_a_footer_without_a_number_grows_to_the_slides_side_and_one_that_fits_keeps_its_box() -> (
    None
):
    """A right-aligned box at the slide's right side, no slide numbers shown: it grows left only; a box the
    footer fits keeps the layout's box and size; the number's box counts only where numbers are shown."""
    right = _layout((760.0, 500.0, 180.0, 20.0), "r", (500.0, 500.0, 100.0, 20.0))
    box, size = _fitted(FOOTER, right, (960.0, 540.0), numbered=False)
    assert box is not None and box[0] + box[2] == 940.0 and box[0] < 760.0 and size is None
    wide = _layout((40.0, 500.0, 400.0, 20.0), "ctr", None)
    assert _fitted(FOOTER, wide, (960.0, 540.0), numbered=True) == (None, None)
    edge = _layout((10.0, 500.0, 150.0, 20.0), "ctr", None)
    box, _ = _fitted(FOOTER, edge, (960.0, 540.0), numbered=True)
    assert (
        box == (10.0, 500.0, 150.0, 20.0) or box is None
    )  # nearer its side than EDGE: no room to centre
    assert EDGE > 10.0


def test_a_footer_on_a_band_of_the_master_keeps_its_colour_on_a_slide_of_its_own_background(
    tmp_path: Path,
) -> None:
    """On the dark master a quote slide's light background sets its footer dark; where the master draws a band
    under the footer (a strip along the slide's foot, as Piano's), the footer lies on that, and keeps the colour
    read for it."""
    master = load_master(masters.dark_slide(tmp_path))
    layout = master.layouts["Title Only"]
    slide = SlideSpec(2, "quote", "Title Only", (), "", Location("t"), background="lt2")
    assert _readable(slide, layout, master) == "tx1"
    strip = Band((0.0, layout.footer.box[1] - 4, master.size[0], 40.0), "000000")
    banded = replace(layout, bands=(*layout.bands, strip))
    assert _readable(slide, banded, master) is None
