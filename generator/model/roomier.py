"""Where a master's title box is smaller than its text: the title grown into the free room under it, then smaller."""

from __future__ import annotations

from dataclasses import replace

from generator.master.reader import Master, PlaceholderSpec, assign_placeholders
from generator.model.deck import SlideSpec
from generator.model.shapes import Box, Placeholder, TextShape, is_title

# points: how small a title (or a statement, which is a title) may be set on a master whose title box is
# smaller than the layout's text needs; the layout's own `min_size` holds on a master whose box is large enough
TITLE_FLOOR = 20.0
GAP = 6.0  # points kept between a grown title and what lies under it


def may_grow(shape: TextShape) -> bool:
    """Whether a designer's answers apply: a title placeholder (which a master may make too small) whose layout
    lets it change (a `min_size`; without one its size and box are the layout's to keep)."""
    return is_title(shape) and shape.min_size is not None


def answers(
    slide: SlideSpec, index: int, shape: TextShape, spec: PlaceholderSpec | None, master: Master
) -> list[tuple[TextShape, str]]:
    """What a designer would try, in order, for a title that does not fit its master's box: the box grown into
    the free room under it at the layout's size, then its text set smaller, down to TITLE_FLOOR; each with how
    the overflow message describes it."""
    box = shape.box or (spec.box if spec is not None else None)
    if box is None:
        return []
    out = []
    x, y, w, h = box
    limit = free_below(slide, index, box, master)
    grown = (x, y, w, limit - y) if limit - y > h + 1 else None
    if grown is not None:
        out.append(
            (replace(shape, box=grown), f"grown into the free room under it, to {grown[3]:.0f} pt")
        )
    if shape.min_size is not None and shape.min_size > TITLE_FLOOR:
        smaller = replace(shape, box=grown or shape.box, min_size=TITLE_FLOOR)
        out.append((smaller, f"set down to the {TITLE_FLOOR:g} pt floor for titles"))
    return out


def free_below(slide: SlideSpec, index: int, box: Box, master: Master) -> float:
    """How far down a box may grow: to the top of the first thing under it (another shape of the slide, a
    placeholder it fills, the layout's footer, a band the master draws) that it would run into, less a gap;
    else the slide's foot."""
    x, y, w, h = box
    layout = master.layouts.get(slide.master)
    others = [b for j, b in _boxes(slide, master) if j != index]
    if layout is not None:
        others += [*layout.furniture, *(band.box for band in layout.bands)]
    limit = master.size[1] - GAP
    for ox, oy, ow, _ in others:
        if oy >= y + h - 1 and ox < x + w and ox + ow > x:
            limit = min(limit, oy - GAP)
    return limit


def _boxes(slide: SlideSpec, master: Master) -> list[tuple[int, Box]]:
    """Each shape's box on the slide (a placeholder's from the master where it has none of its own)."""
    layout = master.layouts.get(slide.master)
    placeholders = layout.placeholders if layout is not None else ()
    roles = [s.role if isinstance(s, Placeholder) else None for s in slide.shapes]
    out = []
    for j, (shape, slot) in enumerate(
        zip(slide.shapes, assign_placeholders(roles, placeholders), strict=True)
    ):
        box = shape.box or (placeholders[slot].box if slot is not None else None)
        if box is not None:
            out.append((j, box))
    return out
