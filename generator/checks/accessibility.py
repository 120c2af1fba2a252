"""Accessibility checks on the model and the written deck: titles, contrast, language tags."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping
from functools import lru_cache

from lxml import etree

from generator.errors import Location
from generator.findings import Check, Finding
from generator.model.deck import DeckModel, SlideSpec
from generator.model.shapes import Freeform, Geometry, is_title, paragraphs_of, place_of
from generator.ooxml.names import qn

MIN_CONTRAST = 4.5
# Theme slots that name each other: text colours are read on their background pair.
_ALIAS = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}
_PAIRS = (("dk1", "lt1"), ("dk2", "lt2"), ("dk1", "lt2"), ("lt1", "dk2"))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours."""

    def luminance(hex_color: str) -> float:
        channels = [int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve_color(color: str, theme: Mapping[str, str]) -> str | None:
    """A colour as RRGGBB: `#RRGGBB` as written, a theme slot (tx1, bg1, accent1 ...) from the theme."""
    if color.startswith("#"):
        return color[1:].upper()
    return theme.get(_ALIAS.get(color, color))


def ratio_text(ratio: float) -> str:
    """A contrast ratio as a message gives it: rounded down, so one below 4.5:1 never reads as 4.5:1."""
    return f"{math.floor(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".") + ":1"


def model_findings(model: DeckModel, theme: dict[str, str], master_path: str) -> list[Finding]:
    """Every slide has a title; theme text/background pairs and each shape's text on its fill read well."""
    out: list[Finding] = []
    for first, second in _PAIRS:
        if (
            first in theme
            and second in theme
            and (ratio := contrast(theme[first], theme[second])) < MIN_CONTRAST
        ):
            out.append(
                Finding(
                    Location(master_path),
                    0,
                    "theme",
                    Check.CONTRAST,
                    f"{first} #{theme[first]} on {second} #{theme[second]} is {ratio_text(ratio)}, "
                    f"below {MIN_CONTRAST}:1",
                )
            )
    for slide in model.slides:
        titles = [s for s in slide.shapes if is_title(s)]
        if not titles or not any(p.text.strip() for s in titles for p in s.paragraphs):
            out.append(
                Finding(
                    slide.loc,
                    slide.number,
                    "",
                    Check.TITLE,
                    "the slide has no title; PowerPoint's outline and screen readers need one",
                )
            )
        out += _shape_contrast(slide, theme)
    return out


def _shape_contrast(slide: SlideSpec, theme: dict[str, str]) -> list[Finding]:
    """Text on a fill that reads badly: once per colour pair on a slide, with how many shapes have it."""
    low: dict[tuple[str, str], list[Geometry | Freeform]] = {}
    for shape in slide.shapes:
        if not isinstance(shape, (Geometry, Freeform)):
            continue
        if not (shape.color and shape.fill and shape.fill != "none" and shape.paragraphs):
            continue
        fg, bg = resolve_color(shape.color, theme), resolve_color(shape.fill, theme)
        if fg and bg and contrast(fg, bg) < MIN_CONTRAST:
            low.setdefault((shape.color, shape.fill), []).append(shape)
    out = []
    for (color, fill), shapes in low.items():
        ratio = contrast(resolve_color(color, theme) or "", resolve_color(fill, theme) or "")
        count = f" ({len(shapes)} shapes)" if len(shapes) > 1 else ""
        first = shapes[0]
        out.append(
            Finding(
                first.loc or slide.loc,
                slide.number,
                first.field or first.name,
                Check.CONTRAST,
                f"text {color} on {fill} is {ratio_text(ratio)}, below {MIN_CONTRAST}:1{count}",
            )
        )
    return out


def placeholder_findings(model: DeckModel) -> list[Finding]:
    """Text still to be written: a paragraph or notes starting with TODO (as `make-deck new` leaves them), at
    the line that wrote it (a list's item, a var)."""
    out = []
    for slide in model.slides:
        texts = [
            (place_of(shape.origins, p.text, shape.loc or slide.loc, word=False), field, p.text)
            for shape in slide.shapes
            for field in (shape.field or shape.name,)
            for p in paragraphs_of(shape)
        ]
        notes_loc = slide.notes_loc or slide.loc
        texts += [
            (place_of(slide.notes_origins, line, notes_loc, word=False), "notes", line)
            for line in slide.notes.splitlines()
        ]
        for loc, field, text in texts:
            if re.match(r"\W*TODO\b", text):
                out.append(
                    Finding(
                        loc,
                        slide.number,
                        field,
                        Check.TODO,
                        f"'{text[:60]}' is still to be written",
                    )
                )
    return out


def language_findings(
    pptx: bytes | Mapping[str, bytes], language: str, source: Location
) -> list[Finding]:
    """Every run of slide and notes text is tagged with the content's language.

    `pptx` is a .pptx file's bytes, or its parts by name as the writer made them (then nothing is unzipped)."""
    if isinstance(pptx, bytes):
        with zipfile.ZipFile(io.BytesIO(pptx)) as z:
            pptx = {name: z.read(name) for name in z.namelist() if _TEXT_PART.match(name)}
    out: list[Finding] = []
    for name, data in pptx.items():
        match = _TEXT_PART.match(name)
        if not match:
            continue
        wrong = sorted(str(t) for t in _language_tags(data) - {language})
        if wrong:
            out.append(
                Finding(
                    source,
                    int(match.group(2)),
                    "",
                    Check.LANGUAGE,
                    f"text tagged {', '.join(wrong)} instead of {language} in {name}",
                )
            )
    return out


_TEXT_PART = re.compile(r"ppt/(slides/slide|notesSlides/notesSlide)(\d+)\.xml$")


@lru_cache(maxsize=512)
def _language_tags(part: bytes) -> frozenset[str | None]:
    """The language tags of a part's text runs (a slide the same in every edition is read once)."""
    return frozenset(
        el.get("lang") for el in etree.fromstring(part).iter(qn("a:rPr"), qn("a:endParaRPr"))
    )
