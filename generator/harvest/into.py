"""`--into FILE`: edits of the files FILE extends written as FILE's own slide patches and vars."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from generator.harvest.yamlsplice import Edit, KeyPath, shown_path, typed_value


@dataclass(frozen=True)
class Moved:
    """Where an edit goes with --into: the key path in FILE it becomes part of, and the path it had."""

    target: KeyPath
    source: KeyPath


@dataclass(frozen=True)
class Retargeted:
    """The edits to write (each moved one merged into one `set` edit per key of FILE), what became of each edit
    given (a `Moved`, a reason it cannot move, or None: written where it is), in the order given."""

    edits: tuple[Edit, ...]
    fates: tuple[Moved | str | None, ...]


def retarget(
    edits: Sequence[Edit], into: str, upstream: Sequence[str], texts: Mapping[str, str]
) -> Retargeted:
    """The edits with those in `upstream` files (the ones `into` extends) made into patches of `into`."""
    data = {name: _load(texts.get(name, "")) for name in {*upstream, into}}
    kept: list[Edit] = []
    fates: list[Moved | str | None] = []
    values: dict[KeyPath, Any] = {}
    for edit in edits:
        if edit.file == into or edit.file not in upstream or edit.kind not in ("scalar", "list"):
            kept.append(edit)
            fates.append(None)
            continue
        found = _target(edit.path, data[edit.file])
        if isinstance(found, str):
            fates.append(found)
            continue
        target, prefix = found
        if target not in values:
            values[target] = copy.deepcopy(_at(data[edit.file], prefix))
        values[target] = _changed(values[target], edit.path[len(prefix) :], edit)
        fates.append(Moved(target, prefix))
    sets = [
        Edit(into, target, _at(data[into], target, None), value, "set")
        for target, value in values.items()
    ]
    return Retargeted((*kept, *sets), tuple(fates))


def _load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _target(path: KeyPath, data: Any) -> tuple[KeyPath, KeyPath] | str:
    """The key path of `into` an edit at `path` goes to, and the prefix of `path` it replaces as a whole (the
    first list on its way is written whole: an edition replaces a list, it does not patch its items); or why
    it cannot move."""
    keys: list[str | int] = list(path)
    head = 1
    if len(path) > 2 and path[0] == "slides" and isinstance(path[1], int):
        slide = _at(data, path[:2], None)
        slide_id = slide.get("id") if isinstance(slide, dict) else None
        if not isinstance(slide_id, str):
            return (
                f"{shown_path(path[:2])} has no `id:`, and an edition patches slides by id: "
                "give it one, or harvest without --into"
            )
        keys[1] = slide_id
        head = 3
    cut = next((n for n in range(head, len(keys)) if isinstance(keys[n], int)), len(keys))
    return tuple(keys[:cut]), tuple(path[:cut])


def _at(data: Any, path: KeyPath, default: Any = ...) -> Any:
    for step in path:
        if not _has(data, step):
            if default is ...:
                raise KeyError(step)
            return default
        data = data[step]
    return data


def _has(data: Any, step: str | int) -> bool:
    if isinstance(data, dict):
        return step in data
    return isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)


def _changed(value: Any, rest: KeyPath, edit: Edit) -> Any:
    """`value` with the edit applied at `rest` inside it."""
    if not rest:
        return _new(value, edit)
    step = rest[0]
    inner = _changed(value[step], rest[1:], edit)
    value[step] = inner
    return value


def _new(old: Any, edit: Edit) -> Any:
    if edit.kind == "list":
        return [old[i.old] if i.text is None else i.text for i in edit.new]
    return typed_value(old, edit.new)
