"""Dates, lists, plural forms and numbers as a language writes them (Babel), kept between runs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import re
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


SCIENTIFIC = 1e21  # a float this large is shown as 1E21: a double holds 17 significant digits
# Languages whose typography writes a negative number with the minus sign (U+2212), not a hyphen.
MINUS_LANGUAGES = ("nb", "nn", "no", "se", "sv", "fi")


def decimal_text(value: Any, tag: str, pattern: str | None = None) -> str:
    """`format_decimal` in a locale (`nb_NO`), with a number format pattern (`#,##0.0`) or the locale's own;
    any finite number however large (a float of 10^21 or more in scientific notation, `1,5E300`, whatever
    the pattern, as its digits past the 17th mean nothing), its minus sign as the language writes it.
    Kept for ints and floats (other values go to Babel every time)."""

    def make() -> str:
        import decimal

        from babel.numbers import format_decimal, format_scientific

        # Babel rounds in the current decimal context: give it room for every digit of the number
        with decimal.localcontext() as context:
            context.prec = max(context.prec, _digits(value) + 40)
            if isinstance(value, float) and abs(value) >= SCIENTIFIC:
                return format_scientific(value, locale=tag)
            return format_decimal(value, format=pattern, locale=tag)

    if type(value) not in (int, float):
        text = make()
    else:
        shape = f" {pattern}" if pattern else ""
        text = _babel(f"formatted {type(value).__name__} {value!r} {tag}{shape}", make)
    return with_minus(text, tag)


def with_minus(text: str, tag: str) -> str:
    """A formatted number with the language's minus sign: U+2212 in Norwegian (and its neighbours), as
    Språkrådet's rules for numbers have it; a hyphen elsewhere."""
    if re.split(r"[-_]", tag, maxsplit=1)[0].lower() in MINUS_LANGUAGES:
        return text.replace("-", "\u2212")
    return text


def _digits(value: Any) -> int:
    """How many digits a number has before its decimal mark (at least 1)."""
    try:
        magnitude = abs(float(value))
    except (TypeError, ValueError, OverflowError):
        return 400
    if not math.isfinite(magnitude):
        return 400
    return int(math.log10(magnitude)) + 1 if magnitude >= 1 else 1
