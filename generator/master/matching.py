"""Make-deck's master layout names found in any master: mapped, by name, by PowerPoint's type, by placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.master.reader import MasterLayout

# What a layout's placeholders are, counted: (titles, subtitles, bodies, others); date, footer and number left out.
Signature = tuple[int, int, int, int]
TITLE_SLIDE: Signature = (1, 1, 0, 0)
TITLE_BODY: Signature = (1, 0, 1, 0)
TITLE_ONLY: Signature = (1, 0, 0, 0)
NOTHING: Signature = (0, 0, 0, 0)
_SAYS = {
    TITLE_SLIDE: "title and subtitle",
    TITLE_BODY: "title and body",
    TITLE_ONLY: "title only",
    NOTHING: "no placeholders",
    (1, 0, 2, 0): "title and two bodies",
}


@dataclass(frozen=True)
class Kind:
    """A layout PowerPoint ships: its `type`, and the placeholders that make a layout one, in order of preference."""

    type: str
    signatures: tuple[Signature, ...] = ()


# PowerPoint's own layouts by their English names. A master without a section header (LibreOffice writes none)
# gets a layout with a title and a body text, as a section header has, else a title slide, else a title only.
KINDS: Mapping[str, Kind] = {
    "Title Slide": Kind("title", (TITLE_SLIDE,)),
    "Title and Content": Kind("obj", (TITLE_BODY,)),
    "Section Header": Kind("secHead", (TITLE_BODY, TITLE_SLIDE, TITLE_ONLY)),
    "Two Content": Kind("twoObj", ((1, 0, 2, 0),)),
    "Comparison": Kind("twoTxTwoObj"),
    "Title Only": Kind("titleOnly", (TITLE_ONLY,)),
    "Blank": Kind("blank", (NOTHING,)),
    "Content with Caption": Kind("objTx"),
    "Picture with Caption": Kind("picTx"),
    "Title and Vertical Text": Kind("vertTx"),
    "Vertical Title and Text": Kind("vertTitleAndTx"),
}
MAPPED = "mapped in content"
_IGNORED = ("dt", "ftr", "sldNum", "hdr")
_FILLER = {"and", "slide", "layout"}


@dataclass(frozen=True)
class Resolved:
    """Which master layout a make-deck master layout name uses, and why; `layout` "" when the master has none."""

    wanted: str
    layout: str
    reason: str


def signature(layout: MasterLayout) -> Signature:
    """The placeholders a layout's new slide has, counted as titles, subtitles, bodies and others."""
    kinds = [p.type for p in layout.placeholders if p.type not in _IGNORED]
    titles = sum(k in ("title", "ctrTitle") for k in kinds)
    subtitles = kinds.count("subTitle")
    bodies = sum(k in ("body", "obj") for k in kinds)
    return titles, subtitles, bodies, len(kinds) - titles - subtitles - bodies


def normalised(name: str) -> str:
    """A layout name without case, punctuation and filler words: 'Blank Slide' and 'Title, Content' read as
    'blank' and 'title content'."""
    return " ".join(w for w in re.findall(r"\w+", name.lower()) if w not in _FILLER)


def resolve(
    wanted: Iterable[str], layouts: Sequence[MasterLayout], mapped: Mapping[str, str] | None = None
) -> dict[str, Resolved]:
    """For each wanted name, the master layout to use and why: (a) mapped in the content, (b) the same name,
    (c) PowerPoint's layout type for that name, (d) the placeholders such a layout has, (e) the name normalised."""
    return {name: _one(name, layouts, mapped or {}) for name in dict.fromkeys(wanted)}


def _one(name: str, layouts: Sequence[MasterLayout], mapped: Mapping[str, str]) -> Resolved:
    names = [layout.name for layout in layouts]
    if mapped.get(name) in names:
        return Resolved(name, mapped[name], MAPPED)
    if name in names:
        return Resolved(name, name, "by name")
    kind = KINDS.get(name)
    if kind is not None:
        typed = [layout for layout in layouts if layout.type == kind.type]
        if typed:
            best = next((t for t in typed if signature(t) in kind.signatures), typed[0])
            return Resolved(name, best.name, f"by type {kind.type}")
        for wanted in kind.signatures:
            found = next((layout for layout in layouts if signature(layout) == wanted), None)
            if found is not None:
                return Resolved(
                    name, found.name, f"by placeholders: {_SAYS.get(wanted, str(wanted))}"
                )
    key = normalised(name)
    found = next((layout for layout in layouts if normalised(layout.name) == key), None)
    if found is not None:
        return Resolved(name, found.name, "by name, normalised")
    return Resolved(name, "", "")


def describe(resolved: Resolved) -> str:
    """`Section Header -> 'Deloverskrift' (by type secHead)`, or that the master has none."""
    if not resolved.layout:
        return f"{resolved.wanted} -> none found"
    return f"{resolved.wanted} -> '{resolved.layout}' ({resolved.reason})"
