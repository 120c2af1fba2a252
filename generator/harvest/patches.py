"""A speaker's edited deck compared with a rebuild of what was handed over: its changes as patches to the YAML."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from generator.content.cellnumbers import parse_number
from generator.content.deck import build_deck
from generator.content.editions import load_edition
from generator.content.layouts import catalog, search_dirs
from generator.content.located import Node, load_file
from generator.errors import DeckError, DeckUsageError, Location, printable, shown
from generator.harvest.csvsplice import written_number
from generator.harvest.deckreader import DeckText, read_parts, read_pptx
from generator.harvest.into import Moved, retarget
from generator.harvest.matching import Compared, Comparison, Sited
from generator.harvest.origins import Proposal
from generator.harvest.projectfiles import (
    Recorded,
    changed,
    changed_error,
    from_git,
    read_text,
    recorded,
    resolve,
    with_master,
)
from generator.harvest.yamlsplice import (
    Edit,
    Item,
    compose,
    find,
    location,
    paths,
    shown_path,
)
from generator.pipeline.jobs import Options
from generator.pipeline.stages import prepare, with_command_line
from generator.writer.parts import render_package


@dataclass(frozen=True)
class Change:
    """One line of the report: a patch, a value left to the author (`review`), new content, or information;
    `edit` is the index of the edit a patch line belongs to (-1: none)."""

    kind: str  # "patch", "review", "new", "info"
    location: Location
    text: str
    edit: int = -1

    def line(self) -> str:
        if self.kind == "info":
            return printable(f"info: {self.text}")
        return printable(f"{self.location}: {self.text}")


@dataclass(frozen=True)
class Harvest:
    """What an edited deck changes, as report lines, and the edits `--apply` writes into the files named (each
    a file of the project, resolved)."""

    deck: str
    changes: tuple[Change, ...]
    edits: tuple[Edit, ...]
    files: Mapping[str, Path] = field(default_factory=dict)
    applied: str = (
        ""  # the files that changed since the deck was made, already holding its every edit
    )

    def lines(self) -> list[str]:
        """The report: each change on its line, then a count."""
        if self.applied:
            verb = "holds" if ", " not in self.applied else "hold"
            return [
                f"{self.deck}: already applied, nothing to do: {self.applied} already {verb} "
                "every edit of this deck"
            ]
        counts = {
            kind: sum(c.kind == kind for c in self.changes) for kind in ("review", "new", "info")
        }
        if not self.changes:
            return [f"{self.deck}: nothing to harvest: its texts are those its content makes"]
        summary = (
            f"{len(self.edits)} to patch, {counts['review']} to review, "
            f"{counts['new']} new, {counts['info']} info"
        )
        return [c.line() for c in self.changes] + [summary]


@dataclass(frozen=True)
class _Built:
    """The deck rebuilt in memory: its comparison, the text of each content file by the name messages use, the
    content file's name, whether it extends another, the folder the files came from (for `--against`), and each
    file of the project by name."""

    comparison: Comparison
    texts: Mapping[str, str]
    content: str
    edition: bool
    root: Path | None
    files: Mapping[str, Path]
    parents: Mapping[str, str]  # each content file's name, and the name of the one it extends


def harvest(
    deck: Path,
    options: Options,
    content: Path | None = None,
    against: str | None = None,
    force: bool = False,
    into: Path | None = None,
) -> Harvest:
    """Compare the edited `deck` with a rebuild of its sources; nothing is written."""
    edited = read_pptx(deck)
    where = Location(shown(deck))
    found = recorded(edited, where)
    options = with_master(found.master, options, force, where)
    if against is not None:
        with from_git(found.sources, against, options, where) as root:
            return _harvest(deck, edited, found, root, (content, into), options)
    names = changed(found.sources, options, where)
    if names and not force:
        try:
            result = _harvest(deck, edited, found, None, (content, into), options)
        except DeckError:
            raise changed_error(names) from None
        if result.edits:
            raise changed_error(names)
        return replace(result, applied=", ".join(names))
    return _harvest(deck, edited, found, None, (content, into), options)


def _harvest(
    deck: Path,
    edited: DeckText,
    found: Recorded,
    root: Path | None,
    chosen: tuple[Path | None, Path | None],
    options: Options,
) -> Harvest:
    where = Location(shown(deck))
    built = _rebuild(deck, found, root, chosen[0], options, where)
    compared = built.comparison.run(edited, "libreoffice" in edited.application.lower())
    if not compared.order:
        raise DeckError(
            "nothing in the deck maps to what its content makes: no slide is recognised",
            where,
            hint="harvest a deck make-deck built, edited in PowerPoint or LibreOffice",
        )
    into = _into(chosen[1], built, options) if chosen[1] is not None else None
    current = {name: read_text(path, name).text for name, path in built.files.items()}
    return _report(shown(deck), compared, built, current, into)


def _into(into: Path, built: _Built, options: Options) -> str:
    """The name of the `--into` file: one of the deck's content files."""
    wanted = options.sources.inside(into)
    name = next((n for n, p in built.files.items() if p == wanted), None)
    if name is None:
        raise DeckUsageError(
            f"--into {shown(into)}: the deck was made from {', '.join(built.files)}",
            Location(shown(into)),
            hint="give one of them (the edition the speaker's edits belong to)",
        )
    return name


def _rebuild(
    deck: Path,
    found: Recorded,
    root: Path | None,
    content: Path | None,
    options: Options,
    where: Location,
) -> _Built:
    """The deck rebuilt from its content (as the files are, or as `root` holds them), with its model and tree."""
    files = {}
    for name, _ in found.sources:
        real = resolve(name, options, where)
        files[shown(real) if root is None else str(real.relative_to(options.project.resolve()))] = (
            real
        )
    read_from = {n: (root / n if root is not None else p) for n, p in files.items()}
    parents = _parents(read_from)
    chosen = _content(files, parents, content, options, where)
    path = read_from[chosen]
    if root is not None:
        options = replace(options, allow=(*options.allow, root))
    tree = with_command_line(load_edition(path, options.sources), options)
    if tree.get("counties") is not None and options.county is None:
        county = re.match(r"(\d+)-", deck.name)
        if county is None:
            raise DeckError(
                f"{chosen} makes a deck per county: which one is this?",
                where,
                hint="give --county NUMBER",
            )
        options = replace(options, county=county.group(1))
        tree = with_command_line(tree, options)
    prepared = prepare(path, options)
    package = render_package(prepared.model, prepared.master)
    rebuilt = read_parts(package.parts, where)
    model_deck = build_deck(tree, catalog(search_dirs(options.project)))
    texts = {name: read_text(p, name).text for name, p in read_from.items()}
    comparison = Comparison(rebuilt, prepared.model, model_deck, tree)
    return _Built(comparison, texts, chosen, chosen in parents, root, files, parents)


def _parents(read_from: Mapping[str, Path]) -> dict[str, str]:
    """Each content file that extends another of them, and that one's name."""
    by_path = {p.resolve(): n for n, p in read_from.items()}
    out = {}
    for name, path in read_from.items():
        parent = load_file(path, name).get("extends")
        if parent is not None and isinstance(parent.value, str):
            target = by_path.get((path.parent / parent.value).resolve())
            if target is not None:
                out[name] = target
    return out


def _name(file: str, root: Path | None) -> str:
    """A content file's name as messages give it: relative to the project, also for a file read from git."""
    if root is None:
        return file
    try:
        return str(Path(file).resolve().relative_to(root.resolve()))
    except ValueError:
        return file


def _content(
    files: Mapping[str, Path],
    parents: Mapping[str, str],
    content: Path | None,
    options: Options,
    where: Location,
) -> str:
    """The content file the deck was built from: the one given (which must be among its sources), else the one
    no other source extends."""
    last = [name for name in files if name not in parents.values()]
    if content is not None:
        wanted = options.sources.inside(content)
        name = next((n for n, p in files.items() if p == wanted), None)
        if name is None:
            raise DeckError(
                f"the deck was made from {', '.join(files)}, not from {shown(content)}",
                where,
                hint="harvest a deck against the content it was made from",
            )
        if name not in last:
            raise DeckError(
                f"{name} is extended by another file the deck was made from",
                where,
                hint=f"give {' or '.join(last)}",
            )
        return name
    if len(last) != 1:
        raise DeckError(
            f"cannot tell which of {', '.join(files)} the deck was built from",
            where,
            hint="give it with --content",
        )
    return last[0]


def _report(
    deck: str, compared: Compared, built: _Built, current: Mapping[str, str], into: str | None
) -> Harvest:
    """Proposals settled into edits (where every text showing a value agrees) and report lines."""
    settle = _Settle(compared, built, current, into)
    changes = [*settle.run(), *settle.cells(), *settle.slides()]
    edits: Sequence[Edit] = settle.edits
    if into is not None:
        edits, changes = _retargeted(settle, changes, into)
    changes.sort(key=lambda c: (c.location.file, c.location.line, c.location.col))
    changes += [Change("new", Location(deck), text) for text in compared.new]
    changes += [Change("info", Location(deck), text) for text in compared.info]
    files = {e.file: settle.file(e.file) for e in edits}
    return Harvest(deck, tuple(changes), tuple(edits), files)


def _retargeted(
    settle: _Settle, changes: list[Change], into: str
) -> tuple[Sequence[Edit], list[Change]]:
    """With --into: the edits of values the files `into` extends written as patches of `into` instead, and the
    lines of those patches located there."""
    upstream, at = [], into
    while at in settle.built.parents:
        at = settle.built.parents[at]
        upstream.append(at)
    moved = retarget(settle.edits, into, upstream, settle.current)
    out = []
    for change in changes:
        fate = moved.fates[change.edit] if change.edit >= 0 else None
        if isinstance(fate, Moved):
            head, rest = shown_path(fate.source), change.text
            text = shown_path(fate.target) + rest[len(head) :] if rest.startswith(head) else rest
            here = location(settle.current.get(into, ""), into, fate.target)
            here = here if here.line else Location(into)
            change = Change("patch", here, f"{text} (instead of {change.location})")
        elif isinstance(fate, str):
            change = Change("review", change.location, f"review: not written into {into}: {fate}")
        out.append(change)
    return moved.edits, out


class _Settle:
    """Proposals grouped by the value they change: one patch where every text showing the value asks the same."""

    def __init__(
        self, compared: Compared, built: _Built, current: Mapping[str, str], into: str | None
    ) -> None:
        self.compared = compared
        self.built = built
        self.current = current
        self.into = into
        self.edits: list[Edit] = []
        self._paths = {name: paths(text) for name, text in built.texts.items()}

    def file(self, name: str) -> Path:
        """The file of the project an edit of `name` writes."""
        return self.built.files.get(name) or self._data_files[name]

    def name(self, loc: Location) -> str:
        return _name(loc.file, self.built.root)

    def path(self, loc: Location) -> tuple[str | int, ...] | None:
        return self._paths.get(self.name(loc), {}).get((loc.line, loc.col))

    def where(self, loc: Location) -> Location:
        """The value's place in the file as it is now (it may have moved since the rebuild's version)."""
        name, path = self.name(loc), self.path(loc)
        if path is None or name not in self.current:
            return Location(name, loc.line, loc.col)
        now = location(self.current[name], name, path)
        return now if now.line else Location(name, loc.line, loc.col)

    def _edit(self, edit: Edit) -> int:
        self.edits.append(edit)
        return len(self.edits) - 1

    def run(self) -> list[Change]:
        groups: dict[Location, list[Sited]] = {}
        out = []
        for sited in self.compared.proposals:
            p = sited.proposal
            if (p.new is None and p.items is None) or self.path(p.node.loc) is None:
                out.append(
                    self._review(
                        p, p.note or "its place in the content is not known: edit it by hand"
                    )
                )
            else:
                groups.setdefault(p.node.loc, []).append(sited)
        for group in groups.values():
            out += self._group(group)
        return out

    def _group(self, group: list[Sited]) -> list[Change]:
        asked = {(s.proposal.new, s.proposal.items) for s in group}
        origins = {s.site for s in group}
        reach = set(self.compared.shown_at.get(group[0].proposal.node.loc, frozenset())) | origins
        if len(asked) == 1 and reach <= origins:
            return self._patch(group[0].proposal)
        if len(asked) > 1:
            note = (
                f"the deck changes this value in different ways in {len(origins)} places: "
                "choose one by hand"
            )
        else:
            note = (
                f"{len(reach)} texts show this value and the deck changes {len(origins)}: change "
                "it here if every one should follow, else edit the text where it is shown"
            )
        return [self._review(group[0].proposal, note)]

    def _review(self, p: Proposal, note: str) -> Change:
        path = self.path(p.node.loc)
        named = f"{shown_path(path)}: " if path else ""
        return Change(
            "review",
            self.where(p.node.loc),
            f"{named}review: {_q(p.old)} -> {_q(p.new_shown)}: {note}",
        )

    def _patch(self, p: Proposal) -> list[Change]:
        path, name, at = self.path(p.node.loc), self.name(p.node.loc), self.where(p.node.loc)
        if p.items is None:
            k = self._edit(Edit(name, path, p.source, p.new))
            return [Change("patch", at, f"{shown_path(path)}: {_q(p.source)} -> {_q(p.new)}", k)]
        old = tuple(_item_text(item) for item in p.node.value)
        k = self._edit(Edit(name, path, old, tuple(Item(i, t) for i, t in p.items), "list"))
        out = []
        kept = [i for i, _ in p.items if i is not None]
        stayed = set(_increasing(kept))
        for j, (i, text) in enumerate(p.items):
            if i is None:
                out.append(
                    Change("patch", at, f"{shown_path(path)}: new item {j + 1}: {_q(text)}", k)
                )
                continue
            here = self.where(p.node.value[i].loc)
            item = shown_path((*path, i))
            if text is not None:
                out.append(Change("patch", here, f"{item}: {_q(old[i])} -> {_q(text)}", k))
            if i not in stayed:
                out.append(Change("patch", here, f"{item}: moved to item {j + 1}", k))
        out += [
            Change(
                "patch",
                self.where(p.node.value[i].loc),
                f"{shown_path((*path, i))}: removed: {_q(old[i])}",
                k,
            )
            for i in range(len(old))
            if i not in kept
        ]
        return out

    @property
    def _data_files(self) -> dict[str, Path]:
        return {cell.source: Path(cell.source).resolve() for cell in self.compared.cells}

    def cells(self) -> list[Change]:
        """Table cells from a data file: a patch of the cell in a CSV file, else named for the author."""
        out = []
        for cell in self.compared.cells:
            what = f"{cell.source} row {cell.row}, column '{cell.name}'"
            new = written_number(cell.old, cell.new) if cell.numeric else cell.new
            if (
                cell.numeric
                and new == cell.new
                and cell.new.strip()
                and parse_number(cell.new) is None
            ):
                note = "the column holds numbers: write the cell by hand"
            elif not cell.source.lower().endswith(".csv"):
                note = "change it in the data file"
            else:
                k = self._edit(Edit(cell.source, (cell.row, cell.column), cell.old, new, "cell"))
                out.append(Change("patch", cell.loc, f"{what}: {_q(cell.old)} -> {_q(new)}", k))
                continue
            out.append(
                Change(
                    "review", cell.loc, f"{what}: review: {_q(cell.old)} -> {_q(cell.new)}: {note}"
                )
            )
        return out

    def slides(self) -> list[Change]:
        """The slides the speaker deleted or moved: `remove:` and `after:`/`before:` patches in an edition,
        where slides are patched by id; otherwise left to the author."""
        keys = self.compared.keys
        groups: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            groups.setdefault(key.split("/")[0], []).append(i)
        out = []
        for base, members in groups.items():
            gone = [i for i in members if i in self.compared.deleted]
            if gone:
                what = f"the speaker deleted {self._named(gone[0])}" + (
                    f" and {len(gone) - 1} more of it" if len(gone) > 1 else ""
                )
                out.append(
                    self._slide_edit(base, ("remove", "true"), what, len(gone) == len(members))
                )
        return out + self._moves(groups)

    def _named(self, i: int) -> str:
        """A slide of the rebuilt deck as the speaker knows it: its title, else its number and key."""
        title = self.compared.titles[i] if i < len(self.compared.titles) else ""
        short = title if len(title) <= 60 else title[:59] + "…"
        return _q(short.replace("\n", " ")) if title else f"slide {i + 1} ({self.compared.keys[i]})"

    def _moves(self, groups: Mapping[str, list[int]]) -> list[Change]:
        keys, order = self.compared.keys, list(self.compared.order)
        stable = set(_increasing(order))
        moved = list(dict.fromkeys(keys[i].split("/")[0] for i in order if i not in stable))
        patched = find(compose(self.current.get(self.into or self.built.content, "")), ("slides",))
        # Patches apply in the order the edition writes them: moves chained one after another are right only when
        # all of them come last, after the patches the edition has (one move alone is right anywhere).
        in_order = len(moved) < 2 or not any(find(patched, (base,)) is not None for base in moved)
        out = []
        for base in moved:
            at = [n for n, i in enumerate(order) if keys[i].split("/")[0] == base]
            mine = [order[n] for n in at]
            whole = (
                len(mine) == len(groups[base])
                and mine == sorted(mine)
                and at == list(range(at[0], at[-1] + 1))
            )
            before = order[at[0] - 1] if at[0] > 0 else None
            after = order[at[-1] + 1] if at[-1] + 1 < len(order) else None
            if before is not None:
                anchor, what = ("after", keys[before].split("/")[0]), f"after {self._named(before)}"
            elif after is not None:
                anchor, what = ("before", keys[after].split("/")[0]), f"before {self._named(after)}"
            else:
                anchor, what = ("after", ""), "alone"
            patchable = (
                whole
                and in_order
                and bool(anchor[1])
                and anchor[1] != base  # not inside a for_each's
                and not anchor[1].startswith("slides[")
            )
            what = f"the speaker moved {self._named(mine[0])} {what}"
            out.append(self._slide_edit(base, anchor, what, patchable))
        return out

    def _slide_edit(self, base: str, change: tuple[str, str], what: str, patchable: bool) -> Change:
        content = self.into or self.built.content
        text = self.current.get(content, "")
        if content in self.built.parents and patchable and not base.startswith("slides["):
            source = self.built.comparison.sources.get(base)
            added = source is not None and self.name(source.loc) == content
            note = _dropped(text, base) if change[0] == "remove" and not added else ""
            k = self._edit(
                Edit(content, ("slides", base), "added" if added else None, change, "slide")
            )
            at = location(text, content, ("slides", base))
            at = at if at.line else location(text, content, ("slides",))
            said = "removes the slide this file adds" if added else f"{change[0]}: {change[1]}"
            return Change("patch", at, f"slides.{base}: {said} ({what}){note}", k)
        how = (
            "in an edition, which patches slides by id"
            if content not in self.built.parents
            else "by hand"
        )
        return Change(
            "review",
            location(text, content, ("slides",)),
            f"slides: review: {what}: change the content {how}",
        )


def _dropped(text: str, base: str) -> str:
    """What a removal takes out of a slide's patch (a removed slide takes no other changes), said."""
    entry = find(compose(text), ("slides", base))
    if not isinstance(entry, yaml.MappingNode):
        return ""
    others = [str(k.value) for k, _ in entry.value if str(k.value) != "remove"]
    if not others:
        return ""
    return f"; the slide's other changes here go with it ({', '.join(others)})"


def _increasing(order: Sequence[int]) -> list[int]:
    """The longest run of `order` (not necessarily adjacent) that goes up: the slides that kept their order."""
    best: list[list[int]] = []
    for value in order:
        longest = max((run for run in best if run[-1] < value), key=len, default=[])
        best.append([*longest, value])
    return max(best, key=len, default=[])


def _item_text(node: Node) -> str | None:
    if node.is_map or node.is_list:
        return None
    return node.value if isinstance(node.value, str) else str(node.text)


def _q(text: str | None) -> str:
    return printable(json.dumps(text or "", ensure_ascii=False))
