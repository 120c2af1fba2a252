"""One slide of the model drawn as SVG: the layout's art, then the slide's shapes, text where fitting set it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from generator.master.reader import Master, assign_placeholders
from generator.model.deck import DeckInfo, SlideSpec
from generator.model.figures import cell_width_of
from generator.model.fitting import SetParagraph, SetText, set_text
from generator.model.fonts import Face, load_face
from generator.model.shapes import (
    Chart,
    Freeform,
    Geometry,
    MapArea,
    Picture,
    Placeholder,
    Shape,
    Table,
)
from generator.preview.charts import draw_chart
from generator.preview.colors import Palette
from generator.preview.fontfaces import family_of, style_of
from generator.preview.geometry import known, preset_path
from generator.preview.masterlook import Art, Furniture, LayoutLook, TextLook, master_look
from generator.preview.tables import draw_table

# a picture's address on the page, or None when a browser cannot show its kind
PictureLink = Callable[[Path], str | None]


@dataclass(frozen=True)
class Drawing:
    """A slide as SVG, and what of it the preview does not draw as the deck shows it."""

    svg: str
    unseen: tuple[str, ...]


def draw_slide(slide: SlideSpec, master: Master, meta: DeckInfo, picture: PictureLink) -> Drawing:
    """The slide at the master's size, in points: what the deck shows, drawn from the model."""
    look = master_look(master)
    layout = look.layouts[slide.master]
    width, height = master.size
    unseen: list[str] = list(layout.unseen)
    background = look.palette.resolve(slide.background) or layout.background
    parts = [f'<rect width="{width:g}" height="{height:g}" fill="{background}"/>']
    parts += [_art(art) for art in layout.art]
    texts = set_text(slide, master)
    figures = _Figures(master, meta.language)
    for i, shape, look_of in _stacked(slide, master, layout):
        text = texts.get(i)
        parts.append(
            _shape(shape, i, text, look_of, layout, look.palette, picture, figures, unseen)
        )
    if (meta.footer or meta.slide_numbers) and not master.layouts[slide.master].title_slide:
        parts += _furniture(layout, meta, slide, master.minor_font, look.palette)
    label = escape(f"Slide {slide.number}", quote=True)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'class="slide-art" role="img" aria-label="{label}" xml:space="preserve">'
        + "".join(parts)
        + "</svg>"
    )
    return Drawing(svg, tuple(dict.fromkeys(unseen)))


def _stacked(
    slide: SlideSpec, master: Master, layout: LayoutLook
) -> list[tuple[int, Shape, TextLook | None]]:
    """The slide's shapes bottom to top as the deck stacks them: the placeholders a shape fills, in the
    layout's order, then the shapes drawn, in the model's; each with the look its text takes (None for a
    drawn shape)."""
    placeholders = master.layouts[slide.master].placeholders
    roles = [s.role if isinstance(s, Placeholder) else None for s in slide.shapes]
    slots = assign_placeholders(roles, placeholders)
    filled = sorted((slot, i) for i, slot in enumerate(slots) if slot is not None)
    out = [(i, slide.shapes[i], layout.placeholders[slot]) for slot, i in filled]
    out += [(i, s, None) for i, s in enumerate(slide.shapes) if slots[i] is None]
    return out


class _Figures:
    """What charts and tables are drawn with: the master's body font, measured as the model measures it."""

    def __init__(self, master: Master, language: str) -> None:
        self.family = family_of(master.minor_font)
        self.width_of = cell_width_of(master)
        self.language = language

    def measure(self, text: str, size: float) -> float:
        return self.width_of(text, size, False)


def _shape(
    shape: Shape,
    index: int,
    text: SetText | None,
    look: TextLook | None,
    layout: LayoutLook,
    palette: Palette,
    picture: PictureLink,
    figures: _Figures,
    unseen: list[str],
) -> str:
    if isinstance(shape, Picture):
        return _picture(shape, picture, unseen)
    if isinstance(shape, Chart):
        return draw_chart(shape, palette, figures.family, figures.measure, figures.language, unseen)
    if isinstance(shape, Table):
        return draw_table(shape, palette, figures.family, figures.width_of, unseen)
    if isinstance(shape, MapArea):
        unseen.append(f"the map '{shape.name}' was not drawn")
        return ""
    placeholder = isinstance(shape, Placeholder)
    out = _plate(shape, palette) if placeholder else _outline(shape, palette, unseen)
    if text is not None:
        out += _text(shape, index, text, look or layout.shapes, look is None, palette)
    return out


def _plate(shape: Placeholder, palette: Palette) -> str:
    """A placeholder's plate behind its text, where it has one."""
    fill = palette.resolve(shape.fill)
    if shape.box is None or not fill:
        return ""
    return f'<path d="{preset_path("rect", shape.box)}" fill="{fill}"/>'


def _outline(shape: Geometry | Freeform, palette: Palette, unseen: list[str]) -> str:
    """A drawn shape's fill and outline: its preset geometry, or a freeform's rings."""
    if shape.box is None:
        return ""
    if isinstance(shape, Freeform):
        path = " ".join(
            "M" + " L".join(f"{x:.2f} {y:.2f}" for x, y in ring) + " Z"
            for ring in shape.path
            if ring
        )
    else:
        if not known(shape.preset):
            unseen.append(f"the shape '{shape.name}' ({shape.preset}) is drawn as a rectangle")
        path = preset_path(shape.preset if known(shape.preset) else "rect", shape.box)
    fill, line = palette.resolve(shape.fill), palette.resolve(shape.line)
    if not path or (fill is None and line is None):
        return ""
    stroke = f' stroke="{line}" stroke-width="{shape.line_width or 1:g}"' if line else ""
    flip = ""
    if isinstance(shape, Geometry) and shape.flip:
        x, _, w, _ = shape.box
        flip = f' transform="matrix(-1 0 0 1 {2 * x + w:.2f} 0)"'
    return f'<path d="{path}" fill="{fill or "none"}" fill-rule="evenodd"{stroke}{flip}/>'


def _picture(shape: Picture, picture: PictureLink, unseen: list[str]) -> str:
    href = picture(shape.image)
    if href is None or shape.box is None:
        unseen.append(
            f"the picture '{shape.name}' ({shape.image.suffix or 'no type'}) is not shown"
        )
        return ""
    x, y, w, h = shape.box
    return (
        f'<image href="{escape(href, quote=True)}" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" '
        f'height="{h:.2f}" preserveAspectRatio="xMidYMid meet"/>'
    )


def _art(art: Art) -> str:
    if art.preset == "picture":
        import base64

        data = base64.b64encode(art.image).decode()
        x, y, w, h = art.box
        return (
            f'<image href="data:{art.image_type};base64,{data}" x="{x:.2f}" y="{y:.2f}" '
            f'width="{w:.2f}" height="{h:.2f}" preserveAspectRatio="none"/>'
        )
    path = preset_path(art.preset if known(art.preset) else "rect", art.box)
    if not path or (art.fill is None and art.line is None):
        return ""
    stroke = f' stroke="{art.line}" stroke-width="{art.line_width:g}"' if art.line else ""
    return f'<path d="{path}" fill="{art.fill or "none"}"{stroke}/>'


def _text(
    shape: Placeholder | Geometry | Freeform,
    index: int,
    text: SetText,
    look: TextLook,
    drawn: bool,
    palette: Palette,
) -> str:
    """A shape's text, line by line where fitting broke it, placed by its anchor and alignment: a placeholder's
    by its layout's look, a text box's or drawn shape's (`drawn`) by the master's text style for them (its
    colour where the shape gives none, as PowerPoint and LibreOffice show it)."""
    anchor = shape.anchor or (_drawn_anchor(shape) if drawn else look.anchor)
    total = sum(p.before + len(p.lines) * pitch(p) for p in text.paragraphs)
    room = text.area.height - total
    y = text.top + {"top": 0.0, "middle": room / 2, "bottom": room}[anchor]
    lines = []
    for n, (para, model) in enumerate(zip(text.paragraphs, shape.paragraphs, strict=True)):
        y += para.before
        level = look.level(model.level)
        align = shape.align or level.align
        if drawn and shape.align is None and n == 0 and _autoshape(shape):
            align = "center"  # a drawn shape's first paragraph is centred, as the writer makes it
        color = palette.resolve(model.color or shape.color) or level.color
        lines += _paragraph(para, text, y, align, color, level.bullet, palette, look, model.level)
        y += len(para.lines) * pitch(para)
    return f'<g class="text" data-shape="{index}">{"".join(lines)}</g>'


def _drawn_anchor(shape: Shape) -> str:
    return "middle" if _autoshape(shape) else "top"


def _autoshape(shape: Shape) -> bool:
    """A drawn shape other than a text box: its text is centred both ways unless it says otherwise."""
    return isinstance(shape, Freeform) or (
        isinstance(shape, Geometry) and shape.preset != "textbox"
    )


def _paragraph(
    para: SetParagraph,
    text: SetText,
    top: float,
    align: str,
    color: str,
    bullet: str,
    palette: Palette,
    look: TextLook,
    level_number: int,
) -> list[str]:
    style = style_of(para.face).attributes()
    ascent = _ascent(para)
    out = []
    for k, line in enumerate(para.lines):
        start = text.left + (para.first if k == 0 else para.rest)
        x, anchor = _across(align, start, text.left + text.area.width)
        baseline = top + k * pitch(para) + ascent
        out.append(
            f'<text x="{x:.2f}" y="{baseline:.2f}" font-size="{para.size:g}" {style} '
            f'fill="{color}"{anchor}>{escape(line.rstrip(" "), quote=False)}</text>'
        )
    if para.bullet and para.lines:
        level = look.level(level_number)
        face = load_face(family_of(level.bullet_font or "Arial"))
        x = text.left + para.level.margin + para.level.indent
        size = para.size * level.bullet_scale
        out.insert(
            0,
            f'<text class="bullet" x="{x:.2f}" y="{top + ascent:.2f}" font-size="{size:g}" '
            f'{style_of(face).attributes()} fill="{level.bullet_color or color}">'
            f"{escape(bullet, quote=False)}</text>",
        )
    return out


def _across(align: str, left: float, right: float) -> tuple[float, str]:
    if align == "center":
        return (left + right) / 2, ' text-anchor="middle"'
    if align == "right":
        return right, ' text-anchor="end"'
    return left, ""


# LibreOffice sets a single line of any face 1.2 times its size high, its baseline one size below the line's top
# (font-independent line spacing, as PowerPoint sets lines); fitting measures with each face's own line height.
LINE, ASCENT = 1.2, 1.0


def pitch(para: SetParagraph) -> float:
    """Points from one line of the paragraph to the next, as the deck's renderers set them."""
    return para.level.line_points or LINE * para.size * para.level.line_spacing


def _ascent(para: SetParagraph) -> float:
    """Where a line's baseline sits below its top: proportional spacing under 100 % takes its room from the
    ascent (to 4/5 of the reduced line at most), more adds it above."""
    height, room = LINE * para.size, pitch(para)
    if room < height:
        return min(ASCENT * para.size, 0.8 * room)
    return ASCENT * para.size + (room - height)


def _furniture(
    layout: LayoutLook, meta: DeckInfo, slide: SlideSpec, font: str, palette: Palette
) -> list[str]:
    """The footer and slide number, where the layout places them (the footer where the slide's own box and size
    put it, both in the slide's own colour for them where it has one, as the deck writes them)."""
    out = []
    for kind, value in (
        ("ftr", meta.footer),
        ("sldNum", str(slide.number) if meta.slide_numbers else ""),
    ):
        spot = layout.furniture.get(kind)
        if spot is not None and kind == "ftr":
            spot = replace(
                spot,
                box=slide.footer_box or spot.box,
                size=slide.footer_size or spot.size,
            )
        if spot is not None and value:
            ink = palette.resolve(slide.footer_color) if slide.footer_color else None
            out.append(_one_line(spot, value, load_face(family_of(font)), ink))
    return out


def _one_line(spot: Furniture, value: str, face: Face, ink: str | None = None) -> str:
    x, y, w, h = spot.box
    left, top, right, bottom = spot.inset
    level = spot.look.level(0)
    room = h - top - bottom - LINE * spot.size
    offset = {"top": 0.0, "middle": room / 2, "bottom": room}[spot.look.anchor]
    across, anchor = _across(level.align, x + left, x + w - right)
    baseline = y + top + offset + ASCENT * spot.size
    return (
        f'<text x="{across:.2f}" y="{baseline:.2f}" font-size="{spot.size:g}" '
        f'{style_of(face).attributes()} fill="{ink or level.color}"{anchor}>{escape(value, quote=False)}</text>'
    )
