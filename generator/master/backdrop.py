"""What a slide master and its layout draw behind a slide's content: the background's colour and the filled shapes."""

from __future__ import annotations

import colorsys
import copy
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from generator.ooxml.names import NS, qn
from generator.ooxml.xml import sub_element

EMU_PER_PT = 12700
# the most two colours of a gradient, or the lighter and darker tenth of a picture, may differ (as a contrast
# ratio) and still count as one colour behind text
SPREAD, PICTURE_SPREAD = 1.5, 2.5
# a fill of no one colour (a gradient, a picture) is kept as a grid of this many cells a side: the colour behind
# a part of it is the colour of the cells under that part. A gradient changes smoothly; a picture's cells are
# about a word's size on a slide, so a tree or a stain behind a word is found there, not averaged away.
GRID = 12
PICTURE_GRID = 48
# a fill this see-through or more (its alpha) is no fill: what shows is what lies behind it
FAINT = 0.1
# a picture's bytes by the relationship id that names it
Images = Callable[[str], bytes | None] | None
# PowerPoint's preset colour names a master may use, as RRGGBB (the common ones; others count as unknown)
_PRESET = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "blue": "0000FF",
    "green": "008000",
}
# a shape covering this share of the slide or more is the slide's background, not a band across it
_WHOLE = 0.9
# of a room's area: a band that covers less of it is an edge or a corner, not behind it
_SLIGHT = 0.02
_SHOWN = 1e-9  # of a room: a cell of a gradient or picture covered by less than this is hidden
MOSTLY = 0.8  # of a room: a colour behind this much of it is what its text is read on

Box = tuple[float, float, float, float]
Cells = tuple[tuple[str, ...], ...]  # colours on a grid over a box, rows top to bottom


@dataclass(frozen=True)
class Band:
    """A filled shape a master or layout draws behind the content: its box in points and its colour (RRGGBB, or
    "" for a picture, gradient or pattern, whose colour cannot be told as one); for a gradient or picture (of
    no one colour, or read as its average), `cells`: its colours on a grid over its box (rows top to bottom,
    "" where a cell shows what lies behind it); `background`: the master's or layout's background picture or
    gradient itself, which a slide with a background of its own does not show."""

    box: Box
    color: str
    cells: Cells = ()
    background: bool = False


def backdrop(
    layout: etree._Element,
    master: etree._Element,
    theme: Mapping[str, str],
    size: tuple[float, float],
    images: tuple[Images, Images] = (None, None),
) -> tuple[str, tuple[Band, ...]]:
    """The background colour of a new slide of `layout` (RRGGBB, "" when it is a picture or gradient) and the
    filled shapes drawn over it, master's first (unless the layout hides them), then the layout's. A background
    picture or gradient is the first band, over the whole slide, with its colours where they lie. A shape that
    covers nearly the whole slide gives the background, and is kept first among the bands (it covers a
    background a slide sets of its own)."""
    colours = scheme(master, theme)
    on_layout, on_master = images
    found = _background(layout, colours, on_layout) or _background(master, colours, on_master)
    background, cells = found or (colours.get("bg1", "FFFFFF"), ())
    bands = [Band((0.0, 0.0, *size), background, cells, background=True)] if cells else []
    shown = layout.get("showMasterSp", "1") not in ("0", "false")
    trees = [(master, on_master), (layout, on_layout)] if shown else [(layout, on_layout)]
    for tree, image in trees:
        for band in _bands(tree, colours, image):
            if band.box[2] * band.box[3] >= _WHOLE * size[0] * size[1]:
                # a picture or panel over the whole slide: what a new slide shows as its background, and
                # what covers a background of the slide's own
                background, bands = band.color, []
            bands.append(band)
    return background, tuple(bands)


def scheme(master: etree._Element, theme: Mapping[str, str]) -> dict[str, str]:
    """The theme's colours by every name a fill may use: dk1, lt1 ... and, through the master's colour map, tx1,
    bg1, tx2, bg2."""
    colours = dict(theme)
    mapping = master.find("p:clrMap", NS)
    defaults = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
    for alias, slot in defaults.items():
        target = mapping.get(alias, slot) if mapping is not None else slot
        if target in theme:
            colours[alias] = theme[target]
    return colours


def _background(
    tree: etree._Element, colours: Mapping[str, str], image: Images
) -> tuple[str, Cells] | None:
    """A slide master's or layout's own background: its colour ("" when it is not one colour) and, for a
    gradient or picture, its colours on a grid; None without one."""
    bg = tree.find("p:cSld/p:bg", NS)
    if bg is None:
        return None
    props = bg.find("p:bgPr", NS)
    if props is not None:
        return fill_colour(props, colours, image) or "", fill_cells(props, colours, image)
    ref = bg.find("p:bgRef", NS)
    if ref is not None and len(ref):
        return colour_of(ref[0], colours) or "", ()
    return "", ()


def _bands(tree: etree._Element, colours: Mapping[str, str], image: Images) -> Iterator[Band]:
    root = tree.find("p:cSld/p:spTree", NS)
    if root is not None:
        yield from _shapes(root, (colours, image), _identity)


def _identity(box: Box) -> Box:
    return box


def _shapes(parent: etree._Element, colours: tuple, place) -> Iterator[Band]:  # noqa: ANN001
    """The filled shapes under `parent` (a shape tree or group), boxes mapped by `place` onto the slide;
    `colours`: the theme's colours by name, and the pictures of the part."""
    for child in parent:
        tag = etree.QName(child).localname
        if tag == "AlternateContent":
            choice = child.find("mc:Choice", NS)
            if choice is not None:
                yield from _shapes(choice, colours, place)
        elif tag == "grpSp":
            yield from _shapes(child, colours, _group(child, place))
        elif tag in ("sp", "pic") and child.find("*/p:nvPr/p:ph", NS) is None:
            band = _band(child, tag, colours, place)
            if band is not None:
                yield band


def _band(shape: etree._Element, tag: str, theme: tuple, place) -> Band | None:  # noqa: ANN001
    colours, image = theme
    box = _box(shape.find("p:spPr/a:xfrm", NS))
    if box is None or box[2] <= 0 or box[3] <= 0:
        return None
    props = shape.find("p:spPr", NS)
    if tag == "pic":
        props = _wrapped(shape.find("p:blipFill", NS))
        colour = fill_colour(props, colours, image) or ""
    else:
        colour = fill_colour(props, colours, image)
    if colour is None:  # no fill of its own: the shape style's, if any
        ref = shape.find("p:style/a:fillRef", NS)
        if ref is None or ref.get("idx", "0") == "0" or not len(ref):
            return None
        colour = colour_of(ref[0], colours) or ""
    if colour is False:
        return None
    # a gradient's or picture's cells, even where it is read as its average colour: text over a part of it
    # unlike the rest is read there
    cells = fill_cells(props, colours, image) if props is not None else ()
    return Band(place(box), colour, cells)


def _wrapped(fill: etree._Element | None) -> etree._Element:
    """A picture's p:blipFill inside a properties element, as fill_colour reads fills."""
    props = etree.Element("props")
    if fill is not None:
        blip = sub_element(props, "a:blipFill")
        blip.extend(copy.deepcopy(child) for child in fill)
    return props


def fill_colour(
    props: etree._Element, colours: Mapping[str, str], image: Images = None
) -> str | bool | None:
    """The fill of a shape's (or background's) properties: its RRGGBB, "" for a fill of no one colour, False
    for no fill, None when the properties say nothing. A gradient, or a picture (`image` gives its bytes by
    relationship id), counts as its average colour where it is near one colour throughout."""
    for child in props:
        tag = etree.QName(child).localname
        if tag == "noFill":
            return False
        if tag == "solidFill":
            if len(child) and _alpha(child[0]) < FAINT:
                return False  # all but see-through: what shows is what lies behind
            return colour_of(child[0], colours) if len(child) else ""
        if tag == "gradFill":
            stops = [
                colour_of(gs[0], colours) for gs in child.iterfind("a:gsLst/a:gs", NS) if len(gs)
            ]
            return _even([s for s in stops if s]) if stops and all(stops) else ""
        if tag == "blipFill":
            blip = child.find("a:blip", NS)
            rid = blip.get(qn("r:embed"), "") if blip is not None else ""
            return picture_colour(image(rid) if image and rid else None)
        if tag in ("pattFill", "grpFill"):
            return ""
    return None


def _alpha(colour: etree._Element) -> float:
    """A DrawingML colour's opacity, 0 to 1."""
    found = colour.find("a:alpha", NS)
    return int(found.get("val", "100000")) / 100000 if found is not None else 1.0


def _even(rgbs: list[str], spread: float = SPREAD) -> str:
    """The average of colours close enough to read text on as one (their extremes within `spread`), else ""."""
    lums = sorted(rgbs, key=lambda c: contrast(c, "000000"))
    if contrast(lums[0], lums[-1]) > spread:
        return ""
    return "".join(
        f"{round(sum(int(c[i : i + 2], 16) for c in rgbs) / len(rgbs)):02X}" for i in (0, 2, 4)
    )


def fill_cells(props: etree._Element, colours: Mapping[str, str], image: Images = None) -> Cells:
    """A gradient's colours on a GRID x GRID grid over its box, a picture's on a PICTURE_GRID one (rows top to
    bottom); () for another fill, or one whose colours cannot be told."""
    for child in props:
        tag = etree.QName(child).localname
        if tag == "gradFill":
            return gradient_cells(child, colours)
        if tag == "blipFill":
            blip = child.find("a:blip", NS)
            rid = blip.get(qn("r:embed"), "") if blip is not None else ""
            return picture_cells(image(rid) if image and rid else None)
    return ()


def gradient_cells(grad: etree._Element, colours: Mapping[str, str]) -> Cells:
    """A gradient's colour at the middle of each cell of a GRID x GRID grid over its box: along its angle
    (a:lin), or out from its focus (a:path, where stop 0 lies) to the box's edges (as LibreOffice draws it:
    an ellipse meeting the nearest edges for a circle, else a rectangle, the last stop's colour beyond); ()
    when a stop's colour cannot be told. The shape's rotation is not followed."""
    stops = []
    for gs in grad.iterfind("a:gsLst/a:gs", NS):
        colour = colour_of(gs[0], colours) if len(gs) else ""
        if not colour:
            return ()
        stops.append((int(gs.get("pos", "0")) / 100000, colour))
    if not stops:
        return ()
    where = _gradient_place(grad)
    centres = [(i + 0.5) / GRID for i in range(GRID)]
    return tuple(tuple(_at(sorted(stops), where(u, v)) for u in centres) for v in centres)


def _gradient_place(grad: etree._Element) -> Callable[[float, float], float]:
    """Where a point of the unit box lies along a gradient, 0 to 1."""
    path = grad.find("a:path", NS)
    if path is None:
        lin = grad.find("a:lin", NS)
        angle = math.radians(int(lin.get("ang", "0")) / 60000 if lin is not None else 0.0)
        dx, dy = math.cos(angle), math.sin(angle)
        reach = (abs(dx) + abs(dy)) / 2 or 1.0
        return lambda u, v: ((u - 0.5) * dx + (v - 0.5) * dy) / reach / 2 + 0.5
    rect = path.find("a:fillToRect", NS)
    sides = [int(rect.get(k, "0")) / 100000 if rect is not None else 0.5 for k in "ltrb"]
    fx, fy = (sides[0] + 1 - sides[2]) / 2, (sides[1] + 1 - sides[3]) / 2
    wide, high = max(fx, 1 - fx) or 1.0, max(fy, 1 - fy) or 1.0
    if path.get("path") == "circle":
        return lambda u, v: math.hypot((u - fx) / wide, (v - fy) / high)
    return lambda u, v: max(abs(u - fx) / wide, abs(v - fy) / high)


def _at(stops: list[tuple[float, str]], t: float) -> str:
    """The colour at `t` between a gradient's stops (in order of position), mixed as RGB."""
    t = min(max(t, 0.0), 1.0)
    if t <= stops[0][0]:
        return stops[0][1]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if t <= p1:
            k = (t - p0) / (p1 - p0) if p1 > p0 else 1.0
            return "".join(
                f"{round(int(c0[i : i + 2], 16) * (1 - k) + int(c1[i : i + 2], 16) * k):02X}"
                for i in (0, 2, 4)
            )
    return stops[-1][1]


def picture_cells(data: bytes | None, grid: int = PICTURE_GRID) -> Cells:
    """A picture's average colour in each cell of a `grid` x `grid` grid over it ("" where a cell is mostly
    see-through); () when the picture cannot be read."""
    if not data:
        return ()
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.draft("RGB", (grid * 4, grid * 4))
            small = picture.convert("RGBA").resize((grid, grid), Image.Resampling.BOX)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return ()
    pixels = list(small.get_flattened_data())
    return tuple(
        tuple(
            f"{r:02X}{g:02X}{b:02X}" if a >= 128 else ""
            for r, g, b, a in pixels[row * grid : (row + 1) * grid]
        )
        for row in range(grid)
    )


def picture_colour(data: bytes | None) -> str:
    """A picture's average colour where it is near one colour throughout (its 10th and 90th percentile of
    lightness within PICTURE_SPREAD), else "" (a photograph, a pattern: text on it cannot be judged)."""
    if not data:
        return ""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.draft("RGB", (64, 64))
            small = picture.convert("RGB").resize((32, 32))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return ""
    pixels = [f"{r:02X}{g:02X}{b:02X}" for r, g, b in small.get_flattened_data()]
    ordered = sorted(pixels, key=lambda c: contrast(c, "000000"))
    low, high = ordered[len(ordered) // 10], ordered[len(ordered) * 9 // 10]
    if contrast(low, high) > PICTURE_SPREAD:
        return ""
    return "".join(
        f"{round(sum(int(c[i : i + 2], 16) for c in pixels) / len(pixels)):02X}" for i in (0, 2, 4)
    )


def colour_of(element: etree._Element, colours: Mapping[str, str]) -> str:
    """A DrawingML colour element as RRGGBB (luminance changes applied), "" when it cannot be told."""
    tag = etree.QName(element).localname
    base = {
        "srgbClr": element.get("val", ""),
        "sysClr": element.get("lastClr", ""),
        "schemeClr": colours.get(element.get("val", ""), ""),
        "prstClr": _PRESET.get(element.get("val", ""), ""),
    }.get(tag, "")
    if len(base) != 6:
        return ""
    mods = {etree.QName(m).localname: int(m.get("val", "0")) / 100000 for m in element}
    if mods.get("alpha", 1.0) < 0.5:
        return ""  # mostly see-through: what shows is what lies behind
    rgb = _luminance(base.upper(), mods.get("lumMod", 1.0), mods.get("lumOff", 0.0))
    return _tinted(rgb, mods.get("tint", 1.0), mods.get("shade", 1.0))


def _tinted(rgb: str, tint: float, shade: float) -> str:
    """A tint (towards white) and shade (towards black), in linear light as renderers apply them."""
    if (tint, shade) == (1.0, 1.0):
        return rgb
    out = []
    for i in (0, 2, 4):
        c = int(rgb[i : i + 2], 16) / 255
        lin = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        lin = (lin * tint + (1 - tint)) * shade
        c = lin * 12.92 if lin <= 0.0031308 else 1.055 * lin ** (1 / 2.4) - 0.055
        out.append(f"{round(min(max(c, 0.0), 1.0) * 255):02X}")
    return "".join(out)


def _luminance(rgb: str, mod: float, off: float) -> str:
    if (mod, off) == (1.0, 0.0):
        return rgb
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = min(max(lum * mod + off, 0.0), 1.0)
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, lum, s))


def _box(xfrm: etree._Element | None) -> Box | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    try:
        x, y, w, h = (int(v) / EMU_PER_PT for v in values)
    except (TypeError, ValueError):
        return None
    return x, y, w, h


def _group(group: etree._Element, outer):  # noqa: ANN001, ANN202 - a function from a box to a box
    """How a group's children map onto the slide: their chOff/chExt space onto the group's off/ext."""
    xfrm = group.find("p:grpSpPr/a:xfrm", NS)
    box = _box(xfrm)
    child_off, child_ext = (
        (xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)) if xfrm is not None else (None, None)
    )
    if box is None or child_off is None or child_ext is None:
        return outer
    cx, cy = (int(child_off.get(k, "0")) / EMU_PER_PT for k in ("x", "y"))
    cw, ch = (int(child_ext.get(k, "0")) / EMU_PER_PT for k in ("cx", "cy"))
    sx = box[2] / cw if cw else 1.0
    sy = box[3] / ch if ch else 1.0

    def place(inner: Box) -> Box:
        x, y, w, h = inner
        return outer((box[0] + (x - cx) * sx, box[1] + (y - cy) * sy, w * sx, h * sy))

    return place


def whole(band: Band, size: tuple[float, float]) -> bool:
    """Whether a band covers (nearly) the whole slide: a background, not a band across it."""
    return band.box[2] * band.box[3] >= _WHOLE * size[0] * size[1]


def ground(background: str, bands: tuple[Band, ...], room: Box) -> str:
    """The colour behind `room`: the one behind MOSTLY of it or more (the background, or the bands drawn
    over it, the last on top, each taken to cover what lay under it evenly); "" when no one colour is, or
    that colour is a picture's that cannot be told."""
    area = room[2] * room[3]
    shares = {background: 1.0}
    for band in bands:  # in the order drawn: the last is on top
        share = min(overlap(band.box, room) / area, 1.0) if area > 0 else 0.0
        if share <= _SLIGHT:
            continue
        shares = {colour: part * (1 - share) for colour, part in shares.items()}
        # a gradient or picture: its colour where the room lies (a picture read as one colour may still
        # hold a tree where the room is), "" where it is not one colour there
        colour = _even_under(band, room) if band.cells else band.color
        shares[colour] = shares.get(colour, 0.0) + share
    colour, part = max(shares.items(), key=lambda item: item[1])
    return colour if part >= MOSTLY else ""


# which third of a box's width a line's alignment puts it in: OOXML's names and the model's
_THIRDS = {"ctr": 1, "center": 1, "r": 2, "right": 2}


def line_room(box: Box, align: str) -> Box:
    """Where one short line set in `box` lies: the middle third of its height, and of its width the third its
    alignment (l, ctr, r; left, center, right) puts it in (a credit set right under a map at the map's right)."""
    x, y, w, h = box
    third = _THIRDS.get(align, 0)
    return (x + w * third / 3, y + h / 3, w / 3, h / 3)


def behind(background: str, bands: tuple[Band, ...], room: Box) -> tuple[str, ...]:
    """What text in `room` lies on: the one colour behind most of it (`ground`), else every colour behind it
    (`colours_behind`); () when that cannot be told."""
    one = ground(background, bands, room)
    return (one,) if one else colours_behind(background, bands, room)


def colours_behind(background: str, bands: tuple[Band, ...], room: Box) -> tuple[str, ...]:
    """Every colour behind more than a sliver of `room`, the most covering first (a gradient's or picture's
    colours where they lie: each of its cells under the room that nothing covers); () when a part of it cannot
    be told. Text that reads on each reads there."""
    seen = shares_behind(background, bands, room)
    if "" in seen:
        return ()
    return tuple(sorted(seen, key=lambda colour: -seen[colour]))


def shares_behind(background: str, bands: tuple[Band, ...], room: Box) -> dict[str, float]:
    """The colours `colours_behind` finds behind `room`, each with the share of it that it covers."""
    area = room[2] * room[3]
    if area <= 0:
        return {}
    shares = {background: 1.0}
    located: set[str] = (
        set()
    )  # a gradient's or picture's cells: already where they lie, never a sliver
    for band in bands:  # in the order drawn: the last is on top
        share = min(overlap(band.box, room) / area, 1.0)
        if share <= _SLIGHT:
            continue
        parts = list(_parts(band, room, share))
        covered = sum(part for _, part in parts)
        shares = {colour: part * (1 - covered) for colour, part in shares.items()}
        for colour, part in parts:
            shares[colour] = shares.get(colour, 0.0) + part
        if band.cells:
            located.update(colour for colour, _ in parts)
    return {
        colour: part
        for colour, part in shares.items()
        if part > _SLIGHT or (colour in located and part > _SHOWN)
    }


def _cells_under(band: Band, room: Box) -> Iterator[tuple[str, float]]:
    """A band's cells that lie under `room`, each with the area it shares with it."""
    x, y, w, h = band.box
    rows, columns = len(band.cells), len(band.cells[0]) if band.cells else 0
    if not columns or w <= 0 or h <= 0:
        return
    first_row, last_row = _span(room[1] - y, room[3], h / rows, rows)
    first_column, last_column = _span(room[0] - x, room[2], w / columns, columns)
    for r in range(first_row, last_row):
        row = band.cells[r]
        for c in range(first_column, last_column):
            cell = (x + w * c / columns, y + h * r / rows, w / columns, h / rows)
            shared = overlap(cell, room)
            if shared > 0:
                yield row[c], shared


def _span(start: float, length: float, step: float, count: int) -> tuple[int, int]:
    """The cells (first, past the last) of a row or column of `count` cells `step` long that a stretch from
    `start` for `length` touches."""
    first = min(max(math.floor(start / step), 0), count)
    last = min(max(math.ceil((start + length) / step), first), count)
    return first, last


def _parts(band: Band, room: Box, share: float) -> Iterator[tuple[str, float]]:
    """A band's colours over `room` and the share of it each covers (together `share`, less its see-through
    cells: what lies under those shows)."""
    under = list(_cells_under(band, room)) if band.cells else []
    total = sum(part for _, part in under)
    if not total:
        yield band.color, share
        return
    for colour, part in under:
        if colour:
            yield colour, share * part / total


def _even_under(band: Band, room: Box) -> str:
    """The colour of a gradient or picture under `room` where it is near one colour there, else ""."""
    under = [colour for colour, _ in _cells_under(band, room)] if band.cells else []
    return _even(under) if under and all(under) else ""


def worst(colour: str, behind: tuple[str, ...]) -> float:
    """The contrast of a text colour on the colour behind it that it reads least on (0 for none)."""
    return min((contrast(colour, under) for under in behind), default=0.0)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours."""

    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share, in square points."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)
