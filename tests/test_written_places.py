"""Where each value a slide shows was written, each at its line: a field that shows one var is located at
the var (or the loop's item), a field with words of its own at the field; a list's items and a mapping's
keys each at their own line, a literal block line by line; the words of a text come with the places of the
vars it reads (and the vars they read, without looping), so a word is found where it was typed. Built
through the pipeline, an edition's var is located in the edition and the talk's words in the talk."""

from __future__ import annotations

from pathlib import Path

from generator.content.located import Node, load_text
from generator.errors import Location
from generator.model.shapes import place_of
from generator.pipeline.jobs import Options
from generator.pipeline.stages import assemble
from generator.templating.written import Places, of_field, shown_var, source_node

from .harvesting import mini

TALK = """\
vars:
  region: Agder
  count: 23
  since: 2020-01-01
  points:
    - Samarbeid på tvers
    - Flere arbeidsplasser
  goals:
    - text: Flere jobber
      horizon: 2030
  greeting: "Hei fra {{ region }}"
  first: "A {{ second }}"
  second: "B {{ first }}"
slides:
  - title: "{{ region }}"
    bullets:
      - "En region med {{ count }} kommuner"
      - Fast tekst
    list: "{{ points }}"
    quote: "«{{ goal.text }}»"
    hello: "{{ greeting }}!"
    columns:
      - heading: Før
        text: "{{ since }}"
    notes: |
      Første linje
      Andre linje om {{ region }}
"""
SHOWN = {
    "title": "Agder",
    "bullets": ["En region med 23 kommuner", "Fast tekst"],
    "list": ["Samarbeid på tvers", "Flere arbeidsplasser"],
    "quote": "«Flere jobber»",
    "hello": "Hei fra Agder!",
    "columns": [{"heading": "Før", "text": "2020-01-01"}],
    "notes": "Første linje\nAndre linje om Agder\n",
}
ROOT = load_text(TALK, "talk.yaml")
VARS: dict[str, Node] = ROOT.get("vars").value
GOAL = {"goal": ROOT.get("vars").get("goals").value[0]}  # a `for_each: goal in goals` item
SCOPE = {**ROOT.plain()["vars"], "goal": ROOT.plain()["vars"]["goals"][0]}
NOWHERE = Location("nowhere.yaml")


def at(line: int, col: int) -> Location:
    return Location("talk.yaml", line, col)


def walked() -> Places:
    """The places of the talk's one slide, as rendering finds them."""
    places = Places(GOAL, VARS, SCOPE)
    for name, node in ROOT.get("slides").value[0].value.items():
        places.walk(name, node, SHOWN[name])
    return places


def test_a_field_showing_one_var_is_written_where_the_var_is() -> None:
    assert source_node("{{ region }}", {}, VARS).loc == at(2, 11)
    assert source_node("{{ region | upper }}", {}, VARS).loc == at(2, 11)
    assert source_node("Velkommen til {{ region }}", {}, VARS).loc == at(2, 11)
    assert shown_var("{{ region }}", {}, VARS).loc == at(2, 11)


def test_a_loops_item_is_found_through_its_dotted_name() -> None:
    assert source_node("«{{ goal.text }}»", GOAL, VARS).loc == at(9, 13)
    assert shown_var("«{{ goal.text }}»", GOAL, VARS).loc == at(9, 13)
    assert source_node("{{ goal.nothing }}", GOAL, VARS) is None


def test_a_name_bound_by_the_loop_hides_a_var_of_the_same_name() -> None:
    bound = {"region": VARS["count"]}
    assert source_node("{{ region }}", bound, VARS).loc == at(3, 10)


def test_text_of_its_own_around_a_var_keeps_the_field_as_the_place() -> None:
    assert shown_var("Velkommen til {{ region }}", {}, VARS) is None


def test_no_single_source_for_two_values_a_statement_or_no_template() -> None:
    assert source_node("{{ region }} og {{ count }}", {}, VARS) is None
    assert source_node("{% if count %}{{ region }}{% endif %}", {}, VARS) is None
    assert source_node("Bare tekst", {}, VARS) is None
    assert source_node("{{ unknown }}", {}, VARS) is None
    assert source_node(23, {}, VARS) is None


def test_each_field_item_and_key_is_located_at_its_own_line() -> None:
    locs = walked().locs
    assert locs["title"] == at(2, 11)  # the var it shows
    assert (locs["bullets[1]"], locs["bullets[2]"]) == (at(17, 9), at(18, 9))
    assert (locs["list[1]"], locs["list[2]"]) == (at(6, 7), at(7, 7))  # the var's items
    assert locs["quote"] == at(9, 13)
    assert locs["hello"] == at(11, 13)  # a `!` around the var is no words of its own
    assert locs["columns[1].heading"] == at(23, 18)
    assert locs["columns[1].text"] == at(4, 10)


def test_a_list_shown_with_other_items_than_written_is_located_whole() -> None:
    places = Places({}, VARS, SCOPE)
    places.walk("list", ROOT.get("slides").value[0].get("list"), ["Én", "To", "Tre"])
    assert places.locs == {"list": at(6, 5)}  # the var's list, not its items


def test_a_word_is_found_where_it_was_typed() -> None:
    origins = walked().origins
    assert place_of(origins["bullets[1]"], "kommuner", NOWHERE) == at(17, 9)
    assert place_of(origins["bullets[1]"], "23", NOWHERE) == at(3, 10)  # the var's number
    assert place_of(origins["hello"], "Hei", NOWHERE) == at(11, 13)  # in the var it reads
    assert place_of(origins["hello"], "Agder", NOWHERE) == at(2, 11)  # the var that var reads


def test_a_literal_block_is_located_line_by_line() -> None:
    notes = walked().origins["notes"]
    assert place_of(notes, "Første", NOWHERE) == at(26, 7)
    assert place_of(notes, "Andre", NOWHERE) == at(27, 7)
    assert place_of(notes, "Agder", NOWHERE) == at(2, 11)


def test_vars_that_read_each_other_end() -> None:
    places = Places({}, VARS, SCOPE)
    places.walk("x", load_text('x: "{{ first }} og {{ second }}"', "slide.yaml").get("x"), "…")
    found = places.origins["x"]
    assert {loc for _, loc in found} == {Location("slide.yaml", 1, 4), at(12, 10), at(13, 11)}


def test_a_shapes_origins_are_its_fields_and_its_items_only() -> None:
    origins = {
        "bullets": (("a", at(1, 1)),),
        "bullets[1]": (("b", at(2, 1)),),
        "bullets[1].more": (("c", at(3, 1)),),
        "bullets_extra": (("d", at(4, 1)),),
        "title": (("e", at(5, 1)),),
    }
    assert [text for text, _ in of_field(origins, "bullets")] == ["a", "b", "c"]
    assert of_field(origins, "notes") == ()


def test_an_editions_var_is_located_in_the_edition_and_the_talks_words_in_the_talk(
    project: Path,
) -> None:
    root = mini(project)
    model, _, _ = assemble(root / "content/editions/sor.yaml", Options(project=root))
    title = model.slides[0].shapes[0]
    assert place_of(title.origins, "Sørlandet", NOWHERE) == Location(
        "content/editions/sor.yaml", 3, 11
    )
    assert place_of(title.origins, "prat", NOWHERE) == Location("content/talk.yaml", 18, 12)
    points = model.slides[1].shapes[1]
    assert place_of(points.origins, "arbeidsplasser", NOWHERE) == Location(
        "content/talk.yaml", 12, 7
    )
