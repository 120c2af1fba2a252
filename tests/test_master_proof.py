"""The talk on the shipped master and on Vivid (several master pages): `template check` agrees with the build, and
in LibreOffice's render every word is inside its shape and readable, none broken in a chart, and bullets slides
have bullet characters. The checks here are the ones tools/verify_masters.py makes of every shipped deck on every
LibreOffice template and test master (tools/verify runs it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.master.reader import read_master

from . import masters
from .conftest import REPO, have, run
from .pdfboxes import compare, pdf_pages, words
from .pixels import readings, to_pdfs

CONTENTS = ("content/2019.yaml", "content/editions/vestland-2024.yaml")
NAMES = (
    "shipped",
    "Vivid",
)  # LibreOffice renders each for seconds: the rest is verify_masters.py's


@pytest.fixture(scope="module")
def master_files(libreoffice_masters: dict[str, Path]) -> dict[str, Path]:
    out = {"shipped": REPO / "templates" / "base.pptx"}
    return out | {name: libreoffice_masters[name] for name in NAMES if name in libreoffice_masters}


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
@pytest.mark.parametrize("name", NAMES)
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
@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_draws_every_word_inside_its_shape(decks: dict, pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    comparison = compare(decks[name, CONTENTS[0]][2], pdfs[name])
    assert comparison.pages == comparison.slides
    assert [str(p) for p in comparison.problems] == []


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_word_reads_on_what_lies_behind_it(pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    low = [
        str(r) for r in readings(pdfs[name]) if r.ratio < 4.5 and any(c.isalnum() for c in r.word)
    ]
    assert low == []


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_no_word_is_broken_inside_the_chart(decks: dict, pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    assert broken_in_chart(pdfs[name]) == []


def broken_in_chart(pdf: Path) -> list[str]:
    """The counties' words the county chart shows broken in two."""
    known = _county_words()
    page = {w.text for w in _chart_page(pdf, known)}
    return [
        word
        for word in known - page
        if any(word[:n] in page and word[n:] in page for n in range(1, len(word)))
    ]


def _county_words() -> set[str]:
    data = (REPO / "content" / "data" / "kommuner-per-fylke.csv").read_text(encoding="utf-8")
    return {w for line in data.splitlines()[1:] for w in words(line.split(",")[0])}


def _chart_page(pdf: Path, known: set[str]) -> list:
    """The words of the county chart's page: the page showing most of the counties' words."""
    return max(
        (found for _, found in pdf_pages(pdf)),
        key=lambda found: len({w.text for w in found} & known),
    )


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_highlighted_county_is_named_on_the_chart(pdfs: dict, name: str) -> None:
    if name not in pdfs:
        pytest.skip("LibreOffice is not installed")
    assert named_in_chart(pdfs[name], HIGHLIGHT)


HIGHLIGHT = "Vestfold og Telemark"  # the county content/2019.yaml's chart highlights


def named_in_chart(pdf: Path, name: str) -> bool:
    """Whether the county chart's page shows `name` whole on one line: on the axis, or at its bar where the axis
    names only every second county."""
    lines: dict[int, list[str]] = {}
    for word in _chart_page(pdf, _county_words()):
        lines.setdefault(word.line, []).append(word.text)
    wanted = words(name)
    return any(
        tuple(texts[i : i + len(wanted)]) == wanted
        for texts in lines.values()
        for i in range(len(texts))
    )


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


@pytest.mark.parametrize("name", NAMES)
def test_bullets_slides_have_bullet_characters(master_files: dict, decks: dict, name: str) -> None:
    master_of(master_files, name)
    code, stderr, deck = decks[name, CONTENTS[0]]
    assert code == 0, stderr
    assert bulleted(deck)


def bulleted(deck: Path) -> bool:
    """The deck shows lists, and every layout its lists are on gives their first level a bullet character (the
    deck's own master, as PowerPoint reads it)."""
    written = read_master(deck.read_bytes(), deck.name)
    used = bullets_layouts(deck)
    bodies = [
        p
        for layout in written.layouts.values()
        if layout.part in used
        for p in layout.placeholders
        if p.type in ("body", "obj")
    ]
    return bool(used and bodies) and all(p.levels[0].bullet for p in bodies)
