"""Overflow and glyph measurement: real decks through the real pipeline, measured with the shipped Carlito."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from generator.master.reader import Master, load_master
from generator.model.deck import DeckModel
from generator.model.fitting import FLOOR, SLACK, fit_deck, line_counts, text_area
from generator.model.fonts import fonts_dir, load_face
from generator.model.linebreak import wrap
from generator.model.presets import text_rect
from generator.model.shapes import Shape
from generator.pipeline.stages import Options, assemble

from . import office
from .conftest import REPO

SAMI = "áčđŋšŧžÁČĐŊŠŦŽ"
HEAD = "title: Test\ndate: 2019-03-15\nlanguage: nb-NO\n"


def build(project: Path, slides: str) -> tuple[DeckModel, Master]:
    """Write a content file into the project and prepare it the way a build does."""
    content = project / "talk.yaml"
    content.write_text(HEAD + "slides:\n" + slides, encoding="utf-8")
    return assemble(content, Options(project=project))[:2]


def layout(project: Path, name: str, body: str, master: str = "Title Only") -> None:
    """A project layout (searched before the built-in ones) taking one `text` field."""
    folder = project / "templates" / "layouts"
    folder.mkdir(parents=True, exist_ok=True)
    front = f"{{#---\nmaster: {master}\nfields:\n  text: {{type: text, required: true}}\n---#}}\n"
    (folder / f"{name}.yaml.j2").write_text(front + body, encoding="utf-8")


def shape(model: DeckModel, slide: int, field: str) -> Shape:
    return next(s for s in model.slides[slide - 1].shapes if s.field == field)


def checks(findings: tuple) -> list[str]:
    return [f.check for f in findings]


def test_shipped_2019_deck_has_no_findings(repo: Path) -> None:
    model, master = build_2019()
    fitted, findings = fit_deck(model, master)
    assert [f.line() for f in findings] == []

    def kept(deck: DeckModel) -> list:
        return [s for slide in deck.slides for s in slide.shapes if s.kind != "freeform"]

    # everything fits at the sizes the layouts chose (map labels fit or go)
    assert kept(fitted) == kept(model)


def build_2019() -> tuple[DeckModel, Master]:
    return assemble(REPO / "content" / "2019.yaml", Options(project=REPO))[:2]


def test_long_bullet_list_is_shrunk_to_fit(project: Path) -> None:
    bullets = "".join(
        f"      - Punkt nummer {i} med litt tekst som fyller linjen godt opp\n"
        for i in range(1, 12)
    )
    model, master = build(
        project, f"  - layout: bullets\n    title: Mange punkter\n    bullets:\n{bullets}"
    )
    before = shape(model, 1, "bullets")
    assert (before.size, before.min_size) == (22, 16)
    fitted, findings = fit_deck(model, master)
    after = shape(fitted, 1, "bullets")
    assert findings == ()
    assert 16 <= after.size < 22
    assert after.size % 0.5 == 0
    # the largest size that fits: half a point more does not
    bigger = replace(
        fitted,
        slides=(
            replace(
                fitted.slides[0],
                continues="",
                shapes=tuple(
                    replace(s, size=after.size + 0.5, min_size=None) if s.field == "bullets" else s
                    for s in fitted.slides[0].shapes
                ),
            ),
        ),
    )
    assert checks(fit_deck(bigger, master)[1]) == ["overflow"]


def test_a_list_too_long_for_its_box_runs_on_under_a_continued_title(project: Path) -> None:
    bullets = "".join(f"      - Punkt {i}\n" for i in range(1, 25))
    model, master = build(
        project,
        f"  - layout: bullets\n    title: For mange punkter\n    notes: Bare her\n    bullets:\n{bullets}",
    )
    fitted, findings = fit_deck(model, master)
    assert findings == ()
    # 11 lines fit at 16 pt: three slides of eight
    assert [s.number for s in fitted.slides] == [1, 2, 3]
    titles = [
        next(sh for sh in s.shapes if sh.role == "title").paragraphs[0].text for s in fitted.slides
    ]
    assert titles == ["For mange punkter", *["For mange punkter (forts.)"] * 2]
    items = [[p.text for p in shape(fitted, n, "bullets").paragraphs] for n in (1, 2, 3)]
    assert items == [[f"Punkt {i}" for i in range(k, k + 8)] for k in (1, 9, 17)]
    assert [s.notes for s in fitted.slides] == ["Bare her", "", ""]
    assert [s.key for s in fitted.slides] == ["slides[1]", "slides[1]~2", "slides[1]~3"]


def test_text_that_cannot_fit_stops_at_min_size_and_is_reported(project: Path) -> None:
    layout(
        project,
        "fixed",
        "shapes:\n  - placeholder: body\n    field: text\n    min_size: 16\n    paragraphs:\n"
        "{% for i in range(24) %}      - {{ (text ~ ' ' ~ (i + 1)) | q }}\n{% endfor %}",
        master="Title and Content",
    )
    model, master = build(project, "  - layout: fixed\n    text: Punkt\n")
    fitted, findings = fit_deck(model, master)
    assert shape(fitted, 1, "text").size == 16  # its min_size
    (finding,) = findings
    assert (finding.check, finding.slide, finding.field) == ("overflow", 1, "text")
    assert finding.message.startswith(
        "needs 24 lines at 16 pt, 11 fit in the 840 x 357 pt text area"
    )
    assert finding.line().startswith("talk.yaml:6:11: slide 1: text: overflow: needs 24 lines")


def test_text_without_min_size_is_reported_not_shrunk(project: Path) -> None:
    layout(
        project,
        "fixed",
        "shapes:\n  - placeholder: title\n    field: text\n    text: {{ text | q }}\n",
    )
    title = "En tittel som er altfor lang til å stå på én linje i tittelfeltet øverst på lysbildet"
    model, master = build(project, f"  - layout: fixed\n    text: {title}\n")
    fitted, findings = fit_deck(model, master)
    assert shape(fitted, 1, "text") == shape(model, 1, "text")
    assert [(f.check, f.field) for f in findings] == [("overflow", "text")]
    assert "needs 2 lines at 36 pt, 1 fit" in findings[0].message
    assert "no min_size" in findings[0].message


def test_long_title_is_shrunk_to_the_layouts_title_minimum(project: Path) -> None:
    title = "En tittel som er altfor lang til å stå på én linje i tittelfeltet"
    model, master = build(
        project, f"  - layout: bullets\n    title: {title}\n    bullets: [Ett punkt]\n"
    )
    fitted, findings = fit_deck(model, master)
    assert findings == ()
    assert 28 <= shape(fitted, 1, "title").size < 36


def test_shrinking_never_goes_below_the_floor(project: Path) -> None:
    layout(
        project,
        "tiny",
        "shapes:\n  - geometry: textbox\n    field: text\n    box: [60, 100, 200, 40]\n"
        "    size: 20\n    min_size: 4\n    inset: [0, 0, 0, 0]\n    text: {{ text | q }}\n",
    )
    words = " ".join(["ord"] * 80)
    model, master = build(project, f"  - layout: tiny\n    text: {words}\n")
    fitted, findings = fit_deck(model, master)
    assert shape(fitted, 1, "text").size == FLOOR
    assert checks(findings) == ["overflow"]
    assert f"the {FLOOR:g} pt floor" in findings[0].message


def test_paragraph_sizes_scale_with_the_shape(project: Path) -> None:
    layout(
        project,
        "mixed",
        "shapes:\n  - geometry: textbox\n    field: text\n    box: [60, 100, 400, 120]\n"
        "    size: 30\n    min_size: 12\n    inset: [0, 0, 0, 0]\n    paragraphs:\n"
        "      - {text: {{ text | q }}, size: 40}\n      - {text: {{ text | q }}}\n",
    )
    model, master = build(
        project, "  - layout: mixed\n    text: Fire ord i hver linje her og litt til\n"
    )
    fitted, findings = fit_deck(model, master)
    after = shape(fitted, 1, "text")
    assert findings == ()
    assert after.size < 30
    assert after.paragraphs[0].size == pytest.approx(40 * after.size / 30, abs=0.01)
    assert after.paragraphs[1].size is None  # it follows the shape's size


def test_body_levels_keep_their_hierarchy_when_shrunk(project: Path) -> None:
    layout(
        project,
        "levels",
        "shapes:\n  - placeholder: body\n    field: text\n    min_size: 12\n    paragraphs:\n"
        "{% for i in range(6) %}      - {text: {{ text | q }}}\n"
        "      - {text: {{ text | q }}, level: 1}\n{% endfor %}",
        master="Title and Content",
    )
    model, master = build(project, "  - layout: levels\n    text: Et punkt og et underpunkt\n")
    fitted, findings = fit_deck(model, master)
    after = shape(fitted, 1, "text")
    assert findings == ()
    assert after.size < 24  # the master's level 1 size
    top, sub = after.paragraphs[0], after.paragraphs[1]
    assert top.size is None  # level 1 follows the shape's size
    assert sub.size == pytest.approx(20 * after.size / 24, abs=0.01)  # level 2 keeps 20:24


def test_word_wider_than_chevron_is_reported_as_mid_word_break(project: Path) -> None:
    columns = "".join(
        f"      - {{heading: {h}, text: Tekst}}\n"
        for h in ("Analyse", "Kunnskapsgrunnlagsutviklingsarbeid", "Tiltak", "Læring")
    )
    model, master = build(
        project, f"  - layout: columns\n    title: Fire steg\n    columns:\n{columns}"
    )
    fitted, findings = fit_deck(model, master)
    assert [(f.check, f.field) for f in findings] == [("mid-word", "columns[2].heading")]
    assert "'Kunnskapsgrunnlagsutviklingsarbeid' breaks mid-word" in findings[0].message
    # shrunk as far as min_size allows first
    assert shape(fitted, 1, "columns[2].heading").size == 14


def test_hyphenated_name_breaks_at_its_hyphen_not_mid_word(project: Path) -> None:
    face = load_face("Carlito", bold=True)
    assert wrap("Porsanger-Porsáŋgu-Porsanki", face, 24, 150) == (
        "Porsanger-",
        "Porsáŋgu-",
        "Porsanki",
    )
    steps = "[Én, To, Tre, Porsanger-Porsáŋgu-Porsanki]"
    model, master = build(project, f"  - layout: steps\n    title: Steg\n    steps: {steps}\n")
    assert fit_deck(model, master)[1] == ()


def test_sami_letters_are_covered_by_the_theme_font(project: Path) -> None:
    for bold in (False, True):
        for italic in (False, True):
            face = load_face("Carlito", bold, italic)
            assert [c for c in SAMI if c not in face.advances] == []
    model, master = build(
        project,
        f"  - layout: bullets\n    title: Sámegiella {SAMI}\n"
        f"    bullets: [Guovdageaidnu, Kárášjohka, Unjárga, Porsáŋgu, {SAMI}]\n",
    )
    assert fit_deck(model, master)[1] == ()


def test_missing_glyph_is_reported_with_location(project: Path) -> None:
    model, master = build(
        project,
        "  - layout: bullets\n    title: Tegn\n    bullets:\n      - Et vanlig punkt\n      - Et snømannpunkt ☃\n",
    )
    _, findings = fit_deck(model, master)
    (finding,) = findings
    assert (finding.check, finding.slide, finding.field) == ("glyph", 1, "bullets")
    assert "U+2603 SNOWMAN" in finding.message and "Carlito" in finding.message
    # at the item that holds the character
    assert finding.line().startswith("talk.yaml:9:9: slide 1: bullets: glyph: ")


def test_decomposed_letters_are_checked_after_nfc(project: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Kárášjohka")
    assert decomposed != "Kárášjohka"
    model, master = build(
        project, f'  - layout: bullets\n    title: Tegn\n    bullets: ["{decomposed}"]\n'
    )
    assert fit_deck(model, master)[1] == ()


def test_unknown_theme_font_is_reported_and_measured_with_carlito(project: Path) -> None:
    source = zipfile.ZipFile(REPO / "templates" / "base.pptx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("ppt/theme/"):
                data = data.replace(b'typeface="Calibri"', b'typeface="Garamond"')
            dst.writestr(info, data)
    (project / "templates").mkdir()
    (project / "templates" / "base.pptx").write_bytes(out.getvalue())
    model, master = build(
        project, "  - layout: bullets\n    title: Tittel\n    bullets: [Ett punkt]\n"
    )
    assert (master.major_font, master.minor_font) == ("Garamond", "Garamond")
    fitted, findings = fit_deck(model, master)
    assert [(f.check, f.slide) for f in findings] == [("font", 0)]
    assert (
        "'Garamond' cannot be measured" in findings[0].message and "Carlito" in findings[0].message
    )
    assert fitted == model


def test_master_layout_gives_placeholder_geometry_and_text_defaults() -> None:
    master = load_master(REPO / "templates" / "base.pptx")
    assert (master.major_font, master.minor_font) == ("Calibri", "Calibri")
    title, body = master.layouts["Title and Content"].placeholders
    assert title.roles == ("title",) and "body" in body.roles
    assert title.box == (60, 36, 840, 72) and body.box == (60, 136, 840, 364)
    assert title.inset == (0, 3.6, 0, 3.6)
    assert (title.levels[0].size, title.levels[0].bold, title.levels[0].line_spacing) == (
        36,
        True,
        0.9,
    )
    lvl1 = body.levels[0]
    assert (lvl1.size, lvl1.space_before, lvl1.margin, lvl1.indent, lvl1.bullet) == (
        24,
        12,
        22,
        -22,
        True,
    )
    assert body.levels[1].size == 20
    section_title = master.layouts["Section Header"].placeholders[0]
    assert (section_title.box, section_title.levels[0].size) == ((60, 96, 840, 244), 44)


def test_preset_text_rects_follow_the_ooxml_definitions() -> None:
    assert text_rect("rect", 200, 80) == (0, 0, 200, 80)
    assert text_rect("chevron", 200, 80) == (40, 0, 160, 80)  # x1 = ss * 50000 / 100000
    assert text_rect("homePlate", 200, 80) == (0, 0, 180, 80)  # ir = (r - ss/2 + r) / 2
    assert text_rect("triangle", 200, 80) == (50, 40, 150, 80)
    left, top, right, bottom = text_rect("ellipse", 200, 200)
    assert right - left == pytest.approx(200 / 2**0.5)
    assert text_rect("donut", 200, 200) == text_rect("ellipse", 200, 200)
    assert text_rect("roundRect", 200, 80)[0] == pytest.approx(80 * 0.16667 * 0.29289, rel=1e-4)
    assert text_rect("rightArrow", 200, 80) == pytest.approx((0, 20, 180, 60))
    left, top, right, bottom = text_rect("hexagon", 200, 80)
    # q8 = 2 + 0.4 * 2 when w > h
    assert (left, right) == pytest.approx((200 * 2.8 / 24, 200 - 200 * 2.8 / 24))
    assert text_area("chevron", (0, 0, 200, 80), (4, 2, 4, 2)).width == pytest.approx(112)


def test_measured_lines_fit_the_text_rect_by_independent_font_metrics(project: Path) -> None:
    """A text fit_deck says fits: each line, measured straight from the TTF's hmtx, is within the box."""
    layout(
        project,
        "note",
        "shapes:\n  - geometry: textbox\n    field: text\n    box: [60, 100, 300, 200]\n"
        "    size: 20\n    inset: [0, 0, 0, 0]\n    text: {{ text | q }}\n",
    )
    text = (
        "Smart spesialisering er en metode for å utnytte regionens særegne muligheter og fortrinn"
    )
    model, master = build(project, f"  - layout: note\n    text: {text}\n")
    fitted, findings = fit_deck(model, master)
    assert findings == () and fitted == model
    lines = wrap(text, load_face("Carlito"), 20, 300)
    assert "".join(lines) == text and len(lines) > 1

    font = TTFont(fonts_dir() / "Carlito-Regular.ttf")
    cmap, hmtx, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm

    def width(line: str) -> float:
        return sum(hmtx[cmap[ord(c)]][0] for c in line.rstrip(" ")) * 20 / em

    assert all(width(line) <= 300 for line in lines)
    # and greedy: the next word would not have fitted on any line
    assert all(
        width(line + nxt.split(" ")[0]) > 300 for line, nxt in zip(lines, lines[1:], strict=False)
    )
    line_height = 20 * (font["hhea"].ascent - font["hhea"].descent + font["hhea"].lineGap) / em
    assert len(lines) * line_height <= 200 * (1 - SLACK)


# the decks as a user builds them: their slides are those of the fitted model, byte for byte
MEASURED = ["2019.yaml", "editions/telemark-2024.yaml"]
for _content in MEASURED:
    office.content_deck(REPO / "content" / _content, pdf=True)


@pytest.mark.office("libreoffice", "poppler")
@pytest.mark.parametrize("content", MEASURED)
def test_line_counts_agree_with_libreoffices_render(
    repo: Path, office_decks: office.Decks, content: str
) -> None:
    """An independent renderer breaks every text of a shipped deck into as many lines as the measurement."""
    from .pdfboxes import compare, words

    model, master, _ = assemble(REPO / "content" / content, Options(project=REPO))
    fitted, _ = fit_deck(model, master)
    name = office.content_name(REPO / "content" / content)
    rendered = {
        (p.shape.slide, p.shape.words): p.lines
        for p in compare(office_decks.path(name), office_decks.pdf(name)).placements
    }
    measured = line_counts(fitted, master)
    assert len(measured) > 30
    for (slide, index), lines in measured.items():
        shape = fitted.slides[slide - 1].shapes[index]
        key = (slide, tuple(w for p in shape.paragraphs for w in words(p.text)))
        assert rendered[key] == lines, f"slide {slide}: {shape.field or shape.role}"
