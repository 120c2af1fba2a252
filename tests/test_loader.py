"""The loader: YAML text to located nodes, and every way a file can be unreadable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.located import MAX_BYTES, MAX_NODES, Node, load_file, load_text
from generator.errors import DeckError, Location
from generator.options import kind_of


def load(text: str | bytes) -> Node:
    return load_text(text, "c.yaml")


def error(text: str | bytes) -> DeckError:
    with pytest.raises(DeckError) as caught:
        load(text)
    return caught.value


def test_values_and_keys_remember_line_and_column() -> None:
    root = load("title: x\nslides:\n  - layout: bullets\n    bullets: [a, b]\n")
    assert root.loc == Location("c.yaml", 1, 1)
    assert root.key_locs["slides"] == Location("c.yaml", 2, 1)
    slide = root.value["slides"].value[0]
    assert slide.key_locs["bullets"] == Location("c.yaml", 4, 5)
    assert [b.loc for b in slide.value["bullets"].value] == [
        Location("c.yaml", 4, 15),
        Location("c.yaml", 4, 18),
    ]
    assert root.plain() == {"title": "x", "slides": [{"layout": "bullets", "bullets": ["a", "b"]}]}


def test_numbers_keep_the_text_they_were_written_as() -> None:
    root = load("a: 010\nb: 1.10\nc: 12:30\nd: 1_000\ne: plain\nf: 2019-03-15\n")
    values = root.value
    assert [values[k].value for k in "abcd"] == [8, 1.1, 750, 1000]
    assert [values[k].text for k in "abcd"] == ["010", "1.10", "12:30", "1_000"]
    assert values["e"].text == "plain" and values["f"].text == dt.date(2019, 3, 15)


def test_literal_block_knows_where_its_text_starts() -> None:
    root = load("notes: |\n\n    first\n    second\nother: >\n  folded\n")
    assert root.value["notes"].body == Location("c.yaml", 2, 5)
    assert root.value["notes"].value == "\nfirst\nsecond\n"
    assert root.value["other"].body is None


def test_keys_are_text_as_written() -> None:
    assert list(load("yes: 1\n1: 2\nnull: 3\n").value) == ["yes", "1", "null"]


def test_a_byte_order_mark_is_fine() -> None:
    assert load("\ufefftitle: x\n".encode()).plain() == {"title": "x"}


def test_small_aliases_are_fine() -> None:
    assert load("a: &x [1, 2]\nb: *x\n").plain() == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("a: 1\na: 2\n", (2, 1), "duplicate key 'a' (first at line 1)"),
        ("a:\n\t- b\n", (2, 1), "tab character"),
        ('a: "open\nb: 1\n', (1, 4), "is not closed"),
        ("a: [1, 2\nb: 3\n", (1, 4), "is not closed"),
        ("a: x\n  b: y\n", (2, 4), "mapping values are not allowed"),
        ("a: {{ x }}\n", (1, 4), "put the text in quotes"),
        ("a: !!python/name:os.system x\n", (1, 4), "unsupported YAML tag"),
        ("a: !foo [1]\n", (1, 4), "unsupported YAML tag"),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", (3, 3), "merge keys"),
        ("a: *nothing\n", (1, 4), "undefined alias"),
        ("a: 2019-02-30\n", (1, 4), "day is out of range"),
        ('a: "x\\x0by"\n', (1, 4), "U+000B"),
        ("a: b\x01c\n", (1, 5), "U+0001"),
        ("a: " + "[" * 150 + "]" * 150 + "\n", (1, 103), "nested more than 100 levels"),
        ("", (1, 1), "the file is empty"),
        ("  \n\n", (1, 1), "the file is empty"),
        ("# only a comment\n", (1, 1), "only comments"),
    ],
    ids=[
        "duplicate",
        "tab",
        "quote",
        "bracket",
        "indent",
        "jinja-unquoted",
        "python-tag",
        "collection-tag",
        "merge-key",
        "undefined-alias",
        "impossible-date",
        "escaped-control",
        "raw-control",
        "deep",
        "empty",
        "blank",
        "comment",
    ],
)
def test_yaml_problems_are_located(text: str, where: tuple[int, int], says: str) -> None:
    exc = error(text)
    assert (exc.location.line, exc.location.col) == where, exc.line()
    assert says in exc.line()
    assert "\n" not in exc.line()


@pytest.mark.parametrize(
    ("data", "where", "says"),
    [
        (b"title: x\nab\x00cd\n", (2, 3), "binary file"),
        ("title: x\nauthor: Bj\xf8rn\n".encode("latin-1"), (2, 11), "not UTF-8 text (byte 0xF8)"),
        ("a: «".encode() + b"\xff", (1, 5), "not UTF-8"),
        (b"a: " + b"x" * MAX_BYTES, (1, 1), "KiB allowed"),
    ],
    ids=["binary", "latin-1", "after-multibyte", "too-big"],
)
def test_bytes_that_are_not_yaml_text_are_located(
    data: bytes, where: tuple[int, int], says: str
) -> None:
    exc = error(data)
    assert (exc.location.line, exc.location.col) == where
    assert says in exc.line()


def test_alias_bomb_is_refused_before_it_is_built() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    exc = error("\n".join(lines) + "\n")  # how fast: bench/limits.py, at most 0.5 s
    assert f"at most {MAX_NODES} values" in exc.line()


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x\n  b: *x\n", "a: &x [1, [2, *x]]\n"])
def test_an_alias_inside_its_own_value_is_refused(text: str) -> None:
    assert "refers to the value that contains it" in error(text).line()


def test_load_file_names_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="no such file"):
        load_file(tmp_path / "nope.yaml")
    with pytest.raises(DeckError, match="is a folder"):
        load_file(tmp_path)
    (tmp_path / "c.yaml").write_text("a: 1\n", encoding="utf-8")
    assert load_file(tmp_path / "c.yaml", "shown.yaml").loc.file == "shown.yaml"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({}, "a mapping"),
        ([], "a list"),
        (None, "nothing (null)"),
        (True, "true/false"),
        (3, "a number"),
        (2.5, "a number"),
        (dt.date(2019, 3, 15), "a date"),
        ("x", "a string"),
    ],
)
def test_kind_of_names_values_as_people_say_them(value: object, kind: str) -> None:
    assert kind_of(value) == kind


def test_an_empty_key_in_an_edition_keeps_the_base_mapping_or_list() -> None:
    from generator.content.editions import merge

    base = load("vars: {region: T}\nslides: [a]\ndate: 2019-03-15\n")
    child = load("vars:\n  # region: V\nslides:\ndate:\n")
    assert merge(base, child).plain() == {"vars": {"region": "T"}, "slides": ["a"], "date": None}


def test_a_file_read_again_gives_what_it_holds_now(tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    path.write_text("title: Før\n", encoding="utf-8")
    assert load_file(path).get("title").value == "Før"
    path.write_text("title: Etter\n", encoding="utf-8")
    assert load_file(path).get("title").value == "Etter"
    # located under the name it is shown by
    assert load_file(path, "other.yaml").loc.file == "other.yaml"
