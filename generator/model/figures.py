"""Charts and tables filled from their data; a table too long for its slide continues on the next, header repeated."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from generator.content.datafiles import DataTable, parse_number
from generator.errors import DeckError, Location, raise_all
from generator.formats import decimal_text
from generator.master.reader import Master
from generator.model.charts import ChartSpec, Series, alt_text, check_spec
from generator.model.deck import DeckModel, SlideSpec, continued
from generator.model.fonts import FALLBACK, FAMILIES, load_face
from generator.model.shapes import Chart, FigureSpec, Table, is_title
from generator.model.tables import TableSpec, WidthOf, column_widths, row_height_of, split_rows

# A table's number format: a text, grouped digits (#,##0), decimals (.0 or .0#), a text (%, kr)
NUMBER_FORMAT = re.compile(r"[^0#.,;]*[#,]*0[0,]*(?:\.0*#*)?[^0#.,;]*")


def draw_figures(model: DeckModel, master: Master, tables: Mapping[str, DataTable]) -> DeckModel:
    """The model with every chart's and table's data filled in from `tables`; long tables split over slides.
    Every slide's errors are collected before they are raised."""
    slides: list[SlideSpec] = []
    errors: list[DeckError] = []
    for slide in model.slides:
        if not any(isinstance(shape, (Chart, Table)) for shape in slide.shapes):
            slides.append(slide)
            continue
        try:
            slides += _figures(slide, tables, master, model.meta.language)
        except DeckError as exc:
            errors.append(exc)
    raise_all(errors)
    return replace(model, slides=tuple(replace(s, number=n) for n, s in enumerate(slides, 1)))


def _figures(
    slide: SlideSpec, tables: Mapping[str, DataTable], master: Master, language: str
) -> list[SlideSpec]:
    titles = [" ".join(p.text for p in s.paragraphs) for s in slide.shapes if is_title(s)]
    title = titles[0] if titles else ""
    shapes = tuple(
        _chart(s, tables, language, title) if isinstance(s, Chart) else s for s in slide.shapes
    )
    return _tables(replace(slide, shapes=shapes), tables, master, language)


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
    size = shape.size or 18.0
    width_of = cell_width_of(master)
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
    """How wide a table cell's text is, in points: the master's body font measured (bold for the header)."""
    face = load_face(FAMILIES.get(master.minor_font, FALLBACK))
    bold = load_face(FAMILIES.get(master.minor_font, FALLBACK), bold=True)

    def width_of(text: str, points: float, heavy: bool) -> float:
        font = bold if heavy else face
        return font.width(text) * points / font.units

    return width_of


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
