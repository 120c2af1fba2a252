"""Layout boxes carried from the 960 x 540 design grid onto the master's slide, and held on it, clear of the title."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.errors import DeckError, Location, raise_all
from generator.master.matching import TITLE_ONLY, signature, under_title
from generator.master.reader import Master, MasterLayout, PlaceholderSpec, assign_placeholders
from generator.model.deck import DeckModel, SlideSpec
from generator.model.output import DESIGN
from generator.model.shapes import (
    TEXT_KINDS,
    Box,
    Chart,
    Freeform,
    Geometry,
    Placeholder,
    Shape,
    Table,
    is_title,
)

# the content area of the design grid: base.pptx's body placeholder; and its title band
DESIGN_BODY = (60.0, 136.0, 840.0, 364.0)
DESIGN_TITLE = (60.0, 36.0, 840.0, 72.0)
# the least scale the grid is carried at into a master's room: below it, the grid's 26 pt high 14 pt lines
# (a chart's source) no longer hold 12 pt type, the readable floor
MIN_SCALE = 0.6
DESIGN_REACH = (128.0, 508.0)  # how high and low layouts draw (a chart, a map and its credit line)
# points: the readable floor for projected text; neither scaling nor fitting goes below it
FLOOR = 12.0
_EDGE = 0.5  # points a box may stand past an edge (rounding)
FURNITURE_GAP = 6.0  # points kept between what layouts draw and the footers under it


@dataclass(frozen=True)
class Frame:
    """Where the design grid's content area lands on a master: its top left corner there, and the scale; and
    where titles go on slides with drawn shapes, when the master's own title box sits where they must go."""

    x: float
    y: float
    scale: float
    title: Box | None = None

    @property
    def identity(self) -> bool:
        return (self.x, self.y, self.scale) == (DESIGN_BODY[0], DESIGN_BODY[1], 1.0)

    def box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x, y, w, h = box
        s = self.scale
        return (self.x + (x - DESIGN_BODY[0]) * s, self.y + (y - DESIGN_BODY[1]) * s, w * s, h * s)


def frame_of(master: Master, group: str = "") -> Frame:
    """The design grid's content area fitted (aspect kept, centred) into a slide master's (`group`, "" for a
    package of one), clear of the layout's date, footer and slide number: the body placeholder under a title
    on its layouts that holds it largest; where none holds it at MIN_SCALE, the largest room under a title
    alone; where that does not either, the grid's own share of the slide, its title band included (titles of
    slides with drawn shapes move there)."""
    layouts = [layout for layout in master.layouts.values() if layout.master == group]
    height = master.size[1]
    bodies = [
        (box, ceiling, _floor(layout, box, height))
        for layout in layouts
        for body, ceiling in _bodies_under_title(layout)
        if (box := _clipped(body, master.size)) is not None
    ]
    rooms = [
        (box, box[1], _floor(layout, box, height))
        for layout in layouts
        if signature(layout) == TITLE_ONLY
        and (room := under_title(layout, master.size)) is not None
        and (box := _clipped(room, master.size)) is not None
    ]
    for found in (bodies, rooms):
        fitted = [(_fitted(box, ceiling, floor), box) for box, ceiling, floor in found]
        best = max(fitted, key=lambda room: (room[0].scale, -room[1][1], -room[1][0]), default=None)
        if best is not None and best[0].scale >= MIN_SCALE:
            return best[0]
    s = min(master.size[0] / DESIGN[0], height / DESIGN[1])
    title = tuple(v * s for v in DESIGN_TITLE)
    box = tuple(v * s for v in DESIGN_BODY)
    drawn_on = [layout for layout in layouts if signature(layout) == TITLE_ONLY] or layouts
    floor = min([_floor(layout, box, height) for layout in drawn_on], default=height)
    frame = _fitted(box, title[1] + title[3], floor)
    return replace(frame, title=title)


def _floor(layout: MasterLayout, box: Box, height: float) -> float:
    """How low what layouts draw may reach under `box`: above the first of the layout's date, footer and slide
    number placeholders that lies across its lower half or under it (less a gap), else the slide's foot."""
    x, y, w, h = box
    tops = [
        top - FURNITURE_GAP
        for left, top, width, _ in layout.furniture
        if top > y + h / 2 and left < x + w and left + width > x
    ]
    return min([height, *tops])


def _scale(box: Box) -> float:
    return min(box[2] / DESIGN_BODY[2], box[3] / DESIGN_BODY[3])


def _fitted(box: Box, ceiling: float, floor: float) -> Frame:
    """The grid's content area centred in `box` (cut off at `floor`) at the largest scale it fits, moved so
    that what layouts draw beyond it (the grid's y 128 to 508: a chart, a map and its credit) stays under
    `ceiling` (the title's foot) and above `floor` (the footers, or the slide's foot), and made smaller where
    it cannot."""
    x, y, w, h = box
    h = min(h, floor - y)
    scale = _scale((x, y, w, h))
    if abs(scale - 1.0) < 1e-9 and (x, y) == DESIGN_BODY[:2]:
        return Frame(x, y, 1.0)
    above, below = DESIGN_BODY[1] - DESIGN_REACH[0], DESIGN_REACH[1] - DESIGN_BODY[1]
    scale = max(min(scale, (floor - ceiling) / (above + below)), 0.0)
    top = y + (h - DESIGN_BODY[3] * scale) / 2
    top = max(top, ceiling + above * scale)
    top = min(top, floor - below * scale)
    return Frame(x + (w - DESIGN_BODY[2] * scale) / 2, top, scale)


def _bodies_under_title(layout: MasterLayout) -> list[tuple[Box, float]]:
    """The layout's body placeholders under its title, each with the title's foot."""
    titles = [p.box for p in layout.placeholders if "title" in p.roles]
    if not titles:
        return []
    bottom = max(t[1] + t[3] for t in titles)
    return [
        (p.box, bottom)
        for p in layout.placeholders
        if p.type in ("body", "obj") and p.box[1] >= bottom - _EDGE
    ]


def place(model: DeckModel, master: Master) -> DeckModel:
    """Every drawn shape carried onto the master's slide (its text scaled with it, never below the floor); a shape
    off the slide, or over the title on a layout that does not allow it, is an error naming the slide. A master
    placeholder that reaches past the slide's edge is cut to the slide; one that lies off it is an error."""
    raise_all(_placeholder_errors(model, master))
    frames: dict[str, Frame] = {}
    slides = []
    for slide in model.slides:
        layout = master.layouts.get(slide.master)
        group = layout.master if layout is not None else ""
        if group not in frames:
            frames[group] = frame_of(master, group)
        slides.append(_placed(slide, frames[group], master))
    slides = tuple(slides)
    raise_all([error for slide in slides for error in _problems(slide, master)])
    return model if slides == model.slides else replace(model, slides=slides)


def _filled(slide: SlideSpec, master: Master) -> list[tuple[int, int, PlaceholderSpec]]:
    """(index of the shape, index of the placeholder, the placeholder) for each master placeholder the slide
    fills where the master puts it."""
    layout = master.layouts.get(slide.master)
    if layout is None:
        return []
    roles = [shape.role if isinstance(shape, Placeholder) else None for shape in slide.shapes]
    return [
        (i, slot, layout.placeholders[slot])
        for i, (shape, slot) in enumerate(
            zip(slide.shapes, assign_placeholders(roles, layout.placeholders), strict=True)
        )
        if slot is not None and shape.box is None
    ]


def _placeholder_errors(model: DeckModel, master: Master) -> list[DeckError]:
    """One error for each master placeholder a slide fills that lies off the slide or has no size."""
    users: dict[tuple[str, int], list[int]] = {}
    for slide in model.slides:
        for _, slot, _ in _filled(slide, master):
            users.setdefault((slide.master, slot), []).append(slide.number)
    errors = []
    for (name, slot), numbers in users.items():
        layout = master.layouts[name]
        spec = layout.placeholders[slot]
        if _clipped(spec.box, master.size) is None:
            x, y, w, h = spec.box
            which = spec.roles[0] if spec.roles else spec.type
            errors.append(
                DeckError(
                    f"master layout '{name}' has its {which} placeholder at [{x:g}, {y:g}, {w:g}, {h:g}] "
                    f"pt, not on the {master.size[0]:g} x {master.size[1]:g} pt slide "
                    f"({_slides(numbers)})",
                    Location(master.path),
                    path=layout.part.lstrip("/"),
                    hint="move the placeholder onto the slide in PowerPoint's Slide Master view",
                )
            )
    return errors


def _slides(numbers: list[int]) -> str:
    """`slide 3 fills it`, `slides 2, 7 fill it`."""
    if len(numbers) == 1:
        return f"slide {numbers[0]} fills it"
    return f"slides {', '.join(map(str, numbers))} fill it"


def _clipped(box: Box, size: tuple[float, float]) -> Box | None:
    """The part of `box` on a slide of `size`; None when the box has no size or most of it is off the slide."""
    x, y, w, h = box
    if w <= 0 or h <= 0:
        return None
    left, top = max(x, 0.0), max(y, 0.0)
    right, bottom = min(x + w, size[0]), min(y + h, size[1])
    if right <= left or bottom <= top or (right - left) * (bottom - top) < w * h / 2:
        return None
    return left, top, right - left, bottom - top


def _placed(slide: SlideSpec, frame: Frame, master: Master) -> SlideSpec:
    shapes = slide.shapes if frame.identity else tuple(_shape(s, frame) for s in slide.shapes)
    drawn = any(s.box is not None and not is_title(s) for s in slide.shapes)
    if (
        frame.title is not None and drawn
    ):  # the master's title sits where the diagram goes: the grid's band
        shapes = tuple(replace(s, box=frame.title) if is_title(s) else s for s in shapes)
    cut = {}
    for i, _, spec in _filled(slide, master):
        box = _clipped(spec.box, master.size)
        if box is not None and max(abs(a - b) for a, b in zip(box, spec.box, strict=True)) > 0.01:
            cut[i] = replace(shapes[i], box=box)  # the master's box reaches past the slide's edge
    if cut:
        shapes = tuple(cut.get(i, shape) for i, shape in enumerate(shapes))
    return slide if shapes == slide.shapes else replace(slide, shapes=shapes)


def _shape(shape: Shape, frame: Frame) -> Shape:
    """A shape on the master's slide: its box, and what is measured in points with it (text,
    insets, outline) scaled as the slide is."""
    if shape.box is None:
        return shape  # a placeholder where the master puts it
    s = frame.scale
    shape = replace(shape, box=frame.box(shape.box))
    if isinstance(shape, TEXT_KINDS):
        shape = replace(
            shape,
            size=_size(shape.size, s),
            min_size=_size(shape.min_size, s),
            paragraphs=tuple(
                replace(p, size=_size(p.size, s)) if p.size else p for p in shape.paragraphs
            ),
            inset=tuple(v * s for v in shape.inset) if shape.inset else shape.inset,
        )
    if isinstance(shape, (Chart, Table)):
        shape = replace(shape, size=_size(shape.size, s))
    if isinstance(shape, (Geometry, Freeform)) and shape.line_width:
        shape = replace(shape, line_width=shape.line_width * s)
    if isinstance(shape, Freeform) and shape.text_rect:
        shape = replace(shape, text_rect=frame.box(shape.text_rect))
    return shape


def _size(size: float | None, scale: float) -> float | None:
    """A font size scaled, in half points, not below the floor unless it was below it to begin with."""
    if size is None:
        return None
    return max(round(size * scale * 2) / 2, min(size, FLOOR))


def _problems(slide: SlideSpec, master: Master) -> list[DeckError]:
    width, height = master.size
    title = _title_box(slide, master)
    errors = []
    for shape in slide.shapes:
        if shape.box is None or isinstance(shape, Placeholder):
            continue
        x, y, w, h = shape.box
        where = f"slide {slide.number}: {shape.field or shape.name}"
        if x < -_EDGE or y < -_EDGE or x + w > width + _EDGE or y + h > height + _EDGE:
            errors.append(
                DeckError(
                    f"'{shape.name}' lies outside the {width:g} x {height:g} pt slide of the master, at "
                    f"[{x:.0f}, {y:.0f}, {w:.0f}, {h:.0f}]",
                    shape.loc or slide.loc,
                    path=where,
                    hint=f"layout '{slide.layout}' draws it there: keep its boxes inside the 960 x 540 design grid",
                )
            )
        elif title is not None and not slide.over_title and _overlap(shape.box, title) > _EDGE:
            errors.append(
                DeckError(
                    f"'{shape.name}' covers the title (the master's title ends at y {title[1] + title[3]:.0f} pt)",
                    shape.loc or slide.loc,
                    path=where,
                    hint=f"move it lower in layout '{slide.layout}', or declare `over_title: true` in its front matter",
                )
            )
    return errors


def _title_box(slide: SlideSpec, master: Master) -> tuple[float, float, float, float] | None:
    layout = master.layouts.get(slide.master)
    titles = [s for s in slide.shapes if is_title(s)]
    if layout is None or not titles:
        return None
    if titles[0].box is not None:
        return titles[0].box  # moved off the master's title box
    return next((p.box for p in layout.placeholders if "title" in p.roles), None)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """How far two boxes reach into each other (0 when they do not)."""
    return max(
        0.0,
        min(
            min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]),
            min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]),
        ),
    )
