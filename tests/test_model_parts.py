"""The model's parts one at a time: a layout's output checked key by key and kind by kind into the shapes of a
slide (a wrong key or kind is an error naming the content slide, the layout's line and what belongs where), text
set in a colour that reads on what the master draws behind it, a title grown into the free room under it on a
master whose title box is too small, and the findings about what was taken out of a master."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from generator.content.deck import build_deck
from generator.content.editions import load_edition
from generator.content.layouts import catalog, search_dirs
from generator.errors import DeckError, Location
from generator.findings import Check
from generator.master.backdrop import Band, contrast
from generator.master.reader import Master, read_master
from generator.model.deck import DeckInfo, DeckModel, SlideSpec
from generator.model.grounds import MIN_CONTRAST, read_on_grounds, rgb
from generator.model.masterfindings import master_findings
from generator.model.output import (
    OUTPUT,
    ShapeOption,
    check_text,
    output_error,
    output_location,
    shape_of,
)
from generator.model.roomier import GAP, TITLE_FLOOR, answers, free_below, may_grow
from generator.model.shapes import (
    Chart,
    Geometry,
    MapArea,
    Paragraph,
    Picture,
    Placeholder,
    Shape,
    Table,
)
from generator.options import Invalid, Invalids, Option, problems_of
from generator.pipeline.jobs import Options
from generator.templating.render import RenderedSlide, renderer

from . import masters
from .conftest import REPO

BASE = REPO / "templates" / "base.pptx"
HEAD = """\
{#---
master: Title Only
fields:
  title: {type: text, required: true, help: The slide's title.}
---#}
"""
CONTENT = """\
title: Et dekk
slides:
  - layout: mine
    title: Hei
"""


@pytest.fixture(scope="module")
def base() -> Master:
    return read_master(BASE.read_bytes(), "templates/base.pptx")


def rendered(project: Path, body: str) -> RenderedSlide:
    """The one slide of a content file whose layout `mine` writes `body`, as Jinja renders it."""
    (project / "templates" / "layouts").mkdir(parents=True)
    (project / "templates" / "layouts" / "mine.yaml.j2").write_text(HEAD + body, encoding="utf-8")
    (project / "deck.yaml").write_text(CONTENT, encoding="utf-8")
    dirs = search_dirs(project)
    tree = load_edition(project / "deck.yaml", Options(project=project).sources)
    [slide] = renderer(dirs).render(build_deck(tree, catalog(dirs))).slides
    return slide


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The line number of the `nth` line of `path` that holds `text`."""
    lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return lines[nth - 1]


def problems(value: object, option: Option = OUTPUT) -> list[Invalid]:
    with pytest.raises((Invalid, Invalids)) as caught:
        option.check(value)
    return problems_of(caught.value)


# ---------------------------------------------------------------- a layout's output


def test_a_key_of_another_kind_of_shape_is_refused_naming_the_kind_it_belongs_to() -> None:
    [fill] = problems({"placeholder": "title", "fill": "accent1", "text": "x"}, ShapeOption())
    assert fill.at == ("fill",) and fill.key
    assert (
        fill.message
        == "`fill:` is not a key of a placeholder; it belongs to a text box or drawn shape"
    )
    assert "placeholder, name, field, box, text" in fill.hint
    [series] = problems({"box": [0, 0, 10, 10], "series": ["a"]}, ShapeOption())
    assert "is not a key of a text box or drawn shape; it belongs to a chart" in series.message


def test_a_shape_is_one_kind_and_a_mapping() -> None:
    [two] = problems({"picture": "a.png", "table": "t", "box": [0, 0, 9, 9]}, ShapeOption())
    assert "this one gives picture and table" in two.message
    [listed] = problems(["placeholder", "title"], ShapeOption())
    assert listed.message == "expected a shape (a mapping), got a list"
    [both] = problems({"placeholder": "body", "text": "a", "paragraphs": ["b"]}, ShapeOption())
    assert "not both" in both.message
    shape = ShapeOption().check({"box": [60, 60, 100, 40], "text": "a text box"})
    assert shape["box"] == (60, 60, 100, 40)


def test_a_box_must_have_a_size_and_lie_on_the_slide_layouts_draw_on() -> None:
    [off] = problems(
        {"shapes": [{"text": "a", "box": [0, 0, 10, 10]}, {"text": "b", "box": [900, 0, 100, 10]}]}
    )
    assert off.at == ("shapes", 1, "box")
    assert "lies outside the 960 x 540 pt slide" in off.message
    [flat] = problems({"shapes": [{"text": "a", "box": [0, 0, 10, 0]}]})
    assert "needs a width and a height above 0, got 10 x 0" in flat.message
    [short] = problems({"shapes": [{"text": "a", "box": [0, 0, 10]}]})
    assert short.at == ("shapes", 0, "box")
    assert OUTPUT.check({"shapes": None, "background": "#112233"}) == {"background": "#112233"}


def test_a_wrong_key_in_a_layout_is_an_error_at_the_content_slide_and_the_layouts_line(
    tmp_path: Path,
) -> None:
    body = """\
shapes:
  - placeholder: title
    field: title
    fill: accent1
    text: {{ title | q }}
"""
    slide = rendered(tmp_path, body)
    [problem] = problems(slide.data)
    error = output_error(slide, problem)
    assert isinstance(error, DeckError)
    assert error.location == Location(str(tmp_path / "deck.yaml"), 3, 5)
    assert error.path == "slides[1]"
    assert error.problem.startswith(
        "layout 'mine' wrote shapes[1].fill: `fill:` is not a key of a placeholder"
    )
    layout = tmp_path / "templates" / "layouts" / "mine.yaml.j2"
    assert (error.also.line, error.also.col) == (line_of(layout, "fill: accent1"), 5)
    assert error.also.file.endswith("mine.yaml.j2")


def test_of_two_lines_writing_the_same_key_the_error_names_the_one_that_wrote_the_value(
    tmp_path: Path,
) -> None:
    body = """\
shapes:
  - placeholder: title
    text: {{ title | q }}
    box: [60, 36, 840, 72]
  - text: under
    box: [60, 200, 940, 72]
"""
    slide = rendered(tmp_path, body)
    [problem] = problems(slide.data)
    layout = tmp_path / "templates" / "layouts" / "mine.yaml.j2"
    at = output_location(layout, slide.output, problem.at)
    assert at.line == line_of(layout, "box: [60, 200, 940, 72]")
    assert output_location(tmp_path / "gone.yaml.j2", slide.output, problem.at).line == 0


def test_each_kind_becomes_its_own_record_located_at_the_field_it_shows(tmp_path: Path) -> None:
    slide = rendered(
        tmp_path, "shapes:\n  - placeholder: title\n    field: title\n    text: {{ title | q }}\n"
    )
    data = OUTPUT.check(
        {
            "shapes": [
                *slide.data["shapes"],
                {"geometry": "chevron", "box": [0, 0, 90, 40], "text": "a\nb", "fill": "accent1"},
                {"picture": "bilder/kart.png", "box": [0, 0, 90, 40], "alt": "Et kart over fylket"},
                {
                    "chart": "column",
                    "data": "d",
                    "categories": "år",
                    "series": ["n"],
                    "box": [0, 0, 90, 40],
                },
                {"table": "d", "box": [0, 0, 90, 40]},
                {"map": ["Skien"], "year": 2024, "box": [0, 0, 90, 40]},
            ]
        }
    )
    shapes = [shape_of(item, i, slide, False) for i, item in enumerate(data["shapes"])]
    assert [type(s) for s in shapes] == [Placeholder, Geometry, Picture, Chart, Table, MapArea]
    title, chevron, picture = shapes[:3]
    assert (title.role, title.paragraphs, title.loc) == (
        "title",
        (Paragraph("Hei"),),
        slide.field_locs["title"],
    )
    assert chevron.paragraphs == (Paragraph("a"), Paragraph("b")) and chevron.name == "chevron 2"
    assert chevron.loc == slide.source.loc  # it shows no field: the content slide
    assert picture.image == tmp_path / "bilder" / "kart.png"  # beside the content file


def test_a_picture_needs_alt_text_that_describes_it(tmp_path: Path) -> None:
    slide = rendered(tmp_path, "shapes: []\n")
    item = {"picture": "a.png", "box": [0, 0, 90, 40]}
    with pytest.raises(DeckError, match="a picture needs alt text") as missing:
        shape_of(item, 0, slide, False)
    assert missing.value.path == "shapes[1]"
    with pytest.raises(DeckError, match="is a file name, not a description"):
        shape_of({**item, "alt": "bilder/a.png"}, 0, slide, False)


def test_text_a_slide_cannot_hold_or_should_not_show_is_refused_where_it_was_written() -> None:
    here = Location("deck.yaml", 4, 12)
    with pytest.raises(DeckError, match="U\\+0007") as bell:
        check_text("Ding\x07", here, "slides[1].title", braces=False)
    assert (bell.value.location, bell.value.path) == (here, "slides[1].title")
    with pytest.raises(DeckError, match="still holds '\\{\\{ region \\}\\}'"):
        check_text("Hei {{ region }}", here, "slides[1].title", braces=False)
    check_text("Hei {{ region }}", here, "slides[1].title", braces=True)  # asked for with {% raw %}
    check_text("Tab\tand\nnew line", here, "slides[1].title", braces=False)


# ---------------------------------------------------------------- text on what the master draws

HERE = Location("deck.yaml", 3, 5)


def deck(*slides: SlideSpec) -> DeckModel:
    return DeckModel(
        "deck.yaml", DeckInfo("Et dekk", "", dt.date(2024, 3, 15), "nb"), slides, None, None
    )


def on(layout: str, *shapes: Shape, number: int = 1, background: str | None = None) -> SlideSpec:
    return SlideSpec(number, "mine", layout, shapes, "", HERE, background=background)


def text_box(
    box: tuple, colour: str | None = None, fill: str | None = None, name: str = "tekst"
) -> Geometry:
    return Geometry(name=name, box=box, paragraphs=(Paragraph("Hei"),), color=colour, fill=fill)


def test_a_colour_is_named_as_written_or_through_the_theme(base: Master) -> None:
    theme = base.theme_colors
    assert rgb("#1a7f8e", theme) == "1A7F8E"
    assert rgb("tx1", theme) == theme["dk1"] and rgb("bg2", theme) == theme["lt2"]
    assert rgb("accent2", theme) == theme["accent2"]
    assert rgb("accent9", theme) == "" and rgb(None, theme) == ""


def test_text_that_would_not_read_on_the_masters_background_is_set_in_a_colour_that_does(
    base: Master,
) -> None:
    dark = on(
        "Title Slide", text_box((60, 400, 400, 60), colour="tx2")
    )  # the title slide is dark blue
    light = on("Title and Content", text_box((60, 200, 400, 60), colour="bg1"), number=2)
    model, findings = read_on_grounds(deck(dark, light), base)
    colours = [slide.shapes[0].color for slide in model.slides]
    assert colours == ["bg1", "tx1"]
    for slide, layout in zip(model.slides, ("Title Slide", "Title and Content"), strict=True):
        behind = base.layouts[layout].background
        assert contrast(rgb(slide.shapes[0].color, base.theme_colors), behind) >= MIN_CONTRAST
    assert [f.check for f in findings] == [Check.CONTRAST, Check.CONTRAST]
    assert findings[0].message.startswith(
        f"text tx2 on #{base.theme_colors['dk2']} is 1:1, below 4.5:1"
    )
    assert findings[0].message.endswith("set in bg1 instead, which reads")
    assert (findings[0].location, findings[0].slide, findings[0].field) == (HERE, 1, "tekst")


def test_text_that_reads_is_left_alone_and_the_model_is_the_same(base: Master) -> None:
    model = deck(
        on(
            "Title and Content",
            text_box((60, 200, 400, 60)),
            text_box((60, 300, 400, 60), "accent1"),
        )
    )
    same, findings = read_on_grounds(model, base)
    assert same is model and findings == []


def test_text_on_a_fill_is_read_against_the_fill_not_the_slide(base: Master) -> None:
    on_fill = text_box((60, 200, 400, 60), colour="bg1", fill="accent5")  # white on light grey-blue
    model, [finding] = read_on_grounds(deck(on("Title and Content", on_fill)), base)
    assert model.slides[0].shapes[0].color == "tx1"
    assert "text bg1 on accent5" in finding.message


def test_text_over_a_dark_shape_the_slide_draws_first_is_set_light(base: Master) -> None:
    panel = Geometry(name="panel", preset="rect", box=(40, 180, 500, 120), fill="tx2")
    over = text_box((60, 200, 400, 60), colour="tx1", name="over")
    beside = text_box((600, 200, 300, 60), colour="tx1", name="beside")
    model, findings = read_on_grounds(deck(on("Title and Content", panel, over, beside)), base)
    assert [s.color for s in model.slides[0].shapes] == [None, "bg1", "tx1"]
    assert [f.field for f in findings] == ["over"]


def test_a_slides_own_background_is_what_its_text_is_read_on(base: Master) -> None:
    slide = on(
        "Title and Content", text_box((60, 200, 400, 60), colour="tx1"), background="#000000"
    )
    model, _ = read_on_grounds(deck(slide), base)
    assert model.slides[0].shapes[0].color == "bg1"


def test_shapes_over_a_band_the_master_draws_are_named_once_per_slide(base: Master) -> None:
    [band] = base.layouts["Title and Content"].bands  # the accent rule under the title
    x, y, w, h = band.box
    over = [text_box((x - 10, y - 10, w + 20, h + 20), name=f"over {n}") for n in (1, 2)]
    clear = text_box((60, 300, 400, 60), name="clear")
    _, findings = read_on_grounds(deck(on("Title and Content", *over, clear)), base)
    [behind] = [f for f in findings if f.check is Check.BEHIND]
    assert behind.message.startswith("'over 1', 'over 2' lie over a shape or picture the master")
    assert "'clear'" not in behind.message and behind.field == "over 1"
    _, none = read_on_grounds(deck(on("Title and Content", clear)), base)
    assert none == []


def test_a_slide_on_a_layout_the_master_lacks_is_passed_through(base: Master) -> None:
    model = deck(on("No Such Layout", text_box((60, 200, 400, 60), colour="bg1")))
    assert read_on_grounds(model, base) == (model, [])


def on_gradient(base: Master) -> Master:
    """The shipped master with a yellow-to-orange gradient (as LibreOffice's Sunset draws one) over all of
    its Title and Content layout: no one colour, so text is read on each of its colours."""
    cells = tuple(tuple("FF8000" if row < 6 else "FFFF00" for _ in range(12)) for row in range(12))
    layout = base.layouts["Title and Content"]
    panel = Band((0.0, 0.0, 960.0, 540.0), "", cells)
    layouts = {**base.layouts, "Title and Content": replace(layout, bands=(panel,))}
    return replace(base, layouts=layouts)


def test_text_over_a_gradient_is_set_in_a_colour_that_reads_on_each_of_its_colours(
    base: Master,
) -> None:
    master = on_gradient(base)
    white = text_box((60, 100, 840, 360), colour="bg1")  # white reads on neither yellow nor orange
    lines = tuple(Paragraph(f"Linje {n}") for n in range(8))  # down from the orange into the yellow
    model, [finding] = read_on_grounds(
        deck(on("Title and Content", replace(white, paragraphs=lines))), master
    )
    assert model.slides[0].shapes[0].color == "tx1"
    assert finding.message.startswith("text bg1 on #FFFF00 (of the colours behind it")
    one = text_box(
        (60, 100, 840, 360), colour="bg1"
    )  # its one line lies on the orange at the box's top
    model, [finding] = read_on_grounds(deck(on("Title and Content", one)), master)
    assert "on #FF8000 is" in finding.message
    top = text_box((60, 20, 840, 60), colour="bg1")  # within the orange: one colour
    model, [finding] = read_on_grounds(deck(on("Title and Content", top)), master)
    assert model.slides[0].shapes[0].color == "tx1" and "on #FF8000 is" in finding.message


def test_one_line_set_right_is_read_on_what_lies_at_the_right_of_its_box(base: Master) -> None:
    layout = base.layouts["Title and Content"]
    trees = Band((600.0, 400.0, 360.0, 140.0), "12355B")  # dark, at the right of the slide only
    master = replace(
        base, layouts={**base.layouts, "Title and Content": replace(layout, bands=(trees,))}
    )
    credit = replace(text_box((60, 480, 860, 16), colour="tx2", name="Kartdata"), align="right")
    model, findings = read_on_grounds(deck(on("Title and Content", credit)), master)
    [finding] = [f for f in findings if f.check is Check.CONTRAST]
    assert model.slides[0].shapes[0].color == "bg1" and "on #12355B" in finding.message
    left = replace(credit, align=None)  # set left, it lies on the white
    model, _ = read_on_grounds(deck(on("Title and Content", left)), master)
    assert model.slides[0].shapes[0].color == "tx2"


def test_chart_text_reads_on_every_part_of_a_picture_read_as_its_average(base: Master) -> None:
    from generator.model.charts import ChartSpec, Series
    from generator.model.shapes import Chart, FigureSpec

    cells = tuple(tuple("D5B17D" if row >= 8 else "EDD4A9" for _ in range(12)) for row in range(12))
    paper = Band((0.0, 0.0, 960.0, 540.0), "EDD4A9", cells)  # a tan paper, darker at its foot
    layout = replace(base.layouts["Title and Content"], background="EDD4A9", bands=(paper,))
    master = replace(base, layouts={**base.layouts, "Title and Content": layout})
    spec = ChartSpec("column", ("2020", "2024"), (Series("n", (1, 2)),), "n")
    chart = Chart(
        name="chart", box=(60, 140, 840, 360), figure=FigureSpec("column", "d"), spec=spec
    )
    model, _ = read_on_grounds(deck(on("Title and Content", chart)), master)
    assert (
        model.slides[0].shapes[0].spec.text_color == "tx1"
    )  # the grey reads on the paper, not its foot


# ---------------------------------------------------------------- a title grown into the room under it


def title(min_size: float | None = 28, box: tuple | None = None) -> Placeholder:
    return Placeholder(
        role="title",
        name="title",
        paragraphs=(Paragraph("En lang tittel"),),
        min_size=min_size,
        box=box,
    )


def test_only_a_title_whose_layout_lets_it_shrink_may_grow() -> None:
    assert may_grow(title())
    assert not may_grow(title(min_size=None))
    assert not may_grow(Placeholder(role="body", name="body", min_size=16))
    assert not may_grow(text_box((0, 0, 10, 10)))


def test_a_title_grows_down_to_a_gap_above_the_band_under_it_then_sets_smaller(
    base: Master,
) -> None:
    layout = base.layouts["Title Slide"]
    spec = layout.placeholders[0]
    [band] = layout.bands
    slide = on("Title Slide", title())
    [(grown, why), (smaller, floor)] = answers(slide, 0, slide.shapes[0], spec, base)
    x, y, w, _ = spec.box
    assert grown.box == (x, y, w, band.box[1] - GAP - y)
    assert why == f"grown into the free room under it, to {band.box[1] - GAP - y:.0f} pt"
    assert (smaller.box, smaller.min_size) == (grown.box, TITLE_FLOOR)
    assert floor == "set down to the 20 pt floor for titles"


def test_a_title_grows_to_the_footer_where_nothing_else_is_under_it(tmp_path: Path) -> None:
    master = read_master(masters.python_pptx_default(tmp_path).read_bytes(), "default.pptx")
    layout = master.layouts["Title Only"]
    top_of_footer = min(box[1] for box in layout.furniture)
    slide = on("Title Only", title())
    spec = layout.placeholders[0]
    assert free_below(slide, 0, spec.box, master) == top_of_footer - GAP
    under = on("Title Only", title(), text_box((100, 300, 200, 50)))
    assert free_below(under, 0, spec.box, master) == 300 - GAP  # a shape of the slide under it
    beside = on("Title Only", title(box=(36, 20, 300, 90)), text_box((400, 300, 200, 50)))
    assert free_below(beside, 0, (36, 20, 300, 90), master) == top_of_footer - GAP


def test_a_title_with_no_room_under_it_and_no_size_to_give_has_no_answer(base: Master) -> None:
    spec = base.layouts["Title and Content"].placeholders[0]  # the accent rule lies right under it
    small = on("Title and Content", title(min_size=TITLE_FLOOR))
    assert answers(small, 0, small.shapes[0], spec, base) == []
    large = on("Title and Content", title())
    [(smaller, _)] = answers(large, 0, large.shapes[0], spec, base)
    assert smaller.min_size == TITLE_FLOOR and smaller.box is None  # stays where the master puts it
    assert answers(large, 0, large.shapes[0], None, base) == []  # nowhere to start from


# ---------------------------------------------------------------- what was taken out of a master


def test_each_thing_taken_out_of_a_master_is_one_untrusted_finding_on_the_deck(
    tmp_path: Path,
) -> None:
    path = masters.linked_and_embedded(tmp_path)
    master = read_master(path.read_bytes(), "linked.pptx")
    findings = master_findings(master)
    assert len(findings) == len(master.removed) == 3
    for finding, what in zip(findings, master.removed, strict=True):
        assert (finding.check, finding.slide, finding.location) == (
            Check.UNTRUSTED,
            0,
            Location("linked.pptx"),
        )
        assert (
            finding.message
            == f"took out {what}: make-deck never copies it from a master into a deck"
        )
    assert findings[2].line().startswith("linked.pptx: deck: untrusted: took out an OLE object")


def test_a_master_with_nothing_taken_out_gives_no_finding(base: Master) -> None:
    assert master_findings(base) == []
