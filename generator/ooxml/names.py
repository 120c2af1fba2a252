"""The OOXML vocabulary: namespaces by prefix, qualified names, relationship types, units."""

from __future__ import annotations

_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/"

# Every namespace make-deck reads or writes, by the prefix its parts use for it.
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": _OFFICE + "relationships",
    "pr": _PACKAGE + "relationships",  # a .rels part
    "ct": _PACKAGE + "content-types",  # [Content_Types].xml
    "cp": _PACKAGE + "metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "ep": _OFFICE + "extended-properties",
    "op": _OFFICE + "custom-properties",
    "vt": _OFFICE + "docPropsVTypes",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"  # a:graphicData/@uri
CHART_URI = NS["c"]  # a:graphicData/@uri of a chart


def rel_type(name: str) -> str:
    """An officeDocument relationship type by its last part: `slide`, `chart`, `theme` ..."""
    return f"{_OFFICE}relationships/{name}"


_QUALIFIED: dict[str, str] = {}


def qn(tag: str) -> str:
    """`a:solidFill` as lxml names it: `{http://...drawingml/2006/main}solidFill`."""
    qualified = _QUALIFIED.get(tag)
    if qualified is None:
        prefix, local = tag.split(":")
        qualified = _QUALIFIED[tag] = f"{{{NS[prefix]}}}{local}"
    return qualified


EMU_PER_PT = 12700  # English Metric Units in a point


def emu(points: float) -> int:
    """Points to EMU as python-pptx's Pt does: truncated."""
    return int(points * EMU_PER_PT)
