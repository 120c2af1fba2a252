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
