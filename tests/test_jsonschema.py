"""The JSON Schema for editors stays in step with make-deck's own checks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.content.editorschema import SCHEMA_FILE, content_schema, dumps, project_schema
from generator.content.layouts import catalog, search_dirs
from generator.content.located import load_file, load_text

from .conftest import REPO, run
from .test_bad_inputs import CASES, GOOD, slide, write

SHIPPED = sorted((REPO / "content").rglob("*.yaml"))

# Content make-deck builds: every layout, numbers as text, lists from vars, for_each and when.
VALID = {
    "good": GOOD,
    "every-layout": """\
title: 2024
author: Kari Nordmann
date: 2024-03-15
language: nn-NO
vars:
  region: Telemark
  names: [Skien, Porsgrunn]
  changes: ["{{ region }} endrar seg", Ny fylkeskommune]
  cols:
    - {heading: Ein, text: Første}
    - {heading: To, text: Andre}
  goals:
    - {horizon: Om 5 år, text: Eit mål}
  show: true
slides:
  - layout: title
    title: "{{ deck.title }}"
    subtitle: 15. mars
  - layout: bullets
    title: 010
    bullets: "{{ changes }}"
    notes: 1.10
  - layout: statement
    text: |-
      Kva vil vi?
      Kvar går vi?
  - layout: columns
    title: Steg
    columns: "{{ cols }}"
  - layout: columns
    title: Steg
    columns:
      - {heading: A, text: B}
      - {heading: C, text: 12}
  - layout: paragraph
    title: Tekst
    text: >-
      Lang tekst.
  - layout: steps
    title: Korleis?
    steps: [Ein, To, Tre]
  - layout: triad
    title: Saman
    items: [Aleine, Saman, Meirverdi]
  - layout: quote
    for_each: goal in goals
    when: show
    title: "{{ goal.horizon }}"
    text: "«{{ goal.text }}»"
  - layout: municipalities
    when: names | length > 1
    title: Kommunar
    names: "{{ names }}"
  - layout: closing
    when: true
    text: Takk
    subtitle: kari@example.no
""",
    "empty-vars": "vars:\n" + slide("layout: title\ntitle: x\nwhen: 1"),
}

SCHEMA_CASES = [c for c in CASES if c.schema]


def as_json(value: Any) -> Any:
    """A loaded YAML value as an editor's YAML plugin would hand it to the schema (dates are strings)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def problems(validator: jsonschema.Draft7Validator, text: str) -> list[str]:
    data = as_json(load_text(text, "deck.yaml").plain())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_committed_schema_is_what_the_layouts_give_now() -> None:
    committed = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == project_schema(REPO), (
        "schema/content.schema.json is out of date: "
        "run `python -m generator.content.editorschema > schema/content.schema.json`"
    )


def test_schema_command_prints_the_committed_schema(repo: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (REPO / SCHEMA_FILE).read_text(encoding="utf-8")


def test_schema_names_every_key_and_layout() -> None:
    from generator.content.format import SLIDE_KEYS, TOP_KEYS

    layouts = catalog(search_dirs(REPO))
    schema = content_schema(layouts)
    assert list(schema["properties"]) == list(TOP_KEYS)
    assert schema["definitions"]["slide"]["properties"]["layout"]["enum"] == sorted(layouts)
    for name, layout in layouts.items():
        shape = schema["definitions"][f"layout:{name}"]
        assert list(shape["properties"]) == [*SLIDE_KEYS, *layout.fields]
        assert shape["additionalProperties"] is False
        for spec in layout.fields.values():
            assert shape["properties"][spec.name].get("description", "") == spec.help
    assert dumps(schema) == dumps(content_schema(dict(reversed(list(layouts.items()))))), (
        "key order must be stable"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(REPO)) for p in SHIPPED])
def test_shipped_content_validates(validator: jsonschema.Draft7Validator, path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    data = as_json(load_file(path).plain())
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(REPO)) for p in SHIPPED])
def test_shipped_content_points_its_editor_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = first.split("$schema=", 1)[1]
    assert (path.parent / target).resolve() == (REPO / SCHEMA_FILE).resolve()


@pytest.mark.parametrize("name", VALID)
def test_content_make_deck_builds_validates(
    project: Path, validator: jsonschema.Draft7Validator, name: str
) -> None:
    write(project, {"deck.yaml": VALID[name]})
    result = run("deck.yaml", "-o", "deck.pptx")
    assert result.exit_code == 0, result.stderr
    assert problems(validator, VALID[name]) == []


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[c.id for c in SCHEMA_CASES])
def test_schema_level_bad_inputs_fail_the_schema(
    validator: jsonschema.Draft7Validator, case: Any
) -> None:
    assert problems(validator, case.content), f"{case.id} passes the JSON Schema"


def test_enough_bad_inputs_are_schema_level() -> None:
    kinds = {c.id for c in SCHEMA_CASES}
    assert {
        "unknown-top-key",
        "unknown-slide-key",
        "unknown-layout",
        "missing-required-field",
        "bullets-a-string",
        "title-a-list",
        "slides-a-string",
    } <= kinds
