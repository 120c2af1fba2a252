"""What a deck records of where it came from: each slide's key, its sources and master, as tags."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from generator.ooxml.xml import xml_bytes

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user-defined properties
TAGS_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.tags+xml"
TAGS_REL = R + "/tags"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = R + "/custom-properties"
CUSTOM_PART = "/docProps/custom.xml"
# Tag names, upper case as PowerPoint stores them. A slide's tag says which content slide it shows; the deck's
# say which make-deck and which files made it. PowerPoint keeps tags and shows them nowhere (its Tags object);
# LibreOffice drops them, so the same sources are document properties too, which it keeps.
SLIDE_TAG = "MAKEDECK_SLIDE"
VERSION_TAG = "MAKEDECK_VERSION"
SOURCE_TAG = "MAKEDECK_SOURCE"
MASTER_TAG = "MAKEDECK_MASTER"
VERSION_PROPERTY = "MakeDeck.Version"
SOURCE_PROPERTY = "MakeDeck.Source"
MASTER_PROPERTY = "MakeDeck.Master"
# Children of p:presentation that come after p:custDataLst (CT_Presentation's sequence).
_AFTER_CUSTOM_DATA = ("kinsoku", "defaultTextStyle", "modifyVerifier", "extLst")


def tags_xml(tags: Sequence[tuple[str, str]]) -> bytes:
    """A tags part: name and value pairs."""
    root = etree.Element(
        f"{{{P}}}tagLst",
        nsmap={"a": "http://schemas.openxmlformats.org/drawingml/2006/main", "r": R, "p": P},
    )
    for name, value in tags:
        etree.SubElement(root, f"{{{P}}}tag", name=name, val=value)
    return xml_bytes(root)


def custom_data(rid: str) -> etree._Element:
    """`<p:custDataLst><p:tags r:id="..."/></p:custDataLst>`: where a slide or the deck points at its tags."""
    element = etree.Element(f"{{{P}}}custDataLst")
    etree.SubElement(element, f"{{{P}}}tags").set(f"{{{R}}}id", rid)
    return element


def add_to_slide(c_sld: etree._Element, rid: str) -> None:
    """The slide's tags, after its shape tree (before p:controls and p:extLst, as CT_CommonSlideData orders)."""
    c_sld.find(f"{{{P}}}spTree").addnext(custom_data(rid))


def add_to_presentation(root: etree._Element, rid: str) -> None:
    """The deck's tags in p:presentation, before the elements CT_Presentation puts after them."""
    later = next(
        (
            root.find(f"{{{P}}}{name}")
            for name in _AFTER_CUSTOM_DATA
            if root.find(f"{{{P}}}{name}") is not None
        ),
        None,
    )
    if later is None:
        root.append(custom_data(rid))
    else:
        later.addprevious(custom_data(rid))


def provenance(version: str, sources: Sequence[str], master: str = "") -> list[tuple[str, str]]:
    """The deck's own tags: make-deck's version, each source (`path sha256:hex`, at most 255 characters) and the
    master it is built on (the same form)."""
    return [
        (VERSION_TAG, version),
        *((f"{SOURCE_TAG}{n}", source[:255]) for n, source in enumerate(sources, 1)),
        *(((MASTER_TAG, master[:255]),) if master else ()),
    ]


def custom_xml(version: str, sources: Sequence[str], master: str = "") -> bytes:
    """docProps/custom.xml with the same provenance, as properties LibreOffice keeps when it saves."""
    root = etree.Element(f"{{{_CUSTOM}}}Properties", nsmap={None: _CUSTOM, "vt": _VT})
    pairs = [
        (VERSION_PROPERTY, version),
        *((f"{SOURCE_PROPERTY}{n}", s[:255]) for n, s in enumerate(sources, 1)),
        *(((MASTER_PROPERTY, master[:255]),) if master else ()),
    ]
    for pid, (name, value) in enumerate(pairs, 2):  # property ids start at 2
        element = etree.SubElement(
            root, f"{{{_CUSTOM}}}property", fmtid=_FMTID, pid=str(pid), name=name
        )
        etree.SubElement(element, f"{{{_VT}}}lpwstr").text = value
    return xml_bytes(root)
