"""Locations, the one error type users see, and outside text made safe for a terminal or a content string."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Control characters (C0, DEL, C1), line and paragraph separators, the bidirectional controls (embeddings,
# overrides, isolates and marks, which reorder what a terminal shows after them) and lone surrogates (bytes
# of a command line that are not UTF-8): never printed raw in a message, where they would break its one line,
# steer the terminal or show other text than there is.
CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]"
)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with its control characters written as escapes (`a\\nb`, `\\u202e`), so a message stays one
    line and shows what is there."""
    return CONTROLS.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def control_in(text: str, allowed: str = "\t\n") -> str | None:
    """The first character of `text` that `printable` would escape, but those `allowed`; None if there is none."""
    return next((c for c in CONTROLS.findall(text) if c not in allowed), None)


def literal(text: str) -> str | None:
    """`text` written as a content string that shows as typed: itself when Jinja reads no tag in it, else kept
    from Jinja by `{% raw %}...{% endraw %}`; None when neither reads back as `text` (it holds an
    `{% endraw %}` of its own)."""
    for written in (text, "{% raw %}" + text + "{% endraw %}"):
        if reads_as(written, [text]):
            return written
    return None


def reads_as(template: str, texts: list[str], expressions: int = 0) -> bool:
    """Whether `template`, read as content strings are, shows `texts` with `expressions` values between them
    (and nothing Jinja would take for a comment, statement or expression of its own)."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        body = _content_strings().parse(template).body
    except TemplateSyntaxError:
        return False
    found, current, count = [], "", 0
    for output in body:
        if not isinstance(output, nodes.Output):
            return False
        for item in output.nodes:
            if isinstance(item, nodes.TemplateData):
                current += item.data
            else:
                found.append(current)
                current, count = "", count + 1
    found.append(current)
    return count == expressions and found == texts


@functools.cache
def _content_strings() -> Any:
    """A Jinja environment that parses as templating's renderer reads content strings (only parses)."""
    from jinja2 import Environment

    return Environment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


def shown(path: Path | str) -> str:
    """A path as it appears in messages: relative to the current folder when possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def counted(count: int, noun: str) -> str:
    """`1 slide`, `3 slides`: a count and its English noun."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class DeckError(Exception):
    """A problem the user can fix; printed as one line, exit status 1 (the commands print it: no click here, so
    a build need not import it)."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        *,
        path: str = "",
        hint: str = "",
        also: Location | None = None,
        also_label: str = "in",
        detail: str = "",
    ) -> None:
        self.location = location
        self.path = path
        self.problem = message
        self.hint = hint
        self.also = also
        self.also_label = also_label
        self.detail = detail  # lines shown under the message (what a layout wrote, say)
        self.message = self.line()
        super().__init__(self.message)

    def line(self) -> str:
        """The one-line form: `file:line:col: key.path: message (hint)`; a line break in a value it quotes
        shows as `\\n`, as YAML writes it in quotes."""
        parts = [str(self.location)] if self.location else []
        if self.path:
            parts.append(self.path)
        text = self.problem
        if self.also:
            text += f" ({self.also_label} {self.also})"
        if self.hint:
            text += f"; {self.hint}"
        parts.append(text)
        return printable(": ".join(parts))

    def format_message(self) -> str:
        """What the user sees: the one line (several, for `DeckErrors`), and its detail lines if any."""
        return self.message + (f"\n{self.detail}" if self.detail else "")


class DeckUsageError(DeckError):
    """A command line naming something that cannot be used (no such content file); exit status 2."""

    exit_code = 2


class DeckErrors(DeckError):
    """Several problems found together; each on its own line, then a count."""

    def __init__(self, errors: Iterable[DeckError], what: str = "no deck written") -> None:
        self.errors = tuple(sorted(errors, key=_sort_key))
        self.what = what
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        self.summary = f"{count} {noun}, {what}"
        first = self.errors[0] if self.errors else None
        super().__init__(
            first.problem if first else self.summary,
            first.location if first else None,
            path=first.path if first else "",
        )

    def format_message(self) -> str:
        return "\n".join([*(e.format_message() for e in self.errors), self.summary])


def _sort_key(error: DeckError) -> tuple[str, int, int]:
    loc = error.location or Location("")
    return (loc.file, loc.line, loc.col)


def errors_of(exc: DeckError) -> tuple[DeckError, ...]:
    """The single errors inside a (possibly collected) `DeckError`."""
    return exc.errors if isinstance(exc, DeckErrors) else (exc,)


def raise_all(errors: list[DeckError], what: str = "no deck written") -> None:
    """Raise the collected errors at once, or return when there are none."""
    if errors:
        raise DeckErrors(errors, what)
