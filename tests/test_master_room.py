"""What a master leaves room for: the talk's charts, maps and source lines kept clear of footers that sit over
the body's foot, and a map's names set beside the region readable on a dark slide (each deck built through the
command line and reopened with python-pptx)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.dml import MSO_FILL, MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from . import masters
from .conftest import REPO, run

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main", "p": masters.P}
P = masters.P
FURNITURE = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The talk on each of the two masters, by the master maker's name."""
    folder = tmp_path_factory.mktemp("room")
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        for make in (masters.footers_high, masters.dark_slide):
            deck = folder / f"{make.__name__}.pptx"
            result = run("content/2019.yaml", "--template", str(make(folder)), "-o", str(deck))
            assert result.exit_code == 0, result.stderr
            out[make.__name__] = deck
    return out


def test_drawn_content_keeps_clear_of_footers_over_the_body(decks: dict[str, Path]) -> None:
    """The master's body placeholder runs down under its footers: what the layouts draw (a chart and its
    source, a map and its credit, diagrams) ends above them."""
    top = Pt(masters.FOOTERS_TOP)
    footed = 0
    for number, slide in enumerate(Presentation(str(decks["footers_high"])).slides, 1):
        footers = [ph for ph in slide.placeholders if ph.placeholder_format.type in FURNITURE]
        if not footers:
            continue
        footed += 1
        assert all(ph.top == top for ph in footers)
        low = [
            shape.name
            for shape in slide.shapes
            if not shape.is_placeholder and shape.top + shape.height > top
        ]
        assert low == [], f"slide {number}"
    assert footed >= 10


def test_names_beside_the_map_read_on_a_dark_slide(decks: dict[str, Path]) -> None:
    """On a black slide, a name set beside the region all on the map's light land keeps the dark text colour; one
    partly on the black sea around the land is in the light text colour or on a plate (read from the outlines
    the deck draws)."""
    slide = next(
        s
        for s in Presentation(str(decks["dark_slide"])).slides
        if any(shape.name.endswith("(navn)") for shape in s.shapes)
    )
    land = [outline for shape in slide.shapes if (outline := _outline(shape))]
    names = [shape for shape in slide.shapes if shape.name.endswith("(navn)")]
    on_sea = 0
    for name in names:
        colour = name.text_frame.paragraphs[0].runs[0].font.color.theme_color
        plated = name.fill.type == MSO_FILL.SOLID
        if all(_on_land(point, land) for point in _spread(name)):
            assert colour == MSO_THEME_COLOR.TEXT_1, name.name
        else:
            on_sea += 1
            assert plated or colour == MSO_THEME_COLOR.BACKGROUND_1, name.name
    assert on_sea >= 3


def _outline(shape) -> list[list[tuple[float, float]]]:  # noqa: ANN001 - a python-pptx shape
    """A freeform's rings in EMU on the slide; [] for another shape."""
    path = shape._element.find(".//a:custGeom/a:pathLst/a:path", NS)
    if path is None or shape.fill.type != MSO_FILL.SOLID:
        return []
    sx, sy = shape.width / int(path.get("w")), shape.height / int(path.get("h"))
    rings: list[list[tuple[float, float]]] = []
    for step in path:
        point = step.find("a:pt", NS)
        if point is None:
            continue
        if step.tag.endswith("moveTo"):
            rings.append([])
        rings[-1].append(
            (shape.left + int(point.get("x")) * sx, shape.top + int(point.get("y")) * sy)
        )
    return rings


def _on_land(point: tuple[float, float], land: list) -> bool:
    return any(_inside(point, rings) for rings in land)


def _inside(point: tuple[float, float], rings: list) -> bool:
    px, py = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _spread(shape) -> list[tuple[float, float]]:  # noqa: ANN001 - a python-pptx shape
    """Points over the middle of a name's box, where its one line of text lies."""
    return [
        (shape.left + shape.width * (i + 0.5) / 8, shape.top + shape.height * (j + 1) / 4)
        for i in range(8)
        for j in range(3)
    ]


def test_footers_a_layout_colours_for_a_light_slide_read_on_the_dark_one(
    decks: dict[str, Path],
) -> None:
    """base.pptx's layouts set their own grey for date, footer and slide number; on the black slide the deck's
    copy of every layout that shows the master's ground sets them in the light text colour."""
    prs = Presentation(str(decks["dark_slide"]))
    coloured = 0
    for layout in prs.slide_layouts:
        if layout._element.find("p:cSld/p:bg", {"p": P}) is not None:
            continue
        for ph in layout.placeholders:
            if ph.placeholder_format.type not in FURNITURE:
                continue
            fill = ph._element.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/a:solidFill", NS)
            if fill is None:
                continue
            coloured += 1
            assert fill[0].get("val") == "bg1", (layout.name, ph.name)
    assert coloured >= 10


def test_a_slide_with_a_light_background_of_its_own_sets_its_footer_dark_on_the_dark_master(
    decks: dict[str, Path],
) -> None:
    """The quote slides' own light background (lt2) on the black master: their footer and slide number are in
    the dark text colour, where every other slide's are light."""
    own = 0
    for slide in Presentation(str(decks["dark_slide"])).slides:
        footers = [ph for ph in slide.placeholders if ph.placeholder_format.type in FURNITURE]
        if not footers or slide._element.find("p:cSld/p:bg", NS) is None:
            continue
        own += 1
        for ph in footers:
            fills = ph._element.findall(".//a:rPr/a:solidFill/a:schemeClr", NS)
            assert fills and {f.get("val") for f in fills} == {"tx1"}, ph.name
    assert own >= 2
