"""Charts and tables from data: native, readable back, split across slides when long, wrong data located."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from generator.norway import register
from generator.pipeline.jobs import Options
from generator.pipeline.stages import check

from .conftest import REPO, run
from .test_bad_inputs import write

BASE = """\
title: Tall
date: 2024-03-15
data:
  fylker: fylker.csv
vars:
  goals:
    - {horizon: Om 5 år, text: Et mål}
    - {horizon: Om 10 år, text: Et annet mål}
slides:
  - layout: chart
    id: kommuner
    title: Kommuner
    data: fylker
    categories: fylke
    series: [antall]
    highlight: Telemark
    source: "Kilde: SSB"
"""
CSV = "fylke,antall,folk\nVestfold,6,256432\nTelemark,17,\nAgder,25,318472\n"


@pytest.fixture(scope="module")
def deck() -> Presentation:
    return Presentation(
        io.BytesIO(check(REPO / "content" / "2019.yaml", Options(project=REPO)).data)
    )


def test_the_talk_s_chart_reads_back_with_its_categories_series_and_gaps(
    deck: Presentation,
) -> None:
    slide = next(
        s for s in deck.slides if s.shapes.title.text == "Kommuner per fylke, 2020 og 2024"
    )
    chart = next(sh for sh in slide.shapes if sh.has_chart).chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    plot = chart.plots[0]
    counties = list(dict.fromkeys([c.name for y in (2020, 2024) for c in register.counties(y)]))
    assert sorted(plot.categories) == sorted(counties)
    values = {s.name: dict(zip(plot.categories, s.values, strict=True)) for s in plot.series}
    assert values["2020"]["Vestfold og Telemark"] == 23 and values["2024"]["Telemark"] == 17
    assert values["2024"]["Vestfold og Telemark"] is None and values["2020"]["Vestfold"] is None
    descr = next(sh for sh in slide.shapes if sh.has_chart).element.find(".//{*}cNvPr").get("descr")
    assert "Størst: Viken, 51" in descr and "Minst: Oslo, 1" in descr


def test_the_data_file_holds_the_register_s_counts() -> None:
    rows = list(
        csv.DictReader(
            (REPO / "content" / "data" / "kommuner-per-fylke.csv").open(encoding="utf-8")
        )
    )
    for year in (2020, 2024):
        counts = {c.name: len(c.municipalities) for c in register.counties(year)}
        assert {r["fylke"]: int(r[str(year)]) for r in rows if r[str(year)]} == counts


def test_a_chart_embeds_its_workbook_for_edit_data(project: Path) -> None:
    write(project, {"deck.yaml": BASE, "fylker.csv": CSV})
    assert run("deck.yaml", "-o", "d.pptx").exit_code == 0
    names = zipfile.ZipFile(project / "d.pptx").namelist()
    assert (
        "ppt/charts/chart1.xml" in names
        and "ppt/embeddings/Microsoft_Excel_Worksheet.xlsx" in names
    )
    rels = zipfile.ZipFile(project / "d.pptx").read("ppt/charts/_rels/chart1.xml.rels").decode()
    assert "Microsoft_Excel_Worksheet.xlsx" in rels and "/package" in rels
    chart = next(
        sh for sh in Presentation(str(project / "d.pptx")).slides[0].shapes if sh.has_chart
    ).chart
    assert list(chart.plots[0].categories) == ["Vestfold", "Telemark", "Agder"]
    assert b'<c:dPt><c:idx val="1"/>' in zipfile.ZipFile(project / "d.pptx").read(
        "ppt/charts/chart1.xml"
    )


def test_a_long_table_continues_with_its_header_and_every_row_once(project: Path) -> None:
    rows = "".join(f"Kommune {n},{n * 1000}\n" for n in range(1, 41))
    head = BASE.split("slides:")[0].replace(
        "  fylker: fylker.csv\n", "  fylker: fylker.csv\n  rader: rader.csv\n"
    )
    write(
        project,
        {
            "deck.yaml": head + "slides:\n  - layout: table\n    title: Mange\n    table: rader\n"
            "    notes: Bare på den første\n",
            "fylker.csv": CSV,
            "rader.csv": "navn,tall\n" + rows,
        },
    )
    result = run("deck.yaml", "-o", "d.pptx")
    assert result.exit_code == 0, result.stderr
    slides = list(Presentation(str(project / "d.pptx")).slides)
    assert len(slides) > 1
    assert [s.shapes.title.text for s in slides] == [
        "Mange",
        *["Mange (forts.)"] * (len(slides) - 1),
    ]
    seen = []
    for slide in slides:
        table = next(sh for sh in slide.shapes if sh.has_table).table
        assert [c.text for c in table.rows[0].cells] == ["navn", "tall"]
        seen += [tuple(c.text for c in row.cells) for row in list(table.rows)[1:]]
    assert seen == [(f"Kommune {n}", f"{n * 1000:,}".replace(",", "\u00a0")) for n in range(1, 41)]
    assert [s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in slides][
        0
    ] == "Bare på den første"
    assert not any(s.has_notes_slide and s.notes_slide.notes_text_frame.text for s in slides[1:])


def test_a_table_from_vars_has_its_header_marked_and_numbers_right_aligned(project: Path) -> None:
    write(
        project,
        {
            "deck.yaml": BASE.split("slides:")[0] + "slides:\n  - layout: table\n    title: Mål\n"
            "    table: goals\n    headers: [Horisont, Mål]\n",
            "fylker.csv": CSV,
        },
    )
    assert run("deck.yaml", "-o", "d.pptx").exit_code == 0
    xml = zipfile.ZipFile(project / "d.pptx").read("ppt/slides/slide1.xml").decode()
    assert 'firstRow="1"' in xml and "<a:tableStyleId>" in xml
    table = next(
        sh for sh in Presentation(str(project / "d.pptx")).slides[0].shapes if sh.has_table
    ).table
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Horisont", "Mål"],
        ["Om 5 år", "Et mål"],
        ["Om 10 år", "Et annet mål"],
    ]


def test_an_edition_swaps_the_data_file_and_jinja_reads_its_rows(project: Path) -> None:
    edition = (
        "extends: deck.yaml\ndata:\n  fylker: nye.csv\nslides:\n  tall:\n    after: kommuner\n"
        "    layout: bullets\n    title: Tall\n"
        "    bullets: ['{{ data.fylker | length }} fylker, først {{ data.fylker[0].fylke }}']\n"
    )
    write(
        project,
        {
            "deck.yaml": BASE,
            "fylker.csv": CSV,
            "nye.csv": "fylke,antall\nViken,51\nTelemark,17\n",
            "e.yaml": edition,
        },
    )
    result = run("e.yaml", "-o", "e.pptx")
    assert result.exit_code == 0, result.stderr
    first, second = Presentation(str(project / "e.pptx")).slides
    chart = next(sh for sh in first.shapes if sh.has_chart).chart
    assert list(chart.plots[0].categories) == ["Viken", "Telemark"] and list(
        chart.series[0].values
    ) == [51, 17]
    assert "2 fylker, først Viken" in [
        p.text for sh in second.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
    ]


def test_each_edition_of_the_talk_highlights_its_own_county() -> None:
    for content, county in (
        ("editions/telemark-2024.yaml", "Telemark"),
        ("editions/vestland-2024.yaml", "Vestland"),
    ):
        prs = Presentation(
            io.BytesIO(check(REPO / "content" / content, Options(project=REPO)).data)
        )
        chart = next(sh for slide in prs.slides for sh in slide.shapes if sh.has_chart).chart
        categories = list(chart.plots[0].categories)
        points = chart.plots[0].series[0]._element.findall("{*}dPt/{*}idx")
        assert [categories[int(p.get("val"))] for p in points] == [county]


BAD = [
    (
        "not-a-number",
        {"fylker.csv": "fylke,antall\nVestfold,seks\n"},
        "fylker.csv:2:10",
        "not a number",
    ),
    ("ragged-row", {"fylker.csv": "fylke,antall\nVestfold,6,7\n"}, "fylker.csv:2", "3 cells"),
    (
        "empty-series",
        {"fylker.csv": "fylke,antall\nVestfold,\nTelemark,\n"},
        "deck.yaml",
        "is empty",
    ),
    ("missing-file", {"fylker.csv": None}, "deck.yaml:4:11", "fylker.csv"),
    (
        "outside-the-project",
        {"deck.yaml": BASE.replace("fylker.csv", "../outside.csv")},
        "deck.yaml:4:11",
        "outside",
    ),
    (
        "unknown-column",
        {"deck.yaml": BASE.replace("series: [antall]", "series: [antal]")},
        "deck.yaml",
        "did you mean 'antall'?",
    ),
    (
        "unknown-data",
        {"deck.yaml": BASE.replace("data: fylker\n    categories", "data: fylke\n    categories")},
        "deck.yaml",
        "no data named 'fylke'",
    ),
    (
        "unknown-highlight",
        {"deck.yaml": BASE.replace("highlight: Telemark", "highlight: Telemrak")},
        "deck.yaml:16:16",
        "did you mean 'Telemark'?",
    ),
    (
        "too-many-rows",
        {"fylker.csv": "fylke,antall\n" + "x,1\n" * 100_000},
        "fylker.csv:10002:1",
        "more than 10 000 rows",
    ),
]


@pytest.mark.parametrize(("files", "where", "says"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_data_is_a_located_error_and_keeps_the_deck(
    project: Path, files: dict, where: str, says: str
) -> None:
    write(project, {"deck.yaml": BASE, "fylker.csv": CSV})
    assert run("deck.yaml", "-o", "d.pptx").exit_code == 0
    before = (project / "d.pptx").read_bytes()
    for name, text in files.items():
        if text is None:
            (project / name).unlink()
        else:
            write(project, {name: text})
    (project.parent / "outside.csv").write_text(CSV, encoding="utf-8")
    result = run("deck.yaml", "-o", "d.pptx")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stderr.startswith(where), result.stderr
    assert says in result.stderr, result.stderr
    assert (project / "d.pptx").read_bytes() == before


def _table_deck(project: Path, header: list[str], rows: list[list[str]]) -> object:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    write(
        project,
        {
            "deck.yaml": "title: Brede tabeller\ndate: 2024-03-15\ndata:\n  brei: brei.csv\n"
            "slides:\n  - layout: table\n    title: Brei\n    table: brei\n",
            "brei.csv": "\n".join(lines) + "\n",
        },
    )
    return run("deck.yaml", "-o", str(project / "deck.pptx"))


def test_forty_columns_of_long_words_are_a_located_error_not_broken_words(project: Path) -> None:
    word = "Kunnskapsgrunnlagsutvikling"  # about 100 pt at 12 pt
    result = _table_deck(project, [f"k{n}" for n in range(40)], [[word] * 40])
    assert result.exit_code == 1
    assert "deck.yaml:8:12: table: the table's 40 columns need" in result.stderr
    assert "for their longest words at 12 pt; the slide gives it 840 pt" in result.stderr
    assert not (project / "deck.pptx").exists()


def test_ten_thousand_columns_are_refused_at_the_table(project: Path) -> None:
    result = _table_deck(project, [f"k{n}" for n in range(10_000)], [["1"] * 10_000])
    assert result.exit_code == 1
    assert "the table's 10000 columns need" in result.stderr


def test_a_wide_table_is_set_smaller_until_its_words_fit(project: Path) -> None:
    header = [f"Kolonne {n}" for n in range(10)]
    result = _table_deck(project, header, [["Innbyggertall"] * 10])
    assert result.exit_code == 0, result.stderr
    table = next(
        s for s in Presentation(str(project / "deck.pptx")).slides[0].shapes if s.has_table
    ).table
    size = table.cell(0, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    assert 12 <= size < 18
