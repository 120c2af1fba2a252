"""A master as plain data: layouts, their placeholders and text defaults, what lies behind them, the package."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.master.backdrop import Band
from generator.ooxml.package import Part, Rel

# OOXML bodyPr defaults: 91440 EMU left/right, 45720 EMU top/bottom
DEFAULT_INSET = (7.2, 3.6, 7.2, 3.6)
# The placeholder types (p:ph/@type, "obj" when absent) each role of a shape may fill, in order of preference.
ROLE_TYPES: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "ctrTitle"),
    "subtitle": ("subTitle", "body", "obj"),
    "body": ("body", "obj"),
}


@dataclass(frozen=True)
class TextLevel:
    """Paragraph defaults at one outline level, as the master resolves them; lengths in points."""

    size: float = 18.0
    bold: bool = False
    italic: bool = False
    font: str = ""  # the latin typeface, theme references (+mj-lt, +mn-lt) already resolved
    space_before: float = 0.0  # spcBef in points
    space_before_lines: float = 0.0  # spcBef as a fraction of a line (spcPct)
    line_spacing: float = 1.0  # lnSpc as a fraction of single spacing (spcPct)
    line_points: float | None = None  # lnSpc as an exact line pitch (spcPts)
    margin: float = 0.0  # marL: where the text starts
    indent: float = 0.0  # indent: the first line's offset from marL (negative: a hanging bullet)
    bullet: bool = False
    caps: bool = False  # cap="all": the text is set in capitals (some masters' section titles)
    color: str = ""  # RRGGBB of the text, "" when the styles do not say
    space_after: float = 0.0  # spcAft in points
    space_after_lines: float = 0.0  # spcAft as a fraction of a line (spcPct)
    align: str = ""  # algn: l, ctr, r, just ...; "" when the styles do not say (left)


@dataclass(frozen=True)
class PlaceholderSpec:
    """One placeholder a new slide of a layout gets: its type, the roles it takes, its box, insets, text defaults."""

    type: str  # p:ph/@type, "obj" when absent
    roles: tuple[str, ...]
    box: tuple[float, float, float, float]  # x, y, width, height in points
    inset: tuple[float, float, float, float]  # left, top, right, bottom in points
    levels: tuple[TextLevel, ...]  # outline levels 1 to 9


@dataclass(frozen=True)
class MasterLayout:
    """A master layout: its name, part and type, its placeholders in fill order, and a new slide of it as XML."""

    name: str
    part: str  # part name, e.g. /ppt/slideLayouts/slideLayout2.xml
    placeholders: tuple[PlaceholderSpec, ...]
    empty_slide: (
        bytes  # a slide of this layout as python-pptx makes it: the layout's placeholders cloned
    )
    type: str = ""  # p:sldLayout/@type as PowerPoint writes it (title, obj, secHead ...); "" for cust or none
    master: str = ""  # the slide master it belongs to, when the package has several ("" when one)
    background: str = ""  # RRGGBB of a new slide's background; "" when it is a picture or gradient
    bands: tuple[Band, ...] = ()  # filled shapes master and layout draw behind the content
    furniture: tuple[
        tuple[float, float, float, float], ...
    ] = ()  # its date, footer and number boxes
    # its footer placeholder (its master's where it has none), as a slide's footer is set in it: box, insets and
    # text; and its slide number's box
    footer: PlaceholderSpec | None = None
    number_box: tuple[float, float, float, float] | None = None

    @property
    def key(self) -> str:
        """How the deck names it: its name, or `Master / Layout` when the package has several masters."""
        return f"{self.master} / {self.name}" if self.master else self.name

    @property
    def title_slide(self) -> bool:
        """A title slide's layout: it shows no footer and no slide number."""
        return self.type == "title" or any(p.type == "ctrTitle" for p in self.placeholders)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(role for role in ROLE_TYPES if any(role in p.roles for p in self.placeholders))


@dataclass(frozen=True)
class Master:
    """A master .pptx as plain data: what measuring, checking and writing a deck need from it."""

    path: str
    digest: str  # of the file's bytes
    layouts: Mapping[str, MasterLayout]
    size: tuple[float, float]  # slide width and height in points
    major_font: str
    minor_font: str
    shape_levels: tuple[TextLevel, ...]  # text defaults of text boxes and drawn shapes
    theme_colors: Mapping[str, str]  # dk1, lt1, accent1 ... as RRGGBB
    parts: Mapping[str, Part]  # the master's package without slides, by part name
    root_rels: tuple[Rel, ...]  # the package's own relationships
    presentation: str  # the presentation part's name
    notes_master: str  # the notes master part's name
    empty_notes: (
        bytes  # a notes page as python-pptx makes it: the notes master's placeholders cloned
    )
    # what was taken out of the master's package (macros, links outside it ...)
    removed: tuple[str, ...] = ()
    supplied: tuple[
        str, ...
    ] = ()  # what make-deck filled in that the master lacks (text styles ...)


def assign_placeholders(
    roles: Sequence[str | None], placeholders: Sequence[PlaceholderSpec]
) -> tuple[int | None, ...]:
    """Which of a layout's placeholders each shape fills: for each shape's role (None for a drawn shape), the
    index of the first unused placeholder that takes that role, or None (the shape is then drawn as a text box)."""
    used: set[int] = set()
    out: list[int | None] = []
    for role in roles:
        found = None
        if role is not None:
            found = next(
                (n for n, p in enumerate(placeholders) if n not in used and role in p.roles), None
            )
        if found is not None:
            used.add(found)
        out.append(found)
    return tuple(out)
