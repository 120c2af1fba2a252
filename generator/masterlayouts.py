"""Make-deck's master layout names found in any master: mapped, by name, by PowerPoint's type, by placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .errors import DeckError, Location
from .master import Master, MasterLayout
from .model import DeckModel, SlideSpec
from .options import did_you_mean

# What a layout's placeholders are, counted: (titles, subtitles, bodies, others); date, footer and number left out.
Signature = tuple[int, int, int, int]
TITLE_SLIDE: Signature = (1, 1, 0, 0)
TITLE_BODY: Signature = (1, 0, 1, 0)
TITLE_ONLY: Signature = (1, 0, 0, 0)
NOTHING: Signature = (0, 0, 0, 0)
_SAYS = {TITLE_SLIDE: "title and subtitle", TITLE_BODY: "title and body", TITLE_ONLY: "title only",
         NOTHING: "no placeholders", (1, 0, 2, 0): "title and two bodies"}


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


def resolve(wanted: Iterable[str], layouts: Sequence[MasterLayout],
            mapped: Mapping[str, str] | None = None) -> dict[str, Resolved]:
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
                return Resolved(name, found.name, f"by placeholders: {_SAYS.get(wanted, str(wanted))}")
    key = normalised(name)
    found = next((layout for layout in layouts if normalised(layout.name) == key), None)
    if found is not None:
        return Resolved(name, found.name, "by name, normalised")
    return Resolved(name, "", "")


def use_master_layouts(model: DeckModel, master: Master, mapped: Mapping[str, tuple[str, Location]],
                       known: Iterable[str] = ()) -> tuple[DeckModel, list[DeckError]]:
    """The model with each slide's master layout name replaced by the layout the master has for it; errors for a
    mapping the master cannot take and, once for each name, a master layout no layout of the master is found for.
    `known`: the master layout names the project's layouts ask for (besides this deck's slides)."""
    errors = _mapping_errors(model, master, mapped, known)
    names = {name: target for name, (target, _) in mapped.items()}
    resolved = resolve((slide.master for slide in model.slides), tuple(master.layouts.values()), names)
    missing: dict[str, list[SlideSpec]] = {}
    slides = []
    for slide in model.slides:
        found = resolved[slide.master].layout
        if not found:
            missing.setdefault(slide.master, []).append(slide)
        slides.append(replace(slide, master=found) if found and found != slide.master else slide)
    errors += [_missing(name, need, master) for name, need in missing.items() if name not in mapped]
    return replace(model, slides=tuple(slides)), errors


def _mapping_errors(model: DeckModel, master: Master, mapped: Mapping[str, tuple[str, Location]],
                    known: Iterable[str]) -> list[DeckError]:
    """A mapping names a make-deck master layout name some layout asks for, and a layout the master has."""
    errors = []
    asked = dict.fromkeys([*known, *(slide.master for slide in model.slides)])
    have = ", ".join(f"'{n}'" for n in master.layouts)
    for name, (target, loc) in mapped.items():
        if name not in asked:
            hint = did_you_mean(name, asked) or f"the layouts ask for: {', '.join(map(repr, asked))}"
            errors.append(DeckError(f"no layout asks for master layout '{name}'", loc,
                                    path=f"master_layouts.{name}", hint=hint))
        elif target not in master.layouts:
            hint = did_you_mean(target, master.layouts) or f"it has {have}"
            errors.append(DeckError(f"the master {master.path} has no layout '{target}'", loc,
                                    path=f"master_layouts.{name}", hint=hint))
    return errors


def _missing(name: str, slides: list[SlideSpec], master: Master) -> DeckError:
    """One error for a master layout name no layout of the master is found for, at its first slide."""
    count = len(slides)
    users = ", ".join(f"'{n}'" for n in dict.fromkeys(slide.layout for slide in slides))
    kind = KINDS.get(name)
    how = f"by name, type {kind.type} or placeholders" if kind is not None else "by name"
    have = ", ".join(f"'{n}'" for n in master.layouts)
    return DeckError(
        f"master layout '{name}' not found {how} in {master.path}; {count} slide{'s' if count != 1 else ''} "
        f"need{'' if count != 1 else 's'} it (layout {users})", slides[0].loc, path=f"slide {slides[0].number}",
        hint=f"the master has {have}; name the one to use in the content: `master_layouts: {{{name}: NAME}}`")


def describe(resolved: Resolved) -> str:
    """`Section Header -> 'Deloverskrift' (by type secHead)`, or that the master has none."""
    if not resolved.layout:
        return f"{resolved.wanted} -> none found"
    return f"{resolved.wanted} -> '{resolved.layout}' ({resolved.reason})"
