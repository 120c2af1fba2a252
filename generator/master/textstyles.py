"""Text styles a master lacks, filled in from what it shows: a LibreOffice master's example paragraphs as styles."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from lxml import etree

from generator.master.backdrop import colour_of, contrast, line_room, worst
from generator.ooxml.names import NS, qn
from generator.ooxml.xml import element, set_shape_fill, sub_element

# LibreOffice saves a master's text formatting (sizes, colours, bullets and indents per level) only on the
# example paragraphs of its placeholders ("Click to edit the outline text format"), and writes no p:txStyles.
# PowerPoint, and LibreOffice reading the file back, inherit text formatting from list styles only, so every
# slide would come out in 18 pt black without bullets. Here, in the deck's copy of the master, those example
# paragraphs become the list styles they stand for: the master's title and body placeholders give its
# p:txStyles, each layout placeholder's own paragraph its a:lstStyle. A master with neither gets make-deck's
# own styles (those of templates/base.pptx: bullets • and – with hanging indents, titles 36 pt bold).

# paragraph properties of a level that a style may carry, in schema order (a:pPr's children)
_PPR_CHILDREN = (
    *("lnSpc", "spcBef", "spcAft", "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts", "buFontTx"),
    *("buFont", "buNone", "buAutoNum", "buChar", "buBlip", "tabLst", "defRPr", "extLst"),
)
# run properties that describe a style (not one run: no lang, no spelling marks)
_RUN_DROPPED = ("lang", "altLang", "dirty", "err", "noProof", "smtClean", "smtId", "bmk")
_TITLE_TYPES = ("title", "ctrTitle")
# make-deck's own styles, used where a master has neither styles nor examples (sizes in hundredths of a point)
_BULLETS = ("•", "–")
_DEFAULT_BODY_SIZES = (2400, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600)


def fill_in(master: etree._Element, layouts: list[etree._Element]) -> list[str]:
    """Give `master` (a p:sldMaster, changed in place) the text styles it lacks, and each layout's placeholders
    the list style their example paragraph shows; what was filled in, one line each."""
    styles = master.find("p:txStyles", NS)
    if styles is not None and _has(styles, "p:titleStyle") and _has(styles, "p:bodyStyle"):
        return []
    if styles is None:
        styles = sub_element(master, "p:txStyles")
        _place_styles(master, styles)
    filled = []
    for name, kinds in (("titleStyle", _TITLE_TYPES), ("bodyStyle", ("body", "obj"))):
        if _has(styles, f"p:{name}"):
            continue
        example = _master_placeholder(master, kinds)
        style = _from_example(example, name) if example is not None else None
        source = "its placeholder's example text"
        if style is None:
            style, source = _default(name), "make-deck's own"
        elif name == "bodyStyle" and _bulleted(style):
            source += ", with make-deck's bullet characters (its body text has none)"
        old = styles.find(f"p:{name}", NS)
        if old is not None:
            styles.remove(old)
        styles.insert(0 if name == "titleStyle" else len(styles.findall("p:titleStyle", NS)), style)
        filled.append(f"{'title' if name == 'titleStyle' else 'body text'} style: {source}")
    for layout in layouts:
        for sp in layout.iterfind("p:cSld/p:spTree/p:sp", NS):
            _layout_placeholder(sp)
    return filled


def _has(styles: etree._Element, path: str) -> bool:
    style = styles.find(path, NS)
    return style is not None and style.find("a:lvl1pPr", NS) is not None


def _place_styles(master: etree._Element, styles: etree._Element) -> None:
    """p:txStyles after p:hf / p:timing / p:transition / p:sldLayoutIdLst / p:clrMap, before p:extLst."""
    ext = master.find("p:extLst", NS)
    if ext is not None:
        ext.addprevious(styles)


def _master_placeholder(master: etree._Element, kinds: tuple[str, ...]) -> etree._Element | None:
    for sp in master.iterfind("p:cSld/p:spTree/p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None and ph.get("type", "obj") in kinds:
            return sp
    return None


def _from_example(sp: etree._Element, name: str) -> etree._Element | None:
    """A p:titleStyle or p:bodyStyle made from a placeholder's example paragraphs: the paragraph at each
    outline level (its a:pPr and its first run's properties) gives that level's style."""
    style = etree.Element(qn(f"p:{name}"))
    levels: dict[int, etree._Element] = {}
    for p in sp.iterfind("p:txBody/a:p", NS):
        ppr = p.find("a:pPr", NS)
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        if level in levels or not 0 <= level <= 8:
            continue
        made = _level(p, level)
        if made is not None:
            levels[level] = made
    if 0 not in levels:
        return None
    for level in sorted(levels):
        style.append(levels[level])
    return style


def _level(p: etree._Element, level: int) -> etree._Element | None:
    """One a:lvlNpPr from an example paragraph; None when the paragraph says nothing of its run's look."""
    run = p.find("a:r/a:rPr", NS)
    if run is None:
        run = p.find("a:endParaRPr", NS)
    if run is None:
        return None
    out = etree.Element(qn(f"a:lvl{level + 1}pPr"))
    ppr = p.find("a:pPr", NS)
    if ppr is not None:
        for key, value in ppr.attrib.items():
            if key != "lvl":
                out.set(key, value)
    children = {etree.QName(c).localname: c for c in (ppr if ppr is not None else ())}
    children["defRPr"] = _def_rpr(run)
    for name in _PPR_CHILDREN:
        if name in children:
            out.append(copy.deepcopy(children[name]) if name != "defRPr" else children[name])
    return out


def _def_rpr(run: etree._Element) -> etree._Element:
    out = element("a:defRPr")
    for key, value in run.attrib.items():
        if key not in _RUN_DROPPED:
            out.set(key, value)
    for child in run:
        if etree.QName(child).localname not in ("hlinkClick", "hlinkMouseOver", "rtl"):
            out.append(copy.deepcopy(child))
    return out


def _bulleted(style: etree._Element) -> bool:
    """Bullet characters (and a hanging indent, left aligned) on the levels of a body style that have none:
    a list that shows no bullets reads as one block of text. Whether any level was changed."""
    changed = False
    for n, level in enumerate(style.iterfind("*")):
        if any(level.find(f"a:{b}", NS) is not None for b in ("buChar", "buAutoNum", "buBlip")):
            continue
        for old in level.findall("a:buNone", NS):
            level.remove(old)
        level.set("marL", str(279400 + 304800 * n))
        level.set("indent", "-279400")
        level.set("algn", "l")
        found = (level.find(f"a:{tag}", NS) for tag in ("tabLst", "defRPr", "extLst"))
        anchor = next((element for element in found if element is not None), None)
        font = element("a:buFont", typeface="Arial")
        char = element("a:buChar", char=_BULLETS[n % 2])
        if anchor is not None:
            anchor.addprevious(font)
            anchor.addprevious(char)
        else:
            level.extend([font, char])
        changed = True
    return changed


def readable_furniture(
    master: etree._Element,
    colours: dict[str, str],
    grounds: Callable[[tuple], tuple[str, ...]],
    layouts: Sequence[etree._Element] = (),
) -> list[str]:
    """The slide master's date, footer and slide number (placeholders, or a shape of its own showing a slide
    number or date field) in the theme's dark or light text colour where the master's own colour would not
    read (4.5:1) on what lies behind them where their alignment sets them (`grounds` gives the colours behind
    a box in points, () when they cannot be told); where neither reads on all of them (a picture of trees),
    on a plate of bg1, which `layouts` with a background of their own keep their own footers off; what was
    changed."""
    changed = []
    boxes: dict[str, tuple] = {}
    for sp in master.iterfind("p:cSld/p:spTree/p:sp", NS):
        kind, box = _furniture_kind(sp), _box(sp)
        if not kind or box is None:
            continue
        boxes[kind] = box
        behind, own = grounds(_text_room(sp, box)), _furniture_colour(sp, colours)
        if not behind or not own or worst(own, behind) >= 4.5:
            continue
        best = _recoloured(sp, own, behind, colours)
        if best:
            changed.append(f"{kind} text colour: {best} (the master's does not read on its ground)")
            continue
        plate = colours.get("bg1", "")
        set_shape_fill(sp.find("p:spPr", NS), "bg1")
        if plate and contrast(own, plate) < 4.5:
            _set_colour(sp, "tx1")
        changed.append(
            f"{kind}: on a plate of bg1 (no text colour reads on all of what lies behind it)"
        )
        for layout in layouts:
            _unplated(layout)
    for layout in layouts:
        changed += _readable_on_layout(layout, boxes, colours, grounds)
    return changed


def _recoloured(
    sp: etree._Element, own: str, behind: tuple[str, ...], colours: dict[str, str]
) -> str:
    """The shape's text set in tx1 or bg1, whichever reads on all of `behind`: that colour's name; "" (and the
    shape unchanged) where neither does."""
    best = max(("tx1", "bg1"), key=lambda c: worst(colours.get(c, own), behind))
    if worst(colours.get(best, own), behind) < 4.5:
        return ""
    _set_colour(sp, best)
    return best


def _readable_on_layout(
    layout: etree._Element,
    boxes: dict[str, tuple],
    colours: dict[str, str],
    grounds: Callable[[tuple], tuple[str, ...]],
) -> list[str]:
    """A layout that shows the master's ground and sets its own colour for its date, footer or slide number
    (python-pptx's layouts do): that colour in tx1 or bg1 where it does not read there (a master made dark)."""
    if layout.find("p:cSld/p:bg", NS) is not None:
        return []  # its own background: its colours were chosen for it
    changed = []
    for sp in layout.iterfind("p:cSld/p:spTree/p:sp", NS):
        kind = _furniture_kind(sp)
        box = _box(sp) or boxes.get(kind)
        own = _furniture_colour(sp, colours)
        if not kind or box is None or not own:
            continue
        behind = grounds(_text_room(sp, box))
        if not behind or worst(own, behind) >= 4.5:
            continue
        best = _recoloured(sp, own, behind, colours)
        if best:
            changed.append(f"{kind} text colour on a layout: {best} (its own does not read there)")
    return changed


def _unplated(layout: etree._Element) -> None:
    """A layout with a background of its own (a dark title slide) keeps its date, footer and slide number
    off the plate its master's have: an explicit no fill on its own placeholders for them, as its colours were
    chosen for its own background."""
    if layout.find("p:cSld/p:bg", NS) is None:
        return
    for sp in layout.iterfind("p:cSld/p:spTree/p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        props = sp.find("p:spPr", NS)
        if ph is not None and ph.get("type") in ("dt", "ftr", "sldNum") and props is not None:
            set_shape_fill(props, None)


def _set_colour(sp: etree._Element, colour: str) -> None:
    """A furniture shape's text in a theme colour: its runs and its level-1 defaults."""
    for fill_holder in [*sp.iter(qn("a:rPr")), *sp.iter(qn("a:endParaRPr")), _lvl1(sp)]:
        _set_fill(fill_holder, colour)


def _furniture_kind(sp: etree._Element) -> str:
    """What a shape of the slide master shows on every slide: its date, footer or slide number placeholder's
    type, or for a shape of its own whose text is a slide number or date field, that field; "" for others."""
    ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
    if ph is not None:
        return ph.get("type", "") if ph.get("type") in ("dt", "ftr", "sldNum") else ""
    fields = [f.get("type", "") for f in sp.iterfind("p:txBody/a:p/a:fld", NS)]
    shown = [f for f in fields if f == "slidenum" or f.startswith("datetime")]
    return f"{shown[0]} field" if shown else ""


def _text_room(sp: etree._Element, box: tuple) -> tuple:
    """Where in its box a furniture's short text sits: the middle third of its height, and of its width the
    third its alignment puts it in (a number set right on a bar at the slide's edge lies on the bar)."""
    found = sp.find("p:txBody/a:p/a:pPr", NS)
    align = found.get("algn") if found is not None else None
    if align is None:
        style = sp.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
        align = style.get("algn", "l") if style is not None else "l"
    return line_room(box, align)


def _box(sp: etree._Element) -> tuple | None:
    off, ext = sp.find("p:spPr/a:xfrm/a:off", NS), sp.find("p:spPr/a:xfrm/a:ext", NS)
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    return tuple(int(v) / 12700 for v in values)


def _furniture_colour(sp: etree._Element, colours: dict[str, str]) -> str:
    for path in ("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/a:solidFill", ".//a:rPr/a:solidFill"):
        fill = sp.find(path, NS)
        if fill is not None and len(fill):
            return colour_of(fill[0], colours)
    return ""


def _lvl1(sp: etree._Element) -> etree._Element:
    """The placeholder's level-1 run defaults (a:lstStyle/a:lvl1pPr/a:defRPr), made where missing."""
    body = sp.find("p:txBody", NS)
    lst = body.find("a:lstStyle", NS)
    if lst is None:
        lst = element("a:lstStyle")
        body.find("a:bodyPr", NS).addnext(lst)
    lvl = lst.find("a:lvl1pPr", NS)
    if lvl is None:
        lvl = sub_element(lst, "a:lvl1pPr")
    rpr = lvl.find("a:defRPr", NS)
    if rpr is None:
        rpr = sub_element(lvl, "a:defRPr")
    return rpr


def _set_fill(rpr: etree._Element, colour: str) -> None:
    """A run's fill replaced by a theme colour (first among its children, where the schema puts it)."""
    for old in rpr.findall("a:solidFill", NS):
        rpr.remove(old)
    fill = element("a:solidFill")
    sub_element(fill, "a:schemeClr", val=colour)
    lines = [c for c in rpr if etree.QName(c).localname == "ln"]
    if lines:
        lines[-1].addnext(fill)
    else:
        rpr.insert(0, fill)


def _layout_placeholder(sp: etree._Element) -> None:
    """A layout's title or subtitle placeholder without a list style of its own gets the one its example
    paragraph shows (a title slide's centred title). Not a body placeholder: LibreOffice writes its paragraph
    without a bullet whatever its master's outline style says, and the master's style is the one it means."""
    ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
    if ph is None or ph.get("type", "obj") not in (*_TITLE_TYPES, "subTitle"):
        return
    body = sp.find("p:txBody", NS)
    if body is None:
        return
    lst = body.find("a:lstStyle", NS)
    if lst is not None and len(lst):
        return
    first = body.find("a:p", NS)
    made = _level(first, 0) if first is not None else None
    if made is None:
        return
    if lst is None:
        lst = element("a:lstStyle")
        body_pr = body.find("a:bodyPr", NS)
        if body_pr is not None:
            body_pr.addnext(lst)
        else:
            body.insert(0, lst)
    lst.append(made)


def _default(name: str) -> etree._Element:
    """make-deck's own title or body style, as templates/base.pptx has it."""
    style = etree.Element(qn(f"p:{name}"))
    if name == "titleStyle":
        lvl = sub_element(style, "a:lvl1pPr", marL="0", indent="0", algn="l")
        _spacing(lvl, 90000, 0)
        sub_element(lvl, "a:buNone")
        _run(lvl, 3600, "+mj-lt", "tx2", bold=True)
        return style
    for n, size in enumerate(_DEFAULT_BODY_SIZES):
        lvl = etree.SubElement(
            style,
            qn(f"a:lvl{n + 1}pPr"),
            marL=str(279400 + 304800 * n),
            indent="-279400",
            algn="l",
        )
        _spacing(lvl, 100000, 1200 if n == 0 else 600)
        colour = sub_element(lvl, "a:buClr")
        sub_element(colour, "a:schemeClr", val="accent1")
        sub_element(lvl, "a:buFont", typeface="Arial")
        sub_element(lvl, "a:buChar", char=_BULLETS[n % 2])
        _run(lvl, size, "+mn-lt", "tx1")
    return style


def _spacing(lvl: etree._Element, line: int, before: int) -> None:
    etree.SubElement(sub_element(lvl, "a:lnSpc"), qn("a:spcPct"), val=str(line))
    etree.SubElement(sub_element(lvl, "a:spcBef"), qn("a:spcPts"), val=str(before))


def _run(lvl: etree._Element, size: int, face: str, colour: str, bold: bool = False) -> None:
    rpr = sub_element(lvl, "a:defRPr", sz=str(size), b="1" if bold else "0")
    fill = sub_element(rpr, "a:solidFill")
    sub_element(fill, "a:schemeClr", val=colour)
    sub_element(rpr, "a:latin", typeface=face)
