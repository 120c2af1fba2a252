"""A table drawn as SVG from its spec: the model's widths, heights and wrapped cells, in the deck's table style."""

from __future__ import annotations

from html import escape

from generator.model.shapes import Table
from generator.model.tables import LINE, MARGIN_X, MARGIN_Y, TableSpec, WidthOf, wrap
from generator.preview.colors import Palette, tint
from generator.preview.fontfaces import Style

BORDER = 1.0  # points: the style's white rules between cells


def draw_table(
    shape: Table, palette: Palette, font: str, width_of: WidthOf, unseen: list[str]
) -> str:
    """The table at its box: a header row in the accent, then rows banded in its tints."""
    spec = shape.spec
    if spec is None or shape.box is None or not shape.widths or not shape.heights:
        unseen.append(f"the table '{shape.name}' has no data to draw")
        return ""
    size = shape.size or 18.0
    accent = palette.resolve("accent1") or "#000000"
    fills = (accent, tint(accent, 0.4), tint(accent, 0.2))
    x0, y = shape.box[0], shape.box[1]
    out = []
    for n, (row, height) in enumerate(zip((spec.header, *spec.rows), shape.heights, strict=True)):
        fill = fills[min(n, 2 - n % 2)]  # the header, then bands in turn
        color = palette.resolve(_text_colour(spec, n))
        x = x0
        for c, (text, width) in enumerate(zip(row, shape.widths, strict=True)):
            out.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" '
                f'fill="{fill}" stroke="{palette.resolve("bg1")}" stroke-width="{BORDER:g}"/>'
            )
            cell = (x, y, width, height)
            lines = wrap(text, width - 2 * MARGIN_X, size, width_of, n == 0)
            out += _cell(
                lines,
                cell,
                size,
                Style(font, "bold" if n == 0 else "normal", "normal"),
                color,
                spec.is_numeric(c),
            )
            x += width
        y += height
    return f'<g class="table" data-name="{escape(shape.name, quote=True)}">{"".join(out)}</g>'


def _text_colour(spec: TableSpec, row: int) -> str:
    """A row's text colour: the style's bg1 on the header's accent (or the colour the model chose where that
    would not read, as the deck writes it), tx1 on the bands."""
    if row:
        return "tx1"
    return spec.header_color or "bg1"


def _cell(
    lines: list[str],
    cell: tuple[float, float, float, float],
    size: float,
    style: Style,
    color: str | None,
    right: bool,
) -> list[str]:
    """A cell's lines, centred top to bottom, left (or, for numbers, right) aligned."""
    x, y, width, height = cell
    block = len(lines) * LINE * size
    top = y + MARGIN_Y + (height - 2 * MARGIN_Y - block) / 2
    across = x + width - MARGIN_X if right else x + MARGIN_X
    anchor = ' text-anchor="end"' if right else ""
    return [
        f'<text x="{across:.2f}" y="{top + k * LINE * size + size:.2f}" font-size="{size:g}" '
        f'{style.attributes()} fill="{color}"{anchor}>{escape(line, quote=False)}</text>'
        for k, line in enumerate(lines)
        if line
    ]
