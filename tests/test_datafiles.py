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

from generator.content.datafiles import MAX_BYTES, MAX_ROWS, csv_records, parse_number, read_table
from generator.errors import DeckError, Location


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
