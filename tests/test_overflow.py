"""Overflow found at build time is overflow on the rendered page, and fitted text stays inside its box."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.office import to_pdf

from .conftest import have, run
from .pdfboxes import compare

pytestmark = pytest.mark.skipif(not (have("soffice") and have("pdftotext")), reason="needs LibreOffice and poppler")

LONG = " ".join(["Hvordan kan samarbeidsaktørene ansvarliggjøres for resultater og verdiskaping over tid?"] * 6)


def columns(text: str) -> str:
    return ("title: T\nslides:\n  - layout: columns\n    title: Tre ledd\n    columns:\n"
            f"      - {{heading: Strategi, text: \"{text}\"}}\n"
            "      - {heading: Tiltak, text: Hva gjør vi?}\n"
            "      - {heading: Resultat, text: Hva ble det?}\n")


def test_overflow_is_found_by_the_metrics_and_by_the_render(project: Path) -> None:
    (project / "talk.yaml").write_text(columns(LONG), encoding="utf-8")
    checked = run("check", "talk.yaml")
    [finding] = [line for line in checked.stdout.splitlines() if ": overflow: " in line]
    assert finding.startswith("talk.yaml:6:") and "slide 1: columns[1].text: overflow:" in finding
    assert run("build", "--strict", "talk.yaml").exit_code == 1
    built = run("talk.yaml")
    assert built.exit_code == 0 and "1 warning" in built.stdout and "overflow" in built.stderr
    deck = project / "build" / "talk.pptx"
    problems = compare(deck, to_pdf(deck, project / "build")).problems
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
