"""Native charts: chart parts and their workbooks in a real deck, read back, validated, rendered and looked at."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml import parse_xml
from pptx.util import Inches

from generator.content.datafiles import read_table
from generator.errors import DeckError, Location
from generator.model.charts import ChartSpec, Series, alt_text
from generator.writer.charts import (
    CHART_CONTENT_TYPE,
    CHART_PART_NAME,
    CHART_REL_TYPE,
    PACKAGE_REL_TYPE,
    XLSX_CONTENT_TYPE,
    chart_element,
    chart_part,
    graphic_frame,
    workbook,
    workbook_part_name,
)

from . import office
from .conftest import REPO, examples

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "x": "http://www.w3.org/1999/xhtml",
}


def nb_number(value: float) -> str:
    """A number as bokmål writes it (what a deck's `number` filter gives)."""
    from generator.formats import decimal_text

    return decimal_text(value, "nb_NO")


FYLKER = ("Oslo", "Rogaland", "Vestland", "Nordland")
SPECS = {
    "column": ChartSpec(
        "column",
        FYLKER,
        (Series("2020", (1, 23, 43, 44)), Series("2024", (1, 23, 43, 41))),
        "antall kommuner per fylke",
        show_values=True,
        highlight=3,
    ),
    "bar": ChartSpec(
        "bar",
        FYLKER,
        (Series("Innbyggere", (717710, 1300, 12.5, 241000)),),
        "Innbyggere",
        number_format="#,##0.0",
        show_values=True,
        highlight=0,
    ),
    "line": ChartSpec(
        "line",
        tuple(str(y) for y in range(2017, 2025)),
        (Series("Ledighet", (4.2, 3.9, 3.7, 5.0, 4.4, 3.2, 3.6, 4.0)),),
        "Ledighet i prosent",
        number_format="0.0",
        highlight=3,
    ),
    "pie": ChartSpec(
        "pie",
        ("Buss", "Bil", "Sykkel", "Gange"),
        (Series("Reiser", (1300, 5200, 700, 1800)),),
        "Reisemåte",
        show_values=True,
    ),
    "combo": ChartSpec(
        "combo",
        ("2021", "2022", "2023", "2024"),
        (
            Series("Kroner", (1300, 1500, 1700, 2100)),
            Series("Vekst", (12.5, 15.4, 13.3, 23.5), "secondary"),
        ),
        "Budsjett og vekst",
        secondary_format="0.0",
        show_values=True,
    ),
    "stacked": ChartSpec(
        "stacked",
        FYLKER,
        (
            Series("Kommuner", (1, 23, 43, 41)),
            Series("Byer", (1, 8, 10, 12)),
            Series("Tettsteder", (2, 40, 55, 38)),
        ),
        "Steder per fylke",
        show_values=True,
    ),
    "stacked_bar": ChartSpec(
        "stacked_bar",
        FYLKER,
        (Series("Inn", (12.5, 30, 8, 21)), Series("Ut", (-4, -6.5, -12, -3))),
        "Flytting",
        number_format="0.0",
        highlight=2,
        show_values=True,
    ),
}
PPTX_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
    "combo": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "stacked_bar": XL_CHART_TYPE.BAR_STACKED,
}
BOX = (Inches(0.5), Inches(0.5), Inches(12.3), Inches(6.5))


def add_chart(slide, spec: ChartSpec, own_frame: bool = False):  # noqa: ANN001, ANN201 - python-pptx objects
    """Add `spec` to `slide` through python-pptx's chart API, then put our chart XML and workbook in its parts."""
    data = CategoryChartData()
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    frame = slide.shapes.add_chart(PPTX_TYPES[spec.kind], *BOX, data)
    part = frame.chart_part
    assert part.rels["rId1"].reltype == PACKAGE_REL_TYPE  # the id our chart XML names
    part._element = parse_xml(chart_part(spec))
    part.chart_workbook.update_from_xlsx_blob(workbook(spec))
    if own_frame:
        rel_id = frame._element.chart_rId
        ours = graphic_frame(rel_id, frame.shape_id, frame.name, alt_text(spec, nb_number), BOX)
        frame._element.addprevious(ours)
        frame._element.getparent().remove(frame._element)
    return part


def save_deck(specs: list[ChartSpec], path: Path) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for n, spec in enumerate(specs):
        add_chart(prs.slides.add_slide(prs.slide_layouts[6]), spec, own_frame=n % 2 == 0)
    prs.save(str(path))
    return path


def pdf_pages(
    pdf: Path,
) -> list[tuple[tuple[float, float], list[tuple[str, tuple[float, float, float, float]]]]]:
    """Per page of `pdf`: its size and its words with their boxes, from `pdftotext -bbox`."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    pages = []
    for page in etree.fromstring(xhtml).iter(f"{{{NS['x']}}}page"):
        words = [
            (w.text or "", tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in page.iter(f"{{{NS['x']}}}word")
        ]
        pages.append(((float(page.get("width")), float(page.get("height"))), words))
    return pages


def pdf_text(pdf: Path) -> list[str]:
    """Each page's text, no-break spaces as spaces."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode()
    # each page ends in a form feed
    return [page.replace("\u00a0", " ") for page in text.split("\f")[:-1]]


def pictures(pdf: Path, out: Path) -> list[Path]:
    """The pages as PNGs at 60 dpi; copied to $CHART_PICTURES too when it is set, to look at."""
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(out / pdf.stem)], check=True, timeout=120
    )
    pngs = sorted(out.glob(f"{pdf.stem}-*.png"))
    if os.environ.get("CHART_PICTURES"):
        Path(os.environ["CHART_PICTURES"]).mkdir(parents=True, exist_ok=True)
        for png in pngs:
            shutil.copy(png, Path(os.environ["CHART_PICTURES"]) / png.name)
    return pngs


@office.deck("charts", pdf=True, sdk=True)
def every_kind(kit: office.Kit) -> Path:
    """A deck with a slide for each kind of chart."""
    return save_deck(list(SPECS.values()), kit.folder / "charts.pptx")


@pytest.fixture(scope="module")
def deck(office_decks: office.Decks) -> Path:
    return office_decks.path("charts")


@pytest.fixture(scope="module")
def pdf(office_decks: office.Decks) -> Path:
    return office_decks.pdf("charts")


def xml(spec: ChartSpec) -> etree._Element:
    return etree.fromstring(chart_part(spec))


@pytest.mark.parametrize("kind", SPECS)
def test_each_kind_reads_back_through_python_pptx(deck: Path, kind: str) -> None:
    spec = SPECS[kind]
    slide = Presentation(str(deck)).slides[list(SPECS).index(kind)]
    chart = next(shape for shape in slide.shapes if shape.has_chart).chart
    assert chart.chart_type == PPTX_TYPES[kind]
    series = [s for plot in chart.plots for s in plot.series]
    assert [s.name for s in series] == [s.name for s in spec.series]
    assert [tuple(s.values) for s in series] == [
        tuple(float(v) for v in s.values) for s in spec.series
    ]
    assert all(tuple(plot.categories) == spec.categories for plot in chart.plots)
    assert chart.has_title == bool(spec.title)


def test_combo_draws_columns_and_a_line_on_its_own_right_hand_axis(deck: Path) -> None:
    chart = next(s for s in Presentation(str(deck)).slides[4].shapes if s.has_chart).chart
    assert [type(plot).__name__ for plot in chart.plots] == ["BarPlot", "LinePlot"]
    root = xml(SPECS["combo"])
    area = root.find("c:chart/c:plotArea", NS)
    axes = {a.find("c:axId", NS).get("val"): a for a in area if a.tag.endswith(("catAx", "valAx"))}
    assert sorted(etree.QName(a).localname for a in axes.values()) == [
        "catAx",
        "catAx",
        "valAx",
        "valAx",
    ]
    line_axes = [axes[i.get("val")] for i in area.findall("c:lineChart/c:axId", NS)]
    cat, val = sorted(line_axes, key=lambda a: etree.QName(a).localname)
    assert cat.find("c:delete", NS).get("val") == "1"
    assert val.find("c:axPos", NS).get("val") == "r"
    assert val.find("c:crosses", NS).get("val") == "max"
    bar_axes = [axes[i.get("val")] for i in area.findall("c:barChart/c:axId", NS)]
    assert {a.find("c:delete", NS).get("val") for a in bar_axes} == {"0"}


def test_workbook_cells_hold_what_the_chart_formulas_point_at(deck: Path) -> None:
    for n, kind in enumerate(SPECS):
        part = next(s for s in Presentation(str(deck)).slides[n].shapes if s.has_chart).chart_part
        cells = sheet_cells(part.chart_workbook.xlsx_part.blob)
        root = part._element
        for ref in root.iter(f"{{{NS['c']}}}strRef", f"{{{NS['c']}}}numRef"):
            cached = [pt.findtext("c:v", namespaces=NS) for pt in ref.iter(f"{{{NS['c']}}}pt")]
            in_sheet = [cells.get(cell) for cell in expand(ref.findtext("c:f", namespaces=NS))]
            if ref.tag.endswith("numRef"):
                assert [float(v) for v in in_sheet] == [float(v) for v in cached], kind
            else:
                assert in_sheet == cached, kind


def sheet_cells(xlsx: bytes) -> dict[str, str]:
    """Every cell of the sheet named Ark1: its reference and its value as text (shared strings resolved)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        assert [s.get("name") for s in book.iterfind("s:sheets/s:sheet", NS)] == ["Ark1"]
        strings = [
            si.findtext("s:t", namespaces=NS)
            for si in etree.fromstring(z.read("xl/sharedStrings.xml"))
        ]
        sheet = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for c in sheet.iter(f"{{{NS['s']}}}c"):
        value = c.findtext("s:v", namespaces=NS)
        cells[c.get("r")] = strings[int(value)] if c.get("t") == "s" else value
    return cells


def expand(formula: str) -> list[str]:
    """'Ark1'!$B$2:$B$5 -> [B2, B3, B4, B5] (one column or one cell)."""
    sheet, cells = formula.split("!")
    assert sheet.strip("'") == "Ark1"
    first, _, last = cells.replace("$", "").partition(":")
    column, start = re.fullmatch(r"([A-Z]+)(\d+)", first).groups()
    end = int(re.fullmatch(r"[A-Z]+(\d+)", last).group(1)) if last else int(start)
    return [f"{column}{row}" for row in range(int(start), end + 1)]


def test_the_chart_names_its_embedded_workbook_and_does_not_update_from_it() -> None:
    root = xml(SPECS["column"])
    external = root.find("c:externalData", NS)
    assert (
        external.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        == "rId1"
    )
    assert external.find("c:autoUpdate", NS).get("val") == "0"
    assert root.find("c:lang", NS).get("val") == "nb-NO"


def test_charts_use_theme_colours_only_in_sizes_readable_from_the_back() -> None:
    for spec in SPECS.values():
        text = chart_part(spec).decode()
        assert "srgbClr" not in text and "sysClr" not in text and "scrgbClr" not in text
        sizes = [int(s) for s in re.findall(r' sz="(\d+)"', text)]
        assert min(sizes) >= 1400
        assert ('sz="2000"' in text) == bool(spec.title)
    accents = re.findall(r'schemeClr val="(accent\d)"', chart_part(SPECS["column"]).decode())
    assert {"accent1", "accent2"} <= set(accents)


def test_the_highlighted_category_gets_a_point_of_its_own_colour() -> None:
    single = xml(SPECS["bar"]).find(".//c:ser", NS)
    points = single.findall("c:dPt", NS)
    assert [p.find("c:idx", NS).get("val") for p in points] == ["0"]
    assert points[0].find("c:spPr//a:schemeClr", NS).get("val") == "accent2"
    assert single.find("c:spPr//a:schemeClr", NS).get("val") == "accent1"
    for ser in xml(SPECS["column"]).iterfind(".//c:ser", NS):
        assert [p.find("c:idx", NS).get("val") for p in ser.findall("c:dPt", NS)] == ["3"]


def test_number_formats_carry_the_languages_locale() -> None:
    root = xml(SPECS["bar"])
    formats = {
        f.get("formatCode")
        for f in root.iter(f"{{{NS['c']}}}numFmt")
        if f.get("sourceLinked") == "0"
    }
    assert formats == {"[$-414]#,##0.0"}
    english = etree.fromstring(chart_part(SPECS["bar"], "en-GB"))
    assert {f.get("formatCode") for f in english.iter(f"{{{NS['c']}}}numFmt")} >= {"[$-809]#,##0.0"}


def test_our_graphic_frame_shows_the_chart_with_its_alt_text(deck: Path) -> None:
    shape = Presentation(str(deck)).slides[0].shapes[0]
    assert shape.has_chart and shape.chart.plots[0].categories[3] == "Nordland"
    assert shape._element.find(".//{*}cNvPr").get("descr") == alt_text(SPECS["column"], nb_number)
    assert (shape.left, shape.top, shape.width, shape.height) == BOX


@pytest.mark.office("validator")
def test_a_deck_with_every_kind_of_chart_passes_the_open_xml_sdk(
    office_decks: office.Decks,
) -> None:
    assert office_decks.sdk("charts") == []


@pytest.mark.office("libreoffice", "poppler")
def test_libreoffice_draws_labels_in_norwegian_number_format_inside_the_page(pdf: Path) -> None:
    texts = pdf_text(pdf)
    assert "1 300,0" in texts[1] and "12,5" in texts[1] and "241 000,0" in texts[1]
    assert "2 100" in texts[4] and "23,5" in texts[4] and "1 300" in texts[4]
    for n, ((width, height), words) in enumerate(pdf_pages(pdf)):
        spec = list(SPECS.values())[n]
        found = {text for text, _ in words}
        assert set(spec.categories) <= found, spec.kind
        assert set(spec.title.split()) <= found
        for text, (x0, y0, x1, y1) in words:
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (spec.kind, text)


@pytest.mark.office("libreoffice", "poppler")
def test_the_combo_lines_axis_labels_stand_right_of_the_plot(pdf: Path) -> None:
    _, words = pdf_pages(pdf)[4]
    categories = [box for text, box in words if text in SPECS["combo"].categories]
    right_axis = [box for text, box in words if text in ("25,0", "20,0", "5,0")]
    # 0, 1 000, 2 000; no data label
    left_axis = [box for text, box in words if text in ("0", "000")]
    assert len(right_axis) == 3 and left_axis
    assert min(b[0] for b in right_axis) > max(b[2] for b in categories)
    assert max(b[2] for b in left_axis) < min(b[0] for b in categories)


@pytest.mark.office("libreoffice", "poppler")
def test_rendered_charts_are_drawn_in_the_themes_accent_colours(
    deck: Path, pdf: Path, tmp_path: Path
) -> None:
    from PIL import Image

    accents = theme_accents(deck)
    pngs = pictures(pdf, tmp_path)
    assert len(pngs) == len(SPECS)
    for png, kind in zip(pngs, SPECS, strict=True):
        with Image.open(png) as image:
            colours = image.convert("RGB").getcolors(1 << 20)
        seen = {rgb for count, rgb in colours if count >= 20}
        # a line's highlighted marker is coloured in PowerPoint; LibreOffice draws it in the line's colour
        wanted = ("accent1",) if kind == "line" else ("accent1", "accent2")
        assert all(any(near(rgb, accents[want]) for rgb in seen) for want in wanted), kind


def theme_accents(deck: Path) -> dict[str, tuple[int, int, int]]:
    with zipfile.ZipFile(deck) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    scheme = theme.find(".//a:clrScheme", NS)
    return {
        etree.QName(el).localname: tuple(bytes.fromhex(el.find("a:srgbClr", NS).get("val")))
        for el in scheme
        if el.find("a:srgbClr", NS) is not None
    }


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 6 for x, y in zip(a, b, strict=True))


def test_alt_text_says_what_the_chart_shows_with_its_extremes() -> None:
    assert alt_text(SPECS["column"], nb_number) == (
        "Stolpediagram: antall kommuner per fylke, 2020 og 2024. Størst: Nordland, 44 (2020). Minst: Oslo, 1."
    )
    assert alt_text(SPECS["pie"], nb_number) == (
        "Sektordiagram: Reisemåte. Størst: Bil, 5\u00a0200 (58 %). Minst: Sykkel, 700 (8 %)."
    )
    combo = alt_text(SPECS["combo"], nb_number)
    assert "Kroner (stolper): størst 2024, 2\u00a0100; minst 2021, 1\u00a0300." in combo
    assert "Vekst (linje mot aksen til høyre): størst 2024, 23,5; minst 2021, 12,5." in combo


BAD = [
    ("kind", dict(kind="colum"), "unknown chart kind 'colum'"),
    ("empty", dict(series=(Series("2024", ()),)), "series '2024' is empty"),
    (
        "short",
        dict(series=(Series("2024", (1, 2)),)),
        "series '2024' has 2 values for 4 categories",
    ),
    ("nan", dict(series=(Series("2024", (1, 2, float("nan"), 4)),)), "not a finite number"),
    (
        "pie",
        dict(kind="pie", series=(Series("a", (1, 2, 3, 4)), Series("b", (1, 2, 3, 4)))),
        "one series, not 2",
    ),
    ("combo", dict(kind="combo"), "needs a primary series (columns) and a secondary"),
    (
        "secondary",
        dict(series=(Series("a", (1, 2, 3, 4), "secondary"),)),
        "a column chart has one value axis",
    ),
    ("highlight", dict(highlight=4), "highlight 4 is not a category"),
    ("nothing", dict(categories=()), "has no categories"),
    (
        "control",
        dict(categories=("Oslo", "Ro\x07galand", "Vestland", "Nordland")),
        "a character XML cannot hold",
    ),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD, ids=[case for case, _, _ in BAD])
def test_a_chart_that_cannot_be_drawn_is_a_located_error(
    case: str, change: dict, message: str
) -> None:
    at = Location("content/deck.yaml", 14, 5)
    fields = dict(
        kind="column", categories=FYLKER, series=(Series("2024", (1, 23, 43, 41)),), location=at
    )
    with pytest.raises(DeckError) as caught:
        ChartSpec(**(fields | change))
    assert caught.value.location == at
    assert message in caught.value.message and caught.value.hint


def test_a_chart_from_a_semicolon_csv_with_norwegian_numbers(tmp_path: Path) -> None:
    (tmp_path / "kommuner.csv").write_text(
        "fylke;2020;2024\nOslo;1;1\nNordland;44;41\nVestland;43;43\n"
    )
    table = read_table("kommuner.csv", tmp_path, (tmp_path,))
    spec = ChartSpec(
        "column", table.texts("fylke"), tuple(Series(c, table.numbers(c)) for c in ("2020", "2024"))
    )
    caches = [
        [pt.findtext("c:v", namespaces=NS) for pt in ser.iterfind("c:val//c:pt", NS)]
        for ser in xml(spec).iterfind(".//c:ser", NS)
    ]
    assert caches == [["1", "44", "43"], ["1", "41", "43"]]


def test_the_same_chart_gives_the_same_bytes() -> None:
    spec = SPECS["combo"]
    assert workbook(spec) == workbook(spec) and chart_part(spec) == chart_part(spec)


def test_part_names_and_types_are_the_ones_powerpoint_writes() -> None:
    assert CHART_PART_NAME.format(n=1) == "/ppt/charts/chart1.xml"
    assert workbook_part_name(1) == "/ppt/embeddings/Microsoft_Excel_Worksheet.xlsx"
    assert workbook_part_name(3) == "/ppt/embeddings/Microsoft_Excel_Worksheet2.xlsx"
    assert CHART_CONTENT_TYPE.endswith("drawingml.chart+xml") and XLSX_CONTENT_TYPE.endswith(
        "spreadsheetml.sheet"
    )
    assert CHART_REL_TYPE.endswith("/chart") and PACKAGE_REL_TYPE.endswith("/package")


values = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False) | st.integers(
    -(10**12), 10**12
)


category = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)


@settings(max_examples=examples(15, 50), deadline=None)
@given(
    st.lists(category, min_size=1, max_size=8, unique=True).flatmap(
        lambda cats: st.tuples(
            st.just(tuple(cats)), st.lists(values, min_size=len(cats), max_size=len(cats))
        )
    )
)
def test_cached_values_are_the_values_exactly(data: tuple[tuple[str, ...], list[float]]) -> None:
    categories, numbers = data
    ser = xml(ChartSpec("line", categories, (Series("s", tuple(numbers)),))).find(".//c:ser", NS)
    assert [float(v.text) for v in ser.iterfind("c:val//c:v", NS)] == [float(n) for n in numbers]
    assert tuple(v.text for v in ser.iterfind("c:cat//c:v", NS)) == categories


def test_alt_text_speaks_nynorsk_in_a_nynorsk_deck() -> None:
    assert alt_text(SPECS["bar"], nb_number, "nn-NO").startswith(
        "Liggjande stolpediagram: Innbyggere."
    )
    assert "(stolpar)" in alt_text(SPECS["combo"], nb_number, "nn-NO")


def test_a_chart_kind_is_one_entry_of_the_kinds_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind under a name no code knows is drawn, fitted and described as its entry says."""
    from generator.model import charts
    from generator.model.chartfit import fit_chart

    towers = charts.Kind(
        "bar", ("Tårndiagram", "Tårndiagram"), "col", grouping="stacked", lying="stacked_bar"
    )
    monkeypatch.setitem(charts.KIND_SPECS, "towers", towers)
    monkeypatch.setattr(charts, "KINDS", tuple(charts.KIND_SPECS))
    spec = ChartSpec(
        "towers",
        ("Oslo", "Bergen"),
        (Series("2020", (1, 2)), Series("2024", (3, 4))),
        show_values=True,
    )
    xml = etree.tostring(chart_element(spec)).decode()
    assert '<c:barDir val="col"/><c:grouping val="stacked"/>' in xml
    assert '<c:overlap val="100"/>' in xml and 'val="outEnd"' not in xml
    assert alt_text(spec, str, "nn-NO").startswith("Tårndiagram")
    long = replace(spec, categories=tuple(AGDER[:2]), series=(Series("a", (1, 2)),))
    assert fit_chart(long, (60, 128, 60, 340), 14, _width).spec.kind == "stacked_bar"


def _width(text: str, size: float) -> float:
    """Carlito's widths, as a deck in Calibri measures them."""
    from generator.model.fonts import load_face

    face = load_face("Carlito")
    return face.width(text) * size / face.units


AGDER = (
    "Arendal",
    "Birkenes",
    "Bygland",
    "Bykle",
    "Evje og Hornnes",
    "Farsund",
    "Flekkefjord",
    "Froland",
    "Gjerstad",
    "Grimstad",
    "Hægebostad",
    "Iveland",
    "Kristiansand",
    "Kvinesdal",
    "Lillesand",
    "Lindesnes",
    "Lyngdal",
    "Risør",
    "Sirdal",
    "Tvedestrand",
    "Valle",
    "Vegårshei",
    "Vennesla",
    "Åmli",
    "Åseral",
)


def test_names_too_long_for_columns_are_drawn_as_lying_bars() -> None:
    from generator.model.chartfit import fit_chart

    names = tuple(AGDER)
    spec = ChartSpec("column", names, (Series("Innbyggere", tuple(range(1, len(names) + 1))),))
    fitted = fit_chart(spec, (60, 128, 840, 340), 14, _width)
    assert fitted.spec.kind == "bar"
    assert "drawn as lying bars" in fitted.did
    assert fitted.spec.plot_area is not None


def test_a_tall_bar_chart_sets_its_legend_aside_before_smaller_type_and_never_skips_when_it_fits() -> (
    None
):
    from generator.model.chartfit import fit_chart

    rows = read_table("kommuner-per-fylke.csv", REPO / "content" / "data", (REPO,), Location("t"))
    names = rows.texts("fylke", None)
    series = tuple(Series(y, tuple(range(1, len(names) + 1))) for y in ("2020", "2024"))
    spec = ChartSpec("bar", names, series, highlight=9)
    assert fit_chart(spec, (60, 128, 840, 340), 14, _width).did == ""  # the 16:9 grid: as it is
    small = fit_chart(spec, (36, 126, 648, 262), 12, _width)  # the same chart on a 4:3 master
    assert small.spec.legend_right and small.spec.text_size == 12 and small.spec.label_skip == 1
    assert small.did == "its legend set beside the bars"


def test_fewer_labels_only_as_the_last_step_and_said() -> None:
    from generator.model.chartfit import fit_chart

    names = tuple(f"Kommune {n}" for n in range(60))
    spec = ChartSpec("bar", names, (Series("Innbyggere", tuple(range(60))),))
    fitted = fit_chart(spec, (60, 128, 840, 340), 14, _width)
    assert fitted.spec.text_size == 12 and fitted.spec.label_skip == 3
    assert "only every third of its 60 categories named" in fitted.did


def test_a_highlighted_category_the_axis_leaves_out_is_named_at_its_bar() -> None:
    """The county chart on a master too small for 18 names (LibreOffice's Beehive): every second is named on the
    axis, and Vestfold og Telemark, highlighted and left out there, is named past its one bar (2024 has
    none), on one line; the message says so. A highlight the axis names gets no label of its own."""
    from generator.model.chartfit import fit_chart

    rows = read_table("kommuner-per-fylke.csv", REPO / "content" / "data", (REPO,), Location("t"))
    names = rows.texts("fylke", None)
    highlight = names.index("Vestfold og Telemark")
    later = tuple(None if n == highlight else n + 1 for n in range(len(names)))
    series = (Series("2020", tuple(range(1, len(names) + 1))), Series("2024", later))
    spec = ChartSpec("bar", names, series, highlight=highlight)
    fitted = fit_chart(spec, (98, 139, 598, 242), 12, _width)
    assert fitted.spec.label_skip == 2 and highlight % 2 == 1
    assert "the highlighted 'Vestfold og Telemark' named at its bar" in fitted.did
    labels = chart_element(fitted.spec).findall(".//c:ser/c:dLbls/c:dLbl", NS)
    assert len(labels) == 1
    (label,) = labels
    assert label.getparent().getparent().find("c:tx//c:v", NS).text == "2020"
    assert label.find("c:idx", NS).get("val") == str(highlight)
    flags = {flag: label.find(f"c:{flag}", NS).get("val") for flag in ("showCatName", "showVal")}
    assert flags == {"showCatName": "1", "showVal": "0"}
    assert label.find("c:txPr/a:bodyPr", NS).get("wrap") == "none"
    named = replace(fitted.spec, highlight=highlight - 1)  # on the axis: nothing more
    assert chart_element(named).findall(".//c:dLbl", NS) == []
    stacked = replace(fitted.spec, kind="stacked_bar")  # no place past a stacked bar's end
    assert chart_element(stacked).findall(".//c:dLbl", NS) == []


def test_the_highlight_is_accent2_in_every_series_and_no_series_is_accent2() -> None:
    spec = ChartSpec(
        "column", ("Oslo", "Bergen"), (Series("2020", (1, 2)), Series("2024", (3, 4))), highlight=1
    )
    root = chart_element(spec)
    points = root.findall(".//c:ser/c:dPt/c:spPr/a:solidFill/a:schemeClr", NS)
    assert [p.get("val") for p in points] == ["accent2", "accent2"]
    fills = root.findall(".//c:ser/c:spPr/a:solidFill/a:schemeClr", NS)
    assert [f.get("val") for f in fills] == ["accent1", "accent3"]


def _chart_of(deck: Path, kind: str):  # noqa: ANN202 - python-pptx objects
    slide = Presentation(str(deck)).slides[list(SPECS).index(kind)]
    return next(shape for shape in slide.shapes if shape.has_chart)


@pytest.mark.parametrize("kind", ["stacked", "stacked_bar"])
def test_a_stacked_chart_overlaps_its_series_wholly_and_labels_each_segment_inside(
    deck: Path, kind: str
) -> None:
    """PowerPoint's stacked bars: c:overlap 100 (a clustered chart's -10 would set them side by side) and
    centred labels (PowerPoint refuses outEnd on a stacked bar), each on a patch of the background."""
    chart = _chart_of(deck, kind).chart
    (plot,) = chart.plots
    assert chart.chart_type == PPTX_TYPES[kind] and plot.overlap == 100
    for series in plot.series:
        labels = series._element.find("c:dLbls", NS)
        assert labels.find("c:dLblPos", NS).get("val") == "ctr"
        assert labels.find("c:spPr/a:solidFill/a:schemeClr", NS).get("val") == "bg1"
    clustered = next(s for s in Presentation(str(deck)).slides[0].shapes if s.has_chart)
    assert clustered.chart.plots[0].overlap == -10


@pytest.mark.parametrize("kind", ["stacked", "stacked_bar"])
def test_a_stacked_charts_values_are_exact_in_edit_data(deck: Path, kind: str) -> None:
    spec = SPECS[kind]
    cells = sheet_cells(_chart_of(deck, kind).chart_part.chart_workbook.xlsx_part.blob)
    for k, series in enumerate(spec.series):
        column = "BCDEFG"[k]
        assert cells[f"{column}1"] == series.name
        assert [float(cells[f"{column}{row}"]) for row in range(2, 6)] == list(series.values)
    assert [cells[f"A{row}"] for row in range(2, 6)] == list(FYLKER)


def test_a_stacked_charts_alt_text_names_its_largest_and_smallest_sum() -> None:
    assert alt_text(SPECS["stacked"], nb_number) == (
        "Stablet stolpediagram: Steder per fylke, Kommuner, Byer og Tettsteder. Størst: Vestland, 55 "
        "(Tettsteder). Minst: Oslo, 1 (Kommuner og Byer). Størst i sum: Vestland, 108. Minst i sum: Oslo, 4."
    )
    assert alt_text(SPECS["stacked_bar"], nb_number, "nn-NO").startswith(
        "Liggjande stabla stolpediagram: Flytting, Inn og Ut."
    )


@pytest.mark.office("libreoffice", "poppler")
def test_libreoffice_scales_a_stacked_chart_to_its_category_sums(pdf: Path) -> None:
    """The largest sum is 108 (the largest value 55): LibreOffice's axis reaches 120 only when it stacks."""
    texts = pdf_text(pdf)
    stacked = texts[list(SPECS).index("stacked")]
    assert re.search(r"\b120\b", stacked) and re.search(r"\b100\b", stacked)
    assert "43" in stacked and "55" in stacked  # the segments' labels
    lying = texts[list(SPECS).index("stacked_bar")]
    assert "-12,0" in lying.replace("\u2212", "-") and "30,0" in lying


def test_long_names_turn_a_stacked_chart_into_its_lying_twin_never_a_clustered_one() -> None:
    from generator.model.chartfit import fit_chart

    series = (Series("Inn", tuple(range(1, 26))), Series("Ut", tuple(range(25, 0, -1))))
    stacked = ChartSpec("stacked", AGDER, series)
    fitted = fit_chart(stacked, (60, 128, 840, 340), 14, _width)
    assert fitted.spec.kind == "stacked_bar" and fitted.spec.spec.stacked
    assert "drawn as lying bars" in fitted.did
    # at the floor, when even lying bars need fewer labels
    tiny = fit_chart(stacked, (60, 128, 300, 120), 14, _width)
    assert tiny.spec.kind == "stacked_bar" and tiny.spec.label_skip > 1
    # a kind without a lying twin keeps its look
    combo = ChartSpec("combo", AGDER, (series[0], Series("Ut", series[1].values, "secondary")))
    assert fit_chart(combo, (60, 128, 840, 340), 14, _width).spec.kind == "combo"


def test_a_stacked_charts_value_axis_is_measured_by_its_sums() -> None:
    """The fitting leaves the value axis room for its largest sum's digits, not its largest value's."""
    from generator.model.chartfit import _value_axis

    spec = ChartSpec("stacked", ("a", "b"), (Series("x", (600, 500)), Series("y", (500, 600))))
    clustered = replace(spec, kind="column")
    assert _value_axis(spec, _width) == _width("1 100", 14) + 6.0
    assert _value_axis(clustered, _width) == _width("600", 14) + 6.0
    assert spec.axis_values() == (0.0, 1100.0, 0.0, 1100.0)
