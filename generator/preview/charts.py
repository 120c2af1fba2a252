"""A chart drawn as SVG from the spec its chart part is written from: bars, columns, lines, pies, combos."""

from __future__ import annotations

import math
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
    TEXT,
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
from generator.writer.charts import GRID, highlight_colour, point_colour, series_colour
from generator.writer.charts import TEXT as TEXT_COLOUR

Colour = tuple[str, tuple[tuple[str, int], ...]]


class _Pen:
    """What drawing a chart needs at hand: the palette, the text face and how wide a text is."""

    def __init__(self, palette: Palette, font: str, measure: Measure, language: str) -> None:
        self.palette, self.font, self.measure, self.language = palette, font, measure, language

    def colour(self, colour: Colour) -> str:
        scheme, mods = colour
        return modified_by(self.palette.resolve(scheme) or "#000000", mods)

    def text(self, x: float, y: float, text: str, size: float = TEXT, anchor: str = "") -> str:
        """A line of chart text with its baseline at `y`."""
        where = {"middle": ' text-anchor="middle"', "end": ' text-anchor="end"'}.get(anchor, "")
        return (
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:g}" {Style(self.font, "normal", "normal").attributes()} '
            f'fill="{self.colour(TEXT_COLOUR)}"{where}>{escape(text, quote=False)}</text>'
        )


def draw_chart(
    shape: Chart, palette: Palette, font: str, measure: Measure, language: str, unseen: list[str]
) -> str:
    """The chart in its box, or nothing (said in `unseen`) when it has no data yet."""
    spec = shape.spec
    if spec is None or shape.box is None:
        unseen.append(f"the chart '{shape.name}' has no data to draw")
        return ""
    pen = _Pen(palette, font, measure, language)
    values = [v for s in spec.series if s.axis == "primary" for v in s.values if v is not None]
    axis = scale([float(v) for v in values])
    labels = [number_text(t, spec.number_format, language) for t in axis.ticks]
    legend = spec.kind == "pie" or len(spec.series) > 1
    parts = frame(shape.box, spec, measure, labels, legend)
    out = []
    if parts.title_y is not None:
        out.append(
            pen.text(shape.box[0] + shape.box[2] / 2, parts.title_y, spec.title, TITLE, "middle")
        )
    if spec.kind == "pie":
        out += _pie(spec, parts, pen)
    else:
        out += _grid(spec, parts, axis, labels, pen)
        out += _plots(spec, parts, axis, pen)
    if legend:
        out += _legend(spec, parts, pen, shape.box)
    return f'<g class="chart" data-name="{escape(shape.name, quote=True)}">{"".join(out)}</g>'


def _grid(spec: ChartSpec, parts: Frame, axis: Scale, labels: list[str], pen: _Pen) -> list[str]:
    """Gridlines and value labels at each tick, the category axis line and its labels."""
    x, y, w, h = parts.plot
    grid, out = pen.colour(GRID), []
    bar = spec.kind == "bar"
    for tick, label in zip(axis.ticks, labels, strict=True):
        if bar:
            at = axis.at(tick, x, w)
            out.append(_line(at, y, at, y + h, grid))
            out.append(pen.text(at, y + h + AXIS_GAP + TEXT, label, anchor="middle"))
        else:
            at = axis.at(tick, y + h, -h)
            out.append(_line(x, at, x + w, at, grid))
            out.append(pen.text(x - LABEL_GAP, at + TEXT * 0.35, label, anchor="end"))
    zero = axis.at(0.0, x, w) if bar else axis.at(0.0, y + h, -h)
    out.append(_line(zero, y, zero, y + h, grid) if bar else _line(x, zero, x + w, zero, grid))
    count = len(spec.categories)
    for i, category in enumerate(spec.categories):
        if bar:
            middle = y + (i + 0.5) * h / count
            out.append(pen.text(x - LABEL_GAP, middle + TEXT * 0.35, category, anchor="end"))
        else:
            middle = x + (i + 0.5) * w / count
            out.append(pen.text(middle, y + h + AXIS_GAP + TEXT, category, anchor="middle"))
    return out


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 0.75) -> str:
    return (
        f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="{colour}" '
        f'stroke-width="{width:g}"/>'
    )


def _plots(spec: ChartSpec, parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    """Bars or columns for the primary series (all of them but a line chart's), lines for the rest."""
    primary = [k for k, s in enumerate(spec.series) if s.axis == "primary"]
    if spec.kind == "line":
        return [piece for k in primary for piece in _polyline(spec, k, parts, axis, pen)]
    out = _bars(spec, primary, parts, axis, pen)
    secondary = [k for k, s in enumerate(spec.series) if s.axis == "secondary"]
    if secondary:
        values = [float(v) for k in secondary for v in spec.series[k].values if v is not None]
        right = scale(values)
        out += [piece for k in secondary for piece in _polyline(spec, k, parts, right, pen)]
        out += _right_axis(spec, parts, right, pen)
    return out


def _bars(spec: ChartSpec, which: list[int], parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    """Clustered bars (across) or columns (up): a gap of 80 % of a bar between clusters and 10 % between the
    bars of one when there are several series (60 % and none for one)."""
    x, y, w, h = parts.plot
    gap, overlap = (0.8, -0.1) if len(which) > 1 else (0.6, 0.0)
    bar = spec.kind == "bar"
    band = (h if bar else w) / len(spec.categories)
    thick = band / (len(which) + gap - (len(which) - 1) * overlap)
    out = []
    for n, k in enumerate(which):
        series = spec.series[k]
        for i, value in enumerate(series.values):
            if value is None:
                continue
            start = i * band + thick * (gap / 2 + n * (1 - overlap))
            colour = highlight_colour(spec, k) if i == spec.highlight else series_colour(k)
            low, high = sorted((axis.at(0.0, 0, 1), axis.at(float(value), 0, 1)))
            if bar:
                box = (x + low * w, y + start, (high - low) * w, thick)
            else:
                box = (x + start, y + h - high * h, thick, (high - low) * h)
            out.append(_rect(box, pen.colour(colour)))
            if spec.show_values:
                out.append(_value_label(spec, box, float(value), bar, pen))
    return out


def _rect(box: tuple[float, float, float, float], fill: str) -> str:
    x, y, w, h = box
    return f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}"/>'


def _value_label(spec: ChartSpec, box, value: float, bar: bool, pen: _Pen) -> str:  # noqa: ANN001
    x, y, w, h = box
    text = number_text(value, spec.number_format, pen.language)
    if bar:
        return pen.text(x + w + AXIS_GAP, y + h / 2 + TEXT * 0.35, text)
    return pen.text(x + w / 2, y - AXIS_GAP, text, anchor="middle")


def _polyline(spec: ChartSpec, k: int, parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    """A series as a 3 pt line through its values, a marker on each (a larger one on the highlight)."""
    x, y, w, h = parts.plot
    colour = pen.colour(series_colour(k))
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
                f'<circle cx="{point[0]:.2f}" cy="{point[1]:.2f}" r="{6.5 if big else 4.5}" fill="{fill}"/>'
            )
    return out


def _right_axis(spec: ChartSpec, parts: Frame, axis: Scale, pen: _Pen) -> list[str]:
    x, y, w, h = parts.plot
    fmt = spec.secondary_format or spec.number_format
    return [
        pen.text(
            x + w + LABEL_GAP,
            axis.at(t, y + h, -h) + TEXT * 0.35,
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
                    anchor="middle",
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
    plot in a row, centred, in reverse for bars (as they read top to bottom), or right of a pie in a column."""
    if spec.kind == "pie":
        entries = [(c, point_colour(spec, i)) for i, c in enumerate(spec.categories)]
    else:
        entries = [(s.name, series_colour(k)) for k, s in enumerate(spec.series)]
        if spec.kind == "bar":
            entries.reverse()
    widths = [SYMBOL + SYMBOL_GAP + pen.measure(name, TEXT) for name, _ in entries]
    out = []
    if parts.legend_x is not None:
        top = box[1] + box[3] / 2 - len(entries) * LINE * TEXT / 2
        for n, (name, colour) in enumerate(entries):
            middle = top + (n + 0.5) * LINE * TEXT
            out += _entry(parts.legend_x, middle, name, colour, pen)
        return out
    x = box[0] + (box[2] - sum(widths) - ENTRY_GAP * (len(entries) - 1)) / 2
    for (name, colour), width in zip(entries, widths, strict=True):
        out += _entry(x, parts.legend_y, name, colour, pen)
        x += width + ENTRY_GAP
    return out


def _entry(x: float, middle: float, name: str, colour: Colour, pen: _Pen) -> list[str]:
    return [
        _rect((x, middle - SYMBOL / 2, SYMBOL, SYMBOL), pen.colour(colour)),
        pen.text(x + SYMBOL + SYMBOL_GAP, middle + TEXT * 0.35, name),
    ]
