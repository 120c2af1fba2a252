"""The 2019 talk written by hand with plain python-pptx: the floor make-deck is measured against.

The talk as content/2019.yaml makes it: 16 slides, among them a map of the county's municipalities
as freeforms, a bar chart with its workbook, a table, and a footer and slide number on every slide
but the first (`baseline_figures.py`)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from baseline_figures import LABELS, draw_chart, draw_map, draw_table, furnish, municipalities
from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "templates" / "base.pptx"
LANG = "nb-NO"
REGION = "Vestfold og Telemark"

THEME = {
    "tx1": MSO_THEME_COLOR.TEXT_1,
    "tx2": MSO_THEME_COLOR.TEXT_2,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "lt2": MSO_THEME_COLOR.LIGHT_2,
    "accent1": MSO_THEME_COLOR.ACCENT_1,
    "accent2": MSO_THEME_COLOR.ACCENT_2,
    "accent5": MSO_THEME_COLOR.ACCENT_5,
}


def pt(value: float) -> int:
    """Points to whole EMU."""
    return int(Pt(value))


def write(
    frame,
    lines: list[str],
    size: float | None = None,
    bold: bool | None = None,  # noqa: ANN001
    color: str | None = None,
    align: PP_ALIGN | None = None,
    bullets: bool = True,
) -> None:
    """Replace the text of `frame` with one paragraph per line, each one run in Norwegian."""
    frame.word_wrap = True
    frame.clear()
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            p.alignment = align
        if not bullets:
            pPr = p._p.get_or_add_pPr()
            pPr.set("marL", "0")
            pPr.set("indent", "0")
            etree.SubElement(pPr, qn("a:buNone"))
        run = p.add_run()
        run.text = line
        if size:
            run.font.size = Pt(size)
        if bold is not None:
            run.font.bold = bold
        if color:
            run.font.color.theme_color = THEME[color]
        run._r.get_or_add_rPr().set("lang", LANG)
        end = p._p.get_or_add_endParaRPr()
        end.set("lang", LANG)
        if size:
            end.set("sz", str(int(size * 100)))


def notes(slide, text: str) -> None:  # noqa: ANN001
    """Speaker notes, one paragraph per line."""
    frame = slide.notes_slide.notes_text_frame
    for i, line in enumerate(text.split("\n")):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = line
        run._r.get_or_add_rPr().set("lang", LANG)


def drop_unused(slide, keep: int) -> None:  # noqa: ANN001
    """Remove the layout placeholders past the first `keep` (e.g. a section header's text box)."""
    for ph in list(slide.placeholders)[keep:]:
        ph.element.getparent().remove(ph.element)


def shape(slide, kind: MSO_SHAPE, name: str, box: tuple[float, float, float, float], fill: str):  # noqa: ANN001, ANN201
    """A native shape with a theme fill, no outline and no theme style."""
    sp = slide.shapes.add_shape(kind, *(pt(v) for v in box))
    sp._element.remove(sp._element.find(qn("p:style")))
    sp.name = name
    sp.fill.solid()
    sp.fill.fore_color.theme_color = THEME[fill]
    sp.line.fill.background()
    return sp


def label(sp, text: str, size: float, color: str, inset: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    """Centred bold text inside a shape."""
    frame = sp.text_frame
    write(frame, [text], size=size, bold=True, color=color, align=PP_ALIGN.CENTER)
    frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = (
        pt(v) for v in inset
    )
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE


def text_box(
    slide,
    name: str,
    box: tuple[float, float, float, float],
    text: str,
    size: float,  # noqa: ANN001
    bold: bool | None = None,
    align: PP_ALIGN | None = None,
    left_inset: float = 0,
    color: str = "tx1",
) -> None:
    """A free text box with no insets (but the left one)."""
    tb = slide.shapes.add_textbox(*(pt(v) for v in box))
    tb.name = name
    frame = tb.text_frame
    write(frame, [text], size=size, bold=bold, color=color, align=align)
    frame.margin_left, frame.margin_top, frame.margin_right, frame.margin_bottom = (
        pt(left_inset),
        0,
        0,
        0,
    )


def title_and_body(
    prs,
    title: str,
    lines: list[str],
    size: float,
    bullets: bool = True,  # noqa: ANN001, ANN201
    box: tuple[float, float, float, float] | None = None,
    color: str | None = None,
):
    """A 'Title and Content' slide."""
    slide = prs.slides.add_slide(LAYOUTS["Title and Content"])
    write(slide.shapes.title.text_frame, [title])
    body = slide.placeholders[1]
    if box:
        body.left, body.top, body.width, body.height = (pt(v) for v in box)
    write(body.text_frame, lines, size=size, color=color, bullets=bullets)
    return slide


def section(prs, lines: list[str], size: float | None = None):  # noqa: ANN001, ANN201
    """A 'Section Header' slide with only its title."""
    slide = prs.slides.add_slide(LAYOUTS["Section Header"])
    write(slide.shapes.title.text_frame, lines, size=size)
    drop_unused(slide, 1)
    return slide


def title_only(prs, title: str):  # noqa: ANN001, ANN201
    """A 'Title Only' slide."""
    slide = prs.slides.add_slide(LAYOUTS["Title Only"])
    write(slide.shapes.title.text_frame, [title])
    return slide


LAYOUTS: dict = {}


def the_talk(prs) -> None:  # noqa: ANN001
    """The 16 slides of "Allianser og partnerskapsutvikling"."""
    slide = prs.slides.add_slide(LAYOUTS["Title Slide"])
    write(slide.shapes.title.text_frame, ["Allianser og partnerskapsutvikling"])
    write(slide.placeholders[1].text_frame, ["Stat-næringsliv-konferansen 15. mars 2019"])
    notes(
        slide,
        f"Velkommen. Temaet er hvordan {REGION} kan bygge allianser og partnerskap\nmens regionen selv er i endring.",
    )

    slide = title_and_body(
        prs,
        f"{REGION} i endring",
        [
            "En region med 23 kommuner fra 1. januar 2020",
            f"Fylkesmannsembetet i {REGION} slo seg sammen 1. januar 2019",
            f"Fylkeskommunene {REGION} blir én fylkeskommune fra 1. januar 2020",
            f"NHO {REGION} ny fra 1. januar 2018",
            f"NAV {REGION} ble en realitet fra 1. januar 2019",
            "HSN ble Universitetet i Sørøst-Norge (USN) 4. mai 2018",
            "Idrettskretser slår seg sammen",
            "Politiske partiorganisasjoner slår seg sammen",
            "Næringsforeninger forsterker samarbeid på tvers av kommunegrenser",
        ],
        size=22,
    )
    notes(
        slide,
        "Regionen endrer seg på mange fronter samtidig:\n"
        "23 kommuner i den nye fylkeskommunen fra 1. januar 2020, blant dem Horten, Holmestrand og Tønsberg.\n"
        "Fylkesmannen i Vestfold og Fylkesmannen i Telemark ble ett embete 1. januar 2019; "
        "NAV fulgte samme dag.\n"
        f"NHO {REGION} har vært én regionforening siden 1. januar 2018.\n"
        "Merk: lysbildet fra 2019 kalte universitetet «Universitet i Vestfold, Telemark og Buskerud».\n"
        "Riktig navn er Universitetet i Sørøst-Norge (USN): Høgskolen i Sørøst-Norge (HSN) "
        "fikk universitetsstatus 4. mai 2018.",
    )
    the_figures(prs)

    slide = section(prs, ["Hvor mye i bakspeilet?", "Hvor mye mot nye muligheter?"])
    notes(
        slide,
        "La spørsmålet henge et øyeblikk. Sammenslåingene er gjort; spørsmålet er hva vi bruker dem til.",
    )

    slide = title_only(prs, "Fra strategi til resultater")
    columns = [
        ("Regionstrategi", "Hva vil vi?", MSO_SHAPE.PENTAGON, "tx2"),
        ("Konkretisering", "Hvordan skal vi gjøre det?", MSO_SHAPE.CHEVRON, "tx2"),
        (
            "Resultatutvikling",
            "Hvordan ta felles ansvar for utvikling?",
            MSO_SHAPE.CHEVRON,
            "accent1",
        ),
    ]
    for i, (heading, text, kind, fill) in enumerate(columns):
        x = 60 + i * 285.3333333333333
        width = 293.3333333333333 if i < 2 else 269.3333333333333
        sp = shape(slide, kind, f"Heading {i + 1}", (x, 196, width, 84), fill)
        label(sp, heading, 22, "bg1", (4, 2, 4, 2))
        text_box(
            slide,
            f"Text {i + 1}",
            (x + (24 if i else 0), 304, 245.3333333333333, 180),
            text,
            26,
            align=PP_ALIGN.CENTER,
        )
    notes(
        slide,
        "Tre ledd som henger sammen: en felles regionstrategi, konkrete tiltak, "
        "og et felles ansvar for resultatene over tid.",
    )

    slide = title_and_body(
        prs,
        "Viktige spørsmål som berører oss alle",
        [
            "Hva ønsker vi å oppnå sammen?",
            "Hvordan kan vi bedre utnytte regionens fortrinn?",
            f"Har vi et godt nok kunnskapsgrunnlag om {REGION}, og brukes sammenhenger og mønstre aktivt "
            "i tiltaksutvikling?",
            "Hva bør være strategiske retningsvalg for felles løft?",
            "Har vi de rette samarbeidsarenaene? Har de nok kraft? Bør de endres og fornyes?",
            "Hvordan kan samarbeidsaktørene ansvarliggjøres for resultater og verdiskaping over tid?",
        ],
        size=24,
    )
    notes(
        slide,
        "Spørsmålene er ment for salen: ta gjerne ett av dem opp med publikum før du går videre.",
    )

    slide = section(prs, ["Har vi for mange kart og oppgåtte stier?", "Hvordan fornye oss sammen?"])
    notes(
        slide,
        "Mange planer og samarbeidsfora finnes allerede. Poenget er å fornye dem sammen, ikke å legge til flere.",
    )

    slide = section(prs, ["Hvem er vi og hva vil vi?"])
    notes(slide, "Overgang til smart spesialisering: utgangspunktet er regionens egne fortrinn.")

    the_rest(prs)


def the_figures(prs) -> None:  # noqa: ANN001
    """Slides 3 and 4: the county on the map, municipalities per county in a chart."""
    slide = title_only(prs, f"{REGION} på kartet")
    draw_map(slide, (60, 128, 840, 380))
    names = [name for _, name in municipalities()]
    shown = set(LABELS)
    notes(
        slide,
        f"{REGION} består av {', '.join(names[:-1])} og {names[-1]}.\n"
        f"Navn som ikke fikk plass på kartet: {', '.join(n for n in names if n not in shown)}.",
    )
    slide = title_only(prs, "Kommuner per fylke, 2020 og 2024")
    draw_chart(slide, (60, 128, 840, 340))
    text_box(
        slide,
        "Kilde",
        (60, 474, 840, 26),
        "Kilde: SSB, Standard for kommuneinndeling (KLASS 131)",
        14,
        color="tx2",
    )
    notes(
        slide,
        "Regionreformen ga 11 fylker i 2020; i 2024 ble Viken, Vestfold og Telemark og Troms og "
        f"Finnmark delt igjen, til 15 fylker.\n{REGION} er markert i diagrammet.",
    )


def the_rest(prs) -> None:  # noqa: ANN001
    """Slides 10 to 16 of the talk."""
    slide = title_and_body(
        prs,
        "Smart spesialisering",
        [
            "Alle regioner har særegne muligheter og ulike forutsetninger for næringsutvikling. "
            "Både regjeringen, OECD og EU anbefaler å utnytte disse forskjellene og skreddersy "
            "politikken til hver region. Smart spesialisering er en metode for å få det til.",
        ],
        size=28,
        bullets=False,
        box=(60, 150, 760, 340),
    )
    notes(
        slide,
        "Smart spesialisering (S3) er EUs metode for regional innovasjonspolitikk: "
        "prioriter de områdene der regionen har særlige fortrinn.",
    )

    slide = title_only(prs, "Hvordan skal vi få det til?")
    steps = ["Organisering", "Analyse", "Prioritering", "Gjennomføring", "Måling og læring"]
    for i, step in enumerate(steps):
        x = 60 + i * 165.6
        last = i == len(steps) - 1
        kind = MSO_SHAPE.PENTAGON if i == 0 else MSO_SHAPE.CHEVRON
        sp = shape(slide, kind, f"Step {i + 1}", (x, 204, 177.6, 96), "accent1" if last else "tx2")
        label(sp, str(i + 1), 36, "bg1", (0, 0, 0 if last else 12, 0))
        text_box(
            slide,
            f"Step name {i + 1}",
            (x + 8, 324, 149.6, 120),
            step,
            22,
            bold=True,
            align=PP_ALIGN.CENTER,
        )
    notes(
        slide,
        "Fem steg: organisere arbeidet, analysere fortrinnene, prioritere, gjennomføre, "
        "og måle og lære underveis.\nMåling og læring fører tilbake til en ny runde.",
    )

    slide = title_only(prs, "Alene, sammen, merverdi")
    ideas = [("Alene", "tx2", "bg1"), ("Sammen", "accent1", "bg1"), ("Merverdi", "accent2", "tx1")]
    signs = [(MSO_SHAPE.MATH_PLUS, "plus"), (MSO_SHAPE.MATH_EQUAL, "equals")]
    for i, (idea, fill, color) in enumerate(ideas):
        sp = shape(slide, MSO_SHAPE.OVAL, f"Idea {i + 1}", (124 + i * 256, 200, 200, 200), fill)
        label(sp, idea, 28, color, (8, 8, 8, 8))
        if i < 2:
            kind, name = signs[i]
            shape(slide, kind, name, (332 + i * 256, 280, 40, 40), "accent5")
    notes(
        slide,
        "Det vi får til alene, og det vi får til sammen, gir til sammen en merverdi "
        "ingen av oss kan skape hver for seg.",
    )

    goals = [
        "En fylkeskommune som naturlig assosieres med satsing på næring- og verdiskaping, innovasjon og "
        "kompetanseutvikling",
        "En fylkeskommune som ser og løfter hele ungdommer. Helse og læring hånd i hånd gjennom å vektlegge "
        "lære å lære, lære å være sammen, lære å gjøre og lære å leve",
    ]
    for goal in goals:
        slide = title_and_body(
            prs,
            "Om 5 år",
            [f"«{goal}»"],
            size=32,
            bullets=False,
            box=(96, 150, 764, 330),
            color="tx2",
        )
        slide.placeholders[1].text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        shape(slide, MSO_SHAPE.RECTANGLE, "Quote rule", (60, 150, 8, 330), "accent2")
        slide.background.fill.solid()
        slide.background.fill.fore_color.theme_color = THEME["lt2"]
        notes(slide, f"Et mål for {REGION} fylkeskommune: hvor vil vi være om 5 år?")

    slide = title_only(prs, f"Målene for {REGION}")
    draw_table(slide, (60, 128, 840, 372), [("Om 5 år", goal) for goal in goals])
    notes(slide, "Målene samlet, som oppsummering før avslutningen.")

    slide = section(prs, ["Vilje og ambisjoner"], size=54)
    notes(slide, "Avslutt med det som skal til: vilje og ambisjoner, hos alle partnerne.")


def main() -> None:
    """Write the talk (optionally repeated) to the given file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=Path("build/baseline.pptx"))
    parser.add_argument("--repeat", type=int, default=1, help="write the 16 slides this many times")
    args = parser.parse_args()
    prs = Presentation(str(MASTER))
    LAYOUTS.update((layout.name, layout) for layout in prs.slide_layouts)
    for _ in range(args.repeat):
        the_talk(prs)
    for number, slide in enumerate(prs.slides, 1):
        if slide.slide_layout.name != "Title Slide":
            furnish(slide, number)
    props = prs.core_properties
    props.title = "Allianser og partnerskapsutvikling"
    props.language = LANG
    props.created = props.modified = dt.datetime(2019, 3, 15, 9, 0)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(args.output))
    print(f"wrote {args.output} ({len(prs.slides)} slides)")


if __name__ == "__main__":
    main()
