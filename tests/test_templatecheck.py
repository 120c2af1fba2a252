"""`template check` from the library: a master's report (lines, warnings, errors), its size in words, the colour
pairs a layout writes, and the mapping a content file brings."""

from __future__ import annotations

from pathlib import Path

from generator.preflight.templatecheck import (
    check_template,
    content_mapping,
    layout_pairs,
    size_text,
)

from . import masters
from .conftest import REPO, copy_talk


def test_the_shipped_master_gives_every_layout_and_no_error() -> None:
    report = check_template(REPO / "templates" / "base.pptx", REPO)
    assert report.errors == ()
    assert "slide size: 960 x 540 pt (16:9)" in report.lines
    assert any(line.startswith("  Title Only -> 'Title Only' (by name):") for line in report.lines)


def test_a_master_without_a_layout_a_layout_needs_is_an_error_unless_it_is_mapped(
    tmp_path: Path,
) -> None:
    from pptx import Presentation

    prs = Presentation(str(masters.python_pptx_default(tmp_path)))
    for layout in list(prs.slide_layouts):
        if layout.name == "Title Only":
            prs.slide_layouts.remove(layout)
    path = tmp_path / "without.pptx"
    prs.save(str(path))
    [error] = check_template(path, REPO).errors
    assert "no layout for master layout 'Title Only'" in error.line()
    mapped = check_template(path, REPO, {"Title Only": "Title and Content"})
    assert mapped.errors == ()
    assert any("Title Only -> 'Title and Content' (mapped in content)" in x for x in mapped.lines)


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
