"""Tables of data read from CSV, YAML and JSON files beside a content file, every cell with its location."""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from generator.content.cellnumbers import (
    Value,
    as_decimal,
    as_text,
    decimals_of,
    in_range,
    is_number,
    json_scalar,
    not_a_number,
    number_as_written,
    number_hint,
    parse_number,
)
from generator.content.located import MAX_DEPTH
from generator.errors import DeckError, Location, shown
from generator.fileio import looks_utf16, read_regular

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
FORMATS = {".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
# Characters XML 1.0 cannot hold (C0 controls except tab, newline, carriage return; U+FFFE/F), and the
# controls it holds but no slide shows (DEL and C1: U+007F-U+009F, often Windows-1252 read as Latin-1).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_DELIMITERS = {"\t": "tabs", ";": "semicolons", ",": "commas"}  # in the order a tie is settled
MAX_SHOWN = 40  # digits before the decimal mark, and decimals, a table shows a number with


@dataclass(frozen=True)
class Cell:
    """One value of a table and where it was written."""

    value: Value
    loc: Location


@dataclass(frozen=True)
class DataTable:
    """A table read from a data file: column names, then rows of cells (row 1 is the first row of data)."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    header: tuple[Location, ...] = ()  # where each column is named
    note: str = ""  # how the file was read, when the user should know (not UTF-8, but Windows-1252)

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each column name's first position: a table of thousands of columns looks each one up."""
        positions: dict[str, int] = {}
        for n, name in enumerate(self.columns):
            positions.setdefault(name, n)
        return positions

    def index(self, column: str, at: Location | None = None) -> int:
        """The position of `column`; an unknown name is a DeckError at `at` (or the file) with a did-you-mean."""
        if column in self._positions:
            return self._positions[column]
        import difflib  # here: only a misspelt name needs it

        close = difflib.get_close_matches(column, self.columns, n=1, cutoff=0.6)
        known = ", ".join(f"'{c}'" for c in self.columns)
        hint = f"did you mean '{close[0]}'?" if close else f"the columns are {known}"
        raise DeckError(
            f"{self.source} has no column '{column}'", at or Location(self.source, 1, 1), hint=hint
        )

    def column(self, column: str, at: Location | None = None) -> tuple[Cell, ...]:
        """The cells of one column, top to bottom."""
        i = self.index(column, at)
        return tuple(row[i] for row in self.rows)

    def texts(self, column: str, at: Location | None = None) -> tuple[str, ...]:
        """One column as a table shows it: numbers as written in the file would read them (a float in plain
        digits), empty cells as ''; a number of more than MAX_SHOWN digits before its decimal mark is a
        DeckError at its cell (a table shows every digit)."""
        cells = self.column(column, at)
        for cell in cells:
            _check_shown(cell)
        return tuple("" if c.value is None else as_text(c.value) for c in cells)

    def numbers(self, column: str, at: Location | None = None) -> tuple[float | int, ...]:
        """One column as numbers; a cell that is not a number is a DeckError at that cell."""
        out: list[float | int] = []
        for n, cell in enumerate(self.column(column, at), start=1):
            number = cell.value if is_number(cell.value) else parse_number(cell.value)
            if number is None:
                raise DeckError(
                    not_a_number(cell.value, column, n), cell.loc, hint=number_hint(cell.value)
                )
            out.append(number)
        return tuple(out)

    def categories(self, column: str, at: Location | None = None) -> tuple[str, ...]:
        """One column as the categories of a chart: each named, each once; an empty or repeated one is a
        DeckError at its cell."""
        seen: dict[str, Location] = {}
        for n, cell in enumerate(self.column(column, at), start=1):
            text = "" if cell.value is None else as_text(cell.value).strip()
            if not text:
                raise DeckError(
                    f"row {n} of column '{column}' has no category name",
                    cell.loc,
                    hint="name every category, or leave the row out",
                )
            if text in seen:
                raise DeckError(
                    f"category '{text}' is listed twice in column '{column}'",
                    cell.loc,
                    also=seen[text],
                    also_label="first at",
                    hint="sum the rows into one, or name them apart",
                )
            seen[text] = cell.loc
        return tuple(seen)

    def decimals(self, column: str) -> int:
        """The most decimals any number of a column is written with (`8,0` has one, `1e-7` seven); a number
        needing more than MAX_SHOWN is a DeckError at its cell (a table without a number format shows them all)."""
        most = 0
        for cell in self.column(column):
            places = decimals_of(cell.value)
            if places > MAX_SHOWN:
                raise DeckError(
                    f"{_quoted(cell.value)} needs {places} decimals, more than the {MAX_SHOWN} a table "
                    "shows in full",
                    cell.loc,
                    hint="give the table a number_format: (0.0 rounds it to one decimal), or write the "
                    "column in a smaller unit",
                )
            most = max(most, places)
        return most


def read_table(
    name: str | Path, base: Path, roots: tuple[Path, ...], at: Location | None = None
) -> DataTable:
    """Read the data file `name` (relative to the folder `base`) that must lie inside one of `roots`.

    `at` is where the content names the file: problems with the file as a whole are reported there.
    """
    path = _allowed(Path(base) / name, roots, str(name), at)
    source = shown(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise DeckError(
            f"'{name}' is not a data file this tool reads",
            at or Location(source),
            hint="use a .csv, .yaml, .yml or .json file",
        )
    text, note = _read_text(path, source, at)
    if kind == "csv":
        columns, header, rows = _from_csv(text, source)
    else:
        columns, header, rows = _from_tree(text, source, kind)
    if not rows:
        raise DeckError(
            f"{source} has no rows of data",
            Location(source, 1, 1),
            hint="add a row under the header, or name another file",
        )
    for name, loc in zip(columns, header, strict=True):
        _check_text(name, loc, "the column name")
    for row in rows:
        for cell in row:
            _check_cell(cell)
    return DataTable(source, columns, rows, header, note)


def _check_text(text: str, loc: Location, what: str) -> None:
    bad = _BAD_CHARS.search(text)
    if not bad:
        return
    char = ord(bad.group())
    if 0x7F <= char <= 0x9F:
        raise DeckError(
            f"{what} holds the control character U+{char:04X}, which a slide cannot show",
            loc,
            hint="delete it; where a letter (€, –, ’) should be, the file was converted from Windows-1252 "
            "as if it were Latin-1: save it again as UTF-8",
        )
    raise DeckError(
        f"{what} holds the control character U+{char:04X}, which a .pptx cannot store",
        loc,
        hint="delete it (an export from another program may have left it)",
    )


def _check_cell(cell: Cell) -> None:
    """A cell a slide can show: text without control characters, a number that is finite and within a
    double's range (what a chart holds)."""
    if isinstance(cell.value, str):
        _check_text(cell.value, cell.loc, "the cell")
    number = cell.value if is_number(cell.value) else parse_number(cell.value)
    if number is None or in_range(number):
        return
    if isinstance(number, float) and math.isnan(number):
        raise DeckError(
            "the cell holds NaN (not a number), which a chart or table cannot show",
            cell.loc,
            hint="leave the cell empty (null in JSON, ~ in YAML) where there is no value",
        )
    written = cell.value if isinstance(cell.value, str) else repr(number).replace("inf", "Infinity")
    raise DeckError(
        f"{_quoted(written)} is beyond the largest number a chart or table can hold (about 1.8e308)",
        cell.loc,
        hint="write the number in a larger unit (millions, billions) and say so in the title",
    )


def _check_shown(cell: Cell) -> None:
    """A number a table shows in full: at most MAX_SHOWN digits before its decimal mark."""
    number = cell.value if is_number(cell.value) else parse_number(cell.value)
    if number is None or not in_range(number):
        return
    digits = as_decimal(number).adjusted() + 1
    if digits > MAX_SHOWN:
        raise DeckError(
            f"{_quoted(cell.value)} has {digits} digits before the decimal mark, more than the {MAX_SHOWN} "
            "a table shows",
            cell.loc,
            hint="write the column in a larger unit (millions, billions) and say so in its header",
        )


def _quoted(value: Value) -> str:
    """A value quoted for a message: a long one cut, with its length."""
    text = str(value) if not isinstance(value, float) else repr(value)
    if len(text) <= 40:
        return f"'{text}'"
    return f"'{text[:20]}…' ({len(text):,} characters)".replace(",", " ")


def from_records(records: list, source: str, at: Location) -> DataTable | None:
    """A list of mappings from vars as a table (columns in the order the first record names them); None when the
    value is not a list of mappings."""
    if (
        not isinstance(records, list)
        or not records
        or not all(isinstance(r, dict) for r in records)
    ):
        return None
    columns = tuple(dict.fromkeys(str(k) for r in records for k in r))
    rows = tuple(tuple(Cell(r.get(c), at) for c in columns) for r in records)
    return DataTable(source, columns, rows, tuple(at for _ in columns))


def _allowed(path: Path, roots: tuple[Path, ...], name: str, at: Location | None) -> Path:
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise DeckError(
            f"data file '{name}' not found",
            at or Location(shown(path)),
            hint=f"looked for {shown(path)}; a path is relative to the content file's folder",
        ) from None
    except (OSError, RuntimeError) as exc:
        raise DeckError(
            f"data file '{name}' cannot be opened: {exc}", at or Location(shown(path))
        ) from None
    allowed = [Path(r).resolve() for r in roots]
    if not any(real.is_relative_to(r) for r in allowed):
        folders = ", ".join(shown(r) or "." for r in allowed)
        raise DeckError(
            f"data file '{name}' lies outside the project ({shown(real)})",
            at or Location(shown(path)),
            hint=f"copy it into the project folder ({folders}) and name it from there",
        )
    if not real.is_file():
        raise DeckError(
            f"'{name}' is not a file",
            at or Location(shown(path)),
            hint="name a .csv, .yaml or .json file",
        )
    return real


def _read_text(path: Path, source: str, at: Location | None) -> tuple[str, str]:
    """The file's text, and a note when it was not UTF-8 but Windows-1252 (what Excel saves as
    "CSV (semikolondelt)" on a Norwegian Windows)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DeckError(
            f"{source} is {size / 1024 / 1024:.1f} MB, more than the {MAX_BYTES // 1024 // 1024} MB "
            "a data file may have",
            at or Location(source),
            hint="a slide shows a summary: aggregate the data (sums per group) or keep only the columns "
            "and rows the chart or table needs",
        )
    try:
        data = read_regular(path, at or Location(source), MAX_BYTES, "data file")
    except OSError as exc:
        raise DeckError(
            f"{source} cannot be read: {exc.strerror}", at or Location(source)
        ) from None
    if looks_utf16(data):
        raise DeckError(
            f"{source} is UTF-16 text, not UTF-8",
            Location(source, 1, 1),
            hint="save it as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')",
        )
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252"), (
                f"{source} is not UTF-8: read as Windows-1252, as Excel saves 'CSV (semikolondelt)'; "
                "save it as 'CSV UTF-8 (kommadelt)' to be sure of every letter"
            )
        except UnicodeDecodeError:
            pass
        line = data.count(b"\n", 0, exc.start) + 1
        col = (
            len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
            + 1
        )
        raise DeckError(
            f"{source} is not UTF-8 text (byte 0x{data[exc.start]:02X})",
            Location(source, line, col),
            hint="save it as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')",
        ) from None


class _Lines:
    """Offsets in a text to 1-based line and column."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def loc(self, offset: int) -> Location:
        line = bisect.bisect_right(self.starts, offset)
        return Location(self.source, line, offset - self.starts[line - 1] + 1)


def _delimiter(text: str) -> str:
    """A tab, ';' or ',': the one the header line (outside quotes) has most of; on a tie, a tab before a
    semicolon before a comma (a comma is also a decimal mark)."""
    first = _QUOTED.sub("", text.split("\n", 1)[0])
    return max(_DELIMITERS, key=lambda d: (first.count(d), -list(_DELIMITERS).index(d)))


def csv_records(text: str, delimiter: str) -> Iterator[list[tuple[str, bool, int]]]:
    """The records of a CSV text: per field its value, whether it was quoted, and its offset; blank lines skipped.

    A quote that is never closed, or text after a closing quote, is a ValueError whose args[1] is the offset.
    """
    plain = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    pos, end = 0, len(text)
    while pos < end:
        record: list[tuple[str, bool, int]] = []
        while True:
            start = pos
            quoted = text.startswith('"', pos)
            match = _QUOTED.match(text, pos) if quoted else plain.match(text, pos)
            if match is None:
                raise ValueError("a quote is not closed", start)
            value = match.group(1).replace('""', '"') if quoted else match.group(0)
            record.append((value, quoted, start))
            pos = match.end()
            if pos < end and text[pos] == delimiter:
                pos += 1
                continue
            if pos < end and text[pos] not in "\r\n":
                raise ValueError("text after a closing quote", pos)
            pos += 2 if text.startswith("\r\n", pos) else 1
            break
        if record != [("", False, record[0][2])]:
            yield record


def _from_csv(
    text: str, source: str
) -> tuple[tuple[str, ...], tuple[Location, ...], tuple[tuple[Cell, ...], ...]]:
    lines = _Lines(text, source)
    delimiter = _delimiter(text)
    records = csv_records(text, delimiter)
    try:
        first = next(records, None)
        if first is None:
            raise DeckError(
                f"{source} is empty",
                Location(source, 1, 1),
                hint="start with a header row of names",
            )
        columns, header = _header([(v.strip(), lines.loc(o)) for v, _, o in first], source)
        rows = []
        for n, record in enumerate(records, start=1):
            if n > MAX_ROWS:
                raise _too_many(source, lines.loc(record[0][2]))
            if len(record) != len(columns):
                raise DeckError(
                    f"row {n} has {len(record)} cells, the header has {len(columns)}",
                    lines.loc(record[0][2]),
                    hint=_ragged_hint(delimiter, len(record) > len(columns)),
                )
            rows.append(tuple(Cell(_csv_value(v, q), lines.loc(o)) for v, q, o in record))
    except ValueError as exc:
        raise DeckError(
            f"{source}: {exc.args[0]}",
            lines.loc(exc.args[1]),
            hint='a quoted value starts and ends with " and writes a quote inside as ""',
        ) from None
    return columns, header, tuple(rows)


def _csv_value(value: str, quoted: bool) -> Value:
    if quoted:
        return value
    return value.strip() or None


def _ragged_hint(delimiter: str, more: bool) -> str:
    if delimiter == "," and more:
        return 'a value with a comma (a decimal comma: 12,5) must be quoted ("12,5"), or separate the columns with ;'
    return f"every row needs one value per column, separated by {_DELIMITERS[delimiter]} as the header is"


def _too_many(source: str, loc: Location) -> DeckError:
    return DeckError(
        f"{source} has more than {MAX_ROWS:,} rows".replace(",", " "),
        loc,
        hint="a slide shows a summary: aggregate the rows (sums or means per group) before the deck reads them",
    )


def _header(
    names: list[tuple[str, Location]], source: str
) -> tuple[tuple[str, ...], tuple[Location, ...]]:
    seen: dict[str, Location] = {}
    for n, (name, loc) in enumerate(names, start=1):
        if not name:
            raise DeckError(
                f"column {n} of {source} has no name",
                loc,
                hint="give every column a name in the header",
            )
        if name in seen:
            raise DeckError(
                f"column '{name}' is named twice",
                loc,
                also=seen[name],
                also_label="first at",
                hint="give each column its own name",
            )
        seen[name] = loc
    return tuple(seen), tuple(seen.values())


def _from_tree(
    text: str, source: str, kind: str
) -> tuple[tuple[str, ...], tuple[Location, ...], tuple]:
    lines = _Lines(text, source)
    if kind == "json":
        _check_nesting(text, lines)
        try:
            json.loads(text, parse_int=str)  # checked, not used: an int of any length stays text
        except json.JSONDecodeError as exc:
            raise DeckError(
                f"{source} is not valid JSON: {exc.msg}", Location(source, exc.lineno, exc.colno)
            ) from None
        # JSON has no raw tab inside a string; YAML takes no tab as indentation
        text = text.replace("\t", " ")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source, 1, 1)
        raise DeckError(f"{source} is not valid YAML: {exc.problem or exc.context}", at) from None
    if root is None:
        raise DeckError(f"{source} is empty", Location(source, 1, 1), hint=_SHAPE_HINT)
    reader = _TreeReader(source, kind == "json", lines)
    if isinstance(root, yaml.SequenceNode):
        return reader.records(root)
    if isinstance(root, yaml.MappingNode):
        return reader.columns(root)
    raise DeckError(
        f"{source} holds a single value, not a table", reader.loc(root), hint=_SHAPE_HINT
    )


def _check_nesting(text: str, lines: _Lines) -> None:
    """JSON nests lists and mappings at most MAX_DEPTH deep (a table needs three): deeper is an error at its
    bracket, before a parser recurses into it."""
    depth = 0
    for match in _JSON_NESTING.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
        elif token in ("]", "}"):
            depth -= 1
        if depth > MAX_DEPTH:
            raise DeckError(
                f"{lines.source} nests lists or mappings more than {MAX_DEPTH} deep",
                lines.loc(match.start()),
                hint=_SHAPE_HINT,
            )


_SHAPE_HINT = "write a list of records (- {fylke: Oslo, antall: 1}) or a mapping of column to list (antall: [1, 2])"


@dataclass(frozen=True)
class _TreeReader:
    source: str
    json: bool
    lines: _Lines

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.source, node.start_mark.line + 1, node.start_mark.column + 1)

    def records(
        self, root: yaml.SequenceNode
    ) -> tuple[tuple[str, ...], tuple[Location, ...], tuple]:
        if not root.value:
            raise DeckError(f"{self.source} has no rows of data", self.loc(root), hint=_SHAPE_HINT)
        if len(root.value) > MAX_ROWS:
            raise _too_many(self.source, self.loc(root.value[MAX_ROWS]))
        first = self._mapping(root.value[0], "record 1")
        columns, header = _header([(k, self.loc(kn)) for k, (kn, _) in first.items()], self.source)
        rows = []
        for n, node in enumerate(root.value, start=1):
            record = self._mapping(node, f"record {n}")
            for key, (key_node, _) in record.items():
                if key not in first:
                    hint = (
                        "quote a decimal comma inside { } ('12,5'), or it splits the value"
                        if parse_number(key) is not None
                        else "give every record the same keys"
                    )
                    raise DeckError(
                        f"record {n} has '{key}', which record 1 has not",
                        self.loc(key_node),
                        hint=hint,
                    )
            missing = [c for c in columns if c not in record]
            if missing:
                raise DeckError(
                    f"record {n} has no '{missing[0]}'",
                    self.loc(node),
                    hint="give every record the same keys (write ~ for an empty value)",
                )
            rows.append(tuple(self._cell(record[c][1]) for c in columns))
        return columns, header, tuple(rows)

    def columns(
        self, root: yaml.MappingNode
    ) -> tuple[tuple[str, ...], tuple[Location, ...], tuple]:
        named = self._mapping(root, "the table")
        columns, header = _header([(k, self.loc(kn)) for k, (kn, _) in named.items()], self.source)
        lists = []
        for name, (_, node) in named.items():
            if not isinstance(node, yaml.SequenceNode):
                raise DeckError(
                    f"column '{name}' is not a list of values", self.loc(node), hint=_SHAPE_HINT
                )
            if len(node.value) > MAX_ROWS:
                raise _too_many(self.source, self.loc(node.value[MAX_ROWS]))
            if lists and len(node.value) != len(lists[0][1].value):
                raise DeckError(
                    f"column '{name}' has {len(node.value)} values, '{columns[0]}' has {len(lists[0][1].value)}",
                    self.loc(node),
                    hint="give every column as many values",
                )
            lists.append((name, node))
        rows = tuple(
            tuple(self._cell(node.value[i]) for _, node in lists)
            for i in range(len(lists[0][1].value))
        )
        return columns, header, rows

    def _mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise DeckError(
                f"{what} is not a mapping of column names to values",
                self.loc(node),
                hint=_SHAPE_HINT,
            )
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = str(key.value).strip() if isinstance(key, yaml.ScalarNode) else ""
            if not name:
                raise DeckError(
                    f"{what} has a key that is not a column name", self.loc(key), hint=_SHAPE_HINT
                )
            if name in out:
                raise DeckError(
                    f"column '{name}' is named twice",
                    self.loc(key),
                    also=self.loc(out[name][0]),
                    also_label="first at",
                    hint="give each column its own name",
                )
            out[name] = (key, value)
        return out

    def _cell(self, node: yaml.Node) -> Cell:
        if not isinstance(node, yaml.ScalarNode):
            raise DeckError(
                "a cell holds a list or a mapping, not a single value",
                self.loc(node),
                hint="write one number or one text per cell",
            )
        return Cell(self._scalar(node), self.loc(node))

    def _scalar(self, node: yaml.ScalarNode) -> Value:
        # quoted or a block: text as written (a plain scalar has None, or "" from libyaml)
        if node.style:
            return node.value
        if self.json:
            return json_scalar(node.value)
        if node.tag.endswith(":null"):
            return None
        if node.tag.endswith((":int", ":float")):
            if node.value.lower().lstrip("+-") in (".nan", ".inf"):
                return float(node.value.lower().replace(".", ""))  # refused at its cell
            return number_as_written(node.value.replace("_", ""))
        return node.value  # yes/no/on/off, dates, times: the text as written
