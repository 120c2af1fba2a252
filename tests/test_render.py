"""Decks rendered by LibreOffice: one page per slide, every word on its page, inside its shape's box, unbroken."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Pt

from generator.checks.libreoffice import contact_sheet, to_pdf, to_pngs
from generator.errors import DeckError

from . import office
from .conftest import REPO, sweeping
from .pdfboxes import compare

CONTENT = office.content_decks(pdf=True, every=sweeping())
TALK = office.content_name(REPO / "content" / "2019.yaml")


@pytest.mark.office("libreoffice", "poppler")
@pytest.mark.parametrize("content", CONTENT)
def test_every_slide_renders_to_one_page(content: Path, office_decks: office.Decks) -> None:
    name = office.content_name(content)
    deck = office_decks.path(name)
    comparison = compare(deck, office_decks.pdf(name))
    assert comparison.pages == comparison.slides == len(Presentation(str(deck)).slides)


@pytest.mark.office("libreoffice", "poppler")
@pytest.mark.parametrize("content", CONTENT)
def test_every_word_renders_on_its_page_inside_its_shape_and_unbroken(
    content: Path, office_decks: office.Decks
) -> None:
    name = office.content_name(content)
    comparison = compare(office_decks.path(name), office_decks.pdf(name))
    assert [str(p) for p in comparison.problems] == []
    assert all(len(pieces) == 1 for p in comparison.placements for pieces in p.words)


@office.deck("defects", pdf=True)
def defects(kit: office.Kit) -> Path:
    """The 2019 deck with a word too wide for its box, text taller than its box, and a shape off the slide."""
    prs = Presentation(str(kit.deck(TALK)))
    number = {slide.shapes.title.text: n for n, slide in enumerate(prs.slides, 1)}
    steps, smart = number["Hvordan skal vi få det til?"], number["Smart spesialisering"]
    triad = number["Alene, sammen, merverdi"]
    shapes = {(n, s.name): s for n, slide in enumerate(prs.slides, 1) for s in slide.shapes}
    # "Organisering", 22 pt bold: wider than 40 pt, so it must break
    narrow = shapes[steps, "Step name 1"]
    narrow.width = Pt(40)
    # four lines of 18 pt text in a box 20 pt high, top anchored
    short = shapes[smart, "Content Placeholder 2"]
    short.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    short.height = Pt(20)
    gone = shapes[triad, "Idea 3"]  # "Merverdi", off the slide to the right
    gone.left = prs.slide_width + Pt(100)
    deck = kit.folder / "defects.pptx"
    prs.save(deck)
    return deck


@pytest.mark.office("libreoffice", "poppler")
def test_the_comparison_finds_words_broken_outside_their_box_and_missing(
    office_decks: office.Decks,
) -> None:
    deck = office_decks.path("defects")
    number = {s.shapes.title.text: n for n, s in enumerate(Presentation(str(deck)).slides, 1)}
    steps, smart = number["Hvordan skal vi få det til?"], number["Smart spesialisering"]
    triad = number["Alene, sammen, merverdi"]
    problems = compare(deck, office_decks.pdf("defects")).problems
    kinds = {(p.slide, p.shape, p.kind) for p in problems}
    assert (steps, "Step name 1", "broken") in kinds
    assert (smart, "Content Placeholder 2", "outside") in kinds
    assert (triad, "Idea 3", "missing") in kinds  # pdftotext keeps only what is on the page
    assert {(slide, shape) for slide, shape, _ in kinds} == {
        (steps, "Step name 1"),
        (smart, "Content Placeholder 2"),
        (triad, "Idea 3"),
    }
    [broken] = [p for p in problems if p.kind == "broken"]
    assert broken.word == "organisering" and "across lines" in broken.detail


@pytest.mark.office("libreoffice", "poppler")
def test_pages_become_pngs_in_order_and_one_contact_sheet(
    office_decks: office.Decks, tmp_path: Path
) -> None:
    deck, pdf = office_decks.path(TALK), office_decks.pdf(TALK)
    slides = len(Presentation(str(deck)).slides)
    pngs = to_pngs(pdf, tmp_path, dpi=36)
    assert [p.name for p in pngs] == [f"{pdf.stem}-{n:02d}.png" for n in range(1, slides + 1)]
    with Image.open(pngs[0]) as first:
        # 960 x 540 pt at 36 dpi (LibreOffice's page: 960.01 pt)
        assert first.size in ((480, 270), (481, 270))
    sheet = contact_sheet(pngs, tmp_path / "sheet.png", columns=4, width=200)
    with Image.open(sheet) as image:
        rows = -(-slides // 4)
        assert image.width == 16 + 4 * (200 + 16)
        assert image.height == 16 + rows * (round(270 * 200 / first.width) + 24 + 16)


def pages(pdf: Path, count: int) -> Path:
    """A PDF of `count` plain pages (Pillow writes it), as a render of a deck of that many slides."""
    images = [Image.new("RGB", (96, 54), (40 * n, 90, 160)) for n in range(count)]
    images[0].save(pdf, save_all=True, append_images=images[1:])
    return pdf


@pytest.mark.office("poppler")
def test_a_new_render_replaces_the_pngs_of_an_earlier_longer_one(tmp_path: Path) -> None:
    pdf = tmp_path / "deck" / "talk.pdf"
    pdf.parent.mkdir()
    assert len(to_pngs(pages(pdf, 5), tmp_path, dpi=10)) == 5
    pngs = to_pngs(pages(pdf, 2), tmp_path, dpi=10)
    assert sorted(tmp_path.glob("talk-*.png")) == pngs and len(pngs) == 2


@pytest.mark.office("libreoffice")
def test_conversions_run_in_parallel_each_with_its_own_profile(tmp_path: Path) -> None:
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Hei"
    deck = tmp_path / "one.pptx"
    prs.save(str(deck))
    outs = [tmp_path / str(n) for n in range(2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda out: to_pdf(deck, out), outs))
    assert [p.parent for p in pdfs] == outs
    assert all(p.stat().st_size > 0 and p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_without_libreoffice_or_poppler_the_error_names_the_debian_package(
    deck_2019: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DeckError, match="libreoffice-impress"):
        to_pdf(deck_2019, tmp_path)
    with pytest.raises(DeckError, match="poppler-utils"):
        to_pngs(tmp_path / "deck.pdf", tmp_path, dpi=72)


def test_a_deck_that_is_not_there_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="missing.pptx: file not found"):
        to_pdf(tmp_path / "missing.pptx", tmp_path)
