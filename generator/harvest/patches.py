"""A speaker's edited deck compared with a rebuild of what was handed over: its changes as patches to the YAML."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.editions import load_edition
from generator.content.format import build_deck
from generator.content.layouts import catalog, search_dirs
from generator.content.located import Node, load_file
from generator.errors import DeckError, DeckErrors, Location, shown
from generator.harvest.deckreader import DeckText, read_parts, read_pptx
from generator.harvest.matching import Compared, Comparison, Sited
from generator.harvest.origins import Proposal
from generator.harvest.yamlsplice import (
    Edit,
    Item,
    apply,
    compose,
    find,
    location,
    paths,
    shown_path,
)
from generator.ooxml.package import write_atomic
from generator.pipeline.jobs import Options
from generator.pipeline.stages import prepare, with_command_line
from generator.writer.parts import render_package


@dataclass(frozen=True)
class Change:
    """One line of the report: a patch, a value left to the author (`review`), new content, or information."""

    kind: str  # "patch", "review", "new", "info"
    location: Location
    text: str

    def line(self) -> str:
        if self.kind == "info":
            return f"info: {self.text}"
        return f"{self.location}: {self.text}"


@dataclass(frozen=True)
class Harvest:
    """What an edited deck changes, as report lines, and the edits `--apply` writes."""

    deck: str
    changes: tuple[Change, ...]
    edits: tuple[Edit, ...]

    def lines(self) -> list[str]:
        """The report: each change on its line, then a count."""
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
    """The deck rebuilt in memory: its model, content, tree, text, and the text of each content file by name."""

    comparison: Comparison
    texts: Mapping[str, str]  # the content files as the rebuild read them, by the name messages use
    content: str  # the content file's name
    edition: bool  # whether it extends another (then slides are patched by id)
    root: Path | None  # the folder the files were read from when they came from git


def harvest(
    deck: Path,
    options: Options,
    content: Path | None = None,
    against: str | None = None,
    force: bool = False,
) -> Harvest:
    """Compare the edited `deck` with a rebuild of its sources; nothing is written."""
    edited = read_pptx(deck)
    where = Location(shown(deck))
    sources = recorded(edited, where)
    with _files(sources, against, force, where) as root:
        built = _rebuild(deck, sources, root, content, options, where)
        compared = built.comparison.run(edited, "libreoffice" in edited.application.lower())
    if not compared.order:
        raise DeckError(
            "nothing in the deck maps to what its content makes: no slide is recognised",
            where,
            hint="harvest a deck make-deck made, edited in PowerPoint or LibreOffice",
        )
    current = {name: _read(name) for name in built.texts}
    return _report(shown(deck), compared, built, current)


def recorded(deck: DeckText, where: Location) -> list[tuple[str, str]]:
    """The content files the deck records it was made from, as (name, sha256 hex)."""
    found = []
    for n in range(1, 1000):
        value = deck.properties.get(f"source{n}")
        if value is None:
            break
        match = re.fullmatch(r"(.+) sha256:([0-9a-f]{64})", value.strip(), re.I)
        if match:
            found.append((match.group(1), match.group(2).lower()))
    if not found:
        raise DeckError(
            "make-deck did not make this deck: it records no content files (MakeDeck.Source)",
            where,
            hint="harvest works on decks make-deck built",
        )
    return found


@contextmanager
def _files(
    sources: Sequence[tuple[str, str]], against: str | None, force: bool, where: Location
) -> Iterator[Path | None]:
    """Where to read the content the deck was made from: None for the files as they are (unchanged, or
    `force`), or a folder holding each file as it was at the git revision `against`."""
    if against is None:
        changed = [name for name, digest in sources if _digest(Path(name)) != digest]
        if changed and not force:
            raise DeckErrors(
                [
                    DeckError(
                        "changed since the deck was made",
                        Location(name),
                        hint="give --against REV (the git revision the deck was made from), or "
                        "--force to compare with the file as it is now (unless the deck is "
                        "of another talk)",
                    )
                    for name in changed
                ],
                "nothing harvested",
            )
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="make-deck-harvest-") as folder:
        for name, digest in sources:
            data = _git_show(against, name, where)
            if hashlib.sha256(data).hexdigest() != digest:
                raise DeckError(
                    f"{name} at {against} is not the version the deck was made from",
                    where,
                    hint="give the revision the deck was built from",
                )
            target = Path(folder) / name
            if (
                target.resolve() != target.absolute()
                or ".." in Path(name).parts
                or Path(name).is_absolute()
            ):
                raise DeckError(
                    f"cannot rebuild {name} from git: it lies outside the project", where
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _mirror(Path(folder), [name for name, _ in sources])
        yield Path(folder)


def _mirror(root: Path, names: Sequence[str]) -> None:
    """Beside the files from git, links to everything else of the project on their way (data files, pictures),
    so that the content finds what it names."""
    on_way = {
        Path(*Path(name).parts[:n]) for name in names for n in range(1, len(Path(name).parts) + 1)
    }
    folders = {Path(*Path(name).parts[:n]) for name in names for n in range(len(Path(name).parts))}
    for folder in folders:
        try:
            entries = list(folder.iterdir()) if folder.parts else list(Path().iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry not in on_way and not (root / entry).exists():
                (root / entry).symlink_to(entry.resolve())


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _git_show(revision: str, name: str, where: Location) -> bytes:
    if revision.startswith("-"):
        raise DeckError(f"'{revision}' is not a git revision", where)
    try:
        done = subprocess.run(
            ["git", "show", f"{revision}:./{name}"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DeckError(f"git could not be run: {exc}", where) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DeckError(
            f"git cannot show {name} at {revision}: {message[0] if message else 'failed'}", where
        )
    return done.stdout


def _rebuild(
    deck: Path,
    sources: Sequence[tuple[str, str]],
    root: Path | None,
    content: Path | None,
    options: Options,
    where: Location,
) -> _Built:
    """The deck rebuilt from its content (as the files are, or as `root` holds them), with its model and tree."""
    names = [name for name, _ in sources]
    chosen = _content(names, root, content, where)
    path = (root / chosen) if root is not None else Path(chosen)
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
    texts = {name: ((root or Path()) / name).read_text("utf-8") for name in names}
    comparison = Comparison(rebuilt, prepared.model, model_deck, tree)
    return _Built(comparison, texts, chosen, load_file(path).get("extends") is not None, root)


def _name(file: str, root: Path | None) -> str:
    """A content file's name as messages give it: relative to the project, also for a file read from git."""
    if root is None:
        return file
    try:
        return str(Path(file).resolve().relative_to(root.resolve()))
    except ValueError:
        return file


def _content(names: Sequence[str], root: Path | None, content: Path | None, where: Location) -> str:
    """The content file the deck was built from: the one given (which must be among its sources), else the one
    no other source extends."""
    if content is not None and shown(content) not in names:
        raise DeckError(
            f"the deck was made from {', '.join(names)}, not from {shown(content)}",
            where,
            hint="harvest a deck against the content it was made from",
        )
    base = root or Path()
    for name in names:
        if not (base / name).is_file():
            raise DeckError(
                f"the deck was made from {name}, which is not here",
                where,
                hint="run harvest in the project folder the deck was built in",
            )
    extended = set()
    for name in names:
        parent = load_file(base / name).get("extends")
        if parent is not None and isinstance(parent.value, str):
            target = (base / name).parent / parent.value
            extended.add(shown(target) if root is None else _name(str(target), root))
    last = [name for name in names if name not in extended]
    if content is not None:
        if shown(content) not in last:
            raise DeckError(
                f"{shown(content)} is extended by another file the deck was made from",
                where,
                hint=f"give {' or '.join(last)}",
            )
        return shown(content)
    if len(last) != 1:
        raise DeckError(
            f"cannot tell which of {', '.join(names)} the deck was built from",
            where,
            hint="give it with --content",
        )
    return last[0]


def _read(name: str) -> str:
    try:
        return Path(name).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _report(deck: str, compared: Compared, built: _Built, current: Mapping[str, str]) -> Harvest:
    """Proposals settled into edits (where every text showing a value agrees) and report lines."""
    settle = _Settle(compared, built, current)
    changes = [*settle.run(), *settle.slides()]
    changes.sort(key=lambda c: (c.location.file, c.location.line, c.location.col))
    changes += [Change("new", Location(deck), text) for text in compared.new]
    changes += [Change("info", Location(deck), text) for text in compared.info]
    return Harvest(deck, tuple(changes), tuple(settle.edits))


class _Settle:
    """Proposals grouped by the value they change: one patch where every text showing the value asks the same."""

    def __init__(self, compared: Compared, built: _Built, current: Mapping[str, str]) -> None:
        self.compared = compared
        self.built = built
        self.current = current
        self.edits: list[Edit] = []
        self._paths = {name: paths(text) for name, text in built.texts.items()}

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
        for loc, group in groups.items():
            asked = {(s.proposal.new, s.proposal.items) for s in group}
            origins = {s.site for s in group}
            reach = set(self.compared.shown_at.get(loc, frozenset())) | origins
            if len(asked) == 1 and reach <= origins:
                out += self._patch(group[0].proposal)
            elif len(asked) > 1:
                out.append(
                    self._review(
                        group[0].proposal,
                        f"the deck changes this value in different ways in {len(origins)} places: choose one by hand",
                    )
                )
            else:
                out.append(
                    self._review(
                        group[0].proposal,
                        f"{len(reach)} texts show this value and the deck "
                        f"changes {len(origins)}: change it here if every one should follow, "
                        "else edit the text where it is shown",
                    )
                )
        return out

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
            self.edits.append(Edit(name, path, p.source, p.new))
            return [Change("patch", at, f"{shown_path(path)}: {_q(p.source)} -> {_q(p.new)}")]
        old = tuple(_item_text(item) for item in p.node.value)
        self.edits.append(Edit(name, path, old, tuple(Item(i, t) for i, t in p.items), "list"))
        out = []
        kept = [i for i, _ in p.items if i is not None]
        stayed = set(_increasing(kept))
        for j, (i, text) in enumerate(p.items):
            if i is None:
                out.append(Change("patch", at, f"{shown_path(path)}: new item {j + 1}: {_q(text)}"))
                continue
            here = self.where(p.node.value[i].loc)
            if text is not None:
                out.append(
                    Change("patch", here, f"{shown_path((*path, i))}: {_q(old[i])} -> {_q(text)}")
                )
            if i not in stayed:
                out.append(
                    Change("patch", here, f"{shown_path((*path, i))}: moved to item {j + 1}")
                )
        out += [
            Change(
                "patch",
                self.where(p.node.value[i].loc),
                f"{shown_path((*path, i))}: removed: {_q(old[i])}",
            )
            for i in range(len(old))
            if i not in kept
        ]
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
                what = f"the speaker deleted slide {gone[0] + 1} ({keys[gone[0]]})" + (
                    f" and {len(gone) - 1} more of it" if len(gone) > 1 else ""
                )
                out.append(
                    self._slide_edit(base, ("remove", "true"), what, len(gone) == len(members))
                )
        order = list(self.compared.order)
        stable = set(_increasing(order))
        moved = list(dict.fromkeys(keys[i].split("/")[0] for i in order if i not in stable))
        patched = find(compose(self.current.get(self.built.content, "")), ("slides",))
        # Patches apply in the order the edition writes them: moves chained one after another are right only when
        # all of them come last, after the patches the edition has (one move alone is right anywhere).
        in_order = len(moved) < 2 or not any(find(patched, (base,)) is not None for base in moved)
        for base in moved:
            at = [n for n, i in enumerate(order) if keys[i].split("/")[0] == base]
            mine = [order[n] for n in at]
            whole = (
                len(mine) == len(groups[base])
                and mine == sorted(mine)
                and at == list(range(at[0], at[-1] + 1))
            )
            before = keys[order[at[0] - 1]].split("/")[0] if at[0] > 0 else None
            after = keys[order[at[-1] + 1]].split("/")[0] if at[-1] + 1 < len(order) else None
            anchor = ("after", before) if before else ("before", after) if after else None
            what = f"the speaker moved slide {mine[0] + 1} ({keys[mine[0]]}) to place {at[0] + 1}"
            patchable = (
                whole
                and in_order
                and anchor is not None
                and before != after  # not inside a for_each's
                and not anchor[1].startswith("slides[")
            )
            out.append(self._slide_edit(base, anchor or ("after", ""), what, patchable))
        return out

    def _slide_edit(self, base: str, change: tuple[str, str], what: str, patchable: bool) -> Change:
        content = self.built.content
        text = self.current.get(content, "")
        if self.built.edition and patchable and not base.startswith("slides["):
            self.edits.append(Edit(content, ("slides", base), None, change, "slide"))
            at = location(text, content, ("slides", base))
            at = at if at.line else location(text, content, ("slides",))
            return Change("patch", at, f"slides.{base}: {change[0]}: {change[1]} ({what})")
        how = "in an edition, which patches slides by id" if not self.built.edition else "by hand"
        return Change(
            "review",
            location(text, content, ("slides",)),
            f"slides: review: {what}: change the content {how}",
        )


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
    return json.dumps(text or "", ensure_ascii=False)


def apply_harvest(result: Harvest) -> list[str]:
    """Write every edit into its file (comments and formatting kept), or none when any does not apply: then a
    `DeckErrors` lists each conflict. The names of the files written."""
    names = sorted({edit.file for edit in result.edits})
    texts = {name: _read(name) for name in names}
    patched, conflicts = apply(result.edits, texts)
    if conflicts:
        raise DeckErrors(
            [DeckError(c.reason, c.location, path=shown_path(c.edit.path)) for c in conflicts],
            "nothing written",
        )
    written = []
    for name in names:
        if patched[name] != texts[name]:
            write_atomic(patched[name].encode("utf-8"), Path(name))
            written.append(name)
    return written
