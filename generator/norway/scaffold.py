"""A new edition for a county and year: the register's data filled in, placeholders where people must write."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import yaml

from generator.errors import DeckError, DeckUsageError, Location, control_in, literal, shown
from generator.fileio import kind_of
from generator.norway import register

# text that starts with it is reported by `make-deck check` until it is written
PLACEHOLDER = "TODO"

COMMAND_LINE = Location("command line")

# the two non-characters a .pptx cannot store, beside what a message escapes (errors.control_in); the
# bidirectional controls a right-to-left name may hold are typed, and shown escaped
_NON_CHARACTERS = "\ufffe\uffff"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# {title}, made by `make-deck new`. The municipalities come from SSB's register
# (`county:` and `year:` below). Write the date, the event, the changes and the goals where it
# says {todo}: `make-deck check {path}` lists what is left. Build with: make-deck {path}
extends: {base}

date: {date}             # the day of the talk, as YYYY-MM-DD
county: {county}              # {name}, SSB's county number
year: {year}

vars:
  region: {name}
  event: {event}   # the event's name: on the title slide and in every footer
  since: {year}-01-01      # the county division the talk is about
  list_municipalities: true
  changes:
    - "En region med {{{{ municipalities | plural('kommune', 'kommuner') }}}}"
    - "{todo}: en endring i regionen, med dato"
  change_notes: |-
    {todo}: fakta og datoer bak endringene, for taleren.
  goals:
    - horizon: Om 5 år
      text: "{todo}: et mål for {{{{ region }}}} om fem år"
    - horizon: Om 10 år
      text: "{todo}: et mål for {{{{ region }}}} om ti år"
"""


def edition_text(
    path: Path, base: Path, number: str | int, year: int, date: dt.date | None, event: str = ""
) -> str:
    """The text of an edition at `path` that extends `base` for county `number` (or name) in `year`, for the
    talk on `date` at `event`; each left out is a placeholder `make-deck check` reports until written. A
    value that cannot be written as typed is a DeckUsageError naming its option."""
    for value, option in ((str(path), "PATH"), (str(base), "--from"), (event, "--event")):
        _typed(value, option)
    register.counties(year, location=COMMAND_LINE, path="--year")
    county = register.county(number, year, location=COMMAND_LINE, path="--county")
    folder = path.parent
    schema = Path(
        os.path.relpath(base.parent.parent / "schema" / "content.schema.json", folder)
    ).as_posix()
    return _TEMPLATE.format(
        schema=schema,
        title=f"The talk for {county.name} (county {county.number}) in {year}",
        todo=PLACEHOLDER,
        path=shown(path),
        base=_scalar(Path(os.path.relpath(base, folder)).as_posix()),
        date=date.isoformat() if date else PLACEHOLDER,
        event=json.dumps(_event(event), ensure_ascii=False),
        county=county.number,
        name=county.name,
        year=year,
    )


def _typed(value: str, option: str) -> None:
    """A DeckUsageError naming `option` when `value` holds a character nobody types: a control character, a
    line break, a byte that is not UTF-8."""
    bad = control_in(value, allowed=_BIDI) or next((c for c in value if c in _NON_CHARACTERS), None)
    if bad is None:
        return
    code = ord(bad)
    what = f"the control character U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        what = f"the byte 0x{code & 0xFF:02X}, which is not UTF-8"
    elif bad in _NON_CHARACTERS:
        what = f"U+{code:04X}, which is not a character"
    raise DeckUsageError(
        f"'{value}' holds {what}",
        COMMAND_LINE,
        path=option,
        hint="type the value without it",
    )


def _event(event: str) -> str:
    """The event's name as the edition writes it: a placeholder when there is none, else a content string that
    shows exactly what was typed (Jinja's `{{ }}`, `{% %}` and `{# #}` included)."""
    if not event:
        return f"{PLACEHOLDER}: arrangementet"
    written = literal(event)
    if written is None:
        raise DeckUsageError(
            f"'{event}' cannot be written so that the deck shows it as typed",
            COMMAND_LINE,
            path="--event",
            hint="leave out `{% endraw %}`, which ends Jinja's raw text",
        )
    return written


def _scalar(text: str) -> str:
    """`text` as a YAML value that reads back as itself: plain when it does, else in double quotes."""
    try:
        plain = yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def write_edition(
    path: Path, base: Path, number: str | int, year: int, date: dt.date | None, event: str = ""
) -> Path:
    """Write a new edition file; never over one that is there."""
    if path.exists():
        raise DeckUsageError(
            "the file is already there", Location(str(path)), hint="choose another name"
        )
    if not base.is_file():
        raise _not_a_talk(base)
    if not path.parent.is_dir():
        raise DeckUsageError(
            f"the folder '{shown(path.parent)}' does not exist", Location(str(path))
        )
    data = memoryview(edition_text(path, base, number, year, date, event).encode("utf-8"))
    created = False
    try:
        with path.open("xb", buffering=0) as handle:
            created = True
            while data:
                data = data[handle.write(data) :]
    except OSError as exc:
        if created:  # no start of an edition left behind
            path.unlink(missing_ok=True)
        raise DeckError(f"cannot write the edition: {exc.strerror}", Location(str(path))) from None
    return path


def _not_a_talk(base: Path) -> DeckUsageError:
    """Why `base`, which is not a regular file, cannot be extended: it is not there, or it is a pipe, a socket, a
    device or a folder."""
    try:
        mode = base.stat().st_mode
    except OSError:
        mode = None
    kind = kind_of(mode) if mode is not None else None
    if kind is None:
        return DeckUsageError(
            f"no content file '{shown(base)}' to extend",
            Location(str(base)),
            hint="name the talk with --from",
        )
    return DeckUsageError(
        f"'{shown(base)}' is {kind}, not a content file",
        COMMAND_LINE,
        path="--from",
        hint="name the talk the edition extends, a .yaml file saved on disk, e.g. --from content/2019.yaml",
    )
