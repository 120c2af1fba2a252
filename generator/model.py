"""Rendered layout data to a `DeckModel`: slides, shapes, text and notes as plain values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DeckError, Location, raise_all
from .render import RenderedSlide
from .schema import Deck, Meta

PLACEHOLDERS = ("title", "subtitle", "body")
THEME_COLORS = (
    "dk1", "lt1", "dk2", "lt2", "tx1", "bg1", "tx2", "bg2",
    "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
)
GEOMETRIES = (
    "textbox", "rect", "roundRect", "ellipse", "chevron", "homePlate", "rightArrow",
    "triangle", "plus", "mathPlus", "mathEqual", "line", "donut", "pentagon", "hexagon",
)
ALIGNS = ("left", "center", "right", "justify")
ANCHORS = ("top", "middle", "bottom")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Characters XML 1.0 cannot hold (C0 controls except tab, newline, carriage return; U+FFFE/F).
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text with optional overrides."""

    text: str
    level: int = 0
    bullet: bool | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None


@dataclass(frozen=True)
class Shape:
    """A placeholder to fill or a native shape to draw; geometry in points on a 960 x 540 slide."""

    kind: str  # "placeholder" or a geometry from GEOMETRIES
    role: str  # placeholder role, or the shape's name
    box: tuple[float, float, float, float] | None
    paragraphs: tuple[Paragraph, ...]
    size: float | None = None
    min_size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    align: str | None = None
    anchor: str | None = None
    fill: str | None = None
    line: str | None = None
    line_width: float | None = None
    inset: tuple[float, float, float, float] | None = None
    field: str = ""
    loc: Location | None = None
    flip: bool = False
    image: Path | None = None
    alt: str = ""


@dataclass(frozen=True)
class SlideSpec:
    """One output slide."""

    number: int
    layout: str
    master: str
    shapes: tuple[Shape, ...]
    notes: str
    loc: Location
    background: str | None = None


@dataclass(frozen=True)
class DeckModel:
    """Everything the writer needs, and nothing it has to decide."""

    source: str
    meta: Meta
    slides: tuple[SlideSpec, ...]
    template: Path | None
    template_loc: Location | None


def build_model(deck: Deck, rendered: tuple[RenderedSlide, ...]) -> DeckModel:
    """Turn each slide's layout output into a `SlideSpec`, collecting all problems."""
    errors: list[DeckError] = []
    slides = []
    for slide in rendered:
        try:
            slides.append(_slide(slide))
        except DeckError as exc:
            errors.append(exc)
    raise_all(errors)
    return DeckModel(deck.source, deck.meta, tuple(slides), deck.template, deck.template_loc)


class _Where:
    """Builds errors that name the layout file and the content slide."""

    def __init__(self, slide: RenderedSlide) -> None:
        self.slide = slide

    def error(self, message: str, path: str = "") -> DeckError:
        s = self.slide
        return DeckError(
            f"layout '{s.layout.name}' output: {path + ': ' if path else ''}{message}",
            s.source.loc,
            path=f"slides[{s.source.index + 1}]",
            also=Location(str(s.layout.path)),
        )


def _slide(slide: RenderedSlide) -> SlideSpec:
    where = _Where(slide)
    data = slide.data
    unknown = set(data) - {"shapes", "master", "background"}
    if unknown:
        raise where.error(f"unknown keys {sorted(unknown)}")
    items = data.get("shapes") or []
    if not isinstance(items, list):
        raise where.error("`shapes:` must be a list")
    shapes = tuple(_shape(item, i, slide, where) for i, item in enumerate(items))
    background = data.get("background")
    if background is not None:
        background = _color(background, where, "background")
    notes = slide.notes
    _check_text(notes, slide.source.key_locs.get("notes", slide.source.loc), f"{_slide_path(slide)}.notes")
    return SlideSpec(
        number=slide.number,
        layout=slide.layout.name,
        master=str(data.get("master") or slide.layout.master),
        shapes=shapes,
        notes=notes,
        loc=slide.source.loc,
        background=background,
    )


def _shape(item: Any, i: int, slide: RenderedSlide, where: _Where) -> Shape:
    path = f"shapes[{i + 1}]"
    if not isinstance(item, Mapping):
        raise where.error("expected a mapping", path)
    if "picture" in item:
        return _picture(item, path, slide, where)
    if "placeholder" in item:
        kind, role = "placeholder", str(item["placeholder"])
        if role not in PLACEHOLDERS:
            raise where.error(f"placeholder must be one of {', '.join(PLACEHOLDERS)}", path)
    else:
        kind = str(item.get("geometry", "textbox"))
        if kind not in GEOMETRIES:
            raise where.error(f"geometry '{kind}' is not one of {', '.join(GEOMETRIES)}", path)
        role = str(item.get("name", f"{kind} {i + 1}"))
    box = item.get("box")
    if box is not None:
        box = _numbers(box, 4, where, path + ".box")
    elif kind != "placeholder":
        raise where.error("a shape needs `box: [x, y, width, height]` in points", path)
    field = str(item.get("field", ""))
    loc = slide.field_locs.get(field.split("[")[0], slide.source.loc)
    paragraphs = _paragraphs(item, where, path)
    for p in paragraphs:
        _check_text(p.text, loc, f"{_slide_path(slide)}.{field or path}")
    inset = item.get("inset")
    return Shape(
        kind=kind,
        role=role,
        box=box,
        paragraphs=paragraphs,
        size=_number(item.get("size"), where, path + ".size"),
        min_size=_number(item.get("min_size"), where, path + ".min_size"),
        bold=item.get("bold"),
        italic=item.get("italic"),
        color=_color(item["color"], where, path) if item.get("color") else None,
        align=_choice(item.get("align"), ALIGNS, where, path + ".align"),
        anchor=_choice(item.get("anchor"), ANCHORS, where, path + ".anchor"),
        fill=_color(item["fill"], where, path) if item.get("fill") else None,
        line=_color(item["line"], where, path) if item.get("line") else None,
        line_width=_number(item.get("line_width"), where, path + ".line_width"),
        inset=_numbers(inset, 4, where, path + ".inset") if inset is not None else None,
        field=field,
        loc=loc,
        flip=bool(item.get("flip", False)),
    )


def _picture(item: Mapping, path: str, slide: RenderedSlide, where: _Where) -> Shape:
    """A picture, its path relative to the content file that names it; fitted in its box, aspect kept."""
    field = str(item.get("field", ""))
    loc = slide.field_locs.get(field.split("[")[0], slide.source.loc)
    alt = str(item.get("alt") or "").strip()
    if not alt:
        raise DeckError("a picture needs alt text", loc, path=field or path,
                        hint="add `alt:` describing what the picture shows")
    if _looks_like_path(alt):
        raise DeckError(f"alt text '{alt}' is a file name, not a description", loc, path=field or path,
                        hint="describe what the picture shows, for people who cannot see it")
    _check_text(alt, loc, f"{_slide_path(slide)}.alt")
    box = item.get("box")
    if box is None:
        raise where.error("a picture needs `box: [x, y, width, height]` in points", path)
    return Shape(
        kind="picture", role=str(item.get("name", "Picture")), box=_numbers(box, 4, where, path + ".box"),
        paragraphs=(), field=field, loc=loc, image=Path(loc.file).parent / str(item["picture"]), alt=alt,
    )


def _looks_like_path(text: str) -> bool:
    return bool(re.search(r"\.(png|jpe?g|gif|svg|bmp|tiff?|emf|wmf|webp)$", text, re.I)) or (
        " " not in text and ("/" in text or "\\" in text))


def _paragraphs(item: Mapping, where: _Where, path: str) -> tuple[Paragraph, ...]:
    if "text" in item and "paragraphs" in item:
        raise where.error("give `text:` or `paragraphs:`, not both", path)
    if "text" in item:
        text = item["text"]
        if text is None:
            return ()
        return tuple(Paragraph(line) for line in str(text).split("\n"))
    out = []
    for j, p in enumerate(item.get("paragraphs") or []):
        if isinstance(p, Mapping):
            out.append(Paragraph(
                text=str(p.get("text", "")),
                level=int(p.get("level", 0)),
                bullet=p.get("bullet"),
                size=_number(p.get("size"), where, f"{path}.paragraphs[{j + 1}].size"),
                bold=p.get("bold"),
                italic=p.get("italic"),
                color=_color(p["color"], where, path) if p.get("color") else None,
            ))
        else:
            out.append(Paragraph(str(p)))
    return tuple(out)


def _slide_path(slide: RenderedSlide) -> str:
    return f"slides[{slide.source.index + 1}]"


def _check_text(text: str, loc: Location, path: str) -> None:
    bad = _BAD_XML.search(text)
    if bad:
        raise DeckError(
            f"text holds the control character U+{ord(bad.group()):04X}, which a .pptx cannot store",
            loc, path=path, hint="delete it (it is often pasted in invisibly)",
        )


def _number(value: Any, where: _Where, path: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise where.error(f"expected a number, got {value!r}", path)
    return float(value)


def _numbers(value: Any, count: int, where: _Where, path: str) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != count:
        raise where.error(f"expected a list of {count} numbers", path)
    return tuple(_number(v, where, path) for v in value)


def _choice(value: Any, choices: tuple[str, ...], where: _Where, path: str) -> str | None:
    if value is None:
        return None
    if value not in choices:
        raise where.error(f"expected one of {', '.join(choices)}", path)
    return str(value)


def _color(value: Any, where: _Where, path: str) -> str:
    text = str(value)
    if text in THEME_COLORS or text == "none" or _HEX.match(text):
        return text
    raise where.error(f"colour '{text}' is not a theme colour ({', '.join(THEME_COLORS)}) or #RRGGBB", path)
