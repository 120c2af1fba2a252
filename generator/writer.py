"""DeckModel + master .pptx to a .pptx file: the only module that imports python-pptx."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import astuple, dataclass, field, fields
from datetime import datetime, time
from functools import cache, lru_cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart, _Relationship, _Relationships
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.oxml.simpletypes import ST_LineWidth, ST_TextFontSize, ST_TextIndentLevelType, XsdBoolean, XsdString
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.oxml.text import CT_RegularTextRun
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.shapes.autoshape import AutoShapeType
from pptx.slide import NotesSlide, Slide, SlideLayout, _Background
from pptx.util import Emu, Pt

from .errors import DeckError, Location
from .memo import Memo
from .model import DeckModel, Paragraph, Shape, SlideSpec
from .usercache import cache_dir, keep_json

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FIRST_SLIDE_ID = 256  # python-pptx numbers slides from 256 up
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_ROLES = {
    "title": (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE),
    "subtitle": (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT),
    "body": (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT),
}
_GEOMETRY = {
    "textbox": None,
    "rect": MSO_AUTO_SHAPE_TYPE.RECTANGLE,
    "roundRect": MSO_AUTO_SHAPE_TYPE.ROUNDED_RECTANGLE,
    "ellipse": MSO_AUTO_SHAPE_TYPE.OVAL,
    "chevron": MSO_AUTO_SHAPE_TYPE.CHEVRON,
    "homePlate": MSO_AUTO_SHAPE_TYPE.PENTAGON,
    "rightArrow": MSO_AUTO_SHAPE_TYPE.RIGHT_ARROW,
    "triangle": MSO_AUTO_SHAPE_TYPE.ISOSCELES_TRIANGLE,
    "plus": MSO_AUTO_SHAPE_TYPE.CROSS,
    "mathPlus": MSO_AUTO_SHAPE_TYPE.MATH_PLUS,
    "mathEqual": MSO_AUTO_SHAPE_TYPE.MATH_EQUAL,
    "line": MSO_AUTO_SHAPE_TYPE.RECTANGLE,
    "donut": MSO_AUTO_SHAPE_TYPE.DONUT,
    "pentagon": MSO_AUTO_SHAPE_TYPE.REGULAR_PENTAGON,
    "hexagon": MSO_AUTO_SHAPE_TYPE.HEXAGON,
}
_THEME = {
    "dk1": MSO_THEME_COLOR.DARK_1, "lt1": MSO_THEME_COLOR.LIGHT_1,
    "dk2": MSO_THEME_COLOR.DARK_2, "lt2": MSO_THEME_COLOR.LIGHT_2,
    "tx1": MSO_THEME_COLOR.TEXT_1, "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "tx2": MSO_THEME_COLOR.TEXT_2, "bg2": MSO_THEME_COLOR.BACKGROUND_2,
    **{f"accent{i}": getattr(MSO_THEME_COLOR, f"ACCENT_{i}") for i in range(1, 7)},
}
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT, "justify": PP_ALIGN.JUSTIFY}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_P, _R, _BR, _T, _RPR, _PPR, _END, _BODY_PR = (
    _A + tag for tag in ("p", "r", "br", "t", "rPr", "pPr", "endParaRPr", "bodyPr"))
_CONTENT = frozenset(_A + tag for tag in ("r", "br", "fld"))  # what _Paragraph.clear() removes
_INSETS = (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))  # a:bodyPr defaults, EMU


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


@dataclass(frozen=True)
class PlaceholderSpec:
    """One fillable placeholder of a layout: the roles it takes, its box, insets and text defaults."""

    roles: tuple[str, ...]
    box: tuple[float, float, float, float]  # x, y, width, height in points
    inset: tuple[float, float, float, float]  # left, top, right, bottom in points
    levels: tuple[TextLevel, ...]  # outline levels 1 to 9


@dataclass(frozen=True)
class MasterLayout:
    """What a master layout offers: its name, the placeholder roles it has, and those placeholders in fill order."""

    name: str
    roles: tuple[str, ...]
    placeholders: tuple[PlaceholderSpec, ...] = ()


@dataclass(frozen=True)
class Master:
    """A master .pptx read once per process: its bytes, the layouts it offers by name, and its theme fonts."""

    path: str
    data: bytes
    layouts: Mapping[str, MasterLayout]
    major_font: str = ""
    minor_font: str = ""
    shape_levels: tuple[TextLevel, ...] = ()  # text defaults of text boxes and drawn shapes


@cache
def load_master(path: Path) -> Master:
    """Read a master .pptx and list its layouts over all slide masters."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DeckError("master template not found", Location(shown)) from None
    except OSError as exc:
        raise DeckError(f"not a usable .pptx master: {exc}", Location(shown)) from None
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    kept = _cached_master(key)
    if kept is not None:
        return Master(shown, data, *kept)
    try:
        prs = Presentation(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DeckError(f"not a usable .pptx master: {exc}", Location(shown)) from None
    layouts: dict[str, MasterLayout] = {}
    first = prs.slide_masters[0] if len(prs.slide_masters) else None
    major, minor = _theme_fonts(first) if first is not None else ("", "")
    defaults = _find(prs.part._element, "p:defaultTextStyle")
    memo: dict = {}  # layouts share most list styles: each distinct chain of level properties is read once
    for master in prs.slide_masters:
        fonts = _theme_fonts(master)
        for layout in master.slide_layouts:
            types = {ph.placeholder_format.type for ph in layout.placeholders}
            roles = tuple(role for role, kinds in _ROLES.items() if types & set(kinds))
            specs = _placeholder_specs(layout, master, defaults, fonts, memo)
            layouts.setdefault(layout.name, MasterLayout(layout.name, roles, specs))
    other = _find(first.element, "p:txStyles/p:otherStyle") if first is not None else None
    shape_levels = _levels([other, defaults], (major, minor), memo)
    _opened[shown] = _Opened(data, prs)
    _keep_master(key, layouts, major, minor, shape_levels)
    return Master(shown, data, layouts, major, minor, shape_levels)


_MASTER_CACHE = "masters-1"  # the folder name changes with the format below


def _cached_master(key: str) -> tuple[dict[str, MasterLayout], str, str, tuple[TextLevel, ...]] | None:
    """What `load_master` read from the master whose bytes hash to `key`, kept in the user's cache folder by an
    earlier run; None when not there (or unreadable)."""
    folder = cache_dir(_MASTER_CACHE)
    if folder is None:
        return None
    try:
        kept = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        layouts = {
            name: MasterLayout(name, tuple(roles), tuple(
                PlaceholderSpec(tuple(r), tuple(box), tuple(inset), tuple(TextLevel(*level) for level in levels))
                for r, box, inset, levels in specs))
            for name, roles, specs in kept["layouts"]}
        shape_levels = tuple(TextLevel(*level) for level in kept["shape_levels"])
        return layouts, kept["major"], kept["minor"], shape_levels
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep_master(key: str, layouts: Mapping[str, MasterLayout], major: str, minor: str,
                 shape_levels: tuple[TextLevel, ...]) -> None:
    """Keep what `load_master` read for the next run (JSON, floats written exactly); no cache, no harm."""
    folder = cache_dir(_MASTER_CACHE)
    if folder is None:
        return
    kept = {
        "layouts": [[layout.name, list(layout.roles), [[list(s.roles), list(s.box), list(s.inset),
                                                         [list(astuple(level)) for level in s.levels]]
                                                        for s in layout.placeholders]]
                    for layout in layouts.values()],
        "major": major, "minor": minor, "shape_levels": [list(astuple(level)) for level in shape_levels],
    }
    keep_json(folder / f"{key}.json", kept)


class _Opened:
    """A master opened once per process (by `load_master`, which only reads it) and built in deck after deck.

    A build adds slide and notes parts (reached only through the presentation's slide relationships), slide ids
    and the core properties (every field the writer sets is set again by the next build). Taking the slides out
    again gives the state a fresh open of the master has after `_drop_slides`; anything else that changed (a notes
    master python-pptx had to add) shows as other relationships, and then the master is opened afresh.
    """

    def __init__(self, data: bytes, prs: Presentation) -> None:
        self.data = data
        self.prs = prs
        self.rel_ids: frozenset[str] | None = None  # the presentation's relationships without slides
        self.layouts: dict[str, SlideLayout] = {}
        self.fixed: frozenset[Part] = frozenset()  # the master's own XML parts, no build changes them
        self.blobs: dict[Part, bytes] = {}  # their bytes, serialized once

    def fixed_blob(self, part: Part) -> bytes:
        """A part's bytes; for the master's XML parts no build changes (masters, layouts, notes master ...),
        serialized once per process instead of once per deck."""
        if part not in self.fixed:
            return part.blob
        blob = self.blobs.get(part)
        if blob is None:
            blob = self.blobs[part] = part.blob
        return blob

    def reset(self) -> bool:
        """Ready for the next deck: no slides; False when that is not the state a fresh open would give."""
        prs = self.prs
        if self.rel_ids is None:  # first use: the template's own slides, if any, go as python-pptx drops them
            _drop_slides(prs)
            self.rel_ids = frozenset(prs.part.rels.keys())
            for m in prs.slide_masters:
                for layout in m.slide_layouts:
                    self.layouts.setdefault(layout.name, layout)
            changing = {prs.part, prs.core_properties.part}  # slide ids; the core properties of each deck
            self.fixed = frozenset(part for part in prs.part.package.iter_parts()
                                   if isinstance(part, XmlPart) and part not in changing)
            return True
        id_list = prs.slides._sldIdLst
        rels = prs.part.rels
        for sld_id in list(id_list):
            rels.pop(sld_id.rId)
            id_list.remove(sld_id)
        return frozenset(rels.keys()) == self.rel_ids


_opened: dict[str, _Opened] = {}


def _open(master: Master) -> _Opened:
    """The master's presentation, without slides, to build one deck in: kept per process, opened again only when
    it is not there yet (or has other bytes) or a build changed more than its slides."""
    kept = _opened.get(master.path)
    if kept is None or kept.data is not master.data or not kept.reset():
        kept = _opened[master.path] = _Opened(master.data, Presentation(io.BytesIO(master.data)))
        kept.reset()
    return kept


_NS = {"a": _A[1:-1], "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
_EMU_PER_PT = 12700
_DEFAULT_INSET = (7.2, 3.6, 7.2, 3.6)  # OOXML bodyPr defaults: 91440 EMU left/right, 45720 EMU top/bottom
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)


def _find(element, path: str):  # noqa: ANN001, ANN202 - lxml element or None
    if element is None:
        return None
    return etree._Element.find(element, path, _NS)  # ElementPath: child paths only, no XPath compiled per call


def _theme_fonts(master) -> tuple[str, str]:  # noqa: ANN001 - python-pptx SlideMaster
    """The theme's major (headings) and minor (body) latin typefaces."""
    try:
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return "", ""
    major = _find(theme, ".//a:fontScheme/a:majorFont/a:latin")
    minor = _find(theme, ".//a:fontScheme/a:minorFont/a:latin")
    return (major.get("typeface", "") if major is not None else "",
            minor.get("typeface", "") if minor is not None else "")


def _placeholder_specs(layout, master, defaults, fonts: tuple[str, str], memo: dict) -> tuple[PlaceholderSpec, ...]:  # noqa: ANN001, E501
    """The layout's placeholders in the order the writer fills them (slide placeholders come in idx order)."""
    specs = []
    cloneable = sorted(layout.iter_cloneable_placeholders(), key=lambda ph: ph.placeholder_format.idx)
    for ph in cloneable:
        kind = ph.placeholder_format.type
        roles = tuple(role for role, kinds in _ROLES.items() if kind in kinds)
        if not roles:
            continue
        title = kind in _TITLE_TYPES
        base = master.placeholders.get(PP_PLACEHOLDER.TITLE if title else PP_PLACEHOLDER.BODY)
        base_el = base.element if base is not None else None
        style = _find(master.element, "p:txStyles/p:titleStyle" if title else "p:txStyles/p:bodyStyle")
        box = tuple(round((v or 0) / _EMU_PER_PT, 2) for v in (ph.left, ph.top, ph.width, ph.height))
        body_prs = [_find(ph.element, "p:txBody/a:bodyPr"), _find(base_el, "p:txBody/a:bodyPr")]
        inset = tuple(_inset(body_prs, attr, default)
                      for attr, default in zip(("lIns", "tIns", "rIns", "bIns"), _DEFAULT_INSET, strict=True))
        chain = [_find(ph.element, "p:txBody/a:lstStyle"), _find(base_el, "p:txBody/a:lstStyle"), style, defaults]
        specs.append(PlaceholderSpec(roles, box, inset, _levels(chain, fonts, memo)))
    return tuple(specs)


def _inset(body_prs: list, attr: str, default: float) -> float:
    for body_pr in body_prs:
        if body_pr is not None and body_pr.get(attr) is not None:
            return int(body_pr.get(attr)) / _EMU_PER_PT
    return default


def _levels(chain: list, fonts: tuple[str, str], memo: dict) -> tuple[TextLevel, ...]:
    """Each outline level's defaults: the first list style in `chain` that says, attribute by attribute.

    `memo` keeps each level's result by the elements it was read from (which keeps them, and so their lxml
    proxies, alive: the same element found again is the same key)."""
    levels = []
    for n in range(1, 10):
        pprs = tuple(_find(s, f"a:lvl{n}pPr") for s in chain if s is not None)
        level = memo.get((pprs, fonts))
        if level is None:
            level = memo[pprs, fonts] = _level(list(pprs), fonts)
        levels.append(level)
    return tuple(levels)


def _level(pprs: list, fonts: tuple[str, str]) -> TextLevel:
    def first(path: str, attr: str):  # noqa: ANN202
        for ppr in pprs:
            node = ppr if path == "." else _find(ppr, path)
            if node is not None and node.get(attr) is not None:
                return node.get(attr)
        return None

    def spacing(name: str) -> tuple[float | None, float | None]:
        for ppr in pprs:
            pct, pts = _find(ppr, f"a:{name}/a:spcPct"), _find(ppr, f"a:{name}/a:spcPts")
            if pct is not None or pts is not None:
                return (int(pct.get("val")) / 100000 if pct is not None else None,
                        int(pts.get("val")) / 100 if pts is not None else None)
        return None, None

    bullet = False
    for ppr in pprs:
        if _find(ppr, "a:buNone") is not None:
            break
        if any(_find(ppr, f"a:{b}") is not None for b in ("buChar", "buAutoNum", "buBlip")):
            bullet = True
            break
    size, bold, italic = first("a:defRPr", "sz"), first("a:defRPr", "b"), first("a:defRPr", "i")
    face = first("a:defRPr/a:latin", "typeface") or "+mn-lt"
    face = fonts[0] if face.startswith("+mj") else fonts[1] if face.startswith("+mn") else face
    before_lines, before = spacing("spcBef")
    line, line_points = spacing("lnSpc")
    margin, indent = first(".", "marL"), first(".", "indent")
    return TextLevel(
        size=int(size) / 100 if size else 18.0,
        bold=bold in ("1", "true"),
        italic=italic in ("1", "true"),
        font=face,
        space_before=before or 0.0,
        space_before_lines=before_lines or 0.0,
        line_spacing=line if line is not None else 1.0,
        line_points=line_points if line is None else None,
        margin=int(margin) / _EMU_PER_PT if margin else 0.0,
        indent=int(indent) / _EMU_PER_PT if indent else 0.0,
        bullet=bullet,
    )


def check_contract(model: DeckModel, master: Master) -> list[DeckError]:
    """Each slide's master layout exists, with the placeholders the slide fills."""
    errors = []
    have = ", ".join(f"'{n}'" for n in master.layouts)
    for slide in model.slides:
        layout = master.layouts.get(slide.master)
        if layout is None:
            errors.append(DeckError(
                f"layout '{slide.layout}' needs master layout '{slide.master}', which {master.path} lacks",
                slide.loc, path=f"slide {slide.number}", hint=f"the master has {have}"))
            continue
        for shape in slide.shapes:
            if shape.kind == "placeholder" and shape.role not in layout.roles:
                errors.append(DeckError(
                    f"master layout '{slide.master}' in {master.path} has no {shape.role} placeholder",
                    shape.loc or slide.loc, path=f"slide {slide.number}",
                    hint=f"it has: {', '.join(layout.roles) or 'no text placeholders'}"))
    return errors


def render_pptx(model: DeckModel, master: Master) -> bytes:
    """The finished .pptx as bytes; the same model and master always give the same bytes."""
    return render_package(model, master).data


def render_package(model: DeckModel, master: Master) -> Package:
    """The finished deck, as bytes and as parts (which the package checks read without unzipping it)."""
    opened = _open(master)
    deck = _Deck(opened, _empty_parts(master))
    prs = deck.prs
    lang = model.meta.language
    for number, spec in enumerate(model.slides, 1):
        key = _made_key(spec, lang)
        made = deck.made.get(key) if key is not None else None
        if made is not None:
            deck.add_made(spec.master, number, *made)
            continue
        slide, placeholders = deck.add_slide(spec.master, number)
        _fill(slide, placeholders, spec, lang)
        notes = deck.add_notes(slide, spec.notes, lang, number) if spec.notes else None
        made = deck.finish(slide, notes)
        if key is not None:
            deck.made.put(key, made)
    _properties(prs, model)
    return _zip_package(prs, {"docProps/app.xml": _app_xml(model, prs)}, opened.fixed_blob)


@dataclass
class _EmptyParts:
    """A master's empty slide of each layout and empty notes page, made once per process and copied."""

    data: bytes
    slides: dict[str, etree._Element] = field(default_factory=dict)
    notes: etree._Element | None = None
    made: Memo[tuple, tuple[bytes, bytes | None]] = field(default_factory=lambda: Memo(256))  # see _made_key


_empties: dict[str, _EmptyParts] = {}


def _empty_parts(master: Master) -> _EmptyParts:
    empty = _empties.get(master.path)
    if empty is None or empty.data is not master.data:
        empty = _empties[master.path] = _EmptyParts(master.data)
    return empty


class _Deck:
    """One build's presentation, adding slides and notes pages copied from the master's empty ones.

    python-pptx clones placeholders one by one, with an XPath for each attribute it reads; an empty slide
    (or notes page) is the same every time, so it is made once and copied. A finished slide and its notes page
    are kept as the bytes they will be written as, not as XML trees.
    """

    def __init__(self, opened: _Opened, empty: _EmptyParts) -> None:
        self.prs = opened.prs
        self.layouts = opened.layouts
        self._empty = empty
        self.made = empty.made
        self._notes_master: Part | None = None

    def add_slide(self, name: str, number: int) -> tuple[Slide, list[tuple[etree._Element, str]]]:
        """Slide `number` on layout `name`, as `Slides.add_slide` makes it (same part name, relationship id and
        slide id), without its scans of every relationship and slide id; and its placeholders in idx order, with
        their types."""
        layout = self.layouts[name]
        empty = self._empty.slides.get(name)
        if empty is None:
            scratch = SlidePart(PackURI("/ppt/slides/empty.xml"), CT.PML_SLIDE, self.prs.part.package, CT_Slide.new())
            scratch.slide.shapes.clone_layout_placeholders(layout)
            empty = self._empty.slides[name] = scratch._element
        part = self._place_slide(SlidePart, name, number, deepcopy(empty))
        return part.slide, _placeholders(part._element)

    def add_notes(self, slide: Slide, text: str, lang: str, number: int) -> NotesSlide:
        """A notes page for `slide`, named without python-pptx's scan of every part for a free name."""
        if self._empty.notes is None:
            scratch = NotesSlidePart(PackURI("/ppt/notesSlides/empty.xml"), CT.PML_NOTES_SLIDE,
                                     self.prs.part.package, CT_NotesSlide.new())
            scratch.notes_slide.clone_master_placeholders(self.notes_master.notes_master)
            self._empty.notes = scratch._element
        part = self._place_notes(NotesSlidePart, slide.part, number, deepcopy(self._empty.notes))
        body = next(sp for sp, kind in _placeholders(part._element) if kind == "body")
        txBody = body.get_or_add_txBody()
        first = txBody.find(_P)
        for i, line in enumerate(text.split("\n")):
            p = first if i == 0 else etree.SubElement(txBody, _P)
            _add_run(p, line).set("lang", lang)
        return part.notes_slide

    def add_made(self, name: str, number: int, slide_blob: bytes, notes_blob: bytes | None) -> None:
        """Slide `number` (and its notes page) as `add_slide`, `add_notes` and `finish` would leave them, from the
        bytes an earlier slide with the same key gave: the same parts, relationships and slide id."""
        part = self._place_slide(Part, name, number, slide_blob)
        if notes_blob is not None:
            self._place_notes(Part, part, number, notes_blob)

    @property
    def notes_master(self) -> Part:
        """The notes master, found (or, for a master without one, made) once: each look-up scans all the
        presentation's relationships."""
        if self._notes_master is None:
            self._notes_master = self.prs.part.notes_master_part
        return self._notes_master

    def _place_slide(self, kind: type[Part], name: str, number: int, content: object) -> Part:
        """Slide part `number` (its tree, or bytes for a plain part) related to layout `name` and listed in the
        presentation as python-pptx lists it."""
        prs = self.prs
        part = kind(PackURI(f"/ppt/slides/slide{number}.xml"), CT.PML_SLIDE, prs.part.package, content)
        part.relate_to(self.layouts[name].part, RT.SLIDE_LAYOUT)
        rel_id = prs.part.rels._add_relationship(RT.SLIDE, part)
        prs.slides._sldIdLst._add_sldId(id=_FIRST_SLIDE_ID + number - 1, rId=rel_id)
        return part

    def _place_notes(self, kind: type[Part], slide: Part, number: int, content: object) -> Part:
        """Notes part `number` related to the notes master and to its slide, and the slide to it."""
        master = self.notes_master
        part = kind(PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"), CT.PML_NOTES_SLIDE, master.package,
                    content)
        part.relate_to(master, RT.NOTES_MASTER)
        part.relate_to(slide, RT.SLIDE)
        slide.relate_to(part, RT.NOTES_SLIDE)
        return part

    @staticmethod
    def finish(slide: Slide, notes: NotesSlide | None) -> tuple[bytes, bytes | None]:
        """Keep a finished slide and its notes page as the bytes `part.blob` gives, and let their trees go; those
        bytes.

        The parts stay where they are in the package (so the zip lists them in the same order) as plain parts
        holding those bytes; the proxies' cached attributes are dropped so no reference cycle keeps a tree."""
        blobs = []
        for proxy in (slide, notes):
            if proxy is None:
                blobs.append(None)
                continue
            part = proxy.part
            blob = part.blob
            part.__class__ = Part
            part._blob = blob
            for name in ("_element", "slide", "notes_slide"):
                part.__dict__.pop(name, None)
            proxy.__dict__.clear()
            blobs.append(blob)
        return blobs[0], blobs[1]


# Shape fields the writer does not read: slides differing only in these are written the same.
_NOT_WRITTEN = frozenset({"loc", "field", "min_size"})
_WRITTEN = tuple(f.name for f in fields(Shape) if f.name not in _NOT_WRITTEN)


def _made_key(spec: SlideSpec, lang: str) -> tuple | None:
    """What a slide's bytes depend on besides the master: its master layout, background, shapes (every field the
    writer reads), notes and language; None for a slide with a picture (its image parts are not kept)."""
    shapes = []
    for shape in spec.shapes:
        if shape.image is not None:
            return None
        shapes.append(tuple(getattr(shape, name) for name in _WRITTEN))
    return spec.master, spec.background, spec.notes, lang, tuple(shapes)


_PH = etree.XPath("p:cSld/p:spTree/*/*[1]/p:nvPr/p:ph", namespaces=_NS)
_SHAPE_TAGS = frozenset(CT_GroupShape._shape_tags)


def _placeholders(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Each placeholder shape of a slide or notes page with its type, in idx order as python-pptx lists them."""
    found = []
    for ph in _PH(root):
        shape = ph.getparent().getparent().getparent()
        if shape.tag in _SHAPE_TAGS:
            found.append((int(ph.get("idx", "0")), shape, ph.get("type", "obj")))
    found.sort(key=lambda item: item[0])
    return [(shape, kind) for _, shape, kind in found]


def write_atomic(data: bytes, target: Path) -> None:
    """Write to a temporary file beside `target`, then rename: a deck is whole or untouched."""
    if target.is_dir():
        raise DeckError("the output path is a folder", Location(str(target)), hint="name a .pptx file")
    blocking = next((p for p in [target.parent, *target.parent.parents] if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise DeckError(f"'{blocking}' is a file, not a folder", Location(str(target)),
                        hint="choose an output path in a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DeckError(f"cannot write here: {exc.strerror}", Location(str(target.parent))) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DeckError(f"cannot write the deck: {exc.strerror}", Location(str(target)),
                        hint="is it open in another program?") from None


def _drop_slides(prs: Presentation) -> None:
    """A master may come with example slides; the deck starts from none."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _fill(slide: Slide, placeholders: list[tuple[etree._Element, str]], spec: SlideSpec, lang: str) -> None:
    """Fill the slide's placeholders and draw its shapes as python-pptx's proxies would, on the XML directly."""
    by_role = {role: [sp for sp, kind in placeholders if kind in kinds] for role, kinds in _ROLE_TYPES.items()}
    used = set()
    last_id = [max((int(v) for v in _IDS(slide._element) if v.isdigit()), default=0)]  # spTree.max_shape_id
    for shape in spec.shapes:
        if shape.kind == "placeholder":
            candidates = [sp for sp in by_role[shape.role] if sp not in used]
            if not candidates:  # checked by check_contract; a second body falls back to a text box
                _add_shape(slide, Shape(**{**shape.__dict__, "kind": "textbox"}), lang, last_id)
                continue
            sp = candidates[0]
            used.add(sp)
            if shape.box:  # placeholder.left, .top, .width, .height = ...
                x, y, w, h = (Emu(int(Pt(v))) for v in shape.box)
                xfrm = sp.get_or_add_xfrm()
                off = xfrm.get_or_add_off()
                off.x, off.y = x, y
                ext = xfrm.get_or_add_ext()
                ext.cx, ext.cy = w, h
            _text(sp.get_or_add_txBody(), shape, lang)
        else:
            _add_shape(slide, shape, lang, last_id)
    for sp, _ in placeholders:
        if sp not in used:
            sp.getparent().remove(sp)
    if spec.background:
        _background(slide, spec.background)


_IDS = etree.XPath("//@id")  # what python-pptx's max_shape_id reads
# The placeholder types (p:ph/@type, "obj" when absent) each role takes.
_ROLE_TYPES = {role: frozenset(PP_PLACEHOLDER.to_xml(k) for k in kinds) for role, kinds in _ROLES.items()}
_backgrounds: dict[str, etree._Element] = {}


def _background(slide: Slide, color: str) -> None:
    """`slide.background.fill.solid()` and its colour: on a slide without a background (every new one), a copy of
    the `p:bg` those calls make, made once per colour."""
    c_sld = slide._element.cSld
    if c_sld.bg is not None:
        fill = slide.background.fill
        fill.solid()
        _color(fill.fore_color, color)
        return
    bg = _backgrounds.get(color)
    if bg is None:
        scratch = CT_Slide.new().cSld
        fill = _Background(scratch).fill
        fill.solid()
        _color(fill.fore_color, color)
        bg = _backgrounds[color] = scratch.bg
    c_sld.insert(0, deepcopy(bg))


def _add_picture(slide: Slide, shape: Shape) -> int:
    """A picture centred in its box at the largest size that keeps its aspect ratio, with alt text; its id."""
    x, y, w, h = (int(Pt(v)) for v in shape.box)
    pic = slide.shapes.add_picture(str(shape.image), x, y)
    scale = min(w / pic.width, h / pic.height)
    pic.width, pic.height = int(pic.width * scale), int(pic.height * scale)
    pic.left, pic.top = x + (w - pic.width) // 2, y + (h - pic.height) // 2
    pic.name = shape.role
    pic._element.nvPicPr.cNvPr.set("descr", shape.alt)
    return pic.shape_id


def _add_shape(slide: Slide, shape: Shape, lang: str, last_id: list[int]) -> None:
    """Draw a text box or shape as `add_textbox` / `add_shape` and the fill, line and name setters would, from a
    copy of a per-process empty shape of that geometry; `last_id` holds the slide's highest shape id so far."""
    if shape.kind == "picture":
        last_id[0] = _add_picture(slide, shape)
        return
    geometry = _GEOMETRY[shape.kind]
    last_id[0] += 1  # python-pptx's _next_shape_id: one more than the highest id on the slide
    sp = deepcopy(_empty_shape(geometry))
    nv_pr, sp_pr = sp[0][0], sp[1]
    nv_pr.set("id", str(last_id[0]))
    nv_pr.set("name", XsdString.to_xml(shape.role))
    xfrm = sp_pr[0]
    x, y, w, h = (int(Pt(v)) for v in shape.box)
    xfrm[0].set("x", str(x))
    xfrm[0].set("y", str(y))
    xfrm[1].set("cx", str(w))
    xfrm[1].set("cy", str(h))
    if shape.flip:
        xfrm.set("flipH", "1")
    if shape.fill and shape.fill != "none":
        for child in sp_pr.findall(_A + "noFill"):  # a text box starts with one: fill.solid() replaces it
            sp_pr.remove(child)
        _solid_fill(sp_pr, shape.fill)
    elif geometry is not None:
        etree.SubElement(sp_pr, _A + "noFill")  # fill.background()
    if shape.line and shape.line != "none":
        ln = etree.SubElement(sp_pr, _A + "ln")
        _solid_fill(ln, shape.line)
        width = int(Pt(shape.line_width or 1))
        if width != 0:  # python-pptx drops a:ln/@w at its default, 0
            ln.set("w", ST_LineWidth.to_xml(width))
    elif geometry is not None:
        etree.SubElement(etree.SubElement(sp_pr, _A + "ln"), _A + "noFill")  # line.fill.background()
    sp_tree = slide.shapes._spTree
    ext = sp_tree.find(_P_NS + "extLst")
    if ext is None:
        sp_tree.append(sp)
    else:
        ext.addprevious(sp)
    if shape.paragraphs:
        _text(sp.find(_P_NS + "txBody"), shape, lang)


@cache
def _empty_shape(geometry: MSO_AUTO_SHAPE_TYPE | None) -> etree._Element:
    """python-pptx's new text box (`geometry` None) or auto shape, without the p:style this writer removes."""
    if geometry is None:
        return CT_Shape.new_textbox_sp(0, "", 0, 0, 0, 0)
    sp = CT_Shape.new_autoshape_sp(0, "", AutoShapeType(geometry).prst, 0, 0, 0, 0)
    sp.remove(sp.find(_P_NS + "style"))
    return sp


def _text(txBody: etree._Element, shape: Shape, lang: str) -> None:
    """Fill a text body as python-pptx's TextFrame, _Paragraph, _Run and Font would (same elements, attributes
    and order), working on the XML directly: the proxies cost more than the text they write."""
    body_pr = txBody.find(_BODY_PR)
    body_pr.set("wrap", "square")  # word_wrap = True
    if shape.inset is not None:
        for (name, default), points in zip(_INSETS, shape.inset, strict=True):
            emu = int(Pt(points))
            if emu == default:  # python-pptx drops an attribute set to its default
                body_pr.attrib.pop(name, None)
            else:
                body_pr.set(name, str(emu))
    if shape.anchor:
        body_pr.set("anchor", MSO_ANCHOR.to_xml(_ANCHOR[shape.anchor]))
    paragraphs = shape.paragraphs or (Paragraph(""),)
    existing = txBody.findall(_P)
    for p in existing[1:]:
        txBody.remove(p)
    for i, para in enumerate(paragraphs):
        if i == 0:
            p = existing[0]
            for child in p.findall("*"):  # _Paragraph.clear(): runs, breaks and fields go, properties stay
                if child.tag in _CONTENT:
                    p.remove(child)
        else:
            p = etree.SubElement(txBody, _P)
        _paragraph(p, para, shape, lang)


def _paragraph(p: etree._Element, para: Paragraph, shape: Shape, lang: str) -> None:
    if para.level:
        _ppr(p).set("lvl", ST_TextIndentLevelType.to_xml(para.level))
    if shape.align:
        _ppr(p).set("algn", PP_ALIGN.to_xml(_ALIGN[shape.align]))
    if para.bullet is False:
        ppr = _ppr(p)
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        etree.SubElement(ppr, _A + "buNone")
    size = para.size or shape.size
    bold = para.bold if para.bold is not None else shape.bold
    italic = para.italic if para.italic is not None else shape.italic
    color = para.color or shape.color
    for j, text in enumerate(para.text.split("\v")):
        if j:
            _add_content(p, p.makeelement(_BR))
        r_pr = _add_run(p, text)
        if size:
            r_pr.set("sz", ST_TextFontSize.to_xml(Pt(size).centipoints))
        if bold is not None:
            r_pr.set("b", XsdBoolean.to_xml(bold))
        if italic is not None:
            r_pr.set("i", XsdBoolean.to_xml(italic))
        if color:
            _solid_fill(r_pr, color)
        r_pr.set("lang", lang)
    end = p.find(_END)
    if end is None:
        end = etree.SubElement(p, _END)
    end.set("lang", lang)
    if size:
        end.set("sz", str(int(size * 100)))


def _ppr(p: etree._Element) -> etree._Element:
    """The paragraph's a:pPr, added as its first child when missing (get_or_add_pPr)."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = p.makeelement(_PPR)
        p.insert(0, ppr)
    return ppr


def _add_content(p: etree._Element, element: etree._Element) -> None:
    """Append a run or break to a paragraph, before its a:endParaRPr if it has one."""
    end = p.find(_END)
    if end is None:
        p.append(element)
    else:
        end.addprevious(element)


def _add_run(p: etree._Element, text: str) -> etree._Element:
    """Add `<a:r><a:rPr/><a:t>text</a:t></a:r>` as _Paragraph.add_run, .text and .font do; return the a:rPr."""
    r = p.makeelement(_R)
    r_pr = etree.SubElement(r, _RPR)
    etree.SubElement(r, _T).text = CT_RegularTextRun._escape_ctrl_chars(text)
    _add_content(p, r)
    return r_pr


def _solid_fill(parent: etree._Element, value: str) -> None:
    """`<a:solidFill>` with an RGB or theme colour, as a font's color.rgb / color.theme_color write it."""
    fill = etree.SubElement(parent, _A + "solidFill")
    if value.startswith("#"):
        etree.SubElement(fill, _A + "srgbClr").set("val", str(RGBColor.from_string(value[1:].upper())))
    else:
        etree.SubElement(fill, _A + "schemeClr").set("val", MSO_THEME_COLOR.to_xml(_THEME[value]))


def _color(target, value: str) -> None:  # noqa: ANN001
    if value.startswith("#"):
        target.rgb = RGBColor.from_string(value[1:].upper())
    else:
        target.theme_color = _THEME[value]


def _properties(prs: Presentation, model: DeckModel) -> None:
    props = prs.core_properties
    meta = model.meta
    stamp = datetime.combine(meta.date, time(9, 0))
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author or "make-deck"
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.language = meta.language
    props.subject = ""
    props.keywords = ""
    props.comments = ""


def _app_xml(model: DeckModel, prs: Presentation) -> bytes:
    """Extended properties that describe this deck, not the template it came from."""
    ratio = prs.slide_width / prs.slide_height
    shape = "16:9" if abs(ratio - 16 / 9) < 0.01 else "16:10" if abs(ratio - 1.6) < 0.01 else "4:3"
    notes = sum(1 for s in model.slides if s.notes)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>make-deck</Application><PresentationFormat>On-screen Show ({shape})</PresentationFormat>"
        f"<Slides>{len(model.slides)}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
        "</Properties>"
    ).encode()


def _zip_package(prs: Presentation, replace: Mapping[str, bytes], blob_of: Callable[[Part], bytes]) -> Package:
    """The package as `prs.save` writes it (same entries in the same order), each entry written once with a
    fixed date and mode so equal input gives equal bytes; `replace` gives some entries other contents,
    `blob_of` a part's bytes."""
    package = prs.part.package
    parts = _parts_in_order(package._rels)
    entries: dict[str, bytes] = {}

    def add(pack_uri: PackURI, blob: bytes) -> None:
        name = pack_uri.membername
        entries[name] = replace.get(name) or blob

    types = tuple((part._partname, part._content_type) for part in parts)
    content_types = _content_types.get(types)
    if content_types is None:
        PackageWriter(None, package._rels, parts)._write_content_types_stream(_Entries(add))
        content_types = _content_types.put(types, entries[CONTENT_TYPES_URI.membername])
    add(CONTENT_TYPES_URI, content_types)
    add(PACKAGE_URI.rels_uri, _rels_xml(package._rels))
    for part in parts:  # PackageWriter._write_parts, with the .rels written by _rels_xml
        name = part._partname
        entries[name[1:]] = replace.get(name[1:]) or blob_of(part)
        if part._rels._rels:
            entries[_rels_member(name)] = _rels_xml(part._rels)
    return Package(_zip(entries), entries)


def _parts_in_order(rels: _Relationships) -> list[Part]:
    """The parts as `OpcPackage.iter_parts` lists them (depth first along the relationships, each part once),
    read from the relationships' own fields: python-pptx's properties cost more than the walk."""
    parts: list[Part] = []
    seen: set[Part] = set()

    def walk(rels: _Relationships) -> None:
        for rel in rels._rels.values():
            if rel._target_mode == RTM.EXTERNAL:
                continue
            part = rel._target
            if part in seen:
                continue
            seen.add(part)
            parts.append(part)
            walk(part._rels)

    walk(rels)
    return parts


@lru_cache(maxsize=4096)
def _rels_member(partname: str) -> str:
    return PackURI(partname).rels_uri.membername


# [Content_Types].xml by the parts' names and types: the same for every deck with as many slides and notes pages.
_content_types: Memo[tuple[tuple[str, str], ...], bytes] = Memo(16)


@dataclass(frozen=True)
class _Entries:
    """What python-pptx's package writer writes `[Content_Types].xml` to."""

    write: Callable[[PackURI, bytes], None]


@dataclass(frozen=True)
class Package:
    """A written deck: the .pptx bytes, and its parts by name (as zip entry names) before compression."""

    data: bytes
    parts: Mapping[str, bytes]


# The zip records `zipfile` writes for a ZIP_DEFLATED entry of a seekable file (no data descriptor, no zip64),
# from a POSIX system: version 2.0, dated ZIP_DATE, mode 0644.
_ZIP_LOCAL = struct.Struct("<4s2B4HL2L2H")
_ZIP_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_ZIP_END = struct.Struct("<4s4H2LH")
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_ZIP_LIMIT = 0xFFFFFFFF
# Entry contents -> CRC-32 and deflated data, for the 2 MiB of contents used most recently (a master's parts,
# the slides every edition shares).
_deflated: Memo[bytes, tuple[int, bytes]] = Memo(2 << 20, size=lambda data, kept: len(data) + len(kept[1]))


def _zip(entries: Mapping[str, bytes]) -> bytes:
    """The zip archive `zipfile.ZipFile(..., "w", ZIP_DEFLATED)` writes for these entries in this order, with
    `_FixedDateEntries` dates and modes: byte for byte. Contents written before (a master's parts, a slide that
    is the same in every edition) are not deflated again."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in entries.items():
        crc, packed = _deflate(data)
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), 0x800
        if offset > _ZIP_LIMIT or len(data) > _ZIP_LIMIT or len(packed) > _ZIP_LIMIT:
            raise DeckError("the deck is larger than 4 GiB, which a .pptx cannot be", hint="split it")
        header = _ZIP_LOCAL.pack(b"PK\x03\x04", 20, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc,
                             len(packed), len(data), len(raw), 0)
        central.append(_ZIP_CENTRAL.pack(b"PK\x01\x02", 20, 3, 20, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME,
                                     _DOS_DATE, crc, len(packed), len(data), len(raw), 0, 0, 0, 0, 0o644 << 16,
                                     offset))
        central.append(raw)
        out += (header, raw, packed)
        offset += len(header) + len(raw) + len(packed)
    directory = b"".join(central)
    count = len(entries)
    if count > 0xFFFF or offset > _ZIP_LIMIT:
        raise DeckError(f"the deck has {count} parts in {offset} bytes, more than a .pptx can hold", hint="split it")
    out += (directory, _ZIP_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))
    return b"".join(out)


def _deflate(data: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate of `data` as `zipfile` makes them (zlib's default level, one write)."""
    kept = _deflated.get(data)
    if kept is None:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        kept = _deflated.put(data, (zlib.crc32(data), compressor.compress(data) + compressor.flush()))
    return kept


_RELS_HEAD = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
              f'<Relationships xmlns="{_RELS_NS}">')
_PLAIN = re.compile(r"[A-Za-z0-9._/:#?=%~+-]*")  # needs no escaping in an XML attribute


def _rels_xml(rels: _Relationships) -> bytes:
    """The .rels bytes python-pptx's `_Relationships.xml` gives (relationships in numerical rId order, attributes
    Id, Type, Target, TargetMode), written as a string; any value that would need escaping goes through
    python-pptx itself. Made once per process for each distinct set of relationships (every edition's slide 3
    has the same)."""
    key = (rels._base_uri, *((rel._rId, rel._reltype, rel._target_mode,
                              rel._target if isinstance(rel._target, str) else rel._target._partname)
                             for rel in rels._rels.values()))
    xml = _rels_made.get(key)
    return xml if xml is not None else _rels_made.put(key, _make_rels_xml(rels))


_rels_made: Memo[tuple, bytes] = Memo(1024)


def _make_rels_xml(rels: _Relationships) -> bytes:
    def number(rel: _Relationship) -> tuple[int, str]:
        rid = rel.rId
        return (int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid)

    out = [_RELS_HEAD]
    for rel in sorted(rels.values(), key=number):
        external = rel.is_external
        target = rel._target if external else _relative_ref(rel._target.partname, rel._base_uri)
        if not all(_PLAIN.fullmatch(value) for value in (rel.rId, rel.reltype, target)):
            return rels.xml
        mode = ' TargetMode="External"' if external else ""
        out.append(f'<Relationship Id="{rel.rId}" Type="{rel.reltype}" Target="{target}"{mode}/>')
    if len(out) == 1:
        return rels.xml
    out.append("</Relationships>")
    return "".join(out).encode()


@lru_cache(maxsize=4096)
def _relative_ref(partname: PackURI, base_uri: str) -> str:
    return partname.relative_ref(base_uri)
