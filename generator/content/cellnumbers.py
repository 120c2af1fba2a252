"""Numbers in data cells: read as Norwegian or English, held to a double's range, written in plain digits."""

from __future__ import annotations

import decimal
import math
import re

from generator.formats import float_decimal

Value = str | float | int | None

_SPACES = " \u00a0\u202f\u2009"
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_NUMBER_HINT = "write a number such as 1300, 1 300, 12,5 or 12.5"
MAX_DIGITS = 308  # digits before the decimal mark: the largest number a chart (a double) can hold


def parse_number(value: Value) -> float | int | None:
    """A number written the Norwegian or the English way ('1 300', '12,5', '12.5'); None when it is not one."""
    if is_number(value):
        return value  # type: ignore[return-value]
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u2212", "-")
    if not (_GROUPED.fullmatch(text) or _PLAIN.fullmatch(text)):
        return None
    text = re.sub(f"[{_SPACES}]", "", text).replace(",", ".")
    if any(c in text for c in ".eE") or len(text.lstrip("+-")) > MAX_DIGITS:
        return float(text)  # past a double's range: inf, which reading the file refuses
    return int(text)


def decimals_of(value: Value) -> int:
    """How many decimals a number is written with, in plain digits: `8,0` and `8.0` one, `1 300` none, `1e-7`
    seven, `1,5e21` none."""
    if isinstance(value, float):
        return max(0, -float_decimal(value).as_tuple().exponent) if math.isfinite(value) else 0
    if not isinstance(value, str) or parse_number(value) is None:
        return 0
    mantissa, _, exponent = value.strip().lower().partition("e")
    found = re.search(r"[.,](\d+)$", mantissa)
    return max(0, (len(found.group(1)) if found else 0) - _exponent(exponent))


def _exponent(text: str) -> int:
    """An exponent as written (`-7`, `+21`, or none); one of more than nine digits as a billion, what it means
    to a double (a number past its range or below its smallest)."""
    digits = text.lstrip("+-")
    if not digits:
        return 0
    if len(digits) > 9:
        return -(10**9) if text.startswith("-") else 10**9
    return int(text)


def in_range(number: float | int) -> bool:
    """Whether a number is one a chart holds: finite, and within a double's range (an int of 309 digits is not)."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def json_scalar(text: str) -> Value:
    """A plain JSON scalar: true and false as written, null as None, a number as `_number_as_written`, NaN and
    Infinity as floats (refused at their cell)."""
    if text in ("true", "false"):
        return text
    if text == "null":
        return None
    if parse_number(text) is None:
        return float(text)  # NaN, Infinity, -Infinity
    return number_as_written(text)


def number_as_written(text: str) -> Value:
    """A number read as parse_number reads it; one past a double's range stays the text it was written as, so
    the error at its cell quotes it (`1e309`, not Infinity)."""
    number = parse_number(text)
    if number is None:
        return text
    return number if in_range(number) else text


def is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def as_text(value: Value) -> str:
    """A cell as text: a float as the number it was written as, in plain digits (`1e+26` as 1 and 26 zeros,
    never its binary expansion; `1e-07` as 0.0000001), a whole one without decimals."""
    if not isinstance(value, float) or not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    number = float_decimal(value)
    return f"{number.normalize() if value.is_integer() else number:f}"


def as_decimal(number: float | int) -> decimal.Decimal:
    return float_decimal(number) if isinstance(number, float) else decimal.Decimal(number)


def not_a_number(value: Value, column: str, row: int) -> str:
    if value is None:
        return f"row {row} of column '{column}' is empty, and a number is needed"
    return f"'{value}' (row {row} of column '{column}') is not a number"


def number_hint(value: Value) -> str:
    text = "" if value is None else str(value)
    if "%" in text:
        return "write the number without '%' and put the unit in the title or the number format"
    if "," in text and "." in text:
        return "use a decimal comma or a decimal point, not both; group thousands with spaces (1 300,5)"
    return _NUMBER_HINT
