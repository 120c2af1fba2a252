"""Build templates/base.pptx, the 16:9 master with the make-deck theme, from python-pptx's default."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Pt

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
A = "{" + NS["a"] + "}"
P = "{" + NS["p"] + "}"

# The palette: ink and navy for text, one teal accent, one warm accent, quiet greys.
COLORS = {
    "dk1": "1B2A38",
    "lt1": "FFFFFF",
    "dk2": "12355B",
    "lt2": "EEF2F5",
    "accent1": "1A7F8E",
    "accent2": "E0A33B",
    "accent3": "6C8EAD",
    "accent4": "3E9C6E",
    "accent5": "C8D3DC",
    "accent6": "B5483B",
    "hlink": "1A7F8E",
    "folHlink": "5E6B78",
}
FONT = "Calibri"
KEEP = ("Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only", "Blank")

# Geometry in points on the 960 x 540 slide: 60 pt side margins, a 840 pt wide column.
M, W = 60, 840
BOXES = {
    "master": {"title": (M, 36, W, 72), "body": (M, 136, W, 364)},
    "Title Slide": {"ctrTitle": (M, 140, W, 180), "subTitle": (M, 362, W, 96)},
    "Title and Content": {"title": (M, 36, W, 72), "body": (M, 136, W, 364)},
    "Section Header": {"title": (M, 96, W, 244), "body": (M, 362, W, 96)},
    "Two Content": {
        "title": (M, 36, W, 72),
        "body": (M, 136, 408, 364),
        "body2": (M + 432, 136, 408, 364),
    },
    "Title Only": {"title": (M, 36, W, 72)},
}
DARK = ("Title Slide", "Section Header")
BAR = {  # the accent bar: (x, y, w, h, colour)
    "Title Slide": (M, 338, 80, 6, "accent2"),
    "Section Header": (M, 350, 80, 6, "accent2"),
    "Title and Content": (M, 112, 56, 5, "accent1"),
    "Two Content": (M, 112, 56, 5, "accent1"),
    "Title Only": (M, 112, 56, 5, "accent1"),
}
# Date, footer and slide number on the bottom margin, under the body (which ends at 500 pt), on the column.
FOOTER_BOXES = {
    "dt": (M, 508, 200, 20),
    "ftr": (M + 220, 508, 400, 20),
    "sldNum": (M + W - 200, 508, 200, 20),
}
FOOTER_ALIGN = {"dt": "l", "ftr": "ctr", "sldNum": "r"}
NO_FOOTERS = ("Title Slide",)

# Norwegian (bokmål): the language of every text property, and PowerPoint's prompt texts in master view.
LANG = "nb-NO"
DATE_TEXT = "01.01.2019"  # what a date field shows until PowerPoint updates it: the date of the core properties
PROMPTS = {
    "Click to edit Master title style": "Klikk for å redigere tittelstil",
    "Click to edit Master subtitle style": "Klikk for å redigere undertittelstil i malen",
    "Click to edit Master text styles": "Klikk for å redigere tekststiler i malen",
    "Second level": "Andre nivå",
    "Third level": "Tredje nivå",
    "Fourth level": "Fjerde nivå",
    "Fifth level": "Femte nivå",
}


def emu(points: float) -> int:
    return int(round(points * 12700))


def theme_xml() -> bytes:
    clr = "".join(f'<a:{k}><a:srgbClr val="{v}"/></a:{k}>' for k, v in COLORS.items())
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = (
        '<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
        '<a:prstDash val="solid"/></a:ln>'
    )
    fonts = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<a:theme xmlns:a="{NS["a"]}" name="make-deck">'
        f'<a:themeElements><a:clrScheme name="make-deck">{clr}</a:clrScheme>'
        f'<a:fontScheme name="make-deck"><a:majorFont>{fonts}</a:majorFont>'
        f"<a:minorFont>{fonts}</a:minorFont></a:fontScheme>"
        '<a:fmtScheme name="make-deck">'
        f"<a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>"
        f"<a:lnStyleLst>{line.format(w=9525)}{line.format(w=19050)}{line.format(w=28575)}</a:lnStyleLst>"
        "<a:effectStyleLst>"
        + "<a:effectStyle><a:effectLst/></a:effectStyle>"
        * 3
        + "</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    ).encode("utf-8")


def el(tag: str, **attrs: str) -> etree._Element:
    prefix, name = tag.split(":")
    return etree.Element(f"{{{NS[prefix]}}}{name}", **attrs)


def fill(color: str) -> etree._Element:
    f = el("a:solidFill")
    f.append(el("a:schemeClr", val=color))
    return f


def run_props(size: float, color: str, bold: bool = False, major: bool = False) -> etree._Element:
    r = el("a:defRPr", sz=str(int(size * 100)), b="1" if bold else "0", kern="1200")
    r.append(fill(color))
    face = "+mj-lt" if major else "+mn-lt"
    r.append(el("a:latin", typeface=face))
    return r


def level(
    n: int,
    size: float,
    color: str,
    *,
    bullet: str | None,
    mar: float,
    bold: bool = False,
    major: bool = False,
    before: float = 10,
    line: int = 100,
) -> etree._Element:
    p = el(
        f"a:lvl{n}pPr", marL=str(emu(mar)), indent=str(-emu(22) if bullet else 0), algn="l", rtl="0"
    )
    ln = el("a:lnSpc")
    ln.append(el("a:spcPct", val=str(line * 1000)))
    p.append(ln)
    sb = el("a:spcBef")
    sb.append(el("a:spcPts", val=str(int(before * 100))))
    p.append(sb)
    if bullet:
        bc = el("a:buClr")
        bc.append(el("a:schemeClr", val="accent1"))
        p.append(bc)
        p.append(el("a:buFont", typeface="Arial"))
        p.append(el("a:buChar", char=bullet))
    else:
        p.append(el("a:buNone"))
    p.append(run_props(size, color, bold, major))
    return p


def text_styles(master: etree._Element) -> None:
    styles = master.find(P + "txStyles")
    title = styles.find(P + "titleStyle")
    for child in list(title):
        title.remove(child)
    title.append(level(1, 36, "tx2", bullet=None, mar=0, bold=True, major=True, before=0, line=90))
    body = styles.find(P + "bodyStyle")
    for child in list(body):
        body.remove(child)
    sizes = (24, 20, 18, 16, 16, 16, 16, 16, 16)
    for n, size in enumerate(sizes, start=1):
        bullet = "•" if n % 2 else "–"
        body.append(
            level(n, size, "tx1", bullet=bullet, mar=22 + 24 * (n - 1), before=12 if n == 1 else 6)
        )


def place(sp: etree._Element, box: tuple[float, float, float, float]) -> None:
    spPr = sp.find(P + "spPr")
    xfrm = spPr.find(A + "xfrm")
    if xfrm is None:
        xfrm = el("a:xfrm")
        spPr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    xfrm.append(el("a:off", x=str(emu(box[0])), y=str(emu(box[1]))))
    xfrm.append(el("a:ext", cx=str(emu(box[2])), cy=str(emu(box[3]))))


def ph_key(sp: etree._Element, seen: dict[str, int]) -> str:
    ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
    kind = ph.get("type", "body") if ph is not None else ""
    kind = "body" if kind == "obj" else kind
    seen[kind] = seen.get(kind, 0) + 1
    return kind if seen[kind] == 1 else f"{kind}{seen[kind]}"


def lay_out(tree: etree._Element, name: str) -> None:
    """Place, style and colour the shapes of the slide master (`name` "master") or of one layout."""
    sp_tree = tree.find(f"{P}cSld/{P}spTree")
    boxes, dark = BOXES.get(name, {}), name in DARK
    seen: dict[str, int] = {}
    for sp in list(sp_tree.findall(P + "sp")):
        key = ph_key(sp, seen)
        if key not in FOOTER_BOXES:
            text_frame(sp, key, boxes.get(key), dark)
        elif name in NO_FOOTERS:
            sp_tree.remove(sp)
        else:
            footer(sp, key, name == "master", dark)
    if dark:
        dark_background(tree)
    if name in BAR:
        sp_tree.append(accent_bar(BAR[name], 100))


def text_frame(sp: etree._Element, key: str, box: tuple | None, dark: bool) -> None:
    """A title or body placeholder: its box, no side insets, shrink on overflow, light text on dark layouts."""
    if box is not None:
        place(sp, box)
    body_pr = sp.find(f"{P}txBody/{A}bodyPr")
    if body_pr is not None:
        for child in list(body_pr):
            body_pr.remove(child)
        body_pr.set("lIns", "0")
        body_pr.set("rIns", "0")
        body_pr.set("wrap", "square")
        if key in ("ctrTitle", "title"):
            body_pr.set("anchor", "b")
        body_pr.append(el("a:normAutofit"))
    lst = sp.find(f"{P}txBody/{A}lstStyle")
    if dark and lst is not None:
        for child in list(lst):
            lst.remove(child)
        if key in ("ctrTitle", "title"):
            lst.append(
                level(
                    1,
                    48 if key == "ctrTitle" else 44,
                    "bg1",
                    bullet=None,
                    mar=0,
                    bold=True,
                    major=True,
                    before=0,
                    line=90,
                )
            )
        else:
            lst.append(level(1, 24, "bg2", bullet=None, mar=0, before=0))


def footer(sp: etree._Element, key: str, master: bool, dark: bool) -> None:
    """Date, footer or slide number, 12 pt in a quiet grey: on the master its box on the bottom margin; a layout
    keeps the master's box (an empty p:spPr) and repeats the text style, which LibreOffice does not inherit."""
    if master:
        place(sp, FOOTER_BOXES[key])
        body_pr = sp.find(f"{P}txBody/{A}bodyPr")
        for attr, value in (
            ("lIns", "0"),
            ("tIns", "0"),
            ("rIns", "0"),
            ("bIns", "0"),
            ("anchor", "ctr"),
        ):
            body_pr.set(attr, value)
    lst = sp.find(f"{P}txBody/{A}lstStyle")
    for child in list(lst):
        lst.remove(child)
    lvl = el("a:lvl1pPr", algn=FOOTER_ALIGN[key])
    props = el("a:defRPr", sz="1200")
    # A plain scheme colour: LibreOffice applies a lumMod/lumOff once more at each level a placeholder inherits.
    props.append(fill("accent5" if dark else "folHlink"))
    # the theme's body font (LibreOffice otherwise sets a serif)
    props.append(el("a:latin", typeface="+mn-lt"))
    lvl.append(props)
    lst.append(lvl)


def dark_background(tree: etree._Element) -> None:
    c_sld = tree.find(P + "cSld")
    old = c_sld.find(P + "bg")
    if old is not None:
        c_sld.remove(old)
    bg = el("p:bg")
    bg_pr = el("p:bgPr")
    bg_pr.append(fill("tx2"))
    bg_pr.append(el("a:effectLst"))
    bg.append(bg_pr)
    c_sld.insert(0, bg)


def norwegian(root: etree._Element) -> None:
    """Prompt texts in bokmål, every language tag nb-NO, and date fields as a Norwegian short date."""
    for node in root.iter(A + "t"):
        fld = node.getparent()
        if fld.tag == A + "fld":
            if fld.get("type", "").startswith("datetime"):
                node.text = DATE_TEXT
        elif node.text:
            node.text = PROMPTS[node.text]  # a prompt without a translation is a KeyError naming it
    for node in root.iter(etree.Element):
        if node.get("lang") is not None:
            node.set("lang", LANG)


def date_fields(root: etree._Element) -> None:
    """The date placeholders of master and layouts show the short date (PowerPoint's datetime1)."""
    for fld in root.iter(A + "fld"):
        if fld.get("type", "").startswith("datetime"):
            fld.set("type", "datetime1")


def accent_bar(bar: tuple, shape_id: int) -> etree._Element:
    x, y, w, h, color = bar
    xml = (
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="Accent bar"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{color}"/></a:solidFill>'
        "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )
    return etree.fromstring(xml)


def build() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    # 13.333 x 7.5 in is no preset of ST_SlideSizeType: PowerPoint writes no type (the default, "custom").
    prs.element.find(P + "sldSz").attrib.pop("type", None)
    master = prs.slide_master
    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP:
            prs.slide_layouts.remove(layout)
    text_styles(master.element)
    lay_out(master.element, "master")
    for layout in prs.slide_layouts:
        lay_out(layout.element, layout.name)
        date_fields(layout.element)
    date_fields(master.element)
    _drop_leftovers(prs)
    notes_master = prs.notes_master  # created once here, not in every build
    for root in (
        prs.element,
        master.element,
        notes_master.element,
        *(lay.element for lay in prs.slide_layouts),
    ):
        norwegian(root)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = (
        "make-deck base master",
        "make-deck",
        "make-deck",
    )
    props.revision = 1
    props.created = props.modified = dt.datetime(2019, 1, 1)
    out = io.BytesIO()
    prs.save(out)
    theme_name = master.part.part_related_by(RT.THEME).partname.membername
    app = zipfile.ZipFile(out).read("docProps/app.xml")
    return normalize(
        out.getvalue(), {theme_name: theme_xml(), "docProps/app.xml": app_properties(app)}
    )


def app_properties(blob: bytes) -> bytes:
    """The extended properties name the size and the theme as PowerPoint does (python-pptx's say 4:3, Office)."""
    blob = blob.replace(
        b"<PresentationFormat>On-screen Show (4:3)<", b"<PresentationFormat>Widescreen<"
    )
    return blob.replace(b"<vt:lpstr>Office Theme</vt:lpstr>", b"<vt:lpstr>make-deck</vt:lpstr>")


def _drop_leftovers(prs: Presentation) -> None:
    """python-pptx's default carries a 4:3 thumbnail and Mac printer settings; a master needs neither."""
    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)
    for rel in list(prs.part.rels.values()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rel.rId)


def normalize(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Rewrite a zip with fixed timestamps (and some members replaced) so builds are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = replace.get(info.filename, src.read(info.filename))
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, blob)
    return out.getvalue()


def main() -> None:
    default = Path(__file__).resolve().parent.parent / "templates" / "base.pptx"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    target.write_bytes(build())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
