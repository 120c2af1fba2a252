"""A master as untrusted input: macros, ActiveX, OLE objects and outside links taken out; macro-enabled refused."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

from generator.errors import DeckError, Location
from generator.ooxml.names import NS, qn, rel_type
from generator.ooxml.xml import parse_xml, xml_bytes

_MAIN_REL = rel_type("officeDocument")
_R = (
    "{" + NS["r"] + "}"
)  # the start of every attribute in the relationships namespace (r:id, r:embed ...)
# What each relationship type that can run code or embed a program is called in a finding, by the end of its type.
ACTIVE = {
    "vbaProject": "macros (a VBA project)",
    "oleObject": "an OLE object",
    "control": "an ActiveX control",
    "activeXControl": "an ActiveX control",
    "activeXControlBinary": "an ActiveX control",
    "extensibility": "a custom ribbon (it calls macros)",
}
# Elements that only carry a link: removed alone, the shape they sit on kept.
_LINKS = frozenset(qn(f"a:{tag}") for tag in ("hlinkClick", "hlinkHover", "hlinkMouseOver", "snd"))
# What else a removed relationship takes with it: the nearest of these around the element naming it.
_HOLDERS = frozenset(
    qn(f"p:{tag}")
    for tag in ("sp", "pic", "graphicFrame", "cxnSp", "grpSp", "contentPart", "bg", "control")
)


def refuse_macros(types: bytes, main: str, where: Location) -> None:
    """A DeckError when the package's main part is typed macro-enabled (a .pptm, .potm or .ppsm, whatever
    its file is called)."""
    kind = content_type(types, main)
    if "macroenabled" in kind.lower():
        raise DeckError(
            f"a macro-enabled presentation cannot be a master: its main part {main} is typed '{kind}'",
            where,
            hint="open it in PowerPoint and save it as a PowerPoint Presentation (.pptx) or Template "
            "(.potx), which holds no macros",
        )


def content_type(types: bytes, part: str) -> str:
    """A part's content type as [Content_Types].xml gives it: its Override, else the Default of its extension."""
    root = parse_xml(types)
    for override in root.iterfind(qn("ct:Override")):
        if override.get("PartName", "").lower() == part.lower():
            return override.get("ContentType", "")
    ext = posixpath.splitext(part)[1][1:].lower()
    for default in root.iterfind(qn("ct:Default")):
        if default.get("Extension", "").lower() == ext:
            return default.get("ContentType", "")
    return ""


def main_part(archive: zipfile.ZipFile) -> str:
    """The package's main part (`/ppt/presentation.xml`), as its own relationships name it."""
    try:
        rels = parse_xml(archive.read("_rels/.rels"))
    except KeyError:
        return "/ppt/presentation.xml"
    for rel in rels:
        if rel.get("Type") == _MAIN_REL:
            return "/" + rel.get("Target", "").lstrip("/")
    return "/ppt/presentation.xml"


def made_safe(data: bytes, where: Location) -> tuple[bytes, tuple[str, ...]]:
    """The package in `data` without what could run or reach out, and what was taken out (one line each, in
    the order met); `data` itself when there is nothing to take out."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main = main_part(archive)
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            refuse_macros(archive.read("[Content_Types].xml"), main, where)
        edits: dict[str, bytes] = {}
        removed: list[str] = []
        for rels_entry in sorted(n for n in names if n.endswith(".rels")):
            _clean(archive, rels_entry, names, edits, removed)
        if not edits:
            return data, ()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in archive.infolist():
                blob = edits.get(info.filename)
                dst.writestr(info, blob if blob is not None else archive.read(info))
    return out.getvalue(), tuple(removed)


def _clean(
    archive: zipfile.ZipFile, rels_entry: str, names: set[str], edits: dict, removed: list
) -> None:
    """One .rels entry without its dangerous relationships, and its part without what named them."""
    rels = parse_xml(archive.read(rels_entry))
    source = _source_of(rels_entry)
    dropped = {}
    for rel in list(rels):
        what = _danger(rel)
        if what is None:
            continue
        dropped[rel.get("Id", "")] = what
        rels.remove(rel)
    if not dropped:
        return
    edits[rels_entry] = xml_bytes(rels)
    where = source or "the package"
    if source and source in names and source.endswith(".xml"):
        root = parse_xml(archive.read(source))
        _unlink(root, set(dropped))
        edits[source] = xml_bytes(root)
    removed.extend(f"{what}, from {where}" for what in dropped.values())


def _source_of(rels_entry: str) -> str:
    """The zip entry a .rels entry belongs to: `ppt/slides/_rels/slide1.xml.rels` -> `ppt/slides/slide1.xml`
    ("" for the package's own)."""
    folder, base = posixpath.split(rels_entry)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]).lstrip("/")


def _danger(rel: etree._Element) -> str | None:
    """What a relationship would bring into a deck, or None when it is safe to keep."""
    kind = rel.get("Type", "").rsplit("/", 1)[-1]
    if kind in ACTIVE:
        return ACTIVE[kind]
    if rel.get("TargetMode", "").lower() == "external":
        return (
            f"a link to {rel.get('Target', '')!r} outside the file (its {kind or 'relationship'})"
        )
    return None


def _unlink(root: etree._Element, rids: set[str]) -> None:
    """Take out every element that names one of `rids`: a hyperlink alone, anything else with the shape,
    background or control that holds it (and the markup-compatibility choice around that)."""
    for element in list(_naming(root, rids)):
        if element.getparent() is None and element is not root:
            continue  # already gone with an ancestor
        target = element if element.tag in _LINKS else _holder(element)
        parent = target.getparent()
        if parent is not None:
            parent.remove(target)
            if parent.tag == qn("p:controls") and not len(parent):
                parent.getparent().remove(parent)  # p:controls holds at least one control
        else:
            for name in [n for n in element.attrib if n.startswith(_R)]:
                del element.attrib[name]


def _naming(root: etree._Element, rids: set[str]) -> Iterator[etree._Element]:
    for element in root.iter():
        if any(k.startswith(_R) and v in rids for k, v in element.attrib.items()):
            yield element


def _holder(element: etree._Element) -> etree._Element:
    """The nearest shape, background or control around `element` (itself when there is none), widened to the
    mc:AlternateContent that offers it as one choice."""
    found = element
    for ancestor in element.iterancestors():
        if ancestor.tag in _HOLDERS:
            found = ancestor
            break
    for ancestor in found.iterancestors():
        if ancestor.tag == qn("mc:AlternateContent"):
            return ancestor
    return found
