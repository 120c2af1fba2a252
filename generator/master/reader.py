"""A master .pptx read through python-pptx into plain data: layouts, placeholders, theme, size and its parts."""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path
from typing import Any

from lxml import etree

from generator.errors import DeckError, Location
from generator.errors import shown as shown_path
from generator.fileio import read_regular
from generator.master.untrusted import made_safe
from generator.ooxml.package import Part, Rel, xml_parser
from generator.ooxml.zipbounds import check_archive

# Where python-pptx's public API ends, this module (and only this module) reads its private names; each use says why.

EMU_PER_PT = 12700
SLIDE_EMU = (914400, 51206400)  # ECMA-376's ST_SlideSizeCoordinate: 1 to 56 inches
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
# OOXML bodyPr defaults: 91440 EMU left/right, 45720 EMU top/bottom
DEFAULT_INSET = (7.2, 3.6, 7.2, 3.6)
# The placeholder types (p:ph/@type, "obj" when absent) each role of a shape may fill, in order of preference.
ROLE_TYPES: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "ctrTitle"),
    "subtitle": ("subTitle", "body", "obj"),
    "body": ("body", "obj"),
}
_TITLE_TYPES = ("title", "ctrTitle", "vertTitle")
# points: PowerPoint's and LibreOffice's sizes when a master states none
TITLE_SIZE, BODY_SIZE = (44.0, 18.0)
_THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_CACHE_SHAPE = 6  # of a master's JSON in the user cache: an entry of another shape is read from the master again
_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.{}.main+xml"
# The main parts of a template (.potx) and a show (.ppsx): python-pptx opens neither, their parts are a deck's.
_OTHER_MAINS = (_MAIN.format("template"), _MAIN.format("slideshow"))


@dataclass(frozen=True)
class TextLevel:
    """Paragraph defaults at one outline level, as the master resolves them; lengths in points."""

    size: float = 18.0
    bold: bool = False
    italic: bool = False
    font: str = ""  # the latin typeface, theme references (+mj-lt, +mn-lt) already resolved
    space_before: float = 0.0  # spcBef in points
    space_before_lines: float = 0.0  # spcBef as a fraction of a line (spcPct)
    line_spacing: float = 1.0  # lnSpc as a fraction of single spacing (spcPct)
    line_points: float | None = None  # lnSpc as an exact line pitch (spcPts)
    margin: float = 0.0  # marL: where the text starts
    indent: float = 0.0  # indent: the first line's offset from marL (negative: a hanging bullet)
    bullet: bool = False
    caps: bool = False  # cap="all": the text is set in capitals (some masters' section titles)


@dataclass(frozen=True)
class PlaceholderSpec:
    """One placeholder a new slide of a layout gets: its type, the roles it takes, its box, insets, text defaults."""

    type: str  # p:ph/@type, "obj" when absent
    roles: tuple[str, ...]
    box: tuple[float, float, float, float]  # x, y, width, height in points
    inset: tuple[float, float, float, float]  # left, top, right, bottom in points
    levels: tuple[TextLevel, ...]  # outline levels 1 to 9


@dataclass(frozen=True)
class MasterLayout:
    """A master layout: its name, part and type, its placeholders in fill order, and a new slide of it as XML."""

    name: str
    part: str  # part name, e.g. /ppt/slideLayouts/slideLayout2.xml
    placeholders: tuple[PlaceholderSpec, ...]
    empty_slide: (
        bytes  # a slide of this layout as python-pptx makes it: the layout's placeholders cloned
    )
    type: str = ""  # p:sldLayout/@type as PowerPoint writes it (title, obj, secHead ...); "" for cust or none

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(role for role in ROLE_TYPES if any(role in p.roles for p in self.placeholders))


@dataclass(frozen=True)
class Master:
    """A master .pptx as plain data: what measuring, checking and writing a deck need from it."""

    path: str
    digest: str  # of the file's bytes
    layouts: Mapping[str, MasterLayout]
    size: tuple[float, float]  # slide width and height in points
    major_font: str
    minor_font: str
    shape_levels: tuple[TextLevel, ...]  # text defaults of text boxes and drawn shapes
    theme_colors: Mapping[str, str]  # dk1, lt1, accent1 ... as RRGGBB
    parts: Mapping[str, Part]  # the master's package without slides, by part name
    root_rels: tuple[Rel, ...]  # the package's own relationships
    presentation: str  # the presentation part's name
    notes_master: str  # the notes master part's name
    empty_notes: (
        bytes  # a notes page as python-pptx makes it: the notes master's placeholders cloned
    )
    removed: tuple[
        str, ...
    ] = ()  # what was taken out of the master's package (macros, external links ...)


def assign_placeholders(
    roles: Sequence[str | None], placeholders: Sequence[PlaceholderSpec]
) -> tuple[int | None, ...]:
    """Which of a layout's placeholders each shape fills: for each shape's role (None for a drawn shape), the
    index of the first unused placeholder that takes that role, or None (the shape is then drawn as a text box)."""
    used: set[int] = set()
    out: list[int | None] = []
    for role in roles:
        found = None
        if role is not None:
            found = next(
                (n for n, p in enumerate(placeholders) if n not in used and role in p.roles), None
            )
        if found is not None:
            used.add(found)
        out.append(found)
    return tuple(out)


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
            "masters", digest, lambda: _as_json(read_master(data, shown, digest)), _valid_json
        )
        master = _read[shown, digest] = _from_json(kept, shown)
    return master


def _as_json(master: Master) -> dict:
    """A master as JSON data, for the user cache: reading it through python-pptx costs more than a small build."""
    return {
        "shape": _CACHE_SHAPE,
        "digest": master.digest,
        "size": list(master.size),
        "fonts": [master.major_font, master.minor_font],
        "shape_levels": [list(astuple(level)) for level in master.shape_levels],
        "theme_colors": dict(master.theme_colors),
        "layouts": [
            [
                layout.name,
                layout.type,
                layout.part,
                base64.b64encode(layout.empty_slide).decode(),
                [
                    [
                        p.type,
                        list(p.roles),
                        list(p.box),
                        list(p.inset),
                        [list(astuple(v)) for v in p.levels],
                    ]
                    for p in layout.placeholders
                ],
            ]
            for layout in master.layouts.values()
        ],
        "parts": [
            [
                part.name,
                part.content_type,
                base64.b64encode(part.blob).decode(),
                [list(astuple(rel)) for rel in part.rels],
            ]
            for part in master.parts.values()
        ],
        "root_rels": [list(astuple(rel)) for rel in master.root_rels],
        "presentation": master.presentation,
        "notes_master": master.notes_master,
        "empty_notes": base64.b64encode(master.empty_notes).decode(),
        "removed": list(master.removed),
    }


def _valid_json(data: object) -> bool:
    try:
        _from_json(data, "")
    except (TypeError, KeyError, ValueError, IndexError):
        return False
    return True


def _rel_from_json(values: list) -> Rel:
    rid, kind, target, external = values
    texts = all(isinstance(v, str) for v in (rid, kind, target))
    if not texts or not isinstance(external, bool):
        raise TypeError("not a relationship")
    return Rel(rid, kind, target, external)


def _placeholder_from_json(values: list) -> PlaceholderSpec:
    kind, roles, box, inset, levels = values
    return PlaceholderSpec(
        str(kind),
        tuple(map(str, roles)),
        _floats(box, 4),
        _floats(inset, 4),
        tuple(map(_text_level, levels)),
    )


def _from_json(data: Any, shown: str) -> Master:
    """A master from its JSON data; TypeError, KeyError, ValueError or IndexError when the data is not one."""
    rel, placeholder = _rel_from_json, _placeholder_from_json
    if data["shape"] != _CACHE_SHAPE:
        raise ValueError("a master cached in another shape")
    layouts = {
        name: MasterLayout(
            name, str(part), tuple(map(placeholder, specs)), _decoded(empty), _text(kind)
        )
        for name, kind, part, empty, specs in data["layouts"]
    }
    parts = {
        name: Part(name, str(kind), _decoded(blob), tuple(map(rel, rels)))
        for name, kind, blob, rels in data["parts"]
    }
    return Master(
        path=shown,
        digest=str(data["digest"]),
        layouts=layouts,
        size=_floats(data["size"], 2),
        major_font=str(data["fonts"][0]),
        minor_font=str(data["fonts"][1]),
        shape_levels=tuple(map(_text_level, data["shape_levels"])),
        theme_colors={str(k): str(v) for k, v in data["theme_colors"].items()},
        parts=parts,
        root_rels=tuple(map(rel, data["root_rels"])),
        presentation=_part_name(data["presentation"], parts),
        notes_master=_part_name(data["notes_master"], parts),
        empty_notes=_decoded(data["empty_notes"]),
        removed=tuple(_text(line) for line in data["removed"]),
    )


def _text_level(values: list) -> TextLevel:
    level = TextLevel(*values)
    for f in fields(TextLevel):
        value = getattr(level, f.name)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = {"str": isinstance(value, str), "bool": isinstance(value, bool)}.get(
            str(f.type), number or (value is None and f.name == "line_points")
        )
        if not ok:
            raise TypeError(f"not a text level: {f.name}")
    return level


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _decoded(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)


def _floats(values: list, count: int) -> tuple[float, ...]:
    if len(values) != count or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
    ):
        raise TypeError("not numbers")
    return tuple(float(v) for v in values)


def _part_name(name: object, parts: Mapping[str, Part]) -> str:
    if name not in parts:
        raise KeyError(name)
    return str(name)


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
    notes_master = prs.notes_master  # made from python-pptx's default when the master has none
    prs.core_properties  # noqa: B018 - made from python-pptx's default when the master has none
    package = prs.part.package
    parts = {str(part.partname): _plain_part(part) for part in package.iter_parts()}
    # python-pptx has no public accessor for the package's own relationships (_rels).
    root_rels = tuple(_plain_rel(rel) for rel in package._rels.values())
    first = prs.slide_masters[0] if len(prs.slide_masters) else None
    fonts = _theme_fonts(first) if first is not None else ("", "")
    defaults = prs.element.find("p:defaultTextStyle", NS)
    layouts: dict[str, MasterLayout] = {}
    for slide_master in prs.slide_masters:
        for layout in slide_master.slide_layouts:
            if layout.name not in layouts:
                layouts[layout.name] = _layout(
                    prs, layout, slide_master, defaults, _theme_fonts(slide_master)
                )
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
        size=_slide_size(prs, shown),
        major_font=fonts[0],
        minor_font=fonts[1],
        shape_levels=_levels([other, defaults], fonts),
        theme_colors=_theme_colors(first) if first is not None else {},
        parts=parts,
        root_rels=root_rels,
        presentation=str(prs.part.partname),
        notes_master=str(notes_master.part.partname),
        empty_notes=notes.part.blob if notes is not None else b"",
    )


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


def _layout(prs, layout, slide_master, defaults, fonts: tuple[str, str]) -> MasterLayout:  # noqa: ANN001
    """One layout: its placeholders in the order a new slide holds them, and that new slide's XML."""
    empty = prs.slides.add_slide(layout)
    # add_slide clones these one for one, in idx order (python-pptx's, and slides.py's for a slide's placeholders):
    # paired by position, two placeholders of one idx (LibreOffice numbers them all 0) keep their own boxes.
    cloneable = list(layout.iter_cloneable_placeholders())
    cloned = [ph.get("type", "obj") for ph in _slide_placeholders(empty.element)]
    specs = tuple(
        _placeholder(ph, kind, slide_master, defaults, fonts)
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


def _placeholder(ph, kind: str, slide_master, defaults, fonts: tuple[str, str]) -> PlaceholderSpec:  # noqa: ANN001
    """A layout placeholder's box, insets and text defaults (a missing one takes nothing: no roles)."""
    roles = tuple(role for role, kinds in ROLE_TYPES.items() if kind in kinds)
    if ph is None:
        return PlaceholderSpec(kind, (), (0.0, 0.0, 0.0, 0.0), DEFAULT_INSET, (TextLevel(),))
    title = kind in _TITLE_TYPES
    base = _master_placeholder(slide_master, "title" if title else "body")
    style = slide_master.element.find(
        "p:txStyles/p:titleStyle" if title else "p:txStyles/p:bodyStyle", NS
    )
    box = tuple(round((v or 0) / EMU_PER_PT, 2) for v in (ph.left, ph.top, ph.width, ph.height))
    body_prs = [_find(ph.element, "p:txBody/a:bodyPr"), _find(base, "p:txBody/a:bodyPr")]
    inset = tuple(
        _inset(body_prs, attr, default)
        for attr, default in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSET, strict=True)
    )
    chain = [
        _find(ph.element, "p:txBody/a:lstStyle"),
        _find(base, "p:txBody/a:lstStyle"),
        style,
        defaults,
    ]
    return PlaceholderSpec(
        kind, roles, box, inset, _levels(chain, fonts, TITLE_SIZE if title else BODY_SIZE)
    )


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
        value = slot[0].get("val") if slot[0].tag == f"{{{A}}}srgbClr" else slot[0].get("lastClr")
        if value:
            colors[etree.QName(slot).localname] = value.upper()
    return colors


def _levels(chain: list, fonts: tuple[str, str], size: float = 18.0) -> tuple[TextLevel, ...]:
    """Each outline level's defaults: the first list style in `chain` that says, attribute by attribute; `size`
    where none gives one (a master saved by LibreOffice may have no text styles)."""
    return tuple(
        _level(
            [p for s in chain if s is not None and (p := s.find(f"a:lvl{n}pPr", NS)) is not None],
            fonts,
            size,
        )
        for n in range(1, 10)
    )


def _first(pprs: list, path: str, attr: str) -> str | None:
    for ppr in pprs:
        node = ppr if path == "." else ppr.find(path, NS)
        if node is not None and node.get(attr) is not None:
            return node.get(attr)
    return None


def _spacing(pprs: list, name: str) -> tuple[float | None, float | None]:
    """A spacing (spcBef, lnSpc) as the first level that sets it gives it: (fraction of a line, points)."""
    for ppr in pprs:
        pct, pts = ppr.find(f"a:{name}/a:spcPct", NS), ppr.find(f"a:{name}/a:spcPts", NS)
        if pct is not None or pts is not None:
            return (
                int(pct.get("val")) / 100000 if pct is not None else None,
                int(pts.get("val")) / 100 if pts is not None else None,
            )
    return None, None


def _bullet(pprs: list) -> bool:
    for ppr in pprs:
        if ppr.find("a:buNone", NS) is not None:
            return False
        if any(ppr.find(f"a:{b}", NS) is not None for b in ("buChar", "buAutoNum", "buBlip")):
            return True
    return False


def _theme_face(face: str, fonts: tuple[str, str]) -> str:
    """A typeface, with the theme's references resolved: `+mj-lt` is its heading font, `+mn-lt` its
    body font."""
    if face.startswith("+mj"):
        return fonts[0]
    if face.startswith("+mn"):
        return fonts[1]
    return face


def _level(pprs: list, fonts: tuple[str, str], default_size: float = 18.0) -> TextLevel:
    size, bold, italic, cap = (_first(pprs, "a:defRPr", attr) for attr in ("sz", "b", "i", "cap"))
    face = _first(pprs, "a:defRPr/a:latin", "typeface") or "+mn-lt"
    face = _theme_face(face, fonts)
    before_lines, before = _spacing(pprs, "spcBef")
    line, line_points = _spacing(pprs, "lnSpc")
    margin, indent = _first(pprs, ".", "marL"), _first(pprs, ".", "indent")
    return TextLevel(
        size=int(size) / 100 if size else default_size,
        bold=bold in ("1", "true"),
        italic=italic in ("1", "true"),
        font=face,
        space_before=before or 0.0,
        space_before_lines=before_lines or 0.0,
        line_spacing=line if line is not None else 1.0,
        line_points=line_points if line is None else None,
        margin=int(margin) / EMU_PER_PT if margin else 0.0,
        indent=int(indent) / EMU_PER_PT if indent else 0.0,
        bullet=_bullet(pprs),
        caps=cap == "all",
    )
