"""The master's parts one at a time: what a slide master and its layout draw behind the content (colours, bands,
pictures, the colour behind a box), a master's plain data kept as JSON and read back equal, text defaults per
outline level read from a chain of list styles, placeholders assigned to a slide's shapes, the text styles a
master lacks filled in from its example paragraphs (or make-deck's own), and a master's package made safe:
macros, OLE objects, ActiveX controls and links outside the file taken out, a macro-enabled package refused."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from pptx import Presentation

from generator.errors import DeckError, Location
from generator.master.backdrop import (
    GRID,
    Band,
    backdrop,
    colour_of,
    colours_behind,
    contrast,
    fill_colour,
    ground,
    overlap,
    picture_cells,
    picture_colour,
    scheme,
    whole,
)
from generator.master.cached import CACHE_SHAPE, as_json, from_json, valid_json
from generator.master.levels import levels
from generator.master.plain import (
    Master,
    MasterLayout,
    PlaceholderSpec,
    TextLevel,
    assign_placeholders,
)
from generator.master.reader import read_master
from generator.master.textstyles import fill_in, readable_furniture
from generator.master.untrusted import content_type, made_safe, main_part, refuse_macros
from generator.ooxml.names import NS

from . import masters
from .conftest import REPO, examples

BASE = REPO / "templates" / "base.pptx"
DECLS = f'xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}" xmlns:mc="{NS["mc"]}"'
THEME = {"dk1": "111111", "lt1": "FFFFFF", "dk2": "12355B", "lt2": "EEF2F5", "accent1": "1A7F8E"}
SLIDE = (960.0, 540.0)  # points
EMU = 12700
CLR_MAP = (
    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
    'folHlink="folHlink"/>'
)


def xml(text: str) -> etree._Element:
    return etree.fromstring(text)


def rect(box: tuple[float, float, float, float], fill: str, ph: str = "") -> str:
    """A rectangle (a placeholder of type `ph` when given) at `box` in points, with `fill` as its spPr fill."""
    x, y, w, h = (round(v * EMU) for v in box)
    placeholder = f'<p:ph type="{ph}"/>' if ph else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="9" name="r"/><p:cNvSpPr/><p:nvPr>{placeholder}</p:nvPr></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr></p:sp>'
    )


def solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'


def sld(
    tag: str, shapes: str = "", bg: str = "", attrs: str = "", clr_map: str = CLR_MAP
) -> etree._Element:
    """A p:sldMaster or p:sldLayout with a background (a fill) and shapes."""
    background = f"<p:bg><p:bgPr>{bg}<a:effectLst/></p:bgPr></p:bg>" if bg else ""
    tree = f"<p:spTree><p:nvGrpSpPr/><p:grpSpPr/>{shapes}</p:spTree>"
    return xml(f"<p:{tag} {DECLS} {attrs}><p:cSld>{background}{tree}</p:cSld>{clr_map}</p:{tag}>")


def png(colours: list[tuple[int, int, int]]) -> bytes:
    """A 32 x 32 picture in vertical stripes of `colours`."""
    picture = Image.new("RGB", (32, 32))
    for x in range(32):
        for y in range(32):
            picture.putpixel((x, y), colours[x * len(colours) // 32])
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def base() -> Master:
    """The shipped master as plain data."""
    return read_master(BASE.read_bytes(), "templates/base.pptx")


# ---------------------------------------------------------------- colours


def colour(inner: str, theme: dict[str, str] = THEME) -> str:
    return colour_of(xml(f"<a:x {DECLS}>{inner}</a:x>")[0], theme)


def test_a_colour_is_read_from_each_way_drawingml_names_one() -> None:
    assert colour('<a:srgbClr val="1a7f8e"/>') == "1A7F8E"
    assert colour('<a:schemeClr val="accent1"/>') == "1A7F8E"
    assert colour('<a:prstClr val="white"/>') == "FFFFFF"
    assert colour('<a:sysClr val="windowText" lastClr="000000"/>') == "000000"
    assert colour('<a:schemeClr val="accent6"/>') == ""  # the theme has no accent6
    assert colour('<a:hslClr hue="0" sat="0" lum="0"/>') == ""


def test_a_mostly_see_through_colour_cannot_be_told() -> None:
    assert colour('<a:srgbClr val="000000"><a:alpha val="40000"/></a:srgbClr>') == ""
    assert colour('<a:srgbClr val="000000"><a:alpha val="60000"/></a:srgbClr>') == "000000"


@hsettings(max_examples=examples(60, 500))
@given(st.integers(0, 0xFFFFFF), st.integers(0, 99_999))
def test_lum_mod_below_100_percent_never_lightens_and_tint_never_darkens(
    rgb: int, pct: int
) -> None:
    value = f"{rgb:06X}"
    darker = colour(f'<a:srgbClr val="{value}"><a:lumMod val="{pct}"/></a:srgbClr>')
    lighter = colour(f'<a:srgbClr val="{value}"><a:tint val="{pct}"/></a:srgbClr>')
    shaded = colour(f'<a:srgbClr val="{value}"><a:shade val="{pct}"/></a:srgbClr>')
    assert contrast(darker, "000000") <= contrast(value, "000000") + 1e-9
    assert contrast(shaded, "000000") <= contrast(value, "000000") + 1e-9
    assert contrast(lighter, "FFFFFF") <= contrast(value, "FFFFFF") + 1e-9


def test_lum_mod_and_lum_off_make_the_light_variants_powerpoint_offers() -> None:
    half = colour('<a:srgbClr val="1A7F8E"><a:lumMod val="50000"/></a:srgbClr>')
    assert contrast(half, "000000") < contrast("1A7F8E", "000000")
    light = (
        '<a:schemeClr val="accent1"><a:lumMod val="20000"/><a:lumOff val="80000"/></a:schemeClr>'
    )
    assert contrast(colour(light), "FFFFFF") < 1.3  # "Accent 1, lighter 80%": nearly white
    assert colour('<a:srgbClr val="808080"><a:lumOff val="100000"/></a:srgbClr>') == "FFFFFF"


def test_wcag_contrast_runs_from_one_to_twenty_one_either_way_round() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("FFFFFF", "000000") == contrast("000000", "FFFFFF")
    assert contrast("1A7F8E", "1A7F8E") == pytest.approx(1.0)
    assert contrast("767676", "FFFFFF") == pytest.approx(
        4.54, abs=0.01
    )  # the lightest grey AA allows


def test_a_clr_map_decides_which_theme_colour_the_background_and_text_names_give() -> None:
    light = scheme(sld("sldMaster"), THEME)
    assert (light["bg1"], light["tx1"], light["tx2"]) == ("FFFFFF", "111111", "12355B")
    dark_map = CLR_MAP.replace('bg1="lt1" tx1="dk1"', 'bg1="dk1" tx1="lt1"')
    dark = scheme(sld("sldMaster", clr_map=dark_map), THEME)
    assert (dark["bg1"], dark["tx1"]) == ("111111", "FFFFFF")
    assert scheme(sld("sldMaster", clr_map=""), THEME)["bg1"] == "FFFFFF"  # no map: the defaults


def props(inner: str) -> etree._Element:
    return xml(f"<p:spPr {DECLS}>{inner}</p:spPr>")


def test_a_fill_is_a_colour_no_fill_or_nothing_said() -> None:
    assert fill_colour(props(solid("E0A33B")), THEME) == "E0A33B"
    assert fill_colour(props("<a:noFill/>"), THEME) is False
    assert fill_colour(props('<a:prstGeom prst="rect"/>'), THEME) is None
    assert fill_colour(props('<a:pattFill prst="pct5"/>'), THEME) == ""


def gradient(*stops: str) -> etree._Element:
    gs = "".join(f'<a:gs pos="{i}"><a:srgbClr val="{c}"/></a:gs>' for i, c in enumerate(stops))
    return props(f"<a:gradFill><a:gsLst>{gs}</a:gsLst></a:gradFill>")


def test_a_gradient_of_near_colours_counts_as_their_average_and_a_wide_one_as_none() -> None:
    assert fill_colour(gradient("101010", "202020"), THEME) == "181818"
    assert fill_colour(gradient("000000", "FFFFFF"), THEME) == ""


def test_a_picture_of_one_colour_gives_that_colour_and_a_photograph_none() -> None:
    assert picture_colour(png([(10, 90, 160)])) == "0A5AA0"
    assert picture_colour(png([(0, 0, 0), (255, 255, 255)])) == ""
    assert picture_colour(b"not a picture") == ""
    assert picture_colour(None) == ""


# ---------------------------------------------------------------- what lies behind


def test_a_layouts_own_background_comes_before_its_masters_and_the_theme_before_none() -> None:
    master = sld("sldMaster", bg=solid("12355B"))
    own = sld("sldLayout", bg=solid("EEF2F5"))
    assert backdrop(own, master, THEME, SLIDE)[0] == "EEF2F5"
    assert backdrop(sld("sldLayout"), master, THEME, SLIDE)[0] == "12355B"
    assert backdrop(sld("sldLayout"), sld("sldMaster"), THEME, SLIDE)[0] == "FFFFFF"  # bg1


def test_filled_shapes_are_bands_the_masters_first_and_placeholders_never() -> None:
    master = sld("sldMaster", rect((0, 500, 960, 40), solid("1A7F8E")))
    shapes = rect((60, 112, 56, 5), solid("E0A33B")) + rect((0, 0, 10, 10), "<a:noFill/>")
    layout = sld("sldLayout", shapes + rect((60, 36, 840, 72), solid("000000"), ph="title"))
    background, bands = backdrop(layout, master, THEME, SLIDE)
    assert background == "FFFFFF"
    assert bands == (Band((0, 500, 960, 40), "1A7F8E"), Band((60, 112, 56, 5), "E0A33B"))
    hidden = sld("sldLayout", shapes, attrs='showMasterSp="0"')
    assert backdrop(hidden, master, THEME, SLIDE)[1] == (Band((60, 112, 56, 5), "E0A33B"),)


def test_a_shape_over_the_whole_slide_is_the_background_and_stays_first_among_the_bands() -> None:
    master = sld("sldMaster", rect((0, 0, 960, 540), solid("12355B")), bg=solid("FFFFFF"))
    layout = sld("sldLayout", rect((60, 338, 80, 6), solid("E0A33B")))
    background, bands = backdrop(layout, master, THEME, SLIDE)
    assert background == "12355B"
    assert [band.color for band in bands] == ["12355B", "E0A33B"]
    assert whole(bands[0], SLIDE) and not whole(bands[1], SLIDE)


def test_a_groups_children_are_placed_through_its_child_space() -> None:
    inner = rect((0, 0, 100, 50), solid("E0A33B"))
    group = (
        "<p:grpSp><p:nvGrpSpPr/><p:grpSpPr><a:xfrm>"
        f'<a:off x="{100 * EMU}" y="{200 * EMU}"/><a:ext cx="{400 * EMU}" cy="{100 * EMU}"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{200 * EMU}" cy="{50 * EMU}"/>'
        f"</a:xfrm></p:grpSpPr>{inner}</p:grpSp>"
    )
    _, bands = backdrop(sld("sldLayout", group), sld("sldMaster"), THEME, SLIDE)
    assert bands == (Band((100, 200, 200, 100), "E0A33B"),)  # twice as wide and high as drawn


def test_a_picture_band_takes_its_colour_from_the_picture_bytes() -> None:
    pic = (
        '<p:pic><p:nvPicPr><p:cNvPr id="4" name="p"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        '<p:blipFill><a:blip r:embed="rId7"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{200 * EMU}" cy="{540 * EMU}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    pictures = {"rId7": png([(200, 90, 60)])}
    layout = sld("sldLayout", pic)
    _, told = backdrop(layout, sld("sldMaster"), THEME, SLIDE, (pictures.get, None))
    _, untold = backdrop(layout, sld("sldMaster"), THEME, SLIDE)
    assert [(band.box, band.color) for band in told] == [((0, 0, 200, 540), "C85A3C")]
    assert set(told[0].cells[0]) == {
        "C85A3C"
    }  # its cells kept too, where a text is read on a part of it
    assert untold == (Band((0, 0, 200, 540), ""),)


def test_the_colour_behind_a_box_is_the_one_covering_most_of_it() -> None:
    room = (100.0, 100.0, 200.0, 100.0)
    assert ground("FFFFFF", (), room) == "FFFFFF"
    assert ground("FFFFFF", (Band((0, 0, 960, 540), "12355B"),), room) == "12355B"
    assert ground("FFFFFF", (Band((100, 100, 100, 100), "12355B"),), room) == ""  # half and half
    assert ground("FFFFFF", (Band((100, 100, 2, 100), "12355B"),), room) == "FFFFFF"  # an edge
    stacked = (Band((0, 0, 960, 540), "12355B"), Band((50, 50, 400, 400), "E0A33B"))
    assert ground("FFFFFF", stacked, room) == "E0A33B"  # the last drawn is on top
    assert ground("FFFFFF", (Band((0, 0, 960, 540), ""),), room) == ""  # a picture's


def test_overlap_is_the_area_two_boxes_share() -> None:
    assert overlap((0, 0, 10, 10), (20, 20, 5, 5)) == 0
    assert overlap((0, 0, 10, 10), (2, 2, 4, 4)) == 16
    assert overlap((0, 0, 10, 10), (5, 5, 10, 10)) == overlap((5, 5, 10, 10), (0, 0, 10, 10)) == 25


def test_the_shipped_masters_title_slide_reads_on_its_dark_background(base: Master) -> None:
    title = base.layouts["Title Slide"]
    assert title.background == base.theme_colors["dk2"]
    assert base.layouts["Title and Content"].background == base.theme_colors["lt1"]
    assert contrast(title.placeholders[0].levels[0].color, title.background) >= 4.5


# ---------------------------------------------------------------- the master as JSON


def made(tmp_path: Path) -> dict[str, Path]:
    """Masters of several kinds: a foreign 4:3 one, one with Norwegian names, one with things taken out."""
    return {
        "base": BASE,
        "default": masters.python_pptx_default(tmp_path),
        "norwegian": masters.norwegian_names(tmp_path),
        "linked": masters.linked_and_embedded(tmp_path),
    }


def test_a_master_kept_as_json_comes_back_equal(tmp_path: Path) -> None:
    for name, path in made(tmp_path).items():
        master = read_master(path.read_bytes(), name, digest="d" * 32)
        kept = json.loads(json.dumps(as_json(master)))  # as the user cache stores it
        assert valid_json(kept)
        assert from_json(kept, name) == master, name


def test_cached_data_of_another_shape_or_damaged_is_not_a_master(base: Master) -> None:
    good = as_json(base)
    assert good["shape"] == CACHE_SHAPE and valid_json(good)

    def spoilt(change: Callable[[dict], object]) -> dict:
        data = json.loads(json.dumps(good))
        change(data)
        return data

    assert not valid_json(spoilt(lambda d: d.update(shape=CACHE_SHAPE - 1)))
    assert not valid_json(spoilt(lambda d: d.pop("layouts")))
    assert not valid_json(spoilt(lambda d: d.update(size=[960, "540"])))
    assert not valid_json(spoilt(lambda d: d.update(empty_notes="not base64!")))
    assert not valid_json(spoilt(lambda d: d.update(presentation="/ppt/elsewhere.xml")))
    assert not valid_json(spoilt(lambda d: d["layouts"][0].__setitem__(0, 7)))  # a name
    assert not valid_json(spoilt(lambda d: d["root_rels"][0].__setitem__(3, "no")))  # external
    # a text level whose `bold` is a number
    assert not valid_json(spoilt(lambda d: d["layouts"][0][4][0][4][0].__setitem__(1, 1)))
    assert not valid_json("a string") and not valid_json(None)


# ---------------------------------------------------------------- text levels


def lst(inner: str) -> etree._Element:
    return xml(f"<a:lstStyle {DECLS}>{inner}</a:lstStyle>")


FONTS = ("Heading Face", "Body Face")


def test_each_attribute_comes_from_the_first_list_style_in_the_chain_that_says() -> None:
    own = lst('<a:lvl1pPr><a:defRPr b="1"/></a:lvl1pPr>')
    master = lst(
        '<a:lvl1pPr marL="279400" indent="-279400"><a:defRPr sz="3200" b="0" i="1"/></a:lvl1pPr>'
    )
    first = levels([own, None, master], FONTS)[0]
    assert (first.bold, first.size, first.italic) == (True, 32.0, True)
    assert (first.margin, first.indent) == (22.0, -22.0)


def test_a_level_no_style_sizes_takes_the_size_given_and_there_are_always_nine() -> None:
    found = levels([lst('<a:lvl2pPr><a:defRPr sz="2000"/></a:lvl2pPr>')], FONTS, size=44.0)
    assert len(found) == 9
    assert [level.size for level in found[:3]] == [44.0, 20.0, 44.0]
    assert levels([], FONTS) == (TextLevel(font="Body Face"),) * 9


def test_theme_font_references_are_resolved_to_the_themes_faces() -> None:
    heading = lst('<a:lvl1pPr><a:defRPr><a:latin typeface="+mj-lt"/></a:defRPr></a:lvl1pPr>')
    named = lst('<a:lvl1pPr><a:defRPr><a:latin typeface="Georgia"/></a:defRPr></a:lvl1pPr>')
    assert levels([heading], FONTS)[0].font == "Heading Face"
    assert levels([named], FONTS)[0].font == "Georgia"
    assert levels([], FONTS)[0].font == "Body Face"  # +mn-lt when nothing says


def test_no_bullet_in_a_nearer_style_wins_over_a_bullet_further_out() -> None:
    bulleted = lst(
        '<a:lvl1pPr><a:buChar char="•"/></a:lvl1pPr><a:lvl2pPr><a:buAutoNum type="arabicPeriod"/></a:lvl2pPr>'
    )
    plain = lst("<a:lvl1pPr><a:buNone/></a:lvl1pPr>")
    assert [level.bullet for level in levels([bulleted], FONTS)[:3]] == [True, True, False]
    assert [level.bullet for level in levels([plain, bulleted], FONTS)[:2]] == [False, True]


def test_spacing_is_read_as_a_share_of_a_line_or_in_points() -> None:
    spaced = lst(
        '<a:lvl1pPr><a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPts val="600"/></a:spcBef>'
        '<a:spcAft><a:spcPct val="50000"/></a:spcAft></a:lvl1pPr>'
        '<a:lvl2pPr><a:lnSpc><a:spcPts val="2400"/></a:lnSpc></a:lvl2pPr>'
    )
    first, second = levels([spaced], FONTS)[:2]
    assert (first.line_spacing, first.line_points) == (0.9, None)
    assert (first.space_before, first.space_after_lines) == (6.0, 0.5)
    assert (second.line_spacing, second.line_points) == (1.0, 24.0)


def test_text_colour_and_capitals_are_read_through_the_theme() -> None:
    styled = lst(
        '<a:lvl1pPr><a:defRPr cap="all"><a:solidFill><a:schemeClr val="tx2"/></a:solidFill></a:defRPr></a:lvl1pPr>'
    )
    first = levels([styled], FONTS, colours={"tx2": "12355B"})[0]
    assert (first.color, first.caps) == ("12355B", True)
    assert levels([styled], FONTS)[0].color == ""  # no theme: cannot be told


# ---------------------------------------------------------------- placeholders


def spec(kind: str, *roles: str) -> PlaceholderSpec:
    return PlaceholderSpec(kind, roles, (0, 0, 100, 100), (7.2, 3.6, 7.2, 3.6), (TextLevel(),))


def test_each_shape_fills_the_first_free_placeholder_that_takes_its_role() -> None:
    two_content = (
        spec("title", "title"),
        spec("obj", "subtitle", "body"),
        spec("obj", "subtitle", "body"),
    )
    assert assign_placeholders(["title", "body", "body"], two_content) == (0, 1, 2)
    assert assign_placeholders(["body", None, "title", "body", "body"], two_content) == (
        1,
        None,
        0,
        2,
        None,
    )
    assert assign_placeholders(["subtitle"], (spec("title", "title"),)) == (None,)


def test_a_layout_is_named_with_its_slide_master_when_the_package_has_several() -> None:
    parts = (spec("title", "title"), spec("body", "subtitle", "body"))
    alone = MasterLayout("Title Only", "/ppt/slideLayouts/slideLayout1.xml", parts, b"")
    assert alone.key == "Title Only"
    assert (
        MasterLayout("Title Only", alone.part, parts, b"", master="Vivid").key
        == "Vivid / Title Only"
    )
    assert alone.roles == ("title", "subtitle", "body")


# ---------------------------------------------------------------- text styles a master lacks


def placeholder(ph: str, paragraphs: str, lst_style: str = "") -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="{ph}"/><p:cNvSpPr/><p:nvPr><p:ph type="{ph}"/></p:nvPr>'
        f"</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle>{lst_style}</a:lstStyle>{paragraphs}</p:txBody></p:sp>"
    )


def example(text: str, run: str, ppr: str = "") -> str:
    return f"<a:p>{ppr}<a:r><a:rPr {run}/><a:t>{text}</a:t></a:r></a:p>"


BULLET = '<a:pPr lvl="{}" marL="{}" indent="-324000"><a:buFont typeface="Arial"/><a:buChar char="●"/></a:pPr>'
# a slide master as LibreOffice saves one: no p:txStyles, its formatting on its placeholders' example paragraphs
SAVED_BY_LIBREOFFICE = placeholder(
    "title", example("Klikk for å redigere tittelen", 'lang="nb-NO" sz="4000" b="1"')
) + placeholder(
    "body",
    example("Disposisjon", 'lang="nb-NO" sz="3200"', BULLET.format(0, 432000))
    + example("Andre nivå", 'lang="nb-NO" sz="2800"', BULLET.format(1, 864000)),
)


def styles_of(master: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in master.find("p:txStyles", NS)]


def test_a_master_without_text_styles_gets_them_from_its_example_paragraphs() -> None:
    master = sld("sldMaster", SAVED_BY_LIBREOFFICE)
    said = fill_in(master, [])
    assert said == [
        "title style: its placeholder's example text",
        "body text style: its placeholder's example text",
    ]
    assert styles_of(master) == ["titleStyle", "bodyStyle"]
    title = levels([master.find("p:txStyles/p:titleStyle", NS)], FONTS)[0]
    body = levels([master.find("p:txStyles/p:bodyStyle", NS)], FONTS)
    assert (title.size, title.bold) == (40.0, True)
    assert [(level.size, level.bullet, level.margin) for level in body[:2]] == [
        (32.0, True, 432000 / EMU),
        (28.0, True, 864000 / EMU),
    ]
    assert (
        master.find(".//p:txStyles//a:defRPr[@lang]", NS) is None
    )  # a style is not one run's language


def test_a_master_without_text_styles_gets_bullets_from_make_deck_where_its_examples_show_none() -> (
    None
):
    body = placeholder(
        "body",
        example("Disposisjon", 'sz="2400"') + example("Nivå 2", 'sz="2000"', '<a:pPr lvl="1"/>'),
    )
    master = sld("sldMaster", placeholder("title", example("Tittel", 'sz="4000"')) + body)
    said = fill_in(master, [])
    assert said[1].endswith("with make-deck's bullet characters (its body text has none)")
    style = master.find("p:txStyles/p:bodyStyle", NS)
    assert [c.get("char") for c in style.iterfind("*/a:buChar", NS)] == ["•", "–"]
    for level in style:  # in schema order: the bullet before the run defaults
        names = [etree.QName(child).localname for child in level]
        assert names.index("buChar") < names.index("defRPr")
    assert [level.bullet for level in levels([style], FONTS)[:2]] == [True, True]


def test_a_master_with_neither_styles_nor_examples_gets_make_decks_own() -> None:
    master = sld("sldMaster")
    said = fill_in(master, [])
    assert said == ["title style: make-deck's own", "body text style: make-deck's own"]
    title = levels([master.find("p:txStyles/p:titleStyle", NS)], FONTS, colours={"tx2": "12355B"})[
        0
    ]
    body = levels([master.find("p:txStyles/p:bodyStyle", NS)], FONTS)
    assert (title.size, title.bold, title.font, title.color, title.bullet) == (
        36.0,
        True,
        "Heading Face",
        "12355B",
        False,
    )
    assert [level.size for level in body[:3]] == [24.0, 20.0, 18.0]
    assert all(level.bullet and level.indent < 0 for level in body)
    assert [level.margin for level in body[:2]] == [22.0, 46.0]


def test_bare_list_styles_are_filled_in_and_the_others_kept_in_order() -> None:
    bare = "<p:txStyles><p:titleStyle/><p:bodyStyle/><p:otherStyle><a:lvl1pPr/></p:otherStyle></p:txStyles>"
    master = xml(
        f"<p:sldMaster {DECLS}><p:cSld><p:spTree/></p:cSld>{CLR_MAP}{bare}<p:extLst/></p:sldMaster>"
    )
    assert len(fill_in(master, [])) == 2
    assert styles_of(master) == ["titleStyle", "bodyStyle", "otherStyle"]
    assert all(style.find("a:lvl1pPr", NS) is not None for style in master.find("p:txStyles", NS))
    missing = xml(
        f"<p:sldMaster {DECLS}><p:cSld><p:spTree/></p:cSld>{CLR_MAP}<p:extLst/></p:sldMaster>"
    )
    fill_in(missing, [])
    assert [etree.QName(c).localname for c in missing] == ["cSld", "clrMap", "txStyles", "extLst"]


def test_a_master_with_its_text_styles_is_left_as_it_is() -> None:
    master = Presentation().slide_master.element
    before = etree.tostring(master)
    assert fill_in(master, []) == []
    assert etree.tostring(master) == before


def test_a_layouts_title_takes_the_look_of_its_example_but_its_body_does_not() -> None:
    centred = example("Tittel", 'lang="nb-NO" sz="5400"', '<a:pPr algn="ctr"/>')
    layout = sld("sldLayout", placeholder("ctrTitle", centred) + placeholder("body", centred))
    fill_in(sld("sldMaster"), [layout])
    title, body = layout.iterfind("p:cSld/p:spTree/p:sp", NS)
    first = title.find("p:txBody/a:lstStyle/a:lvl1pPr", NS)
    assert first.get("algn") == "ctr" and first.find("a:defRPr", NS).get("sz") == "5400"
    assert not len(body.find("p:txBody/a:lstStyle", NS))


def test_a_read_master_without_text_styles_has_bullets_and_its_example_title_size(
    tmp_path: Path,
) -> None:
    prs = Presentation()
    element = prs.slide_master.element
    element.remove(element.find("p:txStyles", NS))
    title = element.find("p:cSld/p:spTree/p:sp/p:txBody/a:p/a:r/a:rPr", NS)
    title.set("sz", "4000")
    out = io.BytesIO()
    prs.save(out)
    master = read_master(out.getvalue(), "no-styles.pptx")
    assert "title style: its placeholder's example text" in master.supplied
    title_spec, body_spec = master.layouts["Title and Content"].placeholders
    assert title_spec.levels[0].size == 40.0
    assert all(level.bullet for level in body_spec.levels[:5])


def furniture(ph: str, colour: str) -> str:
    fill = f'<a:lvl1pPr><a:defRPr><a:solidFill><a:schemeClr val="{colour}"/></a:solidFill></a:defRPr></a:lvl1pPr>'
    sp = placeholder(ph, example("7", 'lang="nb-NO"'), fill)
    box = (
        f'<p:spPr><a:xfrm><a:off x="{700 * EMU}" y="{508 * EMU}"/>'
        f'<a:ext cx="{200 * EMU}" cy="{20 * EMU}"/></a:xfrm></p:spPr>'
    )
    return sp.replace("<p:spPr/>", box)


def test_a_footer_that_would_not_read_on_its_ground_is_set_in_the_theme_text_colour() -> None:
    master = sld(
        "sldMaster", furniture("sldNum", "bg1") + furniture("dt", "tx1").replace('"2"', '"3"')
    )
    colours = {"tx1": "111111", "bg1": "FFFFFF"}
    assert readable_furniture(master, colours, lambda box: ()) == []  # the ground cannot be told
    said = readable_furniture(master, colours, lambda box: ("FFFFFF",))
    assert said == ["sldNum text colour: tx1 (the master's does not read on its ground)"]
    number = master.find("p:cSld/p:spTree/p:sp", NS)
    fills = [f.get("val") for f in number.iterfind(".//a:solidFill/a:schemeClr", NS)]
    assert fills == ["tx1", "tx1"]  # its list style and its run


# ---------------------------------------------------------------- a master as untrusted input

WHERE = Location("master.pptx")


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_master_with_nothing_to_take_out_is_kept_byte_for_byte() -> None:
    data = BASE.read_bytes()
    safe, removed = made_safe(data, WHERE)
    assert safe is data and removed == ()


def test_a_vba_project_is_taken_out_and_the_package_still_opens(tmp_path: Path) -> None:
    safe, removed = made_safe(masters.with_macros(tmp_path).read_bytes(), WHERE)
    assert removed == ("macros (a VBA project), from ppt/presentation.xml",)
    assert b"vbaProject" not in members(safe)["ppt/_rels/presentation.xml.rels"]
    prs = Presentation(io.BytesIO(safe))
    reached = {str(part.partname) for part in prs.part.package.iter_parts()}
    assert "/ppt/vbaProject.bin" not in reached and len(prs.slide_layouts) == 6


def test_a_macro_enabled_package_is_refused_whatever_its_file_is_called(tmp_path: Path) -> None:
    data = masters.macro_enabled(tmp_path).read_bytes()
    types = members(data)["[Content_Types].xml"]
    assert "macroEnabled" in content_type(types, "/ppt/presentation.xml")
    with pytest.raises(DeckError) as caught:
        made_safe(data, WHERE)
    assert caught.value.location == WHERE
    assert "a macro-enabled presentation cannot be a master" in caught.value.problem
    assert ".pptx" in caught.value.hint
    refuse_macros(members(BASE.read_bytes())["[Content_Types].xml"], "/ppt/presentation.xml", WHERE)


def test_a_linked_picture_an_outside_link_and_an_ole_object_are_taken_out(tmp_path: Path) -> None:
    safe, removed = made_safe(masters.linked_and_embedded(tmp_path).read_bytes(), WHERE)
    source = ", from ppt/slideMasters/slideMaster1.xml"
    assert removed == (
        f"a link to '{masters.TRACKER}' outside the file (its image){source}",
        f"a link to 'https://attacker.example/' outside the file (its hyperlink){source}",
        f"an OLE object{source}",
    )
    parts = members(safe)
    assert b"External" not in parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"]
    tree = etree.fromstring(parts["ppt/slideMasters/slideMaster1.xml"])
    names = [c.get("name") for c in tree.iterfind("p:cSld/p:spTree/*/*/p:cNvPr", NS)]
    assert "Tracker" not in names and "Embedded" not in names
    assert "Brand link" in names  # the shape stays, only its link goes
    assert tree.find(".//a:hlinkClick", NS) is None
    assert len(Presentation(io.BytesIO(safe)).slide_layouts) == 6


def with_master_edit(tmp_path: Path, shapes: bytes, after_tree: bytes, rels: bytes) -> bytes:
    """base.pptx with `shapes` added to its slide master's shape tree, `after_tree` after it, and `rels`."""
    master = "ppt/slideMasters/slideMaster1.xml"
    edits = {
        master: lambda b: b.replace(b"</p:spTree>", shapes + b"</p:spTree>" + after_tree, 1),
        "ppt/slideMasters/_rels/slideMaster1.xml.rels": lambda b: b.replace(
            b"</Relationships>", rels + b"</Relationships>"
        ),
    }
    return masters.rewritten(BASE.read_bytes(), edits)


def test_an_ole_object_offered_as_a_choice_goes_with_its_fallback_and_a_lone_control_with_its_list(
    tmp_path: Path,
) -> None:
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = (
        f'<Relationship Id="rId92" Type="{rel}oleObject" Target="../embeddings/oleObject1.bin"/>'
        f'<Relationship Id="rId93" Type="{rel}control" Target="../activeX/activeX1.xml"/>'
    ).encode()
    choice = (
        f'<mc:AlternateContent xmlns:mc="{NS["mc"]}"><mc:Choice Requires="v">'
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="992" name="Embedded"/><p:cNvGraphicFramePr/><p:nvPr/>'
        '</p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        '<p:oleObj r:id="rId92" progId="Package"/></a:graphicData></a:graphic></p:graphicFrame></mc:Choice>'
        '<mc:Fallback><p:sp><p:nvSpPr><p:cNvPr id="993" name="Fallback"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        "<p:spPr/></p:sp></mc:Fallback></mc:AlternateContent>"
    ).encode()
    controls = b'<p:controls><p:control name="Button" r:id="rId93" spid="_x0000_s1"/></p:controls>'
    data = with_master_edit(tmp_path, choice, controls, rels)
    safe, removed = made_safe(data, WHERE)
    assert sorted(removed) == [
        "an ActiveX control, from ppt/slideMasters/slideMaster1.xml",
        "an OLE object, from ppt/slideMasters/slideMaster1.xml",
    ]
    tree = etree.fromstring(members(safe)["ppt/slideMasters/slideMaster1.xml"])
    assert tree.find(".//mc:AlternateContent", NS) is None
    assert tree.find(".//p:controls", NS) is None  # p:controls may not stay empty
    assert tree.find("p:cSld/p:spTree", NS) is not None
    assert len(Presentation(io.BytesIO(safe)).slide_masters) == 1


def test_a_parts_content_type_is_its_override_else_the_default_of_its_extension() -> None:
    types = (
        f'<Types xmlns="{NS["ct"]}"><Default Extension="XML" ContentType="application/xml"/>'
        '<Override PartName="/ppt/Presentation.xml" ContentType="main"/></Types>'
    ).encode()
    assert content_type(types, "/ppt/presentation.xml") == "main"
    assert content_type(types, "/ppt/slides/slide1.xml") == "application/xml"
    assert content_type(types, "/ppt/media/image1.png") == ""


def test_the_main_part_is_the_one_the_packages_own_relationships_name(tmp_path: Path) -> None:
    with zipfile.ZipFile(BASE) as archive:
        assert main_part(archive) == "/ppt/presentation.xml"
    moved = tmp_path / "moved.zip"
    with zipfile.ZipFile(moved, "w") as archive:
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="deck/main.xml"/></Relationships>',
        )
    with zipfile.ZipFile(moved) as archive:
        assert main_part(archive) == "/deck/main.xml"
    with zipfile.ZipFile(tmp_path / "bare.zip", "w") as archive:
        archive.writestr("a.txt", "a")
    with zipfile.ZipFile(tmp_path / "bare.zip") as archive:
        assert main_part(archive) == "/ppt/presentation.xml"


# ---------------------------------------------------------------- gradients, pictures, furniture: where text is

SUNSET = (  # a panel in LibreOffice's Sunset: yellow at its bottom middle, orange towards its edges
    f'<p:sp><p:nvSpPr><p:cNvPr id="5" name="g"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
    f'<a:off x="0" y="0"/><a:ext cx="{960 * EMU}" cy="{540 * EMU}"/></a:xfrm><a:gradFill><a:gsLst>'
    '<a:gs pos="0"><a:srgbClr val="FFFF00"/></a:gs><a:gs pos="100000"><a:srgbClr val="FF8000"/></a:gs>'
    '</a:gsLst><a:path path="circle"><a:fillToRect l="50000" t="100000" r="50000" b="0"/></a:path>'
    "</a:gradFill></p:spPr></p:sp>"
)


def test_a_gradient_band_keeps_its_colours_where_they_lie() -> None:
    _, [band] = backdrop(sld("sldLayout", SUNSET), sld("sldMaster"), THEME, SLIDE)
    assert band.color == "" and len(band.cells) == GRID
    assert band.cells[0][GRID // 2].startswith("FF8") and band.cells[-1][GRID // 2].startswith(
        "FFF"
    )
    title = (300.0, 30.0, 360.0, 60.0)
    assert ground("FFFFFF", (band,), title).startswith("FF8")  # orange where the title sits
    colours = colours_behind("FFFFFF", (band,), (100.0, 100.0, 760.0, 400.0))
    assert len(colours) > 3 and "FF8000" in colours


def test_an_all_but_see_through_fill_is_no_band() -> None:
    faint = SUNSET.replace(
        SUNSET[SUNSET.index("<a:gradFill>") : SUNSET.index("</a:gradFill>") + 13],
        '<a:solidFill><a:srgbClr val="FFFFA6"><a:alpha val="4000"/></a:srgbClr></a:solidFill>',
    )
    assert backdrop(sld("sldLayout", faint), sld("sldMaster"), THEME, SLIDE)[1] == ()


def test_a_picture_band_keeps_its_colours_where_they_lie() -> None:
    image = Image.new("RGB", (40, 40), (255, 255, 255))
    image.paste((4, 157, 222), (0, 20, 40, 40))  # blue in its lower half
    out = io.BytesIO()
    image.save(out, "PNG")
    cells = picture_cells(out.getvalue())
    assert cells[0][0] == "FFFFFF" and cells[-1][-1] == "049DDE"
    band = Band((0.0, 400.0, 960.0, 140.0), "", cells)
    assert ground("FFFFFF", (band,), (700.0, 500.0, 100.0, 20.0)) == "049DDE"


def test_a_slide_number_set_right_is_read_on_what_lies_at_the_right() -> None:
    number = furniture("sldNum", "bg1").replace("<a:lvl1pPr>", '<a:lvl1pPr algn="r">')
    master = sld("sldMaster", number)
    colours = {"tx1": "000000", "bg1": "FFFFFF"}
    rooms: list[tuple] = []

    def grounds(box: tuple) -> tuple[str, ...]:
        rooms.append(box)
        return (
            ("168253",) if box[0] >= 700 + 200 * 2 / 3 - 0.01 else ("FFFFFF",)
        )  # a green bar at the right

    assert readable_furniture(master, colours, grounds) == []  # white reads on the green bar
    assert rooms[0][0] > 833


def test_a_slide_number_field_in_a_shape_of_the_masters_own_is_made_readable() -> None:
    shape = (
        '<p:sp><p:nvSpPr><p:cNvPr id="7" name=""/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{720 * EMU}" y="{500 * EMU}"/><a:ext cx="{60 * EMU}" cy="{40 * EMU}"/>'
        '</a:xfrm><a:noFill/></p:spPr><p:txBody><a:bodyPr/><a:p><a:pPr algn="ctr"/>'
        '<a:fld id="{8A79DE93-A4C8-49A4-B2F5-A408AB27DFC8}" type="slidenum"><a:rPr b="1">'
        '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr><a:t>1</a:t></a:fld></a:p>'
        "</p:txBody></p:sp>"
    )
    master = sld("sldMaster", shape)
    said = readable_furniture(master, {"tx1": "000000", "bg1": "FFFFFF"}, lambda box: ("1ABC9C",))
    assert said == ["slidenum field text colour: tx1 (the master's does not read on its ground)"]
    fills = [f.get("val") for f in master.iterfind(".//a:solidFill/a:schemeClr", NS)]
    assert fills and set(fills) == {"tx1"}
