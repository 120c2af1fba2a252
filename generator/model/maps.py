"""Map shapes drawn out: each municipality a native freeform with its name as label, context in grey, the credit."""

from __future__ import annotations

from dataclasses import replace

from generator.errors import DeckError, Location
from generator.findings import Check, Finding
from generator.model.deck import DeckModel, SlideSpec
from generator.model.shapes import Freeform, Geometry, MapArea, Paragraph, Shape
from generator.norway import mapgeometry as geo
from generator.norway import register

# points: a municipality's name on the map, shrunk to no less than the readable floor
LABEL_SIZE = 14.0
CREDIT_SIZE = 12.0
BUDGET = 1400  # points of outline in all: a county map is under 150 KB of slide XML (about 20 KB in the deck)
CREDIT_HEIGHT = 18.0  # points kept under the map for the credit line
REGION, HIGHLIGHT, CONTEXT, BORDER, LABEL = "accent1", "accent2", "lt2", "bg1", "bg1"
UNLABELLED = {
    "nn": "Namn som ikkje fekk plass på kartet",
    "nb": "Navn som ikke fikk plass på kartet",
}
MISSING = {
    "nn": "Ikkje på kartet (ingen grenser i kartdataa)",
    "nb": "Ikke på kartet (ingen grenser i kartdataene)",
}


def draw_maps(model: DeckModel) -> tuple[DeckModel, tuple[Finding, ...]]:
    """The model with every `map` shape drawn out as shapes; a municipality without boundaries is a finding (and
    a line of the slide's notes), never left out silently."""
    slides, findings = [], []
    for slide in model.slides:
        if not any(isinstance(shape, MapArea) for shape in slide.shapes):
            slides.append(slide)
            continue
        shapes: list[Shape] = []
        notes = slide.notes
        for shape in slide.shapes:
            if not isinstance(shape, MapArea):
                shapes.append(shape)
                continue
            drawn, missing = _draw(shape, slide, model.meta.language)
            shapes += drawn
            if missing:
                findings.append(
                    Finding(
                        shape.loc or slide.loc,
                        slide.number,
                        shape.field or "map",
                        Check.MAP,
                        f"no boundaries in Kartverket's data for {', '.join(missing)}; listed in the notes instead",
                    )
                )
                notes = _with_line(
                    notes, f"{_words(MISSING, model.meta.language)}: {', '.join(missing)}."
                )
        slides.append(replace(slide, shapes=tuple(shapes), notes=notes))
    return replace(model, slides=tuple(slides)), tuple(findings)


def _draw(shape: MapArea, slide: SlideSpec, language: str) -> tuple[list[Shape], list[str]]:
    """One map: its region's municipalities, their context, and the credit under them."""
    spec = shape.map
    numbers = _numbers(spec.names, spec.year, shape.loc or slide.loc)
    x, y, w, h = shape.box
    try:
        drawing = geo.region_map(
            spec.year, list(numbers.values()), (x, y, w, h - CREDIT_HEIGHT), spec.context, BUDGET
        )
    except DeckError as exc:
        raise DeckError(
            exc.problem, shape.loc or slide.loc, path=shape.field, hint=exc.hint
        ) from None
    highlight = {numbers[name] for name in spec.highlight if name in numbers}
    unknown = [name for name in spec.highlight if name not in numbers]
    if unknown:
        raise DeckError(
            f"highlight: {', '.join(unknown)} is not on the map",
            shape.loc or slide.loc,
            path=shape.field,
            hint=f"the map shows {', '.join(numbers)}",
        )
    out = [_freeform(m, highlight, spec.labels, shape, language) for m in drawing.shapes]
    bx, by, bw, bh = drawing.bounds
    out.append(
        Geometry(
            name="Kartdata",
            box=(x, by + bh + 2, w, CREDIT_HEIGHT - 2),
            paragraphs=(Paragraph(drawing.credit),),
            size=CREDIT_SIZE,
            color="tx2",
            align="right",
            inset=(0, 0, 0, 0),
            field=shape.field,
            loc=shape.loc,
        )
    )
    names = {number: name for name, number in numbers.items()}
    return out, [names[n] for n in drawing.missing]


def _numbers(names: tuple[str, ...], year: int, loc: Location) -> dict[str, str]:
    """SSB's number of each municipality named, by its name as SSB writes it."""
    known = {m.name: m.number for c in register.counties(year) for m in c.municipalities}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise DeckError(
            f"no municipality named {', '.join(repr(n) for n in unknown)} in {year}",
            loc,
            path="map",
            hint="use SSB's names, as the register gives them (`county:` and `year:`)",
        )
    return {name: known[name] for name in names}


def _freeform(
    m: geo.MapShape, highlight: set[str], labels: bool, shape: MapArea, language: str
) -> Freeform:
    region = m.role == "region"
    fill = CONTEXT
    if region:
        fill = HIGHLIGHT if m.number in highlight else REGION
    label = m.label if region and labels else None
    room = (label.x, label.y, label.width, label.height) if label is not None else None
    return Freeform(
        name=m.name,
        box=_bounds(m.rings),
        paragraphs=(Paragraph(m.name),) if room else (),
        size=LABEL_SIZE,
        min_size=12.0,
        bold=True,
        color=LABEL,
        align="center",
        anchor="middle",
        fill=fill,
        line=BORDER,
        line_width=0.75,
        inset=(0, 0, 0, 0),
        field=shape.field,
        loc=shape.loc,
        alt=m.name,
        path=m.rings,
        text_rect=room,
        optional_text=_words(UNLABELLED, language),
    )


def _bounds(rings: tuple[geo.Ring, ...]) -> tuple[float, float, float, float]:
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    return min(xs), min(ys), max(max(xs) - min(xs), 0.01), max(max(ys) - min(ys), 0.01)


def _words(table: dict[str, str], language: str) -> str:
    return table.get(language.split("-")[0], table["nb"])


def _with_line(notes: str, line: str) -> str:
    return f"{notes}\n{line}" if notes else line
