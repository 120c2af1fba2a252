"""Package XML parsed without DTDs, written as python-pptx writes it; elements by qualified name."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from generator.ooxml.names import NS, qn


def element(tag: str, nsmap: Mapping[str, str] | None = None, **attrs: object) -> etree._Element:
    """A new element `tag` (`prefix:name`), declaring the namespaces of `nsmap` (prefixes of
    `NS` to their URIs), with `attrs` as text (`r_id=` writes `r:id`)."""
    made = etree.Element(qn(tag), nsmap=dict(nsmap) if nsmap else None)
    if attrs:
        _set(made, attrs)
    return made


def sub_element(parent: etree._Element, tag: str, **attrs: object) -> etree._Element:
    """A new last child `tag` (`prefix:name`) of `parent`, with `attrs` as text (`r_id=` writes
    `r:id`)."""
    made = etree.SubElement(parent, qn(tag))
    if attrs:
        _set(made, attrs)
    return made


def child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The first child `tag` (`prefix:name`) of `parent`, or None: `find()` without reading a path,
    which lxml does in Python at every call."""
    return next(parent.iterchildren(qn(tag)), None)


# what comes before a shape's fill in its properties (a:spPr): its place and its geometry
_BEFORE_FILL = frozenset(qn(f"a:{name}") for name in ("xfrm", "custGeom", "prstGeom"))
_FILLS = frozenset(
    qn(f"a:{name}") for name in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill")
)


def solid_fill(colour: str) -> etree._Element:
    """An a:solidFill of one colour: `#RRGGBB`, or a theme colour's name (accent1, bg1 ...)."""
    fill = element("a:solidFill")
    if colour.startswith("#"):
        sub_element(fill, "a:srgbClr", val=colour[1:].upper())
    else:
        sub_element(fill, "a:schemeClr", val=colour)
    return fill


def set_shape_fill(sp_pr: etree._Element, colour: str | None) -> None:
    """A shape's properties (a:spPr) filled with one colour (`#RRGGBB` or a theme colour's name), or with None
    not filled, in place of the fill they had: after its place and geometry, where the schema puts a fill."""
    for old in [c for c in sp_pr if c.tag in _FILLS]:
        sp_pr.remove(old)
    fill = solid_fill(colour) if colour else element("a:noFill")
    before = [c for c in sp_pr if c.tag in _BEFORE_FILL]
    sp_pr.insert(sp_pr.index(before[-1]) + 1 if before else 0, fill)


def _set(made: etree._Element, attrs: Mapping[str, object]) -> None:
    for key, value in attrs.items():
        name = qn(key.replace("_", ":", 1)) if key.startswith("r_") else key
        made.set(name, str(value))


def declared(*prefixes: str) -> dict[str, str]:
    """The namespaces of `prefixes`, in that order, for an element's `nsmap`."""
    return {prefix: NS[prefix] for prefix in prefixes}


def xml_parser() -> etree.XMLParser:
    """A parser for package XML: no DTDs, no entities, no network; blank text dropped as python-pptx
    drops it."""
    return etree.XMLParser(
        remove_blank_text=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )


def parse_xml(blob: bytes) -> etree._Element:
    """A part's XML, refusing a DTD (and so every entity) whatever the lxml version."""
    root = etree.fromstring(blob, xml_parser())
    if root.getroottree().docinfo.doctype:
        raise etree.XMLSyntaxError("a DTD is not allowed in a package part", None, 0, 0, "")
    return root


def xml_bytes(root: etree._Element) -> bytes:
    """A part's bytes as python-pptx writes them: UTF-8 with a standalone declaration."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)
