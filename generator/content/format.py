"""The content format, declared key by key, and a merged content tree checked against it into a `Deck`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.layouts import FieldSpec, Layout
from generator.content.located import Node
from generator.errors import DeckError, Location, raise_all
from generator.formats import known_language
from generator.options import (
    EXPRESSION,
    LANGUAGE,
    LOOP,
    REQUIRED,
    SLIDE_ID,
    Date,
    Flag,
    Invalid,
    Invalids,
    ListOf,
    MapOf,
    Number,
    OneOf,
    Option,
    Pattern,
    Record,
    Text,
    did_you_mean,
    kind_of,
    path_text,
    problems_of,
)

NAME_PATTERN = r"^[a-zæøå][a-zæøå0-9_-]*$"
PLACEHOLDER = "TODO"  # text `make-deck new` leaves to be written
LANGUAGES = ("nb-NO", "nn-NO", "se-NO", "en-GB", "en-US", "sv-SE", "da-DK", "de-DE", "fr-FR")
RESERVED_VARS = ("deck", "slide")


@dataclass(frozen=True)
class Language(Pattern):
    """A language tag; a near miss (NB-no, nb_NO) gets the tag it was meant to be."""

    def check(self, value: Any) -> Any:
        try:
            tag = super().check(value)
        except Invalid:
            written = str(value).replace("_", "-")
            fixed = next((tag for tag in LANGUAGES if tag.lower() == written.lower()), "")
            hint = (
                f"did you mean '{fixed}'?"
                if fixed
                else did_you_mean(written, LANGUAGES) or self.example
            )
            raise Invalid(f"expected {self.what}, got '{value}'", hint) from None
        if not known_language(tag):
            raise Invalid(
                f"unknown language '{tag}': no dates, lists or numbers for it",
                did_you_mean(tag, LANGUAGES) or self.example,
            )
        return tag


@dataclass(frozen=True)
class Condition(Option):
    """`when:`: a Jinja expression, or true/false."""

    def check(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, (int, float)):
            return str(value)
        raise Invalid(
            f"expected an expression like `goals | length > 1`, got {kind_of(value)}",
            "or true/false; remove the key to always show it",
        )

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": ["boolean", "number"]}]}

    def kind(self) -> str:
        return "expression, or true/false"


@dataclass(frozen=True)
class Loop(Pattern):
    """`for_each:` as (name, expression)."""

    def check(self, value: Any) -> Any:
        match = re.search(self.pattern, super().check(value))
        return match.group(1), match.group(2)


@dataclass(frozen=True)
class FilePath(Text):
    """A file's path, relative to the content file."""

    def check(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid(
                f"expected the path of a file, got {kind_of(value)}", "e.g. `extends: ../2019.yaml`"
            )
        return super().check(value)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"\S"}

    def kind(self) -> str:
        return "path"


@dataclass(frozen=True)
class LayoutName(Text):
    """The name of a layout (checked against the layouts there are once the slide is read)."""

    def schema(self) -> dict[str, Any]:
        return {"type": "string"}

    def kind(self) -> str:
        return "layout name"


@dataclass(frozen=True)
class Slides(Option):
    """The slides: a list of mappings, each checked against its layout; in an edition, patches by slide id."""

    def schema(self) -> dict[str, Any]:
        patch = {
            "type": "object",
            "description": "Changes to the slide with this id (its fields, `remove: true`, "
            "`after:`/`before:` another id), or a new slide with `layout:` and `after:` or `before:`.",
            "properties": {
                "remove": {"type": "boolean"},
                "after": {"type": "string"},
                "before": {"type": "string"},
            },
        }
        return {
            "anyOf": [
                {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/slide"}},
                {
                    "type": "object",
                    "propertyNames": {"pattern": SLIDE_ID},
                    "additionalProperties": patch,
                },
            ]
        }

    def kind(self) -> str:
        return "list of slides; in an edition, patches by slide id"


@dataclass(frozen=True)
class CountyNumber(Option):
    """A county as SSB numbers it (two digits), or by its name (`Agder`), found in the register of the year."""

    def check(self, value: Any) -> Any:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if isinstance(text, str) and text.isdigit() and 1 <= len(text) <= 2:
            return text.zfill(2)
        if isinstance(text, str) and text.strip() and not text.strip().isdigit():
            return text.strip()  # a name: the register finds it, or says which it meant
        raise Invalid(
            f"expected a county number like 34 or a name like Innlandet, got {_shown(value)}",
            "SSB's county numbers: 03 Oslo, 11 Rogaland, 34 Innlandet, 46 Vestland ...",
        )

    def schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 99},
                {"type": "string", "pattern": r"^\d\d?$"},
                {"type": "string", "pattern": r"^\s*[^\s\d]"},
            ]
        }

    def kind(self) -> str:
        return "county number or name"


def _shown(value: Any) -> str:
    """A value as a message shows it: text in quotes, anything else by its kind."""
    return f"'{value}'" if isinstance(value, str) or type(value) is int else kind_of(value)


@dataclass(frozen=True)
class Counties(Option):
    """`all`, or a list of county numbers."""

    def check(self, value: Any) -> Any:
        if value == "all":
            return "all"
        if isinstance(value, list) and value:
            numbers = ListOf(item=CountyNumber()).check(value)
            for i, number in enumerate(numbers):
                if number in numbers[:i]:
                    first = numbers.index(number) + 1
                    raise Invalid(
                        f"county {number} is listed twice (first as item {first})",
                        "list each county once: one deck is made per county",
                        (i,),
                    )
            return numbers
        got = "an empty list" if value == [] else kind_of(value)
        raise Invalid(
            f"expected `all` or a list of county numbers, got {got}",
            "e.g. `counties: all` or `counties: [34, 42]`",
        )

    def schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"const": "all"},
                {"type": "array", "minItems": 1, "items": CountyNumber().schema()},
            ]
        }

    def kind(self) -> str:
        return "`all` or county numbers"


@dataclass(frozen=True)
class LayoutMap(Option):
    """`master_layouts:`: make-deck's master layout names to the names a master gives those layouts."""

    def check(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid(
                f"expected a mapping of layout names, got {kind_of(value)}",
                "e.g. `master_layouts: {Section Header: Deloverskrift}`",
            )
        out, problems = {}, []
        for key, name in value.items():
            try:
                out[str(Text(nonblank=True).check(key)).strip()] = str(
                    Text(nonblank=True).check(name)
                ).strip()
            except Invalid as exc:
                problems.append(exc.inside(key))
        if problems:
            raise Invalids(problems)
        return out

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": r"\S"},
            "additionalProperties": {"type": "string", "pattern": r"\S"},
        }

    def kind(self) -> str:
        return "mapping of layout names"


TOP_KEYS: Mapping[str, Option] = {
    "extends": FilePath(
        help="Content file this one inherits from, relative to this file; its keys are merged under "
        "this file's (mappings key by key, lists and text replaced).",
        nonblank=True,
    ),
    "title": Text(help="Deck title, written to the file's properties.", default="", max_length=255),
    "author": Text(help="Author, written to the file's properties.", default="", max_length=255),
    "date": Date(
        help="Date of the talk (YYYY-MM-DD); the file's created/modified date, and `deck.date` in text.",
        default="2000-01-01",
    ),
    "language": Language(
        help="Language tag of all text (nb-NO, nn-NO, en-GB ...), for proofing, dates and lists.",
        default="nb-NO",
        pattern=LANGUAGE,
        what="a language tag like nb-NO or nn-NO",
        example="e.g. nb-NO, nn-NO or en-GB",
        label="language tag",
    ),
    "template": Pattern(
        help="PowerPoint master (.pptx, or a .potx template) relative to this file; without it, "
        "the project's templates/base.pptx, else the built-in master.",
        default="templates/base.pptx",
        pattern=r"\.[pP][pPoO][tT][xX]\s*$",
        what="the path of a .pptx or .potx file",
        example="`template: ../templates/brand.pptx`",
        label="path",
    ),
    "master_layouts": LayoutMap(
        help="For a master whose layouts make-deck does not find by name, PowerPoint's "
        "layout type or placeholders: the master's layout for each master layout name the "
        "layouts ask for, e.g. `Section Header: Deloverskrift`.",
        default={},
    ),
    "vars": MapOf(
        help="The edition's data, available in every text as Jinja variables.",
        default={},
        reserved=RESERVED_VARS,
        nullable=True,
    ),
    "county": CountyNumber(
        help="The county the edition is about (SSB's number, e.g. 34 for Innlandet): its "
        "municipalities come from SSB's register as `municipalities`, its name as "
        "`county_name`; municipality names written under `vars:` are checked against it."
    ),
    "year": Number(
        help="The year of the county division (the register holds 2020 and 2024).",
        low=1900,
        high=2100,
        integer=True,
    ),
    "counties": Counties(
        help="One deck per county of `year:` (`all`, or a list of numbers), each with that "
        "county's data; written to build/<file>/<number>-<name>.pptx."
    ),
    "data": MapOf(
        help="Data files for charts and tables (CSV, YAML or JSON), by name, each relative to the file "
        "that names it; in text, `data.NAME` is the file's rows.",
        value=FilePath(nonblank=True),
        default={},
    ),
    "audiences": ListOf(
        help="The audiences the talk is cut for (`[fagfolk, politikere]`): a deck's `audience:` and the "
        "slides' `audience:` and `not_for:` name these; a deck for an audience no slide names has "
        "every slide that is not left out for it.",
        item=Pattern(
            pattern=NAME_PATTERN,
            what="an audience name (letters, digits, - and _)",
            example="`audiences: [fagfolk, politikere]`",
        ),
        min_items=1,
    ),
    "audience": Pattern(
        help="Who the deck is for (one of `audiences:`): slides with an `audience:` list are shown only "
        "to those audiences, slides with `not_for:` are left out for those (without this key, every "
        "slide is shown). `--audience` sets it too.",
        pattern=NAME_PATTERN,
        what="an audience name (letters, digits, - and _)",
        example="`audience: politikere`",
        label="name",
    ),
    "words": ListOf(
        help="Words `make-deck check` accepts in this deck beside the dictionary and the project's "
        "content/words.txt (names, terms); an edition's words add to those of the file it extends.",
        item=Text(nonblank=True),
        default=[],
    ),
    "footer": Text(
        help="Text in the footer of every slide but the title slide (Jinja, like all text: "
        "`{{ deck.date | long_date }}`), in the master's footer placeholder.",
        default="",
    ),
    "slide_numbers": Flag(
        help="Number every slide but the title slide, with PowerPoint's own slide number field "
        "(right after a speaker reorders slides; Insert > Header & Footer turns it off).",
        default=False,
    ),
    "slides": Slides(
        help="The slides, in order; each is a mapping with `layout:` and that layout's fields. "
        "A file that `extends:` another may leave them to it, or patch them by id (docs/editions.md).",
        default=REQUIRED,
    ),
    "replace_slides": ListOf(
        help="In a file that extends another: its own complete list of slides, replacing the "
        "talk's (to change some slides, patch them under `slides:`).",
        min_items=1,
        item=Option(),
    ),
}
SLIDE_KEYS: Mapping[str, Option] = {
    "layout": LayoutName(help="Name of a layout in templates/layouts/.", default=REQUIRED),
    "id": Pattern(
        help="A name for the slide, unique in the talk, by which editions patch it.",
        pattern=SLIDE_ID,
        what="a slide id (a-z, 0-9, - and _)",
        example="`id: goals`",
        label="slide id",
    ),
    "audience": ListOf(
        help="Show the slide only in decks for these audiences (the deck's `audience:`).",
        item=Pattern(pattern=NAME_PATTERN, what="an audience name"),
        min_items=1,
    ),
    "not_for": ListOf(
        help="Leave the slide out of decks for these audiences (the deck's `audience:`).",
        item=Pattern(pattern=NAME_PATTERN, what="an audience name"),
        min_items=1,
    ),
    "notes": Text(help="Speaker notes (Jinja, like all text).", default=""),
    "for_each": Loop(
        help="`NAME in EXPRESSION`: one slide per item of a list in vars.",
        pattern=LOOP,
        what="`NAME in LIST`",
        example="`for_each: goal in goals`, then {{ goal }} in the slide's text",
        label="`NAME in LIST`",
    ),
    "when": Condition(
        help="A Jinja expression (or true/false); the slide is left out when it is false."
    ),
}
_LIST_HINT = 'write one `- item` per line, or a list from vars as "{{ name }}"'
FROM_VARS = Pattern(
    help='A list from vars, written as one Jinja expression: "{{ changes }}".',
    pattern=EXPRESSION,
    what='a list from vars, written "{{ name }}"',
    label='`"{{ a_list }}"`',
)


def field_option(spec: FieldSpec) -> Option:
    """The option that checks a layout field's value in content: text, or a list written out or taken from vars."""
    if spec.type == "image":
        return FilePath(help=spec.help, nonblank=True)
    if spec.type == "text":
        return Text(help=spec.help, nonblank=True)
    return OneOf(help=spec.help, choices=(field_items(spec), FROM_VARS), pick=lambda value: 0)


def field_items(spec: FieldSpec) -> ListOf:
    """The option that checks a list field's items, written out in content or rendered from vars."""
    item: Option = Text(nonblank=True)
    if spec.type == "records":
        item = Record(
            options={k: Text(nonblank=True, default=REQUIRED) for k in spec.keys},
            what=f"a mapping ({', '.join(f'{k}: ...' for k in spec.keys)})",
        )
    return ListOf(
        item=item,
        min_items=spec.min,
        max_items=spec.max,
        string_hint=_LIST_HINT,
        too_many_hint=spec.too_many,
    )


@dataclass(frozen=True)
class Meta:
    """Deck-wide settings."""

    title: str
    author: str
    date: dt.date
    language: str
    audience: str = ""
    footer: str = ""  # as written: Jinja, rendered with the deck's vars
    slide_numbers: bool = False


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
    id: str = ""
    audience: tuple[str, ...] = ()
    not_for: tuple[str, ...] = ()  # audiences whose decks leave the slide out

    def shown_to(self, audience: str) -> bool:
        """Whether a deck for `audience` ('' for every audience) shows the slide."""
        if not audience:
            return True
        return audience not in self.not_for and (not self.audience or audience in self.audience)


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
    # data files by name, and where named
    data: Mapping[str, tuple[Path, Location]] = field(default_factory=dict)
    # name -> master's, where set
    master_layouts: Mapping[str, tuple[str, Location]] = field(default_factory=dict)
    footer_loc: Location | None = None  # where `footer:` is written
    words: tuple[str, ...] = ()  # words the spelling check accepts in this deck (`words:`)


def checked(option: Option, node: Node, path: str, errors: list[DeckError]) -> Any:
    """`node`'s value as `option` converts it; None (and an error for each problem, where it was written) when it
    does not pass."""
    try:
        return option.check(node.plain())
    except (Invalid, Invalids) as exc:
        for problem in problems_of(exc):
            errors.append(
                DeckError(
                    problem.message,
                    node.locate(problem.at, problem.key),
                    path=path_text(problem.at, path),
                    hint=problem.hint,
                )
            )
        return None


def build_deck(tree: Node, layouts: Mapping[str, Layout]) -> Deck:
    """Check everything in `tree`, collecting all problems, and return the `Deck`."""
    if not tree.is_map:
        raise DeckError("a content file must be a mapping of keys (vars:, slides: ...)", tree.loc)
    errors: list[DeckError] = []
    values = _top_values(tree, errors)
    slides = _slides(tree, layouts, errors)
    _check_audience(tree, values, slides, errors)
    raise_all(errors)
    if values.get("county") is not None:
        values["vars"] = _with_register(
            tree, values["county"], values.get("year"), values.get("vars") or {}
        )
    return _deck(tree, values, slides)


def _top_values(tree: Node, errors: list[DeckError]) -> dict[str, Any]:
    """Every top-level key but `slides:`, checked by its option; unknown keys are errors."""
    values: dict[str, Any] = {}
    for key, node in tree.value.items():
        option = TOP_KEYS.get(key)
        if option is None:
            hint = did_you_mean(key, TOP_KEYS) or f"known keys: {', '.join(TOP_KEYS)}"
            errors.append(DeckError(f"unknown key '{key}'", tree.key_locs[key], hint=hint))
        elif key == "date" and str(node.value).startswith(PLACEHOLDER):
            errors.append(
                DeckError(
                    "the date of the talk is still to be written",
                    node.loc,
                    path="date",
                    hint="write it as YYYY-MM-DD, e.g. `date: 2024-10-17`",
                )
            )
        elif key != "slides":
            values[key] = checked(option, node, key, errors)
    return values


def _deck(tree: Node, values: Mapping[str, Any], slides: tuple[SlideSource, ...]) -> Deck:
    """The checked values as a `Deck`, with the places they were written."""
    template_node = tree.get("template")
    template = (
        Path(template_node.loc.file).parent / values["template"].strip() if template_node else None
    )
    vars_node = tree.get("vars")
    return Deck(
        source=tree.loc.file,
        meta=Meta(
            values.get("title") or "",
            values.get("author") or "",
            values.get("date") or dt.date(2000, 1, 1),
            values.get("language") or "nb-NO",
            values.get("audience") or "",
            values.get("footer") or "",
            bool(values.get("slide_numbers")),
        ),
        vars=values.get("vars") or {},
        slides=slides,
        template=template,
        template_loc=template_node.loc if template_node else None,
        footer_loc=tree.get("footer").loc if tree.get("footer") is not None else None,
        slides_loc=tree.get("slides").loc if tree.get("slides") is not None else tree.loc,
        var_nodes=dict(vars_node.value) if vars_node is not None and vars_node.is_map else {},
        data={
            name: (Path(node.loc.file).parent / node.value, node.loc)
            for name, node in (
                tree.get("data").value.items()
                if tree.get("data") is not None and tree.get("data").is_map
                else ()
            )
        },
        master_layouts=_master_layouts(tree, values.get("master_layouts") or {}),
        words=tuple(str(w).strip() for w in values.get("words") or ()),
    )


def _master_layouts(tree: Node, names: Mapping[str, str]) -> dict[str, tuple[str, Location]]:
    """`master_layouts:` with the place each name was written."""
    node = tree.get("master_layouts")
    nodes = (
        {str(k).strip(): v for k, v in node.value.items()}
        if node is not None and node.is_map
        else {}
    )
    return {
        key: (name, nodes[key].loc if key in nodes else tree.loc) for key, name in names.items()
    }


def _slides(
    tree: Node, layouts: Mapping[str, Layout], errors: list[DeckError]
) -> tuple[SlideSource, ...]:
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
        errors.append(
            DeckError(
                f"expected a list of slides, got {got}",
                node.loc,
                path="slides",
                hint="each slide starts with `- layout: NAME`",
            )
        )
        return ()
    slides = (_slide(i, item, layouts, errors) for i, item in enumerate(node.value))
    return tuple(slide for slide in slides if slide is not None)


def _slide(
    i: int, node: Node, layouts: Mapping[str, Layout], errors: list[DeckError]
) -> SlideSource | None:
    path = f"slides[{i + 1}]"
    if not node.is_map:
        errors.append(
            DeckError(
                f"expected a slide (a mapping with `layout:`), got {kind_of(node.value)}",
                node.loc,
                path=path,
                hint="e.g. `- layout: bullets`, then its fields, indented",
            )
        )
        return None
    layout = _layout(node, path, layouts, errors)
    if layout is None:
        return None
    before = len(errors)
    _check_slide_keys(node, layout, path, errors)
    if len(errors) > before:
        return None
    for_each, when = node.get("for_each"), node.get("when")
    return SlideSource(
        index=i,
        layout=layout,
        fields={k: v for k, v in node.value.items() if k in layout.fields},
        notes=node.get("notes"),
        for_each=SLIDE_KEYS["for_each"].check(for_each.value) if for_each is not None else None,
        when=SLIDE_KEYS["when"].check(when.value) if when is not None else None,
        loc=node.loc,
        key_locs=node.key_locs,
        id=node.get("id").value if node.get("id") is not None else "",
        audience=_names(node.get("audience")),
        not_for=_names(node.get("not_for")),
    )


def _names(node: Node | None) -> tuple[str, ...]:
    return tuple(node.plain()) if node is not None else ()


def _check_slide_keys(node: Node, layout: Layout, path: str, errors: list[DeckError]) -> None:
    """Each key of a slide checked by its option (the slide's own keys and its layout's fields);
    unknown keys and missing required fields are errors."""
    options = {**SLIDE_KEYS, **{name: field_option(spec) for name, spec in layout.fields.items()}}
    for key, value in node.value.items():
        if key in options:
            checked(options[key], value, f"{path}.{key}", errors)
            continue
        takes = f"layout '{layout.name}' takes: {', '.join(options)}"
        errors.append(
            DeckError(
                f"unknown key '{key}' for layout '{layout.name}'",
                node.key_locs[key],
                path=path,
                hint=did_you_mean(key, options) or takes,
            )
        )
    for spec in layout.fields.values():
        if spec.required and spec.name not in node.value:
            what = f" ({spec.help.rstrip('.')})" if spec.help else ""
            errors.append(
                DeckError(
                    f"missing field '{spec.name}' (layout '{layout.name}' needs it)",
                    node.loc,
                    path=path,
                    hint=f"add `{spec.name}:`{what}",
                )
            )


def _with_register(
    tree: Node, number: str, year: int | None, variables: Mapping[str, Any]
) -> dict[str, Any]:
    """The vars with the county's data from SSB's register: `county_name`, `county_number`, and `municipalities`
    unless written out (then each name written is checked against the register)."""
    from generator.norway import register

    where = tree.key_locs["county"]
    if year is None:
        raise DeckError(
            "`county:` needs `year:`: the county division changes with reforms",
            where,
            path="county",
            hint=f"add `year:` (the register holds {', '.join(map(str, register.years()))})",
        )
    if year not in register.years():
        raise DeckError(
            f"the register has no county division for {year}",
            tree.get("year").loc,
            path="year",
            hint=f"it holds {', '.join(map(str, register.years()))}",
        )
    county = register.county(number, year, location=tree.get("county").loc, path="county")
    names = tree.get("vars").get("municipalities") if tree.get("vars") is not None else None
    # on a deck of one county, names as the county writes them: `Våler`, not SSB's `Våler (Innlandet)`
    official = [m.plain for m in county.municipalities]
    if names is not None and names.is_list and names.loc.file in (where.file, tree.loc.file):
        raise_all(register.check_names([(str(n.value), n.loc) for n in names.value], county))
    # written for the county of a file this one extends: the register's list instead
    elif names is not None:
        variables = {**variables, "municipalities": official}
    return {
        "county_name": county.name,
        "county_number": county.number,
        "county_formed": county.formed,  # the day the county began, None when the reforms left it be
        "year": year,
        "municipalities": official,
        **variables,
    }


def _check_audience(
    tree: Node, values: Mapping[str, Any], slides: tuple[SlideSource, ...], errors: list[DeckError]
) -> None:
    """Every audience named is one the talk has: with `audiences:`, those it declares; without, those its
    slides name. A misspelt audience would silently show every slide."""
    audience, declared = values.get("audience"), values.get("audiences")
    if declared is not None:
        for i, slide in enumerate(tree.get("slides").value if slides else ()):
            for key in ("audience", "not_for"):
                _undeclared(slide.get(key), declared, f"slides[{i + 1}].{key}", errors)
    if not audience or not slides:
        return
    named = declared or sorted({a for s in slides for a in (*s.audience, *s.not_for)})
    if audience in named:
        return
    hint = did_you_mean(audience, named) or (
        f"the talk's audiences: {', '.join(named)}"
        if named
        else "declare the talk's audiences (`audiences: [fagfolk, politikere]`), and give slides "
        "`audience:` or `not_for:`"
    )
    what = "the talk has no audience" if declared else "no slide is for the audience"
    errors.append(
        DeckError(f"{what} '{audience}'", tree.get("audience").loc, path="audience", hint=hint)
    )


def _undeclared(
    names: Node | None, declared: list[str], path: str, errors: list[DeckError]
) -> None:
    """Each audience a slide names that the talk does not declare: an error at the name."""
    for i, name in enumerate(names.value if names is not None and names.is_list else ()):
        if name.value not in declared:
            errors.append(
                DeckError(
                    f"'{name.value}' is not one of the talk's audiences",
                    name.loc,
                    path=f"{path}[{i + 1}]",
                    hint=did_you_mean(str(name.value), declared)
                    or f"the talk's audiences (`audiences:`): {', '.join(declared)}",
                )
            )


def _layout(
    node: Node, path: str, layouts: Mapping[str, Layout], errors: list[DeckError]
) -> Layout | None:
    """The slide's layout, by the name under `layout:`."""
    name_node = node.get("layout")
    if name_node is None:
        errors.append(
            DeckError(
                "missing key 'layout'",
                node.loc,
                path=path,
                hint=f"layouts: {', '.join(sorted(layouts))}",
            )
        )
        return None
    name = checked(SLIDE_KEYS["layout"], name_node, f"{path}.layout", errors)
    if name is None:
        return None
    layout = layouts.get(name)
    if layout is None:
        hint = did_you_mean(name, layouts) or f"layouts: {', '.join(sorted(layouts))}"
        errors.append(
            DeckError(f"unknown layout '{name}'", name_node.loc, path=f"{path}.layout", hint=hint)
        )
    return layout
