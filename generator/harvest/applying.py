"""`harvest --apply`: each patch written on its own, nothing when a file built on them would break or change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.errors import DeckError, DeckErrors, Location
from generator.harvest.csvsplice import CellRefused, splice_cell
from generator.harvest.dependants import broken_by
from generator.harvest.patches import Harvest
from generator.harvest.projectfiles import read_text, writable, write_kept
from generator.harvest.yamlsplice import Conflict, Edit, apply, location, shown_path
from generator.pipeline.jobs import Options


@dataclass(frozen=True)
class Applied:
    """What --apply did: the files written, the patches refused (each on its line), and, when forced, what the
    written patches broke or changed unasked in the files built on them."""

    written: tuple[str, ...]
    refused: tuple[DeckError, ...] = ()
    broken: tuple[DeckError, ...] = ()


def apply_harvest(result: Harvest, options: Options, force: bool = False) -> Applied:
    """Write every edit that applies into its file; an edit that does not apply is refused on its own (with the
    edits that touch the same value), the others are written. Before anything is written, every content file
    of the project that builds on a changed file is built in memory: if one would break, or its deck change in
    a way the changed file's own deck does not, nothing is written (`force`: written anyway, and what it breaks
    or changes returned)."""
    names = sorted({edit.file for edit in result.edits})
    texts = {name: read_text(result.files[name], name) for name in names}
    patched, refused = _apply_apart(result.edits, {n: t.text for n, t in texts.items()})
    changed = [name for name in names if patched[name] != texts[name].text]
    locked = [e for e in (writable(result.files[n], n) for n in changed) if e is not None]
    if locked:
        raise DeckErrors(locked, "nothing written")
    broken = broken_by({result.files[n]: patched[n] for n in changed}, options)
    if broken and not force:
        raise DeckErrors(broken, "nothing written (--apply --force writes it all the same)")
    for name in changed:
        write_kept(result.files[name], texts[name].encoded(patched[name]))
    errors = tuple(DeckError(c.reason, c.location, path=_path(c.edit)) for c in refused)
    return Applied(tuple(changed), errors, tuple(broken))


def _path(edit: Edit) -> str:
    if edit.kind == "cell":
        return f"row {edit.path[0]}, column {edit.path[1] + 1}"
    return shown_path(edit.path)


def _apply_apart(
    edits: Sequence[Edit], texts: Mapping[str, str]
) -> tuple[dict[str, str], list[Conflict]]:
    """The texts with every edit that applies; the ones that do not, and those that touch the same value (their
    paths one inside the other) as one that does not, refused with their reason."""
    _, refused = _apply_all(edits, texts)
    held = [
        Conflict(e, location(texts.get(e.file, ""), e.file, e.path), _depends(r))
        for e in edits
        for r in refused
        if e is not r.edit and _related(e, r.edit)
    ]
    skip = {id(c.edit) for c in [*refused, *held]}
    patched, again = _apply_all([e for e in edits if id(e) not in skip], texts)
    return patched, [*refused, *held, *again]


def _depends(conflict: Conflict) -> str:
    return f"not written: it changes the same value as the refused patch at {conflict.location}"


def _related(a: Edit, b: Edit) -> bool:
    if a.file != b.file:
        return False
    shorter = min(len(a.path), len(b.path))
    return a.path[:shorter] == b.path[:shorter]


def _apply_all(
    edits: Sequence[Edit], texts: Mapping[str, str]
) -> tuple[dict[str, str], list[Conflict]]:
    out = dict(texts)
    conflicts: list[Conflict] = []
    for edit in edits:
        if edit.kind == "cell":
            try:
                out[edit.file] = splice_cell(out[edit.file], *edit.path, edit.old, edit.new)
            except CellRefused as exc:
                conflicts.append(Conflict(edit, Location(edit.file), str(exc)))
            continue
        done, refused = apply([edit], {edit.file: out[edit.file]})
        out[edit.file] = done[edit.file]
        conflicts += refused
    return out, conflicts
