"""Data files beside a content file: CSV, YAML and JSON read to located tables; every mistake a located error."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from generator.content.cellnumbers import parse_number
from generator.content.datafiles import MAX_BYTES, MAX_ROWS, csv_records, read_table
from generator.errors import DeckError, Location

from .conftest import run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


def write(project: Path, name: str, text: str | bytes) -> Path:
    path = project / "data" / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def read(project: Path, name: str, at: Location | None = None):  # noqa: ANN201 - a DataTable
    return read_table(name, project / "data", (project,), at)


def error(project: Path, name: str, at: Location | None = None) -> DeckError:
    with pytest.raises(DeckError) as caught:
        read(project, name, at)
    return caught.value


FYLKER = "fylke;2020;2024\nOslo;1;1\nNordland;44;41\nVestland;43;43\n"


def test_semicolon_csv_reads_columns_in_order_with_numbers_as_written(project: Path) -> None:
    write(project, "k.csv", FYLKER)
    table = read(project, "k.csv")
    assert table.columns == ("fylke", "2020", "2024")
    assert table.texts("fylke") == ("Oslo", "Nordland", "Vestland")
    assert table.numbers("2024") == (1, 41, 43)


def test_norwegian_and_english_numbers_read_alike(project: Path) -> None:
    write(
        project,
        "n.csv",
        'navn;verdi\na;1 300\nb;1300\nc;12,5\nd;12.5\ne;"1\u00a0300,25"\nf;\u22124\n',
    )
    assert read(project, "n.csv").numbers("verdi") == (1300, 1300, 12.5, 12.5, 1300.25, -4)


def test_comma_csv_is_sniffed_and_quoted_decimal_commas_survive(project: Path) -> None:
    write(project, "c.csv", 'fylke,andel\nOslo,"12,5"\n"Møre og Romsdal, Nord",3\n')
    table = read(project, "c.csv")
    assert table.texts("fylke") == ("Oslo", "Møre og Romsdal, Nord")
    assert table.numbers("andel") == (12.5, 3)


def test_every_cell_knows_its_file_line_and_column(project: Path) -> None:
    write(project, "k.csv", FYLKER)
    table = read(project, "k.csv")
    nordland = table.rows[1]
    assert [c.value for c in nordland] == ["Nordland", "44", "41"]
    assert [(c.loc.line, c.loc.col) for c in nordland] == [(3, 1), (3, 10), (3, 13)]
    assert nordland[0].loc.file.endswith("k.csv")
    assert [(loc.line, loc.col) for loc in table.header] == [(1, 1), (1, 7), (1, 12)]


def test_yaml_records_and_yaml_columns_give_the_same_table(project: Path) -> None:
    write(project, "r.yaml", "- {fylke: Oslo, antall: 1}\n- fylke: Nordland\n  antall: '1 300'\n")
    write(project, "c.yml", "fylke: [Oslo, Nordland]\nantall: [1, 1300]\n")
    records, columns = read(project, "r.yaml"), read(project, "c.yml")
    assert records.columns == columns.columns == ("fylke", "antall")
    assert records.numbers("antall") == columns.numbers("antall") == (1, 1300)
    assert (records.rows[1][1].loc.line, records.rows[1][1].loc.col) == (3, 11)


def test_yaml_keeps_no_and_dates_as_written(project: Path) -> None:
    write(project, "land.yaml", "- {land: NO, dato: 2024-03-15, antall: 010}\n")
    table = read(project, "land.yaml")
    assert table.texts("land") == ("NO",)
    assert table.texts("dato") == ("2024-03-15",)
    assert table.numbers("antall") == (10,)


def test_json_records_read_with_locations_even_tab_indented(project: Path) -> None:
    write(
        project,
        "d.json",
        '[\n\t{"fylke": "Oslo", "antall": 1.5e3},\n\t{"fylke": "Bodø", "antall": null}\n]\n',
    )
    table = read(project, "d.json")
    assert table.texts("fylke") == ("Oslo", "Bodø")
    assert table.column("antall")[0].value == 1500.0
    assert table.column("antall")[1].value is None
    assert (table.rows[1][0].loc.line, table.rows[1][0].loc.col) == (3, 12)


def test_a_cell_that_is_not_a_number_names_file_row_and_column(project: Path) -> None:
    write(project, "k.csv", "fylke;antall\nOslo;1\nNordland;førtien\n")
    with pytest.raises(DeckError) as caught:
        read(project, "k.csv").numbers("antall")
    err = caught.value
    assert (Path(err.location.file).name, err.location.line, err.location.col) == ("k.csv", 3, 10)
    assert "'førtien' (row 2 of column 'antall') is not a number" in err.message
    assert "1 300" in err.hint


@pytest.mark.parametrize(
    ("cell", "hint"), [("12,5 %", "without '%'"), ("1,300.5", "not both"), ("", "1 300")]
)
def test_a_number_written_wrongly_gets_a_hint_that_fits(
    project: Path, cell: str, hint: str
) -> None:
    write(project, "k.csv", f"fylke;antall\nOslo;{cell}\n")
    with pytest.raises(DeckError) as caught:
        read(project, "k.csv").numbers("antall")
    assert hint in caught.value.hint


def test_a_ragged_row_names_its_row_and_the_header_width(project: Path) -> None:
    write(project, "r.csv", "fylke,andel\nOslo,1\nBergen,12,5\n")
    err = error(project, "r.csv")
    assert err.location.line == 3
    assert "row 2 has 3 cells, the header has 2" in err.message
    assert '"12,5"' in err.hint


def test_a_yaml_column_shorter_than_the_others_is_an_error(project: Path) -> None:
    write(project, "c.yaml", "fylke: [Oslo, Bergen]\nantall: [1]\n")
    err = error(project, "c.yaml")
    assert "column 'antall' has 1 values, 'fylke' has 2" in err.message
    assert err.location.line == 2


def test_a_missing_data_file_is_reported_where_the_content_names_it(project: Path) -> None:
    at = Location("content/deck.yaml", 12, 11)
    err = error(project, "nowhere.csv", at)
    assert err.location == at
    assert "data file 'nowhere.csv' not found" in err.message


def test_a_data_file_outside_the_project_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.csv"
    outside.write_text(FYLKER)
    (project / "data" / "link.csv").symlink_to(outside)
    for name in ("link.csv", str(outside), "../../" + outside.parent.name + "/secret.csv"):
        err = error(project, name)
        assert "lies outside the project" in err.message, name
        assert "copy it into the project folder" in err.hint


def test_excels_semicolon_csv_in_windows_1252_is_read_with_a_note(project: Path) -> None:
    write(
        project,
        "l.csv",
        "fylke;antall\nTr\xf8ndelag;38\nM\xf8re \u2013 Romsdal;1\n".encode("cp1252"),
    )
    table = read(project, "l.csv")
    assert table.texts("fylke") == ("Tr\xf8ndelag", "M\xf8re \u2013 Romsdal")
    assert "read as Windows-1252" in table.note


def test_a_file_neither_utf8_nor_windows_1252_is_located_at_the_bad_byte(project: Path) -> None:
    write(project, "l.csv", b"fylke;antall\nTr\xf8ndelag\x81;38\n")
    err = error(project, "l.csv")
    assert (err.location.line, err.location.col) == (2, 3)
    assert "not UTF-8" in err.message and "UTF-8" in err.hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("fylke;antall\n", "has no rows of data"),
        ("fylke;antall;fylke\nA;1;B\n", "column 'fylke' is named twice"),
        ("fylke;;x\nA;1;2\n", "column 2 of"),
    ],
)
def test_an_empty_table_or_a_bad_header_is_an_error(project: Path, text: str, message: str) -> None:
    write(project, "e.csv", text)
    assert message in error(project, "e.csv").message


def test_duplicate_yaml_keys_point_at_both(project: Path) -> None:
    write(project, "d.yaml", "- {fylke: Oslo, antall: 1, fylke: Bergen}\n")
    err = error(project, "d.yaml")
    assert "column 'fylke' is named twice" in err.message
    assert err.location.col == 28 and err.also is not None and err.also.col == 4


def test_an_unknown_column_suggests_the_close_one(project: Path) -> None:
    write(project, "k.csv", FYLKER)
    at = Location("content/deck.yaml", 4, 9)
    with pytest.raises(DeckError) as caught:
        read(project, "k.csv").numbers("antal 2024", at)
    assert caught.value.location == at
    with pytest.raises(DeckError) as caught:
        read(project, "k.csv").index("fylket", at)
    assert caught.value.hint == "did you mean 'fylke'?"


def test_a_100000_row_csv_is_refused_at_the_row_bound_with_how_to_reduce_it(project: Path) -> None:
    # how fast: bench/limits.py ("100 000-row CSV refused", at most 2 s)
    write(project, "big.csv", "kommune;antall\n" + "".join(f"K{i};{i}\n" for i in range(100_000)))
    err = error(project, "big.csv")
    assert f"more than {MAX_ROWS:,} rows".replace(",", " ") in err.message
    assert err.location.line == MAX_ROWS + 2
    assert "aggregate" in err.hint


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(project: Path) -> None:
    path = project / "data" / "huge.csv"
    with path.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: only its size is real
    err = error(project, "huge.csv")
    assert "more than the 5 MB" in err.message and "aggregate" in err.hint


def test_a_record_that_is_not_a_mapping_is_an_error(project: Path) -> None:
    write(project, "r.yaml", "- {fylke: Oslo}\n- Bergen\n")
    err = error(project, "r.yaml")
    assert "record 2 is not a mapping" in err.message and err.location.line == 2


def test_a_decimal_comma_in_a_yaml_flow_mapping_gets_a_quoting_hint(project: Path) -> None:
    write(project, "r.yaml", "- {fylke: Oslo, andel: 12}\n- {fylke: Bergen, andel: 12,5}\n")
    err = error(project, "r.yaml")
    assert "record 2 has '5'" in err.message and "'12,5'" in err.hint
    assert (err.location.line, err.location.col) == (2, 29)


def test_an_unknown_suffix_is_refused(project: Path) -> None:
    write(project, "k.xlsx", b"PK")
    assert "use a .csv, .yaml, .yml or .json file" in error(project, "k.xlsx").hint


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\x00"),
    max_size=8,
)


@given(
    st.lists(st.lists(texts, min_size=2, max_size=2), min_size=1, max_size=6), st.sampled_from(";,")
)
def test_csv_records_read_what_the_csv_module_writes(rows: list[list[str]], delimiter: str) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    assert [
        [value for value, _, _ in record] for record in csv_records(out.getvalue(), delimiter)
    ] == rows


@given(st.one_of(st.integers(-(10**9), 10**9), st.decimals("-1e6", "1e6", places=2).map(float)))
def test_numbers_formatted_the_norwegian_way_read_back(number: float) -> None:
    text = format_decimal(number, locale="nb_NO", group_separator=True)
    assert parse_number(text) == pytest.approx(number)
    assert parse_number(str(number)) == pytest.approx(number)


def test_a_data_file_path_may_use_a_subfolder(project: Path) -> None:
    (project / "data" / "sub").mkdir()
    write(project, os.path.join("sub", "k.csv"), FYLKER)
    assert read(project, "sub/k.csv").numbers("2020") == (1, 44, 43)


# Through the command: every value shown as the language writes it, or one located line, exit 1, no deck


DECK = (
    "data: {{d: data/{name}}}\n"
    "slides:\n"
    "  - {{layout: table, title: Tabell, table: d{fmt}}}\n"
    "  - {{layout: chart, title: Diagram, data: d, categories: navn, series: [verdi]{fmt}}}\n"
)


def build(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: str | bytes, fmt: str = ""
):  # noqa: ANN201 - click's Result
    """A table and a chart of the data file `name` built into d.pptx, with `number_format: fmt`."""
    monkeypatch.chdir(project)
    write(project, name, data)
    shape = f", number_format: '{fmt}'" if fmt else ""
    (project / "deck.yaml").write_text(DECK.format(name=name, fmt=shape), encoding="utf-8")
    return run("deck.yaml", "-o", "d.pptx")


def build_vars(project: Path, monkeypatch: pytest.MonkeyPatch, content: str):  # noqa: ANN201
    monkeypatch.chdir(project)
    (project / "deck.yaml").write_text(content, encoding="utf-8")
    return run("deck.yaml", "-o", "d.pptx")


def refused(project: Path, result, line: str) -> None:  # noqa: ANN001 - click's Result
    """One located line (the first), exit 1, no traceback, no deck."""
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines()[0] == line
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (project / "d.pptx").exists()


def shown(project: Path, result) -> list[list[str]]:  # noqa: ANN001 - click's Result
    """The table's rows under its header, as the deck shows them."""
    from pptx import Presentation

    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(project / "d.pptx"))
    table = next(sh.table for sh in deck.slides[0].shapes if sh.has_table)
    return [[cell.text for cell in row.cells] for row in table.rows][1:]


def grouped(*groups: str) -> str:
    return "\u00a0".join(groups)


TAIL = " [deck.yaml]"
BEYOND = (
    "is beyond the largest number a chart or table can hold (about 1.8e308); "
    "write the number in a larger unit (millions, billions) and say so in the title"
)


@pytest.mark.parametrize(
    ("number", "written"),
    [
        ("9" * 309, "'99999999999999999999…' (309 characters)"),
        ("9" * 5000, "'99999999999999999999…' (5 000 characters)"),
        ("1e309", "'1e309'"),
        ("-Infinity", "'-Infinity'"),
    ],
)
def test_a_json_number_past_a_double_is_refused_at_its_cell_as_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, number: str, written: str
) -> None:
    result = build(project, monkeypatch, "d.json", f'[{{"navn":"Oslo","verdi":{number}}}]\n')
    refused(project, result, f"data/d.json:1:25: {written} {BEYOND}{TAIL}")


@pytest.mark.parametrize(
    ("text", "col"), [("[" * 2000 + "]" * 2000, 101), ('{"a":' * 2000 + "1" + "}" * 2000, 501)]
)
def test_json_nested_past_the_bound_is_refused_at_its_bracket(
    project: Path, monkeypatch: pytest.MonkeyPatch, text: str, col: int
) -> None:
    result = build(project, monkeypatch, "d.json", text)
    refused(
        project,
        result,
        f"data/d.json:1:{col}: data/d.json nests lists or mappings more than 100 deep; write a list of "
        "records (- {fylke: Oslo, antall: 1}) or a mapping of column to list (antall: [1, 2])"
        + TAIL,
    )


def test_json_nested_within_the_bound_is_a_cell_error_not_a_crash(project: Path) -> None:
    write(project, "d.json", '[{"navn": ' + "[" * 97 + "]" * 97 + "}]")
    assert "a cell holds a list or a mapping" in error(project, "d.json").message


@pytest.mark.parametrize(("cell", "col"), [("Os\u0085lo", 1), ("Oslo\u009f", 1), ("\u007f", 1)])
def test_a_c1_control_in_a_csv_cell_is_refused_at_the_cell(
    project: Path, monkeypatch: pytest.MonkeyPatch, cell: str, col: int
) -> None:
    result = build(project, monkeypatch, "d.csv", f"navn;verdi\nBergen;2\n{cell};1\n")
    char = next(c for c in cell if ord(c) >= 0x7F)
    refused(
        project,
        result,
        f"data/d.csv:3:{col}: the cell holds the control character U+{ord(char):04X}, which a slide "
        "cannot show; delete it; where a letter (€, –, ’) should be, the file was converted from "
        "Windows-1252 as if it were Latin-1: save it again as UTF-8" + TAIL,
    )


def test_a_c1_control_is_refused_in_a_chart_of_json_and_in_a_column_name(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, "h.csv", "navn;ver\u0085di\nOslo;1\n")
    err = error(project, "h.csv")
    assert (err.location.line, err.location.col) == (1, 6)
    assert (
        "the column name holds the control character U+0085, which a slide cannot show"
        in err.message
    )
    monkeypatch.chdir(project)
    write(project, "d.json", '[{"navn": "Os\\u0085lo", "verdi": 1}]')
    (project / "deck.yaml").write_text(
        "data: {d: data/d.json}\nslides:\n"
        "  - {layout: chart, title: C, data: d, categories: navn, series: [verdi]}\n",
        encoding="utf-8",
    )
    result = run("deck.yaml", "-o", "d.pptx")
    assert result.stderr.startswith(
        "data/d.json:1:11: the cell holds the control character U+0085, which a slide cannot show"
    )
    assert result.exit_code == 1 and not (project / "d.pptx").exists()


VARS_TABLE = (
    "vars:\n"
    "  x: 1\n"
    "  rows:\n"
    "    - {{navn: Oslo, verdi: 1}}\n"
    "    - {{navn: Bergen, verdi: {value}}}\n"
    "slides:\n"
    "  - {{layout: {layout}}}\n"
)
NAN = (
    "NaN (.nan, not a number) cannot be shown in text, a table or a chart; "
    "leave the value out, or write ~ where there is none"
)
INF = (
    "infinity (.inf) cannot be shown in text, a table or a chart; "
    "write the number itself (a very large one in a larger unit: millions, billions)"
)


@pytest.mark.parametrize(
    ("value", "layout", "line"),
    [
        (".nan", "table, title: T, table: rows", f"deck.yaml:5:29: vars.rows[2].verdi: {NAN}"),
        (".inf", "table, title: T, table: rows", f"deck.yaml:5:29: vars.rows[2].verdi: {INF}"),
        (
            "-.inf",
            "chart, title: C, data: rows, categories: navn, series: [verdi]",
            f"deck.yaml:5:29: vars.rows[2].verdi: {INF}",
        ),
        (
            "9" * 330,
            "chart, title: C, data: rows, categories: navn, series: [verdi]",
            "deck.yaml:5:29: vars.rows[2].verdi: a number of 330 digits is beyond the largest a chart "
            "or table can hold (about 1.8e308); write it in a larger unit (millions, billions), or in "
            "quotes as text",
        ),
        (
            "'1e400'",
            "chart, title: C, data: rows, categories: navn, series: [verdi]",
            "deck.yaml:5:29: vars.rows[2].verdi: '1e400' is beyond the largest number a chart or table "
            "can hold (about 1.8e308); write it in a larger unit (millions, billions)",
        ),
    ],
)
def test_a_number_in_vars_no_slide_can_show_is_refused_where_it_was_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, value: str, layout: str, line: str
) -> None:
    result = build_vars(project, monkeypatch, VARS_TABLE.format(value=value, layout=layout))
    refused(project, result, line)


def test_a_var_of_nan_shown_in_text_is_refused_at_its_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = (
        "vars:\n  x: .nan\nslides:\n  - {layout: paragraph, title: P, text: 'Verdi {{ x }}'}\n"
    )
    refused(project, build_vars(project, monkeypatch, content), f"deck.yaml:2:6: vars.x: {NAN}")


def test_large_and_tiny_csv_numbers_are_shown_in_plain_grouped_digits(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = "navn;verdi\nA;1e21\nB;1,5e21\nC;\u22121e22\nD;1e-7\nE;-0,0\n"
    zeros = ["000"] * 7
    assert shown(project, build(project, monkeypatch, "d.csv", data)) == [
        ["A", grouped("1", *zeros) + ",0000000"],
        ["B", grouped("1", "500", *zeros[1:]) + ",0000000"],
        ["C", "\u2212" + grouped("10", *zeros) + ",0000000"],
        ["D", "0,0000001"],
        ["E", "0,0000000"],
    ]


def test_a_number_format_rounds_and_a_zero_has_no_minus(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = "navn;verdi\nA;1e21\nB;1,5e21\nC;5e-324\nD;-0,04\nE;1e-7\n"
    zeros = ["000"] * 7
    assert shown(project, build(project, monkeypatch, "d.csv", data, "#,##0.0")) == [
        ["A", grouped("1", *zeros) + ",0"],
        ["B", grouped("1", "500", *zeros[1:]) + ",0"],
        ["C", "0,0"],
        ["D", "0,0"],
        ["E", "0,0"],
    ]


def test_json_minus_zero_and_a_number_in_quotes_are_shown_as_numbers(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = '[{"navn": "A", "verdi": -0.0}, {"navn": "B", "verdi": "1e21"}]'
    assert shown(project, build(project, monkeypatch, "d.json", data)) == [
        ["A", "0,0"],
        ["B", grouped("1", *["000"] * 7) + ",0"],
    ]


def test_floats_from_vars_show_at_most_15_significant_digits_never_their_binary_expansion(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = (
        "vars:\n  rows:\n"
        "    - {navn: A, verdi: 1.0e+26}\n"
        "    - {navn: B, verdi: 0.30000000000000004}\n"
        "    - {navn: C, verdi: 12.5}\n"
        "slides:\n"
        "  - {layout: table, title: T, table: rows}\n"
        "  - {layout: chart, title: C, data: rows, categories: navn, series: [verdi]}\n"
    )
    assert shown(project, build_vars(project, monkeypatch, content)) == [
        ["A", grouped("100", *["000"] * 8) + ",0"],
        ["B", "0,3"],
        ["C", "12,5"],
    ]


def test_a_number_a_table_cannot_show_in_full_is_refused_at_its_cell(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = build(project, monkeypatch, "d.csv", "navn;verdi\nA;1\nB;1e308\n")
    refused(
        project,
        result,
        "data/d.csv:3:3: '1e308' has 309 digits before the decimal mark, more than the 40 a table "
        "shows; write the column in a larger unit (millions, billions) and say so in its header"
        + TAIL,
    )
    result = build(project, monkeypatch, "d.csv", "navn;verdi\nA;1\nB;5e-324\n")
    refused(
        project,
        result,
        "data/d.csv:3:3: '5e-324' needs 324 decimals, more than the 40 a table shows in full; give "
        "the table a number_format: (0.0 rounds it to one decimal), or write the column in a smaller "
        "unit" + TAIL,
    )


def test_the_table_bounds_are_stated_in_the_docs() -> None:
    from generator.content.datafiles import MAX_SHOWN

    text = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    assert f"at most {MAX_SHOWN} digits before its decimal mark" in text


@given(st.floats(min_value=1, max_value=1e39) | st.floats(min_value=-1e39, max_value=-1))
def test_a_float_is_shown_in_plain_digits_with_at_most_15_significant(number: float) -> None:
    from generator.formats import decimal_text

    text = decimal_text(number, "nb_NO", "#,##0")
    assert "E" not in text and "e" not in text
    digits = "".join(c for c in text if c.isdigit())
    assert len(digits.rstrip("0")) <= 15
    assert parse_number(text) == pytest.approx(number, rel=1e-14, abs=0.5)


def test_a_c1_control_in_a_vars_table_is_refused_where_it_was_written(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = (
        'vars:\n  rows:\n    - {navn: "Os\\x85lo", verdi: 1}\n'
        "slides:\n  - {layout: table, title: T, table: rows}\n"
    )
    refused(
        project,
        build_vars(project, monkeypatch, content),
        "deck.yaml:3:14: the text holds the control character U+0085, which a slide cannot show; "
        "delete it; a \\x or \\u escape in double quotes is the usual source",
    )
