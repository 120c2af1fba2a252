"""What a patch would change in a deck built on the patched file that the patched file's own deck does not."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from generator.errors import DeckError, Location, printable
from generator.harvest.deckviews import Shown, View, base_id, slide_path

_FORCE = "--force writes it anyway"
_SHORT = 60  # characters of a text a message quotes whole


@dataclass(frozen=True)
class Asked:
    """What the patched files' own decks show of the patch: each text changed (old, new, and the words that
    changed), the slides taken out and added, and each deck before and after, for its order."""

    names: str  # the patched files, as messages name them
    texts: frozenset[tuple[str, str]]
    gone: frozenset[str]
    new: frozenset[str]
    orders: tuple[tuple[Mapping[str, int], Mapping[str, int]], ...]

    def moved_alike(self, a: str, b: str) -> bool:
        """Whether a deck of the patched files puts content slides `a` and `b` in the other order."""
        return any(
            a in old
            and b in old
            and a in new
            and b in new
            and (old[a] < old[b]) != (new[a] < new[b])
            for old, new in self.orders
        )


@dataclass(frozen=True)
class Dependant:
    """A content file built on a patched one: its name, the files of its chain below the patched ones (where
    what it writes itself is), and the slides those place with `after:` or `before:` (id: where, target)."""

    name: str
    own: frozenset[str]
    placed: Mapping[str, tuple[Location, str]]


def asked(names: str, decks: Iterable[tuple[View, View]]) -> Asked:
    """What the decks of the patched files, before and after the patch, show of it."""
    decks = tuple(decks)
    texts: set[tuple[str, str]] = set()
    gone: set[str] = set()
    new: set[str] = set()
    for before, after in decks:
        for old, changed, _ in _changed_texts(before, after):
            texts |= {(old, changed), _core(old, changed)}
        gone |= set(before.keys) - set(after.keys)
        new |= set(after.keys) - set(before.keys)
    orders = tuple((_firsts(before.keys), _firsts(after.keys)) for before, after in decks)
    return Asked(names, frozenset(texts), frozenset(gone), frozenset(new), orders)


def unasked(before: View, after: View, reference: Asked, dependant: Dependant) -> list[DeckError]:
    """Each change the patch makes to the dependant's deck (`before` -> `after`) that the patched files' own decks
    do not make alike, located where the dependant writes the changed thing (else at its file)."""
    return [
        *_texts(before, after, reference, dependant),
        *_slides(before, after, reference, dependant),
        *_moves(before, after, reference, dependant),
    ]


def _changed_texts(before: View, after: View) -> Iterable[tuple[str, str, Shown]]:
    """Each paragraph that changes on a slide in both decks (a paragraph taken out or added is '' on the other
    side), with the text it is in."""
    kept = set(before.keys) & set(after.keys)
    for place in dict.fromkeys([*before.texts, *after.texts]):
        if place[0] not in kept:
            continue
        old, new = before.texts.get(place), after.texts.get(place)
        shown = new or old
        if shown is not None and _paragraphs(old) != _paragraphs(new):
            for was, now in _paragraph_changes(_paragraphs(old), _paragraphs(new)):
                yield was, now, shown


def _paragraphs(shown: Shown | None) -> tuple[str, ...]:
    return () if shown is None else shown.paragraphs


def _paragraph_changes(old: Sequence[str], new: Sequence[str]) -> Iterable[tuple[str, str]]:
    """The paragraphs that differ, aligned as a diff aligns them: (old, new), ('', new) added, (old, '') gone."""
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 - i1 == j2 - j1:
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
            continue
        yield from ((text, "") for text in old[i1:i2])
        yield from (("", text) for text in new[j1:j2])


def _core(old: str, new: str) -> tuple[str, str]:
    """The words that changed: `old` and `new` without the words they begin and end with alike."""
    most = min(len(old), len(new))
    start = 0
    while start < most and old[start] == new[start]:
        start += 1
    while start and re.match(r"\w", old[start - 1]):
        start -= 1
    end = 0
    while end < most - start and old[-1 - end] == new[-1 - end]:
        end += 1
    while end and re.match(r"\w", old[len(old) - end]):
        end -= 1
    return old[start : len(old) - end], new[start : len(new) - end]


def _texts(before: View, after: View, reference: Asked, dependant: Dependant) -> list[DeckError]:
    out = []
    for old, new, shown in _changed_texts(before, after):
        core = _core(old, new)
        if (old, new) in reference.texts or core in reference.texts:
            continue
        out.append(
            DeckError(
                f"the patch would {_change(old, new, core)} here, and the deck of {reference.names} "
                "shows no such change",
                _where(shown.places, dependant),
                path=shown.path,
                hint="check that this file should follow the patch (it shows what the patch changes); "
                + _FORCE,
            )
        )
    return out


def _change(old: str, new: str, core: tuple[str, str]) -> str:
    """A paragraph's change as a message says it: whole when it is short, else the words that changed."""
    if not new:
        return f"take out {_quoted(old)}"
    if not old:
        return f"add {_quoted(new)}"
    said = (old, new) if max(len(old), len(new)) <= _SHORT else core
    return f"change {_quoted(said[0])} to {_quoted(said[1])}"


def _slides(before: View, after: View, reference: Asked, dependant: Dependant) -> list[DeckError]:
    """Slides the patch takes out of the dependant's deck, or adds to it, that it does not take out of (or add
    to) the patched files' decks."""
    out = []
    had, has = set(before.keys), set(after.keys)
    changes = [
        (key, before, "take", "out of", reference.gone) for key in before.keys if key not in has
    ]
    changes += [(key, after, "add", "to", reference.new) for key in after.keys if key not in had]
    for key, view, verb, way, alike in changes:
        if key in alike:
            continue
        out.append(
            DeckError(
                f"the patch would {verb} slide '{key}' {way} this deck, and not {way} the deck of "
                f"{reference.names}",
                _where((view.slides[key],), dependant),
                path=slide_path(key),
                hint="check what this slide reads that the patch changes (`when:`, `for_each:`, "
                f"`audience:`); {_FORCE}",
            )
        )
    return out


def _moves(before: View, after: View, reference: Asked, dependant: Dependant) -> list[DeckError]:
    """Slides of the dependant's deck the patch moves: one placed after (or before) a slide the patch takes out,
    or one whose order with another changes where the patched files' decks keep it."""
    old, new = _firsts(before.keys), _firsts(after.keys)
    kept = [s for s in old if s in new]
    gone = {slide for slide in old if slide not in new}
    out = []
    reported = set()
    for slide, (loc, target) in dependant.placed.items():
        if slide in new and slide in old and target in gone:
            reported.add(slide)
            said = f"{_place(before.keys, slide)} to {_place(after.keys, slide)}"
            out.append(_moved(slide, f"{said} (the patch removes '{target}')", loc, dependant))
    for slide in _out_of_order(kept, new):
        if slide in reported:
            continue
        glued = _glued(slide, dependant)
        if all(
            (old[slide] < old[other]) == (new[slide] < new[other])
            or reference.moved_alike(glued, _glued(other, dependant))
            for other in kept
        ):
            continue
        said = f"{_place(before.keys, slide)} to {_place(after.keys, slide)}"
        why = f"{said}, where the deck of {reference.names} keeps the order of these slides"
        placed = dependant.placed.get(slide)
        loc = placed[0] if placed else before.slides[_key(before, slide)]
        out.append(_moved(slide, why, loc, dependant))
    return out


def _moved(slide: str, said: str, loc: Location, dependant: Dependant) -> DeckError:
    return DeckError(
        f"the patch would move this slide from {said}",
        loc if loc.file in dependant.own else Location(dependant.name),
        path=slide_path(slide),
        hint=f"place it `after:` or `before:` a slide that stays where it is; {_FORCE}",
    )


def _glued(slide: str, dependant: Dependant) -> str:
    """The slide a slide moves with: the one the dependant places it after or before (and so on), else itself."""
    seen = {slide}
    while slide in dependant.placed and dependant.placed[slide][1] not in seen:
        slide = dependant.placed[slide][1]
        seen.add(slide)
    return slide


def _out_of_order(kept: Sequence[str], new: Mapping[str, int]) -> list[str]:
    """The slides of `kept` (in their old order) outside the longest run that keeps its order in `new`."""
    tails: list[int] = []  # the smallest last position of a run of each length
    ends: list[int] = []  # which of `kept` ends it
    back: list[int] = []
    for i, slide in enumerate(kept):
        at = bisect.bisect_left(tails, new[slide])
        back.append(ends[at - 1] if at else -1)
        if at == len(tails):
            tails.append(new[slide])
            ends.append(i)
        else:
            tails[at], ends[at] = new[slide], i
    run: set[int] = set()
    i = ends[-1] if ends else -1
    while i >= 0:
        run.add(i)
        i = back[i]
    return [slide for i, slide in enumerate(kept) if i not in run]


def _firsts(keys: Sequence[str]) -> dict[str, int]:
    """Each content slide by where its first slide is in the deck."""
    out: dict[str, int] = {}
    for i, key in enumerate(keys):
        out.setdefault(base_id(key), i)
    return out


def _key(view: View, slide: str) -> str:
    return next(key for key in view.keys if base_id(key) == slide)


def _place(keys: Sequence[str], slide: str) -> str:
    """Where a content slide's first slide is: after the content slide before it, or at the start."""
    at = next(i for i, key in enumerate(keys) if base_id(key) == slide)
    return f"after '{base_id(keys[at - 1])}'" if at else "the start of the deck"


def _where(places: Sequence[Location], dependant: Dependant) -> Location:
    """The first of `places` in the dependant's own files, else the dependant's file."""
    return next((p for p in places if p.file in dependant.own), Location(dependant.name))


def _quoted(text: str) -> str:
    short = text if len(text) <= 2 * _SHORT else text[: 2 * _SHORT - 1] + "…"
    return printable(json.dumps(short, ensure_ascii=False))
