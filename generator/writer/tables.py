"""Native PowerPoint tables: column widths from measured text, the a:tbl frame, and splitting across slides."""

from __future__ import annotations

from lxml import etree

from generator.model.tables import (
    TableSpec,
    WidthOf,
    approximate_width,
    column_widths,
    row_height_of,
)
from generator.ooxml.names import EMU_PER_PT, TABLE_URI
from generator.ooxml.xml import declared, element, sub_element

MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
# declared in this order on a table's frame
_DECLARED = ("a", "p", "r")


def _emus(widths: tuple[float, ...], total: int) -> list[int]:
    """Widths in EMU that sum to `total` exactly: rounded at the running edges, not one by one."""
    scale, edges, run = total / sum(widths), [0], 0.0
    for w in widths:
        run += w
        edges.append(round(run * scale))
    edges[-1] = total
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


def _cell(
    tr: etree._Element,
    text: str,
    size: float,
    language: str,
    right: bool,
    bold: bool,
    color: str = "",
) -> None:
    body = sub_element(sub_element(tr, "a:tc"), "a:txBody")
    sub_element(body, "a:bodyPr")
    sub_element(body, "a:lstStyle")
    sz = round(size * 100)
    for line in text.split("\n"):
        p = sub_element(body, "a:p")
        if right:
            sub_element(p, "a:pPr", algn="r")
        if line:
            run = sub_element(p, "a:r")
            rpr = sub_element(run, "a:rPr", lang=language, sz=sz, b=int(bold), dirty=0)
            if color:
                sub_element(sub_element(rpr, "a:solidFill"), "a:schemeClr", val=color)
            sub_element(run, "a:t").text = line
        else:
            sub_element(p, "a:endParaRPr", lang=language, sz=sz, dirty=0)
    sub_element(body.getparent(), "a:tcPr", anchor="ctr")


def table_frame(
    spec: TableSpec,
    box_pt: tuple[float, float, float, float],
    size: float,
    shape_id: int,
    name: str,
    language: str = "nb-NO",
    width_of: WidthOf = approximate_width,
    style: str = MEDIUM_STYLE_2_ACCENT_1,
    widths: tuple[float, ...] | None = None,
    heights: tuple[float, ...] | None = None,
) -> etree._Element:
    """A p:graphicFrame holding the table as a:tbl at `box_pt` (left, top, width, height in points).

    Column widths and row heights (header first) come from `widths` and `heights` when given (measured with the
    deck font), otherwise from `width_of`.
    """
    x, y, width, _ = box_pt
    total = round(width * EMU_PER_PT)
    widths = widths or column_widths(spec, width, size, width_of)
    height_of = row_height_of(widths, size, width_of)
    rows_h = [
        round(h * EMU_PER_PT)
        for h in heights or [height_of(row) for row in (spec.header, *spec.rows)]
    ]
    frame = element("p:graphicFrame", declared(*_DECLARED))
    nv = sub_element(frame, "p:nvGraphicFramePr")
    sub_element(nv, "p:cNvPr", id=shape_id, name=name)
    sub_element(sub_element(nv, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", noGrp=1)
    sub_element(nv, "p:nvPr")
    xfrm = sub_element(frame, "p:xfrm")
    sub_element(xfrm, "a:off", x=round(x * EMU_PER_PT), y=round(y * EMU_PER_PT))
    sub_element(xfrm, "a:ext", cx=total, cy=sum(rows_h))
    tbl = sub_element(
        sub_element(sub_element(frame, "a:graphic"), "a:graphicData", uri=TABLE_URI), "a:tbl"
    )
    sub_element(sub_element(tbl, "a:tblPr", firstRow=1, bandRow=1), "a:tableStyleId").text = style
    grid = sub_element(tbl, "a:tblGrid")
    for w in _emus(widths, total):
        sub_element(grid, "a:gridCol", w=w)
    for n, (row, row_h) in enumerate(zip((spec.header, *spec.rows), rows_h, strict=True)):
        tr = sub_element(tbl, "a:tr", h=row_h)
        for c, text in enumerate(row):
            # the header bold, as the style has it
            color = spec.header_color if n == 0 else ""
            _cell(tr, text, size, language, spec.is_numeric(c), n == 0, color)
    return frame
