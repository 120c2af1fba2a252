"""What a master shows and says beyond what a build reads: backgrounds, its own shapes, its text looks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from generator.master.reader import Master, MasterLayout
from generator.ooxml.names import EMU_PER_PT, NS, qn, rel_type
from generator.ooxml.xml import parse_xml
from generator.preview.colors import Palette

_TITLES = ("title", "ctrTitle", "vertTitle")
_ANCHORS = {"t": "top", "ctr": "middle", "b": "bottom"}
_ALIGNS = {"l": "left", "ctr": "center", "r": "right", "just": "justify", "dist": "justify"}
_LATENT = ("dt", "ftr", "sldNum")  # placeholders a new slide does not get


@dataclass(frozen=True)
class LevelLook:
    """How one outline level's text looks: alignment, colour, and its bullet."""

    align: str = "left"
    color: str = "#000000"
    bullet: str = "•"
    bullet_font: str = ""
    bullet_color: str | None = None  # None: the text's colour
    bullet_scale: float = 1.0


@dataclass(frozen=True)
class TextLook:
    """How a shape's text is placed and coloured: its anchor and its levels (1 to 9)."""

    anchor: str = "top"
    levels: tuple[LevelLook, ...] = (LevelLook(),)

    def level(self, n: int) -> LevelLook:
        return self.levels[min(max(n, 0), len(self.levels) - 1)]


@dataclass(frozen=True)
class Art:
    """A shape of the master or layout itself: its geometry, box in points, fill and outline, or a picture."""

    name: str
    preset: str
    box: tuple[float, float, float, float]
    fill: str | None = None
    line: str | None = None
    line_width: float = 0.75
    image: bytes = b""  # a picture's bytes
    image_type: str = ""  # its content type


@dataclass(frozen=True)
class Furniture:
    """A footer or slide number placeholder: its box and how its text looks."""

    box: tuple[float, float, float, float]
    inset: tuple[float, float, float, float]
    size: float
    look: TextLook


@dataclass(frozen=True)
class LayoutLook:
    """What a slide of one layout shows before its own shapes, and how its placeholders set text."""

    background: str
    art: tuple[Art, ...]
    placeholders: tuple[TextLook, ...]  # by the index of the layout's PlaceholderSpec
    furniture: Mapping[str, Furniture]
    unseen: tuple[str, ...] = ()  # what the preview does not draw of it
    shapes: TextLook = field(default_factory=TextLook)  # text boxes and drawn shapes


@dataclass(frozen=True)
class MasterLook:
    """The looks of a master's layouts, and its palette."""

    palette: Palette
    layouts: Mapping[str, LayoutLook]


def _look(master: Master) -> MasterLook:
    parts = master.parts
    first = next((p for p in parts if p.startswith("/ppt/slideMasters/")), None)
    root = parse_xml(parts[first].blob) if first else None
    mapping = dict(root.find("p:clrMap", NS).attrib) if root is not None else {}
    palette = Palette(master.theme_colors, mapping)
    presentation = parse_xml(parts[master.presentation].blob)
    defaults = presentation.find("p:defaultTextStyle", NS)
    layouts = {
        name: _layout_look(master, layout, palette, defaults)
        for name, layout in master.layouts.items()
    }
    return MasterLook(palette, layouts)


_looks: dict[tuple[str, str], MasterLook] = {}


def master_look(master: Master) -> MasterLook:
    """The master's looks, read once per process for the same master."""
    key = (master.path, master.digest)
    if key not in _looks:
        _looks[key] = _look(master)
    return _looks[key]


@dataclass(frozen=True)
class _Chain:
    """The layout, its slide master, and the presentation's defaults: where a layout's text looks come from."""

    layout: etree._Element
    master: etree._Element
    master_name: str
    defaults: etree._Element | None


def _layout_look(
    master: Master, layout: MasterLayout, palette: Palette, defaults: etree._Element | None
) -> LayoutLook:
    part = master.parts[layout.part]
    master_part = next(r.target for r in part.rels if r.type == rel_type("slideMaster"))
    chain = _Chain(
        parse_xml(part.blob), parse_xml(master.parts[master_part].blob), master_part, defaults
    )
    unseen: list[str] = []
    background = _background(chain, palette, master, unseen)
    art = tuple(_art(chain, master, layout.part, palette, unseen))
    slide = parse_xml(layout.empty_slide)
    looks = tuple(
        _placeholder_look(chain, ph.get("type", "obj"), ph.get("idx"), palette)
        for ph in sorted(_slide_phs(slide), key=lambda ph: int(ph.get("idx", "0")))
    )
    other = chain.master.find("p:txStyles/p:otherStyle", NS)
    shapes = TextLook("top", _levels([other, defaults], palette))
    return LayoutLook(
        background,
        art,
        looks,
        _furniture(chain, palette),
        tuple(unseen),
        shapes,
    )


def _slide_phs(root: etree._Element) -> list[etree._Element]:
    return root.findall("p:cSld/p:spTree/*/*/p:nvPr/p:ph", NS)


def _background(chain: _Chain, palette: Palette, master: Master, unseen: list[str]) -> str:
    """The layout's background colour, else its master's; a fill other than a solid colour is drawn as
    its first colour and said so."""
    for root in (chain.layout, chain.master):
        bg = root.find("p:cSld/p:bg", NS)
        if bg is None:
            continue
        fill = bg.find("p:bgPr/*", NS)
        if fill is None:  # a reference into the theme's background fills, in a colour
            ref = bg.find("p:bgRef", NS)
            return palette.of(ref) or "#ffffff"
        if etree.QName(fill).localname != "solidFill":
            unseen.append(f"the background ({etree.QName(fill).localname}) is drawn in one colour")
        return palette.of(fill) or "#ffffff"
    return "#ffffff"


def _art(
    chain: _Chain, master: Master, layout_part: str, palette: Palette, unseen: list[str]
) -> Iterator[Art]:
    """The master's own shapes (unless the layout hides them), then the layout's."""
    show = chain.layout.find("p:cSld", NS) is not None and chain.layout.get("showMasterSp") != "0"
    sources = [(chain.master, chain.master_name)] if show else []
    sources.append((chain.layout, layout_part))
    for root, name in sources:
        tree = root.find("p:cSld/p:spTree", NS)
        for element in tree if tree is not None else ():
            kind = etree.QName(element).localname
            if kind in ("nvGrpSpPr", "grpSpPr", "extLst") or _is_placeholder(element):
                continue
            found = _art_of(element, kind, master, name, palette)
            if found is None:
                label = _name(element) or kind
                unseen.append(f"the master's shape '{label}' ({kind}) is not drawn")
            else:
                yield found


def _is_placeholder(element: etree._Element) -> bool:
    return element.find("*/p:nvPr/p:ph", NS) is not None


def _name(element: etree._Element) -> str:
    c_nv_pr = element.find("*/p:cNvPr", NS)
    return c_nv_pr.get("name", "") if c_nv_pr is not None else ""


def _box(xfrm: etree._Element | None) -> tuple[float, float, float, float] | None:
    if xfrm is None or xfrm.find("a:off", NS) is None or xfrm.find("a:ext", NS) is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    return tuple(int(v or 0) / EMU_PER_PT for v in values)


def _art_of(
    element: etree._Element, kind: str, master: Master, part: str, palette: Palette
) -> Art | None:
    """A plain shape (preset geometry, solid or no fill, no text) or a picture; None for anything else."""
    box = _box(element.find("p:spPr/a:xfrm", NS))
    if box is None:
        return None
    if kind == "pic":
        return _picture(element, box, master, part)
    if kind != "sp" or "".join(element.itertext()).strip():
        return None
    geometry = element.find("p:spPr/a:prstGeom", NS)
    if geometry is None:
        return None
    sp_pr = element.find("p:spPr", NS)
    fill, line = _fill(sp_pr, element, palette, "fillRef"), None
    ln = sp_pr.find("a:ln", NS)
    if ln is not None and ln.find("a:solidFill", NS) is not None:
        line = palette.of(ln.find("a:solidFill", NS))
    elif ln is None and element.find("p:style/a:lnRef", NS) is not None:
        line = palette.of(element.find("p:style/a:lnRef", NS))
    width = int(ln.get("w", "9525")) / EMU_PER_PT if ln is not None else 0.75
    return Art(_name(element), geometry.get("prst", "rect"), box, fill, line, width)


def _fill(sp_pr: etree._Element, element: etree._Element, palette: Palette, ref: str) -> str | None:
    solid = sp_pr.find("a:solidFill", NS)
    if solid is not None:
        return palette.of(solid)
    if sp_pr.find("a:noFill", NS) is not None:
        return None
    style = element.find(f"p:style/a:{ref}", NS)
    return palette.of(style) if style is not None else None


def _picture(element: etree._Element, box, master: Master, part: str) -> Art | None:  # noqa: ANN001
    blip = element.find("p:blipFill/a:blip", NS)
    rid = blip.get(qn("r:embed")) if blip is not None else None
    target = next((r.target for r in master.parts[part].rels if r.rid == rid), None)
    image = master.parts.get(target) if target else None
    if image is None or image.content_type not in ("image/png", "image/jpeg", "image/gif"):
        return None
    return Art(_name(element), "picture", box, image=image.blob, image_type=image.content_type)


def _placeholder_look(chain: _Chain, kind: str, idx: str | None, palette: Palette) -> TextLook:
    """How the slide placeholder of `kind` and `idx` sets text: its layout placeholder, then the master's of
    its type, then the master's text styles, then the presentation's defaults."""
    own = _layout_placeholder(chain.layout, kind, idx)
    base = _master_placeholder(chain.master, kind)
    title = kind in _TITLES
    style = chain.master.find(
        "p:txStyles/" + ("p:titleStyle" if title else "p:bodyStyle"),
        NS,
    )
    lists = [_child(own, "p:txBody/a:lstStyle"), _child(base, "p:txBody/a:lstStyle"), style]
    anchor = _first_attr(
        [_child(own, "p:txBody/a:bodyPr"), _child(base, "p:txBody/a:bodyPr")], "anchor"
    )
    return TextLook(_ANCHORS.get(anchor or "t", "top"), _levels([*lists, chain.defaults], palette))


def _layout_placeholder(
    layout: etree._Element, kind: str, idx: str | None
) -> etree._Element | None:
    """The layout's placeholder a slide's inherits from: by idx, or the title by type."""
    for ph in _slide_phs(layout):
        same_idx = idx is not None and ph.get("idx") == idx
        same_type = ph.get("type", "obj") == kind and (kind in _TITLES or idx is None)
        if same_idx or same_type:
            return ph.getparent().getparent().getparent()
    return None


def _master_placeholder(master: etree._Element, kind: str) -> etree._Element | None:
    """The master's placeholder of the kind's family: its title, its body, or one of its own type."""
    family = kind if kind in _LATENT else "body"
    if kind in _TITLES:
        family = "title"
    for ph in _slide_phs(master):
        if ph.get("type", "obj") == family or (family == "body" and ph.get("type") == "obj"):
            return ph.getparent().getparent().getparent()
    return None


def _child(element: etree._Element | None, path: str) -> etree._Element | None:
    return element.find(path, NS) if element is not None else None


def _first_attr(elements: list[etree._Element | None], name: str) -> str | None:
    return next((e.get(name) for e in elements if e is not None and e.get(name)), None)


def _levels(lists: list[etree._Element | None], palette: Palette) -> tuple[LevelLook, ...]:
    """Each outline level's look: the first list style that says, property by property."""
    out = []
    for n in range(1, 10):
        pprs = [p for s in lists if s is not None and (p := s.find(f"a:lvl{n}pPr", NS)) is not None]
        out.append(_level(pprs, palette))
    return tuple(out)


def _level(pprs: list[etree._Element], palette: Palette) -> LevelLook:
    align = next((p.get("algn") for p in pprs if p.get("algn")), "l")
    color = next(
        (c for p in pprs if (c := palette.of(p.find("a:defRPr/a:solidFill", NS)))), "#000000"
    )
    char = next(
        (c.get("char", "•") for p in pprs if (c := p.find("a:buChar", NS)) is not None), "•"
    )
    font = next(
        (f.get("typeface", "") for p in pprs if (f := p.find("a:buFont", NS)) is not None), ""
    )
    bullet_color = next(
        (palette.of(c) for p in pprs if (c := p.find("a:buClr", NS)) is not None), None
    )
    scale = next(
        (
            int(s.get("val", "100000")) / 100000
            for p in pprs
            if (s := p.find("a:buSzPct", NS)) is not None
        ),
        1.0,
    )
    return LevelLook(_ALIGNS.get(align, "left"), color, char, font, bullet_color, scale)


def _furniture(chain: _Chain, palette: Palette) -> dict[str, Furniture]:
    """The layout's footer and slide number placeholders (or its master's), where a slide's are drawn."""
    out = {}
    for kind in ("ftr", "sldNum"):
        own = _typed(chain.layout, kind)
        base = _typed(chain.master, kind)
        box = _box(_child(own, "p:spPr/a:xfrm")) or _box(_child(base, "p:spPr/a:xfrm"))
        if box is None:
            continue
        body_prs = [_child(own, "p:txBody/a:bodyPr"), _child(base, "p:txBody/a:bodyPr")]
        inset = tuple(
            int(_first_attr(body_prs, attr) or default) / EMU_PER_PT
            for attr, default in (
                ("lIns", 91440),
                ("tIns", 45720),
                ("rIns", 91440),
                ("bIns", 45720),
            )
        )
        lists = [_child(own, "p:txBody/a:lstStyle"), _child(base, "p:txBody/a:lstStyle")]
        other = chain.master.find("p:txStyles/p:otherStyle", NS)
        sizes = [s.find("a:lvl1pPr/a:defRPr", NS) for s in (*lists, other) if s is not None]
        size = next((int(s.get("sz")) / 100 for s in sizes if s is not None and s.get("sz")), 18.0)
        anchor = _ANCHORS.get(_first_attr(body_prs, "anchor") or "t", "top")
        look = TextLook(anchor, _levels([*lists, other, chain.defaults], palette))
        out[kind] = Furniture(box, inset, size, look)
    return out


def _typed(root: etree._Element, kind: str) -> etree._Element | None:
    for ph in _slide_phs(root):
        if ph.get("type") == kind:
            return ph.getparent().getparent().getparent()
    return None
