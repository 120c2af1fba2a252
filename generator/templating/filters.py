"""Jinja filters for content and layouts: dates, lists with 'og', plurals, numbers, `q`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from generator import formats

LOCALE_VAR = "_locale"


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
    return formats.long_date(to_date(value), _locale(ctx, locale))


@pass_context
def and_list(ctx: Context, items: Iterable[Any], locale: str | None = None) -> str:
    """`['Horten', 'Larvik', 'Skien'] | and_list` → 'Horten, Larvik og Skien' (one text stays
    whole)."""
    if isinstance(items, str):
        items = [items]
    return formats.and_list([str(i) for i in items], _locale(ctx, locale))


@pass_context
def plural(ctx: Context, count: Any, one: str, other: str, locale: str | None = None) -> str:
    """`6 | plural('kommune', 'kommuner')` → '6 kommuner'; the plural rule comes from Babel."""
    count, tag = _count(count), _locale(ctx, locale)
    form = formats.plural_form(count, tag)
    return f"{formats.decimal_text(count, tag)} {one if form == 'one' else other}"


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
    return formats.decimal_text(value, _locale(ctx, locale))


FILTERS = {
    "q": q,
    "long_date": long_date,
    "and_list": and_list,
    "plural": plural,
    "number": number,
}
