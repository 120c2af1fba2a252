"""The `extends:` chain: a child file merges over its parent, recursively for mappings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import DeckError, DeckUsageError, Location, shown
from .loader import Node, load_file
from .options import kind_of


@dataclass(frozen=True)
class Sources:
    """Where files may be read from: the project folder and any folders allowed explicitly."""

    roots: tuple[Path, ...]

    def check(self, path: Path, loc: Location, what: str, written: str = "") -> Path:
        """Return `path` resolved, or raise when it lies outside every allowed folder."""
        resolved = path.resolve()
        if any(resolved.is_relative_to(root) for root in self.roots):
            return resolved
        raise DeckError(
            f"{what} '{written or path}' is outside the project folder",
            loc,
            hint="keep it inside the project, or allow its folder with --allow-dir",
        )


def load_edition(path: Path, sources: Sources) -> Node:
    """Load `path` and every file it extends, merged; `extends` itself is removed."""
    if path.is_dir():
        raise DeckUsageError("is a folder, not a content file", Location(str(path)),
                             hint="name a .yaml file, e.g. content/2019.yaml")
    if not path.exists():
        raise DeckUsageError("no such content file", Location(str(path)),
                             hint=f"the path is relative to the folder make-deck runs in ({Path.cwd()})")
    return _load(path.resolve(), sources, ())


def _load(path: Path, sources: Sources, chain: tuple[tuple[Path, Location], ...]) -> Node:
    node = load_file(path, shown(path))
    if not node.is_map:
        raise DeckError("a content file must be a mapping of keys (vars:, slides: ...)", node.loc)
    parent_ref = node.get("extends")
    if parent_ref is None:
        return node
    loc = node.key_locs["extends"]
    if not isinstance(parent_ref.value, str) or not parent_ref.value.strip():
        raise DeckError(f"expected the path of a content file, got {_kind(parent_ref)}", parent_ref.loc,
                        path="extends", hint="e.g. `extends: ../2019.yaml`")
    parent = sources.check(path.parent / parent_ref.value, parent_ref.loc, "extends", parent_ref.value)
    seen = [p for p, _ in chain] + [path]
    if parent in seen:
        cycle = " -> ".join(shown(p) for p in [*seen[seen.index(parent):], parent])
        raise DeckError(f"extends: cycle {cycle}", parent_ref.loc, hint="remove one `extends:`")
    if parent.is_dir():
        raise DeckError(f"'{parent_ref.value}' is a folder, not a content file", parent_ref.loc, path="extends")
    if not parent.is_file():
        raise DeckError(
            f"extends: no such file '{parent_ref.value}'",
            parent_ref.loc,
            hint=f"the path is relative to {shown(path.parent) or '.'}/",
        )
    base = _load(parent, sources, (*chain, (path, loc)))
    child = Node(
        {k: v for k, v in node.value.items() if k != "extends"},
        node.loc,
        {k: v for k, v in node.key_locs.items() if k != "extends"},
    )
    return merge(base, child)


def _kind(node: Node) -> str:
    if isinstance(node.value, str):
        return "empty text"
    return kind_of(node.value)


def merge(base: Node, child: Node) -> Node:
    """Mappings merge key by key; lists and scalars are replaced by the child's.

    A key the child writes with nothing after it (`vars:` with every line commented out) keeps the
    base's mapping or list: an empty key in an edition changes nothing, it does not erase the base.
    """
    if child.value is None and (base.is_map or base.is_list):
        return base
    if not (base.is_map and child.is_map):
        return child
    values = dict(base.value)
    key_locs = dict(base.key_locs)
    for key, value in child.value.items():
        values[key] = merge(values[key], value) if key in values else value
        key_locs[key] = child.key_locs[key]
    return Node(values, child.loc, key_locs)
