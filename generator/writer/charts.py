"""Native PowerPoint charts: the DrawingML chart part, its embedded workbook, its frame on a slide, its alt text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from generator.model.charts import ChartSpec
from generator.ooxml.names import CHART_URI, rel_type
from generator.ooxml.xml import declared, element, sub_element

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# slide -> chart
CHART_REL_TYPE = rel_type("chart")
# chart -> xlsx
PACKAGE_REL_TYPE = rel_type("package")
CHART_PART_NAME = "/ppt/charts/chart{n}.xml"  # n = 1, 2, ...
# PowerPoint names the first workbook without a number, then 1, 2, ...: see `workbook_part_name`.
WORKBOOK_PART_NAME = "/ppt/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"
WORKBOOK_REL_ID = "rId1"  # the chart part's relationship to its workbook
SHEET = "Ark1"  # the name Norwegian Excel gives a new workbook's first sheet

# declared in this order on a chart's frame
_DECLARED = ("c", "a", "r", "p")
# Number formats carry a locale id: LibreOffice formats "#,##0" for that locale ("1 300", "12,5" for nb-NO),
# whatever language the text is tagged with; Office takes the separators from the viewer's system settings.
LCIDS = {
    "nb": 0x414,
    "no": 0x414,
    "nn": 0x814,
    "se": 0x43B,
    "sv": 0x41D,
    "da": 0x406,
    "fi": 0x40B,
    "en-us": 0x409,
    "en-gb": 0x809,
    "en": 0x409,
    "de": 0x407,
}
TITLE_SIZE = 2000  # hundredths of a point
TEXT_SIZE = 1400
HIGHLIGHT: Colour = ("accent2", ())
TEXT = ("tx1", (("lumMod", 65000), ("lumOff", 35000)))  # the grey PowerPoint gives chart text
GRID = ("tx1", (("lumMod", 15000), ("lumOff", 85000)))
_AXES = (500000001, 500000002, 500000003, 500000004)

Colour = tuple[str, tuple[tuple[str, int], ...]]


def localised_format(number_format: str, language: str) -> str:
    """`number_format` with the locale id of `language` in front, unless it names one already."""
    if number_format.startswith("[$") or number_format in ("", "General"):
        return number_format or "General"
    tag = language.lower()
    lcid = LCIDS.get(tag) or LCIDS.get(tag.split("-")[0])
    return f"[$-{lcid:X}]{number_format}" if lcid else number_format


def workbook_part_name(n: int) -> str:
    """The part name PowerPoint gives the workbook of its `n`th chart (n = 1, 2, ...)."""
    return WORKBOOK_PART_NAME.format(n=n - 1 if n > 1 else "")


def _vals(parent: etree._Element, *pairs: tuple[str, object]) -> None:
    """Children that hold one `val` each, in order."""
    for tag, value in pairs:
        sub_element(parent, tag, val=value)


def _fill(parent: etree._Element, colour: Colour | None) -> None:
    if colour is None:
        sub_element(parent, "a:noFill")
        return
    scheme, mods = colour
    clr = sub_element(sub_element(parent, "a:solidFill"), "a:schemeClr", val=scheme)
    for name, value in mods:
        sub_element(clr, f"a:{name}", val=value)


def _sppr(
    parent: etree._Element,
    fill: Colour | None = None,
    line: Colour | None = None,
    width: int = 9525,
) -> None:
    sppr = sub_element(parent, "c:spPr")
    _fill(sppr, fill)
    ln = sub_element(sppr, "a:ln", **({"w": width, "cap": "rnd"} if line else {}))
    _fill(ln, line)
    if line:
        sub_element(ln, "a:round")


def _txpr(
    parent: etree._Element,
    language: str,
    size: int = TEXT_SIZE,
    colour: Colour = TEXT,
    wrap: bool = True,
) -> None:
    tx = sub_element(parent, "c:txPr")
    sub_element(tx, "a:bodyPr", **({} if wrap else {"wrap": "none"}))
    sub_element(tx, "a:lstStyle")
    p = sub_element(tx, "a:p")
    rpr = sub_element(sub_element(p, "a:pPr"), "a:defRPr", sz=size, b=0, lang=language)
    _fill(rpr, colour)
    sub_element(p, "a:endParaRPr", lang=language)


def series_colour(k: int) -> Colour:
    """accent1..accent6, then the same a shade darker, as PowerPoint cycles them."""
    accent = f"accent{k % 6 + 1}"
    return (accent, ()) if k < 6 else (accent, (("lumMod", 60000),))


def highlight_colour(spec: ChartSpec, k: int) -> Colour:
    """The highlighted category's points: accent2, in every series (as the docs say)."""
    return HIGHLIGHT


def colour_of_series(spec: ChartSpec, k: int) -> Colour:
    """Series `k`'s colour: the accents in turn, accent2 left out when a category is highlighted in it."""
    if spec.highlight is None:
        return series_colour(k)
    accents = ("accent1", "accent3", "accent4", "accent5", "accent6")
    return (accents[k % 5], ()) if k < 5 else (accents[k % 5], (("lumMod", 60000),))


_PIE_GREYS: tuple[Colour, ...] = tuple(
    ("bg1", (("lumMod", m),)) for m in (85000, 65000, 75000, 50000)
)


def point_colour(spec: ChartSpec, i: int) -> Colour:
    """A pie slice: accents in turn; with a highlight, that slice accent1 and the others greys."""
    if spec.highlight is None:
        return series_colour(i)
    return ("accent1", ()) if i == spec.highlight else _PIE_GREYS[i % len(_PIE_GREYS)]


def _ref(
    parent: etree._Element, kind: str, formula: str, values: tuple, fmt: str = "General"
) -> None:
    ref = sub_element(parent, f"c:{kind}Ref")
    sub_element(ref, "c:f").text = formula
    cache = sub_element(ref, f"c:{kind}Cache")
    if kind == "num":
        sub_element(cache, "c:formatCode").text = fmt
    sub_element(cache, "c:ptCount", val=len(values))
    for i, value in enumerate(values):
        if value is None:  # a gap: no point cached, as PowerPoint writes an empty cell
            continue
        text = repr(value).removesuffix(".0") if isinstance(value, float) else str(value)
        sub_element(sub_element(cache, "c:pt", idx=i), "c:v").text = text


def ranges(spec: ChartSpec, k: int) -> tuple[str, str, str]:
    """The workbook ranges of series `k`: its name, the categories, its values."""
    from xlsxwriter.utility import quote_sheetname, xl_col_to_name

    sheet, last, col = quote_sheetname(SHEET), len(spec.categories) + 1, xl_col_to_name(k + 1)
    return f"{sheet}!${col}$1", f"{sheet}!$A$2:$A${last}", f"{sheet}!${col}$2:${col}${last}"


# Data labels per plot: where, in which colour (None: the chart's text colour), on what. The columns of a chart
# with a second axis take theirs inside, clear of the line's; stacked bars take theirs on each segment, in
# PowerPoint's grey on a patch of the background, which reads on every accent (PowerPoint refuses outEnd there).
_LABELS: dict[str, tuple[str, Colour | None, Colour | None]] = {
    "bar": ("outEnd", None, None),
    "pie": ("outEnd", None, None),
    "line": ("t", None, ("bg1", ())),
    "inside": ("ctr", ("bg1", ()), None),
    "segment": ("ctr", TEXT, ("bg1", ())),
}


def label_look(spec: ChartSpec, kind: str) -> tuple[str, Colour | None, Colour | None]:
    """Where the values of a plot of `kind` (bar, line or pie) in a chart of `spec`'s kind go, in which colour
    (None: the chart's text colour), on what fill."""
    return _LABELS[_label_style(spec, kind)]


def _label_style(spec: ChartSpec, kind: str) -> str:
    """The entry of `_LABELS` for the values of a plot of `kind` in a chart of `spec`'s kind: the kind's own plot
    stacked, or beside a second plot, takes them inside its bars."""
    if kind != spec.spec.plot:
        return kind
    if spec.spec.stacked:
        return "segment"
    if spec.spec.secondary:
        return "inside"
    return kind


def bar_spacing(spec: ChartSpec, count: int) -> tuple[int, int]:
    """A bar plot of `count` series: the gap between categories and the overlap of a category's bars, in percent
    of a bar. Stacked bars overlap wholly, as PowerPoint writes them; several clustered ones stand apart."""
    if spec.spec.stacked:
        return 60, 100
    if count > 1:
        return 80, -10
    return 60, 0


def _dlbls(
    parent: etree._Element,
    spec: ChartSpec,
    show: bool,
    fmt: str,
    style: str,
    language: str,
    named: bool = False,
) -> None:
    """A series' (or a plot's) data labels: its values where `show`; and the highlighted category's name at its
    bar where `named` (the series of `ChartSpec.named_at_bar`)."""
    dl = sub_element(parent, "c:dLbls")
    if named:
        _category_name(dl, spec, show, language)
    if show:
        position, colour, fill = _LABELS[style]
        sub_element(dl, "c:numFmt", formatCode=fmt, sourceLinked=0)
        _sppr(dl, fill=fill)
        _txpr(dl, language, _size(spec), colour=colour or _text(spec))
        sub_element(dl, "c:dLblPos", val=position)
    _shown(dl, {"showVal"} if show else set())


# what a data label may show, each a flag of its own, in the schema's order
_LABEL_FLAGS = (
    "showLegendKey",
    "showVal",
    "showCatName",
    "showSerName",
    "showPercent",
    "showBubbleSize",
)


def _shown(labels: etree._Element, flags: set[str]) -> None:
    """The data label flags, those in `flags` on and the others off."""
    for flag in _LABEL_FLAGS:
        sub_element(labels, f"c:{flag}", val=int(flag in flags))


def _category_name(dl: etree._Element, spec: ChartSpec, show: bool, language: str) -> None:
    """The highlighted bar's label: its category's name past its end (and its value, where values are shown),
    as the axis no longer names it."""
    label = sub_element(dl, "c:dLbl")
    sub_element(label, "c:idx", val=spec.highlight)
    _txpr(label, language, _size(spec), colour=_text(spec), wrap=False)  # one line, as on the axis
    sub_element(label, "c:dLblPos", val="outEnd")
    _shown(label, {"showCatName", "showVal"} if show else {"showCatName"})
    if show:
        sub_element(label, "c:separator").text = " "


def _ser(plot: etree._Element, spec: ChartSpec, k: int, kind: str, fmt: str, language: str) -> None:
    """Series `k` drawn in a plot of `kind` (bar, line or pie)."""
    series = spec.series[k]
    ser = sub_element(plot, "c:ser")
    _vals(ser, ("c:idx", k), ("c:order", k))
    name, cats, vals = ranges(spec, k)
    _ref(sub_element(ser, "c:tx"), "str", name, (series.name,))
    _SERIES_LOOK[kind](ser, colour_of_series(spec, k))
    _points(ser, spec, k, kind)
    style = _label_style(spec, kind)
    named = kind == "bar" and spec.named_at_bar == k
    _dlbls(ser, spec, spec.show_values, fmt, style, language, named)
    _ref(sub_element(ser, "c:cat"), "str", cats, spec.categories)
    _ref(sub_element(ser, "c:val"), "num", vals, series.values)
    if kind == "line":
        sub_element(ser, "c:smooth", val=0)


def _line_series(ser: etree._Element, colour: Colour) -> None:
    _sppr(ser, line=colour, width=38100)
    _marker(ser, colour, 9)


def _pie_series(ser: etree._Element, colour: Colour) -> None:
    _sppr(ser, line=("bg1", ()), width=19050)


def _bar_series(ser: etree._Element, colour: Colour) -> None:
    _sppr(ser, fill=colour)
    sub_element(ser, "c:invertIfNegative", val=0)


# how a series of each plot is drawn: its line and markers, its slices' edges, its bars' fill
_SERIES_LOOK = {"line": _line_series, "pie": _pie_series, "bar": _bar_series}


def _marker(parent: etree._Element, colour: Colour, size: int) -> None:
    marker = sub_element(parent, "c:marker")
    _vals(marker, ("c:symbol", "circle"), ("c:size", size))
    _sppr(marker, fill=colour, line=colour)


def _points(ser: etree._Element, spec: ChartSpec, k: int, kind: str) -> None:
    """c:dPt: every slice of a pie, else the highlighted point."""
    indexes: Sequence[int] = ()
    if kind == "pie":
        indexes = range(len(spec.categories))
    elif spec.highlight is not None:
        indexes = (spec.highlight,)
    for i in indexes:
        dpt = sub_element(ser, "c:dPt")
        sub_element(dpt, "c:idx", val=i)
        if kind == "line":
            # PowerPoint colours the marker; LibreOffice 7.4 takes the point's colour from this line: it only grows
            _marker(dpt, highlight_colour(spec, k), 13)
            sub_element(dpt, "c:bubble3D", val=0)
            _sppr(dpt, line=colour_of_series(spec, k), width=38100)
        elif kind == "pie":
            sub_element(dpt, "c:bubble3D", val=0)
            _sppr(dpt, fill=point_colour(spec, i), line=("bg1", ()), width=19050)
        else:
            _vals(dpt, ("c:invertIfNegative", 0), ("c:bubble3D", 0))
            _sppr(dpt, fill=highlight_colour(spec, k))


def _plot_start(spec: ChartSpec, kind: str) -> tuple[str, tuple[tuple[str, object], ...]]:
    """A plot's element and its first children, for a plot of `kind` in a chart of `spec`'s kind."""
    if kind == "pie":
        return "c:pieChart", (("c:varyColors", 1),)
    if kind == "line":
        return "c:lineChart", (("c:grouping", "standard"), ("c:varyColors", 0))
    direction = spec.spec.direction or "col"
    return "c:barChart", (
        ("c:barDir", direction),
        ("c:grouping", spec.spec.grouping),
        ("c:varyColors", 0),
    )


def _plot(
    area: etree._Element,
    spec: ChartSpec,
    kind: str,
    which: tuple[int, ...],
    axes: tuple[int, int],
    fmt: str,
    language: str,
) -> None:
    tag, first = _plot_start(spec, kind)
    plot = sub_element(area, tag)
    _vals(plot, *first)
    for k in which:
        _ser(plot, spec, k, kind, fmt, language)
    _dlbls(plot, spec, False, fmt, kind, language)
    if kind == "pie":
        sub_element(plot, "c:firstSliceAng", val=0)
        return
    if kind == "line":
        sub_element(plot, "c:marker", val=1)
    else:
        gap, overlap = bar_spacing(spec, len(which))
        _vals(plot, ("c:gapWidth", gap), ("c:overlap", overlap))
    _vals(plot, *(("c:axId", axis) for axis in axes))


@dataclass(frozen=True)
class _Axis:
    ids: tuple[int, int]  # this axis, the one it crosses
    position: str  # b, l, r, t
    fmt: str = ""  # a value axis: its number format
    deleted: bool = False
    crosses: str = "autoZero"
    reverse: bool = False
    gridlines: bool = False
    size: int = TEXT_SIZE  # of its labels, in hundredths of a point
    colour: Colour = TEXT  # of its labels
    skip: int = 1  # a category axis: a label for every this many categories


def _axis(area: etree._Element, axis: _Axis, language: str) -> None:
    ax = sub_element(area, "c:valAx" if axis.fmt else "c:catAx")
    sub_element(ax, "c:axId", val=axis.ids[0])
    sub_element(
        sub_element(ax, "c:scaling"), "c:orientation", val="maxMin" if axis.reverse else "minMax"
    )
    _vals(ax, ("c:delete", int(axis.deleted)), ("c:axPos", axis.position))
    if axis.gridlines:
        _sppr(sub_element(ax, "c:majorGridlines"), line=GRID)
    sub_element(ax, "c:numFmt", formatCode=axis.fmt or "General", sourceLinked=0 if axis.fmt else 1)
    _vals(ax, ("c:majorTickMark", "none"), ("c:minorTickMark", "none"), ("c:tickLblPos", "nextTo"))
    _sppr(ax, line=None if axis.fmt else GRID)
    _txpr(ax, language, axis.size, axis.colour)
    _vals(ax, ("c:crossAx", axis.ids[1]), ("c:crosses", axis.crosses))
    if axis.fmt:
        sub_element(ax, "c:crossBetween", val="between")
        return
    _vals(ax, ("c:auto", 1), ("c:lblAlgn", "ctr"), ("c:lblOffset", 100))
    if axis.skip > 1:
        _vals(ax, ("c:tickLblSkip", axis.skip))
    _vals(ax, ("c:noMultiLvlLbl", 0))


def _plot_area(chart: etree._Element, spec: ChartSpec, language: str) -> None:
    area = sub_element(chart, "c:plotArea")
    layout = sub_element(area, "c:layout")
    if (
        spec.plot_area is not None
    ):  # where the plot goes, so its labels get the room measured for them
        manual = sub_element(layout, "c:manualLayout")
        _vals(manual, ("c:layoutTarget", "inner"), ("c:xMode", "edge"), ("c:yMode", "edge"))
        _vals(
            manual, *((f"c:{k}", round(v, 4)) for k, v in zip("xywh", spec.plot_area, strict=True))
        )
    fmt = localised_format(spec.number_format, language)
    kind = spec.spec
    every = tuple(range(len(spec.series)))
    if kind.plot == "pie":
        _plot(area, spec, "pie", every, (), fmt, language)
    elif kind.secondary:
        _two_axes(area, spec, fmt, language)
    else:
        _one_axis(area, spec, fmt, language)
    _sppr(area)


def _one_axis(area: etree._Element, spec: ChartSpec, fmt: str, language: str) -> None:
    """Every series in one plot, on a category axis and a value axis; lying bars read top to bottom in the
    order given, the value axis below them."""
    cat, val, _, _ = _AXES
    lying = spec.spec.direction == "bar"
    _plot(area, spec, spec.spec.plot, tuple(range(len(spec.series))), (cat, val), fmt, language)
    size, colour = _size(spec), _text(spec)
    labels = _Axis(
        (cat, val),
        "l" if lying else "b",
        reverse=lying,
        size=size,
        skip=spec.label_skip,
        colour=colour,
    )
    _axis(area, labels, language)
    _axis(
        area,
        _Axis(
            (val, cat),
            "b" if lying else "l",
            fmt,
            gridlines=True,
            crosses="max" if lying else "autoZero",
            size=size,
            colour=colour,
        ),
        language,
    )


def _two_axes(area: etree._Element, spec: ChartSpec, fmt: str, language: str) -> None:
    """The primary series in the kind's plot on the left value axis, the secondary ones in its second plot on
    a value axis of their own at the right (formatted with `secondary_format`)."""
    cat, val, cat2, val2 = _AXES
    second = localised_format(spec.secondary_format or spec.number_format, language)
    every = tuple(range(len(spec.series)))
    primary = tuple(k for k in every if spec.series[k].axis == "primary")
    _plot(area, spec, spec.spec.plot, primary, (cat, val), fmt, language)
    others = tuple(k for k in every if k not in primary)
    _plot(area, spec, spec.spec.secondary, others, (cat2, val2), second, language)
    size, colour = _size(spec), _text(spec)
    _axis(area, _Axis((cat, val), "b", size=size, skip=spec.label_skip, colour=colour), language)
    _axis(area, _Axis((val, cat), "l", fmt, gridlines=True, size=size, colour=colour), language)
    right = _Axis((val2, cat2), "r", second, crosses="max", size=size, colour=colour)
    _axis(area, right, language)
    _axis(area, _Axis((cat2, val2), "b", deleted=True, size=size, colour=colour), language)


def _title(chart: etree._Element, text: str, language: str) -> None:
    title = sub_element(chart, "c:title")
    rich = sub_element(sub_element(title, "c:tx"), "c:rich")
    sub_element(rich, "a:bodyPr", rot=0, vert="horz", wrap="square", anchor="ctr", anchorCtr=1)
    sub_element(rich, "a:lstStyle")
    p = sub_element(rich, "a:p")
    _fill(sub_element(sub_element(p, "a:pPr"), "a:defRPr", sz=TITLE_SIZE, b=0), TEXT)
    run = sub_element(p, "a:r")
    _fill(sub_element(run, "a:rPr", lang=language, sz=TITLE_SIZE, b=0), TEXT)
    sub_element(run, "a:t").text = text
    sub_element(title, "c:overlay", val=0)
    _sppr(title)


def _text(spec: ChartSpec) -> Colour:
    """The chart's text colour: PowerPoint's grey, or the theme colour that reads on what lies behind it."""
    return (spec.text_color, ()) if spec.text_color else TEXT


def _size(spec: ChartSpec) -> int:
    """The chart's text size in hundredths of a point."""
    return round(spec.text_size * 100)


def chart_element(spec: ChartSpec, language: str = "nb-NO") -> etree._Element:
    """The c:chartSpace of `spec`, as PowerPoint writes a chart whose data lives in an embedded workbook."""
    space = element("c:chartSpace", declared("c", "a", "r"))
    _vals(space, ("c:date1904", 0), ("c:lang", language), ("c:roundedCorners", 0))
    chart = sub_element(space, "c:chart")
    if spec.title:
        _title(chart, spec.title, language)
    sub_element(chart, "c:autoTitleDeleted", val=int(not spec.title))
    _plot_area(chart, spec, language)
    pie = spec.spec.plot == "pie"
    if pie or len(spec.series) > 1:
        legend = sub_element(chart, "c:legend")
        _vals(legend, ("c:legendPos", "r" if pie or spec.legend_right else "b"), ("c:overlay", 0))
        _sppr(legend)
        _txpr(legend, language, _size(spec), _text(spec))
    _vals(chart, ("c:plotVisOnly", 1), ("c:dispBlanksAs", "gap"))
    _sppr(space, fill=(spec.plate, ()) if spec.plate else None)
    _txpr(space, language, _size(spec), _text(spec))
    external = sub_element(space, "c:externalData", r_id=WORKBOOK_REL_ID)
    sub_element(external, "c:autoUpdate", val=0)
    return space


def chart_part(spec: ChartSpec, language: str = "nb-NO") -> bytes:
    """The chart part's XML: its data cached for drawing, its formulas pointing into `workbook(spec)`."""
    return etree.tostring(
        chart_element(spec, language), xml_declaration=True, encoding="UTF-8", standalone=True
    )


def workbook(spec: ChartSpec, language: str = "nb-NO") -> bytes:
    """The embedded .xlsx: categories in column A from row 2, one column per series, its name in row 1."""
    import xlsxwriter  # here: only a deck with a chart needs it

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": dt.datetime(2000, 1, 1)})  # the same bytes for the same chart
    sheet = book.add_worksheet(SHEET)
    secondary = spec.secondary_format or spec.number_format
    formats = [
        book.add_format(
            {
                "num_format": localised_format(
                    secondary if s.axis == "secondary" else spec.number_format, language
                )
            }
        )
        for s in spec.series
    ]
    for k, series in enumerate(spec.series):
        sheet.write_string(0, k + 1, series.name)
        sheet.write_column(1, k + 1, series.values, formats[k])
    for i, category in enumerate(spec.categories):
        sheet.write_string(i + 1, 0, category)
    sheet.set_column(0, 0, max(10, *(len(c) + 2 for c in spec.categories)))
    sheet.set_column(1, len(spec.series), max(10, *(len(s.name) + 2 for s in spec.series)))
    book.close()
    return out.getvalue()


def graphic_frame(
    chart_rel_id: str, shape_id: int, name: str, descr: str, box_emu: tuple[int, int, int, int]
) -> etree._Element:
    """The p:graphicFrame that shows the chart part related to the slide as `chart_rel_id` in `box_emu`."""
    frame = element("p:graphicFrame", declared(*_DECLARED))
    nv = sub_element(frame, "p:nvGraphicFramePr")
    sub_element(nv, "p:cNvPr", id=shape_id, name=name, descr=descr)
    sub_element(sub_element(nv, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", noGrp=1)
    sub_element(nv, "p:nvPr")
    xfrm = sub_element(frame, "p:xfrm")
    x, y, cx, cy = box_emu
    sub_element(xfrm, "a:off", x=x, y=y)
    sub_element(xfrm, "a:ext", cx=cx, cy=cy)
    data = sub_element(sub_element(frame, "a:graphic"), "a:graphicData", uri=CHART_URI)
    sub_element(data, "c:chart", r_id=chart_rel_id)
    return frame
