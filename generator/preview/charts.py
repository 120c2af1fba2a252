"""A chart drawn as SVG from the spec its chart part is written from, as its kind's record (`Kind`) says."""

from __future__ import annotations

import math
from collections.abc import Iterator
from html import escape

from generator.model.charts import ChartSpec
from generator.model.shapes import Chart
from generator.preview.chartframe import (
    AXIS_GAP,
    ENTRY_GAP,
    LABEL_GAP,
    LINE,
    SYMBOL,
    SYMBOL_GAP,
    TITLE,
    Frame,
    Measure,
    Scale,
    frame,
    number_text,
    scale,
)
from generator.preview.colors import Palette, modified_by
from generator.preview.fontfaces import Style
from generator.writer.charts import (
    GRID,
    bar_spacing,
    colour_of_series,
    highlight_colour,
    label_look,
    point_colour,
)
from generator.writer.charts import TEXT as TEXT_COLOUR

Colour = tuple[str, tuple[tuple[str, int], ...]]
# points: the radius of a line's markers and of its highlighted one (the deck's marker sizes 9 and 13)
MARKER, BIG_MARKER = 4.5, 6.5


class _Pen:
    """What drawing a chart needs at hand: the palette, the text face, how wide a text is, and the size and
    colour the deck gives the chart's text (its axis labels, legend and data labels)."""

    def __init__(
        self, palette: Palette, font: str, measure: Measure, language: str, spec: ChartSpec
    ) -> None:
        self.palette, self.font, self.measure, self.language = palette, font, measure, language
        self.size = spec.text_size
        self.ink = (spec.text_color, ()) if spec.text_color else TEXT_COLOUR

    def colour(self, colour: Colour) -> str:
        scheme, mods = colour
        return modified_by(self.palette.resolve(scheme) or "#000000", mods)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        anchor: str = "",
        size: float | None = None,
        ink: Colour | None = None,
    ) -> str:
        """A line of chart text with its baseline at `y`: the chart's text size and colour unless given."""
        where = {"middle": ' text-anchor="middle"', "end": ' text-anchor="end"'}.get(anchor, "")
        face = Style(self.font, "normal", "normal").attributes()
        return (
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size or self.size:g}" {face} '
            f'fill="{self.colour(ink or self.ink)}"{where}>{escape(text, quote=False)}</text>'
        )


def draw_chart(
    shape: Chart, palette: Palette, font: str, measure: Measure, language: str, unseen: list[str]
) -> str:
    """The chart in its box, or nothing (said in `unseen`) when it has no data yet."""
    spec = shape.spec
    if spec is None or shape.box is None:
        unseen.append(f"the chart '{shape.name}' has no data to draw")
        return ""
    pen = _Pen(palette, font, measure, language, spec)
    pie = spec.spec.plot == "pie"
    axis = scale(list(spec.axis_values("primary")), spec.number_format)
    labels = [number_text(t, spec.number_format, language) for t in axis.ticks]
    legend = pie or len(spec.series) > 1
    parts = frame(shape.box, spec, measure, labels, legend)
    out = [_rect(shape.box, pen.colour((spec.plate, ())))] if spec.plate else []
    if parts.title_y is not None:
        middle = shape.box[0] + shape.box[2] / 2  # the title keeps the writer's size and grey
        out.append(pen.text(middle, parts.title_y, spec.title, "middle", TITLE, TEXT_COLOUR))
    if pie:
        out += _pie(spec, parts, pen)
    else:
        out += _grid(spec, parts, axis, labels, pen)
        out += _plots(spec, parts, axis, pen)
    if legend:
        out += _legend(spec, parts, pen, shape.box)
    return f'<g class="chart" data-name="{escape(shape.name, quote=True)}">{"".join(out)}</g>'


def _grid(spec: ChartSpec, parts: Frame, axis: Scale, labels: list[str], pen: _Pen) -> list[str]:
    """Gridlines and value labels at each tick, the category axis line and its labels (every category's, or
    every `label_skip`th when fitting left some out)."""
    x, y, w, h = parts.plot
    grid, out, size = pen.colour(GRID), [], pen.size
    bar = spec.spec.direction == "bar"
    for tick, label in zip(axis.ticks, labels, strict=True):
        if bar:
            at = axis.at(tick, x, w)
            out.append(_line(at, y, at, y + h, grid))
            out.append(pen.text(at, y + h + AXIS_GAP + size, label, "middle"))
        else:
            at = axis.at(tick, y + h, -h)
            out.append(_line(x, at, x + w, at, grid))
            out.append(pen.text(x - LABEL_GAP, at + size * 0.35, label, "end"))
    zero = axis.at(axis.base, x, w) if bar else axis.at(axis.base, y + h, -h)
    out.append(_line(zero, y, zero, y + h, grid) if bar else _line(x, zero, x + w, zero, grid))
    count = len(spec.categories)
    for i, category in enumerate(spec.categories):
        if i % max(spec.label_skip, 1):
            continue
        if bar:
            middle = y + (i + 0.5) * h / count
            out.append(pen.text(x - LABEL_GAP, middle + size * 0.35, category, "end"))
        else:
            middle = x + (i + 0.5) * w / count
            out.append(pen.text(middle, y + h + AXIS_GAP + size, category, "middle"))
    return out


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 0.75) -> str:
    return (
        f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="{colour}" '
        f'stroke-width="{width:g}"/>'
    )


def _plots(spec: ChartSpec, parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    """Bars or columns for the primary series (all of them but a line chart's), lines for the rest."""
    primary = [k for k, s in enumerate(spec.series) if s.axis == "primary"]
    if spec.spec.plot == "line":
        return [piece for k in primary for piece in _polyline(spec, k, parts, axis, pen)]
    out = _bars(spec, primary, parts, axis, pen)
    secondary = [k for k, s in enumerate(spec.series) if s.axis == "secondary"]
    if secondary:
        right = scale(
            list(spec.axis_values("secondary")), spec.secondary_format or spec.number_format
        )
        out += [piece for k in secondary for piece in _polyline(spec, k, parts, right, pen)]
        out += _right_axis(spec, parts, right, pen)
    return out


def _bars(spec: ChartSpec, which: list[int], parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    """Bars (across) or columns (up), spaced as the deck writes them (`bar_spacing`): clustered, a gap of 80 % of
    a bar between clusters and 10 % between the bars of one when there are several series (60 % and none for
    one); stacked, one bar per category with a gap of 60 %, its series' segments on each other. Their values
    over every bar."""
    x, y, w, h = parts.plot
    gap, overlap = (share / 100 for share in bar_spacing(spec, len(which)))
    bar = spec.spec.direction == "bar"
    band = (h if bar else w) / len(spec.categories)
    thick = band / (len(which) + gap - (len(which) - 1) * overlap)
    out, labels = [], []
    for n, k, i, value, (foot, end) in _spans(spec, which, axis.base):
        start = i * band + thick * (gap / 2 + n * (1 - overlap))
        colour = highlight_colour(spec, k) if i == spec.highlight else colour_of_series(spec, k)
        low, high = sorted((axis.at(foot, 0, 1), axis.at(end, 0, 1)))
        if bar:
            box = (x + low * w, y + start, (high - low) * w, thick)
        else:
            box = (x + start, y + h - high * h, thick, (high - low) * h)
        out.append(_rect(box, pen.colour(colour)))
        if spec.show_values:
            labels.append(_value_label(spec, box, value, bar, pen))
        if i == spec.highlight and k == spec.named_at_bar:
            labels.append(_name_label(spec, box, value, bar, pen))
    return out + labels


def _name_label(spec: ChartSpec, box, value: float, bar: bool, pen: _Pen) -> str:  # noqa: ANN001
    """The highlighted bar's category name past its end, where the axis leaves it out (and its value after it,
    where values are shown), as the deck writes it."""
    x, y, w, h = box
    text = spec.categories[spec.highlight]
    if spec.show_values:
        text += " " + number_text(value, spec.number_format, pen.language)
    if bar:
        return pen.text(x + w + AXIS_GAP, y + h / 2 + pen.size * 0.35, text)
    return pen.text(x + w / 2, y - AXIS_GAP, text, "middle")


def _spans(
    spec: ChartSpec, which: list[int], base: float
) -> Iterator[tuple[int, int, int, float, tuple[float, float]]]:
    """Each bar to draw: its place among its category's series, its series, its category, its value, and where
    it starts and ends: clustered, from `base` (the axis' foot) to its value; stacked, from where the segments
    before it of its sign end, as long as its value."""
    ends: dict[tuple[int, bool], float] = {}  # category, below zero -> where its stack ends so far
    for n, k in enumerate(which):
        for i, value in enumerate(spec.series[k].values):
            if value is None:
                continue
            if not spec.spec.stacked:
                yield n, k, i, float(value), (base, float(value))
                continue
            foot = ends.get((i, value < 0), 0.0)
            ends[i, value < 0] = foot + value
            yield n, k, i, float(value), (foot, foot + value)


def _rect(box: tuple[float, float, float, float], fill: str) -> str:
    x, y, w, h = box
    return f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}"/>'


def _value_label(spec: ChartSpec, box, value: float, bar: bool, pen: _Pen) -> str:  # noqa: ANN001
    """A bar's value where the deck writes it (`label_look`): past its end; or in its middle (a combo's columns,
    whose line takes the place above them; a stack's segments), in the colour and on the patch written."""
    x, y, w, h = box
    text = number_text(value, spec.number_format, pen.language)
    position, ink, fill = label_look(spec, spec.spec.plot)
    if position == "ctr":
        patch = ""
        if fill is not None:
            width, high = pen.measure(text, pen.size), LINE * pen.size
            patch = _rect((x + (w - width) / 2, y + (h - high) / 2, width, high), pen.colour(fill))
        return patch + pen.text(x + w / 2, y + h / 2 + pen.size * 0.35, text, "middle", ink=ink)
    if bar:
        return pen.text(x + w + AXIS_GAP, y + h / 2 + pen.size * 0.35, text)
    return pen.text(x + w / 2, y - AXIS_GAP, text, "middle")


def _polyline(spec: ChartSpec, k: int, parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    """A series as a 3 pt line through its values, a marker on each (a larger one on the highlight), and
    its values above the points when the chart shows them."""
    x, y, w, h = parts.plot
    colour = pen.colour(colour_of_series(spec, k))
    step = w / len(spec.categories)
    points = [
        (x + (i + 0.5) * step, axis.at(float(v), y + h, -h)) if v is not None else None
        for i, v in enumerate(spec.series[k].values)
    ]
    runs, run = [], []
    for point in points:
        if point is None:
            runs, run = runs + [run] if run else runs, []
        else:
            run.append(point)
    runs += [run] if run else []
    out = [
        f'<polyline points="{" ".join(f"{px:.2f},{py:.2f}" for px, py in r)}" fill="none" '
        f'stroke="{colour}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/>'
        for r in runs
    ]
    for i, point in enumerate(points):
        if point is not None:
            big = i == spec.highlight
            fill = pen.colour(highlight_colour(spec, k)) if big else colour
            out.append(
                f'<circle cx="{point[0]:.2f}" cy="{point[1]:.2f}" r="{BIG_MARKER if big else MARKER}" fill="{fill}"/>'
            )
    if spec.show_values:
        out += _point_labels(spec, k, points, pen)
    return out


def _point_labels(
    spec: ChartSpec, k: int, points: list[tuple[float, float] | None], pen: _Pen
) -> list[str]:
    """A line's values above its points, each on a patch of the background colour."""
    fmt = _format_of(spec, k)
    out = []
    for value, point in zip(spec.series[k].values, points, strict=True):
        if point is None or value is None:
            continue
        text = number_text(float(value), fmt, pen.language)
        width, high = pen.measure(text, pen.size), LINE * pen.size
        bottom = point[1] - MARKER - AXIS_GAP
        patch = (point[0] - width / 2, bottom - high, width, high)
        out.append(_rect(patch, pen.colour(("bg1", ()))))
        out.append(pen.text(point[0], bottom - 0.25 * pen.size, text, "middle"))
    return out


def _format_of(spec: ChartSpec, k: int) -> str:
    """The number format of series `k`'s values: a secondary series' own, when the chart gives one."""
    if spec.series[k].axis == "secondary":
        return spec.secondary_format or spec.number_format
    return spec.number_format


def _right_axis(spec: ChartSpec, parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    x, y, w, h = parts.plot
    fmt = spec.secondary_format or spec.number_format
    return [
        pen.text(
            x + w + LABEL_GAP,
            axis.at(t, y + h, -h) + pen.size * 0.35,
            number_text(t, fmt, pen.language),
        )
        for t in axis.ticks
    ]


def _pie(spec: ChartSpec, parts: Frame, pen: _Pen) -> list[str]:
    """Slices clockwise from twelve o'clock, each outlined in the background colour."""
    x, y, w, h = parts.plot
    r = min(w, h) / 2
    cx, cy = x + w / 2, y + h / 2
    values = [max(float(v or 0), 0.0) for v in spec.series[0].values]
    total, angle, out = sum(values), 0.0, []
    for i, value in enumerate(values):
        sweep = value / total * 2 * math.pi if total else 0.0
        if sweep <= 0:
            continue
        out.append(_slice(cx, cy, r, angle, sweep, pen.colour(point_colour(spec, i)), pen))
        if spec.show_values:
            middle = angle + sweep / 2
            text = number_text(
                float(spec.series[0].values[i] or 0), spec.number_format, pen.language
            )
            out.append(
                pen.text(
                    cx + 1.12 * r * math.sin(middle),
                    cy - 1.12 * r * math.cos(middle),
                    text,
                    "middle",
                )
            )
        angle += sweep
    return out


def _slice(cx: float, cy: float, r: float, start: float, sweep: float, fill: str, pen: _Pen) -> str:
    edge = pen.colour(("bg1", ()))
    if sweep >= 2 * math.pi - 1e-9:
        return f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{r:.2f}" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>'
    x1, y1 = cx + r * math.sin(start), cy - r * math.cos(start)
    x2, y2 = cx + r * math.sin(start + sweep), cy - r * math.cos(start + sweep)
    large = 1 if sweep > math.pi else 0
    return (
        f'<path d="M{cx:.2f} {cy:.2f} L{x1:.2f} {y1:.2f} A{r:.2f} {r:.2f} 0 {large} 1 {x2:.2f} {y2:.2f} Z" '
        f'fill="{fill}" stroke="{edge}" stroke-width="1.5"/>'
    )


def _legend(spec: ChartSpec, parts: Frame, pen: _Pen, box) -> list[str]:  # noqa: ANN001
    """A legend entry per series (per category for a pie): a square of its colour and its name; below the
    plot in a row, centred, or right of the plot in a column (a pie's, and the one fitting set beside lying
    bars); last series first where LibreOffice lists them so (`_bottom_up`)."""
    if spec.spec.plot == "pie":
        entries = [(c, point_colour(spec, i)) for i, c in enumerate(spec.categories)]
    else:
        entries = [(s.name, colour_of_series(spec, k)) for k, s in enumerate(spec.series)]
        if _bottom_up(spec):
            entries.reverse()
    size = pen.size
    widths = [SYMBOL + SYMBOL_GAP + pen.measure(name, size) for name, _ in entries]
    out = []
    if parts.legend_x is not None:
        top = box[1] + box[3] / 2 - len(entries) * LINE * size / 2
        for n, (name, colour) in enumerate(entries):
            middle = top + (n + 0.5) * LINE * size
            out += _entry(parts.legend_x, middle, name, colour, pen)
        return out
    x = box[0] + (box[2] - sum(widths) - ENTRY_GAP * (len(entries) - 1)) / 2
    for (name, colour), width in zip(entries, widths, strict=True):
        out += _entry(x, parts.legend_y, name, colour, pen)
        x += width + ENTRY_GAP
    return out


def _bottom_up(spec: ChartSpec) -> bool:
    """Whether the legend names the series last first, as LibreOffice lists them: for lying bars side by side,
    and beside stacked columns (the order their segments read in, top down)."""
    kind = spec.spec
    if kind.stacked:
        return kind.direction != "bar" and spec.legend_right
    return kind.direction == "bar"


def _entry(x: float, middle: float, name: str, colour: Colour, pen: _Pen) -> list[str]:
    return [
        _rect((x, middle - SYMBOL / 2, SYMBOL, SYMBOL), pen.colour(colour)),
        pen.text(x + SYMBOL + SYMBOL_GAP, middle + pen.size * 0.35, name),
    ]
