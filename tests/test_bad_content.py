"""Bad content of the second day: data as offices save it, audiences, counties, maps and editions; each
mistake one located error, exit 1, the deck already there untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import test_bad_inputs as bad
from .test_bad_inputs import Bad, slide

TABLE = "data: {d: data/d.csv}\n" + slide("layout: table\ntitle: Tall\ntable: d")
JSON_TABLE = "data: {d: data/d.json}\n" + slide("layout: table\ntitle: Tall\ntable: d")
CHART = "data: {d: data/d.csv}\n" + slide(
    "layout: chart\ntitle: Tall\ndata: d\ncategories: navn\nseries: [verdi]"
)
AGDER = "county: 42\nyear: 2024\n"
AUDIENCES = "audiences: [fagfolk, politikere]\n"
BASE = (
    "vars: {region: R}\n"
    + slide("layout: title\nid: title\ntitle: x").replace("slides:\n", "slides:\n")
    + "  - layout: bullets\n    id: points\n    title: Punkter\n    bullets: [a, b]\n"
)


def csv(text: str | bytes) -> dict[str, str | bytes]:
    return {"data/d.csv": text}


def js(text: str) -> dict[str, str | bytes]:
    return {"data/d.json": text}


CASES = [
    # data files: every value shown or refused at its cell
    Bad(
        "data-json-nan",
        JSON_TABLE,
        "data/d.json:1:28",
        "NaN",
        files=js('[{"navn": "Oslo", "verdi": NaN}]\n'),
    ),
    Bad(
        "data-json-infinity",
        JSON_TABLE,
        "data/d.json:2:30",
        "beyond the largest number",
        files=js('[{"navn": "Oslo", "verdi": 1},\n {"navn": "Bergen", "verdi": -Infinity}]\n'),
    ),
    Bad(
        "data-csv-past-a-double",
        TABLE,
        "data/d.csv:2:6",
        "'1e400' is beyond the largest number",
        files=csv("navn,verdi\nOslo,1e400\n"),
    ),
    Bad(
        "data-csv-400-digits",
        CHART,
        "data/d.csv:3:8",
        "is beyond the largest number",
        files=csv("navn,verdi\nOslo,1\nBergen," + "9" * 400 + "\n"),
    ),
    Bad(
        "data-csv-nul-in-a-cell",
        TABLE,
        "data/d.csv:2:1",
        "control character U+0000",
        files=csv("navn,verdi\nOslo\0x,1\n"),
    ),
    Bad(
        "data-json-nul-in-a-cell",
        JSON_TABLE,
        "data/d.json:1:11",
        "control character U+0000",
        files=js('[{"navn": "Os\\u0000lo", "verdi": 1}]\n'),
    ),
    Bad(
        "data-json-vertical-tab",
        JSON_TABLE,
        "data/d.json:1:11",
        "control character U+000B",
        files=js('[{"navn": "Os\\u000blo", "verdi": 1}]\n'),
    ),
    Bad(
        "data-control-in-a-column-name",
        TABLE,
        "data/d.csv:1:6",
        "the column name holds the control character U+0007",
        files=csv("navn,ver\adi\nOslo,1\n"),
    ),
    Bad(
        "data-yaml-nan-in-a-chart",
        "data: {d: data/d.yaml}\n"
        + slide("layout: chart\ntitle: T\ndata: d\ncategories: navn\nseries: [verdi]"),
        "data/d.yaml:2:25",
        "NaN",
        files={"data/d.yaml": "- {navn: Oslo, verdi: 1}\n- {navn: Bergen, verdi: .nan}\n"},
    ),
    Bad(
        "data-category-twice",
        CHART,
        "data/d.csv:3:1",
        "category 'Oslo' is listed twice",
        files=csv("navn,verdi\nOslo,1\nOslo,2\n"),
        also="first at data/d.csv:2:1",
    ),
    Bad(
        "data-category-empty",
        CHART,
        "data/d.csv:3:1",
        "row 2 of column 'navn' has no category name",
        files=csv("navn,verdi\nOslo,1\n,2\n"),
    ),
    Bad(
        "data-tab-file-ragged",
        TABLE,
        "data/d.csv:3:1",
        "separated by tabs as the header is",
        files=csv("navn\tverdi\nOslo\t1\nBergen\n"),
    ),
    Bad(
        "data-neither-utf8-nor-1252",
        TABLE,
        "data/d.csv:2:4",
        "not UTF-8",
        files=csv(b"navn;verdi\nOsl\xf8\x81;1\n"),
    ),
    Bad(
        "table-number-format-bad",
        "data: {d: data/d.csv}\n"
        + slide('layout: table\ntitle: T\ntable: d\nnumber_format: "0.0.0"'),
        "deck.yaml:6:20",
        "is not a number format",
        files=csv("navn,verdi\nOslo,1\n"),
    ),
    # maps and charts: at the highlight, with what was meant
    Bad(
        "map-highlight-misspelt",
        AGDER + slide("layout: map\ntitle: Kart\nhighlight: [Arendal, Kristiansan]"),
        "deck.yaml:6:26",
        "did you mean 'Kristiansand'?",
    ),
    Bad(
        "map-highlight-of-another-county",
        AGDER + slide("layout: map\ntitle: Kart\nhighlight:\n  - Skien"),
        "deck.yaml:7:9",
        "Skien is in Telemark (40)",
    ),
    Bad(
        "chart-highlight-misspelt",
        CHART.replace("series: [verdi]", "series: [verdi]\n    highlight: Oslp"),
        "deck.yaml:8:16",
        "did you mean 'Oslo'?",
        files=csv("navn,verdi\nOslo,1\nBergen,2\n"),
    ),
    # audiences
    Bad(
        "audience-of-a-slide-not-declared",
        AUDIENCES + slide("layout: title\ntitle: x\naudience: [politiker]"),
        "deck.yaml:5:16",
        "did you mean 'politikere'?",
    ),
    Bad(
        "not-for-not-declared",
        AUDIENCES + slide("layout: title\ntitle: x\nnot_for: [fagfolkk]"),
        "deck.yaml:5:15",
        "did you mean 'fagfolk'?",
    ),
    Bad(
        "audience-of-the-deck-misspelt",
        AUDIENCES + "audience: fagfok\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:2:11",
        "the talk has no audience 'fagfok'; did you mean 'fagfolk'?",
    ),
    Bad(
        "audience-with-a-new-line",
        'audience: "a\\nb"\n' + slide("layout: title\ntitle: x"),
        "deck.yaml:1:11",
        "got 'a\\nb'",
    ),
    # counties and years
    Bad(
        "county-name-misspelt",
        "county: Agdr\nyear: 2024\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:9",
        "did you mean 42 (Agder)?",
    ),
    Bad(
        "counties-listed-twice",
        "year: 2024\ncounties: [34, 34]\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:2:16",
        "county 34 is listed twice",
    ),
    Bad(
        "counties-empty",
        "year: 2024\ncounties: []\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:2:11",
        "got an empty list",
    ),
    Bad(
        "counties-in-a-year-without-a-register",
        "year: 1900\ncounties: all\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:7",
        "no municipality register for 1900",
    ),
    Bad(
        "municipality-of-another-county",
        AGDER + "vars:\n  municipalities: [Arendal, Skien]\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:4:29",
        "'Skien' is in Telemark (40)",
    ),
    # editions and the scaffold
    Bad(
        "new-slide-without-a-place",
        "extends: base.yaml\nslides:\n  extra:\n    layout: statement\n    text: Hei\n",
        "deck.yaml:3:3",
        "new slide 'extra' does not say where it goes",
        files={"base.yaml": BASE},
    ),
    Bad(
        "patch-of-a-misspelt-id",
        "extends: base.yaml\nslides:\n  pionts:\n    title: Nye punkter\n",
        "deck.yaml:3:3",
        "did you mean 'points'?",
        files={"base.yaml": BASE},
    ),
    Bad(
        "date-still-a-placeholder",
        "date: TODO\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:7",
        "the date of the talk is still to be written",
    ),
    Bad(
        "unknown-filter",
        'footer: "{{ deck.date | longdate }}"\n' + slide("layout: title\ntitle: x"),
        "deck.yaml:1:9",
        "unknown filter 'longdate'; did you mean 'long_date'?",
    ),
    Bad(
        "words-not-a-list",
        "words: Eyde\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:8",
        "expected a list",
    ),
    Bad(
        "table-of-an-edition-var-located-at-the-var",
        'extends: base.yaml\nvars:\n  region: "\\x01"\n',
        "deck.yaml:3:11",
        "U+0001",
        files={"base.yaml": BASE},
    ),
]


def test_there_are_at_least_thirty_new_bad_inputs() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)
    assert not {c.id for c in CASES} & {c.id for c in bad.CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_content_is_one_located_error_and_keeps_the_deck(project: Path, case: Bad) -> None:
    bad.test_bad_input_is_one_located_error_and_keeps_the_deck(project, case)
