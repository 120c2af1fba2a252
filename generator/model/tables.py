"""Tables as the model holds them: the spec, column widths from text, rows split across slides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.errors import DeckError, Location

MARGIN_X = 7.2  # a cell's left and right inset, points (PowerPoint's default, 91440 EMU)
MARGIN_Y = 3.6  # its top and bottom inset
LINE = 1.2  # line pitch as a multiple of the size
SLACK = 2.0  # points a column gets beyond its measured text, so that a renderer's rounding does not wrap it

WidthOf = Callable[[str, float, bool], float]


@dataclass(frozen=True)
class TableSpec:
    """A table's text: a header row, rows of cells, and per column whether it holds numbers (right-aligned)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()  # empty: no column is numeric
    location: Location | None = None  # where the content defines the table: errors point there
    header_color: str = ""  # the header row's text colour where the table style's would not read

    def __post_init__(self) -> None:
        if not self.header:
            raise DeckError(
                "the table has no columns", self.location, path="table", hint="give it a header row"
            )
        for n, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise DeckError(
                    f"row {n} of the table has {len(row)} cells, the header has {len(self.header)}",
                    self.location,
                    path="table",
                    hint="give every row one cell per column",
                )
        if self.numeric and len(self.numeric) != len(self.header):
            raise DeckError(
                f"the table marks {len(self.numeric)} columns numeric or not, it has {len(self.header)}",
                self.location,
                path="table",
                hint="say it once per column",
            )

    def is_numeric(self, column: int) -> bool:
        return bool(self.numeric) and self.numeric[column]


def approximate_width(text: str, size: float, bold: bool) -> float:
    """A width in points without font metrics: half an em a character (a little more in bold)."""
    return len(text) * size * (0.55 if bold else 0.5)


def column_widths(
    spec: TableSpec, width: float, size: float, width_of: WidthOf
) -> tuple[float, ...]:
    """Column widths in points, summing to `width`.

    Each column wants its widest cell (the header in bold) plus the insets. When they fit, the room left over goes
    to the text columns; when they do not, number columns keep their width, short text columns too, and the long
    ones wrap, each keeping at least its longest word; if even that does not fit, every column shrinks in proportion.
    """
    count = len(spec.header)
    columns = [
        [(spec.header[c], True)] + [(row[c], False) for row in spec.rows] for c in range(count)
    ]
    natural = [
        max(width_of(t, size, b) for t, b in cells) + 2 * MARGIN_X + SLACK for cells in columns
    ]
    least = [
        max(width_of(w, size, b) for t, b in cells for w in t.split() or [""])
        + 2 * MARGIN_X
        + SLACK
        for cells in columns
    ]
    text = [c for c in range(count) if not spec.is_numeric(c)] or list(range(count))
    if sum(natural) <= width:
        extra = (width - sum(natural)) / sum(natural[c] for c in text)
        return tuple(w * (1 + extra) if c in text else w for c, w in enumerate(natural))
    shares = _shares(
        width - sum(w for c, w in enumerate(natural) if c not in text),
        {c: natural[c] for c in text},
        {c: least[c] for c in text},
    )
    out = [shares.get(c, w) for c, w in enumerate(natural)]
    return tuple(w * width / sum(out) for w in out) if sum(out) > width else tuple(out)


def narrowest(spec: TableSpec, size: float, width_of: WidthOf) -> float:
    """The least width the table's columns take without breaking a word: each column its longest word (the
    header's in bold) and its insets."""
    total = 0.0
    for c, header in enumerate(spec.header):
        cells = [(header, True), *((row[c], False) for row in spec.rows)]
        longest = max(width_of(w, size, bold) for text, bold in cells for w in text.split() or [""])
        total += longest + 2 * MARGIN_X + SLACK
    return total


def _shares(room: float, wants: dict[int, float], least: dict[int, float]) -> dict[int, float]:
    """`room` shared among columns: those that want less than an even share get what they want; the others share the
    rest in proportion to what they want, none below its `least` (which may overfill the room)."""
    out: dict[int, float] = {}
    free = sorted(wants, key=wants.__getitem__)
    while free and wants[free[0]] <= (room - sum(out.values())) / len(free):
        out[free[0]] = wants[free[0]]
        free.pop(0)
    while free:
        left = room - sum(out.values())
        share = {c: left * wants[c] / sum(wants[f] for f in free) for c in free}
        short = [c for c in free if share[c] < least[c]]
        if not short:
            return out | share
        out |= {c: least[c] for c in short}
        free = [c for c in free if c not in short]
    return out


def row_height_of(
    widths: tuple[float, ...], size: float, width_of: WidthOf, bold: bool = False
) -> Callable[[tuple[str, ...]], float]:
    """A row's height in points with its cells wrapped at word boundaries into `widths` (as `split_rows` wants)."""

    def height(row: tuple[str, ...]) -> float:
        cells = zip(row, widths, strict=True)
        lines = max(len(wrap(text, w - 2 * MARGIN_X, size, width_of, bold)) for text, w in cells)
        return lines * size * LINE + 2 * MARGIN_Y

    return height


def wrap(text: str, width: float, size: float, width_of: WidthOf, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` at spaces and line breaks (a long word keeps a line)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            candidate = f"{line} {word}" if line else word
            if line and width_of(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def split_rows(
    spec: TableSpec,
    height_of_row: Callable[[tuple[str, ...]], float],
    room: float,
    at: Location | None = None,
) -> list[TableSpec]:
    """The table cut into parts that each fit `room` points, the header at the top of each; rows in order, each once.

    A row that does not fit under the header on its own is a DeckError at `at` (or the table's location).
    """
    header = height_of_row(spec.header)
    parts: list[tuple[tuple[str, ...], ...]] = [()]
    used = header
    for n, row in enumerate(spec.rows, start=1):
        height = height_of_row(row)
        if header + height > room:
            raise DeckError(
                f"row {n} of the table is {height:.0f} pt tall; under the {header:.0f} pt header it "
                f"does not fit the {room:.0f} pt there is room for",
                at or spec.location,
                path="table",
                hint="shorten the row's text, use a smaller text size, or give the table more room",
            )
        if used + height > room:
            parts.append(())
            used = header
        parts[-1] += (row,)
        used += height
    return [replace(spec, rows=rows) for rows in parts]
