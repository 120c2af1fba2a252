"""Where a text box's lines lie on the slide, as fitting set them: the box its text takes within its shape."""

from __future__ import annotations

from generator.model.fitting import SetText
from generator.model.linebreak import line_units
from generator.model.shapes import Geometry

Box = tuple[float, float, float, float]


def anchor_of(shape: Geometry) -> str:
    """Where a drawn shape's text sits up and down: as it says, else a text box's at its top and another
    shape's (a chevron, a circle) in its middle, as the writer makes them."""
    return shape.anchor or ("top" if shape.preset == "textbox" else "middle")


def align_of(shape: Geometry, paragraph: int) -> str:
    """How a drawn shape's paragraph is aligned: as it says, else left in a text box; another shape's first
    paragraph is centred, as the writer makes it."""
    if shape.align:
        return shape.align
    return "center" if shape.preset != "textbox" and paragraph == 0 else "left"


def text_extent(shape: Geometry, text: SetText) -> Box:
    """The box a drawn shape's text takes on the slide (x, y, width, height in points): from the left of its
    leftmost line to the right of its widest, from its first line's top to its last line's foot."""
    height = sum(p.before + len(p.lines) * p.pitch for p in text.paragraphs)
    room = text.area.height - height
    y = text.top + {"top": 0.0, "middle": room / 2, "bottom": room}.get(anchor_of(shape), 0.0)
    right_edge = text.left + text.area.width
    lefts, rights = [], []
    for n, para in enumerate(text.paragraphs):
        align = align_of(shape, n)
        for k, line in enumerate(para.lines):
            start = text.left + (para.first if k == 0 else para.rest)
            width = line_units(para.face, line.rstrip(" ")) * para.size / para.face.units
            if align == "center":
                left = (start + right_edge - width) / 2
            elif align == "right":
                left = right_edge - width
            else:
                left = start
            lefts.append(left)
            rights.append(left + width)
    if not lefts:
        return (text.left, y, 0.0, 0.0)
    return (min(lefts), y, max(rights) - min(lefts), height)
