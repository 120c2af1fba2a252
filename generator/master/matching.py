"""Make-deck's master layout names found in any master: mapped, by name, by PowerPoint's type, by placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.master.backdrop import ground
from generator.master.plain import MasterLayout

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
_COVERS = (
    0.02  # of a text's room: a band that covers less is an edge or a corner, not behind the text
)


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
    wanted: Iterable[str],
    layouts: Sequence[MasterLayout],
    mapped: Mapping[str, str] | None = None,
    size: tuple[float, float] | None = None,
) -> dict[str, Resolved]:
    """For each wanted name, the master layout to use (its key) and why: (a) mapped in the content, (b) the same
    name, (c) PowerPoint's layout type for that name, (d) the placeholders such a layout has, (e) the name
    normalised. Of several masters' layouts that answer alike, the first whose text has nothing drawn behind it
    (a slide of `size`)."""
    return {name: _one(name, layouts, mapped or {}, size) for name in dict.fromkeys(wanted)}


def find(target: str, layouts: Sequence[MasterLayout], size=None) -> MasterLayout | None:  # noqa: ANN001
    """The layout a content file names: `Master / Layout`, or a layout name (of the plainest master)."""
    keyed = [layout for layout in layouts if layout.key == target]
    named = keyed or [layout for layout in layouts if layout.name == target]
    return _plainest(named, size)[0] if named else None


def _one(name: str, layouts: Sequence[MasterLayout], mapped: Mapping[str, str], size) -> Resolved:  # noqa: ANN001
    target = mapped.get(name)
    found = find(target, layouts, size) if target is not None else None
    if found is not None:
        return Resolved(name, found.key, MAPPED)
    for reason, candidates in _answers(name, layouts):
        if candidates:
            best, why = _plainest(candidates, size)
            return Resolved(name, best.key, reason + why)
    return Resolved(name, "", "")


def _answers(
    name: str, layouts: Sequence[MasterLayout]
) -> Iterator[tuple[str, list[MasterLayout]]]:
    """The rules in order, each with the layouts it finds (in the master's order)."""
    yield "by name", [layout for layout in layouts if layout.name == name]
    kind = KINDS.get(name)
    if kind is not None:
        typed = [layout for layout in layouts if layout.type == kind.type]
        fitting = [t for t in typed if signature(t) in kind.signatures]
        yield f"by type {kind.type}", fitting or typed
        for wanted in kind.signatures:
            said = _SAYS.get(wanted, str(wanted))
            yield (
                f"by placeholders: {said}",
                [layout for layout in layouts if signature(layout) == wanted],
            )
    key = normalised(name)
    yield "by name, normalised", [layout for layout in layouts if normalised(layout.name) == key]


def _plainest(
    candidates: list[MasterLayout], size: tuple[float, float] | None
) -> tuple[MasterLayout, str]:
    """Of layouts that answer alike, the first of a master with one plain colour behind all its text (else
    behind its body), and why it was chosen when the candidates come from several masters."""
    if len({c.master for c in candidates}) < 2:
        return candidates[0], ""
    grounds = [(layout, text_grounds(layout, size)) for layout in candidates]
    for layout, found in grounds:
        if all(found.values()):
            return layout, f"; master '{layout.master}' has a plain background behind its text"
    for layout, found in grounds:
        if all(colour for role, colour in found.items() if role != "title"):
            return layout, f"; master '{layout.master}' has a plain background behind its body"
    return candidates[0], "; the first master (none has a plain background behind its body)"


def text_grounds(layout: MasterLayout, size: tuple[float, float] | None) -> dict[str, str]:
    """The colour behind each place a layout's text goes ("" where a band or picture lies behind it): its
    title, its body or subtitle, and, on a layout with a title and no body, the room under the title where a
    slide draws its diagrams."""
    out: dict[str, str] = {}
    for p in layout.placeholders:
        if p.roles and p.box[2] > 0 and p.box[3] > 0:
            role = "title" if "title" in p.roles else "body"
            found = ground(layout.background, layout.bands, p.box)
            out[role] = found if out.get(role, found) == found else ""
    room = under_title(layout, size)
    if room is not None and "body" not in out:
        out["body"] = ground(layout.background, layout.bands, room)
    return out


def under_title(
    layout: MasterLayout, size: tuple[float, float] | None
) -> tuple[float, float, float, float] | None:
    """The room under a layout's title, as wide as the title, down to its footer placeholders or the slide's
    foot; None without a title or a slide size."""
    titles = [p.box for p in layout.placeholders if "title" in p.roles]
    if not titles or size is None:
        return None
    x, y, w, h = titles[0]
    furniture = [box[1] for box in layout.furniture if box[1] > y + h]
    bottom = min([*furniture, size[1]])
    return (x, y + h, w, bottom - y - h) if bottom > y + h and w > 0 else None


def describe(resolved: Resolved) -> str:
    """`Section Header -> 'Deloverskrift' (by type secHead)`, or that the master has none."""
    if not resolved.layout:
        return f"{resolved.wanted} -> none found"
    return f"{resolved.wanted} -> '{resolved.layout}' ({resolved.reason})"
