"""Editions patch the talk by slide id, vars render all the way down, counties come from the register."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from generator.pipeline.jobs import Options
from generator.pipeline.stages import prepare
from generator.preflight.contentdiff import diff_decks

from .conftest import REPO, copy_talk, run
from .test_bad_inputs import write

BASE = """\
title: Base
date: 2024-03-15
vars:
  region: Agder
  goals:
    - {horizon: Om 5 år, text: Et mål}
    - {horizon: Om 10 år, text: Et annet mål}
slides:
  - layout: title
    id: title
    title: "{{ region }}"
  - layout: bullets
    id: changes
    title: Endringer
    bullets: [a, b]
    notes: Gamle notater
  - layout: statement
    id: question
    text: Hva vil vi?
    audience: [politikere]
  - layout: quote
    id: goals
    for_each: goal in goals
    title: "{{ goal.horizon }}"
    text: "«{{ goal.text }}»"
    notes: "Hvor vil vi være {{ goal.horizon | lower }}?"
  - layout: closing
    id: closing
    text: Takk
"""


def titles(deck: Path) -> list[str]:
    return [
        s.shapes.title.text if s.shapes.title is not None else s.shapes[0].text_frame.text
        for s in Presentation(str(deck)).slides
    ]


def edition(project: Path, text: str, name: str = "edition.yaml") -> str:
    write(project, {"base.yaml": BASE, name: "extends: base.yaml\n" + text})
    return name


def test_an_edition_changes_one_field_of_one_slide_and_keeps_the_rest(project: Path) -> None:
    name = edition(project, "slides:\n  changes:\n    notes: Nye notater\n")
    assert run(name, "-o", "e.pptx").exit_code == 0
    prs = Presentation(str(project / "e.pptx"))
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides][1] == "Nye notater"
    assert titles(project / "e.pptx") == [
        "Agder",
        "Endringer",
        "Hva vil vi?",
        "Om 5 år",
        "Om 10 år",
        "Takk",
    ]


def test_an_edition_removes_moves_and_adds_slides(project: Path) -> None:
    name = edition(
        project,
        "slides:\n  question: {remove: true}\n  closing: {before: changes}\n"
        "  extra:\n    after: goals\n    layout: statement\n    text: Ekstra\n",
    )
    assert run(name, "-o", "e.pptx").exit_code == 0
    assert titles(project / "e.pptx") == [
        "Agder",
        "Takk",
        "Endringer",
        "Om 5 år",
        "Om 10 år",
        "Ekstra",
    ]


def test_patches_chain_through_editions(project: Path) -> None:
    write(
        project,
        {
            "base.yaml": BASE,
            "one.yaml": "extends: base.yaml\nslides:\n  closing: {text: Tusen takk}\n",
            "two.yaml": "extends: one.yaml\nslides:\n  changes: {title: Nytt}\n",
        },
    )
    assert run("two.yaml", "-o", "e.pptx").exit_code == 0
    assert titles(project / "e.pptx") == [
        "Agder",
        "Nytt",
        "Hva vil vi?",
        "Om 5 år",
        "Om 10 år",
        "Tusen takk",
    ]


def test_replace_slides_says_it_replaces_them_all(project: Path) -> None:
    name = edition(project, "replace_slides:\n  - layout: statement\n    text: Alene\n")
    assert run(name, "-o", "e.pptx").exit_code == 0
    assert titles(project / "e.pptx") == ["Alene"]


def test_an_audience_keeps_its_slides_and_the_full_deck_has_all(project: Path) -> None:
    write(
        project,
        {
            "base.yaml": BASE.replace(
                "    audience: [politikere]\n", "    audience: [politikere]\n"
            ).replace("  - layout: closing\n", "  - layout: closing\n    audience: [naeringsliv]\n")
        },
    )
    assert run("base.yaml", "-o", "all.pptx").exit_code == 0
    assert len(titles(project / "all.pptx")) == 6
    assert run("base.yaml", "-o", "p.pptx", "--audience", "politikere").exit_code == 0
    assert "Takk" not in titles(project / "p.pptx") and "Hva vil vi?" in titles(project / "p.pptx")
    write(project, {"n.yaml": "extends: base.yaml\naudience: naeringsliv\n"})
    assert run("n.yaml", "-o", "n.pptx").exit_code == 0
    assert "Takk" in titles(project / "n.pptx") and "Hva vil vi?" not in titles(project / "n.pptx")


def test_diff_shows_a_patched_slide_as_a_change_of_that_slide(project: Path) -> None:
    name = edition(project, "slides:\n  changes:\n    notes: Nye notater\n")
    lines = diff_decks(project / "base.yaml", project / name, Options(project=project))
    assert lines == [
        "@@ slide 2 bullets (changes) -> slide 2 bullets (changes)",
        "- notes: Gamle notater",
        "+ notes: Nye notater",
    ]


def test_a_var_is_a_template_of_other_vars_in_any_order(project: Path) -> None:
    name = edition(
        project,
        'vars:\n  title_text: "{{ who }} i {{ region }}"\n  who: Ungdom\n'
        '  goals: [{horizon: Om 5 år, text: "{{ title_text }} om {{ goals_count }} år"}]\n'
        '  goals_count: 5\nslides:\n  changes: {title: "{{ title_text }}"}\n',
    )
    assert run(name, "-o", "e.pptx").exit_code == 0
    texts = [
        sh.text_frame.text
        for s in Presentation(str(project / "e.pptx")).slides
        for sh in s.shapes
        if sh.has_text_frame
    ]
    assert "Ungdom i Agder" in texts and "«Ungdom i Agder om 5 år»" in texts


def test_literal_braces_reach_the_slide_only_through_raw(project: Path) -> None:
    name = edition(project, 'slides:\n  changes: {title: "{% raw %}{{ mal }}{% endraw %}"}\n')
    assert run(name, "-o", "e.pptx").exit_code == 0
    assert "{{ mal }}" in titles(project / "e.pptx")


def test_county_and_year_give_the_register_s_municipalities(project: Path) -> None:
    name = edition(
        project,
        "county: 34\nyear: 2024\nslides:\n  closing:\n    text: "
        '"{{ municipalities | length }} kommuner i {{ county_name }}"\n',
    )
    assert run(name, "-o", "e.pptx").exit_code == 0
    assert titles(project / "e.pptx")[-1] == "46 kommuner i Innlandet"


def test_a_counties_file_makes_one_deck_per_county(project: Path) -> None:
    write(
        project,
        {
            "base.yaml": BASE,
            "land.yaml": 'extends: base.yaml\nyear: 2024\ncounties: [39, 40]\nvars: {region: "{{ county_name }}"}\n',
        },
    )
    result = run("land.yaml")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (project / "build" / "land").iterdir()) == [
        "39-vestfold.pptx",
        "40-telemark.pptx",
    ]
    assert titles(project / "build" / "land" / "40-telemark.pptx")[0] == "Telemark"


def test_new_writes_an_edition_that_builds_and_whose_todos_check_reports(project: Path) -> None:
    copy_talk(project / "content" / "2019.yaml")
    (project / "content" / "editions").mkdir()
    made = run(
        "new", "content/editions/innlandet-2024.yaml", "--county", "Innlandet", "--year", "2024",
        "--date", "2024-10-17", "--event", "Innlandskonferansen",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert run("content/editions/innlandet-2024.yaml").exit_code == 0
    checked = run("check", "content/editions/innlandet-2024.yaml")
    assert checked.stdout.count(": todo: ") == 4, checked.stdout
    assert ": spelling: " not in checked.stdout, checked.stdout
    deck = Presentation(str(project / "build" / "innlandet-2024.pptx"))
    names = [
        p.text
        for s in deck.slides
        for sh in s.shapes
        if sh.name.startswith("Municipalities")
        for p in sh.text_frame.paragraphs
    ]
    assert len(names) == 46 and "Lillehammer" in names


@pytest.mark.parametrize("path", sorted((REPO / "content").rglob("*.yaml")), ids=lambda p: p.stem)
def test_every_goal_slide_s_notes_speak_of_its_own_horizon(path: Path) -> None:
    counties = ["--county", "56"] if "counties:" in path.read_text(encoding="utf-8") else []
    model = prepare(path, Options(project=REPO, county=counties[1] if counties else None)).model
    goals = [s for s in model.slides if s.id == "goals"]
    assert goals, "the talk has its goal slides"
    for slide in goals:
        horizon = next(
            p.text for shape in slide.shapes if shape.role == "title" for p in shape.paragraphs
        )
        assert horizon.lower() in slide.notes, (horizon, slide.notes)


def test_vestland_is_nynorsk_throughout(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "vestland.pptx"
    assert run("content/editions/vestland-2024.yaml", "-o", str(out)).exit_code == 0
    xml = "".join(
        part.blob.decode()
        for part in Presentation(str(out)).part.package.iter_parts()
        if part.partname.startswith(("/ppt/slides/", "/ppt/notesSlides/"))
        and part.partname.endswith(".xml")
    )
    assert set(re.findall(r'lang="([^"]+)"', xml)) == {"nn-NO"}
    shown = titles(out)
    assert "43 kommunar i Vestland" in shown and "Korleis skal vi få det til?" in shown
    checked = run("check", "content/editions/vestland-2024.yaml")
    assert checked.exit_code == 0 and checked.stdout.strip().endswith("17 slides, no findings"), (
        checked.stdout
    )


# ---------------------------------------------------------------- patching then diffing shows exactly the patch

IDS = [f"s{n}" for n in range(6)]
patch_ops = st.dictionaries(
    st.sampled_from(IDS),
    st.one_of(
        st.builds(
            lambda t: {"text": t},
            st.text("abcdefg ", min_size=1, max_size=8).map(str.strip).filter(bool),
        ),
        st.just({"remove": True}),
    ),
    max_size=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(patches=patch_ops)
def test_diffing_a_patched_edition_shows_exactly_the_patched_slides(
    project: Path, patches: dict
) -> None:
    base = "slides:\n" + "".join(
        f"  - layout: statement\n    id: {i}\n    text: Tekst {i}\n" for i in IDS
    )
    lines = ["extends: base.yaml", "slides:" if patches else ""]
    lines += [
        f"  {i}: {{remove: true}}" if "remove" in p else f"  {i}: {{text: {p['text']!r}}}"
        for i, p in patches.items()
    ]
    write(project, {"base.yaml": base, "e.yaml": "\n".join(lines) + "\n"})
    changed = {
        line.split("(")[1].split(")")[0]
        for line in diff_decks(project / "base.yaml", project / "e.yaml", Options(project=project))
        if line.startswith("@@")
    }
    real = {i for i, p in patches.items() if "remove" in p or p["text"] != f"Tekst {i}"}
    assert changed == real


# ---------------------------------------------------------------- bad input: one located error, exit 1, deck kept

BAD = [
    # (id, files, command after the deck name, where the error is, words it says)
    (
        "unknown-id",
        {"e.yaml": "slides:\n  change:\n    notes: x\n"},
        "e.yaml:3:3",
        "no slide has the id 'change'; did you mean 'changes'?",
    ),
    (
        "duplicate-id",
        {"base.yaml": BASE.replace("    id: question", "    id: changes")},
        "base.yaml:18:9",
        "duplicate slide id 'changes' (first at base.yaml:13:9)",
    ),
    (
        "id-not-a-name",
        {"base.yaml": BASE.replace("id: question", "id: Question!")},
        "base.yaml:18:9",
        "a slide id is a short name",
    ),
    (
        "patch-not-a-mapping",
        {"e.yaml": "slides:\n  changes: yes\n"},
        "e.yaml:3:12",
        "expected the fields to change on slide 'changes', got true/false",
    ),
    (
        "remove-not-boolean",
        {"e.yaml": "slides:\n  changes: {remove: ja}\n"},
        "e.yaml:3:21",
        "remove: expected true or false, got a string",
    ),
    (
        "remove-and-change",
        {"e.yaml": "slides:\n  changes: {remove: true, notes: x}\n"},
        "e.yaml:3:21",
        "a slide that is removed takes no other changes",
    ),
    (
        "after-and-before",
        {"e.yaml": "slides:\n  changes: {after: title, before: goals}\n"},
        "e.yaml:3:27",
        "`after:` one slide or `before:` one, not both",
    ),
    (
        "after-unknown",
        {"e.yaml": "slides:\n  changes: {after: titel}\n"},
        "e.yaml:3:20",
        "no slide has the id 'titel'; did you mean 'title'?",
    ),
    (
        "after-itself",
        {"e.yaml": "slides:\n  changes: {after: changes}\n"},
        "e.yaml:3:20",
        "slide 'changes' cannot go after itself",
    ),
    (
        "new-without-layout",
        {"e.yaml": "slides:\n  extra: {after: title, text: x}\n"},
        "e.yaml:3:3",
        "no slide has the id 'extra', and a new slide needs `layout:`",
    ),
    (
        "new-with-id",
        {"e.yaml": "slides:\n  extra: {after: title, layout: statement, text: x, id: y}\n"},
        "e.yaml:3:53",
        "a new slide's id is its key under `slides:`",
    ),
    (
        "slides-list-in-edition",
        {"e.yaml": "slides:\n  - layout: statement\n    text: x\n"},
        "e.yaml:2:1",
        "`slides:` as a list would replace all 5 slides of the talk",
    ),
    (
        "slides-and-replace",
        {"e.yaml": "slides: {}\nreplace_slides: []\n"},
        "e.yaml:3:1",
        "`slides:` and `replace_slides:` in one file",
    ),
    (
        "replace-without-extends",
        {"base.yaml": "replace_slides: []\n" + BASE},
        "base.yaml:1:1",
        "`replace_slides:` is for a file that extends another",
    ),
    (
        "patch-a-removed-slide",
        {
            "e.yaml": "slides:\n  changes: {remove: true}\n",
            "f.yaml": "extends: e.yaml\nslides:\n  changes: {notes: x}\n",
        },
        "f.yaml:3:3",
        "slide 'changes' was removed (at e.yaml:3:13)",
    ),
    (
        "audience-nobody-uses",
        {"e.yaml": "audience: politkere\n"},
        "e.yaml:2:11",
        "no slide is for the audience 'politkere'; did you mean 'politikere'?",
    ),
    (
        "audience-not-a-name",
        {"e.yaml": "audience: Politikere og andre\n"},
        "e.yaml:2:11",
        "expected an audience name",
    ),
    (
        "slide-audience-not-a-list",
        {"e.yaml": "slides:\n  closing: {audience: alle}\n"},
        "e.yaml:3:23",
        "expected a list, got a string",
    ),
    (
        "patch-with-unknown-field",
        {"e.yaml": "slides:\n  changes: {notess: x}\n"},
        "e.yaml:3:13",
        "unknown key 'notess' for layout 'bullets'; did you mean 'notes'?",
    ),
    (
        "patch-with-wrong-type",
        {"e.yaml": "slides:\n  changes: {bullets: x}\n"},
        "e.yaml:3:22",
        "expected a list, got a string",
    ),
    (
        "vars-cycle",
        {"e.yaml": 'vars:\n  a: "{{ b }}"\n  b: "x {{ a }}"\n'},
        "e.yaml:3:6",
        "refers to itself: a -> b -> a",
    ),
    (
        "var-reads-itself",
        {"e.yaml": 'vars:\n  region: "Nye {{ region }}"\n'},
        "e.yaml:3:11",
        "refers to itself: region -> region",
    ),
    (
        "undefined-in-vars",
        {"e.yaml": 'vars:\n  region: "{{ regon }}"\n'},
        "e.yaml:3:11",
        "undefined variable 'regon'; did you mean 'region'?",
    ),
    (
        "braces-without-raw",
        {"e.yaml": "slides:\n  closing: {text: \"{{ '{{' }} x\"}\n"},
        "e.yaml:3:19",
        "the text still holds '{{ x' after rendering",
    ),
    (
        "undefined-in-a-list",
        {"e.yaml": 'slides:\n  closing: {text: "{{ [regoin, region] }}"}\n'},
        "e.yaml:3:19",
        "undefined variable 'regoin'",
    ),
    (
        "undefined-through-map",
        {
            "e.yaml": "slides:\n  changes: {bullets: \"{{ goals | map(attribute='txt') | list }}\"}\n"
        },
        "e.yaml:3:22",
        "no 'txt' here; did you mean 'text'?",
    ),
    ("county-not-that-year", {"e.yaml": "county: 38\nyear: 2024\n"}, "e.yaml:2:9", "38"),
    ("county-without-year", {"e.yaml": "county: 34\n"}, "e.yaml:2:1", "`county:` needs `year:`"),
    (
        "year-not-in-register",
        {"e.yaml": "county: 34\nyear: 2019\n"},
        "e.yaml:3:7",
        "the register has no county division for 2019; it holds 2020, 2024",
    ),
    (
        "county-no-such-name",
        {"e.yaml": "county: Agdr\nyear: 2024\n"},
        "e.yaml:2:9",
        "no county 'Agdr' in 2024; did you mean 42 (Agder)?",
    ),
    (
        "municipality-of-another-county",
        {"e.yaml": "county: 39\nyear: 2024\nvars:\n  municipalities: [Horten, Skien]\n"},
        "e.yaml:5:28",
        "'Skien' is in Telemark (40) in 2024, not in Vestfold (39)",
    ),
    (
        "misspelt-municipality",
        {"e.yaml": "county: 39\nyear: 2024\nvars:\n  municipalities: [Tonsberg]\n"},
        "e.yaml:5:20",
        "did you mean 'Tønsberg'?",
    ),
    (
        "municipality-of-another-year",
        {"e.yaml": "county: 30\nyear: 2020\nvars:\n  municipalities: [Moss, Våler (Østfold)]\n"},
        "e.yaml:5:26",
        "Våler (Østfold)",
    ),
    (
        "counties-not-all",
        {"e.yaml": "year: 2024\ncounties: some\n"},
        "e.yaml:3:11",
        "expected `all` or a list of county numbers",
    ),
]


@pytest.mark.parametrize(
    ("files", "where", "says"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_edition_is_a_located_error_and_keeps_the_deck(
    project: Path, files: dict, where: str, says: str
) -> None:
    write(project, {"base.yaml": BASE, "e.yaml": "extends: base.yaml\n"})
    assert run("e.yaml", "-o", "deck.pptx").exit_code == 0
    before = (project / "deck.pptx").read_bytes()
    files = {
        k: v if k == "base.yaml" or v.startswith("extends:") else "extends: base.yaml\n" + v
        for k, v in files.items()
    }
    write(project, files)
    deck = "f.yaml" if "f.yaml" in files else "e.yaml"
    result = run(deck, "-o", "deck.pptx")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(where), f"expected {where!r} first, got:\n{result.stderr}"
    assert says in result.stderr, result.stderr
    assert (project / "deck.pptx").read_bytes() == before


def test_there_are_at_least_twenty_five_bad_editions() -> None:
    assert len(BAD) >= 25 and len({case[0] for case in BAD}) == len(BAD)


def test_usage_errors_of_counties_and_new_exit_2(project: Path) -> None:
    write(
        project, {"base.yaml": BASE, "land.yaml": "extends: base.yaml\nyear: 2024\ncounties: all\n"}
    )
    assert run("land.yaml", "-o", "one.pptx").exit_code == 2
    assert (
        run("new", "land.yaml", "--county", "34", "--year", "2024", "--from", "base.yaml").exit_code
        == 2
    )
    unknown = run("new", "x.yaml", "--county", "99", "--year", "2024", "--from", "base.yaml")
    assert (
        unknown.exit_code == 1
        and unknown.stderr.startswith("command line")
        and not (project / "x.yaml").exists()
    )
