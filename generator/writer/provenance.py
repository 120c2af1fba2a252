"""What a deck records of where it came from: each slide's key, its sources and master, as tags."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from generator.ooxml.names import NS, qn, rel_type
from generator.ooxml.xml import declared, element, sub_element, xml_bytes

_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user-defined properties
TAGS_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.tags+xml"
TAGS_REL = rel_type("tags")
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = rel_type("custom-properties")
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
    root = element("p:tagLst", declared("a", "r", "p"))
    for name, value in tags:
        sub_element(root, "p:tag", name=name, val=value)
    return xml_bytes(root)


def custom_data(rid: str) -> etree._Element:
    """`<p:custDataLst><p:tags r:id="..."/></p:custDataLst>`: where a slide or the deck points at its tags."""
    made = element("p:custDataLst")
    sub_element(made, "p:tags", r_id=rid)
    return made


def add_to_slide(c_sld: etree._Element, rid: str) -> None:
    """The slide's tags, after its shape tree (before p:controls and p:extLst, as CT_CommonSlideData orders)."""
    c_sld.find(qn("p:spTree")).addnext(custom_data(rid))


def add_to_presentation(root: etree._Element, rid: str) -> None:
    """The deck's tags in p:presentation, before the elements CT_Presentation puts after them."""
    later = next(
        (
            root.find(qn(f"p:{name}"))
            for name in _AFTER_CUSTOM_DATA
            if root.find(qn(f"p:{name}")) is not None
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
    root = element("op:Properties", {None: NS["op"], "vt": NS["vt"]})
    pairs = [
        (VERSION_PROPERTY, version),
        *((f"{SOURCE_PROPERTY}{n}", s[:255]) for n, s in enumerate(sources, 1)),
        *(((MASTER_PROPERTY, master[:255]),) if master else ()),
    ]
    for pid, (name, value) in enumerate(pairs, 2):  # property ids start at 2
        prop = sub_element(root, "op:property", fmtid=_FMTID, pid=str(pid), name=name)
        sub_element(prop, "vt:lpwstr").text = value
    return xml_bytes(root)
