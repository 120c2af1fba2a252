"""Layout files: find `templates/layouts/*.yaml.j2` and read the fields each declares."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .errors import DeckError, Location

FIELD_TYPES = ("text", "list", "records", "image")
_FRONT = re.compile(r"\A\{#---\n(.*?)\n---#\}\n?", re.S)
SUFFIX = ".yaml.j2"


def builtin_dir() -> Path:
    """The templates folder that ships with make-deck (installed, or in the source tree)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


@dataclass(frozen=True)
class FieldSpec:
    """One field a layout takes from content."""

    name: str
    type: str
    required: bool
    help: str = ""
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """A layout template: its name, master layout, declared fields and source."""

    name: str
    path: Path
    master: str
    description: str
    fields: Mapping[str, FieldSpec]


def search_dirs(project: Path) -> tuple[Path, ...]:
    """Layout folders, the project's own first."""
    dirs = [project / "templates" / "layouts", builtin_dir() / "layouts"]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in unique:
            unique.append(d.resolve())
    return tuple(unique)


def catalog(dirs: tuple[Path, ...]) -> Mapping[str, Layout]:
    """Every layout by name; a file in an earlier folder overrides one in a later folder."""
    found: dict[str, Layout] = {}
    for d in reversed(dirs):
        for path in sorted(d.glob("*" + SUFFIX)):
            layout = read_layout(path)
            found[layout.name] = layout
    return found


@cache
def read_layout(path: Path) -> Layout:
    """Parse a layout file's front matter."""
    name = path.name[: -len(SUFFIX)]
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    where = Location(str(path), 1, 1)
    if not match:
        raise DeckError(
            "layout has no front matter", where, hint="start it with {#--- ... ---#} (see docs/layouts.md)"
        )
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise DeckError(f"front matter is not valid YAML: {exc}", where) from None
    master = front.get("master")
    if not isinstance(master, str):
        raise DeckError("front matter needs `master:` (a layout name in the .pptx master)", where)
    fields: dict[str, FieldSpec] = {}
    for fname, spec in (front.get("fields") or {}).items():
        spec = spec if isinstance(spec, dict) else {"type": spec}
        ftype = spec.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise DeckError(f"field '{fname}' has unknown type '{ftype}'; use one of {', '.join(FIELD_TYPES)}", where)
        fields[fname] = FieldSpec(
            fname, ftype, bool(spec.get("required", False)), str(spec.get("help", "")), tuple(spec.get("keys", ()))
        )
    return Layout(name, path, master, str(front.get("description", "")), fields)
