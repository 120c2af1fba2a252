"""The slide writer draws what python-pptx's own API draws: random slides written both ways, compared as C14N."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Pt

from generator.master.reader import ROLE_TYPES, load_master
from generator.model.deck import DeckInfo, DeckModel, SlideSpec
from generator.model.shapes import Geometry, Paragraph, Picture, Placeholder, Shape
from generator.writer.parts import check_contract, render_pptx
from generator.writer.provenance import SLIDE_TAG, TAGS_REL, TAGS_TYPE, add_to_slide, tags_xml

from .conftest import REPO, examples

BASE = REPO / "templates" / "base.pptx"
MASTER = load_master(BASE)
LAYOUTS = sorted(MASTER.layouts)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PRESETS = {
    "rect": MSO_AUTO_SHAPE_TYPE.RECTANGLE,
    "roundRect": MSO_AUTO_SHAPE_TYPE.ROUNDED_RECTANGLE,
    "ellipse": MSO_AUTO_SHAPE_TYPE.OVAL,
    "chevron": MSO_AUTO_SHAPE_TYPE.CHEVRON,
    "homePlate": MSO_AUTO_SHAPE_TYPE.PENTAGON,
    "rightArrow": MSO_AUTO_SHAPE_TYPE.RIGHT_ARROW,
    "triangle": MSO_AUTO_SHAPE_TYPE.ISOSCELES_TRIANGLE,
    "plus": MSO_AUTO_SHAPE_TYPE.CROSS,
    "line": MSO_AUTO_SHAPE_TYPE.RECTANGLE,
    "donut": MSO_AUTO_SHAPE_TYPE.DONUT,
    "hexagon": MSO_AUTO_SHAPE_TYPE.HEXAGON,
}
THEME = {
    name: getattr(
        MSO_THEME_COLOR,
        name.upper()
        .replace("ACCENT", "ACCENT_")
        .replace("DK", "DARK_")
        .replace("LT", "LIGHT_")
        .replace("TX", "TEXT_")
        .replace("BG", "BACKGROUND_"),
    )
    for name in ("dk1", "lt1", "tx1", "bg1", "tx2", "accent1", "accent2", "accent6")
}
ALIGN = {
    "left": PP_ALIGN.LEFT,
    "center": PP_ALIGN.CENTER,
    "right": PP_ALIGN.RIGHT,
    "justify": PP_ALIGN.JUSTIFY,
}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}

colors = st.one_of(
    st.sampled_from(sorted(THEME)), st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)
)
sizes = st.one_of(st.none(), st.integers(8, 60).map(float), st.sampled_from([10.5, 22.25, 13.33]))
flags = st.one_of(st.none(), st.booleans())
texts = st.text(alphabet="abc ÆØÅæøå Sámi ŋŧčđ–«»0123456789\v", max_size=30)
paragraphs = st.builds(
    Paragraph,
    text=texts,
    level=st.integers(0, 3),
    bullet=st.sampled_from([None, False]),
    size=sizes,
    bold=flags,
    italic=flags,
    color=st.one_of(st.none(), colors),
)
boxes = st.tuples(*(st.integers(0, 900).map(float),) * 2, *(st.integers(1, 500).map(float),) * 2)
insets = st.one_of(st.none(), st.tuples(*(st.sampled_from([0.0, 7.2, 3.6, 12.0]),) * 4))


text_props = {
    "paragraphs": st.lists(paragraphs, min_size=1, max_size=3).map(tuple),
    "size": sizes,
    "bold": flags,
    "italic": flags,
    "color": st.one_of(st.none(), colors),
    "align": st.sampled_from([None, *ALIGN]),
    "anchor": st.sampled_from([None, *ANCHOR]),
    "inset": insets,
}
placeholders = st.sampled_from(sorted(ROLE_TYPES)).flatmap(
    lambda role: st.builds(
        Placeholder,
        role=st.just(role),
        name=st.just(role),
        box=st.one_of(st.none(), boxes),
        **text_props,
    )
)
drawn = st.builds(
    Geometry,
    preset=st.sampled_from(["textbox", *PRESETS]),
    name=st.text("Shape ab1", min_size=1, max_size=12),
    box=boxes,
    fill=st.one_of(st.none(), st.just("none"), colors),
    line=st.one_of(st.none(), st.just("none"), colors),
    line_width=st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.25])),
    flip=st.booleans(),
    **text_props,
)
pictures = st.builds(
    Picture,
    name=st.text("Picture 1", min_size=1, max_size=9),
    box=boxes,
    alt=st.text("Et kart over fylket", min_size=1, max_size=19),
    image=st.sampled_from([Path("wide.png"), Path("tall.jpg")]),
)
slides = st.builds(
    SlideSpec,
    number=st.just(1),
    layout=st.just("x"),
    master=st.sampled_from(LAYOUTS),
    shapes=st.lists(st.one_of(placeholders, drawn, pictures), max_size=6).map(tuple),
    notes=st.one_of(st.just(""), texts.map(lambda t: t.replace("\v", "\n") or "n")),
    loc=st.just(None),
    background=st.one_of(st.none(), colors),
)


def _color(target, value: str) -> None:  # noqa: ANN001 - a python-pptx ColorFormat
    if value.startswith("#"):
        target.rgb = RGBColor.from_string(value[1:])
    else:
        target.theme_color = THEME[value]


def _text(frame, shape: Shape, lang: str) -> None:  # noqa: ANN001 - a python-pptx TextFrame
    """The shape's text through the TextFrame, _Paragraph, _Run and Font API; the language tag, the bullet-less
    paragraph and the end-of-paragraph size, which the API does not set, on the elements."""
    frame.word_wrap = True
    for name, points in zip(
        ("margin_left", "margin_top", "margin_right", "margin_bottom"),
        shape.inset or (),
        strict=False,
    ):
        setattr(frame, name, Pt(points))
    if shape.anchor:
        frame.vertical_anchor = ANCHOR[shape.anchor]
    frame.clear()
    for i, para in enumerate(shape.paragraphs or (Paragraph(""),)):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if para.level:
            p.level = para.level
        if shape.align:
            p.alignment = ALIGN[shape.align]
        if para.bullet is False:
            ppr = p._p.get_or_add_pPr()
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            etree.SubElement(ppr, f"{A}buNone")
        _runs(p, para, shape, lang)


def _runs(p, para: Paragraph, shape: Shape, lang: str) -> None:  # noqa: ANN001 - a python-pptx _Paragraph
    size, color = para.size or shape.size, para.color or shape.color
    bold = para.bold if para.bold is not None else shape.bold
    italic = para.italic if para.italic is not None else shape.italic
    for j, text in enumerate(para.text.split("\v")):
        if j:
            p.add_line_break()
        run = p.add_run()
        run.text = text
        if size:
            run.font.size = Pt(size)
        if bold is not None:
            run.font.bold = bold
        if italic is not None:
            run.font.italic = italic
        if color:
            _color(run.font.color, color)
        run._r.get_or_add_rPr().set("lang", lang)
    end = p._p.get_or_add_endParaRPr()
    end.set("lang", lang)
    if size:
        end.set("sz", str(int(size * 100)))


def _draw(slide, shape: Shape, folder: Path, lang: str) -> None:  # noqa: ANN001 - a python-pptx Slide
    x, y, w, h = (Pt(v) for v in shape.box)
    if shape.kind == "picture":
        pic = slide.shapes.add_picture(str(folder / shape.image), x, y)
        scale = min(w / pic.width, h / pic.height)
        pic.width, pic.height = int(pic.width * scale), int(pic.height * scale)
        pic.left, pic.top = x + (w - pic.width) // 2, y + (h - pic.height) // 2
        pic.name = shape.name
        pic._element.nvPicPr.cNvPr.set("descr", shape.alt)
        return
    if shape.kind in ("textbox", "placeholder"):
        drawn = slide.shapes.add_textbox(x, y, w, h)
    else:
        drawn = slide.shapes.add_shape(PRESETS[shape.kind], x, y, w, h)
        drawn._element.remove(
            drawn._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
        )
    drawn.name = shape.name
    if getattr(shape, "flip", False):
        drawn._element.spPr.get_or_add_xfrm().set("flipH", "1")
    fill, line = getattr(shape, "fill", None), getattr(shape, "line", None)
    if fill and fill != "none":
        drawn.fill.solid()
        _color(drawn.fill.fore_color, fill)
    elif shape.kind != "textbox" and shape.kind != "placeholder":
        drawn.fill.background()
    if line and line != "none":
        drawn.line.fill.solid()
        _color(drawn.line.fill.fore_color, line)
        drawn.line.width = Pt(shape.line_width or 1)
    elif shape.kind != "textbox" and shape.kind != "placeholder":
        drawn.line.fill.background()
    if shape.paragraphs:
        _text(drawn.text_frame, shape, lang)


def reference(spec: SlideSpec, folder: Path, lang: str) -> bytes:
    """The slide made with python-pptx's API from the same master, saved by python-pptx."""
    prs = Presentation(str(BASE))
    layout = next(
        lay for m in prs.slide_masters for lay in m.slide_layouts if lay.name == spec.master
    )
    slide = prs.slides.add_slide(layout)
    tags = Part(
        PackURI("/ppt/tags/slide1.xml"),
        TAGS_TYPE,
        prs.part.package,
        tags_xml([(SLIDE_TAG, spec.key)]),
    )
    # make-deck's own mark: the content slide a slide shows
    tags_rid = slide.part.relate_to(tags, TAGS_REL)
    free = list(slide.placeholders)
    for shape in spec.shapes:
        ph = None
        if shape.kind == "placeholder":
            kinds = ROLE_TYPES[shape.role]
            ph = next((p for p in free if p.element.ph.get("type", "obj") in kinds), None)
        if ph is None:
            _draw(slide, shape, folder, lang)
            continue
        free.remove(ph)
        if shape.box:
            ph.left, ph.top, ph.width, ph.height = (Pt(v) for v in shape.box)
        _text(ph.text_frame, shape, lang)
    for ph in free:
        ph.element.getparent().remove(ph.element)
    if spec.background:
        slide.background.fill.solid()
        _color(slide.background.fill.fore_color, spec.background)
    add_to_slide(slide.element.cSld, tags_rid)
    if spec.notes:
        frame = slide.notes_slide.notes_text_frame
        for i, line in enumerate(spec.notes.split("\n")):
            run = (frame.paragraphs[0] if i == 0 else frame.add_paragraph()).add_run()
            run.text = line
            run._r.get_or_add_rPr().set("lang", lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def parts(data: bytes) -> dict[str, bytes]:
    """The slide, its notes page and their relationships, canonicalised."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [
            n
            for n in z.namelist()
            if n.startswith(("ppt/slides/", "ppt/notesSlides/", "ppt/media/", "ppt/tags/slide"))
        ]
        return {
            n: z.read(n)
            if n.startswith("ppt/media/")
            else etree.tostring(etree.fromstring(z.read(n)), method="c14n")
            for n in names
        }


@settings(
    max_examples=examples(40, 300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=slides)
def test_a_random_slide_is_what_python_pptx_makes(spec: SlideSpec, pictures_folder: Path) -> None:
    shapes = tuple(
        replace(s, image=pictures_folder / s.image) if isinstance(s, Picture) else s
        for s in spec.shapes
    )
    spec = SlideSpec(**{**spec.__dict__, "shapes": shapes})
    model = DeckModel(
        "c.yaml", DeckInfo("T", "", dt.date(2019, 3, 15), "nb-NO"), (spec,), None, None
    )
    assume(not check_contract(model, MASTER))  # the build stops at a placeholder the layout lacks
    assert parts(render_pptx(model, MASTER)) == parts(reference(spec, pictures_folder, "nb-NO"))
