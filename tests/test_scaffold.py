"""`make-deck new` from the library: an edition for a county and year, filled from the register, TODO where a
person must write, never written over a file that is there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.errors import DeckError, DeckUsageError
from generator.norway.scaffold import PLACEHOLDER, edition_text, write_edition

from .conftest import copy_talk

TODAY = dt.date(2024, 3, 15)


def test_an_edition_extends_the_talk_with_the_county_s_data_and_todos(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    path = tmp_path / "content" / "editions" / "telemark-2024.yaml"
    text = edition_text(path, talk, 40, 2024, TODAY)
    data = yaml.safe_load(text)
    assert data["extends"] == "../2019.yaml"
    assert (data["county"], data["year"], data["date"]) == (40, 2024, TODAY)
    assert data["vars"]["region"] == "Telemark"
    # the event, a change, the notes behind the changes, two goals; and the header saying so
    assert sum(PLACEHOLDER in line for line in text.splitlines()) == 6
    assert data["vars"]["event"].startswith(PLACEHOLDER)
    assert text.startswith("# yaml-language-server: $schema=../../schema/content.schema.json\n")


def test_a_county_that_was_not_there_that_year_is_an_error(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    with pytest.raises(DeckError) as caught:
        edition_text(tmp_path / "content" / "viken.yaml", talk, 30, 2024, TODAY)
    assert caught.value.path == "--county"


def test_an_edition_is_written_once_and_never_over_a_file(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    path = tmp_path / "content" / "vestfold.yaml"
    assert write_edition(path, talk, 39, 2024, TODAY) == path
    written = path.read_text(encoding="utf-8")
    with pytest.raises(DeckUsageError, match="already there"):
        write_edition(path, talk, 40, 2024, TODAY)
    assert path.read_text(encoding="utf-8") == written
    with pytest.raises(DeckUsageError, match="to extend"):
        write_edition(tmp_path / "content" / "x.yaml", tmp_path / "nope.yaml", 39, 2024, TODAY)
    with pytest.raises(DeckUsageError, match="does not exist"):
        write_edition(tmp_path / "missing" / "x.yaml", talk, 39, 2024, TODAY)


def test_a_year_without_a_register_is_an_error_of_the_year(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    with pytest.raises(DeckError) as caught:
        edition_text(tmp_path / "content" / "a.yaml", talk, 42, 1900, TODAY)
    assert caught.value.path == "--year"


def test_the_event_is_written_to_read_back_as_typed(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    path = tmp_path / "content" / "a.yaml"
    plain = yaml.safe_load(edition_text(path, talk, 42, 2024, TODAY, "Møtet «i dag»"))
    assert plain["vars"]["event"] == "Møtet «i dag»"
    jinja = yaml.safe_load(edition_text(path, talk, 42, 2024, TODAY, 'Møtet {{ x }} "i dag"'))
    assert jinja["vars"]["event"] == '{% raw %}Møtet {{ x }} "i dag"{% endraw %}'
    with pytest.raises(DeckUsageError) as caught:
        edition_text(path, talk, 42, 2024, TODAY, "a\tb")
    assert (caught.value.path, caught.value.exit_code) == ("--event", 2)


def test_a_talk_s_name_yaml_would_misread_is_quoted(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "a: #1.yaml")
    text = edition_text(tmp_path / "content" / "e.yaml", talk, 42, 2024, TODAY)
    assert yaml.safe_load(text)["extends"] == "a: #1.yaml"
    plain = edition_text(
        tmp_path / "content" / "f.yaml", copy_talk(talk.with_name("b.yaml")), 42, 2024, TODAY
    )
    assert "\nextends: b.yaml\n" in plain


def test_an_edition_that_cannot_be_written_leaves_no_file(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    with pytest.raises(DeckUsageError):
        write_edition(tmp_path / "content" / "a.yaml", talk, 42, 2024, TODAY, "M\udcff")
    assert not (tmp_path / "content" / "a.yaml").exists()
