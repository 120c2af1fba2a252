"""Overflow found at build time is overflow on the rendered page, and fitted text stays inside its box."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from generator.model.fitting import fit_deck
from generator.pipeline.stages import Options, assemble
from generator.writer.parts import render_pptx

from . import office
from .conftest import run
from .pdfboxes import compare

LONG = " ".join(
    ["Hvordan kan samarbeidsaktørene ansvarliggjøres for resultater og verdiskaping over tid?"] * 6
)
SHRINKS = " ".join(["Hvordan kan vi bedre utnytte regionens fortrinn?"] * 4)


def columns(text: str) -> str:
    return (
        "title: T\nslides:\n  - layout: columns\n    title: Tre ledd\n    columns:\n"
        f'      - {{heading: Strategi, text: "{text}"}}\n'
        "      - {heading: Tiltak, text: Hva gjør vi?}\n"
        "      - {heading: Resultat, text: Hva ble det?}\n"
    )


@office.deck("overflow:overflowing", pdf=True)
def overflowing(kit: office.Kit) -> Path:
    """The deck the overflowing talk would have been, had the build not stopped."""
    (kit.folder / "talk.yaml").write_text(columns(LONG), encoding="utf-8")
    model, master, _ = assemble(kit.folder / "talk.yaml", Options(project=kit.folder))
    deck = kit.folder / "overflowing.pptx"
    deck.write_bytes(render_pptx(fit_deck(model, master)[0], master))
    return deck


@office.deck("overflow:shrunk", pdf=True)
def shrunk(kit: office.Kit) -> Path:
    """A talk whose long column is shrunk to fit, built through the command line."""
    (kit.folder / "talk.yaml").write_text(columns(SHRINKS), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(kit.folder)
        built = run("talk.yaml")
    assert built.exit_code == 0 and "warning" not in built.stdout, built.output
    return kit.folder / "build" / "talk.pptx"


def test_overflow_stops_the_build_at_its_line(project: Path) -> None:
    (project / "talk.yaml").write_text(columns(LONG), encoding="utf-8")
    checked = run("check", "talk.yaml")
    assert checked.exit_code == 1
    first = checked.stderr.splitlines()[0]
    assert first.startswith("talk.yaml:6:") and "slide 1: columns[1].text: overflow:" in first, (
        checked.stderr
    )
    built = run("talk.yaml")
    assert built.exit_code == 1 and "1 error, no deck written" in built.stderr
    assert not (project / "build" / "talk.pptx").exists()


@pytest.mark.office("libreoffice", "poppler")
def test_the_overflow_found_is_where_libreoffice_draws_text_out_of_its_box(
    office_decks: office.Decks,
) -> None:
    name = "overflow:overflowing"
    problems = compare(office_decks.path(name), office_decks.pdf(name)).problems
    assert problems and {p.shape for p in problems} == {"Text 1"}
    assert {p.kind for p in problems} <= {"outside", "missing"}


def test_text_too_long_for_its_box_is_shrunk_to_fit(project: Path) -> None:
    (project / "talk.yaml").write_text(columns(SHRINKS), encoding="utf-8")
    built = run("talk.yaml")
    assert built.exit_code == 0 and "warning" not in built.stdout
    deck = project / "build" / "talk.pptx"
    shape = next(s for s in Presentation(str(deck)).slides[0].shapes if s.name == "Text 1")
    size = shape.text_frame.paragraphs[0].runs[0].font.size.pt
    assert 16 <= size < 26  # the layout's 26 pt, shrunk by the measurement, not below its min_size


@pytest.mark.office("libreoffice", "poppler")
def test_text_shrunk_to_fit_renders_inside_its_box(office_decks: office.Decks) -> None:
    name = "overflow:shrunk"
    assert compare(office_decks.path(name), office_decks.pdf(name)).problems == ()
