"""Map shapes drawn out: each municipality a native freeform with its name as label, context in grey, the credit."""

from __future__ import annotations

from dataclasses import replace

from generator.errors import DeckError, Location
from generator.findings import Check, Finding
from generator.model.deck import DeckModel, SlideSpec
from generator.model.shapes import Freeform, Geometry, MapArea, MapSpec, Paragraph, Shape
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
    _check_highlight(spec, numbers, shape.loc or slide.loc)
    shown = {number: name for name, number in numbers.items()}
    out = [_freeform(m, highlight, spec.labels, shape, language, shown) for m in drawing.shapes]
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


def _check_highlight(spec: MapSpec, numbers: dict[str, str], loc: Location) -> None:
    """Each highlight is a municipality on the map; one that is not is an error where it was written, with the
    name it was likely meant to be or the county it lies in."""
    from generator.errors import raise_all
    from generator.options import did_you_mean

    errors = []
    for i, name in enumerate(spec.highlight):
        if name in numbers:
            continue
        where = spec.highlight_locs[i] if i < len(spec.highlight_locs) else loc
        elsewhere = next(
            (c for c in register.counties(spec.year) for m in c.municipalities if m.name == name),
            None,
        )
        hint = (
            f"{name} is in {elsewhere.label}; highlight a municipality of the map"
            if elsewhere is not None
            else did_you_mean(name, numbers) or f"the map shows {', '.join(numbers)}"
        )
        errors.append(
            DeckError(f"'{name}' is not on the map", where, path=f"highlight[{i + 1}]", hint=hint)
        )
    raise_all(errors)


def _numbers(names: tuple[str, ...], year: int, loc: Location) -> dict[str, str]:
    """SSB's number of each municipality named, by the name as written: SSB's name, or the name as its county
    writes it (`Våler`), which names the one in the county most of the other names lie in."""
    counties = register.counties(year, location=loc, path="year")
    known = {m.name: m.number for c in counties for m in c.municipalities}
    plain: dict[str, list[tuple[str, str]]] = {}
    for c in counties:
        for m in c.municipalities:
            plain.setdefault(m.plain, []).append((m.number, c.number))
    home = _home_county(names, known, plain)
    out, unknown = {}, []
    for name in names:
        found = known.get(name) or _plain_number(plain.get(name, []), home)
        if found is None:
            unknown.append(name)
        else:
            out[name] = found
    if unknown:
        raise DeckError(
            f"no municipality named {', '.join(repr(n) for n in unknown)} in {year}",
            loc,
            path="map",
            hint="use SSB's names, as the register gives them (`county:` and `year:`)",
        )
    return out


def _home_county(
    names: tuple[str, ...], known: dict[str, str], plain: dict[str, list[tuple[str, str]]]
) -> str:
    """The county (its number) most of the named municipalities lie in."""
    from collections import Counter

    votes: Counter[str] = Counter()
    for name in names:
        if name in known:
            votes[known[name][:2]] += 1
        elif len(plain.get(name, [])) == 1:
            votes[plain[name][0][1]] += 1
    return votes.most_common(1)[0][0] if votes else ""


def _plain_number(found: list[tuple[str, str]], home: str) -> str | None:
    """The municipality a plain name means: the only one so named, or the one in the home county."""
    if len(found) == 1:
        return found[0][0]
    return next((number for number, county in found if county == home), None)


def _freeform(
    m: geo.MapShape,
    highlight: set[str],
    labels: bool,
    shape: MapArea,
    language: str,
    shown: dict[str, str],
) -> Freeform:
    region = m.role == "region"
    fill = CONTEXT
    if region:
        fill = HIGHLIGHT if m.number in highlight else REGION
    label = m.label if region and labels else None
    room = (label.x, label.y, label.width, label.height) if label is not None else None
    name = shown.get(m.number, m.name)  # as the content writes it: `Våler` on a map of Innlandet
    return Freeform(
        name=name,
        box=_bounds(m.rings),
        paragraphs=(Paragraph(name),) if room else (),
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
        alt=name,
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
