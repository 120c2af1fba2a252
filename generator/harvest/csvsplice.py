"""A table cell edited on a slide written into its CSV file: one field, separator and quoting kept."""

from __future__ import annotations

from generator.content.datafiles import (
    _delimiter,  # the separator as the reader finds it: a file is written as it is read
    csv_records,
    parse_number,
)


class CellRefused(Exception):
    """A cell edit that does not apply; its reason."""


def written_number(old: str, new: str) -> str:
    """The speaker's number as the file writes its numbers: `1 400` into a file that wrote `1300` is `1400`;
    text as typed otherwise."""
    before, after = parse_number(old), parse_number(new)
    if before is None or after is None or old.strip() != old.strip().replace(" ", ""):
        return new
    if isinstance(after, float) and after.is_integer() and "." not in old and "," not in old:
        after = int(after)
    plain = str(after)
    return plain.replace(".", ",") if "," in old.strip() else plain


def splice_cell(text: str, row: int, column: int, old: str, new: str) -> str:
    """`text` (a CSV file) with the cell of data row `row` (1 = the first under the header) and column
    `column` (0-based) written as `new`; CellRefused when the cell now holds neither `old` nor `new`."""
    separator = _delimiter(text)
    records = list(csv_records(text, separator))
    if row >= len(records) or column >= len(records[row]):
        raise CellRefused("the row or column is not in the file any more")
    value, quoted, start = records[row][column]
    now = value if quoted else value.strip()
    if now == new:
        return text  # applied before
    if now != old:
        raise CellRefused(f'the cell changed since the deck was made (now "{now}")')
    end = _field_end(text, start, quoted, separator)
    raw = text[start:end]
    if _needs_quotes(new, separator) or quoted:
        form = '"' + new.replace('"', '""') + '"'
    else:
        lead = raw[: len(raw) - len(raw.lstrip(" "))]
        form = lead + new + raw[len(raw.rstrip(" ")) :] if raw.strip() else new
    patched = text[:start] + form + text[end:]
    _check(records, list(csv_records(patched, separator)), row, column, new)
    return patched


def _field_end(text: str, start: int, quoted: bool, separator: str) -> int:
    if quoted:
        at = start + 1
        while True:
            at = text.index('"', at)
            if text.startswith('""', at):
                at += 2
                continue
            return at + 1
    ends = [i for i in (text.find(separator, start), text.find("\n", start)) if i >= 0]
    end = min(ends) if ends else len(text)
    return end - 1 if end > start and text[end - 1] == "\r" else end


def _needs_quotes(value: str, separator: str) -> bool:
    return (
        not value or value != value.strip() or any(c in value for c in (separator, '"', "\n", "\r"))
    )


def _check(before: list, after: list, row: int, column: int, new: str) -> None:
    """Only the one cell reads otherwise."""

    def values(records: list) -> list[list[str]]:
        return [[v if q else v.strip() for v, q, _ in record] for record in records]

    expected = values(before)
    expected[row][column] = new
    if values(after) != expected:
        raise CellRefused(f'"{new}" cannot be written into the cell in place')
