"""The `extends:` chain: a child file merges over its parent, and patches the parent's slides by id."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.located import Node, load_file
from generator.errors import DeckError, DeckUsageError, Location, raise_all, shown
from generator.options import SLIDE_ID, did_you_mean, kind_of

MAX_CHAIN = 64  # files in one extends: chain
PLACEMENT = ("after", "before")
_REPLACE = "replace_slides"


@dataclass(frozen=True)
class Sources:
    """Where files may be read from: the project folder and any folders allowed explicitly."""

    roots: tuple[Path, ...]

    def inside(self, path: Path) -> Path | None:
        """`path` resolved (links followed), when it lies inside an allowed folder; None when it does not. Every
        question "may this file be read (or written)?" comes here."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            return None
        return resolved if any(resolved.is_relative_to(root) for root in self.roots) else None

    def check(self, path: Path, loc: Location, what: str, written: str = "") -> Path:
        """Return `path` resolved, or raise when it lies outside every allowed folder."""
        resolved = self.inside(path)
        if resolved is not None:
            return resolved
        raise DeckError(
            f"{what} '{written or path}' is outside the project folder",
            loc,
            hint="keep it inside the project, or allow its folder with --allow-dir",
        )


def find_project(content: Path) -> Path:
    """The project a content file belongs to, found from the file and never from the folder make-deck runs in:
    going up from the file's folder, the first folder that holds a `templates/` folder or a `.git`, or that
    holds the `content/` folder the file lies in; a file with none of these above it is a project of its own
    folder. The search never reaches the home folder or the folders above it."""
    file = content.resolve()
    try:
        home = Path.home().resolve()
        stop = {home, *home.parents}
    except (RuntimeError, OSError):  # no home (a service account): only the root stops it
        stop = {Path(file.anchor)}
    for folder in (file.parent, *file.parent.parents):
        if folder in stop:
            break
        if _marks_project(folder):
            return folder
        if folder.name == "content" and folder.parent not in stop:
            return folder.parent
    return file.parent


def _marks_project(folder: Path) -> bool:
    """Whether `folder` holds `templates/` (exactly so named: not ~/Templates on a system that ignores case)
    or `.git`."""
    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    return ".git" in names or ("templates" in names and (folder / "templates").is_dir())


def load_edition(path: Path, sources: Sources) -> Node:
    """Load `path` and every file it extends, merged; `extends` itself is removed."""
    if path.is_dir():
        raise DeckUsageError(
            "is a folder, not a content file",
            Location(str(path)),
            hint="name a .yaml file, e.g. content/2019.yaml",
        )
    if not path.exists():
        raise DeckUsageError(
            "no such content file",
            Location(str(path)),
            hint=f"the path is relative to the folder make-deck runs in ({Path.cwd()})",
        )
    return _load(path.resolve(), sources, ())[0]


Removed = dict[str, Location]  # slide ids an edition removed, and where


def _load(path: Path, sources: Sources, chain: tuple[Path, ...]) -> tuple[Node, Removed]:
    node = load_file(path, shown(path))
    if not node.is_map:
        raise DeckError("a content file must be a mapping of keys (vars:, slides: ...)", node.loc)
    parent_ref = node.get("extends")
    if parent_ref is None:
        if _REPLACE in node.value:
            raise DeckError(
                f"`{_REPLACE}:` is for a file that extends another",
                node.key_locs[_REPLACE],
                hint="a talk of its own lists its slides under `slides:`",
            )
        if node.get("slides") is not None:
            slide_ids(node.get("slides"))  # ids are names, each used once
        return node, {}
    parent = _parent(path, parent_ref, sources, chain)
    base, removed = _load(parent, sources, (*chain, path))
    child = Node(
        {k: v for k, v in node.value.items() if k != "extends"},
        node.loc,
        {k: v for k, v in node.key_locs.items() if k != "extends"},
    )
    child, removed = _slides_of(base, child, removed)
    return _with_words(merge(base, child), base, child), removed


def _with_words(merged: Node, base: Node, child: Node) -> Node:
    """`words:` adds up along the chain: an edition's words and those of the talk it extends."""
    mine, theirs = child.get("words"), base.get("words")
    if mine is None or theirs is None or not (mine.is_list and theirs.is_list):
        return merged
    values = {**merged.value, "words": Node([*theirs.value, *mine.value], mine.loc)}
    return Node(values, merged.loc, merged.key_locs)


def _parent(path: Path, ref: Node, sources: Sources, chain: tuple[Path, ...]) -> Path:
    """The file `ref` (an `extends:` value written in `path`) names, checked."""
    if not isinstance(ref.value, str) or not ref.value.strip():
        got = "empty text" if isinstance(ref.value, str) else kind_of(ref.value)
        raise DeckError(
            f"expected the path of a content file, got {got}",
            ref.loc,
            path="extends",
            hint="e.g. `extends: ../2019.yaml`",
        )
    parent = sources.check(path.parent / ref.value, ref.loc, "extends", ref.value)
    seen = [*chain, path]
    if parent in seen:
        cycle = " -> ".join(shown(p) for p in [*seen[seen.index(parent) :], parent])
        raise DeckError(f"extends: cycle {cycle}", ref.loc, hint="remove one `extends:`")
    if len(seen) >= MAX_CHAIN:
        raise DeckError(
            f"the extends: chain is longer than {MAX_CHAIN} files",
            ref.loc,
            hint="an edition extends the talk, or one edition of it; not a long line of files",
        )
    if parent.is_dir():
        raise DeckError(f"'{ref.value}' is a folder, not a content file", ref.loc, path="extends")
    if not parent.is_file():
        raise DeckError(
            f"extends: no such file '{ref.value}'",
            ref.loc,
            hint=f"the path is relative to {shown(path.parent) or '.'}/",
        )
    return parent


def _slides_of(base: Node, child: Node, removed: Removed) -> tuple[Node, Removed]:
    """The child with its `slides:` patches applied to the base's slides (or its `replace_slides:` as them)."""
    slides, replace = child.get("slides"), child.get(_REPLACE)
    values, locs = dict(child.value), dict(child.key_locs)
    if replace is not None:
        if slides is not None:
            raise DeckError(
                f"`slides:` and `{_REPLACE}:` in one file",
                child.key_locs[_REPLACE],
                hint="patch the talk's slides by id under `slides:`, or replace them all, not both",
            )
        values["slides"], locs["slides"] = replace, child.key_locs[_REPLACE]
        del values[_REPLACE], locs[_REPLACE]
        return Node(values, child.loc, locs), {}
    if slides is None or slides.value is None:
        return child, removed
    if slides.is_list:
        count = (
            len(base.get("slides").value)
            if base.get("slides") is not None and base.get("slides").is_list
            else 0
        )
        raise DeckError(
            f"`slides:` as a list would replace all {count} slides of the talk this file extends",
            child.key_locs["slides"],
            hint="to change some slides, write `slides:` as a mapping by "
            "slide id (e.g. `slides: {goals: {notes: ...}}`); to replace them all on purpose, call "
            f"the list `{_REPLACE}:`",
        )
    if not slides.is_map:
        raise DeckError(
            f"expected slide patches by id, got {kind_of(slides.value)}",
            slides.loc,
            path="slides",
            hint="e.g. `slides: {goals: {notes: ...}, smart: {remove: true}}`",
        )
    patched, removed = patch_slides(base.get("slides"), slides, removed)
    values["slides"] = patched
    return Node(values, child.loc, locs), removed


def slide_ids(slides: Node) -> dict[str, Node]:
    """The slides that carry an `id:`, by id; a duplicate id or one that is not a name is an error."""
    found: dict[str, Node] = {}
    errors: list[DeckError] = []
    for slide in slides.value if slides.is_list else ():
        node = slide.get("id")
        if node is None:
            continue
        if not isinstance(node.value, str) or not re.match(SLIDE_ID, node.value):
            errors.append(
                DeckError(
                    f"a slide id is a short name (a-z, 0-9, - and _), got {node.value!r}",
                    node.loc,
                    path="id",
                    hint="e.g. `id: goals`",
                )
            )
        elif node.value in found:
            first = found[node.value].get("id").loc
            errors.append(
                DeckError(
                    f"duplicate slide id '{node.value}' (first at {first})",
                    node.loc,
                    path="id",
                    hint="give each slide its own id",
                )
            )
        else:
            found[node.value] = slide
    raise_all(errors)
    return found


def patch_slides(base: Node | None, patches: Node, removed: Removed) -> tuple[Node, Removed]:
    """The base's slides with each patch applied in order: fields replaced, slides removed, moved or added."""
    if base is None or not base.is_list:
        raise DeckError(
            "there are no slides to patch: the file this one extends has no `slides:` list",
            patches.loc,
            path="slides",
            hint="a talk of its own lists its slides under `slides:`",
        )
    slides = list(base.value)
    ids = slide_ids(base)
    removed = dict(removed)
    errors: list[DeckError] = []
    for key, patch in patches.value.items():
        try:
            slides = _patch_one(slides, ids, removed, key, patch, patches.key_locs[key])
        except DeckError as exc:
            errors.append(exc)
    raise_all(errors)
    return Node(slides, base.loc, {}), removed


def _patch_one(
    slides: list[Node], ids: dict[str, Node], removed: Removed, key: str, patch: Node, loc: Location
) -> list[Node]:
    """One patch: `key` is a slide id; the slide's fields are replaced, or it is removed, moved or added."""
    if not patch.is_map:
        raise DeckError(
            f"expected the fields to change on slide '{key}', got {kind_of(patch.value)}",
            patch.loc,
            path=f"slides.{key}",
            hint="e.g. `notes: ...`, `remove: true` or `after: other-id`",
        )
    fields = {k: v for k, v in patch.value.items() if k not in ("remove", *PLACEMENT)}
    where = _placement(patch, key, ids, removed)
    if key not in ids:
        return _added(slides, ids, key, patch, fields, where, removed, loc)
    old = ids[key]
    index = next(i for i, s in enumerate(slides) if s is old)
    if _removes(patch):
        removed[key] = patch.key_locs["remove"]
        del ids[key]
        return slides[:index] + slides[index + 1 :]
    new = Node(
        {**old.value, **fields}, old.loc, {**old.key_locs, **{k: patch.key_locs[k] for k in fields}}
    )
    ids[key] = new
    slides = slides[:index] + [new] + slides[index + 1 :]
    return _moved(slides, new, where, ids) if where else slides


def _removes(patch: Node) -> bool:
    node = patch.get("remove")
    if node is None:
        return False
    if not isinstance(node.value, bool):
        raise DeckError(
            f"expected true or false, got {kind_of(node.value)}", node.loc, path="remove"
        )
    if node.value and len(patch.value) > 1:
        raise DeckError(
            "a slide that is removed takes no other changes",
            node.loc,
            path="remove",
            hint="remove `remove: true`, or the other keys",
        )
    return node.value


def _placement(
    patch: Node, key: str, ids: dict[str, Node], removed: Removed
) -> tuple[str, str] | None:
    """(`after` or `before`, the slide id) where the patch places its slide, checked; None when it stays."""
    given = [p for p in PLACEMENT if p in patch.value]
    if not given:
        return None
    if len(given) > 1:
        raise DeckError(
            "a slide goes `after:` one slide or `before:` one, not both",
            patch.key_locs[given[1]],
            path=f"slides.{key}",
        )
    target = patch.value[given[0]]
    if not isinstance(target.value, str):
        raise DeckError(
            f"{given[0]}: expected a slide id, got {kind_of(target.value)}",
            target.loc,
            path=f"slides.{key}.{given[0]}",
        )
    _known(target.value, ids, removed, target.loc, f"slides.{key}.{given[0]}")
    if target.value == key:
        raise DeckError(
            f"slide '{key}' cannot go {given[0]} itself",
            target.loc,
            path=f"slides.{key}.{given[0]}",
        )
    return given[0], target.value


def _known(slide_id: str, ids: dict[str, Node], removed: Removed, loc: Location, path: str) -> None:
    if slide_id in ids:
        return
    if slide_id in removed:
        raise DeckError(
            f"slide '{slide_id}' was removed (at {removed[slide_id]})",
            loc,
            path=path,
            hint="patch a slide that is still in the talk, or take back its `remove: true`",
        )
    hint = did_you_mean(slide_id, ids) or (
        f"slide ids: {', '.join(ids) or 'none (give slides an `id:`)'}; to add a slide, give it "
        "`layout:` and `after:` or `before:`"
    )
    raise DeckError(f"no slide has the id '{slide_id}'", loc, path=path, hint=hint)


def _added(
    slides: list[Node],
    ids: dict[str, Node],
    key: str,
    patch: Node,
    fields: dict[str, Node],
    where: tuple[str, str] | None,
    removed: Removed,
    loc: Location,
) -> list[Node]:
    """A patch for an id the talk does not have: a new slide, which must say where it goes."""
    if where is None:
        if key in removed or did_you_mean(key, ids) or "layout" not in fields:
            # a patch for a slide that is not there: a misspelt id, or a removed one
            _known(key, ids, removed, loc, f"slides.{key}")
        raise DeckError(
            f"new slide '{key}' does not say where it goes",
            loc,
            path=f"slides.{key}",
            hint="add `after: <slide id>` or `before: <slide id>` (slide ids: "
            f"{', '.join(ids) or 'none'})",
        )
    if "layout" not in fields:
        raise DeckError(
            f"no slide has the id '{key}', and a new slide needs `layout:`",
            loc,
            path=f"slides.{key}",
            hint=did_you_mean(key, ids) or "add `layout:` and the layout's fields",
        )
    if "id" in fields:
        raise DeckError(
            "a new slide's id is its key under `slides:`",
            patch.key_locs["id"],
            path=f"slides.{key}",
        )
    new = Node(
        {"id": Node(key, loc), **fields},
        patch.loc,
        {"id": loc, **{k: patch.key_locs[k] for k in fields}},
    )
    ids[key] = new
    return _moved([*slides, new], new, where, ids)


def _moved(
    slides: list[Node], slide: Node, where: tuple[str, str], ids: dict[str, Node]
) -> list[Node]:
    """`slides` with `slide` taken out and put `after` or `before` the slide with the given id."""
    rest = [s for s in slides if s is not slide]
    anchor = next(i for i, s in enumerate(rest) if s is ids[where[1]])
    at = anchor + 1 if where[0] == "after" else anchor
    return rest[:at] + [slide] + rest[at:]


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
