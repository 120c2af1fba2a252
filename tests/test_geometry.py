"""Slides hold on any master: shapes carried onto its slide, inside it and clear of the title, text inside its box."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from generator.master.reader import load_master
from generator.model.placement import DESIGN_BODY, FLOOR, Frame, frame_of

from . import masters, office
from .conftest import REPO, run, sweeping
from .pdfboxes import compare

MASTERS = {  # the name of each master in these tests, and the maker of tests/masters.py that writes it
    "shipped": None,
    "python-pptx 4:3": "python_pptx_default",
    "16:10": "sixteen_ten",
    "Norwegian names": "norwegian_names",
    "potx": "potx",
    "saved by LibreOffice": "libreoffice_saved",
}
# what the default run renders of the 2019 talk on them (a master of our own and a foreign one), and what it
# validates (the shipped master's deck is validated as content/2019.yaml's); all of them under --sweep
QUICK = ("shipped", "python-pptx 4:3")
QUICK_SDK = ("python-pptx 4:3",)
LIBREOFFICE = pytest.mark.office("libreoffice")


def master_file(made: masters.Made, name: str) -> Path:
    maker = MASTERS[name]
    return REPO / "templates" / "base.pptx" if maker is None else made[maker]


def slug(name: str) -> str:
    return name.replace(" ", "-").replace(":", "-")


def on_master(name: str) -> office.Maker:
    """A maker of the 2019 talk built on the master `name`, as a user builds it."""

    def make(kit: office.Kit) -> Path:
        deck = kit.folder / f"{slug(name)}.pptx"
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(REPO)
            master = master_file(kit.masters, name)
            result = run("content/2019.yaml", "--template", str(master), "-o", str(deck))
        assert result.exit_code == 0, f"{name}: {result.stderr}"
        return deck

    return make


def deck_name(name: str) -> str:
    """The registered deck of the talk on master `name` (on the shipped one, the talk as a user builds it)."""
    return TALK if name == "shipped" else f"geometry:{name}"


TALK = office.content_deck(REPO / "content" / "2019.yaml", pdf=True, sdk=sweeping())
for _name in list(MASTERS)[1:]:
    office.deck(
        deck_name(_name), pdf=_name in QUICK or sweeping(), sdk=_name in QUICK_SDK or sweeping()
    )(on_master(_name))


def params(names: list[str], quick: tuple[str, ...] = ()) -> list:
    """A parameter per master: LibreOffice's marked `office`; when `quick` names some, the others marked `sweep`."""
    out = []
    for name in names:
        marks = [LIBREOFFICE] if name == "saved by LibreOffice" else []
        marks += [pytest.mark.sweep] if quick and name not in quick else []
        out.append(pytest.param(name, id=name, marks=marks))
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


@pytest.mark.parametrize("name", params(list(MASTERS)))
def test_every_shape_is_on_the_slide_and_clear_of_the_title(
    office_decks: office.Decks, name: str
) -> None:
    deck = office_decks.path(deck_name(name))
    prs = Presentation(str(deck))
    width, height = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    for number, shape, (x, y, w, h), _ in boxes(deck):
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


@pytest.mark.office("libreoffice", "poppler")
@pytest.mark.parametrize("name", params(list(MASTERS), quick=QUICK))
def test_libreoffice_draws_every_word_inside_its_shape_and_the_page(
    office_decks: office.Decks, name: str
) -> None:
    comparison = compare(office_decks.path(deck_name(name)), office_decks.pdf(deck_name(name)))
    assert comparison.pages == comparison.slides
    assert [str(p) for p in comparison.problems] == []


def test_the_shipped_master_keeps_the_design_grid_as_it_is(made_masters: masters.Made) -> None:
    frame = frame_of(load_master(master_file(made_masters, "shipped")))
    assert frame.identity and frame.box((100.0, 200.0, 300.0, 50.0)) == (100.0, 200.0, 300.0, 50.0)


def test_a_4_3_master_gets_the_grid_scaled_to_its_body_and_centred(
    made_masters: masters.Made,
) -> None:
    master = load_master(master_file(made_masters, "python-pptx 4:3"))
    frame = frame_of(master)
    body = (36.0, 126.0, 648.0, 356.0)  # its Title and Content body, in points
    assert frame.scale == pytest.approx(body[2] / DESIGN_BODY[2])
    x, y, w, h = frame.box(DESIGN_BODY)
    assert (x, w) == pytest.approx((body[0], body[2]), abs=0.6)
    # centred in its height
    assert y - body[1] == pytest.approx(body[1] + body[3] - (y + h), abs=0.6)


def test_text_scales_with_the_grid_but_never_below_the_floor(office_decks: office.Decks) -> None:
    sizes = set()
    for slide in Presentation(str(office_decks.path("geometry:python-pptx 4:3"))).slides:
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


@pytest.mark.office("validator")
@pytest.mark.parametrize("name", params(list(MASTERS), quick=QUICK_SDK))
def test_the_deck_on_every_master_passes_the_open_xml_sdk(
    office_decks: office.Decks, name: str
) -> None:
    assert office_decks.sdk(deck_name(name)) == []
