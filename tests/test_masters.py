"""The masters of tests/masters.py are what they say: size, layout names and types, theme, and valid for the SDK."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as Prs

from . import masters, office
from .conftest import sweeping

NS = masters.NS
Made = masters.Made
ENGLISH = [
    ("Title Slide", "title"),
    ("Title and Content", "obj"),
    ("Section Header", "secHead"),
    ("Two Content", "twoObj"),
    ("Comparison", "twoTxTwoObj"),
    ("Title Only", "titleOnly"),
    ("Blank", "blank"),
    ("Content with Caption", "objTx"),
    ("Picture with Caption", "picTx"),
    ("Title and Vertical Text", "vertTx"),
    ("Vertical Title and Text", "vertTitleAndTx"),
]
NORWEGIAN = [
    ("Tittellysbilde", "title"),
    ("Tittel og innhold", "obj"),
    ("Deloverskrift", "secHead"),
    ("To innholdsdeler", "twoObj"),
    ("Sammenligning", "twoTxTwoObj"),
    ("Bare tittel", "titleOnly"),
    ("Tomt", "blank"),
    ("Innhold med bildetekst", "objTx"),
    ("Bilde med bildetekst", "picTx"),
]


@pytest.fixture
def made(made_masters: masters.Made) -> masters.Made:
    """Each master of tests/masters.py, written once for the session."""
    return made_masters


def layouts(prs: Prs) -> list[tuple[str, str | None]]:
    return [(layout.name, layout.element.get("type")) for layout in prs.slide_layouts]


def size(prs: Prs) -> tuple[int, int, str | None]:
    return prs.slide_width, prs.slide_height, prs.element.find("p:sldSz", NS).get("type")


def theme(prs: Prs) -> etree._Element:
    return etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)


def boxes_off_the_slide(prs: Prs) -> list[str]:
    """Placeholders of master and layouts that reach past the slide's edges."""
    off = []
    for owner in (prs.slide_master, *prs.slide_layouts):
        for shape in owner.placeholders:
            if shape.left is None:
                continue  # inherits the master's box
            if (
                shape.left < 0
                or shape.top < 0
                or shape.left + shape.width > prs.slide_width
                or shape.top + shape.height > prs.slide_height
            ):
                off.append(f"{owner.name}: {shape.name}")
    return off


def as_presentation(potx: Path) -> io.BytesIO:
    """A .potx as python-pptx opens it: the main part's content type that of a presentation."""

    def swap(blob: bytes) -> bytes:
        return blob.replace(masters.TEMPLATE_MAIN.encode(), masters.PRESENTATION_MAIN.encode())

    return io.BytesIO(masters.rewritten(potx.read_bytes(), {"[Content_Types].xml": swap}))


def test_python_pptx_default_is_4_3_with_eleven_english_layouts(made: Made) -> None:
    prs = Presentation(str(made["python_pptx_default"]))
    assert size(prs) == (9144000, 6858000, "screen4x3")
    assert layouts(prs) == ENGLISH


def test_norwegian_master_is_16_9_with_layouts_named_and_typed_as_norwegian_powerpoint(
    made: Made,
) -> None:
    prs = Presentation(str(made["norwegian_names"]))
    assert size(prs) == (12192000, 6858000, None)
    assert layouts(prs) == NORWEGIAN
    assert boxes_off_the_slide(prs) == []


def test_norwegian_master_has_its_own_colours_and_arial_headings(made: Made) -> None:
    scheme = theme(Presentation(str(made["norwegian_names"]))).find("a:themeElements", NS)
    assert scheme.find("a:clrScheme/a:accent1/a:srgbClr", NS).get("val") == "E4002B"
    assert scheme.find("a:fontScheme/a:majorFont/a:latin", NS).get("typeface") == "Arial"
    assert scheme.find("a:fontScheme/a:minorFont/a:latin", NS).get("typeface") == "Calibri"


def test_potx_is_a_template_python_pptx_opens_only_as_a_presentation(made: Made) -> None:
    path = made["potx"]
    assert path.suffix == ".potx"
    with pytest.raises(ValueError, match="template.main"):
        Presentation(str(path))
    prs = Presentation(as_presentation(path))
    assert size(prs) == (12192000, 6858000, None)
    assert layouts(prs) == NORWEGIAN


@pytest.mark.office("libreoffice")
def test_libreoffice_keeps_the_size_and_replaces_the_layouts_with_its_own(made: Made) -> None:
    prs = Presentation(str(made["libreoffice_saved"]))
    assert size(prs)[:2] == (12192000, 6858000)
    found = dict(layouts(prs))
    assert {"Title Slide", "Title, Content", "Title Only", "Blank Slide"} <= set(found)
    assert (found["Title, Content"], found["Title Only"], found["Blank Slide"]) == (
        "obj",
        "titleOnly",
        "blank",
    )
    assert not {"Title and Content", "Section Header", "Two Content"} & set(found)
    assert len(prs.slides) >= 1
    accent = theme(prs).find("a:themeElements/a:clrScheme/a:accent1/a:srgbClr", NS).get("val")
    assert accent.upper() == "1A7F8E"


def test_sixteen_ten_is_10_by_6_25_inches_with_every_box_on_the_slide(made: Made) -> None:
    prs = Presentation(str(made["sixteen_ten"]))
    assert size(prs) == (9144000, 5715000, "screen16x10")
    assert layouts(prs) == ENGLISH
    assert boxes_off_the_slide(prs) == []


# the test masters themselves, validated under --sweep (a deck built on one is, in the default run: test_geometry.py)
for _maker in masters.MAKERS if sweeping() else ():
    office.deck(f"master:{_maker}", sdk=True)(lambda kit, maker=_maker: kit.masters[maker])


@pytest.mark.office("validator", "libreoffice")
@pytest.mark.sweep
def test_every_master_is_valid_for_the_open_xml_sdk(office_decks: office.Decks) -> None:
    verdicts = {maker: office_decks.sdk(f"master:{maker}") for maker in masters.MAKERS}
    assert {maker: errors for maker, errors in verdicts.items() if errors} == {}
