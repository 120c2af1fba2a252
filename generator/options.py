"""Declared options: one validator per key, which checks and converts a value, documents it and gives its schema."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

QUOTE_HINT = 'YAML reads yes/no/on/off/true/false as true/false: put the text in quotes, e.g. "no"'
REQUIRED = object()  # the default of an option that must be given
Path_ = tuple[str | int, ...]  # where in a value: mapping keys and list indices


class Invalid(Exception):
    """A value an option refuses: what is wrong, how to fix it, and where inside the value (`at`)."""

    def __init__(self, message: str, hint: str = "", at: Path_ = (), key: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.at = at
        self.key = key  # the problem is the key at the end of `at` itself (unknown, misnamed), not its value

    def inside(self, *outer: str | int) -> Invalid:
        """The same problem, one level further out."""
        return Invalid(self.message, self.hint, (*outer, *self.at), self.key)


def path_text(at: Path_, prefix: str = "") -> str:
    """`('slides', 1, 'title')` as `slides[2].title`: list items counted from 1."""
    out = prefix
    for step in at:
        if isinstance(step, int):
            out += f"[{step + 1}]"
        else:
            out += f".{step}" if out else str(step)
    return out


class Invalids(Exception):
    """Several problems in one value, each located by its path."""

    def __init__(self, problems: list[Invalid]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def problems_of(exc: Invalid | Invalids) -> list[Invalid]:
    return exc.problems if isinstance(exc, Invalids) else [exc]


def kind_of(value: Any) -> str:
    """A user-facing name for the type of a loaded value."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return "a string"


def closest(word: str, choices: object) -> str | None:
    """The choice a misspelt word most likely meant, if one is close enough."""
    import difflib  # here: only a misspelt name needs it

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: object) -> str:
    """A 'did you mean' hint, or nothing."""
    meant = closest(word, choices)
    return f"did you mean '{meant}'?" if meant else ""


@dataclass(frozen=True)
class Option:
    """One key's value: `check` converts it or raises Invalid; `schema` and `kind` describe it."""

    help: str = ""
    default: Any = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def check(self, value: Any) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        return {}

    def kind(self) -> str:
        return "value"

    def described(self) -> dict[str, Any]:
        """The JSON Schema with this option's help and default."""
        out: dict[str, Any] = {"description": self.help} if self.help else {}
        if self.default is not None and not self.required:
            out["default"] = self.default
        return {**out, **self.schema()}


# Patterns stated once, in the syntax Python's re and JSON Schema (ECMA-262) share: no flags, [\s\S] for "any".
NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Z]{2})?$"
EXPRESSION = r"^\s*\{\{(?![\s\S]*\{\{)([\s\S]*)\}\}\s*$"  # one {{ }} and nothing around it: a value from vars
LOOP = r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(\S[\s\S]*?)\s*$"
DATE = r"^\d{4}-\d{2}-\d{2}([Tt ][0-9:.]+(Z|[+-][0-9:]+)?)?$"
NONBLANK = r"\S"
HEX = r"^#[0-9A-Fa-f]{6}$"
SLIDE_ID = r"^[a-z][a-z0-9_-]*$"


@dataclass(frozen=True)
class Text(Option):
    """Text: a string, or a number or date written as text. `nonblank`: empty text is refused."""

    nonblank: bool = False
    max_length: int | None = None
    nullable: bool = False  # null is accepted, as no text

    def check(self, value: Any) -> Any:
        if value is None and self.nullable:
            return None
        if isinstance(value, bool):
            raise Invalid("expected text, got true/false", QUOTE_HINT)
        if value is None or (self.nonblank and isinstance(value, str) and not value.strip()):
            if self.nonblank:
                raise Invalid("empty value", "write the text or remove the key")
            raise Invalid("expected text, got nothing (null)", "write the text or remove the key")
        if isinstance(value, (dict, list)):
            hint = (
                "a list is written one `- item` per line; this field takes one text"
                if isinstance(value, list)
                else 'put text that contains ": " in quotes'
            )
            raise Invalid(f"expected text, got {kind_of(value)}", hint)
        text = value if isinstance(value, str) else str(value)
        if self.max_length is not None and len(text) > self.max_length:
            raise Invalid(
                f"the text is {len(text)} characters long, more than the {self.max_length} allowed",
                "shorten it",
            )
        return text

    def schema(self) -> dict[str, Any]:
        if self.nonblank:
            return {"anyOf": [{"type": "string", "pattern": NONBLANK}, {"type": "number"}]}
        return {"type": ["string", "number"]}

    def kind(self) -> str:
        return "text"


@dataclass(frozen=True)
class Pattern(Option):
    """Text that matches a pattern; `what` names it in messages, `example` shows one."""

    pattern: str = ""
    what: str = ""
    example: str = ""
    label: str = ""  # the type's name in docs, when not `what`

    def check(self, value: Any) -> Any:
        # as JSON Schema reads a pattern
        if isinstance(value, str) and re.search(self.pattern, value):
            return value
        got = f"'{value}'" if isinstance(value, str) else kind_of(value)
        raise Invalid(
            f"expected {self.what}, got {got}", f"e.g. {self.example}" if self.example else ""
        )

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}

    def kind(self) -> str:
        return self.label or self.what


@dataclass(frozen=True)
class Number(Option):
    """A finite number between `low` and `high` (inclusive); `integer` for whole numbers only."""

    low: float = -math.inf
    high: float = math.inf
    integer: bool = False

    def check(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(
                f"expected a number, got {value!r}"
                if isinstance(value, str)
                else f"expected a number, got {kind_of(value)}"
            )
        if not math.isfinite(value):
            raise Invalid(f"expected a number, got {value}", "write a finite number")
        if self.integer and value != int(value):
            raise Invalid(f"expected a whole number, got {value}")
        if not self.low <= value <= self.high:
            raise Invalid(f"{value:g} is out of range: expected {self.low:g} to {self.high:g}")
        return int(value) if self.integer else float(value)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if math.isfinite(self.low):
            out["minimum"] = self.low
        if math.isfinite(self.high):
            out["maximum"] = self.high
        return out

    def kind(self) -> str:
        return "whole number" if self.integer else "number"


@dataclass(frozen=True)
class Flag(Option):
    """true or false, and nothing that merely looks like it."""

    def check(self, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        got = f"'{value}'" if isinstance(value, str) else kind_of(value)
        raise Invalid(f"expected true or false, got {got}", "write true or false, without quotes")

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def kind(self) -> str:
        return "true/false"


@dataclass(frozen=True)
class Choice(Option):
    """One of a fixed set of names."""

    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> Any:
        if isinstance(value, str) and value in self.choices:
            return value
        shown = f"'{value}'" if isinstance(value, str) else kind_of(value)
        hint = did_you_mean(str(value), self.choices) if isinstance(value, str) else ""
        raise Invalid(f"{shown} is not one of {', '.join(self.choices)}", hint)

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}

    def kind(self) -> str:
        return "one of " + ", ".join(f"`{c}`" for c in self.choices)


THEME_COLORS = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "tx1",
    "bg1",
    "tx2",
    "bg2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
)


@dataclass(frozen=True)
class Color(Option):
    """A theme colour (so a new theme recolours the deck) or #RRGGBB; `none` where `allow_none`."""

    allow_none: bool = False

    def check(self, value: Any) -> Any:
        text = value if isinstance(value, str) else None
        if text is not None and (
            text in THEME_COLORS or re.match(HEX, text) or (self.allow_none and text == "none")
        ):
            return text
        hint = did_you_mean(text, THEME_COLORS) if text else ""
        raise Invalid(
            f"colour {value!r} is not a theme colour ({', '.join(THEME_COLORS)}) or #RRGGBB"
            + (" or none" if self.allow_none else ""),
            hint,
        )

    def schema(self) -> dict[str, Any]:
        names = [*THEME_COLORS, *(["none"] if self.allow_none else [])]
        return {"anyOf": [{"enum": names}, {"type": "string", "pattern": HEX}]}

    def kind(self) -> str:
        return "theme colour or #RRGGBB"


@dataclass(frozen=True)
class Date(Option):
    """A date written YYYY-MM-DD (a time after it is ignored)."""

    def check(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise Invalid(
            f"expected a date like 2019-03-15, got {kind_of(value)}",
            "write it as YYYY-MM-DD, without quotes",
        )

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": DATE}

    def kind(self) -> str:
        return "date (YYYY-MM-DD)"


@dataclass(frozen=True)
class Numbers(Option):
    """A fixed number of numbers, e.g. a box `[x, y, width, height]`; `check_all` checks them together."""

    count: int = 4
    item: Number = field(default_factory=Number)
    names: str = ""
    check_all: Callable[[tuple[float, ...]], None] | None = None

    def check(self, value: Any) -> Any:
        if not isinstance(value, list) or len(value) != self.count:
            raise Invalid(
                f"expected a list of {self.count} numbers{f' ({self.names})' if self.names else ''}, "
                f"got {kind_of(value) if not isinstance(value, list) else f'{len(value)} items'}"
            )
        numbers = []
        for i, v in enumerate(value):
            try:
                numbers.append(self.item.check(v))
            except Invalid as exc:
                raise exc.inside(i) from None
        if self.check_all is not None:
            self.check_all(tuple(numbers))
        return tuple(numbers)

    def schema(self) -> dict[str, Any]:
        return {
            "type": "array",
            "minItems": self.count,
            "maxItems": self.count,
            "items": self.item.schema(),
        }

    def kind(self) -> str:
        return f"[{self.names}]" if self.names else f"{self.count} numbers"


@dataclass(frozen=True)
class ListOf(Option):
    """A list whose items each pass `item`; at least `min_items`, at most `max_items`."""

    item: Option = field(default_factory=Option)
    min_items: int = 0
    max_items: int | None = None
    string_hint: str = "write one `- item` per line"
    too_many_hint: str = ""  # the hint for more than max_items

    def check(self, value: Any) -> Any:
        if not isinstance(value, list):
            raise Invalid(
                f"expected a list, got {kind_of(value)}",
                self.string_hint if isinstance(value, str) else "write one `- item` per line",
            )
        if not value and self.min_items:
            raise Invalid(
                "expected a list with at least one item, got an empty list",
                "add items or remove the key",
            )
        out, problems = [], []
        for i, item in enumerate(value):
            try:
                out.append(self.item.check(item))
            except (Invalid, Invalids) as exc:
                problems.extend(p.inside(i) for p in problems_of(exc))
        if len(value) < self.min_items:
            problems.append(
                Invalid(
                    f"expected at least {self.min_items} items, got {len(value)}",
                    "add items or remove the key",
                )
            )
        if self.max_items is not None and len(value) > self.max_items:
            problems.append(
                Invalid(
                    f"expected at most {self.max_items} items, got {len(value)}", self.too_many_hint
                )
            )
        if problems:
            raise Invalids(problems)
        return out

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out

    def kind(self) -> str:
        return f"list of {self.item.kind()}"


@dataclass(frozen=True)
class Record(Option):
    """A mapping with declared keys, each an option; unknown keys are refused with 'did you mean'. `rules` checks
    the keys together once each is valid."""

    options: Mapping[str, Option] = field(default_factory=dict)
    rules: Callable[[dict[str, Any]], None] | None = None
    what: str = "a mapping"
    null_is_absent: bool = False  # `key: null` (or `key:` alone) counts as not given

    @cached_property
    def required_keys(self) -> tuple[str, ...]:
        """The keys that must be given, in order."""
        return tuple(key for key, option in self.options.items() if option.required)

    def check(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"expected {self.what}, got {kind_of(value)}")
        out: dict[str, Any] = {}
        problems: list[Invalid] = []
        misspelt: set[str] = set()  # keys an unknown key most likely meant: not also "missing"
        for key, item in value.items():
            option = self.options.get(key)
            if item is None and self.null_is_absent and option is not None and not option.required:
                continue
            if option is None:
                meant = closest(key, self.options)
                hint = (
                    f"did you mean '{meant}'?"
                    if meant
                    else f"known keys: {', '.join(self.options)}"
                )
                problems.append(Invalid(f"unknown key '{key}'", hint, (key,), key=True))
                misspelt.add(meant or "")
                continue
            try:
                out[key] = option.check(item)
            except (Invalid, Invalids) as exc:
                problems.extend(p.inside(key) for p in problems_of(exc))
        for key in self.required_keys:
            if key not in value and key not in misspelt:
                problems.append(Invalid(f"missing key '{key}'", f"add `{key}:`"))
        if problems:
            raise Invalids(problems)
        if self.rules is not None:
            self.rules(out)
        return out

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {k: o.described() for k, o in self.options.items()},
            "additionalProperties": False,
        }
        if self.required_keys:
            out["required"] = list(self.required_keys)
        return out

    def kind(self) -> str:
        return (
            "{" + ", ".join(f"{k}: ..." for k in self.options) + "}"
            if len(self.options) <= 3
            else "mapping"
        )


@dataclass(frozen=True)
class OneOf(Option):
    """The first of several options a value passes; the problem the first option found when none does."""

    choices: tuple[Option, ...] = ()
    # which option a value is meant for, to report its problem
    pick: Callable[[Any], int] | None = None

    def check(self, value: Any) -> Any:
        first: Invalid | Invalids | None = None
        for option in self.choices:
            try:
                return option.check(value)
            except (Invalid, Invalids) as exc:
                first = first or exc
        if self.pick is not None:
            return self.choices[self.pick(value)].check(value)
        raise first  # type: ignore[misc]

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [o.schema() for o in self.choices]}

    def kind(self) -> str:
        return ", or ".join(o.kind() for o in self.choices)


@dataclass(frozen=True)
class MapOf(Option):
    """A mapping from names (letters, digits and _) to values that each pass `value`."""

    value: Option = field(default_factory=Option)
    reserved: tuple[str, ...] = ()
    nullable: bool = False  # `key:` with nothing after it is an empty mapping

    def check(self, value: Any) -> Any:
        if value is None and self.nullable:
            return {}
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping of names to values, got {kind_of(value)}")
        out: dict[str, Any] = {}
        problems: list[Invalid] = []
        for key, item in value.items():
            name = str(key)
            if name in self.reserved:
                problems.append(
                    Invalid(
                        f"the name '{name}' is reserved (`{{{{ {name}.* }}}}` is made by make-deck)",
                        "choose another name",
                        (key,),
                        key=True,
                    )
                )
            elif not re.match(NAME, name):
                better = re.sub(r"\W", "_", name)
                better = better if re.match(NAME, better) else f"_{better}"
                problems.append(
                    Invalid(
                        f"'{name}' cannot be used as a variable name",
                        f"use letters, digits and _ only, e.g. '{better}'",
                        (key,),
                        key=True,
                    )
                )
            else:
                try:
                    out[name] = self.value.check(item)
                except (Invalid, Invalids) as exc:
                    problems.extend(p.inside(key) for p in problems_of(exc))
        if problems:
            raise Invalids(problems)
        return out

    def schema(self) -> dict[str, Any]:
        names: dict[str, Any] = {"pattern": NAME}
        if self.reserved:
            names["not"] = {"enum": list(self.reserved)}
        out: dict[str, Any] = {
            "type": ["object", "null"] if self.nullable else "object",
            "propertyNames": names,
        }
        value = self.value.schema()
        return {**out, "additionalProperties": value} if value else out

    def kind(self) -> str:
        return "mapping"
