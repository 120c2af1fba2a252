"""Each slide's master layout chosen in the master: the names layouts ask for, resolved or reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from generator.errors import DeckError, Location, counted
from generator.master.matching import KINDS, find, resolve
from generator.master.reader import Master
from generator.model.deck import DeckModel, SlideSpec
from generator.options import did_you_mean


def use_master_layouts(
    model: DeckModel,
    master: Master,
    mapped: Mapping[str, tuple[str, Location]],
    known: Iterable[str] = (),
) -> tuple[DeckModel, list[DeckError]]:
    """The model with each slide's master layout name replaced by the layout the master has for it; errors for a
    mapping the master cannot take and, once for each name, a master layout no layout of the master is found for.
    `known`: the master layout names the project's layouts ask for (besides this deck's slides)."""
    errors = _mapping_errors(model, master, mapped, known)
    names = {name: target for name, (target, _) in mapped.items()}
    resolved = resolve(
        (slide.master for slide in model.slides), tuple(master.layouts.values()), names, master.size
    )
    missing: dict[str, list[SlideSpec]] = {}
    slides = []
    for slide in model.slides:
        found = resolved[slide.master].layout
        if not found:
            missing.setdefault(slide.master, []).append(slide)
        slides.append(replace(slide, master=found) if found and found != slide.master else slide)
    errors += [_missing(name, need, master) for name, need in missing.items() if name not in mapped]
    return replace(model, slides=tuple(slides)), errors


def _mapping_errors(
    model: DeckModel,
    master: Master,
    mapped: Mapping[str, tuple[str, Location]],
    known: Iterable[str],
) -> list[DeckError]:
    """A mapping names a make-deck master layout name some layout asks for, and a layout the master has."""
    errors = []
    asked = dict.fromkeys([*known, *(slide.master for slide in model.slides)])
    have = ", ".join(f"'{n}'" for n in master.layouts)
    for name, (target, loc) in mapped.items():
        if name not in asked:
            hint = (
                did_you_mean(name, asked) or f"the layouts ask for: {', '.join(map(repr, asked))}"
            )
            errors.append(
                DeckError(
                    f"no layout asks for master layout '{name}'",
                    loc,
                    path=f"master_layouts.{name}",
                    hint=hint,
                )
            )
        elif find(target, tuple(master.layouts.values())) is None:
            hint = did_you_mean(target, master.layouts) or f"it has {have}"
            errors.append(
                DeckError(
                    f"the master {master.path} has no layout '{target}'",
                    loc,
                    path=f"master_layouts.{name}",
                    hint=hint,
                )
            )
    return errors


def _missing(name: str, slides: list[SlideSpec], master: Master) -> DeckError:
    """One error for a master layout name no layout of the master is found for, at its first slide."""
    count = len(slides)
    users = ", ".join(f"'{n}'" for n in dict.fromkeys(slide.layout for slide in slides))
    kind = KINDS.get(name)
    how = f"by name, type {kind.type} or placeholders" if kind is not None else "by name"
    have = ", ".join(f"'{n}'" for n in master.layouts)
    return DeckError(
        f"master layout '{name}' not found {how} in {master.path}; {counted(count, 'slide')} "
        f"need{'s' if count == 1 else ''} it (layout {users})",
        slides[0].loc,
        path=f"slide {slides[0].number}",
        hint=f"the master has {have}; name the one to use in the content: `master_layouts: {{{name}: NAME}}`",
    )
