"""Dates, lists, plural forms and numbers as a language writes them (Babel), kept between runs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from generator.cache import KeptValues, stamp


@cache
def _kept() -> KeptValues:
    """What Babel formatted in earlier runs: loading its locale data costs more than a build's
    other filters."""
    spec = importlib.util.find_spec("babel")
    origin = Path(spec.origin) if spec and spec.origin else None
    return KeptValues("babel", stamp(origin) if origin is not None else "babel")


def _babel(key: str, make: Callable[[], Any]) -> Any:
    return _kept().get(key, make)


def known_language(tag: str) -> bool:
    """Whether Babel has dates, lists and numbers for a language tag (nb-NO, or its language, nb);
    kept like Babel's other answers, so checking it does not import Babel."""

    def make() -> str:  # kept values are text
        from babel.localedata import exists

        return "yes" if exists(tag.replace("-", "_")) or exists(tag.split("-")[0]) else ""

    return _babel(f"known {tag}", make) == "yes"


def long_date(date: dt.date, tag: str) -> str:
    """'1. januar 2020' in a locale (`nb_NO`)."""

    def make() -> str:
        from babel.dates import format_date

        return format_date(date, "d. MMMM y", locale=tag)

    return _babel(f"long_date {date.isoformat()} {tag}", make)


def and_list(texts: list[str], tag: str) -> str:
    """'Horten, Larvik og Skien' in a locale (`nb_NO`)."""

    def make() -> str:
        from babel.lists import format_list

        return format_list(texts, locale=tag)

    return _babel(f"and_list {tag} {json.dumps(texts, ensure_ascii=False)}", make)


def plural_form(count: int | float, tag: str) -> str:
    """The plural category of a count in a locale (`nb_NO`): 'one' or 'other', as CLDR names them."""

    def make() -> str:
        from babel import Locale

        return Locale.parse(tag).plural_form(count)

    return _babel(f"plural {type(count).__name__} {count!r} {tag}", make)


def decimal_text(value: Any, tag: str) -> str:
    """`format_decimal` in a locale (`nb_NO`); kept for ints and floats (other values go to Babel
    every time)."""

    def make() -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=tag)

    if type(value) not in (int, float):
        return make()
    return _babel(f"number {type(value).__name__} {value!r} {tag}", make)
