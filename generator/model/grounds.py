"""Text against what the master draws behind it: a colour that reads where the master's does not, bands named."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from generator.findings import Check, Finding
from generator.master.backdrop import (
    Band,
    behind,
    colours_behind,
    contrast,
    line_room,
    overlap,
    shares_behind,
    whole,
    worst,
)
from generator.master.reader import Master, MasterLayout, PlaceholderSpec, assign_placeholders
from generator.model.deck import DeckModel, SlideSpec
from generator.model.fitting import DEFAULT_INSET, SetText, set_shape
from generator.model.shapes import TEXT_KINDS, Chart, Freeform, Geometry, Placeholder, Shape, Table
from generator.model.textplace import align_of, anchor_of, text_extent

MIN_CONTRAST = 4.5  # WCAG AA for text
# what a text box or chart is set on where no text colour reads on everything behind it (a picture of trees)
PLATE = "bg1"
# a plate's margin around its text at the sides, and above and below, as shares of the text's size
PLATE_MARGIN = (0.4, 0.2)
# of the text's width and height, kept free on a plate: renderers set text a little wider than measured
PLATE_SLACK = 0.03
# of a placeholder's box: colours at its dark and light ends covering less than this are not read as behind
# its text (where its lines lie in its box is not known)
PLACEHOLDER_TAIL = 0.1
# points: a placeholder's plate reaches this far past its box, as far as the slide lets it
PLATE_PAD = 7.2
_NO_COLOUR = "no text colour reads on everything behind it"
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


def _bands(slide: SlideSpec, layout: MasterLayout) -> tuple[Band, ...]:
    """What the master and layout draw behind the slide's content: their bands, less the background picture
    or gradient where the slide has a background of its own."""
    if not slide.background:
        return layout.bands
    return tuple(band for band in layout.bands if not band.background)


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


# a shape made to read: the shape now, the colours it did not read on (text colour, ground), what was done
_Change = tuple[Shape, tuple[str, str], Finding | None]


@dataclass(frozen=True)
class _Drawn:
    """What lies behind a slide's next shape: the background, the bands the master and the slide's shapes so
    far draw over it, and the theme's colours by name."""

    background: str
    bands: tuple[Band, ...]
    theme: Mapping[str, str]
    outlines: tuple[Freeform, ...] = ()  # the filled outlines drawn so far (a map's municipalities)


def _readable(
    slide: SlideSpec, layout: MasterLayout, master: Master
) -> tuple[SlideSpec, list[Finding]]:
    """The slide with its texts (and chart text) in a colour that reads where theirs would not, or set on a
    plate where no text colour reads on what lies behind them; a contrast finding for each change, saying what
    it was on and what it is now."""
    theme = master.theme_colors
    said: dict[tuple[str, str], Finding] = {}
    background, bands = _background(slide, layout, master), _bands(slide, layout)
    shapes = list(slide.shapes)
    under: list[Band] = []  # the slide's own filled shapes so far, as the master's bands are
    outlines: list[Freeform] = []  # its filled outlines so far, read where they lie
    for i, shape, box, spec in _boxes(slide, layout):
        drawn = _Drawn(background, (*bands, *under), theme, tuple(outlines))
        change: _Change | None = None
        if isinstance(shape, Chart) and shape.spec is not None:
            change = _chart_read(slide, shape, box, drawn)
        elif isinstance(shape, TEXT_KINDS) and shape.paragraphs:
            change = _text_read(slide, (shape, box, spec), drawn, master)
        if change is not None:
            shapes[i], key, finding = change
            if finding is not None:
                said.setdefault(key, finding)
        if isinstance(shapes[i], Freeform) and rgb(shapes[i].fill, theme):
            outlines.append(shapes[i])
            continue
        fill = _fill_under(shapes[i], theme)
        if fill is not None:
            under.append(Band(shapes[i].box or box, fill))
    if shapes == list(slide.shapes):
        return slide, list(said.values())
    return replace(slide, shapes=tuple(shapes)), list(said.values())


def _text_read(
    slide: SlideSpec,
    placed: tuple[Shape, tuple, PlaceholderSpec | None],
    drawn: _Drawn,
    master: Master,
) -> _Change | None:
    """A text that does not read on what lies behind it (`placed`: the shape, its box, the placeholder it
    fills): in tx1 or bg1, whichever reads; a text box where neither does, on a plate of its own; with the
    finding that says so. None where its text reads, or what lies behind it cannot be told."""
    shape, box, spec = placed
    theme = drawn.theme
    own = rgb(shape.color, theme) or _master_colour(spec, master) or theme.get("dk1", "")
    behind, plateable, text = _lies_on(shape, box, drawn, master)
    if not behind or not own or worst(own, behind) >= MIN_CONTRAST:
        return None
    was = shape.color or f"#{own}"
    on = shape.fill if getattr(shape, "fill", None) not in (None, "none") else _named(own, behind)
    better = readable_colour(own, behind, theme)
    if better:
        finding = _changed(
            slide, shape, (was, on), worst(own, behind), f"set in {better} instead, which reads"
        )
        return replace(shape, color=better), (was, on), finding
    if not plateable:
        return None
    if isinstance(shape, Placeholder):
        plated = _placeholder_plate(shape, box, spec, master.size)
    else:
        plated = _plated(shape, box, text)
    plate = rgb(PLATE, theme)
    if plate and contrast(own, plate) < MIN_CONTRAST:
        plated = replace(plated, color="tx1")
    now = f"{_NO_COLOUR}: set on a plate of {PLATE}, in {plated.color or was}, which reads"
    return plated, (was, on), _changed(slide, shape, (was, on), worst(own, behind), now)


def _lies_on(
    shape: Shape, box: tuple, drawn: _Drawn, master: Master
) -> tuple[tuple[str, ...], bool, SetText | None]:
    """What a text lies on, whether it may be set on a plate, and (a text box's) its lines as fitting set
    them: a filled shape's text on its fill, a text box's where its lines lie, a placeholder's where
    `text_room` says."""
    if getattr(shape, "fill", None) not in (None, "none"):
        return _behind(shape, box, drawn), False, None
    if isinstance(shape, Geometry):
        text = set_shape(shape, None, master)
        return _behind(shape, text_extent(shape, text), drawn), True, text
    room = text_room(shape, box)
    found = _behind(shape, room, drawn)
    # where in its box a placeholder's lines lie is not known: what covers a part of it
    if len(found) > 1:
        shares = shares_behind(drawn.background, drawn.bands, room)
        found = _covering(found, shares)
    return found, isinstance(shape, Placeholder), None


def _covering(colours: tuple[str, ...], shares: Mapping[str, float]) -> tuple[str, ...]:
    """Of the colours behind a placeholder, those its text is read on: the lightest and darkest tails that
    together cover less than PLACEHOLDER_TAIL of its box left out (an ink blot in a corner of a body box
    its bullets may not reach)."""
    ordered = sorted(colours, key=lambda colour: contrast(colour, "000000"))
    low, high = 0, len(ordered)
    dropped = 0.0
    while low < high - 1:
        darkest, lightest = shares.get(ordered[low], 0.0), shares.get(ordered[high - 1], 0.0)
        smaller = min(darkest, lightest)
        if dropped + smaller >= PLACEHOLDER_TAIL:
            break
        dropped += smaller
        if darkest <= lightest:
            low += 1
        else:
            high -= 1
    return tuple(ordered[low:high])


def readable_colour(own: str, behind: tuple[str, ...], theme: Mapping[str, str]) -> str:
    """The theme's dark or light text colour (tx1, bg1) that reads on every colour behind a text; "" when
    neither does."""
    best = max(("tx1", "bg1"), key=lambda c: worst(rgb(c, theme) or own, behind))
    return best if worst(rgb(best, theme) or own, behind) >= MIN_CONTRAST else ""


def _plated(shape: Geometry, box: tuple, text: SetText | None) -> Geometry:
    """A text box on a plate of PLATE: hugging its lines (`text`, as fitting set them) with a margin, where
    there is room; where its lines fill it, its box."""
    whole = replace(shape, fill=PLATE, box=box)
    if text is None:
        return whole
    size = max(p.size for p in text.paragraphs)
    x, y, w, h = box
    ex, _, ew, eh = text_extent(shape, text)
    side = PLATE_MARGIN[0] * size
    width = ew + 2 * side + max(2.0, PLATE_SLACK * ew)
    edge = max(min(PLATE_MARGIN[1] * size, (h - eh * (1 + PLATE_SLACK)) / 2), 0.0)
    height = eh * (1 + PLATE_SLACK) + 2 * edge  # the margin above and below as the box has room for
    align = {align_of(shape, n) for n in range(len(text.paragraphs))}
    if width > w or height > h or len(align) != 1 or anchor_of(shape) != "top":
        return whole
    left = {"center": ex + ew / 2 - width / 2, "right": x + w - width}.get(align.pop(), x)
    return replace(
        whole,
        box=(round(left, 2), y, round(width, 2), round(height, 2)),
        inset=(side, edge, side, edge),
    )


def _placeholder_plate(
    shape: Placeholder, box: tuple, spec: PlaceholderSpec | None, slide: tuple[float, float]
) -> Placeholder:
    """A placeholder on a plate of PLATE: its box grown by a margin on each side (as far as the slide
    reaches) and its insets by as much, so its text stays where it was set."""
    x, y, w, h = box
    inset = shape.inset or (spec.inset if spec is not None else DEFAULT_INSET)
    room = (
        x,
        y,
        slide[0] - x - w,
        slide[1] - y - h,
    )  # from each side of the box to the slide's edge
    left, top, right, bottom = margins = tuple(max(min(PLATE_PAD, r), 0.0) for r in room)
    grown = (x - left, y - top, w + left + right, h + top + bottom)
    return replace(
        shape,
        fill=PLATE,
        box=tuple(round(v, 2) for v in grown),
        inset=tuple(round(i + m, 2) for i, m in zip(inset, margins, strict=True)),
    )


def _changed(
    slide: SlideSpec,
    shape: Shape,
    pair: tuple[str, str],
    ratio: float,
    now: str,
    what: str = "text",
) -> Finding:
    """What was done to a text (or a chart's text, `what`) that did not read: its colour, what it was on, and
    how it is set now (`now`)."""
    was, on = pair
    shown = f"{math.floor(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".")
    return Finding(
        shape.loc or slide.loc,
        slide.number,
        shape.field or shape.name,
        Check.CONTRAST,
        f"{what} {was} on {on} is {shown}:1, below {MIN_CONTRAST}:1; {now}",
    )


def _named(own: str, behind: tuple[str, ...]) -> str:
    """What a text lies on, for a message: its one colour, or of several the one it reads least on."""
    least = min(behind, key=lambda colour: contrast(own, colour))
    return (
        f"#{least}"
        if len(behind) == 1
        else f"#{least} (of the colours behind it, where it reads least)"
    )


def _chart_read(slide: SlideSpec, chart: Chart, box: tuple, drawn: _Drawn) -> _Change | None:
    """A chart whose text, in PowerPoint's grey (tx1 at 65 %), would not read on every colour behind it (its
    legend and axes lie at its box's edges): its text in tx1 or bg1, whichever reads on all of them; where
    neither does, the chart on a plate of PLATE; where the colours behind it cannot all be told, its text in the
    colour that reads on the one behind most of it. None where the grey reads."""
    theme = drawn.theme
    dark = theme.get("dk1", "")
    every = colours_behind(drawn.background, drawn.bands, box)
    behind = every or _behind(chart, box, drawn)
    if not dark or not behind or worst(_grey(dark), behind) >= MIN_CONTRAST:
        return None
    grey, spec = _grey(dark), chart.spec
    better = readable_colour(grey, behind, theme)
    key = (f"#{grey}", _named(grey, behind))
    if better:  # said of no chart: PowerPoint recolours chart text as a theme asks
        return replace(chart, spec=replace(spec, text_color=better)), key, None
    if not every:
        return None
    plate = rgb(PLATE, theme)
    colour = "" if not plate or contrast(grey, plate) >= MIN_CONTRAST else "tx1"
    ink = colour or f"#{grey}"
    now = f"{_NO_COLOUR}: set on a plate of {PLATE}, its text in {ink}, which reads"
    finding = _changed(slide, chart, key, worst(grey, behind), now, "chart text")
    return replace(chart, spec=replace(spec, text_color=colour, plate=PLATE)), key, finding


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
    box (a chart or table is many colours); None for nothing (a freeform without a fill, a leader line)."""
    if isinstance(shape, (Chart, Table)):
        return ""
    if isinstance(shape, Freeform) and shape.fill in (None, "none"):
        return None
    fill = getattr(shape, "fill", None)
    return rgb(fill, theme) if fill not in (None, "none") else None


def _behind(shape: Shape, room: tuple, drawn: _Drawn) -> tuple[str, ...]:
    """What a shape's text lies on: its own fill, else what the master and the slide's shapes before it draw
    behind `room` (where its text lies): the one colour behind most of it, else every colour behind it (a
    gradient's or picture's where they lie); () when that cannot be told."""
    fill = getattr(shape, "fill", None)
    if fill not in (None, "none"):
        own = rgb(fill, drawn.theme)
        return (own,) if own else ()
    on_outlines, bare = outlines_under(room, drawn.outlines, drawn.theme)
    if not bare:
        return on_outlines
    rest = behind(drawn.background, drawn.bands, room)
    if not rest:
        return ()
    return tuple(dict.fromkeys((*on_outlines, *rest)))


# points sampled across a text's room, along and down, to tell which filled outlines lie under it
_SAMPLES = (9, 3)


def outlines_under(
    room: tuple, outlines: tuple[Freeform, ...], theme: Mapping[str, str]
) -> tuple[tuple[str, ...], bool]:
    """The fill colours of the outlines under points spread over `room` (the topmost at each point), and
    whether some point lies on none of them (there the master's ground shows: a map's sea)."""
    x, y, w, h = room
    colours: dict[str, None] = {}
    bare = False
    columns, rows = _SAMPLES
    for row in range(rows):
        for column in range(columns):
            point = (x + w * (column + 0.5) / columns, y + h * (row + 0.5) / rows)
            top = next((o for o in reversed(outlines) if _covers(o, point)), None)
            if top is None:
                bare = True
            else:
                colours[rgb(top.fill, theme)] = None
    return tuple(colours), bare


def _covers(outline: Freeform, point: tuple[float, float]) -> bool:
    """Whether a point lies inside an outline's rings (even-odd: a ring inside another is a hole)."""
    px, py = point
    bx, by, bw, bh = outline.box or (0.0, 0.0, 0.0, 0.0)
    if not (bx <= px <= bx + bw and by <= py <= by + bh):
        return False
    inside = False
    for ring in outline.path:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def text_room(shape: Shape, box: tuple) -> tuple:
    """Where in its box a shape's text lies, as the master's footers are read: for one line set right or
    centred, the middle third of the box's height and of its width the third its alignment puts it in (a
    credit set right under a map lies at the map's right); else the whole box."""
    paragraphs = getattr(shape, "paragraphs", ())
    align = getattr(shape, "align", None) or ""
    if align not in ("center", "right") or len(paragraphs) != 1 or "\n" in paragraphs[0].text:
        return box
    return line_room(box, align)


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
            for band in _bands(slide, layout)
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
