"""Map shapes drawn out: each municipality a native freeform with its name as label, context in grey, the credit."""

from __future__ import annotations

from dataclasses import replace

from generator.errors import DeckError, Location
from generator.findings import Check, Finding
from generator.model.deck import DeckModel, SlideSpec
from generator.model.fonts import FALLBACK, load_face
from generator.model.shapes import Freeform, Geometry, MapArea, MapSpec, Paragraph, Shape
from generator.norway import mapgeometry as geo
from generator.norway import register

# points: a municipality's name on the map, shrunk to no less than the readable floor
LABEL_SIZE = 14.0
FLOOR_SIZE = 12.0
OUTSIDE = 10  # names set beside the region with a leader line, besides the highlighted ones
GAP = 6.0  # points between the region and a name beside it
LEADER = "tx1"
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
    if spec.labels:
        out = _labelled_outside(out, drawing, (x, y, w, h - CREDIT_HEIGHT), spec, numbers)
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


def _labelled_outside(
    shapes: list[Shape],
    drawing: geo.MapDrawing,
    box: tuple[float, float, float, float],
    spec: MapSpec,
    numbers: dict[str, str],
) -> list[Shape]:
    """The map's shapes with the names too long for their municipality set beside the region, each with a
    leader line to it, as a cartographer would: highlighted municipalities first, then the others by area,
    as many as the room beside the region holds (at most OUTSIDE, besides the highlighted ones). A name
    that finds no room stays where it was tried, and goes to the notes when it does not fit there."""
    by_number = {m.number: (i, m) for i, m in enumerate(drawing.shapes) if m.role == "region"}
    wanted = [numbers[n] for n in spec.highlight if n in numbers]
    small = [(i, m) for i, m in by_number.values() if shapes[i].paragraphs and not _fits_inside(m)]
    small.sort(key=lambda item: (item[1].number not in wanted, -_area(item[1].rings)))
    sides = _Sides(box, drawing.bounds)
    chosen, others = [], 0
    for i, m in small:
        first = m.number in wanted
        if not first and others >= OUTSIDE:
            break
        side = sides.side(m.name, _anchor(m))
        if side is not None:
            chosen.append((i, m, side))
            others += 0 if first else 1
    out, extra = list(shapes), []
    for side in ("left", "right"):
        mine = sorted((c for c in chosen if c[2] == side), key=lambda c: _anchor(c[1])[1])
        spots = sides.stack(side, [(m.name, _anchor(m)) for _, m, _ in mine])
        for (i, m, _), spot in zip(mine, spots, strict=True):
            label, leader = _callout(m, (side, spot), shapes[i])
            out[i] = replace(shapes[i], paragraphs=(), text_rect=None)
            extra += [label, leader]
    return out + extra


def _fits_inside(m: geo.MapShape) -> bool:
    """Whether the municipality's name fits the room inside it at the readable floor, on one line a word."""
    if m.label is None:
        return False
    face = load_face(FALLBACK, bold=True)
    words = m.name.split()
    widest = max(face.width(word) for word in words) * FLOOR_SIZE / face.units
    lines = 1 if face.width(m.name) * FLOOR_SIZE / face.units <= m.label.width else len(words)
    return widest <= m.label.width and lines * FLOOR_SIZE * face.line <= m.label.height


def _area(rings: tuple[geo.Ring, ...]) -> float:
    total = 0.0
    for ring in rings:
        total += abs(
            sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, (*ring[1:], ring[0]), strict=True))
        )
    return total / 2


def _anchor(m: geo.MapShape) -> tuple[float, float]:
    """Where a leader line points: the middle of the municipality's label room, else of its largest ring."""
    if m.label is not None:
        return m.label.x + m.label.width / 2, m.label.y + m.label.height / 2
    ring = max(m.rings, key=lambda r: _area((r,)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


class _Sides:
    """The room left and right of the region inside the map's box, filled with names from the top down
    near the height of what they name."""

    def __init__(self, box: tuple[float, float, float, float], region: tuple) -> None:  # noqa: D107
        x, y, w, h = box
        rx, _, rw, _ = region
        self.top, self.bottom = y, y + h
        self.columns = {"left": (x, rx - GAP), "right": (rx + rw + GAP, x + w)}
        self.middle = rx + rw / 2
        self.used = {"left": 0.0, "right": 0.0}  # points of height the names on each side take

    def _size(self, name: str) -> tuple[float, float]:
        face = load_face(FALLBACK, bold=True)
        return face.width(name) * LABEL_SIZE / face.units + 4, LABEL_SIZE * face.line + 2

    def side(self, name: str, anchor: tuple[float, float]) -> str | None:
        """The side a name goes to: the one nearer what it names, else the other, if wide enough and not
        full."""
        width, height = self._size(name)
        near = "left" if anchor[0] < self.middle else "right"
        for side in (near, "right" if near == "left" else "left"):
            left, right = self.columns[side]
            if right - left >= width and self.used[side] + height <= self.bottom - self.top:
                self.used[side] += height
                return side
        return None

    def stack(self, side: str, names: list[tuple[str, tuple[float, float]]]) -> list[tuple]:
        """Boxes for names on one side, in the order given (top to bottom): each as near the height of what
        it names as the one above allows, the stack moved up as a whole where it would run past the foot."""
        left, right = self.columns[side]
        sizes = [self._size(name) for name, _ in names]
        tops, below = [], self.top
        for (_, anchor), (_, height) in zip(names, sizes, strict=True):
            y = max(anchor[1] - height / 2, below)
            tops.append(y)
            below = y + height
        over = max(below - self.bottom, 0.0)
        tops = [max(y - over, self.top) for y in tops]
        return [
            (right - width if side == "left" else left, y, width, height)
            for y, (width, height) in zip(tops, sizes, strict=True)
        ]


def _callout(m: geo.MapShape, spot: tuple[str, tuple], inside: Shape) -> tuple[Geometry, Freeform]:
    """A name beside the region and its leader line to the municipality."""
    side, (x, y, w, h) = spot
    name = inside.paragraphs[0].text if inside.paragraphs else m.name  # as the map shows it
    label = Geometry(  # a rectangle without fill or line: a text box would grow to its text in LibreOffice
        name=f"{name} (navn)",
        preset="rect",
        fill="none",
        line="none",
        box=(x, y, w, h),
        paragraphs=(Paragraph(name),),
        size=LABEL_SIZE,
        min_size=FLOOR_SIZE,
        bold=True,
        color=LEADER,
        align="right" if side == "left" else "left",
        anchor="middle",
        inset=(0, 0, 0, 0),
        field=inside.field,
        loc=inside.loc,
        optional_text=inside.optional_text,
    )
    start = (x + w + 2, y + h / 2) if side == "left" else (x - 2, y + h / 2)
    end = _anchor(m)
    leader = Freeform(
        name=f"{name} (linje)",
        box=_bounds(((start, end),)),
        fill="none",
        line=LEADER,
        line_width=0.75,
        path=((start, end),),
        field=inside.field,
        loc=inside.loc,
    )
    return label, leader


def _bounds(rings: tuple[geo.Ring, ...]) -> tuple[float, float, float, float]:
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    return min(xs), min(ys), max(max(xs) - min(xs), 0.01), max(max(ys) - min(ys), 0.01)


def _words(table: dict[str, str], language: str) -> str:
    return table.get(language.split("-")[0], table["nb"])


def _with_line(notes: str, line: str) -> str:
    return f"{notes}\n{line}" if notes else line
