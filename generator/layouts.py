"""Layout files: find `templates/layouts/*.yaml.j2` and read the fields each declares."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .errors import DeckError, Location, raise_all, shown

FIELD_TYPES = ("text", "list", "records", "image")
_FRONT = re.compile(r"\A\{#---\n(.*?)\n---#\}\n?", re.S)
SUFFIX = ".yaml.j2"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    errors: list[DeckError] = []
    for d in reversed(dirs):
        for path in sorted(d.glob("*" + SUFFIX)):
            try:
                layout = read_layout(path)
            except DeckError as exc:
                errors.append(exc)
                continue
            found[layout.name] = layout
    raise_all(errors)
    return found


@cache
def read_layout(path: Path) -> Layout:
    """Parse a layout file's front matter."""
    name = path.name[: -len(SUFFIX)]
    where = Location(shown(path), 1, 1)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DeckError("layout is not UTF-8 text", where, hint="save the file as UTF-8") from None
    except OSError as exc:
        raise DeckError(f"cannot read the layout: {exc.strerror}", where) from None
    match = _FRONT.match(text)
    if not match:
        raise DeckError(
            "layout has no front matter", where, hint="start it with {#--- ... ---#} (see docs/layouts.md)"
        )
    try:
        front = yaml.load(match.group(1), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = Location(where.file, mark.line + 2, mark.column + 1) if mark else where
        raise DeckError(f"front matter is not valid YAML: {exc.problem or exc.context}", at) from None
    except yaml.YAMLError as exc:
        raise DeckError(f"front matter is not valid YAML: {' '.join(str(exc).split())}", where) from None
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise DeckError("front matter must be a mapping (description:, master:, fields:)", where)
    master = front.get("master")
    if not isinstance(master, str) or not master.strip():
        raise DeckError("front matter needs `master:` (a layout name in the .pptx master)", where)
    declared = front.get("fields") or {}
    if not isinstance(declared, dict):
        raise DeckError("front matter `fields:` must map each field name to its type", where,
                        hint="e.g. `title: {type: text, required: true, help: The slide's title.}`")
    fields: dict[str, FieldSpec] = {}
    for fname, spec in declared.items():
        fields[str(fname)] = _field(str(fname), spec, where)
    return Layout(name, path, master, str(front.get("description", "")), fields)


def _field(name: str, spec: object, where: Location) -> FieldSpec:
    """One declared field: `name: type` or `name: {type:, required:, help:, keys:}`."""
    spec = spec if isinstance(spec, dict) else {"type": spec}
    ftype = spec.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise DeckError(f"field '{name}' has unknown type '{ftype}'; use one of {', '.join(FIELD_TYPES)}", where)
    keys = spec.get("keys", ())
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, str) for k in keys):
        raise DeckError(f"field '{name}': `keys:` must be a list of names", where)
    if keys and ftype != "records":
        raise DeckError(f"field '{name}': only a records field takes `keys:`", where)
    return FieldSpec(name, ftype, bool(spec.get("required", False)), str(spec.get("help", "")), tuple(keys))
