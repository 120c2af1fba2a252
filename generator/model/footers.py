"""The deck's footer on each slide: on one line in its footer box, in a colour that reads on its slide."""

from __future__ import annotations

from dataclasses import replace

from generator.master.backdrop import behind, line_room, worst
from generator.master.reader import Master, MasterLayout, PlaceholderSpec
from generator.model.deck import DeckModel, SlideSpec
from generator.model.fitting import UNKNOWN_WIDTH
from generator.model.fonts import FALLBACK, FAMILIES, load_face
from generator.model.grounds import MIN_CONTRAST, readable_colour, rgb
from generator.model.shapes import Box

FLOOR = 12.0  # points: the readable floor, as for every text
GAP = 6.0  # points kept between the footer and the slide number beside it
# points kept from the slide's side, where the footer's box does not already come nearer
EDGE = 18.0
SLACK = 0.95  # of the room a line has: renderers set text a little wider than it is measured


def fit_footers(model: DeckModel, master: Master) -> DeckModel:
    """Each content slide with the footer box and size that hold the deck's footer on one line, where its
    layout's box would wrap it: the box grown along its line (both ways for a centred footer) as far as the
    slide number beside it or the slide's side; then, where that is not enough, the text set smaller, down to
    FLOOR (below it, the footer wraps as the master would)."""
    text = model.meta.footer
    if not text and not model.meta.slide_numbers:
        return model
    fitted: dict[str, tuple[Box | None, float | None]] = {}
    slides = []
    for slide in model.slides:
        layout = master.layouts.get(slide.master)
        if layout is None or layout.footer is None or layout.title_slide:
            slides.append(slide)
            continue
        if text and slide.master not in fitted:
            fitted[slide.master] = _fitted(text, layout, master.size, model.meta.slide_numbers)
        box, size = fitted.get(slide.master, (None, None))
        colour = _readable(slide, layout, master)
        slides.append(replace(slide, footer_box=box, footer_size=size, footer_color=colour))
    return replace(model, slides=tuple(slides))


def _readable(slide: SlideSpec, layout: MasterLayout, master: Master) -> str | None:
    """On a slide with a background of its own (a quote on lt2), tx1 or bg1 for its footer and slide number
    where the layout's colour does not read on what lies behind them there (that background, or a band the
    master draws under them) and that colour reads on all of it; else None: the layout's colour."""
    theme = master.theme_colors
    ground, own = rgb(slide.background, theme), layout.footer.levels[0].color
    if not ground or not own:
        return None
    bands = tuple(band for band in layout.bands if not band.background)
    rooms = [line_room(layout.footer.box, layout.footer.levels[0].align), layout.number_box]
    found = [behind(ground, bands, room) for room in rooms if room is not None]
    if any(not colours for colours in found):
        return None  # what lies behind cannot be told: as the master has it
    colours = tuple(dict.fromkeys(colour for group in found for colour in group))
    if worst(own, colours) >= MIN_CONTRAST:
        return None
    return readable_colour(own, colours, theme) or None


def _fitted(
    text: str, layout: MasterLayout, slide: tuple[float, float], numbered: bool
) -> tuple[Box | None, float | None]:
    """(the footer's box where it grows, its size where it shrinks): None for each the layout's does."""
    footer = layout.footer
    level = footer.levels[0]
    face = load_face(FAMILIES.get(level.font, FALLBACK), level.bold, level.italic)
    # a face make-deck has no metrics for is measured with Carlito, widened as fitting widens it
    wider = 1.0 if level.font in FAMILIES else UNKNOWN_WIDTH[level.bold]
    width = face.width(text) * level.size * wider / face.units
    left, _, right, _ = footer.inset
    room = footer.box[2] - left - right
    if width <= room * SLACK:
        return None, None
    box = _grown(footer, width / SLACK - room, slide, layout.number_box if numbered else None)
    room = box[2] - left - right
    grown = box if box != footer.box else None
    if width <= room * SLACK:
        return grown, None
    size = max(FLOOR, int(level.size * room * SLACK / width * 2) / 2)
    return grown, size if size < level.size else None


def _grown(
    footer: PlaceholderSpec, more: float, slide: tuple[float, float], number: Box | None
) -> Box:
    """The footer's box grown by up to `more` points along its line: a centred one by as much on each side, a
    left-aligned one to the right, a right-aligned one to the left; never over the slide number (less GAP)
    nor nearer the slide's side than EDGE (or than it already stands)."""
    x, y, w, h = footer.box
    low, high = min(EDGE, x), slide[0] - max(min(EDGE, slide[0] - x - w), 0.0)
    on_its_line = number is not None and number[1] < y + h and number[1] + number[3] > y
    if on_its_line:
        if number[0] >= x + w:
            high = min(high, number[0] - GAP)
        elif number[0] + number[2] <= x:
            low = max(low, number[0] + number[2] + GAP)
    before, after = max(x - low, 0.0), max(high - x - w, 0.0)
    align = footer.levels[0].align
    if align == "ctr":
        grow = min(before, after, more / 2)
        return (round(x - grow, 2), y, round(w + 2 * grow, 2), h)
    if align == "r":
        grow = min(before, more)
        return (round(x - grow, 2), y, round(w + grow, 2), h)
    return (x, y, round(w + min(after, more), 2), h)
