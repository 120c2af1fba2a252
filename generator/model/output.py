"""A layout's output checked, key by key and kind by kind, into the shapes of a slide."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.errors import DeckError, Location, shown
from generator.model.charts import KINDS as CHART_KINDS
from generator.model.shapes import (
    Chart,
    FigureSpec,
    Geometry,
    MapArea,
    MapSpec,
    Paragraph,
    Picture,
    Placeholder,
    Shape,
    Table,
)
from generator.options import (
    REQUIRED,
    Choice,
    Color,
    Flag,
    Invalid,
    Invalids,
    ListOf,
    Number,
    Numbers,
    OneOf,
    Option,
    Record,
    Text,
    kind_of,
    path_text,
)
from generator.templating.render import RenderedSlide
from generator.templating.written import of_field

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
BOX = Numbers(
    help="Where the shape sits, in points.",
    item=Number(low=-FAR, high=FAR),
    names="x, y, width, height",
    check_all=_positive_size,
)
COMMON_KEYS = {
    "name": Text(help="The shape's name in PowerPoint's selection pane."),
    "field": Text(
        help="The content field the text comes from (for locations in messages).", default=""
    ),
    "box": dataclasses.replace(BOX, default=REQUIRED),
}
TEXT_KEYS = {
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
    "inset": Numbers(
        help="Room between the shape's edge and its text, in points.",
        item=Number(low=0, high=FAR),
        names="left, top, right, bottom",
    ),
}
PLACEHOLDER_KEYS = {
    "placeholder": Choice(
        help="Fill the master layout's placeholder with this role.", choices=PLACEHOLDERS
    ),
    **COMMON_KEYS,
    "box": BOX,  # without one, the placeholder stays where the master puts it
    **TEXT_KEYS,
}
GEOMETRY_KEYS = {
    "geometry": Choice(
        help="Draw a native shape of this preset geometry.", choices=GEOMETRIES, default="textbox"
    ),
    **COMMON_KEYS,
    **TEXT_KEYS,
    "fill": Color(help="The shape's fill.", allow_none=True),
    "line": Color(help="The shape's outline.", allow_none=True),
    "line_width": Number(help="The outline's width in points.", low=0, high=100),
    "flip": Flag(help="Mirror the shape left to right.", default=False),
    "alt": Text(help="What a drawn shape shows, for people who cannot see it."),
}
PICTURE_KEYS = {
    "picture": Text(help="A picture file, relative to the content file.", nonblank=True),
    **COMMON_KEYS,
    "alt": Text(help="What a picture shows, for people who cannot see it."),
}
MAP_KEYS = {
    "map": ListOf(
        help="Draw these municipalities (SSB's names) as a map, one shape each.",
        item=Text(nonblank=True),
        min_items=1,
    ),
    **COMMON_KEYS,
    "year": Number(
        help="A map's year: which county division's boundaries to draw (2020 or 2024).",
        low=1900,
        high=2100,
        integer=True,
        default=REQUIRED,
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
}
CHART_KEYS = {
    "chart": Choice(help="Draw a native chart of this kind from `data:`.", choices=CHART_KINDS),
    **COMMON_KEYS,
    "data": Text(
        help="A chart's data: the name of a data file under `data:` (or a list of mappings in vars).",
        nonblank=True,
        default=REQUIRED,
    ),
    "categories": Text(help="A chart's column of category names.", nonblank=True, default=REQUIRED),
    "series": ListOf(
        help="A chart's columns of numbers, one series each.",
        item=Text(nonblank=True),
        min_items=1,
        default=REQUIRED,
    ),
    "secondary": ListOf(
        help="A combo chart's columns drawn as a line on the second value axis.",
        item=Text(nonblank=True),
    ),
    "highlight": ListOf(
        help="The category to pick out in the highlight colour.", item=Text(nonblank=True)
    ),
    "title": Text(help="A chart's title."),
    "number_format": Text(
        help="A chart's number format, e.g. #,##0 or 0.0 (shown as the deck's language writes numbers).",
        nonblank=True,
        default="#,##0",
    ),
    "show_values": Flag(help="Write each value on its bar, point or slice.", default=False),
    "size": SIZE,
}
TABLE_KEYS = {
    "table": Text(
        help="Draw a native table of the data file (or list of mappings in vars) of this name.",
        nonblank=True,
    ),
    **COMMON_KEYS,
    "columns": ListOf(
        help="A table's columns, in order (without it, all of them).", item=Text(nonblank=True)
    ),
    "headers": ListOf(
        help="A table's header row, one text per column (without it, the column names).",
        item=Text(nonblank=True),
    ),
    "number_format": Text(
        help="How a table's numbers are shown, e.g. #,##0 or 0.0 (in the deck's language: 1 300, 12,5); "
        "without it, as many decimals as the column is written with.",
        nonblank=True,
    ),
    "size": SIZE,
}
# Each kind of shape a layout may write: the key that names it, and the keys it takes. A shape that
# names no kind is a text box (`geometry: textbox`).
KINDS = {
    "placeholder": PLACEHOLDER_KEYS,
    "picture": PICTURE_KEYS,
    "map": MAP_KEYS,
    "chart": CHART_KEYS,
    "table": TABLE_KEYS,
    "geometry": GEOMETRY_KEYS,
}
_WORDS = {
    "placeholder": "placeholder",
    "picture": "picture",
    "map": "map",
    "chart": "chart",
    "table": "table",
    "geometry": "text box or drawn shape",
}


def _text_rules(shape: dict[str, Any]) -> None:
    if "text" in shape and "paragraphs" in shape:
        raise Invalid("give `text:` or `paragraphs:`, not both")


# The record that checks a shape of each kind; the kinds with text take `text:` or `paragraphs:`.
_RECORDS = {
    kind: Record(
        options=keys,
        rules=_text_rules if kind in ("placeholder", "geometry") else None,
        null_is_absent=True,
    )
    for kind, keys in KINDS.items()
}


@dataclass(frozen=True)
class ShapeOption(Option):
    """A shape a layout writes: one of `KINDS`, its keys checked by that kind's record; a key that
    belongs to another kind is refused as such."""

    def check(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"expected a shape (a mapping), got {kind_of(value)}")
        given = [kind for kind in KINDS if value.get(kind) is not None]
        if len(given) > 1:
            kinds = ", ".join(f"`{k}:`" for k in KINDS)
            raise Invalid(
                f"a shape is one of {kinds}; this one gives {' and '.join(given)}",
                "write each as a shape of its own",
            )
        kind = given[0] if given else "geometry"
        strays = [_stray(key, kind) for key in value if key not in KINDS[kind] and _owner(key)]
        if strays:
            raise Invalids(strays)
        return _RECORDS[kind].check(value)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [Record(options=keys).schema() for keys in KINDS.values()]}

    def kind(self) -> str:
        return "shape"


def _owner(key: str) -> str:
    """The kinds of shape a key belongs to, in words ('' for a key no kind takes)."""
    return " or ".join(_WORDS[kind] for kind, keys in KINDS.items() if key in keys)


def _stray(key: str, kind: str) -> Invalid:
    return Invalid(
        f"`{key}:` is not a key of a {_WORDS[kind]}; it belongs to a {_owner(key)}",
        f"a {_WORDS[kind]} takes: {', '.join(KINDS[kind])}",
        (key,),
        key=True,
    )


OUTPUT = Record(
    options={
        "shapes": ListOf(help="The slide's shapes, back to front.", item=ShapeOption()),
        "master": Text(
            help="Another master layout than the front matter's, for this slide.", nonblank=True
        ),
        "background": Color(help="A solid background for the slide."),
    },
    null_is_absent=True,
)


def output_error(slide: RenderedSlide, problem: Invalid) -> DeckError:
    """A problem in what a layout wrote: the content slide that used it, the layout's line that wrote it."""
    return DeckError(
        f"layout '{slide.layout.name}' wrote {path_text(problem.at)}: {problem.message}",
        slide.source.loc,
        path=slide_path(slide),
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


def shape_of(item: dict[str, Any], i: int, slide: RenderedSlide, braces: bool) -> Shape:
    """The record of a checked shape: placeholder, text box or drawn shape, picture, map, chart or
    table; its text checked, its location the content field it shows."""
    field = item.get("field", "")
    loc = slide.field_locs.get(field) or slide.field_locs.get(field.split("[")[0], slide.source.loc)
    shape = _shape(item, i, slide, braces, field, loc)
    return dataclasses.replace(shape, origins=of_field(slide.origins, field)) if field else shape


def _shape(
    item: dict[str, Any], i: int, slide: RenderedSlide, braces: bool, field: str, loc: Location
) -> Shape:
    """The shape of its kind, placed where `loc` says it was written."""
    if "picture" in item:
        return _picture(item, i, slide, field, loc)
    if "chart" in item:
        return _chart(item, field, loc, slide.field_locs.get("highlight"))
    if "table" in item:
        return _table(item, field, loc, slide.field_locs.get("number_format"))
    if "map" in item:
        return _map(item, field, loc, slide.field_locs)
    paragraphs = _paragraphs(item)
    for p in paragraphs:
        check_text(p.text, loc, f"{slide_path(slide)}.{field or f'shapes[{i + 1}]'}", braces)
    text = {key: item.get(key) for key in TEXT_KEYS if key not in ("text", "paragraphs")}
    if "placeholder" in item:
        role = item["placeholder"]
        return Placeholder(
            role=role, name=role, **_placed(item, field, loc), paragraphs=paragraphs, **text
        )
    preset = item.get("geometry", "textbox")
    return Geometry(
        preset=preset,
        name=item.get("name", f"{preset} {i + 1}"),
        **_placed(item, field, loc),
        paragraphs=paragraphs,
        **text,
        fill=item.get("fill"),
        line=item.get("line"),
        line_width=item.get("line_width"),
        flip=item.get("flip", False),
        alt=item.get("alt") or "",
    )


def _placed(item: Mapping[str, Any], field: str, loc: Location) -> dict[str, Any]:
    """What every shape records of where it sits and where it was written."""
    return {"box": item.get("box"), "field": field, "loc": loc}


def _map(
    item: Mapping[str, Any], field: str, loc: Location, locs: Mapping[str, Location]
) -> MapArea:
    highlight = tuple(item.get("highlight") or ())
    spec = MapSpec(
        tuple(item["map"]),
        item["year"],
        highlight,
        item.get("context", "neighbours"),
        item.get("labels", True),
        tuple(
            locs.get(f"highlight[{i}]") or locs.get("highlight") or loc
            for i in range(1, len(highlight) + 1)
        ),
    )
    return MapArea(name=item.get("name", "Kart"), **_placed(item, field, loc), map=spec)


def _chart(
    item: Mapping[str, Any], field: str, loc: Location, highlight_loc: Location | None
) -> Chart:
    """A chart, to be filled from its data once the data is read."""
    figure = FigureSpec(
        kind=item["chart"],
        data=item["data"],
        categories=item["categories"],
        series=tuple(item["series"]),
        line=tuple(item.get("secondary") or ()),
        highlight=(item.get("highlight") or [""])[0],
        title=item.get("title") or "",
        number_format=item.get("number_format", "#,##0"),
        show_values=item.get("show_values", False),
        highlight_loc=highlight_loc,
    )
    name = item.get("name", "Diagram")
    return Chart(name=name, **_placed(item, field, loc), figure=figure, size=item.get("size"))


def _table(
    item: Mapping[str, Any], field: str, loc: Location, format_loc: Location | None
) -> Table:
    """A table, to be filled from its data once the data is read."""
    figure = FigureSpec(
        kind="table",
        data=item["table"],
        series=tuple(item.get("columns") or ()),
        headers=tuple(item.get("headers") or ()),
        number_format=item.get("number_format") or "",
        number_format_loc=format_loc or loc,
    )
    name = item.get("name", "Tabell")
    return Table(name=name, **_placed(item, field, loc), figure=figure, size=item.get("size"))


def _picture(
    item: Mapping[str, Any], i: int, slide: RenderedSlide, field: str, loc: Location
) -> Picture:
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
    check_text(alt, loc, f"{slide_path(slide)}.alt", braces=False)
    return Picture(
        name=item.get("name", "Picture"),
        **_placed(item, field, loc),
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
    out: list[Paragraph] = []
    for given in item.get("paragraphs") or []:
        first = Paragraph(given) if isinstance(given, str) else Paragraph(**given)
        # a new line in a paragraph's text starts a paragraph of the same look, as in `text:`
        out += [replace(first, text=line) for line in first.text.split("\n")]
    return tuple(out)


def slide_path(slide: RenderedSlide) -> str:
    return f"slides[{slide.source.index + 1}]"


def check_text(text: str, loc: Location, path: str, braces: bool) -> None:
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
