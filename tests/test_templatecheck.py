"""`template check` from the library: a master's report (lines, warnings, errors), its size in words, the colour
pairs a layout writes, and the mapping a content file brings."""

from __future__ import annotations

from pathlib import Path

from generator.preflight.templatecheck import (
    check_template,
    content_mapping,
    layout_pairs,
    project_contents,
    size_text,
)

from . import masters
from .conftest import REPO, copy_talk


def test_the_shipped_master_gives_every_layout_and_no_error() -> None:
    report = check_template(REPO / "templates" / "base.pptx", REPO)
    assert report.errors == ()
    assert "slide size: 960 x 540 pt (16:9)" in report.lines
    assert any(line.startswith("  Title Only -> 'Title Only' (by name):") for line in report.lines)


def test_a_layout_the_whole_project_lacks_is_one_error_where_the_talk_wrote_it(
    tmp_path: Path,
) -> None:
    """Without --content every content file is built on the master; the editions that extend the talk fail
    at the talk's line, and that line is said once (a mapping in content: test_corporate.py)."""
    from pptx import Presentation

    prs = Presentation(str(masters.python_pptx_default(tmp_path)))
    for layout in list(prs.slide_layouts):
        if layout.name == "Title Only":
            prs.slide_layouts.remove(layout)
    path = tmp_path / "without.pptx"
    prs.save(str(path))
    report = check_template(path, REPO)
    [error] = report.errors
    assert error.line().startswith("content/2019.yaml:")
    assert "master layout 'Title Only' not found" in error.line()
    assert "`master_layouts: {Title Only: NAME}`" in error.line()
    failing = [line for line in report.lines if line.endswith("fails, 1 error")]
    assert (
        len(failing) >= len(project_contents(REPO)) > 3
    )  # a `counties:` file fails once per county


def test_sizes_are_named_as_powerpoint_names_them() -> None:
    assert size_text((960.0, 540.0)) == "960 x 540 pt (16:9)"
    assert size_text((720.0, 540.0)) == "720 x 540 pt (4:3)"
    assert size_text((720.0, 450.0)) == "720 x 450 pt (16:10)"


def test_a_layout_s_colour_pairs_follow_each_branch_of_a_choice() -> None:
    source = (
        "background: dk2\n"
        "shapes:\n"
        "  - placeholder: title\n"
        "    color: lt1\n"
        "  - geometry: rect\n"
        "    fill: accent1\n"
        "    color: \"{{ 'lt1' if dark else 'dk1' }}\"\n"
    )
    assert layout_pairs(source) == {("lt1", "dk2"), ("lt1", "accent1"), ("dk1", "accent1")}


def test_a_content_file_brings_the_mapping_of_the_talk_it_extends(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "content" / "2019.yaml")
    talk.write_text(
        talk.read_text(encoding="utf-8") + "master_layouts:\n  Section Header: Tittellysbilde\n",
        encoding="utf-8",
    )
    edition = tmp_path / "content" / "brand.yaml"
    edition.write_text("extends: 2019.yaml\n", encoding="utf-8")
    assert content_mapping(edition, tmp_path) == {"Section Header": "Tittellysbilde"}
