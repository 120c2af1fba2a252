"""The talk on masters made every way: `template check` agrees with the build, and the decks hold up in the SDK and
in LibreOffice's render (words inside their shapes, readable, none broken in a chart, bullets on bullets slides).

The default run proves the shipped master and Vivid; the other masters here run under --sweep (tools/verify),
and the full sweep, every LibreOffice template and every shipped deck, is tools/verify_masters.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.checks.openxml import sdk_errors_all, validator
from generator.errors import DeckError
from generator.master.reader import read_master

from . import masters
from .conftest import LIBREOFFICE_SLICE, REPO, have, run, sweeping
from .pdfboxes import compare, pdf_pages, words
from .pixels import readings, to_pdfs

CONTENTS = ("content/2019.yaml", "content/editions/vestland-2024.yaml")
MADE = {
    "4:3 Arial": masters.python_pptx_arial,
    "potx": masters.potx,
}
LIBREOFFICE = ("blank-16-10", *LIBREOFFICE_SLICE)
NAMES = ("shipped", *MADE, *LIBREOFFICE)
QUICK = ("shipped", "Vivid")  # the masters of the default run: LibreOffice renders each for seconds


def each_master() -> list:
    """Every master as a parameter, those but QUICK marked `sweep`."""
    return [
        pytest.param(name, marks=() if name in QUICK else (pytest.mark.sweep,)) for name in NAMES
    ]


def in_run() -> tuple[str, ...]:
    """The masters this run builds decks on: QUICK, or all of them under --sweep."""
    return NAMES if sweeping() else QUICK


@pytest.fixture(scope="module")
def master_files(
    tmp_path_factory: pytest.TempPathFactory, libreoffice_masters: dict[str, Path]
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("proof-masters")
    out = {"shipped": REPO / "templates" / "base.pptx"}
    out |= {name: make(folder) for name, make in MADE.items() if name in in_run()}
    out |= {name: libreoffice_masters[name] for name in LIBREOFFICE if name in libreoffice_masters}
    return {name: path for name, path in out.items() if name in in_run()}


def master_of(master_files: dict[str, Path], name: str) -> Path:
    if name not in master_files:
        pytest.skip("LibreOffice (soffice) is not installed")
    return master_files[name]


@pytest.fixture(scope="module")
def decks(master_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Each content file built on each master through the command line: (exit status, stderr, deck)."""
    folder = tmp_path_factory.mktemp("proof-decks")
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        for name, master in master_files.items():
            for content in CONTENTS:
                deck = folder / f"{master.stem}-{Path(content).stem}.pptx"
                result = run(content, "--template", str(master), "-o", str(deck))
                out[name, content] = (result.exit_code, result.stderr, deck)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("content", CONTENTS)
@pytest.mark.parametrize("name", each_master())
def test_the_talk_builds_and_template_check_says_so(
    repo: Path, master_files: dict, decks: dict, name: str, content: str
) -> None:
    master = master_of(master_files, name)
    code, stderr, _ = decks[name, content]
    checked = run("template", "check", str(master), "--content", content)
    assert code == 0, stderr
    assert checked.exit_code == code, checked.stderr


@pytest.mark.slow
def test_template_check_fails_exactly_when_the_build_does(repo: Path, tmp_path: Path) -> None:
    """A master the talk cannot be built on: check and build fail alike, with the same error."""
    master = masters.placeholders_off_the_slide(tmp_path)
    built = run("content/2019.yaml", "--template", str(master), "-o", str(tmp_path / "x.pptx"))
    checked = run("template", "check", str(master), "--content", "content/2019.yaml")
    assert built.exit_code == checked.exit_code == 1
    first = built.stderr.splitlines()[0].removesuffix(" [content/2019.yaml]")
    assert first in checked.stderr


@pytest.mark.office("validator")
@pytest.mark.sweep  # the default run validates the shipped master's decks (test_ooxml.py) and the test masters
def test_every_deck_is_valid_for_the_open_xml_sdk(decks: dict) -> None:
    try:
        validator()
    except DeckError as exc:
        pytest.skip(exc.line())
    # the shipped master's decks are validated with every content file (test_ooxml.py)
    built = [
        deck for (name, _), (code, _, deck) in decks.items() if code == 0 and name != "shipped"
    ]
    assert {deck.name: errors for deck, errors in sdk_errors_all(built).items() if errors} == {}


@pytest.fixture(scope="module")
def pdfs(decks: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2019 talk on each master rendered by LibreOffice, in one run."""
    if not (have("soffice") and have("pdftotext") and have("pdftoppm")):
        pytest.skip("needs LibreOffice and poppler")
    folder = tmp_path_factory.mktemp("proof-pdfs")
    out = {}
    for (name, content), (code, _, deck) in decks.items():
        if content == CONTENTS[0] and code == 0:
            shutil.copy(deck, folder / deck.name)
            out[name] = folder / deck.name
    for name, pdf in zip(out, to_pdfs(list(out.values()), folder), strict=True):
        out[name] = pdf
    return out


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", each_master())
def test_libreoffice_draws_every_word_inside_its_shape(decks: dict, pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    comparison = compare(decks[name, CONTENTS[0]][2], pdfs[name])
    assert comparison.pages == comparison.slides
    assert [str(p) for p in comparison.problems] == []


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", each_master())
def test_every_word_reads_on_what_lies_behind_it(pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    low = [
        str(r) for r in readings(pdfs[name]) if r.ratio < 4.5 and any(c.isalnum() for c in r.word)
    ]
    assert low == []


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", each_master())
def test_no_word_is_broken_inside_the_chart(decks: dict, pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    data = (REPO / "content" / "data" / "kommuner-per-fylke.csv").read_text(encoding="utf-8")
    known = {w for line in data.splitlines()[1:] for w in words(line.split(",")[0])}
    pages = [{w.text for w in found} for _, found in pdf_pages(pdfs[name])]
    page = max(pages, key=lambda found: len(found & known))  # the chart's slide
    broken = [
        word
        for word in known - page
        if any(word[:n] in page and word[n:] in page for n in range(1, len(word)))
    ]
    assert broken == []


def bullets_layouts(deck: Path) -> set[str]:
    """The layout parts of the slides that show a list: a body placeholder with two paragraphs or more (a
    list continued on a small master's next slides may hold two), none of them set without a bullet."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    found = set()
    for slide in Presentation(str(deck)).slides:
        for ph in slide.placeholders:
            paragraphs = ph.text_frame.paragraphs if ph.has_text_frame else []
            plain = any(p._p.find(".//a:buNone", p._p.nsmap) is not None for p in paragraphs)
            title = ph.placeholder_format.type in (
                PP_PLACEHOLDER.TITLE,
                PP_PLACEHOLDER.CENTER_TITLE,
            )
            if not title and len(paragraphs) >= 2 and not plain:
                found.add(str(slide.slide_layout.part.partname))
    return found


@pytest.mark.parametrize("name", each_master())
def test_bullets_slides_have_bullet_characters(master_files: dict, decks: dict, name: str) -> None:
    master_of(master_files, name)
    code, stderr, deck = decks[name, CONTENTS[0]]
    assert code == 0, stderr
    written = read_master(
        deck.read_bytes(), deck.name
    )  # the deck's own master, as PowerPoint reads it
    used = bullets_layouts(deck)
    bodies = [
        p
        for layout in written.layouts.values()
        if layout.part in used
        for p in layout.placeholders
        if p.type in ("body", "obj")
    ]
    assert used and bodies and all(p.levels[0].bullet for p in bodies)
