"""Norway's counties and municipalities per year, from SSB's register shipped with the package, and name checks."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DeckError, Location

REGISTER = Path(__file__).resolve().parent / "data" / "norway-municipalities.json"
# Letters NFKD does not take apart, folded for suggestions only (names are always compared exactly).
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ŋ": "n", "ŧ": "t", "ł": "l", "ß": "ss"})


@dataclass(frozen=True)
class Municipality:
    """A municipality: SSB's four-digit number and SSB's official name, parallel Sámi/Kven forms included."""

    number: str
    name: str

    @property
    def plain(self) -> str:
        """The name as people in its county write it: without SSB's `(county)` that tells apart names
        used in two counties (`Våler (Innlandet)` is `Våler` in Innlandet)."""
        return self.name.split(" (", 1)[0]


@dataclass(frozen=True)
class County:
    """A county in one year with its municipalities in SSB's order; `official_name` where SSB gives a longer form."""

    number: str
    name: str
    year: int
    municipalities: tuple[Municipality, ...]
    official_name: str = ""

    @property
    def formed(self) -> dt.date | None:
        """The day the county began in the form it has in its year; None for a county the reforms of 2018,
        2020 and 2024 left as it was (Oslo, Rogaland, Møre og Romsdal, Nordland)."""
        return FORMED.get(self.year, {}).get(self.number)

    @property
    def label(self) -> str:
        """How messages name the county: `Vestfold (39)`."""
        return f"{self.name} ({self.number})"


# The day each county the reforms made began: Trøndelag by the Storting's decision of 8 June 2016, the
# counties of the regionreform (Prop. 84 S (2016-2017)) on 1 January 2020, and those divided again
# (Innst. 428 S (2021-2022)) on 1 January 2024.
_REFORM_2020 = dt.date(2020, 1, 1)
_SPLIT_2024 = dt.date(2024, 1, 1)
_TRONDELAG = dt.date(2018, 1, 1)
FORMED: dict[int, dict[str, dt.date]] = {
    2020: {
        **dict.fromkeys(("30", "34", "38", "42", "46", "54"), _REFORM_2020),
        "50": _TRONDELAG,
    },
    2024: {
        **dict.fromkeys(("31", "32", "33", "39", "40", "55", "56"), _SPLIT_2024),
        **dict.fromkeys(("34", "42", "46"), _REFORM_2020),
        "50": _TRONDELAG,
    },
}


@functools.cache
def _register() -> dict[int, tuple[County, ...]]:
    data = json.loads(REGISTER.read_text(encoding="utf-8"))
    return {
        int(year): tuple(
            County(
                number=c["number"],
                name=c["name"],
                year=int(year),
                municipalities=tuple(
                    Municipality(m["number"], m["name"]) for m in c["municipalities"]
                ),
                official_name=c.get("official_name", ""),
            )
            for c in counties
        )
        for year, counties in data["years"].items()
    }


def years() -> tuple[int, ...]:
    """The years the register holds."""
    return tuple(sorted(_register()))


def counties(year: int, *, location: Location | None = None, path: str = "") -> tuple[County, ...]:
    """The counties of `year` in number order; an unknown year raises DeckError (at `location`, where the
    year was written) naming the years there are."""
    register = _register()
    if year not in register:
        shown = ", ".join(str(y) for y in years())
        raise DeckError(
            f"no municipality register for {year}",
            location,
            path=path,
            hint=f"the register has the years {shown}",
        )
    return register[year]


def county(
    number: str | int, year: int, *, location: Location | None = None, path: str = ""
) -> County:
    """The county with this number (`39`, `"39"`, `"03"`, `3`) or name (`Agder`, `agder`, `Romsa`) in
    `year`; DeckError with suggestions otherwise."""
    all_counties = counties(year, location=location, path=path)
    key = _county_key(number)
    folded = _fold(str(number))
    for found in all_counties:
        if found.number == key or (not key and folded in _county_forms(found)):
            return found
    raise DeckError(
        f"no county {key or repr(number)} in {year}",
        location,
        path=path,
        hint=_county_hint(number, key, year, all_counties),
    )


def _county_forms(county: County) -> set[str]:
    """A county's names folded: `Troms` and each form of `Troms - Romsa - Tromssa`."""
    names = (county.name, county.official_name, *county.official_name.split(" - "))
    return {_fold(name) for name in names if name}


def _county_key(number: str | int) -> str:
    if isinstance(number, int):
        return f"{number:02d}"
    text = str(number).strip()
    return text.zfill(2) if text.isdigit() else ""


def _county_hint(number: str | int, key: str, year: int, all_counties: tuple[County, ...]) -> str:
    listed = ", ".join(f"{c.number} {c.name}" for c in all_counties)
    guesses = _county_guesses(str(number), key, year, all_counties)
    others = [y for y in years() if y != year and any(c.number == key for c in _register()[y])]
    parts = []
    if others:
        then = next(c for c in _register()[others[0]] if c.number == key)
        parts.append(f"{key} is {then.name} in {', '.join(map(str, others))}")
    if guesses:
        parts.append("did you mean " + " or ".join(f"{c.number} ({c.name})" for c in guesses) + "?")
    parts.append(
        f"counties in {year}: {listed}; the register has the years {', '.join(map(str, years()))}"
    )
    return "; ".join(parts)


def _county_guesses(
    text: str, key: str, year: int, all_counties: tuple[County, ...]
) -> list[County]:
    """Counties a wrong number or name most likely meant: by name, by the other year's municipalities, by number."""
    folded = _fold(text)
    if not key:
        forms = {form: c for c in all_counties for form in _county_forms(c)}
        close = difflib.get_close_matches(folded, list(forms), n=1, cutoff=0.75)
        return [forms[close[0]]] if close else []
    for other in years():
        then = next((c for c in _register()[other] if c.number == key), None)
        if other != year and then:
            names = {m.name for m in then.municipalities}
            return [c for c in all_counties if names & {m.name for m in c.municipalities}]
    # a number one or two off, or its digits swapped: a slip of the finger, not a county far away
    near = sorted(all_counties, key=lambda c: abs(int(c.number) - int(key)))[:1]
    return [c for c in all_counties if c in near and abs(int(c.number) - int(key)) <= 2] or [
        c for c in all_counties if c.number == key[::-1]
    ]


def check_names(names: Sequence[tuple[str, Location]], county: County) -> list[DeckError]:
    """One DeckError per name that is not a municipality of `county` (in its year): SSB's name, or the name as
    the county writes it (`Våler` for `Våler (Innlandet)`)."""
    own = {m.name for m in county.municipalities} | {m.plain for m in county.municipalities}
    seen: dict[str, Location] = {}
    errors = []
    for name, location in names:
        if name in seen:
            errors.append(
                DeckError(
                    f"'{name}' is listed twice", location, also=seen[name], also_label="first at"
                )
            )
            continue
        seen[name] = location
        if name not in own:
            errors.append(_name_error(name, location, county))
    return errors


def _name_error(name: str, location: Location, county: County) -> DeckError:
    where = f"{county.label} in {county.year}"
    elsewhere = _find_exact(name, county.year)
    if elsewhere:
        return DeckError(
            f"'{name}' is in {elsewhere.label} in {county.year}, not in {county.label}",
            location,
            hint=f"remove it, or use county {elsewhere.number}",
        )
    hints = [_other_year_note(name, county)]
    suggestion = _suggest(name, county)
    if suggestion:
        hints.append(f"did you mean {suggestion}?")
    elif not hints[0]:
        hints.append(
            "the municipalities there are "
            + ", ".join(f"'{m.name}'" for m in county.municipalities)
        )
    return DeckError(
        f"unknown municipality '{name}' in {where}", location, hint="; ".join(h for h in hints if h)
    )


def _find_exact(name: str, year: int) -> County | None:
    return next((c for c in counties(year) if any(m.name == name for m in c.municipalities)), None)


def _other_year_note(name: str, county: County) -> str:
    """What the name was in another year, and what that municipality is called in the county's year."""
    for other in years():
        then = _find_exact(name, other) if other != county.year else None
        if then is None:
            continue
        number = next(m.number for m in then.municipalities if m.name == name)
        now = next(
            (m for c in counties(county.year) for m in c.municipalities if m.number == number), None
        )
        note = f"'{name}' is a municipality of {then.label} in {other}, not in {county.year}"
        if now:
            note += f" (municipality {number} is called '{now.name}' in {county.year})"
        return note
    return ""


def _suggest(name: str, county: County) -> str:
    """Names of the county (or, failing that, of its year) equal to `name` ignoring case, diacritics and parts."""
    folded = _fold(name)
    own = [m.name for m in county.municipalities if folded in _forms(m.name)]
    if own:
        return " or ".join(f"'{n}'" for n in own)
    for other in counties(county.year):
        match = [m.name for m in other.municipalities if folded in _forms(m.name)]
        if match and other != county:
            return f"'{match[0]}' (in {other.label})"
    forms = {form: m.name for m in county.municipalities for form in _forms(m.name)}
    close = difflib.get_close_matches(folded, list(forms), n=2, cutoff=0.75)
    names = list(dict.fromkeys(forms[c] for c in close))
    return " or ".join(f"'{n}'" for n in names)


def _forms(name: str) -> set[str]:
    """The folded full name, each of its ` - ` parts and the name without SSB's `(county)` suffix:
    `Porsanger - Porsángu - Porsanki` has four forms, `Herøy (Nordland)` two."""
    return {_fold(name), _fold(name.split(" (")[0]), *(_fold(part) for part in name.split(" - "))}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
