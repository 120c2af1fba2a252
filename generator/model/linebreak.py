"""Lines as a renderer breaks them: at a space, after a word's own hyphen, inside a word wider than its line."""

from __future__ import annotations

import unicodedata

from generator.model.fonts import Face

EPSILON = 1e-6  # points: what two measures may differ by and still be equal


def wrap(
    text: str, face: Face, size: float, width: float, first_width: float | None = None
) -> tuple[str, ...]:
    """`text` broken into lines as fit_deck breaks it: at `size` points, `width` points wide (the first line
    `first_width`); a vertical tab is a line break. Trailing spaces stay on the line they end."""
    per_unit = size / face.units
    rest = width / per_unit + EPSILON
    room = (width if first_width is None else first_width) / per_unit + EPSILON
    out: list[str] = []
    for line in unicodedata.normalize("NFC", text).split("\v"):
        starts = [0, *break_line(face, line, room, rest)[0]]
        out.extend(line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True))
        room = rest
    return tuple(out)


def break_line(
    face: Face, line: str, room: float, rest: float
) -> tuple[list[int], list[tuple[str, int, float]]]:
    """Greedy line breaking of one hard line, as PowerPoint does; room in font units (`room` for the first line,
    `rest` for the others). Returns where each line after the first starts (an index into `line`), and the
    words that had to break mid-word (word, width, room)."""
    starts: list[int] = []
    wide: list[tuple[str, int, float]] = []
    space, advances, notdef = face.space, face.advances, face.notdef
    # at: index of the piece in `line`; gap: the spaces before it, on the line if it is
    at = used = gap = 0
    placed = False  # whether the current line holds anything yet
    for units, spaces, part, word in _words(face, line):
        if placed and used + gap + units > room:
            starts.append(at)
            used, gap, room, placed = 0, 0, rest, False
        if units > room:  # wider than a whole line: PowerPoint breaks it between letters
            wide.append((word, units, room))
            for i, char in enumerate(part):
                advance = advances.get(char, notdef)
                if placed and used + advance > room:
                    starts.append(at + i)
                    used, room = 0, rest
                used, placed = used + advance, True
        else:
            used += gap + units
            placed = placed or bool(part or gap)
        gap = spaces * space
        at += len(part) + spaces
    return starts, wide


def line_units(face: Face, line: str) -> int:
    return face.width(line.rstrip(" "))


def _words(face: Face, line: str) -> tuple[tuple[int, int, str, str], ...]:
    """The line as (width in font units, spaces after it, piece, its word): a piece ends where a line may break,
    after spaces and after a hyphen inside a word (Midt-|Telemark)."""
    out: list[tuple[int, int, str, str]] = []
    for chunk in line.split(" "):
        if not chunk:  # a run of spaces
            units, spaces, part, word = out[-1] if out else (0, 0, "", "")
            out[-1:] = [(units, spaces + 1, part, word)]
        elif "-" in chunk[1:-1]:
            parts = hyphen_parts(chunk)
            out.extend((_units(face, part), 0, part, chunk) for part in parts[:-1])
            out.append((_units(face, parts[-1]), 1, parts[-1], chunk))
        else:
            out.append((_units(face, chunk), 1, chunk, chunk))
    if out:  # split() counted one space too many after the last piece
        units, spaces, part, word = out[-1]
        out[-1] = (units, spaces - 1, part, word)
    return tuple(out)


def hyphen_parts(chunk: str) -> list[str]:
    """A word cut where a line may break inside it: after each hard hyphen with a letter or digit on either side
    (Midt-|Telemark, 2020-|2024: renderers break a long word there), never after a leading or trailing one."""
    parts, start = [], 0
    for i in range(1, len(chunk) - 1):
        if chunk[i] == "-" and chunk[i - 1].isalnum() and chunk[i + 1].isalnum():
            parts.append(chunk[start : i + 1])
            start = i + 1
    parts.append(chunk[start:])
    return parts


def _units(face: Face, word: str) -> int:
    return face.width(word)
