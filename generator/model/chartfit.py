"""A chart's labels measured in its box: bars for long names, the legend aside, smaller type, fewer labels last."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from generator.model.charts import ChartSpec

TEXT_SIZE = 14.0  # points: a chart's text on the design grid
FLOOR = 12.0  # points: never smaller
STEP = 1.0
# How LibreOffice and PowerPoint lay out a chart in its frame, in points and multiples of the text size,
# measured on make-deck's charts: a line of text is 1.3 sizes tall with its ascent and descent; a category
# label needs 1.08 sizes of the axis to itself, else LibreOffice leaves every other out (18 names at 13 pt in
# 250 pt, 1.07 sizes each, lose every second; at 12 pt in 234 pt, 1.083 each, all show); an axis label may take
# a third of the chart's width before it wraps, and a word wider than that is broken.
LINE = 1.3
PITCH = 1.08
LABEL_SHARE = 1 / 3
TOP, BOTTOM, LEGEND_GAP, AXIS_GAP = 4.0, 2.0, 11.0, 6.0
LEGEND_MARK = 30.0  # a legend entry's key and gap, besides its text

WidthOf = Callable[[str, float], float]  # a text's width in points at a size


@dataclass(frozen=True)
class Fitted:
    """A chart as it fits its box, and what was done to make it fit ("" when nothing was)."""

    spec: ChartSpec
    did: str = ""


def fit_chart(
    spec: ChartSpec, box: tuple[float, float, float, float], size: float, width_of: WidthOf
) -> Fitted:
    """The chart with the text size, kind, legend place and label spacing its labels need in `box`, tried as a
    designer would: as it is; for names too long to stand under columns, the lying bars its kind names as its
    `lying` twin (a kind without one keeps its look); the legend beside lying bars; smaller type down to the
    floor; and only then a label for every second (third ...) category."""
    start = max(min(size, TEXT_SIZE), FLOOR)
    first = replace(spec, text_size=start)
    for trial, did in _trials(first, width_of, box):
        if _fits(trial, box, width_of):
            return Fitted(_placed(trial, box, width_of) if did else trial, did)
    last = _last_resort(first, box, width_of)
    return Fitted(_placed(last, box, width_of), _said(spec, last, box, width_of))


def _placed(spec: ChartSpec, box, width_of: WidthOf) -> ChartSpec:  # noqa: ANN001
    """The chart with its plot placed where the measure gave its labels room (as shares of the chart)."""
    _, _, w, h = box
    s = spec.text_size
    if spec.spec.plot == "pie" or w <= 0 or h <= 0:
        return spec
    if spec.spec.direction == "bar":
        left = max((width_of(c, s) for c in spec.categories), default=0.0) + 2 * AXIS_GAP
        right = _legend_width(spec, width_of) + AXIS_GAP if spec.legend_right else TOP
        height = _room(spec, box, width_of)
    else:
        left = _value_axis(spec, width_of) / (2 if spec.spec.secondary else 1) + TOP
        right = left if spec.spec.secondary else TOP
        legend = LEGEND_GAP + LINE * s if _legend(spec) else 0.0
        height = h - TOP - BOTTOM - 2 * LINE * s - AXIS_GAP - legend
    area = (left / w, TOP / h, (w - left - right) / w, max(height, 0.0) / h)
    return replace(spec, plot_area=area)


def _trials(spec: ChartSpec, width_of: WidthOf, box) -> Iterator[tuple[ChartSpec, str]]:  # noqa: ANN001
    """The chart as it is, then with each designer's step taken in turn, each with the steps so far."""
    done: list[str] = []
    yield spec, ""
    if spec.spec.lying and not _words_fit_columns(spec, box, width_of):
        spec = replace(spec, kind=spec.spec.lying)
        done.append("drawn as lying bars (its category names are too long to stand under columns)")
        yield spec, ", ".join(done)
    if spec.spec.direction == "bar" and _legend(spec):
        spec = replace(spec, legend_right=True)
        done.append("its legend set beside the bars")
        yield spec, ", ".join(done)
    size = spec.text_size - STEP
    while size >= FLOOR - 1e-9:
        yield replace(spec, text_size=size), ", ".join([*done, f"its text set at {size:g} pt"])
        size -= STEP


def _last_resort(spec: ChartSpec, box, width_of: WidthOf) -> ChartSpec:  # noqa: ANN001
    """At the floor, lying bars for long names and the legend beside them: a label for every k-th category,
    k as small as fits (every category's, when no k does: the names are then wrapped by the renderer)."""
    spec = replace(spec, text_size=FLOOR)
    if spec.spec.lying and not _words_fit_columns(spec, box, width_of):
        spec = replace(spec, kind=spec.spec.lying)
    if spec.spec.direction == "bar" and _legend(spec):
        spec = replace(spec, legend_right=True)
    for k in range(2, len(spec.categories) + 1):
        trial = replace(spec, label_skip=k)
        if _fits(trial, box, width_of):
            return trial
    return spec


def _said(original: ChartSpec, spec: ChartSpec, box, width_of: WidthOf) -> str:  # noqa: ANN001
    parts = []
    if spec.kind != original.kind:
        parts.append("drawn as lying bars")
    if spec.legend_right:
        parts.append("its legend beside the bars")
    parts.append(f"its text at the {FLOOR:g} pt floor")
    if spec.label_skip > 1:
        parts.append(
            f"only every {_ordinal(spec.label_skip)} of its {len(spec.categories)} categories named "
            f"(they need {_room_needed(spec, width_of):.0f} pt; the chart has {_room(spec, box, width_of):.0f})"
        )
    if spec.named_at_bar is not None:
        parts.append(f"the highlighted '{spec.categories[spec.highlight]}' named at its bar")
    return ", ".join(parts)


def _ordinal(n: int) -> str:
    return {2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")


def _legend(spec: ChartSpec) -> bool:
    return spec.spec.plot == "pie" or len(spec.series) > 1


def _fits(spec: ChartSpec, box, width_of: WidthOf) -> bool:  # noqa: ANN001
    return _need(spec, box, width_of) <= 1.0 + 1e-9


def _need(spec: ChartSpec, box, width_of: WidthOf) -> float:  # noqa: ANN001
    """How many times the room its labels have they need (1 or less: they fit); infinite when a word cannot
    fit at all."""
    kind = spec.spec
    if kind.plot == "pie":
        return _pie_need(spec, box, width_of)
    if kind.direction == "bar":
        return _bar_need(spec, box, width_of)
    return 1.0 if _words_fit_columns(spec, box, width_of) else math.inf


def _room(spec: ChartSpec, box, width_of: WidthOf) -> float:  # noqa: ANN001
    """The points the category axis has for its labels."""
    _, _, w, h = box
    s = spec.text_size
    if spec.spec.direction == "bar":
        legend = LEGEND_GAP + LINE * s if _legend(spec) and not spec.legend_right else 0.0
        return max(h - TOP - BOTTOM - LINE * s - AXIS_GAP - legend, 0.0)
    return max(w - _value_axis(spec, width_of) - 2 * TOP, 0.0)


def _room_needed(spec: ChartSpec, width_of: WidthOf) -> float:
    return len(spec.categories) * PITCH * spec.text_size


def _bar_need(spec: ChartSpec, box, width_of: WidthOf) -> float:  # noqa: ANN001
    """Lying bars: each name one line beside its bars, none wider than a third of the chart."""
    widest = max((width_of(c, spec.text_size) for c in spec.categories), default=0.0)
    legend = _legend_width(spec, width_of) if spec.legend_right else 0.0
    if widest > LABEL_SHARE * (box[2] - legend):
        return math.inf
    room = _room(spec, box, width_of) * spec.label_skip
    return _room_needed(spec, width_of) / room if room else math.inf


def _words_fit_columns(spec: ChartSpec, box, width_of: WidthOf) -> bool:  # noqa: ANN001
    """Standing columns: every category name under its column, wrapped at spaces into two lines at most."""
    slot = _room(spec, box, width_of) / max(len(spec.categories), 1) * spec.label_skip * 0.95
    return all(_lines(name, slot, spec.text_size, width_of) <= 2 for name in spec.categories)


def _lines(text: str, width: float, size: float, width_of: WidthOf) -> int:
    """Lines `text` takes wrapped at spaces into `width`; a large number when a word is wider than that."""
    lines, line = 0, ""
    for word in text.split():
        if width_of(word, size) > width:
            return 99
        candidate = f"{line} {word}" if line else word
        if line and width_of(candidate, size) > width:
            lines, line = lines + 1, word
        else:
            line = candidate
    return lines + 1


def _value_axis(spec: ChartSpec, width_of: WidthOf) -> float:
    """The width of a value axis's labels: its largest number (a stacked bar's sum), as digits, and a gap; two
    axes for a chart with a second one."""
    values = (*spec.axis_values("primary"), *spec.axis_values("secondary"))
    top = max((abs(v) for v in values), default=0)
    digits = width_of(f"{top:,.0f}".replace(",", " "), spec.text_size) + AXIS_GAP
    return digits * (2 if spec.spec.secondary else 1)


def _legend_width(spec: ChartSpec, width_of: WidthOf) -> float:
    names = [s.name for s in spec.series] if spec.spec.plot != "pie" else list(spec.categories)
    return max((width_of(n, spec.text_size) for n in names), default=0.0) + LEGEND_MARK


def _pie_need(spec: ChartSpec, box, width_of: WidthOf) -> float:  # noqa: ANN001
    """A pie's legend beside it: a line per slice, no wider than a third of the chart."""
    _, _, w, h = box
    if _legend_width(spec, width_of) > LABEL_SHARE * w:
        return math.inf
    return len(spec.categories) * LINE * spec.text_size / max(h - TOP - BOTTOM, 1.0)
