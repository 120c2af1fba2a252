"""Where a chart's parts go, as LibreOffice lays out a chart that says nothing of its layout, and its value scale."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from generator.model.charts import ChartSpec

TITLE = 20.0  # points: the writer's chart title size (its other text is the spec's `text_size`)
LINE = 1.2  # a line of text, as a multiple of its size
MARGIN = 0.02  # of the chart's width and height, kept free all round
MOST_STEPS = 10  # a value axis' steps, at most
BORDER = 20 / 21  # a value past this share of the axis gets a step more of room
NARROW = 5 / 6  # values of one sign this close to the greatest: the axis need not reach zero
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

    @property
    def base(self) -> float:
        """Where bars start: zero, or the axis' end nearer it when it does not reach zero."""
        return min(max(0.0, self.low), self.high)

    def at(self, value: float, start: float, length: float) -> float:
        """Where `value` falls on an axis `length` long from `start`."""
        return start + (value - self.low) / (self.high - self.low) * length


def scale(values: list[float], number_format: str = "") -> Scale:
    """A value axis as LibreOffice scales one that states no scale (PowerPoint's is alike): from zero past the
    values, or, for values within a sixth of the greatest, from half their spread short of them; in steps of
    1, 2 or 5 times a power of ten, at most ten; a step more where a value comes within a 21st of the axis'
    end; fewer steps where the number format would write neighbouring ticks alike (at most the ticks over
    the longest run of one label)."""
    found = _scale(values, MOST_STEPS)
    if number_format:
        labels = [number_text(tick, number_format, "en") for tick in found.ticks]
        run = max(len(list(same)) for _, same in groupby(labels))
        if run > 1:
            found = _scale(values, max(2, min(MOST_STEPS, len(labels) // run)))
    return found


def _scale(values: list[float], most: int) -> Scale:
    """The first step of 1, 2 or 5 times a power of ten, from a `most`th of the range up, that takes the
    range and the room kept at its ends in `most` steps at most."""
    least, greatest = min(values), max(values)
    low, high = _range(least, greatest)
    raw = (high - low) / most
    power = 10.0 ** math.floor(math.log10(raw))
    factor = next((f for f in (1, 2, 5) if raw / power <= f * (1 + 1e-9)), 0)
    if not factor:
        factor, power = 1, power * 10
    while True:
        step = factor * power
        bottom = math.floor(low / step + 1e-9) * step
        if bottom and (high - least) / (high - bottom) > BORDER:
            bottom -= step
        top = math.ceil(high / step - 1e-9) * step
        if top and (greatest - bottom) / (top - bottom) > BORDER:
            top += step
        if round((top - bottom) / step) <= most:
            return Scale(bottom, top, step)
        factor, power = _next_step(factor, power)


def _range(least: float, greatest: float) -> tuple[float, float]:
    """What the axis must hold: zero and the values, or values of one sign lying within a sixth of the one
    farthest from zero and half their spread towards zero (never an empty range)."""
    if least == greatest == 0:
        return 0.0, 1.0
    if least > 0 and least / greatest >= NARROW and least != greatest:
        return least - (greatest - least) / 2, greatest
    if greatest < 0 and greatest / least >= NARROW and least != greatest:
        return least, greatest + (greatest - least) / 2
    return min(0.0, least), max(0.0, greatest)


def _next_step(factor: int, power: float) -> tuple[int, float]:
    """The step after `factor` (1, 2 or 5) times `power` on the ladder 1, 2, 5, 10, 20 ..."""
    if factor == 5:
        return 1, power * 10
    return factor * 5 // 2, power


def number_text(value: float, number_format: str, language: str) -> str:
    """A value as the chart's number format writes it in the deck's language: `#,##0` gives 1 300, `0.0`
    gives 12,5, `0%` gives 12%; a half is rounded away from zero, as the renderers round it."""
    fmt = number_format.split("]", 1)[-1] if number_format.startswith("[") else number_format
    percent = "%" in fmt
    if percent:
        value *= 100
    decimals = len(fmt.split(".", 1)[1].rstrip("%").strip()) if "." in fmt else 0
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    grouping = "," if "," in fmt.split(".")[0] else ""
    text = f"{rounded:{grouping}.{decimals}f}"
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
    """The plot area of a chart with axes (or a pie), after margins, title, legend and axis labels; where
    fitting placed the plot (`plot_area`, shares of the chart), there."""
    x, y, w, h = box
    size = spec.text_size
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
    pie = spec.spec.plot == "pie"
    if legend and (pie or spec.legend_right):
        names = spec.categories if pie else [s.name for s in spec.series]
        width = max(measure(name, size) for name in names) + SYMBOL + SYMBOL_GAP
        legend_x = right - width
        right = legend_x - ENTRY_GAP
    elif legend:
        legend_y = y + h - LEGEND_FROM_BOTTOM
        bottom = legend_y - LINE * size / 2 - LEGEND_GAP
    if pie:
        return Frame((left, top, right - left, bottom - top), title_y, legend_y, legend_x)
    if spec.plot_area is not None:
        px, py, pw, ph = spec.plot_area
        return Frame((x + px * w, y + py * h, pw * w, ph * h), title_y, legend_y, legend_x)
    return Frame(
        _axes(spec, (left, top, right, bottom), measure, value_labels), title_y, legend_y, legend_x
    )


def _axes(
    spec: ChartSpec, room: tuple[float, float, float, float], measure: Measure, values: list[str]
) -> Box:
    """The plot area inside the axis labels: the category labels' width (a bar chart's) or height, the value
    labels' height or width, half a label past the last tick."""
    left, top, right, bottom = room
    size = spec.text_size
    labels_high = LINE * size + AXIS_GAP
    if spec.spec.direction == "bar":
        left += max(measure(c, size) for c in spec.categories) + LABEL_GAP
        right -= measure(values[-1], size) / 2
        bottom -= labels_high
    else:
        left += max(measure(v, size) for v in values) + LABEL_GAP
        if spec.spec.secondary:
            right -= max(measure(v, size) for v in values) + LABEL_GAP
        top += LINE * size / 2
        bottom -= labels_high
    return left, top, max(right - left, 1.0), max(bottom - top, 1.0)
