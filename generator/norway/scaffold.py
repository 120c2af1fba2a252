"""A new edition for a county and year: the register's data filled in, placeholders where people must write."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from generator.errors import DeckError, DeckUsageError, Location, shown
from generator.norway import register

# text that starts with it is reported by `make-deck check` until it is written
PLACEHOLDER = "TODO"

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
    talk on `date` at `event`; each left out is a placeholder `make-deck check` reports until written."""
    county = register.county(number, year, location=Location("command line"), path="--county")
    folder = path.parent
    schema = Path(
        os.path.relpath(base.parent.parent / "schema" / "content.schema.json", folder)
    ).as_posix()
    return _TEMPLATE.format(
        schema=schema,
        title=f"The talk for {county.name} (county {county.number}) in {year}",
        todo=PLACEHOLDER,
        path=shown(path),
        base=Path(os.path.relpath(base, folder)).as_posix(),
        date=date.isoformat() if date else PLACEHOLDER,
        event=json.dumps(event or f"{PLACEHOLDER}: arrangementet", ensure_ascii=False),
        county=county.number,
        name=county.name,
        year=year,
    )


def write_edition(
    path: Path, base: Path, number: str | int, year: int, date: dt.date | None, event: str = ""
) -> Path:
    """Write a new edition file; never over one that is there."""
    if path.exists():
        raise DeckUsageError(
            "the file is already there", Location(str(path)), hint="choose another name"
        )
    if not base.is_file():
        raise DeckUsageError(
            f"no content file '{shown(base)}' to extend",
            Location(str(base)),
            hint="name the talk with --from",
        )
    if not path.parent.is_dir():
        raise DeckUsageError(
            f"the folder '{shown(path.parent)}' does not exist", Location(str(path))
        )
    text = edition_text(path, base, number, year, date, event)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise DeckError(f"cannot write the edition: {exc.strerror}", Location(str(path))) from None
    return path
