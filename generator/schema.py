"""Check a merged content tree against the declared format and build a `Deck`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    Key("extends", "path", "Content file this one inherits from, relative to this file; its keys are merged under "
        "this file's (mappings key by key, lists and text replaced)."),
    Key("title", "text", "Deck title, written to the file's properties.", default=""),
    Key("author", "text", "Author, written to the file's properties.", default=""),
    Key("date", "date", "Date of the talk (YYYY-MM-DD); the file's created/modified date, and `deck.date` in text.",
        default="2000-01-01"),
    Key("language", "language", "Language tag of all text (nb-NO, nn-NO, en-GB ...), for proofing, dates and lists.",
        default="nb-NO"),
    Key("template", "path", "PowerPoint master (.pptx) relative to this file; without it, the project's "
        "templates/base.pptx, else the built-in master.", default="templates/base.pptx"),
    Key("vars", "mapping", "The edition's data, available in every text as Jinja variables.", default={}),
    Key("slides", "slides", "The slides, in order; each is a mapping with `layout:` and that layout's fields. "
        "A file that `extends:` another may leave them to it.", required=True),
)
SLIDE_KEYS: tuple[Key, ...] = (
    Key("layout", "layout", "Name of a layout in templates/layouts/.", required=True),
    Key("notes", "text", "Speaker notes (Jinja, like all text).", default=""),
    Key("for_each", "loop", "`NAME in EXPRESSION`: one slide per item of a list in vars.", default=None),
    Key("when", "condition", "A Jinja expression (or true/false); the slide is left out when it is false.",
        default=None),
)
_TOP = {k.name: k for k in TOP_KEYS}
_SLIDE = {k.name: k for k in SLIDE_KEYS}
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
EXPRESSION = re.compile(r"^\s*\{\{(?!.*\{\{)(.*)\}\}\s*$", re.S)
FOR_EACH = re.compile(r"^\s*([A-Za-z_]\w*)\s+in\s+(\S.*?)\s*$", re.S | re.A)
_QUOTE_HINT = 'YAML reads yes/no/on/off/true/false as true/false: put the text in quotes, e.g. "no"'
_LANGUAGES = ("nb-NO", "nn-NO", "se-NO", "en-GB", "en-US", "sv-SE", "da-DK", "de-DE", "fr-FR")


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
    slides_loc: Location | None = None
    var_nodes: Mapping[str, Node] = field(default_factory=dict)


RESERVED_VARS = ("deck", "slide")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def did_you_mean(word: str, choices: object) -> str:
    """A 'did you mean' hint, or nothing."""
    import difflib  # here: only a misspelt name needs it

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
    variables = _vars(tree, errors)
    var_nodes = tree.get("vars")
    template, template_loc = None, None
    if (tnode := tree.get("template")) is not None:
        if isinstance(tnode.value, str) and tnode.value.strip().lower().endswith(".pptx"):
            template, template_loc = Path(tnode.loc.file).parent / tnode.value.strip(), tnode.loc
        else:
            errors.append(DeckError("expected the path of a .pptx file", tnode.loc, path="template",
                                    hint="e.g. `template: ../templates/brand.pptx`"))
    slides = _slides(tree, layouts, errors)
    raise_all(errors)
    slides_node = tree.get("slides")
    return Deck(tree.loc.file, meta, variables, slides, template, template_loc,
                slides_node.loc if slides_node is not None else tree.loc,
                dict(var_nodes.value) if var_nodes is not None and var_nodes.is_map else {})


def _vars(tree: Node, errors: list[DeckError]) -> Mapping[str, object]:
    node = tree.get("vars")
    if node is None or node.value is None:
        return {}
    if not node.is_map:
        errors.append(DeckError(f"expected a mapping of names to values, got {kind_of(node.value)}",
                                node.loc, path="vars", hint="e.g. `vars: {region: Telemark}`"))
        return {}
    for name, loc in node.key_locs.items():
        if name in RESERVED_VARS:
            errors.append(DeckError(f"the name '{name}' is reserved (`{{{{ {name}.* }}}}` is made by make-deck)",
                                    loc, path=f"vars.{name}", hint="choose another name"))
        elif not _NAME.match(name):
            better = re.sub(r"\W", "_", name)
            better = better if _NAME.match(better) else f"_{better}"
            errors.append(DeckError(f"'{name}' cannot be used as a variable name", loc, path="vars",
                                    hint=f"use letters, digits and _ only, e.g. '{better}'"))
    return node.plain()


def _text(node: Node, key: str, errors: list[DeckError], path: str = "") -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value.value, str):
        return value.value
    if isinstance(value.value, (int, float, dt.date)) and not isinstance(value.value, bool):
        return str(value.text)
    hint = _QUOTE_HINT if isinstance(value.value, bool) else (
        "write the text or remove the key" if value.value is None else "")
    errors.append(DeckError(f"expected text, got {kind_of(value.value)}", value.loc, path=path + key, hint=hint))
    return None


def _date(tree: Node, errors: list[DeckError]) -> dt.date:
    node = tree.get("date")
    if node is None:
        return dt.date(2000, 1, 1)
    if isinstance(node.value, dt.datetime):
        return node.value.date()
    if isinstance(node.value, dt.date):
        return node.value
    errors.append(DeckError(f"expected a date like 2019-03-15, got {kind_of(node.value)}", node.loc, path="date",
                            hint="write it as YYYY-MM-DD, without quotes"))
    return dt.date(2000, 1, 1)


def _language(tree: Node, errors: list[DeckError]) -> str:
    node = tree.get("language")
    if node is None:
        return "nb-NO"
    if isinstance(node.value, str) and LANGUAGE.match(node.value):
        return node.value
    written = str(node.value).replace("_", "-")
    fixed = next((tag for tag in _LANGUAGES if tag.lower() == written.lower()), "")
    hint = f"did you mean '{fixed}'?" if fixed else did_you_mean(written, _LANGUAGES) or "e.g. nb-NO, nn-NO or en-GB"
    errors.append(DeckError(f"expected a language tag like nb-NO or nn-NO, got '{node.value}'", node.loc,
                            path="language", hint=hint))
    return "nb-NO"


def _slides(tree: Node, layouts: Mapping[str, Layout], errors: list[DeckError]) -> tuple[SlideSource, ...]:
    node = tree.get("slides")
    if node is None:
        hint = "add `slides:` with a list of slides"
        if "slide" in tree.value:
            hint = "did you mean 'slides'?"
        elif "extends" not in tree.key_locs:
            hint += ", or `extends:` a file that has them"
        errors.append(DeckError("missing key 'slides'", tree.loc, hint=hint))
        return ()
    if not node.is_list or not node.value:
        got = "an empty list" if node.is_list else kind_of(node.value)
        errors.append(DeckError(f"expected a list of slides, got {got}", node.loc, path="slides",
                                hint="each slide starts with `- layout: NAME`"))
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
                                node.loc, path=path, hint="e.g. `- layout: bullets`, then its fields, indented"))
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
            errors.append(DeckError(problem[0], problem[1], path=f"{path}.{key}", hint=problem[2]))
        else:
            fields[key] = node.value[key]
    for spec in layout.fields.values():
        if spec.required and spec.name not in node.value:
            what = f" ({spec.help.rstrip('.')})" if spec.help else ""
            errors.append(DeckError(f"missing field '{spec.name}' (layout '{layout.name}' needs it)",
                                    node.loc, path=path, hint=f"add `{spec.name}:`{what}"))
    _text(node, "notes", errors, path + ".")
    for_each = None
    if (fe := node.get("for_each")) is not None:
        match = FOR_EACH.match(fe.value) if isinstance(fe.value, str) else None
        if match:
            for_each = (match.group(1), match.group(2))
        else:
            got = f"'{fe.value}'" if isinstance(fe.value, str) else kind_of(fe.value)
            errors.append(DeckError(f"expected `NAME in LIST`, got {got}", fe.loc, path=path + ".for_each",
                                    hint="e.g. `for_each: goal in goals`, then {{ goal }} in the slide's text"))
    return SlideSource(
        index=i,
        layout=layout,
        fields=fields,
        notes=node.get("notes"),
        for_each=for_each,
        when=_when(node, errors, path),
        loc=node.loc,
        key_locs=node.key_locs,
    )


def _when(node: Node, errors: list[DeckError], path: str) -> str | None:
    """`when:` as an expression: `true`/`false` are the expressions 'true'/'false'."""
    when = node.get("when")
    if when is None:
        return None
    if isinstance(when.value, bool):
        return "true" if when.value else "false"
    if isinstance(when.value, str) and when.value.strip():
        return when.value
    if isinstance(when.value, (int, float)):
        return str(when.text)
    errors.append(DeckError(f"expected an expression like `goals | length > 1`, got {kind_of(when.value)}",
                            when.loc, path=path + ".when", hint="or true/false; remove the key to always show it"))
    return None


Problem = tuple[str, Location, str]


def check_field(spec: FieldSpec, node: Node) -> Problem | None:
    """The first problem with a field's value (message, where, hint), or None."""
    value = node.value
    if isinstance(value, str) and spec.type in ("list", "records") and EXPRESSION.match(value):
        return None  # a list from vars, e.g. "{{ changes }}": checked once rendered
    if spec.type in ("text", "image"):
        if value is None or (isinstance(value, str) and not value.strip()):
            return ("empty value", node.loc, "write the text or remove the key")
        if isinstance(value, bool):
            return ("expected text, got true/false", node.loc, _QUOTE_HINT)
        if isinstance(value, (dict, list)):
            hint = "a list is written one `- item` per line; this field takes one text" if isinstance(
                value, list) else 'put text that contains ": " in quotes'
            return (f"expected text, got {kind_of(value)}", node.loc, hint)
        return None
    if not node.is_list:
        if isinstance(value, str):
            hint = "write one `- item` per line, or a list from vars as \"{{ name }}\""
        else:
            hint = "write one `- item` per line"
        return (f"expected a list, got {kind_of(value)}", node.loc, hint)
    if not value:
        return ("expected a list with at least one item, got an empty list", node.loc,
                "add items or remove the key")
    return check_items(spec, [(item.value, item.loc, item.key_locs) for item in value])


Item = tuple[object, Location, Mapping[str, Location]]


def check_items(spec: FieldSpec, items: list[Item]) -> Problem | None:
    """The first problem with the items of a list or records field."""
    for n, (value, loc, key_locs) in enumerate(items, 1):
        if spec.type == "list":
            if isinstance(value, bool):
                return (f"item {n}: expected text, got true/false", loc, _QUOTE_HINT)
            if isinstance(value, (dict, list)) or value is None:
                hint = 'put text that contains ": " in quotes' if isinstance(value, dict) else (
                    "write the text or remove the `-`" if value is None else "")
                return (f"item {n}: expected text, got {kind_of(value)}", loc, hint)
            if isinstance(value, str) and not value.strip():
                return (f"item {n}: empty text", loc, "write the text or remove the item")
        elif spec.type == "records":
            if not isinstance(value, dict):
                return (f"item {n}: expected a mapping ({', '.join(f'{k}: ...' for k in spec.keys)}), "
                        f"got {kind_of(value)}", loc, "")
            for key in value:
                if spec.keys and key not in spec.keys:
                    hint = did_you_mean(key, spec.keys) or f"keys: {', '.join(spec.keys)}"
                    return (f"item {n}: unknown key '{key}'", key_locs.get(key, loc), hint)
            for key in spec.keys:
                if key not in value:
                    return (f"item {n}: missing key '{key}'", loc, f"add `{key}:`")
                got = value[key]
                got = got.value if isinstance(got, Node) else got
                if got is None or isinstance(got, (bool, dict, list)) or (isinstance(got, str) and not got.strip()):
                    hint = _QUOTE_HINT if isinstance(got, bool) else "write the text"
                    what = "empty" if got is None or isinstance(got, str) else f"expected text, got {kind_of(got)}"
                    return (f"item {n}: {key}: {what}", key_locs.get(key, loc), hint)
    return None
