"""Valid OOXML: every content file builds to a deck Microsoft's Open XML SDK accepts, and package defects are caught."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Pt

from generator.checks.openxml import package_findings, sdk_errors
from generator.errors import DeckError, Location

from . import office
from .conftest import REPO, sweeping

# the default run validates the talk (every kind of slide); the rest under --sweep
CONTENT = office.content_decks(sdk=True, every=sweeping(), quick=(REPO / "content" / "2019.yaml",))
SOURCE = Location("content/2019.yaml")


@pytest.mark.office("validator")
@pytest.mark.parametrize("content", CONTENT)
def test_every_content_file_builds_a_deck_the_sdk_accepts(
    content: Path, office_decks: office.Decks
) -> None:
    assert office_decks.sdk(office.content_name(content)) == []


@pytest.mark.parametrize("content", CONTENT)
def test_every_content_file_builds_a_deck_without_package_findings(
    content: Path, office_decks: office.Decks
) -> None:
    findings = package_findings(
        office_decks.path(office.content_name(content)).read_bytes(),
        Location(str(content.relative_to(REPO))),
    )
    assert [f.line() for f in findings] == []


# Defects, one per deck, made from the first slides of the good 2019 deck.


def _rewrite(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The package with part `name` changed (added when it is not there)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts[name] = change(parts.get(name, b""))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for part, content in parts.items():
            dst.writestr(part, content)
    return out.getvalue()


def _with_tables(data: bytes) -> bytes:
    """The deck with two tables on slide 2 (python-pptx's own), one with merged cells."""
    prs = Presentation(io.BytesIO(data))
    shapes = prs.slides[1].shapes
    shapes.add_table(2, 3, Pt(60), Pt(380), Pt(400), Pt(80))
    merged = shapes.add_table(2, 3, Pt(500), Pt(380), Pt(400), Pt(80)).table
    merged.cell(0, 0).merge(merged.cell(0, 1))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _duplicate_shape_id(data: bytes) -> bytes:
    def change(xml: bytes) -> bytes:
        ids = re.findall(rb'<p:cNvPr id="(\d+)"', xml)
        return xml.replace(b'<p:cNvPr id="%s"' % ids[2], b'<p:cNvPr id="%s"' % ids[1], 1)

    return _rewrite(data, "ppt/slides/slide2.xml", change)


def _relationship_to_missing_part(data: bytes) -> bytes:
    rel = (
        b'<Relationship Id="rId99" Target="../media/image99.png" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
    )
    end = b"</Relationships>"
    return _rewrite(data, "ppt/slides/_rels/slide4.xml.rels", lambda x: x.replace(end, rel + end))


def _part_without_content_type(data: bytes) -> bytes:
    """Slide 3 loses its Override; without a Default for .xml nothing gives it a type (the rest have Overrides)."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<Override PartName="/ppt/slides/slide3.xml"[^>]*/>', b"", xml)
        return re.sub(rb'<Default Extension="xml"[^>]*/>', b"", xml)

    return _rewrite(data, "[Content_Types].xml", change)


def _override_for_missing_part(data: bytes) -> bytes:
    override = (
        b'<Override PartName="/ppt/slides/slide99.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>'
    )
    return _rewrite(
        data, "[Content_Types].xml", lambda x: x.replace(b"</Types>", override + b"</Types>")
    )


def _table_row_short_of_a_cell(data: bytes) -> bytes:
    def change(xml: bytes) -> bytes:
        return re.sub(rb"(<a:tr [^>]*>)<a:tc>.*?</a:tc>", rb"\1", xml, count=1, flags=re.S)

    return _rewrite(_with_tables(data), "ppt/slides/slide2.xml", change)


@dataclass(frozen=True)
class Defect:
    """A broken deck: how it is made, the finding it must give, and whether the SDK sees it too."""

    name: str
    make: Callable[[bytes], bytes]
    check: str
    slide: int
    message: str
    sdk_sees_it: bool


DEFECTS = [
    Defect("duplicate shape id", _duplicate_shape_id, "shape-id", 2, "is used by 2 shapes", False),
    Defect(
        "relationship to a missing part",
        _relationship_to_missing_part,
        "relationship",
        4,
        "rId99 (image) points at /ppt/media/image99.png, which is not in the package",
        True,
    ),
    Defect(
        "part without a content type",
        _part_without_content_type,
        "content-type",
        3,
        "part /ppt/slides/slide3.xml has no content type",
        True,
    ),
    Defect(
        "override for a missing part",
        _override_for_missing_part,
        "content-type",
        0,
        "Override names part /ppt/slides/slide99.xml, which is not in the package",
        False,
    ),
    Defect(
        "table row short of a cell",
        _table_row_short_of_a_cell,
        "table",
        2,
        "row 1: has 2 cells for a grid of 3 columns",
        False,
    ),
]


def _schema_error(data: bytes) -> bytes:
    return _rewrite(
        data,
        "ppt/slides/slide1.xml",
        lambda x: x.replace(b'<p:cNvPr id="1"', b'<p:cNvPr id="one"', 1),
    )


BROKEN = {
    "tables": _with_tables,
    "schema error": _schema_error,
    **{d.name: d.make for d in DEFECTS},
}


def _first_slides(data: bytes, count: int) -> bytes:
    """The deck with only its first `count` slides (the SDK takes its time over every slide)."""
    prs = Presentation(io.BytesIO(data))
    ids = prs.slides._sldIdLst
    for sld_id in list(ids)[count:]:
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# the slides each broken deck keeps of the 2019 deck: up to its defect's (python-pptx's tables go on slide 2)
SLIDES = {"tables": 2, "schema error": 1, **{d.name: max(d.slide, 1) for d in DEFECTS}}


def _broken(name: str) -> office.Maker:
    def make(kit: office.Kit) -> Path:
        path = kit.folder / (name.replace(" ", "-") + ".pptx")
        good = _first_slides(kit.deck(TALK).read_bytes(), SLIDES[name])
        path.write_bytes(BROKEN[name](good))
        return path

    return make


TALK = office.content_name(REPO / "content" / "2019.yaml")
for _name in BROKEN:
    office.deck(f"broken:{_name}", sdk=True)(_broken(_name))


@pytest.fixture(scope="module")
def broken(office_decks: office.Decks) -> dict[str, Path]:
    return {name: office_decks.path(f"broken:{name}") for name in BROKEN}


@pytest.fixture(scope="module")
def broken_sdk(office_decks: office.Decks) -> dict[str, list[str]]:
    return {name: office_decks.sdk(f"broken:{name}") for name in BROKEN}


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.name)
def test_each_package_defect_gives_one_finding_on_its_slide(
    defect: Defect, broken: dict[str, Path]
) -> None:
    findings = package_findings(broken[defect.name].read_bytes(), SOURCE)
    assert [(f.check, f.slide) for f in findings] == [(defect.check, defect.slide)]
    assert defect.message in findings[0].message
    assert findings[0].location == SOURCE


@pytest.mark.office("validator")
@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.name)
def test_the_sdk_sees_the_defects_that_stop_it_opening_the_package_and_misses_the_rest(
    defect: Defect, broken_sdk: dict[str, list[str]]
) -> None:
    # What the SDK misses is why package_findings exists; a new SDK that sees more would fail here, on purpose.
    assert bool(broken_sdk[defect.name]) is defect.sdk_sees_it, broken_sdk[defect.name]


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.name)
def test_package_checks_find_the_same_in_the_writers_parts_as_in_the_file(
    defect: Defect, broken: dict[str, Path]
) -> None:
    data = broken[defect.name].read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert package_findings(parts, SOURCE) == package_findings(data, SOURCE) != []


def test_tables_python_pptx_writes_merged_cells_included_give_no_finding(
    broken: dict[str, Path],
) -> None:
    assert package_findings(broken["tables"].read_bytes(), SOURCE) == []


@pytest.mark.office("validator")
def test_tables_python_pptx_writes_pass_the_sdk(broken_sdk: dict[str, list[str]]) -> None:
    assert broken_sdk["tables"] == []


@pytest.mark.office("validator")
def test_the_sdk_reports_a_schema_error_with_its_part_and_xpath(
    broken_sdk: dict[str, list[str]],
) -> None:
    assert broken_sdk["schema error"] == [
        "/ppt/slides/slide1.xml /p:sld[1]/p:cSld[1]/p:spTree[1]/p:nvGrpSpPr[1]/p:cNvPr[1]: "
        "Sch_AttributeValueDataTypeDetailed: The attribute 'id' has invalid value 'one'. "
        "The string 'one' is not a valid 'UInt32' value."
    ]


def test_a_file_that_is_not_a_package_is_one_finding() -> None:
    [finding] = package_findings(b"not a zip", SOURCE)
    assert (finding.check, finding.slide) == ("package", 0)


def test_a_part_that_is_not_xml_is_one_finding_naming_it(deck_2019: Path) -> None:
    data = _rewrite(deck_2019.read_bytes(), "ppt/slides/slide3.xml", lambda x: x[:-20])
    [finding] = package_findings(data, SOURCE)
    assert (finding.check, finding.field) == ("package", "ppt/slides/slide3.xml")
    assert "not well-formed XML" in finding.message


def test_without_node_the_validator_is_an_error_naming_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DeckError, match="Node.js.*apt-get install nodejs npm"):
        sdk_errors(tmp_path / "deck.pptx")


@pytest.mark.office("node")
def test_without_the_npm_package_the_validator_is_an_error_naming_npm_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAKE_DECK_VALIDATOR", str(tmp_path))
    with pytest.raises(DeckError, match="@ooxml-tools/validate is not installed.*npm ci"):
        sdk_errors(tmp_path / "deck.pptx")
