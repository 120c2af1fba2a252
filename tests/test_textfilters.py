"""The Norwegian text filters: dates, lists with 'og', plurals and numbers, in bokmål and nynorsk."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined

from generator import formats
from generator.formats import known_language
from generator.templating.filters import FILTERS, LOCALE_VAR

from .conftest import REPO


def render(source: str, locale: str = "nb-NO", **values: object) -> str:
    env = Environment(undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env.from_string(source).render(**values, **{LOCALE_VAR: locale})


@pytest.mark.parametrize("locale", ["nb-NO", "nn-NO"])
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.date(2020, 1, 1), "1. januar 2020"),
        ("2019-03-15", "15. mars 2019"),
        (dt.date(2024, 5, 4), "4. mai 2024"),
        (dt.datetime(2018, 12, 31, 23, 0), "31. desember 2018"),
    ],
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
    [
        (["Horten"], "Horten"),
        (["Horten", "Larvik"], "Horten og Larvik"),
        (["Horten", "Larvik", "Skien"], "Horten, Larvik og Skien"),
    ],
)
def test_and_list_joins_with_og(locale: str, items: list[str], text: str) -> None:
    assert render("{{ xs | and_list }}", locale, xs=items) == text


def test_and_list_follows_the_deck_language() -> None:
    assert render("{{ xs | and_list }}", "en-GB", xs=["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize("locale", ["nb-NO", "nn-NO"])
@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 kommuner"), (1, "1 kommune"), (6, "6 kommuner"), (23, "23 kommuner")]
)
def test_plural_chooses_the_form_by_count(locale: str, count: int, text: str) -> None:
    assert render("{{ n | plural('kommune', 'kommuner') }}", locale, n=count) == text


def test_plural_counts_a_list() -> None:
    assert render("{{ xs | plural('kommune', 'kommuner') }}", xs=["Horten"] * 17) == "17 kommuner"


def test_number_groups_thousands_the_norwegian_way() -> None:
    assert render("{{ 1300 | number }}") == "1\u00a0300"


@pytest.mark.parametrize(
    "value", ['a: "b"', "line\nbreak", "«sitat»", "{{ not jinja }}", "- dash", 12, None]
)
def test_q_makes_any_value_a_safe_yaml_scalar(value: object) -> None:
    import yaml

    assert yaml.safe_load(f"x: {render('{{ v | q }}', v=value)}") == {"x": value}


def test_a_build_uses_babels_earlier_answers_without_loading_it(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom generator.commands.app import main\ntry:\n    main()\nfinally:\n"
        "    sys.stderr.write(f'babel loaded: {\"babel\" in sys.modules}\\n')\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    decks = []
    for run in range(2):
        decks.append(tmp_path / f"{run}.pptx")
        done = subprocess.run(
            [sys.executable, "-c", script, "content/2019.yaml", "-o", str(decks[-1])],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        # the first run asks Babel, the second reads its answers
        assert f"babel loaded: {run == 0}" in done.stderr
    assert decks[0].read_bytes() == decks[1].read_bytes()


def test_kept_babel_answers_are_the_ones_babel_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.dates import format_date
    from babel.numbers import format_decimal

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    formats._kept.cache_clear()
    try:
        env = Environment(undefined=StrictUndefined)
        env.filters.update(FILTERS)
        text = "{{ d | long_date }} {{ n | number }} {{ 2 | plural('kommune', 'kommuner') }}"
        first = env.from_string(text).render(
            d=dt.date(2024, 1, 1), n=1300.5, **{LOCALE_VAR: "nn-NO"}
        )
        formats._kept.cache_clear()  # a later run: read back from the file
        again = env.from_string(text).render(
            d=dt.date(2024, 1, 1), n=1300.5, **{LOCALE_VAR: "nn-NO"}
        )
        expected = (
            f"{format_date(dt.date(2024, 1, 1), 'd. MMMM y', locale='nn_NO')} "
            f"{format_decimal(1300.5, locale='nn_NO')} 2 kommuner"
        )
        assert first == again == expected
        assert formats._kept().values  # they were kept
    finally:
        formats._kept.cache_clear()


def test_a_language_babel_has_is_known_and_a_made_up_one_is_not() -> None:
    assert known_language("nb-NO") and known_language("nn-NO") and known_language("se-NO")
    assert not known_language("xx-YY")
