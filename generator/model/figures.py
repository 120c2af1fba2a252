"""Charts and tables filled from their data; a table too long for its slide continues on the next, header repeated."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from generator.content.cellnumbers import parse_number
from generator.content.datafiles import DataTable
from generator.errors import DeckError, Location, raise_all
from generator.findings import Check, Finding
from generator.formats import decimal_text
from generator.master.backdrop import contrast
from generator.master.reader import Master
from generator.model.chartfit import TEXT_SIZE, fit_chart
from generator.model.charts import ChartSpec, Series, alt_text, check_spec
from generator.model.deck import DeckModel, SlideSpec, continued
from generator.model.fitting import UNKNOWN_WIDTH
from generator.model.fonts import FALLBACK, FAMILIES, load_face
from generator.model.placement import FLOOR
from generator.model.shapes import Chart, FigureSpec, Table, is_title
from generator.model.tables import (
    TableSpec,
    WidthOf,
    column_widths,
    narrowest,
    row_height_of,
    split_rows,
)

# A table's number format: a text, grouped digits (#,##0), decimals (.0 or .0#), a text (%, kr)
NUMBER_FORMAT = re.compile(r"[^0#.,;]*[#,]*0[0,]*(?:\.0*#*)?[^0#.,;]*")
TABLE_SIZE = 18.0  # points: a table's text, unless its layout says
MIN_CONTRAST = 4.5  # WCAG AA for text


def draw_figures(model: DeckModel, master: Master, tables: Mapping[str, DataTable]) -> DeckModel:
    """The model with every chart's and table's data filled in from `tables`; long tables split over slides.
    Every slide's errors are collected before they are raised."""
    slides: list[SlideSpec] = []
    errors: list[DeckError] = []
    findings: list[Finding] = []
    for slide in model.slides:
        if not any(isinstance(shape, (Chart, Table)) for shape in slide.shapes):
            slides.append(slide)
            continue
        try:
            slides += _figures(slide, tables, master, model.meta.language, findings)
        except DeckError as exc:
            errors.append(exc)
    raise_all(errors)
    return replace(
        model,
        slides=tuple(replace(s, number=n) for n, s in enumerate(slides, 1)),
        findings=(*model.findings, *findings),
    )


def _figures(
    slide: SlideSpec,
    tables: Mapping[str, DataTable],
    master: Master,
    language: str,
    findings: list[Finding],
) -> list[SlideSpec]:
    titles = [" ".join(p.text for p in s.paragraphs) for s in slide.shapes if is_title(s)]
    title = titles[0] if titles else ""
    shapes = []
    for shape in slide.shapes:
        if isinstance(shape, Chart):
            shape, did = _fitted(_chart(shape, tables, language, title), master)
            if did:
                findings.append(
                    Finding(
                        shape.loc or slide.loc,
                        slide.number,
                        shape.field or shape.name,
                        Check.CHART,
                        f"its labels did not fit the {shape.box[2]:.0f} x {shape.box[3]:.0f} pt chart: "
                        f"{did}",
                    )
                )
        shapes.append(shape)
    shapes = tuple(shapes)
    return _tables(replace(slide, shapes=shapes), tables, master, language)


def _fitted(shape: Chart, master: Master) -> tuple[Chart, str]:
    """The chart fitted to its box with the deck's font: its kind, text size, legend, labels; what was done."""
    face = load_face(FAMILIES.get(master.minor_font, FALLBACK))
    wider = 1.0 if master.minor_font in FAMILIES else UNKNOWN_WIDTH[False]

    def width_of(text: str, points: float) -> float:
        return face.width(text) * points * wider / face.units

    fitted = fit_chart(shape.spec, shape.box, shape.size or TEXT_SIZE, width_of)
    return replace(shape, spec=fitted.spec), fitted.did


def _table(name: str, tables: Mapping[str, DataTable], loc: Location) -> DataTable:
    found = tables.get(name)
    if found is None:
        from generator.options import did_you_mean

        raise DeckError(
            f"no data named '{name}'",
            loc,
            path="data",
            hint=did_you_mean(name, tables)
            or "name a data file under `data:` (or a list under vars:)",
        )
    return found


def _chart(shape: Chart, tables: Mapping[str, DataTable], language: str, slide_title: str) -> Chart:
    """A chart shape with its categories and series read from its table (the combo's line on the second axis);
    its alt text names the slide's title when the chart has none of its own."""
    spec, loc = shape.figure, shape.loc
    data = _table(spec.data, tables, loc)
    categories = data.categories(spec.categories, loc)
    series = tuple(
        Series(
            column, _numbers(data, column, loc), "secondary" if column in spec.line else "primary"
        )
        for column in (*spec.series, *spec.line)
    )
    if spec.highlight and spec.highlight not in categories:
        from generator.options import did_you_mean

        raise DeckError(
            f"'{spec.highlight}' is not a category of the chart",
            spec.highlight_loc or loc,
            path="highlight",
            hint=did_you_mean(spec.highlight, categories)
            or f"name one of the {spec.categories} column",
        )
    highlight = categories.index(spec.highlight) if spec.highlight else None
    chart = ChartSpec(
        spec.kind,
        categories,
        series,
        spec.title,
        spec.number_format,
        highlight,
        spec.show_values,
        location=loc,
    )
    check_spec(chart)
    tag = language.replace("-", "_")
    described = replace(chart, title=chart.title or slide_title)
    return replace(
        shape,
        spec=chart,
        alt=alt_text(described, lambda value: decimal_text(value, tag), language),
    )


def _numbers(data: DataTable, column: str, loc: Location | None) -> tuple[float | int | None, ...]:
    """A column as numbers, an empty cell as no value; any other text is an error at its cell."""
    cells = data.column(column, loc)
    if all(cell.value in (None, "") for cell in cells):
        raise DeckError(
            f"column '{column}' of {data.source} is empty",
            loc,
            path="series",
            hint="a series needs at least one number",
        )
    blank = [i for i, cell in enumerate(cells) if cell.value in (None, "")]
    if not blank:
        return data.numbers(column, loc)
    numbers = list(
        replace(data, rows=tuple(r for i, r in enumerate(data.rows) if i not in blank)).numbers(
            column, loc
        )
    )
    return tuple(None if i in blank else numbers.pop(0) for i in range(len(cells)))


def _tables(
    slide: SlideSpec, tables: Mapping[str, DataTable], master: Master, language: str
) -> list[SlideSpec]:
    """The slide, or as many slides as its table needs: each part under the header, the title marked as continued,
    the notes on the first."""
    index = next((i for i, s in enumerate(slide.shapes) if isinstance(s, Table)), None)
    if index is None:
        return [slide]
    shape = slide.shapes[index]
    spec = _table_spec(shape, tables, language)
    width_of = cell_width_of(master)
    spec = _readable_header(spec, master)
    size = _readable_size(shape, spec, width_of)
    if size != (shape.size or TABLE_SIZE):
        shape = replace(shape, size=size)
    widths = column_widths(spec, shape.box[2], size, width_of)
    height_of = row_height_of(widths, size, width_of)
    parts = split_rows(spec, height_of, shape.box[3], shape.loc)
    out = []
    for n, part in enumerate(parts):
        shapes = list(slide.shapes)
        heights = tuple(height_of(row) for row in (part.header, *part.rows))
        shapes[index] = replace(shape, spec=part, widths=widths, heights=heights)
        part_slide = replace(slide, shapes=tuple(shapes))
        out.append(continued(part_slide, n + 1, language) if n else part_slide)
    return out


def cell_width_of(master: Master) -> WidthOf:
    """How wide a table cell's text is, in points: the master's body font measured (bold for the
    header), a little wider when the font is not one make-deck can measure."""
    face = load_face(FAMILIES.get(master.minor_font, FALLBACK))
    bold = load_face(FAMILIES.get(master.minor_font, FALLBACK), bold=True)
    known = master.minor_font in FAMILIES

    def width_of(text: str, points: float, heavy: bool) -> float:
        font = bold if heavy else face
        wider = 1.0 if known else UNKNOWN_WIDTH[heavy]
        return font.width(text) * points * wider / font.units

    return width_of


def _readable_header(spec: TableSpec, master: Master) -> TableSpec:
    """The table style sets its header row in white on accent1: where that does not read (4.5:1) and the
    theme's dark text does, the header row's text in that."""
    theme = master.theme_colors
    fill, light, dark = (theme.get(k, "") for k in ("accent1", "lt1", "dk1"))
    if not (fill and light and dark) or contrast(light, fill) >= MIN_CONTRAST:
        return spec
    return replace(spec, header_color="tx1") if contrast(dark, fill) >= MIN_CONTRAST else spec


def _readable_size(shape: Table, spec: TableSpec, width_of) -> float:  # noqa: ANN001
    """The table's text size: its own (18 pt by default), or smaller down to the 12 pt floor where its columns'
    longest words need it; a DeckError when even then they are wider than the table, rather than columns too
    narrow for a word."""
    size = shape.size or TABLE_SIZE
    while narrowest(spec, size, width_of) > shape.box[2] and size - 1 >= FLOOR:
        size -= 1
    need = narrowest(spec, size, width_of)
    if need > shape.box[2]:
        raise DeckError(
            f"the table's {len(spec.header)} columns need {need:,.0f} pt for their longest words at "
            f"{size:g} pt; the slide gives it {shape.box[2]:.0f} pt",
            shape.loc,
            path="table",
            hint="show fewer columns (`columns:`), or shorten the longest words",
        )
    return size


def _table_spec(shape: Table, tables: Mapping[str, DataTable], language: str) -> TableSpec:
    spec = shape.figure
    data = _table(spec.data, tables, shape.loc)
    columns = spec.series or data.columns
    cells = [data.texts(column, shape.loc) for column in columns]
    numeric = tuple(
        all(parse_number(text) is not None for text in column if text) for column in cells
    )
    patterns = [spec.number_format or _pattern(data.decimals(column)) for column in columns]
    _check_pattern(spec, language)
    rows = tuple(
        zip(
            *[
                [
                    _number_text(t, language, patterns[c]) if numeric[c] and t else t
                    for t in cells[c]
                ]
                for c in range(len(columns))
            ],
            strict=True,
        )
    )
    header = tuple(spec.headers) if spec.headers else tuple(columns)
    if len(header) != len(columns):
        raise DeckError(
            f"{len(header)} headers for {len(columns)} columns",
            shape.loc,
            path="headers",
            hint="give one header per column",
        )
    return TableSpec(header, rows, numeric, location=shape.loc)


def _number_text(text: str, language: str, pattern: str) -> str:
    """A number as the deck's language writes it, in a number format: 1 300, 12,5, −4."""
    return decimal_text(parse_number(text), language.replace("-", "_"), pattern)


def _pattern(decimals: int) -> str:
    """The number format of a column written with `decimals` decimals: thousands grouped, decimals kept."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _check_pattern(spec: FigureSpec, language: str) -> None:
    """A table's `number_format:` is one a number can be formatted with, or an error where it was written."""
    if not spec.number_format:
        return
    try:
        if not NUMBER_FORMAT.fullmatch(spec.number_format):
            raise ValueError("write digits as 0 and #, one decimal point, a text before or after")
        decimal_text(-1234.5, language.replace("-", "_"), spec.number_format)
    except Exception as exc:  # noqa: BLE001 - Babel's pattern parser raises several kinds
        raise DeckError(
            f"number_format '{spec.number_format}' is not a number format: {exc}",
            spec.number_format_loc,
            path="number_format",
            hint="e.g. #,##0 (1 300), 0.0 (12,5) or 0% (12%)",
        ) from None
