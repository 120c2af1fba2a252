"""The Norwegian text filters: dates, lists with 'og', plurals and numbers, in bokmål and nynorsk."""

from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import Environment, StrictUndefined

from generator.textfilters import FILTERS, LOCALE_VAR


def render(source: str, locale: str = "nb-NO", **values: object) -> str:
    env = Environment(undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env.from_string(source).render(**values, **{LOCALE_VAR: locale})


@pytest.mark.parametrize("locale", ["nb-NO", "nn-NO"])
@pytest.mark.parametrize(
    ("value", "text"),
    [(dt.date(2020, 1, 1), "1. januar 2020"), ("2019-03-15", "15. mars 2019"), (dt.date(2024, 5, 4), "4. mai 2024"),
     (dt.datetime(2018, 12, 31, 23, 0), "31. desember 2018")],
)
def test_long_date_is_norwegian(locale: str, value: object, text: str) -> None:
    assert render("{{ d | long_date }}", locale, d=value) == text


def test_long_date_can_force_nynorsk_month_names() -> None:
    # Babel's nynorsk and bokmål month names agree for most months; the locale argument is honoured.
    assert render("{{ d | long_date('nn') }}", "nb-NO", d=dt.date(2020, 1, 1)) == "1. januar 2020"


def test_long_date_rejects_text_that_is_not_a_date() -> None:
    with pytest.raises(ValueError, match="expected a date"):
        render("{{ d | long_date }}", d="i morgen")


@pytest.mark.parametrize("locale", ["nb-NO", "nn-NO"])
@pytest.mark.parametrize(
    ("items", "text"),
    [(["Horten"], "Horten"), (["Horten", "Larvik"], "Horten og Larvik"),
     (["Horten", "Larvik", "Skien"], "Horten, Larvik og Skien")],
)
def test_and_list_joins_with_og(locale: str, items: list[str], text: str) -> None:
    assert render("{{ xs | and_list }}", locale, xs=items) == text


def test_and_list_follows_the_deck_language() -> None:
    assert render("{{ xs | and_list }}", "en-GB", xs=["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize("locale", ["nb-NO", "nn-NO"])
@pytest.mark.parametrize(("count", "text"), [(0, "0 kommuner"), (1, "1 kommune"), (6, "6 kommuner"),
                                              (23, "23 kommuner")])
def test_plural_chooses_the_form_by_count(locale: str, count: int, text: str) -> None:
    assert render("{{ n | plural('kommune', 'kommuner') }}", locale, n=count) == text


def test_plural_counts_a_list() -> None:
    assert render("{{ xs | plural('kommune', 'kommuner') }}", xs=["Horten"] * 17) == "17 kommuner"


def test_number_groups_thousands_the_norwegian_way() -> None:
    assert render("{{ 1300 | number }}") == "1\u00a0300"


@pytest.mark.parametrize("value", ['a: "b"', "line\nbreak", "«sitat»", "{{ not jinja }}", "- dash", 12, None])
def test_q_makes_any_value_a_safe_yaml_scalar(value: object) -> None:
    import yaml

    assert yaml.safe_load(f"x: {render('{{ v | q }}', v=value)}") == {"x": value}
