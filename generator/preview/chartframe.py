"""Where a chart's parts go, as LibreOffice lays out a chart that says nothing of its layout, and its value scale."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from generator.model.charts import ChartSpec

TEXT, TITLE = 14.0, 20.0  # points: the writer's chart text and title sizes
LINE = 1.2  # a line of text, as a multiple of its size
MARGIN = 0.02  # of the chart's width and height, kept free all round
AXIS_GAP = 2.5  # points between an axis and its labels
LABEL_GAP = 3.75  # points between category labels and the axis they name
LEGEND_FROM_BOTTOM = 10.5  # points from the chart's bottom to the middle of a legend below it
LEGEND_GAP = 13.3  # points between the value labels and a legend below them
SYMBOL, SYMBOL_GAP, ENTRY_GAP = (
    6.0,
    1.5,
    9.0,
)  # a legend entry's square, before its name, between entries

Box = tuple[float, float, float, float]
Measure = Callable[[str, float], float]  # the width of a text at a size, in points


@dataclass(frozen=True)
class Scale:
    """A value axis: from `low` to `high` in steps of `step`."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + k * self.step for k in range(count + 1)]

    def at(self, value: float, start: float, length: float) -> float:
        """Where `value` falls on an axis `length` long from `start`."""
        return start + (value - self.low) / (self.high - self.low) * length


def scale(values: list[float]) -> Scale:
    """A scale from zero (or the least value, when negative) past the greatest, in steps of 1, 2 or 5 times
    a power of ten, at most ten steps."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1
    power = 10 ** math.floor(math.log10((high - low) / 10))
    for factor in (1, 2, 5, 10, 20, 50):
        step = factor * power
        top, bottom = math.ceil(high / step) * step, math.floor(low / step) * step
        if (top - bottom) / step <= 10:
            return Scale(bottom, top, step)
    return Scale(low, high, high - low)


def number_text(value: float, number_format: str, language: str) -> str:
    """A value as the chart's number format writes it in the deck's language: `#,##0` gives 1 300, `0.0`
    gives 12,5, `0%` gives 12%."""
    fmt = number_format.split("]", 1)[-1] if number_format.startswith("[") else number_format
    percent = "%" in fmt
    if percent:
        value *= 100
    decimals = len(fmt.split(".", 1)[1].rstrip("%").strip()) if "." in fmt else 0
    text = f"{value:,.{decimals}f}" if "," in fmt.split(".")[0] else f"{value:.{decimals}f}"
    comma = language.split("-")[0].lower() in ("nb", "nn", "no", "se", "sv", "da", "fi", "de")
    if comma:
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text + ("%" if percent else "")


@dataclass(frozen=True)
class Frame:
    """The parts of a chart: its title's baseline, the legend's middle line, and the plot area."""

    plot: Box
    title_y: float | None
    legend_y: float | None  # a legend below the plot
    legend_x: float | None  # a legend right of the plot (a pie's)


def frame(
    box: Box, spec: ChartSpec, measure: Measure, value_labels: list[str], legend: bool
) -> Frame:
    """The plot area of a chart with axes (or a pie), after margins, title, legend and axis labels."""
    x, y, w, h = box
    left, top, right, bottom = (
        x + MARGIN * w,
        y + MARGIN * h,
        x + w - MARGIN * w,
        y + h - MARGIN * h,
    )
    title_y = None
    if spec.title:
        title_y = top + TITLE
        top += LINE * TITLE + MARGIN * h
    legend_y = legend_x = None
    if legend and spec.kind == "pie":
        width = max(measure(s, TEXT) for s in spec.categories) + SYMBOL + SYMBOL_GAP
        legend_x = right - width
        right = legend_x - ENTRY_GAP
    elif legend:
        legend_y = y + h - LEGEND_FROM_BOTTOM
        bottom = legend_y - LINE * TEXT / 2 - LEGEND_GAP
    if spec.kind == "pie":
        return Frame((left, top, right - left, bottom - top), title_y, legend_y, legend_x)
    return Frame(
        _axes(spec, (left, top, right, bottom), measure, value_labels), title_y, legend_y, legend_x
    )


def _axes(
    spec: ChartSpec, room: tuple[float, float, float, float], measure: Measure, values: list[str]
) -> Box:
    """The plot area inside the axis labels: the category labels' width (a bar chart's) or height, the value
    labels' height or width, half a label past the last tick."""
    left, top, right, bottom = room
    labels_high = LINE * TEXT + AXIS_GAP
    if spec.kind == "bar":
        left += max(measure(c, TEXT) for c in spec.categories) + LABEL_GAP
        right -= measure(values[-1], TEXT) / 2
        bottom -= labels_high
    else:
        left += max(measure(v, TEXT) for v in values) + LABEL_GAP
        if spec.kind == "combo":
            right -= max(measure(v, TEXT) for v in values) + LABEL_GAP
        top += LINE * TEXT / 2
        bottom -= labels_high
    return left, top, max(right - left, 1.0), max(bottom - top, 1.0)
