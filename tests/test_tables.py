"""Native tables: widths from measured text, a:tbl frames in a real deck, and long tables split across slides."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pptx.util import Pt

from generator.errors import DeckError, Location
from generator.model.tables import TableSpec, column_widths, row_height_of, split_rows, wrap
from generator.ooxml.names import EMU_PER_PT
from generator.writer.tables import MEDIUM_STYLE_2_ACCENT_1, table_frame

from . import office
from .conftest import sweeping
from .test_charts import pdf_pages, pdf_text, pictures

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# left, top, width, height in points, on a 960 x 540 slide: remarks wrap
BOX = (36.0, 36.0, 640.0, 468.0)
SIZE = 14.0


@cache
def _face(bold: bool) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    font = TTFont(FONTS / f"Carlito-{'Bold' if bold else 'Regular'}.ttf")
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def carlito(text: str, size: float, bold: bool) -> float:
    """Width in points of `text` in Carlito, the font LibreOffice draws for the theme's Calibri."""
    cmap, metrics, units = _face(bold)
    return sum(metrics[cmap.get(ord(c), ".notdef")][0] for c in text) * size / units


def kommuner(count: int) -> TableSpec:
    rows = tuple(
        (
            f"Kommune nummer {i}",
            f"{1000 + i * 137:,}".replace(",", " "),
            f"{i * 1.5:.1f}".replace(".", ","),
            "Et lengre stykke tekst som må brytes over flere linjer i cellen"
            if i % 7 == 0
            else "Kort",
        )
        for i in range(1, count + 1)
    )
    return TableSpec(
        ("Kommune", "Innbyggere", "Endring %", "Merknad"), rows, (False, True, True, False)
    )


def save_deck(
    parts: list[TableSpec], path: Path, box: tuple[float, float, float, float] = BOX
) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    for n, part in enumerate(parts, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.shapes._spTree.append(
            table_frame(part, box, SIZE, 10, f"Tabell {n}", "nb-NO", carlito)
        )
    prs.save(str(path))
    return path


def long_table_parts() -> tuple[TableSpec, list[TableSpec]]:
    """A table of 45 municipalities, and its parts as split for the slide."""
    spec = kommuner(45)
    widths = column_widths(spec, BOX[2], SIZE, carlito)
    return spec, split_rows(spec, row_height_of(widths, SIZE, carlito), BOX[3])


# the default run validates tables as the 2019 deck writes them (test_ooxml); this one under --sweep
@office.deck("long table", pdf=True, sdk=sweeping())
def long_table_deck(kit: office.Kit) -> Path:
    return save_deck(long_table_parts()[1], kit.folder / "table.pptx")


@pytest.fixture(scope="module")
def long_table(office_decks: office.Decks) -> tuple[TableSpec, list[TableSpec], Path]:
    return (*long_table_parts(), office_decks.path("long table"))


def test_a_long_table_is_split_with_the_header_on_every_slide(long_table) -> None:  # noqa: ANN001
    spec, parts, deck = long_table
    assert len(parts) > 1
    slides = Presentation(str(deck)).slides
    assert len(slides) == len(parts)
    read = []
    for slide in slides:
        table = slide.shapes[0].table
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        assert tuple(cells[0]) == spec.header
        read += [tuple(row) for row in cells[1:]]
    assert tuple(read) == spec.rows


def test_the_frame_is_a_styled_table_with_a_grid_as_wide_as_the_box() -> None:
    frame = table_frame(kommuner(3), BOX, SIZE, 7, "Tabell", "nb-NO", carlito)
    tbl = frame.find(f".//{A}tbl")
    props = tbl.find(f"{A}tblPr")
    assert (props.get("firstRow"), props.get("bandRow")) == ("1", "1")
    assert props.findtext(f"{A}tableStyleId") == MEDIUM_STYLE_2_ACCENT_1
    widths = [int(col.get("w")) for col in tbl.iterfind(f"{A}tblGrid/{A}gridCol")]
    assert sum(widths) == int(frame.find(f".//{A}ext").get("cx")) == round(BOX[2] * EMU_PER_PT)
    assert frame.find(f".//{A}graphicData").get("uri").endswith("/table")


def test_number_columns_are_right_aligned_and_text_columns_are_not() -> None:
    tbl = table_frame(kommuner(2), BOX, SIZE, 7, "Tabell", "nb-NO", carlito).find(f".//{A}tbl")
    for tr in tbl.iterfind(f"{A}tr"):
        aligns = [
            tc.find(f".//{A}pPr").get("algn") if tc.find(f".//{A}pPr") is not None else None
            for tc in tr.iterfind(f"{A}tc")
        ]
        assert aligns == [None, "r", "r", None]
    runs = list(tbl.iter(f"{A}rPr"))
    assert {(r.get("lang"), r.get("sz")) for r in runs} == {("nb-NO", "1400")}
    assert [r.get("b") for r in runs[:4]] == ["1"] * 4 and {r.get("b") for r in runs[4:]} == {"0"}


def test_columns_get_their_measured_text_and_the_rest_goes_to_text_columns() -> None:
    spec = TableSpec(
        ("Navn", "Antall"), (("Oslo", "1 300"), ("Nordre Follo", "12,5")), (False, True)
    )
    widths = column_widths(spec, 600, SIZE, carlito)
    assert sum(widths) == pytest.approx(600)
    assert widths[1] == pytest.approx(carlito("Antall", SIZE, True) + 16.4)
    assert widths[0] > widths[1]


def test_a_narrow_table_keeps_number_columns_whole_and_wraps_text() -> None:
    spec = kommuner(8)
    widths = column_widths(spec, 500, SIZE, carlito)
    assert sum(widths) == pytest.approx(500)
    assert widths[1] >= carlito("Innbyggere", SIZE, True) + 14.4
    # a short text column is not wrapped
    assert widths[0] >= carlito("Kommune nummer 8", SIZE, False) + 14.4
    longest_word = max(carlito(w, SIZE, False) for w in spec.rows[6][3].split())
    assert widths[3] >= longest_word + 14.4
    height = row_height_of(widths, SIZE, carlito)
    one_line = height(("1",) * 4)
    assert height(spec.rows[6]) >= 2 * one_line - 2 * 3.6  # the long remark wraps


def test_a_row_taller_than_the_room_is_an_error_at_the_tables_place() -> None:
    spec = TableSpec(("Tekst",), (("kort",), ("lang " * 200,)))
    at = Location("content/deck.yaml", 30, 7)
    widths = column_widths(spec, 300, SIZE, carlito)
    with pytest.raises(DeckError) as caught:
        split_rows(spec, row_height_of(widths, SIZE, carlito), 200, at)
    assert caught.value.location == at
    assert "row 2 of the table" in caught.value.message and "smaller text size" in caught.value.hint


def test_rows_that_do_not_match_the_header_are_an_error() -> None:
    at = Location("content/deck.yaml", 3, 3)
    with pytest.raises(DeckError) as caught:
        TableSpec(("a", "b"), (("1", "2"), ("3",)), location=at)
    assert caught.value.location == at and "row 2 of the table has 1 cells" in caught.value.message


@pytest.mark.sweep
@pytest.mark.office("validator")
def test_the_deck_with_tables_passes_the_open_xml_sdk(office_decks: office.Decks) -> None:
    assert office_decks.sdk("long table") == []


@pytest.mark.office("libreoffice", "poppler")
def test_libreoffice_draws_every_cell_inside_the_table_and_the_page(
    long_table, office_decks: office.Decks, tmp_path: Path
) -> None:  # noqa: ANN001
    spec, parts, deck = long_table
    pdf = office_decks.pdf("long table")
    pictures(pdf, tmp_path)
    texts = pdf_text(pdf)
    left, top, width, height = BOX
    for part, text, ((page_w, page_h), words) in zip(parts, texts, pdf_pages(pdf), strict=True):
        for row in (part.header, *part.rows):
            assert all(cell.split()[0] in text for cell in row)
        for word, (x0, y0, x1, y1) in words:
            assert x0 >= 0 and x1 <= page_w and y0 >= 0 and y1 <= page_h, word
            assert left - 1 <= x0 and x1 <= left + width + 1, word
            # the split kept each part inside its room
            assert top - 1 <= y0 and y1 <= top + height + 2, word
    assert "1 137" in texts[0] and "1,5" in texts[0]


words = st.text(st.sampled_from("abcdefghij ÆØÅ0123456789,"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(words, min_size=n, max_size=n),
            st.lists(st.lists(words, min_size=n, max_size=n), max_size=30),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    ),
    st.floats(150, 900),
    st.floats(60, 500),
)
def test_split_keeps_every_row_once_in_order_each_part_within_the_room(
    table, width: float, room: float
) -> None:  # noqa: ANN001
    header, rows, numeric = table
    spec = TableSpec(tuple(header), tuple(tuple(r) for r in rows), tuple(numeric))
    widths = column_widths(spec, width, SIZE, carlito)
    assert sum(widths) == pytest.approx(width)
    height = row_height_of(widths, SIZE, carlito)
    try:
        parts = split_rows(spec, height, room)
    except DeckError:
        assert any(height(spec.header) + height(row) > room for row in spec.rows)
        return
    assert tuple(row for part in parts for row in part.rows) == spec.rows
    assert all(part.header == spec.header and part.numeric == spec.numeric for part in parts)
    assert all(height(spec.header) + sum(height(r) for r in part.rows) <= room for part in parts)
    assert all(part.rows for part in parts) or len(parts) == 1
    frame = table_frame(parts[0], (0, 0, width, room), SIZE, 2, "T", "nb-NO", carlito)
    grid = [int(c.get("w")) for c in frame.iter(f"{A}gridCol")]
    assert sum(grid) == round(width * EMU_PER_PT) and all(w > 0 for w in grid)


def test_wrap_breaks_at_spaces_and_keeps_a_long_word_whole() -> None:
    room = carlito("tre fire", SIZE, False) + 0.1
    assert carlito("en to tre", SIZE, False) > room
    assert wrap("en to tre fire", room, SIZE, carlito) == ["en to", "tre fire"]
    assert wrap("Donaudampfschiffahrt", 10, SIZE, carlito) == ["Donaudampfschiffahrt"]
    assert wrap("a\nb", 500, SIZE, carlito) == ["a", "b"]


def test_the_frame_serialises_with_the_namespaces_a_slide_uses() -> None:
    xml = etree.tostring(
        table_frame(kommuner(1), BOX, SIZE, 3, "Tabell", "nb-NO", carlito)
    ).decode()
    assert xml.startswith("<p:graphicFrame") and 'name="Tabell"' in xml
