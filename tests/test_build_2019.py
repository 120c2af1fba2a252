"""The 2019 talk end to end: built by the CLI, reopened with python-pptx, checked against the seed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu

from .conftest import SEED, copy_talk, run

# (master layout, texts that must appear on the slide, in the order given)
EXPECTED = [
    (
        "Title Slide",
        ["Allianser og partnerskapsutvikling", "Stat-næringsliv-konferansen 15. mars 2019"],
    ),
    (
        "Title and Content",
        [
            "Vestfold og Telemark i endring",
            "En region med 23 kommuner fra 1. januar 2020",
            "Fylkesmannsembetet i Vestfold og Telemark slo seg sammen 1. januar 2019",
            "Fylkeskommunene Vestfold og Telemark blir én fylkeskommune fra 1. januar 2020",
            "NHO Vestfold og Telemark ny fra 1. januar 2018",
            "NAV Vestfold og Telemark ble en realitet fra 1. januar 2019",
            "HSN ble Universitetet i Sørøst-Norge (USN) 4. mai 2018",
            "Idrettskretser slår seg sammen",
            "Politiske partiorganisasjoner slår seg sammen",
            "Næringsforeninger forsterker samarbeid på tvers av kommunegrenser",
        ],
    ),
    (
        "Title Only",
        ["Vestfold og Telemark på kartet", "Vinje", "Kartdata: © Kartverket (CC BY 4.0)"],
    ),
    (
        "Title Only",
        [
            "Kommuner per fylke, 2020 og 2024",
            "Kilde: SSB, Standard for kommuneinndeling (KLASS 131)",
        ],
    ),
    ("Section Header", ["Hvor mye i bakspeilet?", "Hvor mye mot nye muligheter?"]),
    (
        "Title Only",
        [
            "Regionstrategi",
            "Hva vil vi?",
            "Konkretisering",
            "Hvordan skal vi gjøre det?",
            "Resultatutvikling",
            "Hvordan ta felles ansvar for utvikling?",
        ],
    ),
    (
        "Title and Content",
        [
            "Viktige spørsmål som berører oss alle",
            "Hva ønsker vi å oppnå sammen?",
            "Hvordan kan vi bedre utnytte regionens fortrinn?",
            "Har vi et godt nok kunnskapsgrunnlag om Vestfold og Telemark, og brukes sammenhenger og mønstre "
            "aktivt i tiltaksutvikling?",
            "Hva bør være strategiske retningsvalg for felles løft?",
            "Har vi de rette samarbeidsarenaene? Har de nok kraft? Bør de endres og fornyes?",
            "Hvordan kan samarbeidsaktørene ansvarliggjøres for resultater og verdiskaping over tid?",
        ],
    ),
    ("Section Header", ["Har vi for mange kart og oppgåtte stier?", "Hvordan fornye oss sammen?"]),
    ("Section Header", ["Hvem er vi og hva vil vi?"]),
    (
        "Title and Content",
        [
            "Alle regioner har særegne muligheter og ulike forutsetninger for næringsutvikling. Både regjeringen, "
            "OECD og EU anbefaler å utnytte disse forskjellene og skreddersy politikken til hver region. Smart "
            "spesialisering er en metode for å få det til."
        ],
    ),
    (
        "Title Only",
        [
            "Hvordan skal vi få det til?",
            "Organisering",
            "Analyse",
            "Prioritering",
            "Gjennomføring",
            "Måling og læring",
        ],
    ),
    ("Title Only", ["Alene", "Sammen", "Merverdi"]),
    (
        "Title and Content",
        [
            "Om 5 år",
            "«En fylkeskommune som naturlig assosieres med satsing på næring- og "
            "verdiskaping, innovasjon og kompetanseutvikling»",
        ],
    ),
    (
        "Title and Content",
        [
            "Om 5 år",
            "«En fylkeskommune som ser og løfter hele ungdommer. Helse og læring hånd i "
            "hånd gjennom å vektlegge lære å lære, lære å være sammen, lære å gjøre og lære å leve»",
        ],
    ),
    ("Title Only", ["Målene for Vestfold og Telemark"]),
    ("Section Header", ["Vilje og ambisjoner"]),
]


def slide_texts(slide) -> list[str]:  # noqa: ANN001
    """Each paragraph of each shape, top to bottom as python-pptx lists them."""
    return [
        p.text
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
    ]


def test_cli_builds_2019_into_build_folder(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "2019.pptx"
    result = run("content/2019.yaml", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith(f"({len(EXPECTED)} slides)")
    assert str(target) in result.stdout
    assert len(Presentation(str(target)).slides) == len(EXPECTED)


def test_every_slide_has_its_layout_and_seed_text(deck_2019: Path) -> None:
    prs = Presentation(str(deck_2019))
    assert len(prs.slides) == len(EXPECTED)
    for number, (slide, (master, texts)) in enumerate(
        zip(prs.slides, EXPECTED, strict=True), start=1
    ):
        assert slide.slide_layout.name == master, f"slide {number}"
        found = "\n".join(slide_texts(slide))
        for text in texts:
            assert text in found, f"slide {number}: {text!r} not in {found!r}"


def test_every_word_of_the_seed_is_in_the_deck(deck_2019: Path) -> None:
    prs = Presentation(str(deck_2019))
    deck_words = set(re.findall(r"\w+", " ".join(t for s in prs.slides for t in slide_texts(s))))
    seed_words = set(re.findall(r"\w+", SEED.read_text(encoding="utf-8")))
    corrected = {"Universitet", "Buskerud"}  # the wrong university name, corrected to USN
    assert seed_words - corrected - deck_words == set()


def test_university_name_is_corrected_and_explained_in_notes(deck_2019: Path) -> None:
    slide = Presentation(str(deck_2019)).slides[1]
    text = "\n".join(slide_texts(slide))
    assert "Universitetet i Sørøst-Norge (USN)" in text
    assert "Universitet i Vestfold" not in text
    notes = slide.notes_slide.notes_text_frame.text
    assert "Universitetet i Sørøst-Norge (USN)" in notes and "4. mai 2018" in notes


def test_every_slide_has_a_title_and_speaker_notes(deck_2019: Path) -> None:
    for number, slide in enumerate(Presentation(str(deck_2019)).slides, start=1):
        assert slide.shapes.title is not None and slide.shapes.title.text.strip(), f"slide {number}"
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), (
            f"slide {number}"
        )


def test_deck_is_16_by_9_and_text_is_tagged_norwegian(deck_2019: Path) -> None:
    prs = Presentation(str(deck_2019))
    assert (Emu(prs.slide_width).pt, Emu(prs.slide_height).pt) == (960, 540)
    with zipfile.ZipFile(deck_2019) as z:
        slides = [n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
        langs = set()
        for name in slides:
            langs |= set(re.findall(r'lang="([^"]+)"', z.read(name).decode()))
    assert langs == {"nb-NO"}


def geometries(slide) -> list[str]:  # noqa: ANN001
    """The preset geometry of each drawn shape (not placeholders or text boxes)."""
    return [
        s.element.spPr.prstGeom.get("prst")
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and not s.is_placeholder
    ]


def test_diagrams_are_native_shapes_with_text_not_pictures(deck_2019: Path) -> None:
    prs = Presentation(str(deck_2019))
    assert geometries(prs.slides[10]) == ["homePlate", "chevron", "chevron", "chevron", "chevron"]
    triad = prs.slides[11]
    assert geometries(triad).count("ellipse") == 3
    circles = [
        s
        for s in triad.shapes
        if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
        and s.element.spPr.prstGeom.get("prst") == "ellipse"
    ]
    assert [c.text_frame.text for c in circles] == ["Alene", "Sammen", "Merverdi"]
    for slide in prs.slides:
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_core_properties_come_from_the_content(deck_2019: Path) -> None:
    props = Presentation(str(deck_2019)).core_properties
    assert props.title == "Allianser og partnerskapsutvikling"
    assert props.created.date().isoformat() == "2019-03-15"
    assert props.language == "nb-NO"


def test_building_twice_gives_identical_bytes(repo: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    assert run("content/2019.yaml", "-o", str(first)).exit_code == 0
    assert run("content/2019.yaml", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_default_output_is_build_stem_under_current_folder(project: Path) -> None:
    copy_talk(project / "talk.yaml")
    result = run("talk.yaml")
    assert result.exit_code == 0, result.stderr
    assert (project / "build" / "talk.pptx").is_file()


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_exit_zero(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert "make-deck" in result.stdout


def test_every_slide_but_the_title_has_the_footer_and_a_native_slide_number(
    deck_2019: Path,
) -> None:
    prs = Presentation(str(deck_2019))
    for number, slide in enumerate(prs.slides, start=1):
        kinds = {s.placeholder_format.type: s for s in slide.placeholders}
        if number == 1:
            assert PP_PLACEHOLDER.SLIDE_NUMBER not in kinds and PP_PLACEHOLDER.FOOTER not in kinds
            continue
        assert (
            kinds[PP_PLACEHOLDER.FOOTER].text_frame.text
            == "Stat-næringsliv-konferansen · 15. mars 2019"
        )
        field = kinds[PP_PLACEHOLDER.SLIDE_NUMBER].text_frame.paragraphs[0]._p.find(qn("a:fld"))
        assert (
            field is not None
            and field.get("type") == "slidenum"
            and field.findtext(qn("a:t")) == str(number)
        )


def test_a_nynorsk_deck_is_nynorsk_in_master_layouts_and_notes_master_too(
    repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "vestland.pptx"
    assert run("content/editions/vestland-2024.yaml", "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as z:
        langs = {
            lang
            for name in z.namelist()
            if name.endswith(".xml")
            for lang in re.findall(r'\slang="([^"]+)"', z.read(name).decode())
        }
    assert langs == {"nn-NO"}
