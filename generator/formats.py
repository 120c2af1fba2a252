"""Dates, lists, plural forms and numbers as a language writes them (Babel), kept between runs."""

from __future__ import annotations

import datetime as dt
import decimal
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


# The significant digits a double holds whatever its value: a float is shown with at most these.
SIGNIFICANT = 15
# Languages whose typography writes a negative number with the minus sign (U+2212), not a hyphen.
MINUS_LANGUAGES = ("nb", "nn", "no", "se", "sv", "fi")
_ROUNDING = decimal.Context(prec=SIGNIFICANT)


def float_decimal(number: float) -> decimal.Decimal:
    """A finite float as the decimal number it was written as: its shortest form (`1e+26`, `0.1`, `8.0`, never
    its binary expansion), rounded to 15 significant digits when it has more (`0.30000000000000004` is 0.3)."""
    exact = decimal.Decimal(repr(number))
    if len(exact.as_tuple().digits) <= SIGNIFICANT:
        return exact
    return _ROUNDING.plus(exact).normalize(_ROUNDING)


def decimal_text(value: Any, tag: str, pattern: str | None = None) -> str:
    """`format_decimal` in a locale (`nb_NO`), with a number format pattern (`#,##0.0`) or the locale's own
    (at most three decimals); any finite number however large in plain digits, never in E-notation: a float
    with at most 15 significant digits (`1e26` is 1 followed by 26 zeros), an int digit for digit; a number
    that rounds to zero without a minus; its minus sign as the language writes it. Kept for ints and floats
    (other values go to Babel every time)."""

    def make() -> str:
        from babel.numbers import format_decimal

        number = float_decimal(value) if _finite_float(value) else value
        # Babel rounds in the current decimal context: give it room for every digit of the number
        with decimal.localcontext() as context:
            context.prec = max(context.prec, _digits(number) + len(pattern or "") + 40)
            text = format_decimal(number, format=pattern, locale=tag)
            if isinstance(number, decimal.Decimal) and _zero_with_sign(number, text):
                text = format_decimal(number.copy_abs(), format=pattern, locale=tag)
        return text

    if type(value) not in (int, float):
        text = make()
    else:
        shape = f" {pattern}" if pattern else ""
        text = _babel(f"shown {type(value).__name__} {value!r} {tag}{shape}", make)
    return with_minus(text, tag)


def _finite_float(value: Any) -> bool:
    return isinstance(value, float) and math.isfinite(value)


def _zero_with_sign(number: decimal.Decimal, text: str) -> bool:
    """Whether a negative number (or -0.0) came out as zero in its format: -0,04 as `-0,0`."""
    return number.is_signed() and not re.search("[1-9]", text)


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
