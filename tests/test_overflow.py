"""Overflow found at build time is overflow on the rendered page, and fitted text stays inside its box."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks.libreoffice import to_pdf
from generator.model.fitting import fit_deck
from generator.pipeline.stages import Options, assemble
from generator.writer.parts import render_pptx

from .conftest import have, run
from .pdfboxes import compare

pytestmark = pytest.mark.skipif(
    not (have("soffice") and have("pdftotext")), reason="needs LibreOffice and poppler"
)

LONG = " ".join(
    ["Hvordan kan samarbeidsaktørene ansvarliggjøres for resultater og verdiskaping over tid?"] * 6
)


def columns(text: str) -> str:
    return (
        "title: T\nslides:\n  - layout: columns\n    title: Tre ledd\n    columns:\n"
        f'      - {{heading: Strategi, text: "{text}"}}\n'
        "      - {heading: Tiltak, text: Hva gjør vi?}\n"
        "      - {heading: Resultat, text: Hva ble det?}\n"
    )


def test_overflow_stops_the_build_at_its_line_and_is_where_the_render_overflows(
    project: Path,
) -> None:
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
    # the deck as it would have been: LibreOffice draws that text out of its box too
    model, master, _ = assemble(project / "talk.yaml", Options(project=project))
    deck = project / "overflowing.pptx"
    deck.write_bytes(render_pptx(fit_deck(model, master)[0], master))
    problems = compare(deck, to_pdf(deck, project)).problems
    assert problems and {p.shape for p in problems} == {"Text 1"}
    assert {p.kind for p in problems} <= {"outside", "missing"}


def test_text_shrunk_to_fit_renders_inside_its_box(project: Path) -> None:
    text = " ".join(["Hvordan kan vi bedre utnytte regionens fortrinn?"] * 4)
    (project / "talk.yaml").write_text(columns(text), encoding="utf-8")
    built = run("talk.yaml")
    assert built.exit_code == 0 and "warning" not in built.stdout
    deck = project / "build" / "talk.pptx"
    from pptx import Presentation

    shape = next(s for s in Presentation(str(deck)).slides[0].shapes if s.name == "Text 1")
    size = shape.text_frame.paragraphs[0].runs[0].font.size.pt
    assert 16 <= size < 26  # the layout's 26 pt, shrunk by the measurement, not below its min_size
    assert compare(deck, to_pdf(deck, project / "build")).problems == ()
