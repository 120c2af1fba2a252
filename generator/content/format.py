"""The content format, declared key by key: top-level keys, a slide's keys, each layout field's option."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content.cellnumbers import parse_number
from generator.content.layouts import FieldSpec
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


@dataclass(frozen=True)
class VarValue(Option):
    """A value under `vars:`: anything YAML holds, but every number in it one a slide can show, as in a data
    file: not .nan, not .inf, and within a double's range (what a chart or table from vars holds)."""

    def check(self, value: Any) -> Any:
        problems = []
        stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
        while stack:
            at, item = stack.pop()
            if isinstance(item, dict):
                stack.extend(reversed([((*at, k), v) for k, v in item.items()]))
            elif isinstance(item, list):
                stack.extend(reversed([((*at, n), v) for n, v in enumerate(item)]))
            elif (problem := _unshowable(item)) is not None:
                problems.append(Invalid(*problem, at))  # in the order they were written
        if problems:
            raise Invalids(problems)
        return value


def _unshowable(value: Any) -> tuple[str, str] | None:
    """What is wrong with a number no slide can show (message, hint); None for any other value."""
    if isinstance(value, float) and math.isnan(value):
        return (
            "NaN (.nan, not a number) cannot be shown in text, a table or a chart",
            "leave the value out, or write ~ where there is none",
        )
    if isinstance(value, float) and math.isinf(value):
        return (
            "infinity (.inf) cannot be shown in text, a table or a chart",
            "write the number itself (a very large one in a larger unit: millions, billions)",
        )
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST:
        return (
            f"a number of {len(str(abs(value)))} digits is beyond the largest a chart or table can "
            "hold (about 1.8e308)",
            "write it in a larger unit (millions, billions), or in quotes as text",
        )
    if (
        isinstance(value, str)
        and (number := parse_number(value)) is not None
        and math.isinf(number)
    ):
        return (
            f"'{value.strip()[:40]}' is beyond the largest number a chart or table can hold (about 1.8e308)",
            "write it in a larger unit (millions, billions)",
        )
    return None


_LARGEST = int(1.7976931348623157e308)  # the largest double


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
        value=VarValue(),
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
