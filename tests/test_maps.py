"""The map layout: a native freeform per municipality, named and credited, drawn where the region is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.util import Emu

from generator.norway import mapgeometry as geo
from generator.norway import register
from generator.pipeline.jobs import Options
from generator.pipeline.stages import check

from . import office
from .conftest import REPO, copy_talk, run
from .test_bad_inputs import write

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
MAP_BOX = (60, 128, 840, 380)  # the layout's box: the map and its credit line


def map_slide(data: bytes):  # noqa: ANN201 - a python-pptx Slide
    prs = Presentation(io.BytesIO(data))
    return next(s for s in prs.slides if any(sh.name == "Kartdata" for sh in s.shapes))


def freeforms(slide) -> list:  # noqa: ANN001
    return [sh for sh in slide.shapes if sh.element.find(".//a:custGeom", NS) is not None]


TELEMARK = REPO / "content" / "editions" / "telemark-2024.yaml"


@pytest.fixture(scope="module")
def telemark() -> bytes:
    return check(TELEMARK, Options(project=REPO)).data


def test_each_municipality_is_one_named_freeform_with_its_name_as_alt_text(telemark: bytes) -> None:
    slide = map_slide(telemark)
    region = [sh for sh in freeforms(slide) if _fill(sh) == "accent1"]
    expected = [m.name for m in register.county(40, 2024).municipalities]
    assert [sh.name for sh in region] == expected
    assert all(sh.element.find("p:nvSpPr/p:cNvPr", NS).get("descr") == sh.name for sh in region)
    assert len(freeforms(slide)) > len(region)  # the neighbours around it, in grey
    areas = [sh for sh in freeforms(slide) if not sh.name.endswith(" (linje)")]
    assert {_fill(sh) for sh in areas} == {"accent1", "lt2"}


def test_the_map_carries_kartverkets_credit_and_lies_inside_its_box(telemark: bytes) -> None:
    slide = map_slide(telemark)
    credit = next(sh for sh in slide.shapes if sh.name == "Kartdata")
    assert credit.text_frame.text == "Kartdata: © Kartverket (CC BY 4.0)"
    x, y, w, h = (Emu(int(v * 12700)) for v in MAP_BOX)
    for shape in [*freeforms(slide), credit]:
        assert x <= shape.left and shape.left + shape.width <= x + w + 12700, shape.name
        assert y <= shape.top and shape.top + shape.height <= y + h + 12700, shape.name


def test_labels_sit_in_their_shapes_or_beside_the_map_and_the_rest_are_in_the_notes(
    telemark: bytes,
) -> None:
    slide = map_slide(telemark)
    labelled = [sh.name for sh in freeforms(slide) if sh.has_text_frame and sh.text_frame.text]
    assert "Vinje" in labelled and all(
        sh.text_frame.text == sh.name
        for sh in freeforms(slide)
        if sh.has_text_frame and sh.text_frame.text
    )
    beside = [sh.text_frame.text for sh in slide.shapes if sh.name.endswith(" (navn)")]
    leaders = [sh.name for sh in slide.shapes if sh.name.endswith(" (linje)")]
    assert beside and leaders == [f"{name} (linje)" for name in beside]
    notes = slide.notes_slide.notes_text_frame.text
    unlabelled = [
        sh.name
        for sh in freeforms(slide)
        if _fill(sh) == "accent1" and sh.name not in labelled and sh.name not in beside
    ]
    if unlabelled:
        assert f"Navn som ikke fikk plass på kartet: {', '.join(unlabelled)}." in notes
    else:  # every name on the map: Telemark's 17 fit inside or beside it
        assert "Navn som ikke fikk plass" not in notes
    sizes = {r.get("sz") for sh in slide.shapes for r in sh.element.iter(f"{{{NS['a']}}}rPr")}
    assert all(int(size) >= 1200 for size in sizes if size)  # never below the readable floor


def test_highlighted_municipalities_are_named_first_beside_the_map(project: Path) -> None:
    copy_talk(project / "base.yaml")
    write(
        project,
        {
            "agder.yaml": "extends: base.yaml\ncounty: 42\nyear: 2024\nvars:\n  region: Agder\n"
            "slides:\n  map:\n    highlight: [Kristiansand, Arendal]\n"
        },
    )
    assert run("agder.yaml", "-o", "agder.pptx").exit_code == 0
    slide = map_slide((project / "agder.pptx").read_bytes())
    beside = [sh.text_frame.text for sh in slide.shapes if sh.name.endswith(" (navn)")]
    assert {"Kristiansand", "Arendal"} <= set(beside)
    notes = slide.notes_slide.notes_text_frame.text
    assert "Kristiansand" not in notes.split("kartet:")[-1]


def test_highlight_picks_out_municipalities_in_another_colour(project: Path) -> None:
    copy_talk(project / "base.yaml")
    write(
        project,
        {
            "e.yaml": "extends: base.yaml\ncounty: 40\nyear: 2024\nslides:\n  map:\n    highlight: [Skien, Porsgrunn]\n"
        },
    )
    assert run("e.yaml", "-o", "e.pptx").exit_code == 0
    slide = map_slide((project / "e.pptx").read_bytes())
    picked = sorted(sh.name for sh in freeforms(slide) if _fill(sh) == "accent2")
    assert picked == ["Porsgrunn", "Skien"]
    write(
        project,
        {
            "f.yaml": "extends: base.yaml\ncounty: 40\nyear: 2024\nslides:\n  map:\n    highlight: [Oslo]\n"
        },
    )
    wrong = run("f.yaml", "-o", "f.pptx")
    assert wrong.exit_code == 1, wrong.stderr
    assert wrong.stderr.startswith(
        "f.yaml:6:17: highlight[1]: 'Oslo' is not on the map; Oslo is in Oslo (03)"
    )


def test_a_municipality_without_boundaries_is_reported_and_named_in_the_notes(
    project: Path,
) -> None:
    copy_talk(project / "base.yaml")
    write(
        project,
        {"r.yaml": "extends: base.yaml\ncounty: 11\nyear: 2020\nvars: {region: Rogaland}\n"},
    )
    result = run("r.yaml", "-o", "r.pptx")
    assert (
        result.exit_code == 0
        and "map: no boundaries in Kartverket's data for Kvitsøy" in result.stderr
    )
    slide = map_slide((project / "r.pptx").read_bytes())
    assert (
        "Ikke på kartet (ingen grenser i kartdataene): Kvitsøy."
        in slide.notes_slide.notes_text_frame.text
    )
    assert "Kvitsøy" not in [sh.name for sh in freeforms(slide)]


def test_the_map_follows_the_year(project: Path) -> None:
    counts = {}
    for name, county, year in (("vt", 38, 2020), ("v", 39, 2024), ("t", 40, 2024)):
        copy_talk(project / "base.yaml")
        write(project, {f"{name}.yaml": f"extends: base.yaml\ncounty: {county}\nyear: {year}\n"})
        assert run(f"{name}.yaml", "-o", f"{name}.pptx").exit_code == 0
        slide = map_slide((project / f"{name}.pptx").read_bytes())
        counts[name] = len([sh for sh in freeforms(slide) if _fill(sh) == "accent1"])
    assert counts == {"vt": 23, "v": 6, "t": 17}


def test_a_map_slide_stays_small(telemark: bytes) -> None:
    part = next(
        i
        for i in zipfile.ZipFile(io.BytesIO(telemark)).infolist()
        if i.filename == "ppt/slides/slide3.xml"
    )
    assert part.file_size < 150 * 1024 and part.compress_size < 30 * 1024


MAP_DECK = office.content_deck(TELEMARK, pdf=True)


@pytest.mark.office("libreoffice", "poppler")
def test_libreoffice_draws_the_region_where_a_reference_drawing_of_the_data_has_it(
    office_decks: office.Decks, tmp_path: Path
) -> None:
    """The rendered map's region pixels (the accent colour) against the same TopoJSON drawn with Pillow: they must
    agree as sets of pixels, intersection over union at least 0.9 (borders and anti-aliasing make up the rest)."""
    from generator.checks.libreoffice import to_pngs

    png = to_pngs(office_decks.pdf(MAP_DECK), tmp_path / "png", 72)[2]
    image = Image.open(png).convert("RGB")
    scale = image.width / 960
    accent = image.getpixel((int(75 * scale), int(112 * scale)))  # the accent rule under the title
    band = (0, int(128 * scale), image.width, int(490 * scale))  # the map's rows, whole width
    red, green, blue = accent
    rgb = image.crop(band).tobytes()
    rendered = [
        abs(rgb[i] - red) + abs(rgb[i + 1] - green) + abs(rgb[i + 2] - blue) < 60
        for i in range(0, len(rgb), 3)
    ]
    numbers = [m.number for m in register.county(40, 2024).municipalities]
    drawing = geo.region_map(2024, numbers, (60, 128, 840, 362), "none", budget=100_000)
    reference = Image.new("1", image.size, 0)
    pen = ImageDraw.Draw(reference)
    for shape in drawing.shapes:
        for ring in shape.rings:
            pen.polygon([(x * scale, y * scale) for x, y in ring], fill=1)
    expected = [value != 0 for value in reference.crop(band).convert("L").tobytes()]
    pairs = list(zip(rendered, expected, strict=True))
    iou = sum(r and e for r, e in pairs) / sum(r or e for r, e in pairs)
    print(f"IoU {iou:.3f}")
    assert iou >= 0.9, iou


def _fill(shape) -> str:  # noqa: ANN001
    fill = shape.element.find("p:spPr/a:solidFill/a:schemeClr", NS)
    return fill.get("val") if fill is not None else ""


def test_the_map_xml_is_a_closed_path_per_ring(telemark: bytes) -> None:
    slide = map_slide(telemark)
    vinje = next(sh for sh in freeforms(slide) if sh.name == "Vinje")
    path = vinje.element.find(".//a:path", NS)
    moves, closes = path.findall("a:moveTo", NS), path.findall("a:close", NS)
    assert len(moves) == len(closes) >= 1
    assert etree.QName(path[-1]).localname == "close"
