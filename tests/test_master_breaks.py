"""Where text breaks and where it may go on other masters: after a hyphen, clear of the footer; fast, no LibreOffice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.master.reader import Master
from generator.model.deck import DeckModel
from generator.model.fitting import above_furniture, fit_deck, set_text
from generator.model.fonts import load_face
from generator.model.linebreak import hyphen_parts, wrap
from generator.model.shapes import Placeholder
from generator.pipeline.stages import Options, assemble

from .pdfboxes import Box, Word, _at_hyphens

HEAD = "title: Test\ndate: 2019-03-15\nlanguage: nb-NO\n"
SUBTITLE = "Stat-næringsliv-konferansen 15. mars 2019"


def build(project: Path, slides: str) -> tuple[DeckModel, Master]:
    content = project / "talk.yaml"
    content.write_text(HEAD + "slides:\n" + slides, encoding="utf-8")
    return assemble(content, Options(project=project))[:2]


def test_a_long_hyphenated_word_breaks_after_its_hyphen_as_libreoffice_breaks_it() -> None:
    # Yellow_Idea's subtitle: 32 pt Arial in 428 pt less a 34 pt margin; LibreOffice sets
    # "Stat-næringsliv-" | "konferansen 15. mars 2019"
    face = load_face("Liberation Sans", False, False)
    assert wrap(SUBTITLE, face, 32, 394 * 0.99) == ("Stat-næringsliv-", "konferansen 15. mars 2019")
    # LibreOffice breaks after a hyphen between digits too; never after a leading or trailing one
    assert hyphen_parts("2020-2024") == ["2020-", "2024"]
    assert hyphen_parts("Vestland-2024") == ["Vestland-", "2024"]
    assert hyphen_parts("-Vestland") == ["-Vestland"]
    assert hyphen_parts("Vestland-") == ["Vestland-"]


def _pieces(*texts: str, line: int = 3, left: float = 100) -> list[Word]:
    return [
        Word(text, Box(left, 50 + 40 * n, left + 20 * len(text), 80 + 40 * n), line + n)
        for n, text in enumerate(texts)
    ]


def test_a_word_rendered_across_lines_after_its_own_hyphen_is_not_broken() -> None:
    box = Box(90, 40, 600, 300)
    word = "stat-næringsliv-konferansen"
    at_hyphen = _pieces("stat-næringsliv-", "konferansen")
    assert _at_hyphens(word, at_hyphen, box, 2.0, None)
    # where fitting broke it too
    fitted = ("Stat-næringsliv-", "konferansen 15. mars 2019")
    assert _at_hyphens(word, at_hyphen, box, 2.0, fitted)
    # a break fitting did not make, inside a word, on one line, or outside the box still is one
    assert not _at_hyphens(word, at_hyphen, box, 2.0, ("Stat-", "næringsliv-konferansen 15."))
    assert not _at_hyphens(word, _pieces("stat-nærings", "liv-konferansen"), box, 2.0, None)
    same_line = [replace(w, line=3) for w in at_hyphen]
    assert not _at_hyphens(word, same_line, box, 2.0, None)
    assert not _at_hyphens(
        word, _pieces("stat-næringsliv-", "konferansen", left=500), box, 2.0, None
    )


def test_a_placeholder_over_the_footer_ends_above_it() -> None:
    shape = Placeholder(name="Body", role="body")
    # Progress: body to the slide's foot, footer and slide number inside its lower half
    furniture = ((439.34, 403.91, 340.16, 30.81), (581.07, 361.39, 198.43, 30.81))
    cut = above_furniture(shape, (47.62, 208.57, 698.43, 237.93), furniture)
    assert cut.box == (47.62, 208.57, 698.43, round(361.39 - 6 - 208.57, 2))
    # furniture beside it, under it or across its upper half leaves it as it is
    assert (
        above_furniture(shape, (47.62, 208.57, 300, 237.93), ((439.34, 403.91, 340, 30),)) is shape
    )
    assert above_furniture(shape, (60, 136, 840, 364), ((60, 508, 200, 20),)) is shape
    assert above_furniture(shape, (60, 136, 840, 364), ((60, 140, 200, 20),)) is shape


def test_a_bullet_list_on_a_master_whose_footer_lies_in_its_body_is_fitted_above_the_footer(
    project: Path,
) -> None:
    bullets = "".join(
        f"      - Punkt nummer {i} med litt tekst som fyller linjen godt opp\n" for i in range(1, 8)
    )
    model, master = build(
        project, f"  - layout: bullets\n    title: Punkter\n    bullets:\n{bullets}"
    )
    layout = master.layouts[model.slides[0].master]
    footer = (280.0, 400.0, 400.0, 20.0)  # across the body (60, 136, 840, 364)
    moved = replace(
        master, layouts={**master.layouts, layout.key: replace(layout, furniture=(footer,))}
    )
    fitted, findings = fit_deck(model, master)
    assert findings == ()
    before = next(s for s in fitted.slides[0].shapes if s.field == "bullets")
    fitted, findings = fit_deck(model, moved)
    assert findings == ()
    body = next(s for s in fitted.slides[0].shapes if s.field == "bullets")
    assert body.box == (60.0, 136.0, 840.0, 400 - 6 - 136)
    assert body.size < (before.size or 22)
    text = next(
        t for t in set_text(fitted.slides[0], moved).values() if t.placeholder.type != "title"
    )
    height = sum(len(p.lines) * p.pitch + p.before for p in text.paragraphs)
    assert text.top + height <= footer[1]
