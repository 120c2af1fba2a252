"""A slide's XML from the library: its layout's placeholders filled and the unused ones gone, its notes page, and
the footer and slide number placed as PowerPoint's Header & Footer dialog places them."""

from __future__ import annotations

import zipfile

from lxml import etree

from generator.model.fitting import fit_deck
from generator.pipeline.stages import Options, assemble
from generator.writer.slides import emu, furnished, furniture_of, notes_xml, slide_xml

from .conftest import REPO

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
BASE = REPO / "templates" / "base.pptx"


def no_picture(shape: object) -> object:
    raise AssertionError("the title slide has no picture")


def test_the_title_slide_fills_its_layout_s_placeholders_and_drops_the_rest() -> None:
    model, master, _ = assemble(REPO / "content" / "2019.yaml", Options(project=REPO))
    spec = fit_deck(model, master)[0].slides[0]
    layout = master.layouts[spec.master]
    root = etree.fromstring(slide_xml(spec, layout, "nb-NO", no_picture))
    texts = ["".join(p.itertext()) for p in root.iterfind(".//a:p", NS)]
    assert texts == [
        "Allianser og partnerskapsutvikling",
        "Stat-næringsliv-konferansen 15. mars 2019",
    ]
    types = [ph.get("type") for ph in root.iterfind(".//p:nvPr/p:ph", NS)]
    assert types == ["ctrTitle", "subTitle"]
    assert {r.get("lang") for r in root.iterfind(".//a:rPr", NS)} == {"nb-NO"}


def test_notes_are_one_paragraph_a_line_in_the_notes_master_s_body() -> None:
    _, master, _ = assemble(REPO / "content" / "2019.yaml", Options(project=REPO))
    root = etree.fromstring(notes_xml("Første linje\nAndre linje", master.empty_notes, "nn-NO"))
    body = next(
        sp
        for sp in root.iterfind(".//p:sp", NS)
        if sp.find("p:nvSpPr/p:nvPr/p:ph", NS).get("type") == "body"
    )
    assert ["".join(p.itertext()) for p in body.iterfind(".//a:p", NS)] == [
        "Første linje",
        "Andre linje",
    ]
    assert {r.get("lang") for r in body.iterfind(".//a:rPr", NS)} == {"nn-NO"}


def test_the_slide_number_is_a_field_and_the_footer_a_run_of_the_layout_s_placeholders() -> None:
    with zipfile.ZipFile(BASE) as package:
        layout = package.read("ppt/slideLayouts/slideLayout2.xml")
        master = package.read("ppt/slideMasters/slideMaster1.xml")
    furniture = furniture_of((layout, master))
    assert set(furniture) == {"ftr", "sldNum"}
    empty = b'<p:sld xmlns:a="%s" xmlns:p="%s"><p:cSld><p:spTree/></p:cSld></p:sld>' % (
        NS["a"].encode(),
        NS["p"].encode(),
    )
    root = etree.fromstring(furnished(empty, furniture, "Telemark 2024", 7, "nb-NO"))
    [field] = root.findall(".//a:fld", NS)
    assert field.get("type") == "slidenum" and field.findtext("a:t", namespaces=NS) == "7"
    assert "Telemark 2024" in ["".join(p.itertext()) for p in root.iterfind(".//a:p", NS)]


def test_points_become_emu_as_python_pptx_makes_them() -> None:
    assert emu(1) == 12700 and emu(0.5) == 6350 and emu(10.00001) == 127000
