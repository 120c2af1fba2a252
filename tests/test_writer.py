"""The writer: slides and notes pages in linear time, the master contract, reproducible bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation

from generator.master.reader import load_master
from generator.pipeline.stages import Options, prepare
from generator.writer.parts import check_contract, render_pptx

from .conftest import REPO, run

P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def many_slides(project: Path, count: int) -> Path:
    lines = ["title: Mange\nslides:\n"]
    for i in range(count):
        lines.append(
            f"  - layout: bullets\n    title: Lysbilde {i + 1}\n    bullets: [punkt]\n    notes: notat {i + 1}\n"
        )
    path = project / "many.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_every_slide_gets_its_notes_page_and_numbering_stays_linear(project: Path) -> None:
    prepared = prepare(many_slides(project, 40), Options())
    data = render_pptx(prepared.model, prepared.master)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert [f"ppt/notesSlides/notesSlide{i}.xml" in names for i in range(1, 41)] == [True] * 40
    prs = Presentation(io.BytesIO(data))
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides] == [
        f"notat {i}" for i in range(1, 41)
    ]
    assert [s.slide_id for s in prs.slides] == list(range(256, 296))


def test_the_same_model_gives_the_same_bytes(project: Path) -> None:
    prepared = prepare(many_slides(project, 5), Options())
    assert render_pptx(prepared.model, prepared.master) == render_pptx(
        prepared.model, prepared.master
    )


def test_unplaced_placeholders_are_removed_from_slides(deck_2019: Path) -> None:
    for slide in Presentation(str(deck_2019)).slides:
        for shape in slide.placeholders:
            assert shape.text_frame.text.strip(), f"empty placeholder {shape.name} on a slide"


def test_foreign_master_missing_a_layout_is_an_error_listing_what_it_has(
    repo: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign.pptx"
    prs = Presentation(str(REPO / "templates" / "base.pptx"))
    for layout in list(prs.slide_layouts):
        # the one layout with a title and nothing else: none stands in for it
        if layout.name == "Title Only":
            prs.slide_layouts.remove(layout)
    prs.slide_layouts[0].name = "Forside"
    prs.save(str(foreign))
    result = run("check", "content/2019.yaml", "--template", str(foreign))
    assert result.exit_code == 1
    assert "content/2019.yaml:" in result.stderr
    assert "master layout 'Title Only' not found" in result.stderr
    assert "'Forside'" in result.stderr  # the error lists what the master has


def test_foreign_master_with_the_layouts_renamed_in_another_order_works(
    repo: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "brand.pptx"
    prs = Presentation(str(REPO / "templates" / "base.pptx"))
    id_list = prs.slide_masters[0].element.find(f"{{{P}}}sldLayoutIdLst")
    id_list.insert(0, id_list[-1])  # reorder: Blank first
    prs.save(str(foreign))
    out = tmp_path / "deck.pptx"
    result = run("content/2019.yaml", "--template", str(foreign), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert [s.slide_layout.name for s in Presentation(str(out)).slides][:3] == [
        "Title Slide",
        "Title and Content",
        "Title Only",
    ]


def test_master_without_the_needed_placeholder_is_an_error(project: Path) -> None:
    (project / "t.yaml").write_text(
        "slides:\n  - layout: bullets\n    title: T\n    bullets: [a]\n", encoding="utf-8"
    )
    prs = Presentation(str(REPO / "templates" / "base.pptx"))
    title_and_content = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    body = next(ph for ph in title_and_content.placeholders if ph.placeholder_format.idx == 1)
    body.element.getparent().remove(body.element)
    prs.save(str(project / "nobody.pptx"))
    prepared_model = prepare(project / "t.yaml", Options()).model
    errors = check_contract(prepared_model, load_master((project / "nobody.pptx").resolve()))
    assert len(errors) == 1
    assert "has no body placeholder" in errors[0].line() and "t.yaml:4:" in errors[0].line()
