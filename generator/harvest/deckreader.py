"""A .pptx from outside read under limits: slides in order, their tags, shapes, texts, boxes, fonts and notes."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from generator.errors import DeckError, Location, printable, shown
from generator.fileio import read_regular
from generator.ooxml.names import NS, qn
from generator.ooxml.zipbounds import check_archive

MAX_FILE = 256 * 1024 * 1024  # bytes of a .pptx on disk
# A returned deck's parts are read whole: bounds that keep harvest within its memory (docs/checks.md)
MAX_PART = (
    16 * 1024 * 1024
)  # bytes of one XML part harvest reads (a slide, its notes, layout, master ...)
MAX_ELEMENTS = 200_000  # XML elements in one such part
MAX_SLIDES = 2_000
MAX_TEXT = 100_000  # characters of one text (a shape's, a table cell's, a slide's notes), as a content string
MAX_DECK_TEXT = 8_000_000  # characters of every text of the deck together
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an encrypted Office file, or a binary .ppt
# Placeholder types as one kind each: LibreOffice writes `ctrTitle` back as `title` and an `obj` as a bare p:ph.
_FURNITURE = ("dt", "ftr", "sldNum", "hdr")
_KINDS = {
    "title": "title",
    "ctrTitle": "title",
    "subTitle": "subtitle",
    "body": "body",
    "obj": "body",
}


@dataclass(frozen=True)
class TextShape:
    """A shape as harvest compares it: name, placeholder kind ("" for a drawn shape), text, box and fonts."""

    name: str
    kind: str  # "title", "subtitle", "body"; "" for a drawn shape; "other" for date, footer, slide number
    paragraphs: tuple[str, ...]
    # x, y, width, height in EMU; None: where its layout puts it
    box: tuple[int, int, int, int] | None
    # (property, value) of the runs: size, bold, italic, face, colour
    fonts: tuple[tuple[str, str], ...]
    cells: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row
    grows: bool = False  # the shape's height follows its text (a:spAutoFit)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class DeckSlide:
    """One slide: the content slide its tag names ("" without one), its shapes in tree order, its notes."""

    key: str
    shapes: tuple[TextShape, ...]
    notes: str

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.shapes if s.text)


@dataclass(frozen=True)
class DeckText:
    """A deck's slides and the properties make-deck recorded in it (custom properties, then the deck's tags)."""

    slides: tuple[DeckSlide, ...]
    properties: Mapping[str, str]
    application: str = ""  # the program that saved it last (docProps/app.xml)


def read_pptx(path: Path) -> DeckText:
    """A .pptx file read under the bounds of any zip from outside (archive.py); every problem is a `DeckError`."""
    where = Location(shown(path))
    try:
        data = read_regular(path, where, MAX_FILE, ".pptx file")
    except FileNotFoundError:
        raise DeckError("no such file", where) from None
    except OSError as exc:
        raise DeckError(f"cannot read: {exc.strerror}", where) from None
    return read_parts(_unzipped(data, where), where)


def _unzipped(data: bytes, where: Location) -> Callable[[str], bytes | None]:
    """A reader of the package's entries by name, once the whole archive passed its checks."""
    if data.startswith(_OLE):
        raise DeckError(
            "the file is password-protected (or a binary .ppt), not a .pptx package",
            where,
            hint="open it in PowerPoint, remove the password (File > Info > Protect) and save as .pptx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise DeckError(f"not a .pptx package (a zip archive): {exc}", where) from None
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise DeckError(
                f"the entry {info.filename} is encrypted",
                where,
                hint="save the deck without a password",
            )
    check_archive(data, where, ".pptx file")
    by_name = {i.filename: i for i in archive.infolist()}

    def read(name: str) -> bytes | None:
        info = by_name.get(name)
        if info is None:
            return None
        if info.file_size > MAX_PART and name.endswith((".xml", ".rels")):
            raise DeckError(
                f"the part /{name} holds {info.file_size:,} bytes, more than the {MAX_PART:,} harvest "
                "reads of one part",
                where,
                hint="a slide of a deck to harvest holds slide text, not whole documents",
            )
        return archive.read(info)

    return read


def parse(blob: bytes, name: str, where: Location) -> etree._Element:
    """A part's XML without DTDs, entities or network; a part that declares a DOCTYPE is refused."""
    if b"<!DOCTYPE" in blob[:65536].upper():  # a DOCTYPE comes before the root element
        raise DeckError(f"the part /{name} declares a DOCTYPE, which a deck never needs", where)
    events = etree.iterparse(
        io.BytesIO(blob),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    root = None
    try:
        for count, (_, element) in enumerate(events, 1):
            if count > MAX_ELEMENTS:
                raise DeckError(
                    f"the part /{name} holds more than {MAX_ELEMENTS:,} XML elements",
                    where,
                    hint="a slide of a deck to harvest holds slide text, not whole documents",
                )
            root = element if root is None else root
    except etree.XMLSyntaxError as exc:
        raise DeckError(f"the part /{name} is not well-formed XML: {exc}", where) from None
    if root is None:
        raise DeckError(f"the part /{name} is empty", where)
    if root.getroottree().docinfo.doctype:
        raise DeckError(f"the part /{name} declares a DOCTYPE, which a deck never needs", where)
    return root


def read_parts(
    read: Callable[[str], bytes | None] | Mapping[str, bytes], where: Location
) -> DeckText:
    """The slides and properties of a package whose parts `read` gives by zip entry name."""
    get = read.get if isinstance(read, Mapping) else read
    pkg = _Package(get, where)
    presentation = pkg.main()
    root = pkg.xml(presentation)
    slides: list[DeckSlide] = []
    rels = pkg.rels(presentation)
    parts = [
        rels[rid][0] for rid in root.xpath("p:sldIdLst/p:sldId/@r:id", namespaces=NS) if rid in rels
    ]
    _check_slides(parts, where)
    chars = 0
    for n, part in enumerate(parts, 1):
        slides.append(_slide(pkg, part))
        chars += _check_text(slides[-1], n, where)
        if chars > MAX_DECK_TEXT:
            raise DeckError(
                f"the deck holds more than {MAX_DECK_TEXT:,} characters of text (at slide {n})",
                where,
                hint="harvest reads decks made from content files, whose texts are bounded",
            )
    app = pkg.related("", "extended-properties")
    application = ""
    if app is not None and pkg.get(app) is not None:
        application = "".join(pkg.xml(app).xpath("*[local-name()='Application']//text()"))
    return DeckText(tuple(slides), _properties(pkg, presentation), application)


def _check_slides(parts: list[str], where: Location) -> None:
    """At most MAX_SLIDES slides, each slide part listed once (two entries of one part are one slide shown
    twice, which no program writes)."""
    if len(parts) > MAX_SLIDES:
        raise DeckError(
            f"the deck lists {len(parts):,} slides, more than the {MAX_SLIDES:,} harvest reads",
            where,
            hint="split the deck, or harvest the decks made from each content file",
        )
    seen: dict[str, int] = {}
    for n, part in enumerate(parts, 1):
        if part in seen:
            raise DeckError(
                f"slides {seen[part]} and {n} are one slide part (/{printable(part)}), listed twice",
                where,
                hint="save the deck again from PowerPoint or LibreOffice",
            )
        seen[part] = n


def _check_text(slide: DeckSlide, n: int, where: Location) -> int:
    """The characters of a slide's texts; a text over MAX_TEXT is refused (no content string may hold it)."""
    texts = [s.text for s in slide.shapes] + [c for s in slide.shapes for r in s.cells for c in r]
    for text in [*texts, slide.notes]:
        if len(text) > MAX_TEXT:
            raise DeckError(
                f"slide {n} holds a text of {len(text):,} characters, more than the {MAX_TEXT:,} a "
                "content string may hold",
                where,
                hint="shorten it in the deck, or write it into the content by hand",
            )
    return sum(map(len, texts)) + len(slide.notes)


class _Package:
    """Parts read and parsed on demand, with their relationships."""

    def __init__(self, get: Callable[[str], bytes | None], where: Location) -> None:
        self.get = get
        self.where = where
        self.boxes: dict[str, dict[str, tuple[int, int, int, int]]] = {}  # by layout or master part

    def placed(self, name: str) -> dict[str, tuple[int, int, int, int]]:
        """Where the placeholders of a layout (or its master, for those it leaves to it) sit, by `idx:N` and by
        kind."""
        if name not in self.boxes:
            self.boxes[name] = {}
            master = self.related(name, "slideMaster")
            inherited = self.placed(master) if master is not None and master != name else {}
            own: dict[str, tuple[int, int, int, int]] = {}
            for ph in self.xml(name).iterfind("p:cSld/p:spTree//p:nvPr/p:ph", NS):
                box = _box(ph.getparent().getparent().getparent().find("p:spPr/a:xfrm", NS))
                kind = _KINDS.get(ph.get("type", "obj"), "other")
                box = box or inherited.get(kind)
                if box is not None:
                    own.setdefault(f"idx:{ph.get('idx', '0')}", box)
                    own.setdefault(kind, box)
            self.boxes[name] = own
        return self.boxes[name]

    def xml(self, name: str) -> etree._Element:
        blob = self.get(name)
        if blob is None:
            raise DeckError(f"the part /{name} is missing", self.where)
        return parse(blob, name, self.where)

    def rels(self, name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (target part name, type) of part `name` ("" for the package's own)."""
        folder, base = posixpath.split(name)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        blob = self.get(rels)
        if blob is None:
            return {}
        out = {}
        for rel in parse(blob, rels, self.where).iterfind(qn("pr:Relationship")):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            joined = (
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            out[rel.get("Id", "")] = (posixpath.normpath(joined), rel.get("Type", ""))
        return out

    def related(self, name: str, kind: str) -> str | None:
        """The first part `name` relates to with a relationship type ending in `/kind`."""
        return next(
            (t for t, rel_type in self.rels(name).values() if rel_type.endswith("/" + kind)), None
        )

    def main(self) -> str:
        found = self.related("", "officeDocument")
        if found is None:
            raise DeckError("not a presentation: the package names no main part", self.where)
        return found


def _slide(pkg: _Package, name: str) -> DeckSlide:
    root = pkg.xml(name)
    tree = root.find("p:cSld/p:spTree", NS)
    shapes = tuple(_shapes(tree)) if tree is not None else ()
    layout = pkg.related(name, "slideLayout")
    if layout is not None and any(s.box is None and s.kind for s in shapes):
        placed = pkg.placed(layout)
        shapes = tuple(_placed(s, e, placed) for s, e in zip(shapes, _elements(tree), strict=True))
    tags = pkg.related(name, "tags")
    key = _tags(pkg, tags).get("MAKEDECK_SLIDE", "") if tags else ""
    notes_part = pkg.related(name, "notesSlide")
    notes = ""
    if notes_part is not None:
        body = [
            s for s in _shapes(pkg.xml(notes_part).find("p:cSld/p:spTree", NS)) if s.kind == "body"
        ]
        notes = body[0].text if body else ""
    return DeckSlide(key, shapes, notes)


def _tags(pkg: _Package, name: str) -> dict[str, str]:
    return {
        t.get("name", "").upper(): t.get("val", "") for t in pkg.xml(name).iterfind(qn("p:tag"))
    }


def _properties(pkg: _Package, presentation: str) -> dict[str, str]:
    """MakeDeck's recorded version and sources, as `version` and `source1`...: docProps/custom.xml (which
    LibreOffice keeps), else the deck's tags (which PowerPoint keeps)."""
    out: dict[str, str] = {}
    tags = pkg.related(presentation, "tags")
    for name, value in (_tags(pkg, tags) if tags else {}).items():
        if name.startswith("MAKEDECK_"):
            out[name.removeprefix("MAKEDECK_").lower()] = value
    custom = pkg.related("", "custom-properties")
    if custom is not None and pkg.get(custom) is not None:
        for prop in pkg.xml(custom).iterfind(qn("op:property")):
            name = prop.get("name", "")
            if name.startswith("MakeDeck."):
                out[name.removeprefix("MakeDeck.").lower()] = "".join(prop.itertext())
    return out


def _shapes(tree: etree._Element | None) -> Iterator[TextShape]:
    """The shapes of a shape tree in order, groups opened."""
    for element in _elements(tree):
        yield _shape(element)


def _elements(tree: etree._Element | None) -> Iterator[etree._Element]:
    for child in tree if tree is not None else ():
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "grpSp":
            yield from _elements(child)
        elif tag in ("sp", "pic", "graphicFrame", "cxnSp") and not _furniture(child):
            yield child


def _furniture(element: etree._Element) -> bool:
    """A date, footer or slide number placeholder: the deck's `footer:` and numbering, not a slide's content."""
    ph = element.find("*/p:nvPr/p:ph", NS)
    return ph is not None and ph.get("type") in _FURNITURE


def _placed(
    shape: TextShape, element: etree._Element, placed: dict[str, tuple[int, int, int, int]]
) -> TextShape:
    """A placeholder without a box of its own, with the box of its layout's placeholder (by idx, else kind)."""
    if shape.box is not None or not shape.kind:
        return shape
    ph = element.find("*/p:nvPr/p:ph", NS)
    box = placed.get(f"idx:{ph.get('idx')}") if ph.get("idx") else None
    return replace(shape, box=box or placed.get(shape.kind))


def _shape(element: etree._Element) -> TextShape:
    c_nv_pr = element.find("*/p:cNvPr", NS)
    ph = element.find("*/p:nvPr/p:ph", NS)
    kind = "" if ph is None else _KINDS.get(ph.get("type", "obj"), "other")
    xfrm = element.find("p:spPr/a:xfrm", NS)
    if xfrm is None:
        xfrm = element.find("p:xfrm", NS)
    body = element.find("p:txBody", NS)
    paragraphs = tuple(_paragraph(p) for p in body.iterfind("a:p", NS)) if body is not None else ()
    rows = tuple(
        tuple(
            "\n".join(_paragraph(p) for p in tc.iterfind("a:txBody/a:p", NS))
            for tc in tr.iterfind("a:tc", NS)
        )
        for tr in element.iterfind("a:graphic/a:graphicData/a:tbl/a:tr", NS)
    )
    grows = body is not None and body.find("a:bodyPr/a:spAutoFit", NS) is not None
    while paragraphs and not paragraphs[-1]:  # empty paragraphs at the end show nothing
        paragraphs = paragraphs[:-1]
    return TextShape(
        c_nv_pr.get("name", "") if c_nv_pr is not None else "",
        kind,
        paragraphs,
        _box(xfrm),
        _fonts(body),
        rows,
        grows,
    )


def _paragraph(p: etree._Element) -> str:
    """A paragraph's text: runs and fields, a line break as a new line."""
    out = []
    for child in p:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag in ("r", "fld"):
            out.append("".join(t.text or "" for t in child.iterfind("a:t", NS)))
        elif tag == "br":
            out.append("\n")
    return "".join(out)


def _box(xfrm: etree._Element | None) -> tuple[int, int, int, int] | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    try:
        return (
            int(off.get("x", 0)),
            int(off.get("y", 0)),
            int(ext.get("cx", 0)),
            int(ext.get("cy", 0)),
        )
    except (AttributeError, ValueError):
        return None


def _fonts(body: etree._Element | None) -> tuple[tuple[str, str], ...]:
    """What the text's runs set of their own: size, bold, italic, typeface and colour, each value once."""
    if body is None:
        return ()
    found: dict[tuple[str, str], None] = {}
    for r_pr in body.iterfind("a:p/a:r/a:rPr", NS):
        for attr, name in (("sz", "size"), ("b", "bold"), ("i", "italic")):
            if r_pr.get(attr) is not None:
                found[name, r_pr.get(attr)] = None
        latin = r_pr.find("a:latin", NS)
        if latin is not None:
            found["face", latin.get("typeface", "")] = None
        color = r_pr.find("a:solidFill/*", NS)
        if color is not None:
            found["colour", color.get("val", "")] = None
    return tuple(found)
