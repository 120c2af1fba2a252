"""Text against what the master draws behind it: a colour that reads where the master's does not, bands named."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from generator.findings import Check, Finding
from generator.master.backdrop import Band, colours_behind, contrast, ground, overlap, whole
from generator.master.reader import Master, MasterLayout, PlaceholderSpec, assign_placeholders
from generator.model.deck import DeckModel, SlideSpec
from generator.model.shapes import TEXT_KINDS, Chart, Freeform, Placeholder, Shape, Table

MIN_CONTRAST = 4.5  # WCAG AA for text
# of a shape's box: a band that covers less of it is an edge it touches, not something behind it
_SLIGHT = 0.02
_ALIAS = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}


def rgb(colour: str | None, theme: Mapping[str, str]) -> str:
    """A colour as RRGGBB: `#RRGGBB` as written, a theme slot from the theme; "" when it cannot be told."""
    if not colour:
        return ""
    if colour.startswith("#"):
        return colour[1:].upper()
    return theme.get(_ALIAS.get(colour, colour), "")


def read_on_grounds(model: DeckModel, master: Master) -> tuple[DeckModel, list[Finding]]:
    """The model with text that would not read on the colour behind it (its shape's fill, or the master's
    background or band where that is one colour) set in the theme's dark or light text colour, whichever
    reads (a theme's accents may not read under white text); and a finding for each
    slide whose shapes lie over a band or picture the master draws in another colour than their background."""
    slides, findings = [], []
    for slide in model.slides:
        layout = master.layouts.get(slide.master)
        if layout is None:
            slides.append(slide)
            continue
        readable, said = _readable(slide, layout, master)
        slides.append(readable)
        findings += said
        findings += _over_bands(slide, layout, master)
    if tuple(slides) == model.slides:
        return model, findings
    return replace(model, slides=tuple(slides)), findings


def _background(slide: SlideSpec, layout: MasterLayout, master: Master) -> str:
    return rgb(slide.background, master.theme_colors) if slide.background else layout.background


def _boxes(
    slide: SlideSpec, layout: MasterLayout
) -> list[tuple[int, Shape, tuple[float, float, float, float], PlaceholderSpec | None]]:
    """Each shape (by its index) with the box it has on the slide, and the placeholder it fills (None for a
    drawn shape)."""
    roles = [s.role if isinstance(s, Placeholder) else None for s in slide.shapes]
    out = []
    for i, (shape, slot) in enumerate(
        zip(slide.shapes, assign_placeholders(roles, layout.placeholders), strict=True)
    ):
        spec = layout.placeholders[slot] if slot is not None else None
        box = shape.box or (spec.box if spec is not None else None)
        if box is not None and box[2] > 0 and box[3] > 0:
            out.append((i, shape, box, spec))
    return out


def _readable(
    slide: SlideSpec, layout: MasterLayout, master: Master
) -> tuple[SlideSpec, list[Finding]]:
    """The slide with its texts (and chart text) in a colour that reads where theirs would not; a contrast
    finding for each colour changed, saying what it was on and what it is now."""
    theme = master.theme_colors
    said: dict[tuple[str, str], Finding] = {}
    background = _background(slide, layout, master)
    shapes = list(slide.shapes)
    changed = False
    under: list[Band] = []  # the slide's own filled shapes so far, as the master's bands are
    for i, shape, box, spec in _boxes(slide, layout):
        fill = _fill_under(shape, theme)
        if isinstance(shape, Chart) and shape.spec is not None:
            colour = _chart_colour(shape, box, background, (*layout.bands, *under), theme)
            if colour:
                shapes[i] = replace(shape, spec=replace(shape.spec, text_color=colour))
                changed = True
        if not isinstance(shape, TEXT_KINDS) or not shape.paragraphs:
            if fill is not None:
                under.append(Band(box, fill))
            continue
        behind = _behind(shape, box, background, (*layout.bands, *under), theme)
        if fill is not None:
            under.append(Band(box, fill))
        own = rgb(shape.color, theme) or _master_colour(spec, master) or theme.get("dk1", "")
        if not behind or not own or worst(own, behind) >= MIN_CONTRAST:
            continue
        better = max(("tx1", "bg1"), key=lambda c: worst(rgb(c, theme) or own, behind))
        if worst(rgb(better, theme) or own, behind) >= MIN_CONTRAST:
            shapes[i] = replace(shape, color=better)
            changed = True
            was = shape.color or f"#{own}"
            on = (
                shape.fill
                if getattr(shape, "fill", None) not in (None, "none")
                else _named(own, behind)
            )
            said.setdefault(
                (was, on), _changed(slide, shape, (was, on), worst(own, behind), better)
            )
    found = list(said.values())
    return (replace(slide, shapes=tuple(shapes)) if changed else slide), found


def _changed(
    slide: SlideSpec, shape: Shape, pair: tuple[str, str], ratio: float, now: str
) -> Finding:
    """What was done to a text that did not read: its colour, what it was on, and its colour now."""
    was, on = pair
    shown = f"{math.floor(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".")
    return Finding(
        shape.loc or slide.loc,
        slide.number,
        shape.field or shape.name,
        Check.CONTRAST,
        f"text {was} on {on} is {shown}:1, below {MIN_CONTRAST}:1; set in {now} instead, which reads",
    )


def worst(colour: str, behind: tuple[str, ...]) -> float:
    """The contrast of a text colour on the colour behind it that it reads least on."""
    return min((contrast(colour, under) for under in behind), default=0.0)


def _named(own: str, behind: tuple[str, ...]) -> str:
    """What a text lies on, for a message: its one colour, or of several the one it reads least on."""
    least = min(behind, key=lambda colour: contrast(own, colour))
    return (
        f"#{least}"
        if len(behind) == 1
        else f"#{least} (of the colours behind it, where it reads least)"
    )


def _chart_text(behind: tuple[str, ...], theme: Mapping[str, str]) -> str:
    """The theme colour a chart's text takes where PowerPoint's grey (tx1 at 65 %) would not read on what
    lies behind the chart (on each colour, where it lies on several): tx1 or bg1, whichever reads; "" to keep
    the grey."""
    dark = theme.get("dk1", "")
    if not behind or not dark:
        return ""
    grey = _grey(dark)
    if worst(grey, behind) >= MIN_CONTRAST:
        return ""
    best = max(("tx1", "bg1"), key=lambda c: worst(rgb(c, theme) or grey, behind))
    return best if worst(rgb(best, theme) or grey, behind) >= MIN_CONTRAST else ""


def _grey(rgb_text: str) -> str:
    """tx1 with luminance 65 % and 35 % added, as PowerPoint draws chart text."""
    import colorsys

    r, g, b = (int(rgb_text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    return "".join(
        f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, min(lum * 0.65 + 0.35, 1.0), s)
    )


def _fill_under(shape: Shape, theme: Mapping[str, str]) -> str | None:
    """What a shape puts behind the shapes after it: its fill's colour; "" where that is no one colour in its
    box (a freeform fills only its outline, a chart or table is many colours); None for nothing."""
    if isinstance(shape, (Chart, Table, Freeform)):
        return ""
    fill = getattr(shape, "fill", None)
    return rgb(fill, theme) if fill not in (None, "none") else None


def _behind(
    shape: Shape, box: tuple, background: str, bands: tuple[Band, ...], theme: Mapping[str, str]
) -> tuple[str, ...]:
    """What a shape's text lies on: its own fill, else what the master and the slide's shapes before it draw
    behind its box: the one colour behind most of it, else every colour behind it (a gradient's or picture's
    where they lie); () when that cannot be told."""
    fill = getattr(shape, "fill", None)
    if fill not in (None, "none"):
        own = rgb(fill, theme)
        return (own,) if own else ()
    room = text_room(shape, box)
    one = ground(background, bands, room)
    return (one,) if one else colours_behind(background, bands, room)


def text_room(shape: Shape, box: tuple) -> tuple:
    """Where in its box a shape's text lies, as the master's footers are read: for one line set right or
    centred, the middle third of the box's height and of its width the third its alignment puts it in (a
    credit set right under a map lies at the map's right); else the whole box."""
    paragraphs = getattr(shape, "paragraphs", ())
    third = {"center": 1, "right": 2}.get(getattr(shape, "align", None) or "", 0)
    if not third or len(paragraphs) != 1 or "\n" in paragraphs[0].text:
        return box
    x, y, w, h = box
    return (x + w * third / 3, y + h / 3, w / 3, h / 3)


def _chart_colour(
    chart: Chart, box: tuple, background: str, bands: tuple[Band, ...], theme: Mapping[str, str]
) -> str:
    """The theme colour a chart's text takes (see _chart_text): one that reads on every colour behind the
    chart, as its legend and axes lie at its box's edges, else one that reads on the colour behind most of it."""
    every = colours_behind(background, bands, box)
    return _chart_text(every, theme) or _chart_text(
        _behind(chart, box, background, bands, theme), theme
    )


def _master_colour(spec: PlaceholderSpec | None, master: Master) -> str:
    """The colour the master gives text in a placeholder (or in a drawn shape, for None)."""
    levels = spec.levels if spec is not None else master.shape_levels
    return levels[0].color if levels else ""


def _over_bands(slide: SlideSpec, layout: MasterLayout, master: Master) -> list[Finding]:
    """One finding for a slide whose shapes lie over a filled shape or picture of the master in another colour
    than the slide's background, naming them."""
    background = _background(slide, layout, master)
    over: list[Shape] = []
    for _, shape, box, _ in _boxes(slide, layout):
        if not _shows_something(shape):
            continue
        area = box[2] * box[3]
        if any(
            (not band.color or band.color != background)
            and not whole(band, master.size)
            and overlap(band.box, box) > _SLIGHT * area
            for band in layout.bands
        ):
            over.append(shape)
    if not over:
        return []
    first = over[0]
    names = ", ".join(f"'{s.field or s.name}'" for s in over[:4]) + (
        " ..." if len(over) > 4 else ""
    )
    return [
        Finding(
            first.loc or slide.loc,
            slide.number,
            first.field or first.name,
            Check.BEHIND,
            f"{names} lie{'s' if len(over) == 1 else ''} over a shape or picture the master "
            f"'{slide.master}' draws behind the slide's content; it may not read there",
        )
    ]


def _shows_something(shape: Shape) -> bool:
    if isinstance(shape, (Chart, Table)):
        return True
    return isinstance(shape, TEXT_KINDS) and bool(shape.paragraphs)
