"""The writer: linear slide and notes creation, atomic writes, master contract, reproducible bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.package import OpcPackage

from generator import writer
from generator.errors import DeckError
from generator.pipeline import Options, prepare
from generator.writer import ZIP_DATE, check_contract, load_master, render_pptx, write_atomic

from .conftest import REPO, run


def many_slides(project: Path, count: int) -> Path:
    lines = ["title: Mange\nslides:\n"]
    for i in range(count):
        lines.append(f"  - layout: bullets\n    title: Lysbilde {i + 1}\n    bullets: [punkt]\n"
                     f"    notes: notat {i + 1}\n")
    path = project / "many.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_notes_pages_are_named_without_scanning_the_package(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(many_slides(project, 40), Options())
    calls = []
    original = OpcPackage.next_partname
    monkeypatch.setattr(OpcPackage, "next_partname", lambda self, tmpl: calls.append(tmpl) or original(self, tmpl))
    data = render_pptx(prepared.model, prepared.master)
    assert calls == []  # python-pptx's next_partname walks every part: quadratic over a deck
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert [f"ppt/notesSlides/notesSlide{i}.xml" in names for i in range(1, 41)] == [True] * 40
    prs = Presentation(io.BytesIO(data))
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides] == [f"notat {i}" for i in range(1, 41)]


def test_zip_is_byte_for_byte_what_zipfile_writes() -> None:
    entries = {"[Content_Types].xml": b"<Types/>", "ppt/empty.xml": b"", "ppt/\u00e6\u00f8.xml": "Sámi ŋ".encode(),
               "ppt/media/big.bin": bytes(range(256)) * 400, "ppt/again.xml": b"<Types/>"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    assert writer._zip(entries) == writer._zip(entries) == out.getvalue()


def many_editions(project: Path) -> list[Path]:
    """Three decks sharing most slides: one differs in a title, one in a note, one adds a slide."""
    base = many_slides(project, 6).read_text(encoding="utf-8")
    texts = [base, base.replace("Lysbilde 2", "Lysbilde to"), base.replace("notat 5", "notat fem")
             + "  - layout: statement\n    text: Slutt\n"]
    paths = []
    for i, text in enumerate(texts):
        paths.append(project / f"edition{i}.yaml")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def test_slides_kept_from_earlier_decks_give_the_bytes_a_fresh_process_gives(project: Path) -> None:
    models = [prepare(path, Options()) for path in many_editions(project)]
    fresh = []
    for prepared in models:  # each deck with nothing kept from another: the master opened afresh
        writer._opened.clear()
        writer._empties.clear()
        writer._deflated.clear()
        fresh.append(render_pptx(prepared.model, prepared.master))
    writer._empties.clear()
    warm = [render_pptx(p.model, p.master) for p in models]  # later decks reuse slides the earlier ones wrote
    assert len(writer._empties[models[0].master.path].made) == 9  # 6 slides, 2 changed, 1 added
    assert warm == fresh
    assert [render_pptx(p.model, p.master) for p in reversed(models)] == fresh[::-1]
    prs = Presentation(io.BytesIO(warm[2]))
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides][4:] == ["notat fem", "notat 6", ""]


def test_zip_entries_carry_a_fixed_date(deck_2019: Path) -> None:
    dates = {info.date_time for info in zipfile.ZipFile(deck_2019).infolist()}
    assert dates == {(1980, 1, 1, 0, 0, 0)}


def test_failed_write_leaves_the_old_deck_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old deck")
    with pytest.raises(DeckError, match="folder"):
        write_atomic(b"new", tmp_path)
    write_atomic(b"new deck", target)
    assert target.read_bytes() == b"new deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_unplaced_placeholders_are_removed_from_slides(deck_2019: Path) -> None:
    for slide in Presentation(str(deck_2019)).slides:
        for shape in slide.placeholders:
            assert shape.text_frame.text.strip(), f"empty placeholder {shape.name} on a slide"


def test_foreign_master_missing_a_layout_is_an_error_listing_what_it_has(repo: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.pptx"
    prs = Presentation(str(REPO / "templates" / "base.pptx"))
    for layout in list(prs.slide_layouts):
        if layout.name == "Section Header":
            prs.slide_layouts.remove(layout)
    prs.slide_layouts[0].name = "Forside"
    prs.save(str(foreign))
    result = run("check", "content/2019.yaml", "--template", str(foreign))
    assert result.exit_code == 1
    assert "content/2019.yaml:" in result.stderr
    assert "needs master layout 'Section Header'" in result.stderr
    assert "'Forside'" in result.stderr  # the error lists what the master has


def test_foreign_master_with_the_layouts_renamed_in_another_order_works(repo: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "brand.pptx"
    prs = Presentation(str(REPO / "templates" / "base.pptx"))
    layouts = prs.slide_masters[0].slide_layouts
    id_list = layouts._sldLayoutIdLst
    id_list.insert(0, id_list[-1])  # reorder: Blank first
    prs.save(str(foreign))
    out = tmp_path / "deck.pptx"
    result = run("content/2019.yaml", "--template", str(foreign), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert [s.slide_layout.name for s in Presentation(str(out)).slides][:3] == [
        "Title Slide", "Title and Content", "Section Header"]


def test_master_without_the_needed_placeholder_is_an_error(project: Path) -> None:
    (project / "t.yaml").write_text("slides:\n  - layout: bullets\n    title: T\n    bullets: [a]\n",
                                    encoding="utf-8")
    prs = Presentation(str(REPO / "templates" / "base.pptx"))
    title_and_content = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    body = next(ph for ph in title_and_content.placeholders if ph.placeholder_format.idx == 1)
    body.element.getparent().remove(body.element)
    prs.save(str(project / "nobody.pptx"))
    prepared_model = prepare(project / "t.yaml", Options()).model
    errors = check_contract(prepared_model, load_master((project / "nobody.pptx").resolve()))
    assert len(errors) == 1
    assert "has no body placeholder" in errors[0].line() and "t.yaml:4:" in errors[0].line()
