"""Slides as XML: each `SlideSpec` filled into a new slide of its master layout, with its notes page."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from generator.cache import memo
from generator.master.reader import MasterLayout, assign_placeholders
from generator.model.deck import SlideSpec
from generator.model.shapes import (
    Chart,
    Freeform,
    Geometry,
    Paragraph,
    Picture,
    Placeholder,
    Shape,
    Table,
    TextShape,
)
from generator.ooxml.names import NS, emu, qn
from generator.ooxml.xml import (
    child,
    declared,
    element,
    parse_xml,
    set_shape_fill,
    solid_fill,
    sub_element,
    xml_bytes,
)
from generator.writer.charts import graphic_frame
from generator.writer.provenance import add_to_slide
from generator.writer.tables import table_frame

A, P, R = NS["a"], NS["p"], NS["r"]  # declared in the XML of new shapes below
# a:bodyPr defaults, EMU
_INSETS = (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))
_ALIGN = {"left": "l", "center": "ctr", "right": "r", "justify": "just"}
_ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
_CONTENT = frozenset(
    qn(f"a:{tag}") for tag in ("r", "br", "fld")
)  # what clearing a paragraph removes
# Shape XML as python-pptx's add_textbox / add_shape make it (an auto shape without the p:style those get),
# parsed once: each shape starts as a copy.
_TEXTBOX = etree.fromstring(
    f'<p:sp xmlns:a="{A}" xmlns:p="{P}"><p:nvSpPr><p:cNvPr id="0" name=""/><p:cNvSpPr txBox="1"/><p:nvPr/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect">'
    '<a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr>'
    "<a:lstStyle/><a:p/></p:txBody></p:sp>"
)
_AUTOSHAPE = etree.fromstring(
    f'<p:sp xmlns:a="{A}" xmlns:p="{P}"><p:nvSpPr><p:cNvPr id="0" name=""/><p:cNvSpPr/><p:nvPr/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/>'
    '<a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>'
)
_PICTURE = etree.fromstring(
    f'<p:pic xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}"><p:nvPicPr><p:cNvPr id="0" name="" descr=""/>'
    '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill>'
    '<a:blip r:embed=""/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
)
# Geometries drawn with another preset: a line is a thin rectangle.
_PRESET = {"line": "rect"}
# Compiled once: a path given to find() or xpath() is read again at every call.
_PLACEHOLDERS = etree.XPath("p:cSld/p:spTree/*/*/p:nvPr/p:ph", namespaces=NS)
_IDS = etree.XPath("//@id")


@dataclass(frozen=True)
class Placed:
    """A picture or chart placed in the package: its relationship id from the slide, and a
    picture's native size in EMU (pixels at its dpi)."""

    rid: str
    width: int
    height: int


def slide_xml(
    spec: SlideSpec,
    layout: MasterLayout,
    lang: str,
    place: Callable[[Picture | Chart], Placed],
    tags: str = "",
) -> bytes:
    """The slide: the layout's placeholders filled (unused ones removed), shapes drawn in order,
    background set, its tags part (relationship id `tags`) named. `place` puts a picture's image
    (or a chart) in the package and says how to refer to it."""
    root = _new_tree(layout.empty_slide)
    tree = root.find("p:cSld/p:spTree", NS)
    slots = [sp for _, sp in _placeholders(root)]
    roles = [shape.role if isinstance(shape, Placeholder) else None for shape in spec.shapes]
    assigned = assign_placeholders(roles, layout.placeholders)
    ids = _ShapeIds(root)
    for shape, index in zip(spec.shapes, assigned, strict=True):
        if index is None:
            _append(tree, _drawn(shape, lang, ids.next(), place))
        else:
            _fill_placeholder(slots[index], shape, lang)
    for index, sp in enumerate(slots):
        if index not in assigned:
            sp.getparent().remove(sp)
    if spec.background:
        _background(root, spec.background)
    if tags:
        add_to_slide(root.find(qn("p:cSld")), tags)
    return xml_bytes(root)


class _ShapeIds:
    """Shape ids as python-pptx gives them: one more than the highest id on the slide so far."""

    def __init__(self, root: etree._Element) -> None:
        self.last = max((int(v) for v in _IDS(root) if v.isdigit()), default=0)

    def next(self) -> int:
        self.last += 1
        return self.last


def _drawn(
    shape: Shape, lang: str, shape_id: int, place: Callable[[Picture | Chart], Placed]
) -> etree._Element:
    """A shape the layout draws (not a placeholder it fills), as the element its kind is."""
    if isinstance(shape, Picture):
        return _picture(shape, place(shape), shape_id)
    if isinstance(shape, Chart):
        box = tuple(emu(v) for v in shape.box)
        return graphic_frame(place(shape).rid, shape_id, shape.name, shape.alt, box)
    if isinstance(shape, Table):
        return table_frame(
            shape.spec,
            shape.box,
            shape.size or 18.0,
            shape_id,
            shape.name,
            lang,
            widths=shape.widths,
            heights=shape.heights,
        )
    return _shape(shape, lang, shape_id)


def notes_xml(text: str, empty_notes: bytes, lang: str) -> bytes:
    """A notes page holding `text`, one paragraph per line, in the notes master's body placeholder."""
    root = _new_tree(empty_notes)
    body = next(sp for ph, sp in _placeholders(root) if ph.get("type", "obj") == "body")
    tx_body = _tx_body(body)
    first = child(tx_body, "a:p")
    for i, line in enumerate(text.split("\n")):
        p = first if i == 0 else sub_element(tx_body, "a:p")
        _add_run(p, line).set("lang", lang)
    return xml_bytes(root)


def _new_tree(empty: bytes) -> etree._Element:
    """A tree to fill from an empty slide or notes page: a copy of the one parsed for all of them."""
    return copy.deepcopy(_parsed(empty))


@memo("empty pages", 64)
def _parsed(empty: bytes) -> etree._Element:
    """An empty slide of a layout, or the empty notes page, parsed once per process; never changed
    (each slide fills a copy)."""
    return parse_xml(empty)


def _placeholders(root: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """Each placeholder of a slide or notes page, its p:ph and its shape, in idx order as
    python-pptx lists them."""
    found = [(ph, ph.getparent().getparent().getparent()) for ph in _PLACEHOLDERS(root)]
    return sorted(found, key=lambda pair: int(pair[0].get("idx", "0")))


def _append(tree: etree._Element, shape: etree._Element) -> None:
    """Add a shape at the top of the z-order: last in the tree, before its p:extLst if it has one."""
    _add_before(tree, shape, qn("p:extLst"))


def _add_before(parent: etree._Element, element: etree._Element, last: str) -> None:
    """Append `element` to `parent`, before its child `last` (which must stay last) if it has one."""
    end = next(parent.iterchildren(last), None)
    if end is None:
        parent.append(element)
    else:
        end.addprevious(element)


def _tx_body(sp: etree._Element) -> etree._Element:
    """The shape's p:txBody, added (empty, as python-pptx adds it) when missing."""
    tx_body = child(sp, "p:txBody")
    if tx_body is None:
        tx_body = sub_element(sp, "p:txBody")
        sub_element(tx_body, "a:bodyPr")
        sub_element(tx_body, "a:lstStyle")
        sub_element(tx_body, "a:p")
    return tx_body


def _fill_placeholder(sp: etree._Element, shape: Placeholder, lang: str) -> None:
    if shape.box:  # a placeholder moved or resized: its own a:xfrm, first in p:spPr
        sp_pr = child(sp, "p:spPr")
        xfrm = child(sp_pr, "a:xfrm")
        if xfrm is None:
            xfrm = element("a:xfrm")
            sp_pr.insert(0, xfrm)
        _set_box(xfrm, shape.box)
    if shape.fill and shape.fill != "none":
        set_shape_fill(child(sp, "p:spPr"), shape.fill)  # a plate behind its text
    _text(_tx_body(sp), shape, lang)


def _set_box(xfrm: etree._Element, box: tuple[float, float, float, float]) -> None:
    _set_xfrm(xfrm, *(emu(v) for v in box))


def _set_xfrm(xfrm: etree._Element, x: int, y: int, w: int, h: int) -> None:
    """Position and size (EMU) in an a:xfrm, its a:off and a:ext added when missing."""
    off = child(xfrm, "a:off")
    if off is None:
        off = element("a:off")
        xfrm.insert(0, off)
    off.set("x", str(x))
    off.set("y", str(y))
    ext = child(xfrm, "a:ext")
    if ext is None:
        ext = sub_element(xfrm, "a:ext")
    ext.set("cx", str(w))
    ext.set("cy", str(h))


def _shape(shape: TextShape, lang: str, shape_id: int) -> etree._Element:
    """A text box, preset shape or freeform with its name, box, fill, line and text; a placeholder
    the master layout lacks is drawn as a text box."""
    if isinstance(shape, Placeholder):
        shape = Geometry(name=shape.name, box=shape.box, fill=shape.fill, **_text_of(shape))
    textbox = isinstance(shape, Geometry) and shape.preset == "textbox"
    if textbox:
        sp = copy.deepcopy(_TEXTBOX)
    else:
        preset = "rect" if isinstance(shape, Freeform) else shape.preset
        sp = copy.deepcopy(_AUTOSHAPE)
        sp.find("p:spPr/a:prstGeom", NS).set("prst", _PRESET.get(preset, preset))
    c_nv_pr = sp.find("p:nvSpPr/p:cNvPr", NS)
    c_nv_pr.set("id", str(shape_id))
    c_nv_pr.set("name", shape.name)
    if shape.alt:
        c_nv_pr.set("descr", shape.alt)
    sp_pr = child(sp, "p:spPr")
    xfrm = child(sp_pr, "a:xfrm")
    _set_box(xfrm, shape.box)
    if isinstance(shape, Freeform):
        sp_pr.replace(child(sp_pr, "a:prstGeom"), _custom_geometry(shape))
    elif shape.flip:
        xfrm.set("flipH", "1")
    _outline(sp_pr, shape, textbox)
    if shape.paragraphs:
        _text(child(sp, "p:txBody"), shape, lang)
    return sp


def _outline(sp_pr: etree._Element, shape: Geometry | Freeform, textbox: bool) -> None:
    """The shape's fill and outline; a drawn shape without them says so (a text box has none)."""
    if shape.fill and shape.fill != "none":
        # a text box starts with one: a solid fill replaces it
        for fill in sp_pr.findall(qn("a:noFill")):
            sp_pr.remove(fill)
        _solid_fill(sp_pr, shape.fill)
    elif not textbox:
        sub_element(sp_pr, "a:noFill")
    if shape.line and shape.line != "none":
        ln = sub_element(sp_pr, "a:ln")
        _solid_fill(ln, shape.line)
        width = emu(shape.line_width or 1)
        if width != 0:  # python-pptx leaves a:ln/@w out at its default, 0
            ln.set("w", str(width))
    elif not textbox:
        sub_element(sub_element(sp_pr, "a:ln"), "a:noFill")


def _text_of(shape: Placeholder) -> dict[str, object]:
    """A placeholder's text and how it is set, for the text box drawn in its place."""
    keys = ("paragraphs", "size", "min_size", "bold", "italic", "color", "align", "anchor", "inset")
    return {key: getattr(shape, key) for key in keys}


def _custom_geometry(shape: Freeform) -> etree._Element:
    """A freeform's outline: every ring a closed subpath of one path, in hundredths of a point from the shape's top
    left (the path is scaled to the shape; a map's points are rounded to that already); its text rectangle where
    the shape says, else the whole shape."""
    x, y, w, h = shape.box
    width, height = _hundredths(w), _hundredths(h)
    geometry = element("a:custGeom")
    sub_element(geometry, "a:avLst")
    guides = sub_element(geometry, "a:gdLst")
    sub_element(geometry, "a:ahLst")
    sub_element(geometry, "a:cxnLst")
    rect = sub_element(geometry, "a:rect", l="l", t="t", r="r", b="b")
    # as fractions of the shape's size: LibreOffice reads no other form
    if shape.text_rect is not None:
        rx, ry, rw, rh = shape.text_rect
        for side, value, whole, size in (
            ("l", rx - x, "w", width),
            ("t", ry - y, "h", height),
            ("r", rx - x + rw, "w", width),
            ("b", ry - y + rh, "h", height),
        ):
            sub_element(
                guides,
                "a:gd",
                name=f"text{side.upper()}",
                fmla=f"*/ {whole} {_hundredths(value)} {size}",
            )
            rect.set(side, f"text{side.upper()}")
    path = sub_element(sub_element(geometry, "a:pathLst"), "a:path", w=str(width), h=str(height))
    for ring in shape.path or ():
        for n, (px, py) in enumerate(ring):
            step = sub_element(path, "a:lnTo" if n else "a:moveTo")
            sub_element(step, "a:pt", x=str(_hundredths(px - x)), y=str(_hundredths(py - y)))
        sub_element(path, "a:close")
    return geometry


def _hundredths(points: float) -> int:
    return max(round(points * 100), 0)


def _picture(shape: Picture, placed: Placed, shape_id: int) -> etree._Element:
    """A picture centred in its box at the largest size that keeps its aspect ratio, with alt text."""
    x, y, w, h = (emu(v) for v in shape.box)
    scale = min(w / placed.width, h / placed.height)
    width, height = int(placed.width * scale), int(placed.height * scale)
    pic = copy.deepcopy(_PICTURE)
    c_nv_pr = pic.find("p:nvPicPr/p:cNvPr", NS)
    c_nv_pr.set("id", str(shape_id))
    c_nv_pr.set("name", shape.name)
    c_nv_pr.set("descr", shape.alt)
    pic.find("p:blipFill/a:blip", NS).set(qn("r:embed"), placed.rid)
    _set_xfrm(
        pic.find("p:spPr/a:xfrm", NS), x + (w - width) // 2, y + (h - height) // 2, width, height
    )
    return pic


def _text(tx_body: etree._Element, shape: TextShape, lang: str) -> None:
    """Fill a text body: wrap on, insets and anchor as the shape says, one a:p per paragraph (the first keeps the
    paragraph properties the body had)."""
    body_pr = child(tx_body, "a:bodyPr")
    body_pr.set("wrap", "square")
    if shape.inset is not None:
        for (name, default), points in zip(_INSETS, shape.inset, strict=True):
            value = emu(points)
            if value == default:  # an attribute at its default is left out
                body_pr.attrib.pop(name, None)
            else:
                body_pr.set(name, str(value))
    if shape.anchor:
        body_pr.set("anchor", _ANCHOR[shape.anchor])
    existing = tx_body.findall(qn("a:p"))
    for p in existing[1:]:
        tx_body.remove(p)
    for i, para in enumerate(shape.paragraphs or (Paragraph(""),)):
        if i == 0:
            p = existing[0]
            for content in p.findall("*"):
                if content.tag in _CONTENT:
                    p.remove(content)
        else:
            p = sub_element(tx_body, "a:p")
        _paragraph(p, para, shape, lang)


def _paragraph(p: etree._Element, para: Paragraph, shape: TextShape, lang: str) -> None:
    if para.level:
        _ppr(p).set("lvl", str(para.level))
    if shape.align:
        _ppr(p).set("algn", _ALIGN[shape.align])
    if para.bullet is False:
        ppr = _ppr(p)
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        sub_element(ppr, "a:buNone")
    size = para.size or shape.size
    bold = para.bold if para.bold is not None else shape.bold
    italic = para.italic if para.italic is not None else shape.italic
    color = para.color or shape.color
    for j, text in enumerate(para.text.split("\v")):
        if j:
            _add_content(p, element("a:br"))
        r_pr = _add_run(p, text)
        if size:
            r_pr.set("sz", str(emu(size) // 127))
        if bold is not None:
            r_pr.set("b", "1" if bold else "0")
        if italic is not None:
            r_pr.set("i", "1" if italic else "0")
        if color:
            _solid_fill(r_pr, color)
        r_pr.set("lang", lang)
    end = child(p, "a:endParaRPr")
    if end is None:
        end = sub_element(p, "a:endParaRPr")
    end.set("lang", lang)
    if size:
        end.set("sz", str(int(size * 100)))


def _ppr(p: etree._Element) -> etree._Element:
    """The paragraph's a:pPr, added as its first child when missing."""
    ppr = child(p, "a:pPr")
    if ppr is None:
        ppr = element("a:pPr")
        p.insert(0, ppr)
    return ppr


def _add_content(p: etree._Element, element: etree._Element) -> None:
    """Append a run or break to a paragraph, before its a:endParaRPr if it has one."""
    _add_before(p, element, qn("a:endParaRPr"))


def _add_run(p: etree._Element, text: str) -> etree._Element:
    """Add `<a:r><a:rPr/><a:t>text</a:t></a:r>` to a paragraph; return the a:rPr."""
    r = element("a:r")
    r_pr = sub_element(r, "a:rPr")
    sub_element(r, "a:t").text = text
    _add_content(p, r)
    return r_pr


def _solid_fill(parent: etree._Element, value: str) -> None:
    """`<a:solidFill>` with an RGB (#RRGGBB) or theme colour, as the last child of `parent`."""
    parent.append(solid_fill(value))


def _background(root: etree._Element, color: str) -> None:
    """A solid background of `color` for the slide, replacing any it has."""
    c_sld = root.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = element("p:bg")
    bg_pr = sub_element(bg, "p:bgPr")
    _solid_fill(bg_pr, color)
    sub_element(bg_pr, "a:effectLst")
    c_sld.insert(0, bg)


# the field id when the layout's number has none
SLIDE_NUMBER_FIELD = "{B1C9E6A2-5D3F-4B8E-9C1A-7E2D4F6A8B0C}"


def furniture_of(sources: tuple[bytes, ...]) -> dict[str, etree._Element]:
    """The footer and slide number placeholders of a layout (its part first) or, where it has none, of its slide
    master (LibreOffice keeps them there), by type."""
    found: dict[str, etree._Element] = {}
    for source in sources:
        for sp in parse_xml(source).findall("p:cSld/p:spTree/p:sp", NS):
            ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
            if ph is not None and ph.get("type") in ("ftr", "sldNum"):
                found.setdefault(ph.get("type"), sp)
    return found


def furnished(
    slide: bytes,
    furniture: dict[str, etree._Element],
    footer: str,
    number: int | None,
    lang: str,
    fit: tuple[tuple[float, float, float, float] | None, float | None] = (None, None),
    colour: str | None = None,
) -> bytes:
    """The slide with its layout's footer and slide number placeholders (`furniture_of`) filled in, as
    PowerPoint's Header & Footer dialog fills them: the number a native field (`slidenum`), so it follows when
    slides are reordered; the footer in its own box and size where `fit` gives them (a slide's `footer_box`
    and `footer_size`), both in `colour` where it is given (its `footer_color`)."""
    root = parse_xml(slide)
    tree = root.find("p:cSld/p:spTree", NS)
    ids = _ShapeIds(root)
    for kind, value in (("ftr", footer or None), ("sldNum", number)):
        sp = furniture.get(kind)
        if sp is not None and value is not None:
            ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
            made = _furniture(sp, ph, value, lang, ids.next())
            if kind == "ftr":
                _refitted(made, *fit)
            if colour is not None:
                for r_pr in made.iterfind(".//a:rPr", NS):
                    r_pr.insert(
                        0, solid_fill(colour)
                    )  # before its typeface, where the schema puts it
            _append(tree, made)
    return xml_bytes(root)


def _refitted(
    sp: etree._Element, box: tuple[float, float, float, float] | None, size: float | None
) -> None:
    """A footer placeholder in its own box, its text at its own size (each where given)."""
    if box is not None:
        _set_box(sub_element(child(sp, "p:spPr"), "a:xfrm"), box)
    if size is not None:
        for r_pr in sp.iterfind(".//a:rPr", NS):
            r_pr.set("sz", str(round(size * 100)))


def _furniture(
    layout_sp: etree._Element, ph: etree._Element, value: str | int | None, lang: str, shape_id: int
) -> etree._Element:
    sp = element("p:sp", nsmap=declared("a", "p"))
    nv = sub_element(sp, "p:nvSpPr")
    name = layout_sp.find("p:nvSpPr/p:cNvPr", NS).get("name", "")
    sub_element(nv, "p:cNvPr", id=str(shape_id), name=name)
    sub_element(sub_element(nv, "p:cNvSpPr"), "a:spLocks", noGrp="1")
    sub_element(sub_element(nv, "p:nvPr"), "p:ph", **dict(ph.attrib))
    sub_element(sp, "p:spPr")
    body = sub_element(sp, "p:txBody")
    # a narrow footer box shrinks it
    sub_element(sub_element(body, "a:bodyPr"), "a:normAutofit")
    sub_element(body, "a:lstStyle")
    p = sub_element(body, "a:p")
    if isinstance(value, int):
        field = layout_sp.find(".//a:fld", NS)
        fld = sub_element(
            p,
            "a:fld",
            id=field.get("id") if field is not None else SLIDE_NUMBER_FIELD,
            type="slidenum",
        )
        r_pr = sub_element(fld, "a:rPr", lang=lang)
        sub_element(fld, "a:t").text = str(value)
    else:
        run = sub_element(p, "a:r")
        r_pr = sub_element(run, "a:rPr", lang=lang)
        sub_element(run, "a:t").text = value
    # LibreOffice does not take it from the layout
    sub_element(r_pr, "a:latin", typeface="+mn-lt")
    return sp
