"""A master .pptx read through python-pptx into plain data: layouts, placeholders, theme, size and its parts."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from pathlib import Path

from lxml import etree

from generator.errors import DeckError, Location
from generator.errors import shown as shown_path
from generator.fileio import read_regular
from generator.master.backdrop import backdrop, behind, scheme
from generator.master.cached import as_json, from_json, valid_json
from generator.master.levels import levels
from generator.master.plain import (
    DEFAULT_INSET,
    ROLE_TYPES,
    Master,
    MasterLayout,
    PlaceholderSpec,
    TextLevel,
    assign_placeholders,
)
from generator.master.textstyles import fill_in, readable_furniture
from generator.master.untrusted import made_safe
from generator.ooxml.names import NS, qn, rel_type
from generator.ooxml.package import Part, Rel, next_rid
from generator.ooxml.xml import xml_parser
from generator.ooxml.zipbounds import check_archive

# What other rooms take from here (the records live in plain.py).
__all__ = [
    "DEFAULT_INSET",
    "ROLE_TYPES",
    "Master",
    "MasterLayout",
    "PlaceholderSpec",
    "TextLevel",
    "assign_placeholders",
    "load_master",
    "read_master",
]

# Where python-pptx's public API ends, this module (and only this module) reads its private names; each use says why.

EMU_PER_PT = 12700
SLIDE_EMU = (914400, 51206400)  # ECMA-376's ST_SlideSizeCoordinate: 1 to 56 inches
_TITLE_TYPES = ("title", "ctrTitle", "vertTitle")
_FURNITURE = (
    "DATE",
    "FOOTER",
    "SLIDE_NUMBER",
)  # python-pptx's names of the dt, ftr and sldNum types
# points: PowerPoint's and LibreOffice's sizes when a master states none
TITLE_SIZE, BODY_SIZE = (44.0, 18.0)
_THEME_REL = rel_type("theme")
_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.{}.main+xml"
# The main parts of a template (.potx) and a show (.ppsx): python-pptx opens neither, their parts are a deck's.
_OTHER_MAINS = (_MAIN.format("template"), _MAIN.format("slideshow"))
# A deck's table style list: make-deck's tables name Medium Style 2 - Accent 1, which PowerPoint knows by its id
# and LibreOffice only when the package has this part (a master saved by LibreOffice has none).
TABLE_STYLES = "/ppt/tableStyles.xml"
_TABLE_STYLES_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml"
_TABLE_STYLES_REL = rel_type("tableStyles")
_TABLE_STYLES_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a:tblStyleLst xmlns:a="'
    + NS["a"].encode()
    + b'" '
    b'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'
)


# masters read in this process, by path and digest of their bytes
_read: dict[tuple[str, str], Master] = {}


def load_master(path: Path) -> Master:
    """Read a master .pptx (once per process for the same bytes) and list its layouts over all slide masters."""
    shown = shown_path(path)
    try:
        data = read_regular(path, Location(shown), what="master")
    except FileNotFoundError:
        raise DeckError("master template not found", Location(shown)) from None
    except OSError as exc:
        raise DeckError(f"not a usable .pptx master: {exc.strerror}", Location(shown)) from None
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    master = _read.get((shown, digest))
    if master is None:
        from generator.cache import kept_json

        kept = kept_json(
            "masters", digest, lambda: as_json(read_master(data, shown, digest)), valid_json
        )
        master = _read[shown, digest] = from_json(kept, shown)
    return master


def read_master(data: bytes, shown: str, digest: str = "") -> Master:
    """The master in `data` (a .pptx's bytes) as plain data. The archive is checked under bounds first; anything
    python-pptx then fails on is a DeckError naming the file, not a crash: a master is the user's input."""
    check_archive(data, Location(shown), ".pptx master")
    data, removed = made_safe(data, Location(shown))
    try:
        return replace(_read_master(data, shown, digest), removed=removed)
    except DeckError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a damaged package makes python-pptx raise
        raise DeckError(
            f"not a usable .pptx master: python-pptx cannot read it ({type(exc).__name__}: {exc})",
            Location(shown),
            hint="open it in PowerPoint, save it again as .pptx, and use that",
        ) from None


def _read_master(data: bytes, shown: str, digest: str) -> Master:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(_as_presentation(data)))
    _drop_slides(prs)
    size = _slide_size(prs, shown)
    supplied = [
        line
        for slide_master in prs.slide_masters
        for line in fill_in(
            slide_master.element, [lay.element for lay in slide_master.slide_layouts]
        )
    ]
    for slide_master in prs.slide_masters:
        supplied += _readable_furniture(slide_master, size)
    notes_master = prs.notes_master  # made from python-pptx's default when the master has none
    prs.core_properties  # noqa: B018 - made from python-pptx's default when the master has none
    package = prs.part.package
    parts = {str(part.partname): _plain_part(part) for part in package.iter_parts()}
    supplied += _with_table_styles(parts, str(prs.part.partname))
    # python-pptx has no public accessor for the package's own relationships (_rels).
    root_rels = tuple(_plain_rel(rel) for rel in package._rels.values())
    first = prs.slide_masters[0] if len(prs.slide_masters) else None
    fonts = _theme_fonts(first) if first is not None else ("", "")
    defaults = prs.element.find("p:defaultTextStyle", NS)
    layouts = _layouts(prs, defaults, size, Path(shown).stem)
    other = first.element.find("p:txStyles/p:otherStyle", NS) if first is not None else None
    notes = (
        prs.slides.add_slide(next(iter(first.slide_layouts))).notes_slide
        if first is not None
        else None
    )
    return Master(
        path=shown,
        digest=digest,
        layouts=layouts,
        size=size,
        major_font=fonts[0],
        minor_font=fonts[1],
        shape_levels=levels([other, defaults], fonts, 18.0, _named_colours(first)),
        theme_colors=_theme_colors(first) if first is not None else {},
        parts=parts,
        root_rels=root_rels,
        presentation=str(prs.part.partname),
        notes_master=str(notes_master.part.partname),
        empty_notes=notes.part.blob if notes is not None else b"",
        supplied=tuple(dict.fromkeys(supplied)),
    )


def _layouts(prs, defaults, size: tuple[float, float], stem: str) -> dict[str, MasterLayout]:  # noqa: ANN001
    """Every layout of every slide master, by its key: its name, or with several masters `Master / Layout`."""
    masters = list(prs.slide_masters)
    out: dict[str, MasterLayout] = {}
    for slide_master, name in zip(masters, _master_names(masters, stem), strict=True):
        fonts, colours = _theme_fonts(slide_master), _theme_colors(slide_master)
        named = scheme(slide_master.element, colours)
        for layout in slide_master.slide_layouts:
            made = _layout(prs, layout, slide_master, defaults, (fonts, named))
            pictures = (_pictures(layout.part), _pictures(slide_master.part))
            background, bands = backdrop(
                layout.element, slide_master.element, colours, size, pictures
            )
            footer, number = _footer(layout, slide_master, defaults, (fonts, named))
            made = replace(
                made,
                master=name,
                background=background,
                bands=bands,
                furniture=_furniture(layout),
                footer=footer,
                number_box=number,
            )
            out.setdefault(made.key, made)
    return out


def _pictures(part):  # noqa: ANN001, ANN202 - a python-pptx part; a function from an id to bytes
    """A part's pictures' bytes by the relationship id that names them (None where it names none)."""

    def picture(rid: str) -> bytes | None:
        try:
            return part.related_part(rid).blob
        except (KeyError, AttributeError):
            return None

    return picture


def _furniture(layout) -> tuple[tuple[float, float, float, float], ...]:  # noqa: ANN001
    """The boxes of a layout's date, footer and slide number placeholders (where its master puts them when it
    does not say)."""
    out = []
    for ph in layout.placeholders:
        if ph.element.ph_type is not None and str(ph.element.ph_type).split(" ")[0] in _FURNITURE:
            values = (ph.left, ph.top, ph.width, ph.height)
            if all(v is not None for v in values):
                out.append(tuple(round(v / EMU_PER_PT, 2) for v in values))
    return tuple(out)


def _footer(
    layout,
    slide_master,
    defaults,
    theme: tuple,  # noqa: ANN001 - python-pptx objects
) -> tuple[PlaceholderSpec | None, tuple[float, float, float, float] | None]:
    """The placeholder a slide's footer is set in (the layout's, else its master's, as the writer takes it): its
    box, insets and text as the layout, the master and the master's other-text style say; and the box of its
    slide number (the same way)."""
    found = {}
    for kind in ("FOOTER", "SLIDE_NUMBER"):
        found[kind] = next(
            (ph for ph in layout.placeholders if _furniture_type(ph) == kind),
            next((ph for ph in slide_master.placeholders if _furniture_type(ph) == kind), None),
        )
    number = found["SLIDE_NUMBER"]
    number_box = _points(number) if number is not None else None
    ph = found["FOOTER"]
    if ph is None or _points(ph) is None:
        return None, number_box
    base = _master_placeholder(slide_master, "ftr")
    other = slide_master.element.find("p:txStyles/p:otherStyle", NS)
    inset, text = _text_of(ph.element, base, [other, defaults], theme, BODY_SIZE)
    return PlaceholderSpec("ftr", (), _points(ph), inset, text), number_box


def _furniture_type(ph) -> str:  # noqa: ANN001 - a python-pptx placeholder
    kind = ph.element.ph_type
    return str(kind).split(" ")[0] if kind is not None else ""


def _points(ph) -> tuple[float, float, float, float] | None:  # noqa: ANN001 - a python-pptx placeholder
    values = (ph.left, ph.top, ph.width, ph.height)
    if any(v is None for v in values):
        return None
    return tuple(round(v / EMU_PER_PT, 2) for v in values)


def _readable_furniture(slide_master, size: tuple[float, float]) -> list[str]:  # noqa: ANN001
    """The master's date, footer and number in a colour that reads on what lies behind them."""
    colours = _named_colours(slide_master)
    element, pictures = slide_master.element, _pictures(slide_master.part)
    background, bands = backdrop(
        element, element, _theme_colors(slide_master), size, (pictures, None)
    )

    def grounds(box: tuple) -> tuple[str, ...]:
        return behind(background, bands, box)

    layouts = [layout.element for layout in slide_master.slide_layouts]
    return readable_furniture(element, colours, grounds, layouts)


def _named_colours(slide_master) -> dict[str, str]:  # noqa: ANN001
    return scheme(slide_master.element, _theme_colors(slide_master)) if slide_master else {}


def _master_names(masters: list, stem: str) -> list[str]:
    """What messages call each slide master: nothing when there is one; else its own name (p:cSld/@name, or its
    theme's), numbered when several share it, or the file's name numbered when none tells them apart."""
    if len(masters) == 1:
        return [""]
    own = []
    for slide_master in masters:
        theme = _theme(slide_master)
        named = slide_master.element.find("p:cSld", NS).get("name", "")
        own.append(named or (theme.get("name", "") if theme is not None else ""))
    if all(own) and len(set(own)) == len(own):
        return own
    if len(set(own)) == 1:
        return [f"{stem} {n}" for n in range(1, len(masters) + 1)]
    return [f"{name or stem} {n}" for n, name in enumerate(own, 1)]


def _with_table_styles(parts: dict[str, Part], presentation: str) -> list[str]:
    """A table style list for a package without one (in place); what was added."""
    if any(part.content_type == _TABLE_STYLES_TYPE for part in parts.values()):
        return []
    main = parts[presentation]
    rel = Rel(next_rid(main.rels), _TABLE_STYLES_REL, TABLE_STYLES)
    parts[presentation] = Part(main.name, main.content_type, main.blob, (*main.rels, rel))
    parts[TABLE_STYLES] = Part(TABLE_STYLES, _TABLE_STYLES_TYPE, _TABLE_STYLES_XML)
    return ["table style: make-deck's (Medium Style 2 - Accent 1; the master names none)"]


def _slide_size(prs, shown: str) -> tuple[float, float]:  # noqa: ANN001 - a python-pptx Presentation
    """The slide's width and height in points; a DeckError when PowerPoint could not show a slide of that size
    (ECMA-376 allows 1 to 56 inches each way: 914,400 to 51,206,400 EMU)."""
    width, height = prs.slide_width, prs.slide_height
    if width is None or height is None:
        raise DeckError(
            "the master gives no slide size (ppt/presentation.xml has no p:sldSz)",
            Location(shown),
            hint="open it in PowerPoint, choose Design > Slide Size, and save it again",
        )
    if not all(SLIDE_EMU[0] <= v <= SLIDE_EMU[1] for v in (width, height)):
        low, high = (v / EMU_PER_PT for v in SLIDE_EMU)
        raise DeckError(
            f"the master's slide is {width / EMU_PER_PT:g} x {height / EMU_PER_PT:g} pt "
            f"(p:sldSz cx={width} cy={height} EMU); a slide is {low:g} to {high:g} pt each way",
            Location(shown),
            path="ppt/presentation.xml",
            hint="set a slide size PowerPoint offers (Design > Slide Size) and save the master again",
        )
    return width / EMU_PER_PT, height / EMU_PER_PT


def _as_presentation(data: bytes) -> bytes:
    """A template (.potx) or show (.ppsx) as the presentation it holds: its main part's content type, in
    [Content_Types].xml, rewritten to a presentation's (the only difference python-pptx and a .pptx care about)."""
    import zipfile

    name = "[Content_Types].xml"
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        types = src.read(name)
        if not any(main.encode() in types for main in _OTHER_MAINS):
            return data
        for main in _OTHER_MAINS:
            types = types.replace(main.encode(), _MAIN.format("presentation").encode())
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, types if info.filename == name else src.read(info))
    return out.getvalue()


def _drop_slides(prs) -> None:  # noqa: ANN001 - a python-pptx Presentation
    """A master may come with example slides; the deck starts from none (python-pptx has no API to delete a
    slide: its relationship goes and so does its entry in p:sldIdLst)."""
    id_list = prs.element.find("p:sldIdLst", NS)
    for sld_id in list(id_list) if id_list is not None else ():
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
    prs.slides  # noqa: B018 - adds an empty p:sldIdLst where the master has none


def _plain_part(part) -> Part:  # noqa: ANN001 - a python-pptx Part
    return Part(
        str(part.partname),
        part.content_type,
        part.blob,
        tuple(_plain_rel(r) for r in part.rels.values()),
    )


def _plain_rel(rel) -> Rel:  # noqa: ANN001 - a python-pptx _Relationship
    if rel.is_external:
        return Rel(rel.rId, rel.reltype, rel.target_ref, external=True)
    return Rel(rel.rId, rel.reltype, str(rel.target_partname))


def _layout(prs, layout, slide_master, defaults, theme: tuple) -> MasterLayout:  # noqa: ANN001
    """One layout: its placeholders in the order a new slide holds them, and that new slide's XML."""
    empty = prs.slides.add_slide(layout)
    # add_slide clones these one for one, in idx order (python-pptx's, and slides.py's for a slide's placeholders):
    # paired by position, two placeholders of one idx (LibreOffice numbers them all 0) keep their own boxes.
    cloneable = list(layout.iter_cloneable_placeholders())
    cloned = [ph.get("type", "obj") for ph in _slide_placeholders(empty.element)]
    specs = tuple(
        _placeholder(ph, kind, slide_master, defaults, theme)
        for ph, kind in zip(cloneable, cloned, strict=True)
    )
    kind = layout.element.get("type", "")
    return MasterLayout(
        layout.name,
        str(layout.part.partname),
        specs,
        empty.part.blob,
        "" if kind == "cust" else kind,
    )


def _slide_placeholders(root: etree._Element) -> list[etree._Element]:
    return root.findall("p:cSld/p:spTree/*/*/p:nvPr/p:ph", NS)


def _placeholder(ph, kind: str, slide_master, defaults, theme: tuple) -> PlaceholderSpec:  # noqa: ANN001
    """A layout placeholder's box, insets and text defaults (a missing one takes nothing: no roles); `theme`:
    the master's fonts and its colours by name."""
    roles = tuple(role for role, kinds in ROLE_TYPES.items() if kind in kinds)
    if ph is None:
        return PlaceholderSpec(kind, (), (0.0, 0.0, 0.0, 0.0), DEFAULT_INSET, (TextLevel(),))
    title = kind in _TITLE_TYPES
    base = _master_placeholder(slide_master, "title" if title else "body")
    style = slide_master.element.find(
        "p:txStyles/p:titleStyle" if title else "p:txStyles/p:bodyStyle", NS
    )
    box = tuple(round((v or 0) / EMU_PER_PT, 2) for v in (ph.left, ph.top, ph.width, ph.height))
    size = TITLE_SIZE if title else BODY_SIZE
    inset, text = _text_of(ph.element, base, [style, defaults], theme, size)
    return PlaceholderSpec(kind, roles, box, inset, text)


def _text_of(
    sp: etree._Element, base: etree._Element | None, styles: list, theme: tuple, size: float
) -> tuple[tuple[float, ...], tuple[TextLevel, ...]]:
    """A placeholder's insets and text defaults: its own, else its master placeholder's (`base`), else the
    master's text `styles` (and the presentation's defaults); `size` where none gives one."""
    fonts, colours = theme
    body_prs = [_find(sp, "p:txBody/a:bodyPr"), _find(base, "p:txBody/a:bodyPr")]
    inset = tuple(
        _inset(body_prs, attr, default)
        for attr, default in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSET, strict=True)
    )
    chain = [_find(sp, "p:txBody/a:lstStyle"), _find(base, "p:txBody/a:lstStyle"), *styles]
    return inset, levels(chain, fonts, size, colours)


def _master_placeholder(slide_master, kind: str) -> etree._Element | None:  # noqa: ANN001
    """The slide master's title (or body) placeholder, whose text properties a layout's placeholders inherit."""
    for sp in slide_master.element.iterfind("p:cSld/p:spTree/p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None and ph.get("type", "obj") == kind:
            return sp
    return None


def _find(element: etree._Element | None, path: str) -> etree._Element | None:
    return element.find(path, NS) if element is not None else None


def _inset(body_prs: list, attr: str, default: float) -> float:
    for body_pr in body_prs:
        if body_pr is not None and body_pr.get(attr) is not None:
            return int(body_pr.get(attr)) / EMU_PER_PT
    return default


def _theme(slide_master) -> etree._Element | None:  # noqa: ANN001
    try:
        return etree.fromstring(slide_master.part.part_related_by(_THEME_REL).blob, xml_parser())
    except (KeyError, etree.XMLSyntaxError):
        return None


def _theme_fonts(slide_master) -> tuple[str, str]:  # noqa: ANN001
    """The theme's major (headings) and minor (body) latin typefaces."""
    theme = _theme(slide_master)
    major = _find(theme, ".//a:fontScheme/a:majorFont/a:latin")
    minor = _find(theme, ".//a:fontScheme/a:minorFont/a:latin")
    return (
        major.get("typeface", "") if major is not None else "",
        minor.get("typeface", "") if minor is not None else "",
    )


def _theme_colors(slide_master) -> dict[str, str]:  # noqa: ANN001
    """The theme's colour slots (dk1, lt1, accent1 ...) as RRGGBB."""
    scheme = _find(_theme(slide_master), "a:themeElements/a:clrScheme")
    colors: dict[str, str] = {}
    for slot in scheme if scheme is not None else ():
        if len(slot) == 0:
            continue
        value = slot[0].get("val") if slot[0].tag == qn("a:srgbClr") else slot[0].get("lastClr")
        if value:
            colors[etree.QName(slot).localname] = value.upper()
    return colors
