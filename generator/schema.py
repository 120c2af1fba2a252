"""Check a merged content tree against the declared format and build a `Deck`."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import DeckError, Location, raise_all
from .layouts import FieldSpec, Layout
from .loader import Node, kind_of


@dataclass(frozen=True)
class Key:
    """One key of the content format: its type, default and meaning."""

    name: str
    type: str
    help: str
    required: bool = False
    default: object = None


TOP_KEYS: tuple[Key, ...] = (
    Key("extends", "path", "Content file this one inherits from, relative to this file."),
    Key("title", "text", "Deck title, written to the file's properties.", default=""),
    Key("author", "text", "Author, written to the file's properties.", default=""),
    Key("date", "date", "Date of the talk (YYYY-MM-DD); the file's created/modified date.", default="2000-01-01"),
    Key("language", "language", "Language tag of all text, for proofing.", default="nb-NO"),
    Key("template", "path", "PowerPoint master (.pptx) relative to this file.", default="templates/base.pptx"),
    Key("vars", "mapping", "The edition's data, available in every text as Jinja variables.", default={}),
    Key("slides", "slides", "The slides, in order.", required=True),
)
SLIDE_KEYS: tuple[Key, ...] = (
    Key("layout", "text", "Name of a layout in templates/layouts/.", required=True),
    Key("notes", "text", "Speaker notes (Jinja, like all text).", default=""),
    Key("for_each", "text", "`NAME in EXPRESSION`: one slide per item of a list in vars.", default=None),
    Key("when", "text", "A Jinja expression; the slide is left out when it is false.", default=None),
)
_TOP = {k.name: k for k in TOP_KEYS}
_SLIDE = {k.name: k for k in SLIDE_KEYS}
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
EXPRESSION = re.compile(r"^\s*\{\{(?!.*\{\{)(.*)\}\}\s*$", re.S)
_FOR_EACH = re.compile(r"^\s*([A-Za-z_]\w*)\s+in\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class Meta:
    """Deck-wide settings."""

    title: str
    author: str
    date: dt.date
    language: str


@dataclass(frozen=True)
class SlideSource:
    """One `slides:` entry, checked but not yet rendered."""

    index: int
    layout: Layout
    fields: Mapping[str, Node]
    notes: Node | None
    for_each: tuple[str, str] | None
    when: str | None
    loc: Location
    key_locs: Mapping[str, Location]


@dataclass(frozen=True)
class Deck:
    """A checked content file: settings, data and slide sources."""

    source: str
    meta: Meta
    vars: Mapping[str, object]
    slides: tuple[SlideSource, ...]
    template: Path | None
    template_loc: Location | None


def did_you_mean(word: str, choices: object) -> str:
    """A 'did you mean' hint, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def build_deck(tree: Node, layouts: Mapping[str, Layout]) -> Deck:
    """Check everything in `tree`, collecting all problems, and return the `Deck`."""
    errors: list[DeckError] = []
    if not tree.is_map:
        raise DeckError("a content file must be a mapping of keys (vars:, slides: ...)", tree.loc)
    for key, loc in tree.key_locs.items():
        if key not in _TOP:
            errors.append(DeckError(f"unknown key '{key}'", loc, hint=did_you_mean(key, _TOP) or
                                    f"known keys: {', '.join(_TOP)}"))
    meta = Meta(
        title=_text(tree, "title", errors) or "",
        author=_text(tree, "author", errors) or "",
        date=_date(tree, errors),
        language=_language(tree, errors),
    )
    vars_node = tree.get("vars")
    variables: Mapping[str, object] = {}
    if vars_node is not None:
        if vars_node.is_map:
            variables = vars_node.plain()
        else:
            errors.append(DeckError(f"expected a mapping of names to values, got {kind_of(vars_node.value)}",
                                    vars_node.loc, path="vars"))
    template, template_loc = None, None
    if (tnode := tree.get("template")) is not None:
        if isinstance(tnode.value, str) and tnode.value.strip():
            template, template_loc = Path(tnode.loc.file).parent / tnode.value, tnode.loc
        else:
            errors.append(DeckError("expected the path of a .pptx file", tnode.loc, path="template"))
    slides = _slides(tree, layouts, errors)
    raise_all(errors)
    return Deck(tree.loc.file, meta, variables, slides, template, template_loc)


def _text(node: Node, key: str, errors: list[DeckError], path: str = "") -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value.value, str):
        return value.value
    if isinstance(value.value, (int, float, dt.date)) and not isinstance(value.value, bool):
        return str(value.value)
    errors.append(DeckError(f"expected text, got {kind_of(value.value)}", value.loc, path=path + key))
    return None


def _date(tree: Node, errors: list[DeckError]) -> dt.date:
    node = tree.get("date")
    if node is None:
        return dt.date(2000, 1, 1)
    if isinstance(node.value, dt.datetime):
        return node.value.date()
    if isinstance(node.value, dt.date):
        return node.value
    errors.append(DeckError(f"expected a date like 2019-03-15, got {kind_of(node.value)}", node.loc, path="date"))
    return dt.date(2000, 1, 1)


def _language(tree: Node, errors: list[DeckError]) -> str:
    node = tree.get("language")
    if node is None:
        return "nb-NO"
    if isinstance(node.value, str) and _LANG.match(node.value):
        return node.value
    errors.append(DeckError("expected a language tag like nb-NO or nn-NO", node.loc, path="language"))
    return "nb-NO"


def _slides(tree: Node, layouts: Mapping[str, Layout], errors: list[DeckError]) -> tuple[SlideSource, ...]:
    node = tree.get("slides")
    if node is None:
        errors.append(DeckError("missing key 'slides'", tree.loc, hint="add `slides:` with a list of slides"))
        return ()
    if not node.is_list or not node.value:
        got = "an empty list" if node.is_list else kind_of(node.value)
        errors.append(DeckError(f"expected a list of slides, got {got}", node.loc, path="slides"))
        return ()
    out = []
    for i, item in enumerate(node.value):
        slide = _slide(i, item, layouts, errors)
        if slide:
            out.append(slide)
    return tuple(out)


def _slide(i: int, node: Node, layouts: Mapping[str, Layout], errors: list[DeckError]) -> SlideSource | None:
    path = f"slides[{i + 1}]"
    if not node.is_map:
        errors.append(DeckError(f"expected a slide (a mapping with `layout:`), got {kind_of(node.value)}",
                                node.loc, path=path))
        return None
    layout_name = _text(node, "layout", errors, path + ".")
    if layout_name is None:
        if node.get("layout") is None:
            errors.append(DeckError("missing key 'layout'", node.loc, path=path,
                                    hint=f"layouts: {', '.join(sorted(layouts))}"))
        return None
    layout = layouts.get(layout_name)
    if layout is None:
        hint = did_you_mean(layout_name, layouts) or f"layouts: {', '.join(sorted(layouts))}"
        errors.append(DeckError(f"unknown layout '{layout_name}'", node.get("layout").loc,
                                path=path + ".layout", hint=hint))
        return None
    fields: dict[str, Node] = {}
    for key, loc in node.key_locs.items():
        if key in _SLIDE:
            continue
        spec = layout.fields.get(key)
        if spec is None:
            hint = did_you_mean(key, [*layout.fields, *_SLIDE]) or (
                f"layout '{layout.name}' takes: {', '.join([*layout.fields, *_SLIDE])}")
            errors.append(DeckError(f"unknown key '{key}' for layout '{layout.name}'", loc,
                                    path=path, hint=hint))
            continue
        problem = check_field(spec, node.value[key])
        if problem:
            errors.append(DeckError(problem[0], problem[1], path=f"{path}.{key}"))
        else:
            fields[key] = node.value[key]
    for spec in layout.fields.values():
        if spec.required and spec.name not in node.value:
            errors.append(DeckError(f"missing field '{spec.name}' (layout '{layout.name}' needs it)",
                                    node.loc, path=path, hint=spec.help))
    for key in ("notes", "for_each", "when"):
        _text(node, key, errors, path + ".")
    for_each = None
    if (fe := node.get("for_each")) is not None and isinstance(fe.value, str):
        match = _FOR_EACH.match(fe.value)
        if match:
            for_each = (match.group(1), match.group(2))
        else:
            errors.append(DeckError("expected `NAME in LIST`, e.g. `goal in goals`", fe.loc, path=path + ".for_each"))
    when = node.get("when")
    return SlideSource(
        index=i,
        layout=layout,
        fields=fields,
        notes=node.get("notes"),
        for_each=for_each,
        when=str(when.value) if when is not None and isinstance(when.value, str) else None,
        loc=node.loc,
        key_locs=node.key_locs,
    )


def check_field(spec: FieldSpec, node: Node) -> tuple[str, Location] | None:
    """The first problem with a field's value, or None."""
    value = node.value
    if isinstance(value, str) and spec.type in ("list", "records") and EXPRESSION.match(value):
        return None  # a list from vars, e.g. "{{ changes }}": checked once rendered
    if spec.type in ("text", "image"):
        if value is None or (isinstance(value, str) and not value.strip()):
            return ("empty value; write the text or remove the key", node.loc)
        if isinstance(value, (dict, list, bool)):
            return (f"expected text, got {kind_of(value)}", node.loc)
        return None
    if not node.is_list:
        return (f"expected a list, got {kind_of(value)}", node.loc)
    if not value:
        return ("expected a list with at least one item, got an empty list", node.loc)
    return check_items(spec, [(item.value, item.loc, item.key_locs) for item in value])


Item = tuple[object, Location, Mapping[str, Location]]


def check_items(spec: FieldSpec, items: list[Item]) -> tuple[str, Location] | None:
    """The first problem with the items of a list or records field."""
    for value, loc, key_locs in items:
        if spec.type == "list":
            if isinstance(value, (dict, list, bool)) or value is None:
                return (f"expected text for each item, got {kind_of(value)}", loc)
        elif spec.type == "records":
            if not isinstance(value, dict):
                return (f"expected a mapping for each item, got {kind_of(value)}", loc)
            for key in value:
                if spec.keys and key not in spec.keys:
                    hint = did_you_mean(key, spec.keys) or f"keys: {', '.join(spec.keys)}"
                    return (f"unknown key '{key}'; {hint}", key_locs.get(key, loc))
            for key in spec.keys:
                if key not in value:
                    return (f"missing key '{key}'", loc)
    return None
