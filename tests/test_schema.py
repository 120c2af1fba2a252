"""The schema stage: every problem in a content tree found at once, with its place and a fix-it hint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.deck import Deck, build_deck
from generator.content.editorschema import DOC_BEGIN, DOC_END, DOC_FILE, reference_markdown
from generator.content.format import SLIDE_KEYS, TOP_KEYS, field_items, field_option
from generator.content.layouts import FieldSpec, catalog, search_dirs
from generator.content.located import load_text
from generator.errors import DeckError, DeckErrors
from generator.options import Invalid, Invalids, did_you_mean, problems_of

from .conftest import REPO

LAYOUTS = catalog(search_dirs(REPO))


def deck(text: str) -> Deck:
    return build_deck(load_text(text, "c.yaml"), LAYOUTS)


def errors(text: str) -> list[str]:
    with pytest.raises(DeckError) as caught:
        deck(text)
    exc = caught.value
    return [e.line() for e in (exc.errors if isinstance(exc, DeckErrors) else (exc,))]


ONE = "slides:\n  - layout: title\n    title: x\n"


def test_a_small_deck_gets_defaults() -> None:
    d = deck(ONE)
    assert (d.meta.title, d.meta.author, d.meta.date, d.meta.language) == (
        "",
        "",
        dt.date(2000, 1, 1),
        "nb-NO",
    )
    assert d.vars == {} and d.template is None and len(d.slides) == 1
    assert d.slides[0].layout.name == "title" and d.slides_loc.line == 2


def test_settings_are_read() -> None:
    d = deck(
        "title: 2019\nauthor: Kari\ndate: 2019-03-15 10:00:00\nlanguage: nn-NO\ntemplate: brand.pptx\n"
        "vars: {region: T}\n" + ONE
    )
    assert (d.meta.title, d.meta.author, d.meta.date, d.meta.language) == (
        "2019",
        "Kari",
        dt.date(2019, 3, 15),
        "nn-NO",
    )
    assert d.template is not None and d.template.name == "brand.pptx" and d.vars == {"region": "T"}
    assert d.var_nodes["region"].loc.line == 6


def test_every_problem_is_collected_and_sorted_by_line() -> None:
    found = errors(
        "titel: x\ndate: tomorrow\nlanguage: norsk\nvars: [a]\n"
        "slides:\n  - layout: bulets\n  - layout: bullets\n    title: [a]\n    bullets: x\n  - 3\n"
    )
    assert [line.split(": ")[0] for line in found] == [
        "c.yaml:1:1",
        "c.yaml:2:7",
        "c.yaml:3:11",
        "c.yaml:4:7",
        "c.yaml:6:13",
        "c.yaml:8:12",
        "c.yaml:9:14",
        "c.yaml:10:5",
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("titel: x\n" + ONE, "unknown key 'titel'; did you mean 'title'?"),
        ("slide:\n  - layout: title\n", "missing key 'slides'; did you mean 'slides'?"),
        ("title: x\n", "add `slides:` with a list of slides, or `extends:` a file that has them"),
        ("slides: []\n", "expected a list of slides, got an empty list"),
        ("slides:\n  - title\n", "expected a slide (a mapping with `layout:`), got a string"),
        ("slides:\n  - title: x\n", "missing key 'layout'; layouts: bullets"),
        ("slides:\n  - layout: titel\n", "unknown layout 'titel'; did you mean 'title'?"),
        ("slides:\n  - layout:\n", "slides[1].layout: expected text, got nothing (null)"),
        (
            "slides:\n  - layout: title\n",
            "missing field 'title' (layout 'title' needs it); add `title:`",
        ),
        ("slides:\n  - layout: title\n    title: x\n    subtitel: y\n", "did you mean 'subtitle'?"),
        (
            "slides:\n  - layout: title\n    title: x\n    notes: [a]\n",
            "slides[1].notes: expected text, got a list",
        ),
        ("slides:\n  - layout: title\n    title: on\n", 'put the text in quotes, e.g. "no"'),
        (
            "slides:\n  - layout: title\n    title: x\n    for_each: goals\n",
            "expected `NAME in LIST`, got 'goals'",
        ),
        (
            "slides:\n  - layout: title\n    title: x\n    for_each: 3\n",
            "expected `NAME in LIST`, got a number",
        ),
        ("slides:\n  - layout: title\n    title: x\n    when: [a]\n", "expected an expression"),
        (
            "date: 15.3.2019\n" + ONE,
            "expected a date like 2019-03-15, got a string; write it as YYYY-MM-DD",
        ),
        ("language: NB-no\n" + ONE, "did you mean 'nb-NO'?"),
        ("language: 3\n" + ONE, "expected a language tag like nb-NO or nn-NO, got '3'"),
        ("template: brand.ppt\n" + ONE, "template: expected the path of a .pptx or .potx file"),
        ("vars: {slide: 1}\n" + ONE, "vars.slide: the name 'slide' is reserved"),
        (
            "vars: {2024: 1}\n" + ONE,
            "'2024' cannot be used as a variable name; use letters, digits and _ only, e.g.",
        ),
        ("vars: {fylke-navn: 1}\n" + ONE, "e.g. 'fylke_navn'"),
    ],
)
def test_problem_says_what_and_how_to_fix(text: str, says: str) -> None:
    assert any(says in line for line in errors(text)), errors(text)


@pytest.mark.parametrize(
    ("when", "expr"),
    [("true", "true"), ("false", "false"), ("show", "show"), ("1", "1"), ("'a > 1'", "a > 1")],
)
def test_when_is_an_expression_or_true_false(when: str, expr: str) -> None:
    assert (
        deck(f"slides:\n  - layout: title\n    title: x\n    when: {when}\n").slides[0].when == expr
    )


def test_for_each_is_split_into_name_and_expression() -> None:
    src = "slides:\n  - layout: title\n    title: x\n    for_each: ' goal  in goals | reverse '\n"
    assert deck(src).slides[0].for_each == ("goal", "goals | reverse")


TEXT = FieldSpec("t", "text", True)
LIST = FieldSpec("l", "list", True)
RECORDS = FieldSpec("r", "records", True, keys=("heading", "text"))


def problem(spec: FieldSpec, value: object, items: bool = False) -> str | None:
    """The first problem the field's option finds in a value, as `where: what`."""
    try:
        (field_items(spec) if items else field_option(spec)).check(value)
    except (Invalid, Invalids) as exc:
        first = problems_of(exc)[0]
        return f"{first.at}: {first.message}"
    return None


@pytest.mark.parametrize(
    ("spec", "value", "says"),
    [
        (TEXT, "x", None),
        (TEXT, "010", None),
        (TEXT, "2019-03-15", None),
        (TEXT, "''", "empty value"),
        (TEXT, "", "empty value"),
        (TEXT, "yes", "expected text, got true/false"),
        (TEXT, "[a]", "expected text, got a list"),
        (TEXT, "{a: 1}", "expected text, got a mapping"),
        (LIST, "[a, 1, 2019-01-01]", None),
        (LIST, '"{{ names }}"', None),
        (LIST, "'{{ a }} {{ b }}'", "expected a list, got a string"),
        (LIST, "[]", "at least one item"),
        (LIST, "x", "expected a list, got a string"),
        (LIST, "[a, '']", "(1,): empty value"),
        (LIST, "[a, [b]]", "(1,): expected text, got a list"),
        (LIST, "[a, no]", "(1,): expected text, got true/false"),
        (RECORDS, "[{heading: a, text: b}]", None),
        (RECORDS, '"{{ cols }}"', None),
        (RECORDS, "[a]", "(0,): expected a mapping (heading: ..., text: ...), got a string"),
        (RECORDS, "[{heading: a}]", "(0,): missing key 'text'"),
        (RECORDS, "[{heading: a, text: b, x: c}]", "(0, 'x'): unknown key 'x'"),
        (RECORDS, "[{heading: a, text: }]", "(0, 'text'): empty value"),
        (RECORDS, "[{heading: a, text: [b]}]", "(0, 'text'): expected text, got a list"),
    ],
)
def test_field_options_check_content_values(spec: FieldSpec, value: str, says: str | None) -> None:
    found = problem(spec, load_text(f"v: {value}\n", "c.yaml").value["v"].plain())
    assert found is None if says is None else says in (found or ""), found


def test_field_items_check_plain_values_from_vars() -> None:
    assert problem(RECORDS, [{"heading": "a", "text": "b"}], items=True) is None
    assert (
        problem(RECORDS, [{"heading": "a", "text": None}], items=True) == "(0, 'text'): empty value"
    )


def test_content_field_problems_point_at_the_item(tmp_path: Path) -> None:
    found = errors(
        "slides:\n  - layout: bullets\n    title: x\n    bullets:\n      - a\n      - ''\n"
    )
    assert (
        found
        == [
            "c.yaml:6:9: slides[1].bullets[2]: empty value; write the text or remove the key",
            "1 error, no deck written",
        ][:1]
    ), found


def test_did_you_mean() -> None:
    assert did_you_mean("titel", ["title", "date"]) == "did you mean 'title'?"
    assert did_you_mean("zzz", ["title", "date"]) == ""


def test_docs_describe_every_key_and_every_layout_field() -> None:
    doc = (REPO / DOC_FILE).read_text(encoding="utf-8")
    for key in (*TOP_KEYS, *SLIDE_KEYS):
        assert f"| `{key}` |" in doc, key
    for layout in LAYOUTS.values():
        assert f"#### `{layout.name}`" in doc, layout.name
        for name in layout.fields:
            assert f"| `{name}` |" in doc, f"{layout.name}.{name}"
    for words in (
        "long_date",
        "and_list",
        "plural",
        "number",
        "`q`",
        "for_each",
        "when",
        "deck.title",
        "exit status",
        "standard error",
        "standard output",
    ):
        assert words in doc, words


def test_docs_reference_tables_are_the_generated_ones() -> None:
    doc = (REPO / DOC_FILE).read_text(encoding="utf-8")
    block = doc[doc.index(DOC_BEGIN) : doc.index(DOC_END) + len(DOC_END)] + "\n"
    assert block == reference_markdown(LAYOUTS), (
        "docs/content.md is out of date: run `python -m generator.content.editorschema --write`"
    )
