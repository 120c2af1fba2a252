"""A slide's shapes, one record per kind: placeholder, geometry, freeform, picture, map, chart, table."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from generator.errors import Location
from generator.model.charts import ChartSpec
from generator.model.tables import TableSpec

Box = tuple[float, float, float, float]  # x, y, width, height in points
Origins = tuple[tuple[str, Location], ...]  # texts as written or shown, and where
Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text with optional overrides."""

    text: str
    level: int = 0
    bullet: bool | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None


@dataclass(frozen=True)
class MapSpec:
    """A map to draw: the municipalities by SSB's names, their year, those to pick out, the context
    around."""

    names: tuple[str, ...]
    year: int
    highlight: tuple[str, ...] = ()
    context: str = "neighbours"
    labels: bool = True
    # where the content names each highlight (errors point there)
    highlight_locs: tuple[Location, ...] = dataclasses.field(default=(), compare=False)


@dataclass(frozen=True)
class FigureSpec:
    """A chart or table to fill from data: the data's name and which of its columns show what."""

    kind: str  # a chart kind, or "table"
    data: str
    categories: str = ""
    series: tuple[str, ...] = ()  # a chart's series; a table's columns (empty: all)
    line: tuple[str, ...] = ()  # a combo chart's columns on the second axis
    highlight: str = ""
    title: str = ""
    number_format: str = "#,##0"
    show_values: bool = False
    headers: tuple[str, ...] = ()
    highlight_loc: Location | None = (
        None  # where the content names the highlight (errors point there)
    )
    number_format_loc: Location | None = None  # where the content writes the number format


@dataclass(frozen=True, kw_only=True)
class _Shape:
    """What every shape has: its name (PowerPoint's selection pane), its box, where it was written."""

    name: str
    box: Box | None = None
    field: str = ""  # the content field it shows (for locations in messages)
    loc: Location | None = None
    # where its words were written: (text, place) of the field, its items and the vars they read, in order
    origins: Origins = dataclasses.field(default=(), compare=False)


@dataclass(frozen=True, kw_only=True)
class _Text:
    """Text a shape holds, and how it is set; None leaves it to the master."""

    paragraphs: tuple[Paragraph, ...] = ()
    size: float | None = None
    min_size: float | None = None  # the smallest size fitting may shrink the text to
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    align: str | None = None
    anchor: str | None = None
    inset: Box | None = None  # left, top, right, bottom
    optional_text: str = ""  # when set, text that does not fit is left out and named in the notes


@dataclass(frozen=True, kw_only=True)
class _Outline:
    """How a drawn shape is filled and outlined ("none" for neither; None: the master's default)."""

    fill: str | None = None
    line: str | None = None
    line_width: float | None = None
    alt: str = ""  # what the shape shows, for people who cannot see it


@dataclass(frozen=True, kw_only=True)
class Placeholder(_Text, _Shape):
    """A placeholder of the master layout filled with text; `box` moves or resizes it."""

    role: str  # title, subtitle or body
    # a plate behind its text (a theme colour), where no text colour reads on what the master draws there
    fill: str | None = None
    kind: ClassVar[str] = "placeholder"


@dataclass(frozen=True, kw_only=True)
class Geometry(_Outline, _Text, _Shape):
    """A text box or a preset shape (rect, chevron ...) drawn by the layout."""

    preset: str = "textbox"
    flip: bool = False

    @property
    def kind(self) -> str:
        return self.preset


@dataclass(frozen=True, kw_only=True)
class Freeform(_Outline, _Text, _Shape):
    """A drawn outline of rings (a municipality on a map), with its text where `text_rect` says."""

    path: tuple[Ring, ...] = ()
    text_rect: Box | None = None
    kind: ClassVar[str] = "freeform"


@dataclass(frozen=True, kw_only=True)
class Picture(_Shape):
    """A picture file fitted in its box, its aspect kept, with alt text."""

    image: Path
    alt: str
    kind: ClassVar[str] = "picture"


@dataclass(frozen=True, kw_only=True)
class MapArea(_Shape):
    """Where a map goes, before it is drawn as freeforms."""

    map: MapSpec
    kind: ClassVar[str] = "map"


@dataclass(frozen=True, kw_only=True)
class Chart(_Shape):
    """A native chart: what to read from the data, then what it shows (`spec`) and its alt text."""

    figure: FigureSpec
    spec: ChartSpec | None = None
    size: float | None = None
    alt: str = ""
    kind: ClassVar[str] = "chart"


@dataclass(frozen=True, kw_only=True)
class Table(_Shape):
    """A native table: what to read from the data, then its text (`spec`), column widths and row
    heights in points from the font's metrics."""

    figure: FigureSpec
    spec: TableSpec | None = None
    size: float | None = None
    widths: tuple[float, ...] | None = None
    heights: tuple[float, ...] | None = None
    kind: ClassVar[str] = "table"


Shape = Placeholder | Geometry | Freeform | Picture | MapArea | Chart | Table
TextShape = Placeholder | Geometry | Freeform  # the kinds that hold text
TEXT_KINDS = (Placeholder, Geometry, Freeform)


def is_title(shape: Shape) -> bool:
    """Whether the shape is the slide's title placeholder."""
    return isinstance(shape, Placeholder) and shape.role == "title"


def place_of(origins: Origins, fragment: str, default: Location, word: bool = True) -> Location:
    """Where `fragment` (a word, or with `word` False any text, such as one character) was written: the first
    of `origins` whose text holds it, else `default`."""
    if not fragment:
        return default
    pattern = re.compile(rf"(?<!\w){re.escape(fragment)}(?!\w)" if word else re.escape(fragment))
    return next((loc for text, loc in origins if pattern.search(text)), default)


def paragraphs_of(shape: Shape) -> tuple[Paragraph, ...]:
    """The paragraphs a shape shows (none for a picture, map, chart or table)."""
    return shape.paragraphs if isinstance(shape, TEXT_KINDS) else ()


def described(shape: Shape) -> str:
    """The alternative text a shape carries, for people who cannot see it ('' when it has none)."""
    if isinstance(shape, (Picture, Chart, Geometry, Freeform)):
        return shape.alt
    return ""
