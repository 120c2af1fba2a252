"""Text against its box at build time: real advance widths, line breaking, shrink to fit, glyph coverage."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from generator.errors import Location
from generator.findings import Check, Finding
from generator.master.reader import Master, PlaceholderSpec, TextLevel, assign_placeholders
from generator.model.deck import DeckModel, SlideSpec, continued
from generator.model.fonts import FALLBACK, FAMILIES, Face, load_face
from generator.model.linebreak import EPSILON, break_line, line_units

# the readable floor for projected text: fitting never sets text smaller
from generator.model.placement import (
    FLOOR,
)
from generator.model.presets import text_rect
from generator.model.roomier import GAP, answers, may_grow
from generator.model.shapes import (
    TEXT_KINDS,
    Freeform,
    Paragraph,
    Placeholder,
    Shape,
    TextShape,
    place_of,
)

STEP = 0.5  # points: fitting steps the size down by this much
SLACK = 0.05  # of the text area's height, kept free: renderers may break a line differently from us
WIDTH_SLACK = (
    0.01  # of a line's width, kept free: LibreOffice fills a line a little less than we measure
)
# A font make-deck cannot measure is measured as its stand-in this much wider: the width of DejaVu Sans, which
# LibreOffice draws in its place where the font is missing (PowerPoint's stand-ins are narrower), so its text
# fits wherever it is drawn.
UNKNOWN_WIDTH = {False: 1.25, True: 1.38}  # regular, bold
DEFAULT_INSET = (7.2, 3.6, 7.2, 3.6)  # OOXML bodyPr defaults (left, top, right, bottom), points
# no-break, narrow no-break (Norwegian thousands), figure space
_SPACES = frozenset("\u00a0\u202f\u2007")


@dataclass(frozen=True)
class Area:
    """Where text may go: the box's text rectangle less the insets; points."""

    width: float
    height: float


class Measure(NamedTuple):
    """How a shape's text sets at one size (a NamedTuple: one is made per shape and size tried, on the hot path)."""

    scale: float  # of the sizes the shape had
    needed: int  # lines the text takes
    fitting: int  # lines that fit in the area's height, less the slack
    height: float  # points the text takes
    mid_word: tuple[tuple[str, float, float], ...]  # (word, its width, the line's width) in points

    @property
    def fits(self) -> bool:
        return self.needed <= self.fitting and not self.mid_word


class _Para(NamedTuple):
    """A paragraph ready to set (a NamedTuple: one is made per paragraph, on the hot path)."""

    text: str  # NFC
    lines: tuple[str, ...]  # its hard lines: a vertical tab in a paragraph is a line break
    face: Face
    size: float  # at scale 1
    first_width: float  # points available on the paragraph's first line
    width: float  # points available on the following lines
    pitch: float  # line pitch per point of size (0 when the line pitch is exact)
    pitch_points: float  # exact line pitch in points (0 when it follows the size)
    before: float  # space before, points
    before_per_size: float  # space before per point of size
    after: float  # space after, points
    after_per_size: float  # space after per point of size
    unknown: str | None  # the theme font, when it is not one we can measure
    widen: float  # how much wider than its stand-in's the font is measured (1 for a font we can measure)


@lru_cache(maxsize=1024)
def text_area(
    kind: str, box: tuple[float, float, float, float], inset: tuple[float, float, float, float]
) -> Area:
    """The room text has in a shape: its geometry's text rectangle less the insets (left, top, right, bottom)."""
    left, top, right, bottom = text_rect(kind, box[2], box[3])
    return Area(
        max(right - left - inset[0] - inset[2], 0.0), max(bottom - top - inset[1] - inset[3], 0.0)
    )


def fit_deck(model: DeckModel, master: Master) -> tuple[DeckModel, tuple[Finding, ...]]:
    """Measure every text against its box; shrink what has a `min_size` until it fits; report what still does not.

    Returns the model with the sizes fitting chose written into its shapes, and the findings: `overflow`,
    `mid-word` (a word wider than its line), `glyph` (a character the font lacks), `font` (a theme font we
    cannot measure, measured with Carlito instead).
    """
    findings: list[Finding] = []
    unknown: dict[str, None] = {}  # theme fonts we cannot measure, in the order met
    slides = []
    parts = [part for slide in model.slides for part in _run_on(slide, master, model.meta.language)]
    for number, part in enumerate(parts, 1):
        slide = replace(part, number=number) if part.number != number else part
        shapes, found, fonts = _fit_slide(slide, master)
        findings.extend(found)
        unknown.update(dict.fromkeys(sorted(fonts)))
        notes = _left_out(slide.shapes, shapes, slide.notes)
        slides.append(
            replace(slide, shapes=shapes, notes=notes) if shapes != slide.shapes else slide
        )
    fonts = [
        Finding(
            Location(master.path),
            0,
            "",
            Check.FONT,
            f"theme font '{name or '(none)'}' cannot be measured (make-deck measures Calibri and Arial, "
            f"with their metric twins Carlito and Liberation Sans); measured with {FALLBACK} instead, so "
            "fit and glyph checks are estimates",
        )
        for name in unknown
    ]
    return replace(model, slides=tuple(slides)), (*fonts, *findings)


def _fit_slide(
    slide: SlideSpec, master: Master
) -> tuple[tuple[Shape, ...], list[Finding], set[str]]:
    shapes, findings, unknown = list(slide.shapes), [], set()
    for i, shape, spec in _text_shapes(slide, master):
        shapes[i], found, fonts = _fit_shape(shape, spec, master)
        if may_grow(shape) and _overflows(found):
            shapes[i], found = _as_a_designer(slide, i, shape, spec, master, found)
        unknown.update(fonts)
        if shape.optional_text and any(
            check in (Check.OVERFLOW, Check.MID_WORD) for check, _ in found
        ):
            # a label that does not fit is left out, named in the notes
            shapes[i] = replace(shape, paragraphs=())
            continue
        for check, message in found:
            where = shape.loc or slide.loc
            if (
                check is Check.GLYPH
            ):  # at the item or var that wrote the character (`'☃' (U+2603 ...`)
                where = place_of(shape.origins, message[1], where, word=False)
            findings.append(Finding(where, slide.number, shape.field or shape.name, check, message))
    return tuple(shapes), findings, unknown


def _overflows(found: list[tuple[str, str]]) -> bool:
    return any(check is Check.OVERFLOW for check, _ in found)


def _as_a_designer(
    slide: SlideSpec,
    index: int,
    shape: TextShape,
    spec: PlaceholderSpec | None,
    master: Master,
    found: list[tuple[str, str]],
) -> tuple[TextShape, list[tuple[str, str]]]:
    """A title too long for the master's title box: grown into the free room under it, then set smaller down
    to the floor for titles; the first that fits, else the last tried, its overflow saying what was tried."""
    tried = []
    result = shape, found
    for trial, how in answers(slide, index, shape, spec, master):
        fitted, trial_found, _ = _fit_shape(trial, spec, master)
        result = fitted, trial_found
        tried.append(how)
        if not _overflows(trial_found):
            return result
    if not tried:
        return result
    said = f"the master's title box, {' and '.join(tried)}"
    return result[0], [
        (check, f"{message}; {said}, cannot hold it" if check is Check.OVERFLOW else message)
        for check, message in result[1]
    ]


def _run_on(slide: SlideSpec, master: Master, language: str) -> list[SlideSpec]:
    """The slide, or the slides its list runs on to when the layout `continues:` it and it does not fit at the
    smallest size: items shared out evenly, each part under the title marked as continued, notes on the first."""
    found = next(
        (
            (i, shape, spec)
            for i, shape, spec in _text_shapes(slide, master)
            if slide.continues and shape.field.split("[")[0] == slide.continues
        ),
        None,
    )
    if found is None or _fits(*found[1:], master):
        return [slide]
    index, shape, spec = found
    items = _items(shape.paragraphs)
    for count in range(2, len(items) + 1):
        size = -(-len(items) // count)
        chunks = [sum(items[k : k + size], ()) for k in range(0, len(items), size)]
        if all(_fits(replace(shape, paragraphs=chunk), spec, master) for chunk in chunks):
            return [
                continued(part, n, language) if n > 1 else part
                for n, part in enumerate(
                    (
                        replace(
                            slide,
                            shapes=(
                                *slide.shapes[:index],
                                replace(shape, paragraphs=chunk),
                                *slide.shapes[index + 1 :],
                            ),
                        )
                        for chunk in chunks
                    ),
                    1,
                )
            ]
    return [slide]


def _fits(shape: TextShape, spec: PlaceholderSpec | None, master: Master) -> bool:
    return not any(check is Check.OVERFLOW for check, _ in _fit_shape(shape, spec, master)[1])


def _items(paragraphs: tuple[Paragraph, ...]) -> list[tuple[Paragraph, ...]]:
    """Paragraphs grouped into items: each top-level paragraph with the deeper ones under it."""
    items: list[tuple[Paragraph, ...]] = []
    for para in paragraphs:
        if items and para.level > 0:
            items[-1] = (*items[-1], para)
        else:
            items.append((para,))
    return items


def _left_out(before: tuple[Shape, ...], after: tuple[Shape, ...], notes: str) -> str:
    """The notes with a line for each kind of optional text left out, naming the shapes it belonged to."""
    dropped: dict[str, list[str]] = {}
    for old, new in zip(before, after, strict=True):
        if not isinstance(old, TEXT_KINDS) or not old.optional_text:
            continue
        if old.paragraphs and not new.paragraphs:
            dropped.setdefault(old.optional_text, []).append(old.name)
    lines = [f"{heading}: {', '.join(names)}." for heading, names in dropped.items()]
    return "\n".join([notes, *lines] if notes else lines)


def _text_shapes(
    slide: SlideSpec, master: Master
) -> Iterator[tuple[int, TextShape, PlaceholderSpec | None]]:
    """The slide's shapes with text, each with the layout placeholder it fills (as the writer assigns them)."""
    layout = master.layouts.get(slide.master)
    placeholders = layout.placeholders if layout is not None else ()
    furniture = layout.furniture if layout is not None else ()
    roles = [shape.role if isinstance(shape, Placeholder) else None for shape in slide.shapes]
    for i, (shape, index) in enumerate(
        zip(slide.shapes, assign_placeholders(roles, placeholders), strict=True)
    ):
        if not isinstance(shape, TEXT_KINDS):
            continue
        spec = placeholders[index] if index is not None else None
        if spec is not None and furniture:
            shape = above_furniture(shape, shape.box or spec.box, furniture)
        if (spec is not None or shape.box is not None) and _has_text(shape):
            yield i, shape, spec


def above_furniture(
    shape: TextShape,
    box: tuple[float, float, float, float],
    furniture: tuple[tuple[float, float, float, float], ...],
) -> TextShape:
    """A placeholder whose master box runs down over the layout's date, footer or slide number: its box ends
    above the first of them that lies across its lower half (less a gap), so its text is measured, set and
    drawn clear of them; else the shape as it was."""
    x, y, w, h = box
    bottom = y + h
    for fx, fy, fw, _ in furniture:
        if y + h / 2 < fy < y + h and fx < x + w and fx + fw > x:
            bottom = min(bottom, fy - GAP)
    if bottom >= y + h:
        return shape
    return replace(shape, box=(x, y, w, round(bottom - y, 2)))


def line_counts(model: DeckModel, master: Master) -> dict[tuple[int, int], int]:
    """Lines each text takes at the size it has, by (slide number, index of the shape on its slide)."""
    counts = {}
    for slide in model.slides:
        for i, shape, spec in _text_shapes(slide, master):
            area, levels = _room(shape, spec, master)
            paras = tuple([_prepare(p, shape, levels, area) for p in shape.paragraphs])
            counts[(slide.number, i)] = _measure(paras, area, 1.0).needed
    return counts


@dataclass(frozen=True)
class SetParagraph:
    """One paragraph as fitting set it: its lines as they break, its face and size, where its lines start."""

    lines: tuple[str, ...]  # the text of each line, trailing spaces kept
    face: Face
    size: float  # points
    level: TextLevel  # the master's defaults it was set with (bullet, margin, indent)
    bullet: bool  # whether a bullet stands before its first line
    first: float  # points from the text area's left where the first line starts
    rest: float  # where the later lines start
    pitch: float  # points from one line to the next
    before: float  # points of space above it (0 for a shape's first paragraph)


@dataclass(frozen=True)
class SetText:
    """A shape's text as fitting set it: its text area (in points from the shape's box) and its paragraphs."""

    area: Area
    left: float  # the text area's top left corner on the slide, points
    top: float
    placeholder: PlaceholderSpec | None  # the layout placeholder it fills, if any
    paragraphs: tuple[SetParagraph, ...]  # one per paragraph of the shape


def set_text(slide: SlideSpec, master: Master) -> dict[int, SetText]:
    """Every text of a fitted slide as `fit_deck` measured it, by the index of its shape on the slide: the lines
    each paragraph breaks into at the size it has, so a drawing of the slide breaks where the measure did."""
    return {i: set_shape(shape, spec, master) for i, shape, spec in _text_shapes(slide, master)}


def set_shape(shape: TextShape, spec: PlaceholderSpec | None, master: Master) -> SetText:
    """One fitted shape's text as `fit_deck` measured it (`spec`: the layout placeholder it fills, if any)."""
    area, levels = _room(shape, spec, master)
    paragraphs = []
    for n, para in enumerate(shape.paragraphs):
        prepared = _prepare(para, shape, levels, area)
        level = _level(levels, para.level)
        margin, start = _indents(para, level, prepared.size)
        paragraphs.append(
            SetParagraph(
                _lines(prepared),
                prepared.face,
                prepared.size,
                level,
                level.bullet and para.bullet is not False,
                start,
                margin,
                prepared.pitch_points or prepared.size * prepared.pitch,
                prepared.before + prepared.before_per_size * prepared.size if n else 0.0,
            )
        )
    kind, box, inset = _frame(shape, spec)
    rect = text_rect(kind, box[2], box[3])
    left, top = box[0] + rect[0] + inset[0], box[1] + rect[1] + inset[1]
    return SetText(area, left, top, spec, tuple(paragraphs))


def _lines(para: _Para) -> tuple[str, ...]:
    """A prepared paragraph's lines at its size, broken as `_measure` breaks them."""
    per_unit = para.size / para.face.units
    room = para.first_width / per_unit + EPSILON
    rest = para.width / per_unit + EPSILON
    out: list[str] = []
    for line in para.lines:
        starts = [0]
        if line_units(para.face, line) > room:
            starts += break_line(para.face, line, room, rest)[0]
        out.extend(line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True))
        room = rest
    return tuple(out)


def _has_text(shape: TextShape) -> bool:
    for para in shape.paragraphs:  # noqa: SIM110 - a loop: this runs for every shape, any() with a generator is slower
        if para.text and not para.text.isspace():
            return True
    return False


def _fit_shape(
    shape: TextShape, placeholder: PlaceholderSpec | None, master: Master
) -> tuple[TextShape, list[tuple[str, str]], set[str]]:
    """One shape: its fitted form, its findings as (check, message), and the fonts it could not measure."""
    area, levels = _room(shape, placeholder, master)
    paras = tuple([_prepare(p, shape, levels, area) for p in shape.paragraphs])
    unknown = {p.unknown for p in paras if p.unknown is not None}
    found = [(Check.GLYPH, message) for message in _glyphs(paras)]
    best = _measure(paras, area, 1.0)
    if best.fits:
        return shape, found, unknown
    # the size min_size bounds
    start = max(shape.size or _level(levels, shape.paragraphs[0].level).size, 1.0)
    lower = FLOOR
    if shape.min_size is not None:
        smallest = min(p.size for p in paras)  # no paragraph may end up below the floor either
        lower = max(shape.min_size, FLOOR, start * FLOOR / smallest)
        sizes = _candidates(start, lower)
        if sizes:
            best = _largest_fitting(paras, area, sizes, start)
            shape = _resized(shape, paras, best.scale, start)
    size = round(start * best.scale, 2)
    found.extend(
        (
            Check.MID_WORD,
            f"'{word}' breaks mid-word: {wide:.0f} pt wide at {size:g} pt, the line holds {room:.0f} pt",
        )
        for word, wide, room in best.mid_word
    )
    if best.needed > best.fitting:
        if shape.min_size is None:
            why = "no min_size to shrink to"
        elif lower > shape.min_size:
            why = f"the {FLOOR:g} pt floor lets it shrink no further"
        else:
            why = f"min_size {shape.min_size:g} lets it shrink no further"
        found.append(
            (
                Check.OVERFLOW,
                f"needs {best.needed} lines at {size:g} pt, {best.fitting} fit in the "
                f"{area.width:.0f} x {area.height:.0f} pt text area ({why})",
            )
        )
    return shape, found, unknown


def _room(
    shape: TextShape, placeholder: PlaceholderSpec | None, master: Master
) -> tuple[Area, tuple[TextLevel, ...]]:
    """The shape's text area, and the paragraph defaults per outline level that apply in it."""
    kind, box, inset = _frame(shape, placeholder)
    levels = placeholder.levels if placeholder is not None else master.shape_levels
    return text_area(kind, box, inset), levels or (TextLevel(),)


def _frame(
    shape: TextShape, placeholder: PlaceholderSpec | None
) -> tuple[str, tuple[float, float, float, float], tuple[float, float, float, float]]:
    """The geometry whose text rectangle holds the shape's text, the box it is taken in, and the insets."""
    if placeholder is not None:
        return "rect", shape.box or placeholder.box, shape.inset or placeholder.inset
    kind = "rect" if isinstance(shape, (Placeholder, Freeform)) else shape.preset
    box = shape.box
    if isinstance(shape, Freeform) and shape.text_rect:
        box = shape.text_rect  # a freeform has its own text room
    return kind, box, shape.inset or DEFAULT_INSET


def _level(levels: tuple[TextLevel, ...], n: int) -> TextLevel:
    return levels[min(max(n, 0), len(levels) - 1)]


def _candidates(base: float, lower: float) -> tuple[float, ...]:
    """Sizes to try, largest first: `base` less 0.5 pt steps, ending at `lower`."""
    if base - lower <= EPSILON:
        return ()
    steps = int((base - lower) / STEP + EPSILON)
    sizes = [round(base - STEP * k, 2) for k in range(1, steps + 1)]
    if not sizes or sizes[-1] - lower > EPSILON:
        sizes.append(lower)
    return tuple(sizes)


def _largest_fitting(
    paras: tuple[_Para, ...], area: Area, sizes: tuple[float, ...], start: float
) -> Measure:
    """The largest size that fits (smaller text never takes more lines, so a binary search finds it), else the last."""
    lo, hi = 0, len(sizes) - 1
    last = _measure(paras, area, sizes[hi] / start)
    if not last.fits:
        return last
    found = last
    while lo < hi:
        mid = (lo + hi) // 2
        trial = _measure(paras, area, sizes[mid] / start)
        if trial.fits:
            found, hi = trial, mid
        else:
            lo = mid + 1
    return found


def _measure(paras: tuple[_Para, ...], area: Area, scale: float) -> Measure:
    """Set the paragraphs at `scale` times their sizes in the area: lines needed, lines that fit, words too wide."""
    limit = area.height * (1 - SLACK) + EPSILON
    needed = fitting = 0
    height = 0.0
    mid_word: list[tuple[str, float, float]] = []
    for i, para in enumerate(paras):
        size = para.size * scale
        pitch = para.pitch_points or size * para.pitch
        if i:
            last = paras[i - 1]
            height += para.before + para.before_per_size * size
            height += last.after + last.after_per_size * last.size * scale
        face = para.face
        per_unit = size * para.widen / face.units
        room = para.first_width / per_unit + EPSILON
        rest = para.width / per_unit + EPSILON
        count = 0
        for line in para.lines:
            if line_units(face, line) <= room:  # the common case: the whole line fits
                count += 1
            else:
                starts, too_wide = break_line(face, line, room, rest)
                count += len(starts) + 1
                mid_word.extend(
                    (word, units * per_unit, wide * per_unit) for word, units, wide in too_wide
                )
            room = rest
        for _ in range(count):
            height += pitch
            needed += 1
            if height <= limit:
                fitting += 1
    return Measure(scale, needed, fitting, height, tuple(mid_word))


def _first_given(*values: bool | None) -> bool:
    """The paragraph's own setting, else the shape's, else the master level's."""
    return next((value for value in values if value is not None), False)


def _prepare(para: Paragraph, shape: TextShape, levels: tuple[TextLevel, ...], area: Area) -> _Para:
    """The paragraph ready to set: its face, size, room per line and spacing, its text in NFC."""
    level = levels[para.level] if 0 <= para.level < len(levels) else _level(levels, para.level)
    bold = _first_given(para.bold, shape.bold, level.bold)
    italic = _first_given(para.italic, shape.italic, level.italic)
    family = FAMILIES.get(level.font)
    face = load_face(family or FALLBACK, bool(bold), bool(italic))
    # PowerPoint sets nothing smaller than 1 pt
    size = max(para.size or shape.size or level.size, 1.0)
    margin, start = _indents(para, level, size)
    text = para.text.upper() if level.caps else para.text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # a line nearly full by this measure may break a word earlier in a renderer: WIDTH_SLACK of it kept free
    width = area.width * (1 - WIDTH_SLACK)
    first, rest = width - start, width - margin
    return _Para(
        text,
        (text,) if "\v" not in text else tuple(text.split("\v")),
        face,
        size,
        first if first > 0 else 0.0,
        rest if rest > 0 else 0.0,
        0.0 if level.line_points else face.line * level.line_spacing,
        level.line_points or 0.0,
        level.space_before,
        level.space_before_lines * face.line,
        level.space_after,
        level.space_after_lines * face.line,
        None if family else level.font,
        1.0 if family else UNKNOWN_WIDTH[bool(bold)],
    )


def _indents(para: Paragraph, level: TextLevel, size: float) -> tuple[float, float]:
    """Where a paragraph's lines start, in points from the text area's left: (later lines, the first line)."""
    if para.bullet is False:  # the writer sets marL and indent to 0 and turns the bullet off
        return 0.0, 0.0
    if level.bullet:  # a hanging bullet sits left of the text, which starts at marL
        margin = level.margin
        return margin, margin if level.indent < 0 else margin + level.indent + size * 0.5
    return level.margin, level.margin + level.indent


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 16)
def _glyphs(paras: tuple[_Para, ...]) -> list[str]:
    """Every character its face lacks, once per shape (after NFC, so a letter and its accent count as one)."""
    missing: dict[str, str] = {}
    for para in paras:
        if para.face.ascii and para.text.isascii():
            continue
        lacking = set(para.text).difference(para.face.advances)
        for char in sorted(lacking) if lacking else ():
            if char in _SPACES:
                continue  # a no-break space is set as a space: a face without it is not missing anything
            # controls draw nothing
            if char not in missing and unicodedata.category(char) not in ("Cc", "Cf"):
                missing[char] = para.face.name
    return [
        f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}) is not in {face}; "
        "PowerPoint will draw it in another font or as a box"
        for c, face in missing.items()
    ]


def _resized(shape: TextShape, paras: tuple[_Para, ...], scale: float, start: float) -> TextShape:
    """The shape with explicit sizes `scale` times what it had; paragraphs' own sizes scale along."""
    if abs(scale - 1) < EPSILON:
        return shape
    new = []
    for para, prepared in zip(shape.paragraphs, paras, strict=True):
        if para.size is not None or (shape.size is None and abs(prepared.size - start) > EPSILON):
            # its own size, or a level default other than the shape's: keep the hierarchy, explicitly
            new.append(replace(para, size=round(prepared.size * scale, 2)))
        else:
            new.append(para)
    return replace(shape, size=round(start * scale, 2), paragraphs=tuple(new))
