"""Rendered layout output checked key by key into a `DeckModel`: slides, shapes, text and notes as plain values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.content.format import Deck
from generator.errors import DeckError, Finding, Location, raise_all, shown
from generator.model.charts import KINDS as CHART_KINDS
from generator.model.charts import ChartSpec
from generator.model.tables import TableSpec
from generator.options import (
    Choice,
    Color,
    Flag,
    Invalid,
    Invalids,
    ListOf,
    Number,
    Numbers,
    OneOf,
    Record,
    Text,
    path_text,
    problems_of,
)
from generator.templating.render import Rendered, RenderedSlide

PLACEHOLDERS = ("title", "subtitle", "body")
GEOMETRIES = (
    "textbox",
    "rect",
    "roundRect",
    "ellipse",
    "chevron",
    "homePlate",
    "rightArrow",
    "triangle",
    "plus",
    "mathPlus",
    "mathEqual",
    "line",
    "donut",
    "pentagon",
    "hexagon",
)
ALIGNS = ("left", "center", "right", "justify")
ANCHORS = ("top", "middle", "bottom")
FAR = 10_000.0  # points: no coordinate or length of a shape lies further out (a slide is at most 4032 pt wide)
# Characters XML 1.0 cannot hold (C0 controls except tab, newline, carriage return; U+FFFE/F).
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEMPLATE = re.compile(r"\{[{%].{0,40}?(?:[}%]\}|$)", re.S)


# points: the slide layouts draw on; geometry.py carries it onto the master's slide
DESIGN = (960.0, 540.0)
_EDGE = 0.5  # points a box may stand past the slide's edge (rounding)


def _positive_size(box: tuple[float, ...]) -> None:
    if box[2] <= 0 or box[3] <= 0:
        raise Invalid(
            f"a box needs a width and a height above 0, got {box[2]:g} x {box[3]:g}",
            "write [x, y, width, height] in points",
        )
    x, y, w, h = box
    if x < -_EDGE or y < -_EDGE or x + w > DESIGN[0] + _EDGE or y + h > DESIGN[1] + _EDGE:
        raise Invalid(
            f"[{x:g}, {y:g}, {w:g}, {h:g}] lies outside the {DESIGN[0]:g} x {DESIGN[1]:g} pt slide layouts draw on",
            "keep x + width within 960 and y + height within 540 (docs/layouts.md: The grid)",
        )


KINDS = ("placeholder", "geometry", "picture", "map", "chart", "table")


def _one_kind(shape: dict[str, Any]) -> None:
    given = [k for k in KINDS if k in shape]
    if len(given) > 1:
        raise Invalid(f"a shape is one of {', '.join(KINDS)}; this one gives {' and '.join(given)}")
    if "chart" in shape and not {"data", "categories", "series"} <= set(shape):
        raise Invalid(
            "a chart needs `data:` (a data file's name), `categories:` and `series:` (its columns)"
        )
    if "map" in shape and "year" not in shape:
        raise Invalid(
            "a map needs `year:` (the year of its county division)", "write `year: {{ year }}`"
        )
    if "text" in shape and "paragraphs" in shape:
        raise Invalid("give `text:` or `paragraphs:`, not both")
    if "placeholder" not in shape and "box" not in shape:
        raise Invalid("a shape needs `box: [x, y, width, height]` in points")


SIZE = Number(help="Font size in points.", low=1, high=400)
PARAGRAPH = OneOf(
    choices=(
        Text(),
        Record(
            options={
                "text": Text(help="The paragraph's text.", default=""),
                "level": Number(
                    help="Outline level, 0 to 8.", low=0, high=8, integer=True, default=0
                ),
                "bullet": Flag(help="false: no bullet, text from the left edge."),
                "size": SIZE,
                "bold": Flag(),
                "italic": Flag(),
                "color": Color(),
            },
            null_is_absent=True,
        ),
    ),
    pick=lambda value: 1 if isinstance(value, dict) else 0,
)
SHAPE_KEYS = {
    "placeholder": Choice(
        help="Fill the master layout's placeholder with this role.", choices=PLACEHOLDERS
    ),
    "geometry": Choice(
        help="Draw a native shape of this preset geometry.", choices=GEOMETRIES, default="textbox"
    ),
    "picture": Text(help="A picture file, relative to the content file.", nonblank=True),
    "name": Text(help="The shape's name in PowerPoint's selection pane."),
    "field": Text(
        help="The content field the text comes from (for locations in messages).", default=""
    ),
    "box": Numbers(
        help="Where the shape sits, in points.",
        item=Number(low=-FAR, high=FAR),
        names="x, y, width, height",
        check_all=_positive_size,
    ),
    "text": Text(help="The text; a new line starts a new paragraph.", nullable=True),
    "paragraphs": ListOf(
        help="Paragraphs, each text or {text, level, bullet, size, bold, italic, color}.",
        item=PARAGRAPH,
    ),
    "size": SIZE,
    "min_size": Number(help="The smallest size fitting may shrink the text to.", low=1, high=400),
    "bold": Flag(),
    "italic": Flag(),
    "color": Color(help="The text's colour."),
    "align": Choice(choices=ALIGNS),
    "anchor": Choice(choices=ANCHORS),
    "fill": Color(help="The shape's fill.", allow_none=True),
    "line": Color(help="The shape's outline.", allow_none=True),
    "line_width": Number(help="The outline's width in points.", low=0, high=100),
    "inset": Numbers(
        help="Room between the shape's edge and its text, in points.",
        item=Number(low=0, high=FAR),
        names="left, top, right, bottom",
    ),
    "flip": Flag(help="Mirror the shape left to right.", default=False),
    "alt": Text(help="What a picture shows, for people who cannot see it."),
    "map": ListOf(
        help="Draw these municipalities (SSB's names) as a map, one shape each.",
        item=Text(nonblank=True),
        min_items=1,
    ),
    "year": Number(
        help="A map's year: which county division's boundaries to draw (2020 or 2024).",
        low=1900,
        high=2100,
        integer=True,
    ),
    "highlight": ListOf(
        help="Municipalities of a map to pick out in another colour.", item=Text(nonblank=True)
    ),
    "context": Choice(
        help="What a map shows around the region: its neighbour municipalities, the other counties, or nothing.",
        choices=("neighbours", "counties", "none"),
        default="neighbours",
    ),
    "labels": Flag(
        help="Names on a map's municipalities where they fit at a readable size (the rest go in the notes).",
        default=True,
    ),
    "chart": Choice(help="Draw a native chart of this kind from `data:`.", choices=CHART_KINDS),
    "table": Text(
        help="Draw a native table of the data file (or list of mappings in vars) of this name.",
        nonblank=True,
    ),
    "data": Text(
        help="A chart's data: the name of a data file under `data:` (or a list of mappings in vars).",
        nonblank=True,
    ),
    "categories": Text(help="A chart's column of category names.", nonblank=True),
    "series": ListOf(
        help="A chart's columns of numbers, one series each.", item=Text(nonblank=True), min_items=1
    ),
    "secondary": ListOf(
        help="A combo chart's columns drawn as a line on the second value axis.",
        item=Text(nonblank=True),
    ),
    "columns": ListOf(
        help="A table's columns, in order (without it, all of them).", item=Text(nonblank=True)
    ),
    "headers": ListOf(
        help="A table's header row, one text per column (without it, the column names).",
        item=Text(nonblank=True),
    ),
    "title": Text(help="A chart's title."),
    "number_format": Text(
        help="A chart's number format, e.g. #,##0 or 0.0 (shown as the deck's language writes numbers).",
        nonblank=True,
        default="#,##0",
    ),
    "show_values": Flag(help="Write each value on its bar, point or slice.", default=False),
}
OUTPUT = Record(
    options={
        "shapes": ListOf(
            help="The slide's shapes, back to front.",
            item=Record(options=SHAPE_KEYS, rules=_one_kind, null_is_absent=True),
        ),
        "master": Text(
            help="Another master layout than the front matter's, for this slide.", nonblank=True
        ),
        "background": Color(help="A solid background for the slide."),
    },
    null_is_absent=True,
)


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
    """A map to draw: the municipalities by SSB's names, their year, those to pick out, the context around."""

    names: tuple[str, ...]
    year: int
    highlight: tuple[str, ...] = ()
    context: str = "neighbours"
    labels: bool = True


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
    # where the content names the highlight (errors point there)
    highlight_loc: Location | None = None


@dataclass(frozen=True)
class Shape:
    """A placeholder to fill or a native shape to draw; geometry in points."""

    kind: str  # "placeholder", "picture" or a geometry from GEOMETRIES
    role: str  # placeholder role, or the shape's name
    box: tuple[float, float, float, float] | None
    paragraphs: tuple[Paragraph, ...]
    size: float | None = None
    min_size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    align: str | None = None
    anchor: str | None = None
    fill: str | None = None
    line: str | None = None
    line_width: float | None = None
    inset: tuple[float, float, float, float] | None = None
    field: str = ""
    loc: Location | None = None
    flip: bool = False
    image: Path | None = None
    alt: str = ""
    # a freeform's rings, in slide points
    path: tuple[tuple[tuple[float, float], ...], ...] | None = None
    # where a freeform's text goes (x, y, w, h)
    text_rect: tuple[float, float, float, float] | None = None
    # when set, text that does not fit is left out and named in the notes under this heading
    optional_text: str = ""
    map: MapSpec | None = None
    figure: FigureSpec | None = None  # a chart or table before its data is read
    chart: ChartSpec | None = None
    table: TableSpec | None = None
    # a table's column widths in points, from the font's metrics
    table_widths: tuple[float, ...] | None = None
    # its rows' heights in points (header first), text wrapped
    table_heights: tuple[float, ...] | None = None


@dataclass(frozen=True)
class SlideSpec:
    """One output slide."""

    number: int
    layout: str
    master: str
    shapes: tuple[Shape, ...]
    notes: str
    loc: Location
    background: str | None = None
    id: str = ""  # the content slide's id, shared by the slides a `for_each:` makes
    notes_loc: Location | None = None  # where the notes' text was written
    # the field whose items may run on to a next slide (the layout's `continues:`)
    continues: str = ""
    over_title: bool = False  # the layout may draw over the title (its `over_title:`)
    key: str = ""  # the content slide it came from: its id or `slides[N]`, and `/k` for the k-th of a `for_each:`


@dataclass(frozen=True)
class DeckInfo:
    """What a deck says of itself: its properties and language, its footer (rendered) and numbers."""

    title: str
    author: str
    date: dt.date
    language: str
    footer: str = ""
    slide_numbers: bool = False


@dataclass(frozen=True)
class DeckModel:
    """Everything the writer needs, and nothing it has to decide."""

    source: str
    meta: DeckInfo
    slides: tuple[SlideSpec, ...]
    template: Path | None
    template_loc: Location | None
    sources: tuple[str, ...] = ()  # every file the deck was made from, as `path sha256:hex`
    master: str = (
        ""  # the master it is built on, as `path sha256:hex` (`(built-in)` for make-deck's own)
    )
    # the data files read for charts and tables, by name
    tables: Mapping[str, Any] = field(default_factory=dict)
    vars: Mapping[str, Any] = field(default_factory=dict)  # the content's vars, rendered
    findings: tuple[Finding, ...] = ()  # what rendering found to warn about


def build_model(deck: Deck, rendered: Rendered) -> DeckModel:
    """Turn each slide's layout output into a `SlideSpec`, collecting all problems."""
    errors: list[DeckError] = []
    slides = []
    raw_vars = {name for name, value in deck.var_nodes.items() if _asks_for_braces(value.plain())}
    # slides made so far from each content slide (a `for_each:` makes several)
    made: dict[int, int] = {}
    for slide in rendered.slides:
        made[slide.source.index] = made.get(slide.source.index, 0) + 1
        try:
            spec = _slide(slide, raw_vars)
            key = slide.source.id or f"slides[{slide.source.index + 1}]"
            slides.append(
                replace(
                    spec, key=f"{key}/{made[slide.source.index]}" if slide.source.for_each else key
                )
            )
        except DeckError as exc:
            errors.append(exc)
        except (Invalid, Invalids) as exc:
            errors.extend(_output_error(slide, problem) for problem in problems_of(exc))
    raise_all(errors)
    meta = DeckInfo(
        deck.meta.title,
        deck.meta.author,
        deck.meta.date,
        deck.meta.language,
        rendered.footer,
        deck.meta.slide_numbers,
    )
    return DeckModel(
        deck.source,
        meta,
        tuple(slides),
        deck.template,
        deck.template_loc,
        vars=rendered.vars,
        findings=rendered.findings,
    )


def _asks_for_braces(value: Any) -> bool:
    """Whether content uses `{% raw %}`: only then may `{{` or `{%` reach a slide (from that text, or through a
    var whose text uses it)."""
    if isinstance(value, str):
        return "{% raw" in value or "{%- raw" in value
    if isinstance(value, dict):
        return any(_asks_for_braces(v) for v in value.values())
    return isinstance(value, list) and any(_asks_for_braces(v) for v in value)


def _braces_asked(source: Any, raw_vars: set[str]) -> bool:
    """Whether a content value asked for literal braces: with `{% raw %}` itself, or through a var that did."""
    if not raw_vars:
        return _asks_for_braces(source)
    return _asks_for_braces(source) or any(
        name in raw_vars for name in re.findall(r"[A-Za-z_]\w*", str(source))
    )


def _slide(slide: RenderedSlide, raw_vars: set[str]) -> SlideSpec:
    data = OUTPUT.check(slide.data)
    fields = {
        name: _braces_asked(node.plain(), raw_vars) for name, node in slide.source.fields.items()
    }
    shapes = tuple(
        _shape(item, i, slide, fields.get(item.get("field", "").split("[")[0], False))
        for i, item in enumerate(data.get("shapes") or [])
    )
    notes = slide.notes
    notes_source = slide.source.notes.plain() if slide.source.notes is not None else ""
    _check_text(
        notes,
        slide.field_locs.get("notes", slide.source.loc),
        f"{_slide_path(slide)}.notes",
        _braces_asked(notes_source, raw_vars),
    )
    return SlideSpec(
        number=slide.number,
        layout=slide.layout.name,
        master=data.get("master") or slide.layout.master,
        shapes=shapes,
        notes=notes,
        loc=slide.source.loc,
        background=data.get("background"),
        id=slide.source.id,
        notes_loc=slide.field_locs.get("notes"),
        continues=slide.layout.continues,
        over_title=slide.layout.over_title,
    )


# a title on the slides a long list or table runs on to
CONTINUED = {"nn": "(framhald)", "nb": "(forts.)"}


def continued(slide: SlideSpec, part: int, language: str) -> SlideSpec:
    """Part `part` (2, 3, ...) of a slide that runs on: its title marked as continued, no notes, a key of its own."""
    mark = CONTINUED.get(language.split("-")[0], CONTINUED["nb"])

    def marked(shape: Shape) -> Shape:
        if shape.kind != "placeholder" or shape.role != "title":
            return shape
        paragraphs = shape.paragraphs or (Paragraph(""),)
        last = paragraphs[-1]
        return replace(
            shape, paragraphs=(*paragraphs[:-1], replace(last, text=f"{last.text} {mark}".strip()))
        )

    return replace(
        slide, shapes=tuple(marked(s) for s in slide.shapes), notes="", key=f"{slide.key}~{part}"
    )


def _output_error(slide: RenderedSlide, problem: Invalid) -> DeckError:
    """A problem in what a layout wrote: the content slide that used it, the layout's line that wrote it."""
    return DeckError(
        f"layout '{slide.layout.name}' wrote {path_text(problem.at)}: {problem.message}",
        slide.source.loc,
        path=_slide_path(slide),
        hint=problem.hint,
        also=output_location(slide.layout.path, slide.output, problem.at),
    )


def output_location(layout: Path, output: str, at: tuple[str | int, ...]) -> Location:
    """The line of a layout file that wrote the value at `at` of its output: the line that writes the same key
    (at the same indentation, with the same literal text where several do), else the front matter's end."""
    from generator.content.located import load_text

    shown_path = shown(layout)
    try:
        out_line = output.splitlines()[load_text(output, shown_path).locate(at, key=True).line - 1]
        source = layout.read_text(encoding="utf-8").splitlines()
    except (DeckError, OSError, UnicodeDecodeError, IndexError):
        return Location(shown_path)
    key = out_line.strip().removeprefix("- ").split(":", 1)[0]
    candidates = [
        n
        for n, line in enumerate(source, 1)
        if line.strip().removeprefix("- ").startswith(f"{key}:")
        and not line.lstrip().startswith("{")
    ]
    same_indent = [
        n for n in candidates if _indent(source[n - 1]) == _indent(out_line)
    ] or candidates
    literal = [n for n in same_indent if source[n - 1].strip() == out_line.strip()] or same_indent
    return (
        Location(shown_path, literal[0], _indent(source[literal[0] - 1]) + 1)
        if literal
        else Location(shown_path)
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shape(item: dict[str, Any], i: int, slide: RenderedSlide, braces: bool) -> Shape:
    field = item.get("field", "")
    loc = slide.field_locs.get(field.split("[")[0], slide.source.loc)
    if "picture" in item:
        return _picture(item, i, slide, field, loc)
    if "chart" in item or "table" in item:
        return _figure(item, field, loc, slide.field_locs.get("highlight"))
    if "map" in item:
        return Shape(
            kind="map",
            role=item.get("name", "Kart"),
            box=item["box"],
            paragraphs=(),
            field=field,
            loc=loc,
            map=MapSpec(
                tuple(item["map"]),
                item["year"],
                tuple(item.get("highlight") or ()),
                item.get("context", "neighbours"),
                item.get("labels", True),
            ),
        )
    kind = "placeholder" if "placeholder" in item else item.get("geometry", "textbox")
    paragraphs = _paragraphs(item)
    for p in paragraphs:
        _check_text(p.text, loc, f"{_slide_path(slide)}.{field or f'shapes[{i + 1}]'}", braces)
    return Shape(
        kind=kind,
        role=item["placeholder"] if kind == "placeholder" else item.get("name", f"{kind} {i + 1}"),
        box=item.get("box"),
        paragraphs=paragraphs,
        **{
            k: item.get(k)
            for k in (
                "size",
                "min_size",
                "bold",
                "italic",
                "color",
                "align",
                "anchor",
                "line_width",
                "inset",
            )
        },
        fill=item.get("fill"),
        line=item.get("line"),
        field=field,
        loc=loc,
        flip=item.get("flip", False),
    )


def _figure(
    item: Mapping[str, Any], field: str, loc: Location, highlight_loc: Location | None
) -> Shape:
    """A chart or table, to be filled from its data once the data is read."""
    chart = "chart" in item
    figure = FigureSpec(
        kind=item["chart"] if chart else "table",
        data=item["data"] if chart else item["table"],
        categories=item.get("categories", ""),
        series=tuple(item.get("series" if chart else "columns") or ()),
        line=tuple(item.get("secondary") or ()),
        highlight=(item.get("highlight") or [""])[0],
        title=item.get("title") or "",
        number_format=item.get("number_format", "#,##0"),
        show_values=item.get("show_values", False),
        headers=tuple(item.get("headers") or ()),
        highlight_loc=highlight_loc,
    )
    return Shape(
        kind="chart" if chart else "table",
        role=item.get("name", "Diagram" if chart else "Tabell"),
        box=item["box"],
        paragraphs=(),
        size=item.get("size"),
        field=field,
        loc=loc,
        figure=figure,
    )


def _picture(
    item: Mapping[str, Any], i: int, slide: RenderedSlide, field: str, loc: Location
) -> Shape:
    """A picture, its path relative to the content file that names it; fitted in its box, aspect kept."""
    alt = (item.get("alt") or "").strip()
    if not alt:
        raise DeckError(
            "a picture needs alt text",
            loc,
            path=field or f"shapes[{i + 1}]",
            hint="add `alt:` describing what the picture shows",
        )
    if _looks_like_path(alt):
        raise DeckError(
            f"alt text '{alt}' is a file name, not a description",
            loc,
            path=field or f"shapes[{i + 1}]",
            hint="describe what the picture shows, for people who cannot see it",
        )
    _check_text(alt, loc, f"{_slide_path(slide)}.alt", braces=False)
    return Shape(
        kind="picture",
        role=item.get("name", "Picture"),
        box=item["box"],
        paragraphs=(),
        field=field,
        loc=loc,
        image=Path(loc.file).parent / item["picture"],
        alt=alt,
    )


def _looks_like_path(text: str) -> bool:
    return bool(re.search(r"\.(png|jpe?g|gif|svg|bmp|tiff?|emf|wmf|webp)$", text, re.I)) or (
        " " not in text and ("/" in text or "\\" in text)
    )


def _paragraphs(item: Mapping[str, Any]) -> tuple[Paragraph, ...]:
    if "text" in item:
        text = item["text"]
        return () if text is None else tuple(Paragraph(line) for line in text.split("\n"))
    return tuple(
        Paragraph(p) if isinstance(p, str) else Paragraph(**p) for p in item.get("paragraphs") or []
    )


def _slide_path(slide: RenderedSlide) -> str:
    return f"slides[{slide.source.index + 1}]"


def _check_text(text: str, loc: Location, path: str, braces: bool) -> None:
    """Text a slide can show: no control characters, and no template left unfilled unless asked for."""
    bad = _BAD_XML.search(text)
    if bad:
        raise DeckError(
            f"text holds the control character U+{ord(bad.group()):04X}, which a .pptx cannot store",
            loc,
            path=path,
            hint="delete it (it is often pasted in invisibly)",
        )
    left = _TEMPLATE.search(text)
    if left and not braces:
        raise DeckError(
            f"the text still holds '{left.group()}' after rendering: a template would reach the slide",
            loc,
            path=path,
            hint="if the braces are meant, write them as {% raw %}{{ }}{% endraw %}",
        )
