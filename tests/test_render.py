"""Decks rendered by LibreOffice: one page per slide, every word on its page, inside its shape's box, unbroken."""

from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Pt

from generator.checks.libreoffice import contact_sheet, to_pdf, to_pngs
from generator.errors import DeckError

from .conftest import REPO, have
from .pdfboxes import compare

# the shipped content, and test editions of large counties (51 names; Sámi names)
CONTENT = sorted((REPO / "content").glob("**/*.yaml")) + sorted(
    (REPO / "tests" / "data" / "editions").glob("*.yaml")
)

pytestmark = [
    pytest.mark.skipif(
        not have("soffice"), reason="LibreOffice is not installed (Debian: libreoffice-impress)"
    ),
    pytest.mark.skipif(
        not have("pdftotext"), reason="poppler is not installed (Debian: poppler-utils)"
    ),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[Path, Path]]:
    """Every content file built and rendered to PDF once: content file to (deck, PDF)."""
    out = tmp_path_factory.mktemp("rendered")
    decks = {}
    for number, content in enumerate(CONTENT):
        deck = out / f"{number}-{content.stem}.pptx"
        # Finnmark: Sámi names
        one = ["--county", "56"] if "counties:" in content.read_text(encoding="utf-8") else []
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from generator.commands.app import main; main()",
                str(content),
                "-o",
                str(deck),
                *one,
            ],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        decks[content] = deck
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = dict(
            zip(decks, pool.map(lambda deck: to_pdf(deck, out), decks.values()), strict=True)
        )
    return {content: (decks[content], pdfs[content]) for content in decks}


@pytest.mark.parametrize("content", CONTENT, ids=lambda p: str(p.relative_to(REPO)))
def test_every_slide_renders_to_one_page(
    content: Path, rendered: dict[Path, tuple[Path, Path]]
) -> None:
    comparison = compare(*rendered[content])
    assert (
        comparison.pages == comparison.slides == len(Presentation(str(rendered[content][0])).slides)
    )


@pytest.mark.parametrize("content", CONTENT, ids=lambda p: str(p.relative_to(REPO)))
def test_every_word_renders_on_its_page_inside_its_shape_and_unbroken(
    content: Path, rendered: dict[Path, tuple[Path, Path]]
) -> None:
    comparison = compare(*rendered[content])
    assert [str(p) for p in comparison.problems] == []
    assert all(len(pieces) == 1 for p in comparison.placements for pieces in p.words)


def test_the_comparison_finds_words_broken_outside_their_box_and_missing(
    deck_2019: Path, tmp_path: Path
) -> None:
    prs = Presentation(str(deck_2019))
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
    deck = tmp_path / "defects.pptx"
    prs.save(deck)
    problems = compare(deck, to_pdf(deck, tmp_path)).problems
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


def test_pages_become_pngs_in_order_and_one_contact_sheet(
    rendered: dict[Path, tuple[Path, Path]], tmp_path: Path
) -> None:
    deck, pdf = rendered[REPO / "content" / "2019.yaml"]
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


def test_a_new_render_replaces_the_pngs_of_an_earlier_longer_one(
    deck_2019: Path, tmp_path: Path
) -> None:
    prs = Presentation(str(deck_2019))
    slides = len(prs.slides)
    ids = prs.slides._sldIdLst
    for sld_id in list(ids)[2:]:
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)
    short = io.BytesIO()
    prs.save(short)
    (tmp_path / "deck").mkdir()
    long_deck = tmp_path / "deck" / "talk.pptx"
    long_deck.write_bytes(deck_2019.read_bytes())
    assert len(to_pngs(to_pdf(long_deck, tmp_path), tmp_path, dpi=10)) == slides
    long_deck.write_bytes(short.getvalue())
    pngs = to_pngs(to_pdf(long_deck, tmp_path), tmp_path, dpi=10)
    assert sorted(tmp_path.glob("talk-*.png")) == pngs and len(pngs) == 2


def test_conversions_run_in_parallel_each_with_its_own_profile(
    deck_2019: Path, tmp_path: Path
) -> None:
    outs = [tmp_path / str(n) for n in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda out: to_pdf(deck_2019, out), outs))
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
