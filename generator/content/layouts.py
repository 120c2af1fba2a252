"""Layout files: find `templates/layouts/*.yaml.j2` and read the fields each declares."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.content.located import Node, load_text
from generator.errors import DeckError, Location, errors_of, raise_all, shown
from generator.fileio import read_regular
from generator.options import (
    NAME,
    REQUIRED,
    Choice,
    Flag,
    Invalid,
    Invalids,
    ListOf,
    MapOf,
    Number,
    OneOf,
    Pattern,
    Record,
    Text,
    path_text,
    problems_of,
)

FIELD_TYPES = ("text", "list", "records", "image")
_FRONT = re.compile(r"\A\{#---\n(.*?)\n---#\}\n?", re.S)
SUFFIX = ".yaml.j2"


def builtin_dir() -> Path:
    """The templates folder that ships with make-deck (installed, or in the source tree)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


@dataclass(frozen=True)
class FieldSpec:
    """One field a layout takes from content."""

    name: str
    type: str
    required: bool
    help: str = ""
    keys: tuple[str, ...] = ()
    min: int = 1  # a list's fewest items
    max: int | None = None  # a list's most items
    too_many: str = ""  # what to do with more than `max` (shown as the hint)


@dataclass(frozen=True)
class Layout:
    """A layout template: its name, master layout, declared fields and source."""

    name: str
    path: Path
    master: str
    description: str
    fields: Mapping[str, FieldSpec]
    continues: str = ""  # a list field whose items run on to a next slide when they do not fit
    over_title: bool = False  # its drawn shapes may cover the master's title


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
                errors.extend(errors_of(exc))
                continue
            found[layout.name] = layout
    raise_all(errors)
    return found


def _continues_a_list(front: dict) -> None:
    name = front.get("continues")
    if not name:
        return
    declared = (front.get("fields") or {}).get(name)
    kind = declared.get("type", "text") if isinstance(declared, dict) else declared
    if kind not in ("list", "records"):
        raise Invalid(
            f"'{name}' is not a list field of this layout",
            "name a field of type list or records",
            ("continues",),
        )


def _records_only_take_keys(declared: dict) -> None:
    if declared.get("keys") and declared.get("type", "text") != "records":
        raise Invalid(
            "only a records field takes `keys:`",
            "remove `keys:` or make the type records",
            ("keys",),
        )
    if declared.get("type", "text") not in ("list", "records"):
        for key in ("min", "max", "too_many"):
            if key in declared:
                raise Invalid(
                    f"only a list or records field takes `{key}:`", f"remove `{key}:`", (key,)
                )
    low, high = declared.get("min", 1), declared.get("max")
    if high is not None and high < low:
        raise Invalid(f"max: {high} is less than min: {low}", "make max at least min", ("max",))


FIELD = OneOf(
    choices=(
        Choice(choices=FIELD_TYPES),
        Record(
            options={
                "type": Choice(
                    help="text, list, records or image.", choices=FIELD_TYPES, default="text"
                ),
                "required": Flag(help="Content must give the field.", default=False),
                "help": Text(help="What the field is for, shown in errors and docs.", default=""),
                "keys": ListOf(
                    help="The keys of each item of a records field.",
                    item=Pattern(pattern=NAME, what="a name"),
                ),
                "min": Number(
                    help="A list's fewest items (1 when not given).", low=1, high=1000, integer=True
                ),
                "max": Number(
                    help="A list's most items: more is an error with the `too_many` hint.",
                    low=1,
                    high=1000,
                    integer=True,
                ),
                "too_many": Text(
                    help="What to do with more items than `max` (e.g. split into two slides).",
                    default="",
                ),
            },
            rules=_records_only_take_keys,
        ),
    ),
    pick=lambda value: 1 if isinstance(value, dict) else 0,
)
FRONT = Record(
    options={
        "description": Text(help="What the layout is for, one sentence.", default=""),
        "master": Text(
            help="The layout of the .pptx master to start from, by name.",
            nonblank=True,
            default=REQUIRED,
        ),
        "fields": MapOf(
            help="The fields the layout takes from content, each with its type.",
            value=FIELD,
            default={},
        ),
        "continues": Pattern(
            help="A list field whose items run on to a next slide, under the same title marked as "
            "continued, when they do not fit at the smallest size.",
            pattern=NAME,
            what="a field name",
        ),
        "over_title": Flag(
            help="Drawn shapes may cover the master's title (without it, a shape over the title is an error).",
            default=False,
        ),
    },
    rules=_continues_a_list,
)

MAX_LAYOUT_BYTES = 1024 * 1024


def read_layout(path: Path) -> Layout:
    """Parse a layout file's front matter (once per process for the same file, size and time); an error names the
    line of the front matter where it is."""
    try:
        status = path.stat()
    except OSError:
        return _read_layout(path, 0, 0)
    return _read_layout(path, status.st_mtime_ns, status.st_size)


@cache
def _read_layout(path: Path, mtime: int, size: int) -> Layout:
    name = path.name[: -len(SUFFIX)]
    where = Location(shown(path), 1, 1)
    if not path.resolve().is_relative_to(path.parent.resolve()):
        raise DeckError(
            "the layout links to a file outside its layout folder",
            where,
            hint="copy the layout into the folder instead of linking to it",
        )
    try:
        text = read_regular(path, where, MAX_LAYOUT_BYTES, "layout file").decode("utf-8")
    except UnicodeDecodeError:
        raise DeckError("layout is not UTF-8 text", where, hint="save the file as UTF-8") from None
    except OSError as exc:
        raise DeckError(f"cannot read the layout: {exc.strerror}", where) from None
    match = _FRONT.match(text)
    if not match:
        raise DeckError(
            "layout has no front matter",
            where,
            hint="start it with {#--- ... ---#} (see docs/layouts.md)",
        )
    if not match.group(1).strip():
        raise DeckError("front matter needs `master:` (a layout name in the .pptx master)", where)
    # the front matter starts on the file's second line
    tree = load_text("\n" + match.group(1), where.file)
    errors: list[DeckError] = []
    front = _checked(tree, errors)
    raise_all(errors, "the layout cannot be used")
    fields = {n: _field(n, f) for n, f in front.get("fields", {}).items()}
    return Layout(
        name,
        path,
        front["master"].strip(),
        front.get("description", ""),
        fields,
        front.get("continues", ""),
        front.get("over_title", False),
    )


def _checked(tree: Node, errors: list[DeckError]) -> dict:
    try:
        return FRONT.check(tree.plain())
    except (Invalid, Invalids) as exc:
        for problem in problems_of(exc):
            errors.append(
                DeckError(
                    f"front matter: {problem.message}",
                    tree.locate(problem.at, problem.key),
                    path=path_text(problem.at),
                    hint=problem.hint,
                )
            )
        return {}


def _field(name: str, declared: str | dict) -> FieldSpec:
    """A field declared as `name: type` or `name: {type:, required:, help:, keys:, min:, max:, too_many:}`."""
    if isinstance(declared, str):
        return FieldSpec(name, declared, False)
    return FieldSpec(
        name,
        declared.get("type", "text"),
        declared.get("required", False),
        declared.get("help", ""),
        tuple(declared.get("keys", ())),
        declared.get("min", 1),
        declared.get("max"),
        declared.get("too_many", ""),
    )
