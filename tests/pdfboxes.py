"""Where each word of a deck landed in its rendered PDF, against the box of the shape that holds it."""

from __future__ import annotations

import math
import subprocess
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from generator.model.linebreak import hyphen_parts

_XHTML = "{http://www.w3.org/1999/xhtml}"
# Hyphens a renderer may add where it breaks a word across lines.
_HYPHENS = ("-", "\u00ad", "\u2010")


@dataclass(frozen=True)
class Box:
    """A rectangle in points, y down from the top of the slide or page."""

    left: float
    top: float
    right: float
    bottom: float

    def contains(self, other: Box, tolerance: float) -> bool:
        """`other` lies inside, allowing `tolerance` points on every side.

        Vertically a word may spill a tenth of its own height more: pdftotext gives a word the font's full
        ascent and descent (1.3 em for Carlito), taller than the line, so a line flush with a box edge pokes
        out of it (by up to 0.05 of the word's height in the 2019 deck).
        """
        slack = tolerance + 0.1 * (other.bottom - other.top)
        return (
            other.left >= self.left - tolerance
            and other.right <= self.right + tolerance
            and other.top >= self.top - slack
            and other.bottom <= self.bottom + slack
        )

    def distance(self, other: Box) -> float:
        """How far `other`'s centre is from this box (0 inside)."""
        x, y = (other.left + other.right) / 2, (other.top + other.bottom) / 2
        return math.hypot(
            max(self.left - x, 0, x - self.right), max(self.top - y, 0, y - self.bottom)
        )

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def __str__(self) -> str:
        return f"({self.left:.1f}, {self.top:.1f})-({self.right:.1f}, {self.bottom:.1f})"


@dataclass(frozen=True)
class Word:
    """A word pdftotext found: its text, box, and the line it is on (numbered over the page)."""

    text: str
    box: Box
    line: int


@dataclass(frozen=True)
class TextShape:
    """A shape with text on a slide: its name, its box in points (inherited for placeholders), its words."""

    slide: int
    name: str
    box: Box
    words: tuple[str, ...]

    @property
    def area(self) -> float:
        return (self.box.right - self.box.left) * (self.box.bottom - self.box.top)


@dataclass(frozen=True)
class Placement:
    """Where one shape's words landed: per word of the shape, the PDF words that render it.

    One PDF word normally; several when the word is broken; none when it is missing.
    """

    shape: TextShape
    words: tuple[tuple[Word, ...], ...]

    @property
    def rendered(self) -> tuple[Word, ...]:
        return tuple(w for pieces in self.words for w in pieces)

    @property
    def extent(self) -> Box | None:
        """The box the shape's rendered words cover, or None when none was found."""
        boxes = [w.box for w in self.rendered]
        if not boxes:
            return None
        box = boxes[0]
        for other in boxes[1:]:
            box = box.union(other)
        return box

    @property
    def lines(self) -> int:
        """How many lines the rendered words take."""
        return len({w.line for w in self.rendered})


@dataclass(frozen=True)
class Problem:
    """A word that is missing from its page, outside its shape's box, or broken across lines."""

    slide: int
    shape: str
    word: str
    kind: str  # "missing", "outside" or "broken"
    detail: str

    def __str__(self) -> str:
        return f"slide {self.slide}: shape '{self.shape}': {self.kind}: '{self.word}' {self.detail}"


@dataclass(frozen=True)
class Comparison:
    """A deck against its PDF: pages per slide, where every shape's words landed, and what is wrong."""

    slides: int
    pages: int
    placements: tuple[Placement, ...]
    problems: tuple[Problem, ...]


def words(text: str) -> tuple[str, ...]:
    """A text's words as a renderer separates them: split on any white space (no-break spaces too), without case
    (a master may set titles in capitals: `cap="all"`)."""
    return tuple(unicodedata.normalize("NFC", text).casefold().split())


def pdf_pages(pdf: Path) -> list[tuple[Box, list[Word]]]:
    """Each page of `pdf` as its size and its words in reading order, from `pdftotext -bbox-layout`."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    pages = []
    for page in etree.fromstring(xhtml).iter(f"{_XHTML}page"):
        found: list[Word] = []
        for line_number, line in enumerate(page.iter(f"{_XHTML}line")):
            for word in line.iter(f"{_XHTML}word"):
                box = Box(*(float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                found.extend(Word(part, box, line_number) for part in words(word.text or ""))
        pages.append((Box(0, 0, float(page.get("width")), float(page.get("height"))), found))
    return pages


def text_shapes(pptx: Path) -> tuple[Box, list[list[TextShape]]]:
    """The slide size and, per slide, every shape with text, boxes in points (groups resolved)."""
    prs = Presentation(str(pptx))
    size = Box(0, 0, Emu(prs.slide_width).pt, Emu(prs.slide_height).pt)
    slides = []
    for number, slide in enumerate(prs.slides, 1):
        slides.append([s for s in _shapes(number, slide.shapes, _IDENTITY) if s.words])
    return size, slides


_IDENTITY = (1.0, 0.0, 1.0, 0.0)  # x scale, x offset, y scale, y offset (EMU to EMU)


def _shapes(
    number: int, shapes, transform: tuple[float, float, float, float]
) -> Iterator[TextShape]:  # noqa: ANN001
    sx, dx, sy, dy = transform
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            xfrm = shape._element.grpSpPr.xfrm
            if xfrm is None or xfrm.chExt is None or not xfrm.chExt.cx or not xfrm.chExt.cy:
                inner = transform
            else:
                gx, gy = xfrm.ext.cx / xfrm.chExt.cx, xfrm.ext.cy / xfrm.chExt.cy
                inner = (
                    sx * gx,
                    sx * (xfrm.off.x - xfrm.chOff.x * gx) + dx,
                    sy * gy,
                    sy * (xfrm.off.y - xfrm.chOff.y * gy) + dy,
                )
            yield from _shapes(number, shape.shapes, inner)
            continue
        if not shape.has_text_frame:
            continue
        found = _by_type(shape) or shape
        if None in (found.left, found.top, found.width, found.height):
            continue
        left, top = sx * found.left + dx, sy * found.top + dy
        right, bottom = left + sx * found.width, top + sy * found.height
        box = Box(*(Emu(round(v)).pt for v in (left, top, right, bottom)))
        yield TextShape(number, shape.name, box, words(shape.text_frame.text))


def _by_type(shape):  # noqa: ANN001, ANN202 - python-pptx shapes
    """A placeholder without a box of its own and without an idx (LibreOffice writes none), found in its layout
    by its type, as PowerPoint and LibreOffice find it (python-pptx takes idx 0, the layout's title, for all)."""
    if not shape.is_placeholder or shape._element.xfrm is not None:
        return None
    ph = shape._element.ph
    if ph is None or ph.get("idx") is not None:
        return None
    kind = ph.get("type", "obj")
    layout = shape.part.slide.slide_layout
    return next((p for p in layout.placeholders if p._element.ph.get("type", "obj") == kind), None)


# A shape's lines as fitting set them, by (slide number, the shape's words): see `fitted_lines`.
Lines = Mapping[tuple[int, tuple[str, ...]], tuple[str, ...]]


def fitted_lines(model, master) -> dict[tuple[int, tuple[str, ...]], tuple[str, ...]]:  # noqa: ANN001
    """Every text of a fitted deck model as fitting broke it into lines, keyed as `compare` finds the shape."""
    from generator.model.fitting import set_text

    out = {}
    for slide in model.slides:
        for i, text in set_text(slide, master).items():
            shape = slide.shapes[i]
            key = (slide.number, tuple(w for p in shape.paragraphs for w in words(p.text)))
            out[key] = tuple(line for p in text.paragraphs for line in p.lines)
    return out


def compare(
    pptx: Path, pdf: Path, tolerance: float = 2.0, lines: Lines | None = None
) -> Comparison:
    """Find every word of every text shape on its slide's page, inside the shape's box, and unbroken.

    A word broken across lines right after a hyphen of its own (stat-næringsliv-|konferansen), where make-deck's
    line breaking may break it, inside its box, is not broken: both renderers break a long word there. With
    `lines` (`fitted_lines`), only where fitting broke it too."""
    size, slides = text_shapes(pptx)
    pages = pdf_pages(pdf)
    placements: list[Placement] = []
    problems: list[Problem] = []
    for shapes, (page, found) in zip(slides, pages, strict=False):
        sx, sy = page.right / size.right, page.bottom / size.bottom
        boxes = [
            Box(s.box.left * sx, s.box.top * sy, s.box.right * sx, s.box.bottom * sy)
            for s in shapes
        ]
        placed: list[list[list[int]]] = [[[] for _ in s.words] for s in shapes]
        used: set[int] = set()
        # Smallest boxes first: where boxes overlap, a word in the small one is not taken by the large one.
        order = sorted(range(len(shapes)), key=lambda k: shapes[k].area)
        for k in order:  # 1: the word inside its shape's box
            for n, word in enumerate(shapes[k].words):
                inside = [
                    i
                    for i, w in enumerate(found)
                    if i not in used and w.text == word and boxes[k].contains(w.box, tolerance)
                ]
                if inside:
                    placed[k][n] = inside[:1]
                    used.add(inside[0])
        for k in order:  # 2: the word elsewhere on the page (nearest first), broken, or not there
            for n, word in enumerate(shapes[k].words):
                if placed[k][n]:
                    continue
                indices, kind, detail = _elsewhere(word, boxes[k], found, used)
                placed[k][n] = indices
                used.update(indices)
                pieces = [found[i] for i in indices]
                fitted = (
                    None if lines is None else lines.get((shapes[k].slide, shapes[k].words), ())
                )
                if kind == "broken" and _at_hyphens(word, pieces, boxes[k], tolerance, fitted):
                    continue
                problems.append(Problem(shapes[k].slide, shapes[k].name, word, kind, detail))
        placements.extend(
            Placement(shape, tuple(tuple(found[i] for i in word) for word in placed[k]))
            for k, shape in enumerate(shapes)
        )
    problems.sort(key=lambda p: p.slide)
    return Comparison(len(slides), len(pages), tuple(placements), tuple(problems))


def _elsewhere(
    word: str, box: Box, found: list[Word], used: set[int]
) -> tuple[list[int], str, str]:
    """Where a word not inside its box went: elsewhere on the page, broken into pieces, or nowhere ([])."""
    same = [i for i, w in enumerate(found) if w.text == word and i not in used]
    if same:
        nearest = min(same, key=lambda i: box.distance(found[i].box))
        return [nearest], "outside", f"at {found[nearest].box}, the shape's box is {box}"
    pieces = _broken(word, found, used)
    if pieces:
        shown = " | ".join(found[i].text for i in pieces)
        where = "across lines" if len({found[i].line for i in pieces}) > 1 else "within a line"
        return pieces, "broken", f"rendered as '{shown}' ({where})"
    return [], "missing", f"is not on the page (shape box {box})"


def _broken(word: str, found: list[Word], used: set[int]) -> list[int]:
    """Consecutive unused PDF words that together spell `word` (a hyphen added at a break ignored)."""
    for start, first in enumerate(found):
        if start in used or not word.startswith(first.text.rstrip("".join(_HYPHENS))):
            continue
        rest, pieces = word, []
        for index in range(start, len(found)):
            if index in used:
                break
            text = found[index].text
            if rest.startswith(text):
                rest, pieces = rest[len(text) :], [*pieces, index]
            elif text.endswith(_HYPHENS) and rest.startswith(text[:-1]):
                rest, pieces = rest[len(text) - 1 :], [*pieces, index]
            else:
                break
            if not rest:
                return pieces if len(pieces) > 1 else []
    return []


def _at_hyphens(
    word: str, pieces: list[Word], box: Box, tolerance: float, fitted: tuple[str, ...] | None
) -> bool:
    """Whether a word rendered in pieces is broken only after its own hyphens, where fitting may break it (and,
    given the lines fitting set, where it did), one piece a line, each inside the shape's box."""
    texts = [w.text for w in pieces]
    if "".join(texts) != word or not all(box.contains(w.box, tolerance) for w in pieces):
        return False
    if any(b.line <= a.line for a, b in zip(pieces, pieces[1:], strict=False)):
        return False
    allowed = set()
    at = 0
    for part in hyphen_parts(word)[:-1]:
        at += len(part)
        allowed.add(at)
    cuts = {sum(len(t) for t in texts[: n + 1]) for n in range(len(texts) - 1)}
    if not cuts <= allowed:
        return False
    if fitted is None:
        return True
    ends = {w[-1] for line in fitted if (w := words(line))}
    return all(text in ends for text in texts[:-1])
