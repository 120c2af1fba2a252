"""Slides hold on any master: shapes carried onto its slide, inside it and clear of the title, text inside its box."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from generator.checks.libreoffice import to_pdf
from generator.checks.openxml import sdk_errors_all, validator
from generator.errors import DeckError
from generator.master.reader import load_master
from generator.model.placement import DESIGN_BODY, FLOOR, Frame, frame_of

from . import masters
from .conftest import REPO, have, run
from .pdfboxes import compare

MAKERS = {
    "shipped": None,
    "python-pptx 4:3": masters.python_pptx_default,
    "16:10": masters.sixteen_ten,
    "Norwegian names": masters.norwegian_names,
    "potx": masters.potx,
    "saved by LibreOffice": masters.libreoffice_saved,
}


@pytest.fixture(scope="module")
def master_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("geometry-masters")
    out = {"shipped": REPO / "templates" / "base.pptx"}
    for name, make in MAKERS.items():
        if make is not None and (path := make(folder)) is not None:
            out[name] = path
    return out


@pytest.fixture(scope="module")
def decks(
    master_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The 2019 talk built on each master, as a user builds it."""
    folder = tmp_path_factory.mktemp("geometry-decks")
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        for name, master in master_files.items():
            deck = folder / f"{name.replace(' ', '-').replace(':', '-')}.pptx"
            result = run("content/2019.yaml", "--template", str(master), "-o", str(deck))
            assert result.exit_code == 0, f"{name}: {result.stderr}"
            out[name] = deck
    return out


def boxes(deck: Path) -> list[tuple[int, str, tuple[float, float, float, float], bool]]:
    """Every shape with a box of its own: slide number, name, box in points, whether it is a placeholder."""
    prs = Presentation(str(deck))
    return [
        (
            n,
            shape.name,
            tuple(Emu(v).pt for v in (shape.left, shape.top, shape.width, shape.height)),
            shape.is_placeholder,
        )
        for n, slide in enumerate(prs.slides, 1)
        for shape in slide.shapes
        if shape.left is not None
    ]


@pytest.mark.parametrize("name", list(MAKERS))
def test_every_shape_is_on_the_slide_and_clear_of_the_title(
    decks: dict[str, Path], name: str
) -> None:
    if name not in decks:
        pytest.skip("LibreOffice is not installed")
    prs = Presentation(str(decks[name]))
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    for number, shape, (x, y, w, h), _ in boxes(decks[name]):
        assert x >= -0.5 and y >= -0.5 and x + w <= width + 0.5 and y + h <= height + 0.5, (
            number,
            shape,
        )
    for number, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        if title is None or not title.text or slide.slide_layout.name in ("Title Slide",):
            continue
        bottom = Emu(title.top + title.height).pt if title.top is not None else None
        drawn = [s for s in slide.shapes if not s.is_placeholder and s.top is not None]
        if bottom is not None:
            assert all(Emu(s.top).pt >= bottom - 0.5 for s in drawn), (name, number)


@pytest.mark.skipif(
    not (have("soffice") and have("pdftotext")), reason="needs LibreOffice and poppler"
)
@pytest.mark.parametrize("name", list(MAKERS))
def test_libreoffice_draws_every_word_inside_its_shape_and_the_page(
    decks: dict[str, Path], name: str, tmp_path: Path
) -> None:
    if name not in decks:
        pytest.skip("LibreOffice is not installed")
    deck = decks[name]
    comparison = compare(deck, to_pdf(deck, tmp_path))
    assert comparison.pages == comparison.slides
    assert [str(p) for p in comparison.problems] == []


def test_the_shipped_master_keeps_the_design_grid_as_it_is(master_files: dict[str, Path]) -> None:
    frame = frame_of(load_master(master_files["shipped"]))
    assert frame.identity and frame.box((100.0, 200.0, 300.0, 50.0)) == (100.0, 200.0, 300.0, 50.0)


def test_a_4_3_master_gets_the_grid_scaled_to_its_body_and_centred(
    master_files: dict[str, Path],
) -> None:
    master = load_master(master_files["python-pptx 4:3"])
    frame = frame_of(master)
    body = (36.0, 126.0, 648.0, 356.0)  # its Title and Content body, in points
    assert frame.scale == pytest.approx(body[2] / DESIGN_BODY[2])
    x, y, w, h = frame.box(DESIGN_BODY)
    assert (x, w) == pytest.approx((body[0], body[2]), abs=0.6)
    # centred in its height
    assert y - body[1] == pytest.approx(body[1] + body[3] - (y + h), abs=0.6)


def test_text_scales_with_the_grid_but_never_below_the_floor(decks: dict[str, Path]) -> None:
    sizes = set()
    for slide in Presentation(str(decks["python-pptx 4:3"])).slides:
        for shape in slide.shapes:
            if shape.has_text_frame and not shape.is_placeholder:
                sizes |= {
                    r.font.size.pt
                    for p in shape.text_frame.paragraphs
                    for r in p.runs
                    if r.font.size
                }
    assert sizes and min(sizes) >= FLOOR


def test_a_layout_box_off_the_design_slide_is_an_error_at_the_layout_line(project: Path) -> None:
    layouts = project / "templates" / "layouts"
    layouts.mkdir(parents=True)
    (layouts / "wide.yaml.j2").write_text(
        "{#---\nmaster: Title Only\nfields:\n  title: {type: text, required: true}\n---#}\nshapes:\n"
        "  - placeholder: title\n    field: title\n    text: {{ title | q }}\n"
        "  - geometry: rect\n    box: [500, 200, 500, 100]\n",
        encoding="utf-8",
    )
    (project / "deck.yaml").write_text(
        "slides:\n  - layout: wide\n    title: Bred\n", encoding="utf-8"
    )
    result = run("deck.yaml", "-o", "deck.pptx")
    assert result.exit_code == 1 and not (project / "deck.pptx").exists()
    assert result.stderr.startswith(
        "deck.yaml:2:5: slides[1]: layout 'wide' wrote shapes[2].box: "
        "[500, 200, 500, 100] lies outside the 960 x 540 pt slide"
    ), result.stderr
    assert "templates/layouts/wide.yaml.j2:11:" in result.stderr


def test_a_shape_over_the_title_is_an_error_unless_the_layout_allows_it(project: Path) -> None:
    layouts = project / "templates" / "layouts"
    layouts.mkdir(parents=True)
    body = (
        "shapes:\n  - placeholder: title\n    field: title\n    text: {{ title | q }}\n"
        "  - geometry: rect\n    name: Banner\n    box: [60, 40, 840, 60]\n"
    )
    (layouts / "banner.yaml.j2").write_text(
        "{#---\nmaster: Title Only\nfields:\n  title: {type: text, required: true}\n---#}\n" + body,
        encoding="utf-8",
    )
    (project / "deck.yaml").write_text(
        "slides:\n  - layout: banner\n    title: Over\n", encoding="utf-8"
    )
    result = run("deck.yaml", "-o", "deck.pptx")
    assert result.exit_code == 1 and "'Banner' covers the title" in result.stderr, result.stderr
    (layouts / "banner.yaml.j2").write_text(
        "{#---\nmaster: Title Only\nover_title: true\nfields:\n  title: {type: text, required: true}\n---#}\n"
        + body,
        encoding="utf-8",
    )
    assert run("deck.yaml", "-o", "deck.pptx").exit_code == 0


def test_a_frame_carries_a_box_by_its_scale_from_the_grids_corner() -> None:
    frame = Frame(10.0, 20.0, 0.5)
    assert frame.box((DESIGN_BODY[0] + 100, DESIGN_BODY[1] + 40, 200, 80)) == (
        60.0,
        40.0,
        100.0,
        40.0,
    )


def test_the_deck_on_every_master_passes_the_open_xml_sdk(decks: dict[str, Path]) -> None:
    try:
        validator()
    except DeckError as exc:
        pytest.skip(exc.line())
    verdicts = sdk_errors_all(list(decks.values()))
    assert {path.name: errors for path, errors in verdicts.items() if errors} == {}
