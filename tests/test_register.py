"""SSB's municipality register: counts, official names, and the errors a wrong county or name gives."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import DeckError, Location
from generator.norway import register

HERE = Location("content/editions/vestfold-2024.yaml", 14, 18)


def names(county: register.County) -> list[str]:
    return [m.name for m in county.municipalities]


@pytest.mark.parametrize(
    ("year", "county_count", "municipality_count"), [(2020, 11, 356), (2024, 15, 357)]
)
def test_register_counts_counties_and_municipalities(
    year: int, county_count: int, municipality_count: int
) -> None:
    counties = register.counties(year)
    assert len(counties) == county_count
    assert sum(len(c.municipalities) for c in counties) == municipality_count
    assert len({m.number for c in counties for m in c.municipalities}) == municipality_count


@pytest.mark.parametrize(
    ("number", "year", "name", "count"),
    [(38, 2020, "Vestfold og Telemark", 23), (39, 2024, "Vestfold", 6), (40, 2024, "Telemark", 17)],
)
def test_county_has_its_municipalities(number: int, year: int, name: str, count: int) -> None:
    county = register.county(number, year)
    assert (county.name, county.year, len(county.municipalities)) == (name, year, count)
    assert all(m.number[:2] == county.number for m in county.municipalities)


def test_vestfold_2024_lists_ssb_names_in_ssb_order() -> None:
    assert names(register.county("39", 2024)) == [
        "Horten",
        "Holmestrand",
        "Tønsberg",
        "Sandefjord",
        "Larvik",
        "Færder",
    ]


@pytest.mark.parametrize("number", [3, "3", "03", " 03 "])
def test_county_number_may_be_given_as_int_or_string(number: str | int) -> None:
    assert register.county(number, 2024).name == "Oslo"


@pytest.mark.parametrize(
    ("year", "number", "name"),
    [
        (2024, "5622", "Porsanger - Porsángu - Porsanki"),
        (2024, "5610", "Kárášjohka - Karasjok"),
        (2024, "1833", "Rana - Raane"),
        (2020, "1833", "Rana"),
        (2024, "1515", "Herøy (Møre og Romsdal)"),
        (2024, "5025", "Røros - Rosse"),
    ],
)
def test_official_names_are_kept_exactly(year: int, number: str, name: str) -> None:
    found = {m.number: m.name for c in register.counties(year) for m in c.municipalities}
    assert found[number] == name


def test_county_official_names_are_kept() -> None:
    assert register.county(55, 2024).official_name == "Troms - Romsa - Tromssa"
    assert register.county(39, 2024).official_name == ""


def test_unknown_year_names_the_years_there_are() -> None:
    with pytest.raises(DeckError) as raised:
        register.county(39, 2023)
    assert (
        raised.value.message
        == "no municipality register for 2023; the register has the years 2020, 2024"
    )


def test_unknown_county_suggests_a_county_of_that_year() -> None:
    with pytest.raises(DeckError) as raised:
        register.county(41, 2024, location=HERE, path="data.county")
    message = raised.value.message
    assert message.startswith(
        "content/editions/vestfold-2024.yaml:14:18: data.county: no county 41 in 2024; "
    )
    assert "did you mean 40 (Telemark)?" in message
    assert "counties in 2024: 03 Oslo, 11 Rogaland" in message
    assert "the register has the years 2020, 2024" in message


def test_county_of_the_other_year_points_to_its_successors() -> None:
    with pytest.raises(DeckError) as raised:
        register.county(38, 2024)
    assert (
        "38 is Vestfold og Telemark in 2020; did you mean 39 (Vestfold) or 40 (Telemark)?"
        in raised.value.message
    )
    with pytest.raises(DeckError) as raised:
        register.county(40, 2020)
    assert "did you mean 38 (Vestfold og Telemark)?" in raised.value.message


def test_county_given_by_name_is_found_and_a_misspelt_one_suggests_its_number() -> None:
    assert register.county("Telemark", 2024).number == "40"
    assert register.county("romsa", 2024).number == "55"  # a form of Troms - Romsa - Tromssa
    with pytest.raises(DeckError) as raised:
        register.county("Telemrak", 2024)
    assert "no county 'Telemrak' in 2024; did you mean 40 (Telemark)?" in raised.value.message


def test_a_number_far_from_any_county_suggests_none() -> None:
    with pytest.raises(DeckError) as raised:
        register.county(99, 2024)
    assert "did you mean" not in raised.value.message


def test_names_of_the_county_pass() -> None:
    vestfold = register.county(39, 2024)
    assert register.check_names([(name, HERE) for name in names(vestfold)], vestfold) == []


def test_misspelt_name_suggests_the_official_one() -> None:
    [error] = register.check_names([("Tonsberg", HERE)], register.county(39, 2024))
    assert error.message == (
        "content/editions/vestfold-2024.yaml:14:18: "
        "unknown municipality 'Tonsberg' in Vestfold (39) in 2024; did you mean 'Tønsberg'?"
    )
    assert error.location == HERE


@pytest.mark.parametrize("name", ["tønsberg", "TONSBERG", "Tønsberg ", "Tønsbergg"])
def test_names_differing_in_case_or_letters_suggest_the_official_one(name: str) -> None:
    [error] = register.check_names([(name, HERE)], register.county(39, 2024))
    assert error.hint == "did you mean 'Tønsberg'?"


@pytest.mark.parametrize(
    ("number", "form", "official"),
    [
        (56, "Porsanger", "Porsanger - Porsángu - Porsanki"),
        (56, "Porsáŋgu", "Porsanger - Porsángu - Porsanki"),
        (56, "porsanki", "Porsanger - Porsángu - Porsanki"),
        (56, "Karasjok", "Kárášjohka - Karasjok"),
        (18, "Rana", "Rana - Raane"),
        (18, "herøy", "Herøy (Nordland)"),
    ],
)
def test_one_form_of_an_official_name_suggests_the_whole_name(
    number: int, form: str, official: str
) -> None:
    [error] = register.check_names([(form, HERE)], register.county(number, 2024))
    assert error.hint.endswith(f"did you mean '{official}'?")


@pytest.mark.parametrize(("number", "name"), [(18, "Herøy"), (34, "Våler"), (31, "Våler")])
def test_a_name_as_its_county_writes_it_passes_without_ssbs_suffix(number: int, name: str) -> None:
    county = register.county(number, 2024)
    assert register.check_names([(name, HERE)], county) == []
    assert name in [m.plain for m in county.municipalities]


def test_name_in_another_county_names_that_county() -> None:
    [error] = register.check_names([("Skien", HERE)], register.county(39, 2024))
    assert error.problem == "'Skien' is in Telemark (40) in 2024, not in Vestfold (39)"


def test_name_of_the_other_year_says_so() -> None:
    [error] = register.check_names([("Rana", HERE)], register.county(18, 2024))
    assert error.problem == "unknown municipality 'Rana' in Nordland (18) in 2024"
    assert "'Rana' is a municipality of Nordland (18) in 2020, not in 2024" in error.hint
    assert "municipality 1833 is called 'Rana - Raane' in 2024" in error.hint
    [error] = register.check_names([("Haram", HERE)], register.county(15, 2020))
    assert "'Haram' is a municipality of Møre og Romsdal (15) in 2024, not in 2020" in error.hint


def test_name_found_nowhere_lists_the_county_municipalities() -> None:
    [error] = register.check_names([("Atlantis", HERE)], register.county(39, 2024))
    assert error.hint == (
        "the municipalities there are 'Horten', 'Holmestrand', 'Tønsberg', 'Sandefjord', 'Larvik', 'Færder'"
    )


def test_name_listed_twice_points_at_the_first() -> None:
    first, second = Location("c.yaml", 3, 5), Location("c.yaml", 9, 5)
    [error] = register.check_names(
        [("Horten", first), ("Horten", second)], register.county(39, 2024)
    )
    assert error.message == "c.yaml:9:5: 'Horten' is listed twice (first at c.yaml:3:5)"


def test_every_bad_name_gets_its_own_error() -> None:
    errors = register.check_names(
        [("Skien", HERE), ("Horten", HERE), ("Tonsberg", HERE)], register.county(39, 2024)
    )
    assert len(errors) == 2


ALL_2024 = [m.name for c in register.counties(2024) for m in c.municipalities]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), st.sampled_from(ALL_2024)))
def test_a_name_passes_exactly_when_it_is_a_municipality_of_the_county(name: str) -> None:
    telemark = register.county(40, 2024)
    errors = register.check_names([(name, HERE)], telemark)
    assert (errors == []) == (name in names(telemark))


def test_json_says_what_the_yaml_says() -> None:
    source = yaml.safe_load(register.REGISTER.with_suffix(".yaml").read_text(encoding="utf-8"))
    shipped = json.loads(register.REGISTER.read_text(encoding="utf-8"))["years"]
    assert shipped == {str(year): counties for year, counties in source.items()}


def test_register_is_read_once() -> None:
    assert register.counties(2024) is register.counties(2024)
