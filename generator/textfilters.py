"""Norwegian-aware Jinja filters built on Babel: dates, lists with 'og', plurals, numbers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from .cache import KeptValues, stamp

LOCALE_VAR = "_locale"


@cache
def _kept() -> KeptValues:
    """What Babel formatted in earlier runs: loading its locale data costs more than a build's other filters."""
    spec = importlib.util.find_spec("babel")
    origin = Path(spec.origin) if spec and spec.origin else None
    return KeptValues("babel", stamp(origin) if origin is not None else "babel")


def _babel(key: str, make: Callable[[], Any]) -> Any:
    return _kept().get(key, make)


def known_language(tag: str) -> bool:
    """Whether Babel has dates, lists and numbers for a language tag (nb-NO, or its language, nb); kept like
    Babel's other answers, so checking it does not import Babel."""
    def make() -> str:  # kept values are text
        from babel.localedata import exists

        return "yes" if exists(tag.replace("-", "_")) or exists(tag.split("-")[0]) else ""

    return _babel(f"known {tag}", make) == "yes"


def _locale(ctx: Context, locale: str | None) -> str:
    tag = locale or ctx.get(LOCALE_VAR) or "nb-NO"
    return tag.replace("-", "_")


def q(value: Any) -> str:
    """Quote any value as a YAML/JSON scalar so content can never change a layout's structure."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def to_date(value: Any) -> dt.date:
    """A date from a YAML date or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"expected a date like 2020-01-01, got '{value}'") from None


@pass_context
def long_date(ctx: Context, value: Any, locale: str | None = None) -> str:
    """`2020-01-01 | long_date` → '1. januar 2020' (nb and nn; `long_date('nn')` forces nynorsk)."""
    date, tag = to_date(value), _locale(ctx, locale)

    def make() -> str:
        from babel.dates import format_date

        return format_date(date, "d. MMMM y", locale=tag)

    return _babel(f"long_date {date.isoformat()} {tag}", make)


@pass_context
def and_list(ctx: Context, items: Iterable[Any], locale: str | None = None) -> str:
    """`['Horten', 'Larvik', 'Skien'] | and_list` → 'Horten, Larvik og Skien' (one text stays whole)."""
    if isinstance(items, str):
        items = [items]
    texts, tag = [str(i) for i in items], _locale(ctx, locale)

    def make() -> str:
        from babel.lists import format_list

        return format_list(texts, locale=tag)

    return _babel(f"and_list {tag} {json.dumps(texts, ensure_ascii=False)}", make)


@pass_context
def plural(ctx: Context, count: Any, one: str, other: str, locale: str | None = None) -> str:
    """`6 | plural('kommune', 'kommuner')` → '6 kommuner'; the plural rule comes from Babel."""
    count, tag = _count(count), _locale(ctx, locale)

    def make() -> str:
        from babel import Locale

        return Locale.parse(tag).plural_form(count)

    form = _babel(f"plural {type(count).__name__} {count!r} {tag}", make)
    return f"{decimal_text(count, tag)} {one if form == 'one' else other}"


def _count(value: Any) -> int | float:
    """A number to choose a plural form by: a number, a number written as text, or a list's length."""
    if isinstance(value, bool):
        raise ValueError("plural: expected a number or a list, got true/false")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.replace(",", ".")) if any(c in value for c in ".,") else int(value)
        except ValueError:
            raise ValueError(f"plural: expected a number or a list, got '{value}'") from None
    return len(value)


@pass_context
def number(ctx: Context, value: Any, locale: str | None = None) -> str:
    """`1300 | number` → '1 300' (the locale's grouping)."""
    return decimal_text(value, _locale(ctx, locale))


def decimal_text(value: Any, tag: str) -> str:
    """`format_decimal` in a locale (`nb_NO`); kept for ints and floats (other values go to Babel every time)."""
    def make() -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=tag)

    if type(value) not in (int, float):
        return make()
    return _babel(f"number {type(value).__name__} {value!r} {tag}", make)


FILTERS = {
    "q": q,
    "long_date": long_date,
    "and_list": and_list,
    "plural": plural,
    "number": number,
}
