"""Charts as the model holds them: kinds, series, what can be drawn, and alt text."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.errors import DeckError, Location


@dataclass(frozen=True)
class Kind:
    """A chart kind: how it is drawn and what alt text calls it. Adding a kind is adding an entry to KIND_SPECS:
    the writer, the label fitting and the preview read these attributes, never the kind's name.

    `plot` is the DrawingML plot it is drawn as (bar, line or pie); bars stand (`col`) or lie (`bar`), side by
    side (`clustered`) or on top of each other (`stacked`). A kind with a `secondary` plot draws the series
    marked secondary that way, on a value axis of its own at the right. `lying` names the kind it is redrawn as
    when its category names are too long to stand under its columns; a kind without one keeps its look.
    """

    plot: str  # bar, line or pie
    words: tuple[str, str]  # what alt text calls it, in bokmål and nynorsk
    direction: str = ""  # a bar plot's bars: col (standing) or bar (lying)
    grouping: str = "clustered"  # a bar plot's: clustered or stacked; a line plot's: standard
    secondary: str = ""  # the plot of the series on the second value axis
    one_series: bool = False  # a pie shows one series, of values zero or more
    lying: str = ""  # the kind of lying bars it becomes when its names are too long for columns

    @property
    def stacked(self) -> bool:
        """Its series' bars stand on each other: one bar per category, as long as the category's sum."""
        return self.grouping == "stacked"


KIND_SPECS: dict[str, Kind] = {
    "column": Kind("bar", ("Stolpediagram", "Stolpediagram"), direction="col", lying="bar"),
    "bar": Kind("bar", ("Liggende stolpediagram", "Liggjande stolpediagram"), direction="bar"),
    "line": Kind("line", ("Linjediagram", "Linjediagram"), grouping="standard"),
    "pie": Kind("pie", ("Sektordiagram", "Sektordiagram"), one_series=True),
    "combo": Kind(
        "bar", ("Stolpe- og linjediagram", "Stolpe- og linjediagram"), "col", secondary="line"
    ),
    "stacked": Kind(
        "bar",
        ("Stablet stolpediagram", "Stabla stolpediagram"),
        "col",
        grouping="stacked",
        lying="stacked_bar",
    ),
    "stacked_bar": Kind(
        "bar",
        ("Liggende stablet stolpediagram", "Liggjande stabla stolpediagram"),
        "bar",
        grouping="stacked",
    ),
}
KINDS = tuple(KIND_SPECS)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One named row of values; `axis` is 'secondary' for the line of a combo chart."""

    name: str
    values: tuple[float | int | None, ...]  # None: no value for that category (a gap)
    axis: str = "primary"


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows. `highlight` is a category index whose points get their own colour.

    A combo chart draws the primary series as clustered columns and the secondary ones as a line on a value axis
    of its own, on the right (formatted with `secondary_format`, or `number_format` when that is empty).
    """

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    title: str = ""
    number_format: str = "#,##0"
    highlight: int | None = None
    show_values: bool = False
    secondary_format: str = ""
    location: Location | None = None  # where the content defines the chart: errors point there
    text_size: float = 14.0  # points: axis labels, legend and data labels
    label_skip: int = 1  # a category label for every this many categories
    legend_right: bool = False  # the legend beside the plot rather than under it
    # where the plot goes in the chart (x, y, width, height as shares of it); None: where the renderer puts it
    plot_area: tuple[float, float, float, float] | None = None
    text_color: str = ""  # a theme colour for its text where PowerPoint's grey would not read
    plate: str = (
        ""  # a theme colour the chart is set on where no text colour reads on what lies behind it
    )

    def __post_init__(self) -> None:
        check_spec(self)

    @property
    def spec(self) -> Kind:
        """How its kind is drawn."""
        return KIND_SPECS[self.kind]

    @property
    def named_at_bar(self) -> int | None:
        """The series whose highlighted bar carries the highlighted category's name beside it, where fitting
        left that name off the axis (a label for every `label_skip`th category only): the first with a value
        there, in a chart of bars that are not stacked; else None."""
        if self.highlight is None or self.highlight % self.label_skip == 0:
            return None
        if self.spec.plot != "bar" or self.spec.stacked or self.spec.secondary:
            return None
        return next(
            (k for k, s in enumerate(self.series) if s.values[self.highlight] is not None), None
        )

    def axis_values(self, axis: str = "primary") -> tuple[float, ...]:
        """What the value axis `axis` must hold: every value of its series; for stacked bars, where each
        category's bar ends on either side of zero (the sum of its negative values and of its positive ones)."""
        group = [s for s in self.series if s.axis == axis]
        if not self.spec.stacked:
            return tuple(float(v) for s in group for v in s.values if v is not None)
        ends: list[float] = []
        for i in range(len(self.categories)):
            values = [float(v) for s in group if (v := s.values[i]) is not None]
            ends += [sum(v for v in values if v < 0), sum(v for v in values if v > 0)]
        return tuple(ends)


def check_spec(spec: ChartSpec) -> None:
    """A DeckError at `spec.location` for a chart that cannot be drawn."""
    problem = next(_problems(spec), None) or next(_kind_problems(spec), None)
    if problem:
        raise DeckError(problem[0], spec.location, path="chart", hint=problem[1])


def _problems(spec: ChartSpec) -> Iterator[tuple[str, str]]:
    if spec.kind not in KINDS:
        yield f"unknown chart kind '{spec.kind}'", "use one of " + ", ".join(KINDS)
    if not spec.categories or not spec.series:
        yield (
            "the chart has no " + ("series" if spec.categories else "categories"),
            "give it a row per category and a column of numbers per series",
        )
    for s in spec.series:
        if not [v for v in s.values if v is not None]:
            yield f"series '{s.name}' is empty", "give it one number per category"
        if len(s.values) != len(spec.categories):
            yield (
                f"series '{s.name}' has {len(s.values)} values for {len(spec.categories)} categories",
                "give it one number per category",
            )
        if not all(
            v is None or isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in s.values
        ):
            yield (
                f"series '{s.name}' holds a value that is not a finite number",
                "give it numbers only",
            )
    texts = (*spec.categories, spec.title, *(s.name for s in spec.series))
    if (bad := next((t for t in texts if _BAD_CHARS.search(t)), None)) is not None:
        yield (
            f"'{_BAD_CHARS.sub('?', bad)}' has a character XML cannot hold",
            "remove control characters from it",
        )
    if spec.highlight is not None and not 0 <= spec.highlight < len(spec.categories):
        yield (
            f"highlight {spec.highlight} is not a category of the chart",
            f"use a number from 0 to {len(spec.categories) - 1}",
        )


def _kind_problems(spec: ChartSpec) -> Iterator[tuple[str, str]]:
    kind = KIND_SPECS[spec.kind]
    axes = {s.axis for s in spec.series}
    if not axes <= {"primary", "secondary"}:
        yield (
            f"a series has axis '{min(axes - {'primary', 'secondary'})}'",
            "use 'primary' or 'secondary'",
        )
    if kind.secondary and axes != {"primary", "secondary"}:
        yield (
            f"a {spec.kind} chart needs a primary series ({_PLOT_WORDS[kind.plot]}) and a secondary "
            f"one ({_PLOT_WORDS[kind.secondary]})",
            "mark the line's series with axis: secondary",
        )
    if not kind.secondary and "secondary" in axes:
        yield (
            f"a {spec.kind} chart has one value axis",
            "use kind: combo for a line on a second axis",
        )
    if kind.one_series and len(spec.series) != 1:
        yield (
            f"a {spec.kind} chart shows one series, not {len(spec.series)}",
            "use a column chart to compare series",
        )
    values = [v for v in spec.series[0].values if v is not None] if spec.series else []
    if kind.one_series and (any(v < 0 for v in values) or not sum(values)):
        yield (
            f"a {spec.kind} chart needs values of zero or more, not all zero",
            "use a column or bar chart",
        )


_PLOT_WORDS = {"bar": "columns", "line": "the line", "pie": "slices"}
# the two axes of a chart with a second value axis, in alt text, in bokmål and nynorsk
_AXES = {
    "nb": {"primary": "stolper", "secondary": "linje mot aksen til høyre"},
    "nn": {"primary": "stolpar", "secondary": "linje mot aksen til høgre"},
}


def alt_text(spec: ChartSpec, number: Callable[[float], str], language: str = "nb-NO") -> str:
    """What the chart shows, in Norwegian (nynorsk for `nn`): kind, title, series, the largest and smallest value
    (per axis; of stacked series also the largest and smallest sum), each value written by `number` as the
    deck's language writes it."""
    nynorsk = language.split("-")[0] == "nn"
    kind = KIND_SPECS[spec.kind]
    said = kind.words[1] if nynorsk else kind.words[0]
    names = [s.name for s in spec.series]
    # not when the title says them
    named = len(names) > 1 and not all(name in (spec.title or "") for name in names)
    head = ", ".join(p for p in (spec.title, _joined(names) if named else "") if p)
    parts = [f"{said}: {head}." if head else f"{said}."]
    if not kind.secondary:
        parts.append(_extremes(spec, spec.series, number, "Størst: {}. Minst: {}."))
        if kind.stacked and len(spec.series) > 1:
            parts.append(
                _extremes(spec, (_sums(spec),), number, "Størst i sum: {}. Minst i sum: {}.")
            )
        return " ".join(parts)
    words = _AXES["nn" if nynorsk else "nb"]
    for axis in ("primary", "secondary"):
        what = words[axis]
        group = tuple(s for s in spec.series if s.axis == axis)
        label = _joined([s.name for s in group])
        parts.append(_extremes(spec, group, number, f"{label} ({what}): størst {{}}; minst {{}}."))
    return " ".join(parts)


def _extremes(spec: ChartSpec, group: tuple[Series, ...], number, template: str) -> str:  # noqa: ANN001
    """`template` filled with the largest and the smallest value of `group`: category, value, and the series
    when not every series of the group has that value there."""
    points = [(v, i, s.name) for s in group for i, v in enumerate(s.values) if v is not None]
    found = []
    for pick in (max, min):
        value = pick(v for v, _, _ in points)
        index = next(i for v, i, _ in points if v == value)
        text = f"{spec.categories[index]}, {number(value)}"
        holders = [name for v, i, name in points if v == value and i == index]
        if KIND_SPECS[spec.kind].one_series:
            text += f" ({number(round(value / sum(v for v in group[0].values if v is not None) * 100))} %)"
        elif len(group) > 1 and len(holders) < len(group):
            text += f" ({_joined(holders)})"
        found.append(text)
    return template.format(*found)


def _sums(spec: ChartSpec) -> Series:
    """Each category's values added up (what a stacked bar shows as its length); no value where it has none."""
    sums = []
    for i in range(len(spec.categories)):
        values = [v for s in spec.series if (v := s.values[i]) is not None]
        sums.append(sum(values) if values else None)
    return Series("", tuple(sums))


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]
