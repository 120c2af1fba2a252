"""Every message at the line where its value was written, in the file that wrote it: list items at their
item, vars at the var, data at the cell, highlights at the highlight; the deck named where the file is not
its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import run
from .test_bad_inputs import write

TALK = """\
title: Talk
date: 2024-03-15
vars:
  region: Agder
  event: Næringslivsdagen
  changes:
    - En region med mange kommuner
    - Nye samarbeid
    - Fylkeskommunen planlegger
  change_notes: |-
    Regionen endrer seg.
    Merk datoene.
  goals:
    - horizon: Om 5 år
      text: Et mål for regionen
    - horizon: Om 10 år
      text: Et annet mål
slides:
  - layout: title
    id: title
    title: Talk
    subtitle: "{{ event }} {{ deck.date | long_date }}"
  - layout: bullets
    id: changes
    title: "{{ region }} i endring"
    bullets: "{{ changes }}"
    notes: "{{ change_notes }}"
  - layout: columns
    id: columns
    title: Kolonner
    columns:
      - {heading: Strategi, text: Hva vil vi?}
      - {heading: Tiltak, text: Hvordan gjør vi det?}
  - layout: quote
    id: goals
    for_each: goal in goals
    title: "{{ goal.horizon }}"
    text: "«{{ goal.text }}»"
"""


@dataclass(frozen=True)
class Where:
    """A message and the place it must start with: `file:line:col`."""

    id: str
    files: dict[str, str | bytes]
    args: tuple[str, ...]
    where: str
    says: str
    named: str = ""  # the deck the line must name when the place is another file's


def edition(body: str) -> dict[str, str | bytes]:
    return {"talk.yaml": TALK, "e.yaml": "extends: talk.yaml\n" + body}


def talk(old: str, new: str) -> dict[str, str | bytes]:
    assert old in TALK, old
    return {"talk.yaml": TALK.replace(old, new)}


CHECK = ("check", "talk.yaml")
CHECK_EDITION = ("check", "e.yaml")
BUILD = ("talk.yaml", "-o", "out.pptx")
BUILD_EDITION = ("e.yaml", "-o", "out.pptx")
MAP = (
    "county: 42\nyear: 2024\nslides:\n  map:\n    layout: map\n    title: Kart\n    after: title\n"
)

CASES = [
    Where(
        "spelling-in-the-third-item-of-a-var-list",
        talk("Fylkeskommunen planlegger", "Fylkeskommunen qwzplan"),
        CHECK,
        "talk.yaml:9:7",
        "'qwzplan'",
    ),
    Where(
        "spelling-in-a-list-written-on-the-slide",
        talk('bullets: "{{ changes }}"', "bullets:\n      - Et punkt\n      - Et pnukt"),
        CHECK,
        "talk.yaml:28:9",
        "'pnukt'",
    ),
    Where(
        "spelling-in-a-var-an-edition-sets",
        edition("vars:\n  event: Qwzdagen\n"),
        CHECK_EDITION,
        "e.yaml:3:10",
        "'Qwzdagen'",
    ),
    Where(
        "spelling-the-talk-wrote-named-for-the-edition",
        {
            **talk("title: Talk\n    subtitle", "title: Qwztalk\n    subtitle"),
            "e.yaml": "extends: talk.yaml\n",
        },
        CHECK_EDITION,
        "talk.yaml:21:12",
        "'Qwztalk'",
        named="[e.yaml]",
    ),
    Where(
        "spelling-in-a-var-read-by-notes",
        talk("Merk datoene.", "Merk qwzdato."),
        CHECK,
        "talk.yaml:12:5",
        "'qwzdato'",
    ),
    Where(
        "spelling-in-a-quoted-goal",
        talk("text: Et annet mål", "text: Et annet xyzzyq"),
        CHECK,
        "talk.yaml:17:13",
        "'xyzzyq'",
    ),
    Where(
        "spelling-in-the-second-record",
        talk("text: Hvordan gjør vi det?", "text: Hvordan gjør vi qwzdet?"),
        CHECK,
        "talk.yaml:33:33",
        "'qwzdet'",
    ),
    Where(
        "spelling-in-the-title-beside-a-var",
        talk('title: "{{ region }} i endring"', 'title: "{{ region }} i endrng"'),
        CHECK,
        "talk.yaml:25:12",
        "'endrng'",
    ),
    Where(
        "spelling-in-a-var-inside-the-title",
        edition("vars:\n  region: Agdr\n"),
        CHECK_EDITION,
        "e.yaml:3:11",
        "'Agdr'",
    ),
    Where(
        "todo-in-the-second-item",
        talk("- Nye samarbeid", "- 'TODO: en endring'"),
        CHECK,
        "talk.yaml:8:7",
        "todo:",
    ),
    Where(
        "glyph-in-the-third-item",
        talk("Fylkeskommunen planlegger", "Fylkeskommunen ☃"),
        BUILD,
        "talk.yaml:9:7",
        "U+2603",
    ),
    Where(
        "glyph-in-an-editions-goal",
        edition("vars:\n  goals:\n    - {horizon: Om 5 år, text: Et ☃ mål}\n"),
        BUILD_EDITION,
        "e.yaml:4:32",
        "U+2603",
    ),
    Where(
        "map-highlight-misspelt",
        edition(MAP + "    highlight: [Arendal, Kristiansan]\n"),
        BUILD_EDITION,
        "e.yaml:9:26",
        "did you mean 'Kristiansand'?",
    ),
    Where(
        "map-highlight-of-another-county",
        edition(MAP + "    highlight:\n      - Skien\n"),
        BUILD_EDITION,
        "e.yaml:10:9",
        "Skien is in Telemark (40)",
    ),
    Where(
        "municipality-of-another-county",
        edition("county: 42\nyear: 2024\nvars:\n  municipalities:\n    - Arendal\n    - Skien\n"),
        BUILD_EDITION,
        "e.yaml:7:7",
        "'Skien' is in Telemark (40)",
    ),
    Where(
        "chart-highlight-misspelt",
        {
            "talk.yaml": TALK.replace("vars:", "data: {d: data/d.csv}\nvars:")
            + "  - layout: chart\n    title: T\n    data: d\n    categories: navn\n"
            + "    series: [verdi]\n    highlight: Oslp\n",
            "data/d.csv": "navn,verdi\nOslo,1\n",
        },
        ("talk.yaml", "-o", "out.pptx"),
        "talk.yaml:45:16",
        "did you mean 'Oslo'?",
    ),
    Where(
        "data-cell-that-is-nan",
        {
            "talk.yaml": TALK.replace("vars:", "data: {d: data/d.json}\nvars:")
            + "  - layout: table\n    title: T\n    table: d\n",
            "data/d.json": '[\n  {"navn": "Oslo", "verdi": 1},\n  {"navn": "Bergen", "verdi": NaN}\n]\n',
        },
        BUILD,
        "data/d.json:3:31",
        "NaN",
    ),
    Where(
        "data-category-listed-twice",
        {
            "talk.yaml": TALK.replace("vars:", "data: {d: data/d.csv}\nvars:")
            + "  - layout: chart\n    title: T\n    data: d\n    categories: navn\n    series: [verdi]\n",
            "data/d.csv": "navn,verdi\nOslo,1\nBergen,2\nOslo,3\n",
        },
        BUILD,
        "data/d.csv:4:1",
        "listed twice",
    ),
    Where(
        "audience-of-a-slide-not-declared",
        edition("audiences: [fagfolk, politikere]\nslides:\n  columns: {audience: [politiker]}\n"),
        BUILD_EDITION,
        "e.yaml:4:24",
        "did you mean 'politikere'?",
    ),
    Where(
        "audience-of-the-deck-misspelt",
        edition("audiences: [fagfolk, politikere]\naudience: fagfok\n"),
        BUILD_EDITION,
        "e.yaml:3:11",
        "did you mean 'fagfolk'?",
    ),
    Where(
        "counties-listed-twice",
        edition("year: 2024\ncounties:\n  - 34\n  - 42\n  - 34\n"),
        ("e.yaml",),
        "e.yaml:6:5",
        "county 34 is listed twice",
    ),
    Where(
        "counties-in-a-year-without-a-register",
        edition("year: 1900\ncounties: all\n"),
        ("e.yaml",),
        "e.yaml:2:7",
        "no municipality register for 1900",
    ),
    Where(
        "unknown-filter-in-an-editions-footer",
        edition('footer: "{{ deck.date | longdate }}"\n'),
        BUILD_EDITION,
        "e.yaml:2:9",
        "did you mean 'long_date'?",
    ),
    Where(
        "new-slide-without-a-place",
        edition("slides:\n  extra:\n    layout: statement\n    text: Hei\n"),
        BUILD_EDITION,
        "e.yaml:3:3",
        "does not say where it goes",
    ),
]


def test_there_are_at_least_twenty_located_cases() -> None:
    assert len(CASES) >= 20 and len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_message_is_at_the_line_that_wrote_its_value(project: Path, case: Where) -> None:
    write(project, case.files)
    result = run(*case.args)
    lines = [
        line.removeprefix("warning: ")
        for line in (result.stdout + result.stderr).splitlines()
        if case.says in line
    ]
    assert lines, result.stdout + result.stderr
    assert lines[0].startswith(case.where + ": "), lines[0]
    if case.named:
        assert lines[0].endswith(case.named), lines[0]
    assert "Traceback" not in result.output
