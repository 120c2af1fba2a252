"""Editions: `extends:` merge rules, data-driven slides, the shipped 2024 editions, batches and diffs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from generator.content.editions import Sources, load_edition, merge
from generator.content.located import load_text
from generator.errors import DeckError

from .conftest import REPO, copy_talk, run

DATA = REPO / "tests" / "data" / "norway-municipalities.yaml"  # SSB, KLASS 131 (source in the file)


def county(year: int, name: str) -> list[str]:
    """Municipality names of a county from SSB's list."""
    counties = yaml.safe_load(DATA.read_text(encoding="utf-8"))[year]
    return [m["name"] for c in counties if c["name"] == name for m in c["municipalities"]]


def tree(text: str) -> object:
    return load_text(text, "t.yaml")


@pytest.mark.parametrize(
    ("base", "child", "merged"),
    [
        ("a: 1\nb: 2", "b: 3", {"a": 1, "b": 3}),
        ("a: {x: 1, y: 2}", "a: {y: 3, z: 4}", {"a": {"x": 1, "y": 3, "z": 4}}),
        ("a: [1, 2, 3]", "a: [4]", {"a": [4]}),
        ("a: {x: [1, 2]}", "a: {x: []}", {"a": {"x": []}}),
        ("a: {x: {deep: 1, keep: 2}}", "a: {x: {deep: 9}}", {"a": {"x": {"deep": 9, "keep": 2}}}),
        ("a: {x: 1}", "a: text", {"a": "text"}),
        ("a: text", "a: {x: 1}", {"a": {"x": 1}}),
        ("a: 1", "b: null", {"a": 1, "b": None}),
    ],
    ids=[
        "scalar",
        "mapping",
        "list",
        "nested-list",
        "nested-mapping",
        "mapping-by-scalar",
        "scalar-by-mapping",
        "new-key",
    ],
)
def test_edition_merges_mappings_and_replaces_lists_and_scalars(
    base: str, child: str, merged: dict
) -> None:
    assert merge(tree(base), tree(child)).plain() == merged


def test_merged_values_keep_the_location_of_the_file_they_came_from(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("vars:\n  a: 1\n  b: 2\n", encoding="utf-8")
    (tmp_path / "child.yaml").write_text("extends: base.yaml\nvars:\n  b: 3\n", encoding="utf-8")
    node = load_edition(tmp_path / "child.yaml", Sources((tmp_path.resolve(),)))
    variables = node.value["vars"].value
    assert variables["a"].loc.file.endswith("base.yaml") and variables["a"].loc.line == 2
    assert variables["b"].loc.file.endswith("child.yaml") and variables["b"].loc.line == 3
    assert "extends" not in node.value


def test_three_level_chain_merges_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("vars: {x: a, y: a, z: a}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nvars: {y: b, z: b}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text("extends: ../b.yaml\nvars: {z: c}\n", encoding="utf-8")
    node = load_edition(tmp_path / "sub" / "c.yaml", Sources((tmp_path.resolve(),)))
    assert node.plain() == {"vars": {"x": "a", "y": "b", "z": "c"}}


@pytest.mark.parametrize(
    ("files", "start", "message", "line"),
    [
        (
            {"a.yaml": "extends: b.yaml\n", "b.yaml": "x: 1\nextends: a.yaml\n"},
            "a.yaml",
            "cycle",
            2,
        ),
        ({"a.yaml": "extends: a.yaml\n"}, "a.yaml", "cycle", 1),
        ({"a.yaml": "# base\nextends: missing.yaml\n"}, "a.yaml", "no such file 'missing.yaml'", 2),
        ({"a.yaml": "extends: ../../outside.yaml\n"}, "a.yaml", "outside the project", 1),
    ],
    ids=["cycle", "self", "missing-parent", "outside-project"],
)
def test_bad_extends_is_an_error_naming_file_and_line(
    tmp_path: Path, files: dict[str, str], start: str, message: str, line: int
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_edition(tmp_path / start, Sources((tmp_path.resolve(),)))
    assert message in caught.value.line()
    assert caught.value.location.line == line


def _footer(shape) -> bool:  # noqa: ANN001 - a python-pptx shape
    """The footer and slide number every slide but the title slide carries."""
    return shape.is_placeholder and shape.placeholder_format.type in (
        PP_PLACEHOLDER.FOOTER,
        PP_PLACEHOLDER.SLIDE_NUMBER,
    )


@pytest.mark.parametrize(
    ("edition", "county_year", "county_name", "region"),
    [
        ("vestfold-2024", 2024, "Vestfold", "Vestfold"),
        ("telemark-2024", 2024, "Telemark", "Telemark"),
    ],
)
def test_shipped_edition_lists_its_county_municipalities(
    repo: Path, tmp_path: Path, edition: str, county_year: int, county_name: str, region: str
) -> None:
    out = tmp_path / f"{edition}.pptx"
    result = run(f"content/editions/{edition}.yaml", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    prs = Presentation(str(out))
    names = county(county_year, county_name)
    assert len(names) in (6, 17)
    texts = [
        [
            p.text
            for s in slide.shapes
            if s.has_text_frame and not _footer(s)
            for p in s.text_frame.paragraphs
        ]
        for slide in prs.slides
    ]
    listing = next(t for t in texts if t and t[0].endswith(f"kommuner i {region}"))
    assert listing[0] == f"{len(names)} kommuner i {region}"
    assert listing[1:] == names  # in SSB's order, one tile each
    changes = texts[1]
    assert changes[0] == f"{region} i endring"
    assert f"En region med {len(names)} kommuner fra 1. januar 2024" in changes
    assert any("delt i to" in t for t in changes)
    joined = "\n".join(t for slide in texts for t in slide)
    assert "Vestfold og Telemark i endring" not in joined
    assert "15. mars 2024" in joined


def test_for_each_makes_one_slide_per_goal(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.pptx"
    assert run("content/editions/vestfold-2024.yaml", "-o", str(out)).exit_code == 0
    prs = Presentation(str(out))
    quotes = [
        s
        for s in prs.slides
        if s.shapes.title is not None and s.shapes.title.text.startswith("Om ")
    ]
    assert [q.shapes.title.text for q in quotes] == ["Om 5 år", "Om 5 år", "Om 10 år"]


def test_when_leaves_the_municipalities_slide_out_of_the_2019_deck(deck_2019: Path) -> None:
    titles = [s.shapes.title.text for s in Presentation(str(deck_2019)).slides]
    assert not any(t.endswith("kommuner i Vestfold og Telemark") for t in titles)
    assert len(titles) == 16


def test_big_county_edition_fits_its_municipalities_on_one_slide(project: Path) -> None:
    names = county(2020, "Viken")
    assert len(names) == 51
    (project / "content").mkdir()
    copy_talk(project / "content" / "2019.yaml")
    edition = {
        "extends": "2019.yaml",
        "county": 30,
        "year": 2020,
        "vars": {"region": "Viken", "list_municipalities": True, "municipalities": names},
    }
    (project / "content" / "viken-2020.yaml").write_text(
        yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8"
    )
    result = run("content/viken-2020.yaml")
    assert result.exit_code == 0, result.stderr
    prs = Presentation(str(project / "build" / "viken-2020.pptx"))
    slide = next(s for s in prs.slides if s.shapes.title.text == "51 kommuner i Viken")
    columns = [s for s in slide.shapes if s.name.startswith("Municipalities")]
    listed = [p.text for c in columns for p in c.text_frame.paragraphs]
    assert sorted(listed) == sorted(names)
    assert len(columns) >= 4


def test_many_files_build_in_one_call_past_a_failure(project: Path) -> None:
    (project / "content").mkdir()
    copy_talk(project / "content" / "a.yaml")
    (project / "content" / "bad.yaml").write_text("slides:\n  - layout: nope\n", encoding="utf-8")
    (project / "content" / "b.yaml").write_text(
        "extends: a.yaml\nvars: {region: Agder}\n", encoding="utf-8"
    )
    result = run("content/a.yaml", "content/bad.yaml", "content/b.yaml")
    assert result.exit_code == 1
    assert (project / "build" / "a.pptx").is_file() and (project / "build" / "b.pptx").is_file()
    assert not (project / "build" / "bad.pptx").exists()
    assert "content/bad.yaml:2:" in result.stderr and "unknown layout 'nope'" in result.stderr
    assert "2 of 3 decks built, 1 failed: content/bad.yaml" in result.stdout
    assert "Traceback" not in result.output


def test_parallel_batch_writes_the_same_bytes_as_serial(project: Path) -> None:
    (project / "content").mkdir()
    copy_talk(project / "content" / "a.yaml")
    names = []
    for region in ("Agder", "Rogaland", "Nordland"):
        name = f"content/{region.lower()}.yaml"
        (project / name).write_text(
            f"extends: a.yaml\nvars: {{region: {region}}}\n", encoding="utf-8"
        )
        names.append(name)
    command = [sys.executable, "-c", "from generator.commands.app import main; main()"]
    serial = subprocess.run(
        [*command, *names], cwd=project, capture_output=True, text=True, check=True
    )
    first = {n: (project / "build" / f"{Path(n).stem}.pptx").read_bytes() for n in names}
    parallel = subprocess.run(
        [*command, "-j", "2", *names], cwd=project, capture_output=True, text=True, check=True
    )
    assert serial.stdout == parallel.stdout
    assert parallel.stderr == ""  # no progress display when not on a terminal
    assert {n: (project / "build" / f"{Path(n).stem}.pptx").read_bytes() for n in names} == first


def test_output_option_takes_one_file_only(repo: Path) -> None:
    result = run("content/2019.yaml", "content/editions/vestfold-2024.yaml", "-o", "x.pptx")
    assert result.exit_code == 2


def test_diff_shows_what_an_edition_changes_slide_by_slide(repo: Path) -> None:
    result = run("diff", "content/2019.yaml", "content/editions/vestfold-2024.yaml")
    assert result.exit_code == 1, result.stderr  # as diff(1): 1 when they differ
    lines = result.stdout.splitlines()
    assert "@@ slide 2 bullets (changes) -> slide 2 bullets (changes)" in lines
    assert "- Vestfold og Telemark i endring" in lines
    assert "+ Vestfold i endring" in lines
    assert (
        "@@ slide 5 municipalities (municipalities) only in content/editions/vestfold-2024.yaml"
        in lines
    )
    assert not any("Smart spesialisering" in line for line in lines)  # unchanged slides stay out


def test_diff_of_a_file_with_itself_says_no_differences(repo: Path) -> None:
    result = run("diff", "content/2019.yaml", "content/2019.yaml")
    assert result.stdout.strip() == "no differences in slide texts"
