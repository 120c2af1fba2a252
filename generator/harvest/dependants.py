"""The content files built on a patched one, built in memory before --apply: they build and change as asked."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.content.located import load_file
from generator.errors import DeckError, Location, errors_of
from generator.harvest.deckviews import View, views
from generator.harvest.unasked import Dependant, asked, unasked
from generator.pipeline.jobs import Options, plan
from generator.pipeline.stages import prepare

MAX_FILES = 2_000  # YAML files harvest looks through for the project's content files
_SKIP = {"build", "node_modules", "__pycache__"}


def content_files(project: Path) -> dict[Path, Path | None]:
    """The project's content files (YAML with `slides:` or `extends:`), each with the file it extends (None
    for a talk of its own); folders whose name starts with a dot, build/ and the like are not looked in."""
    out: dict[Path, Path | None] = {}
    seen = 0
    for folder, dirs, files in os.walk(project):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP)
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            seen += 1
            if seen > MAX_FILES:
                return out
            path = Path(folder) / name
            try:
                tree = load_file(path, str(path))
            except DeckError:
                continue
            if not tree.is_map or not ({"slides", "extends", "replace_slides"} & set(tree.value)):
                continue
            parent = tree.get("extends")
            out[path.resolve()] = (
                (path.parent / parent.value).resolve()
                if parent is not None and isinstance(parent.value, str)
                else None
            )
    return out


def broken_by(patched: Mapping[Path, str], options: Options) -> list[DeckError]:
    """The errors of each content file of the project that builds on (or is) a file in `patched` and that
    builds now but would not with the patched texts, each error as building it would say it; and each change
    the patched texts would make to the deck of a file built on a patched one that the patched file's own deck
    does not make alike (`unasked`), located in the file built on it."""
    project = options.project.resolve()
    files = content_files(project)
    affected = [path for path in files if _chain(path, files) & set(patched)]
    if not affected:
        return []
    errors: list[DeckError] = []
    now = replace(options, template=None, audience=None, county=None)
    with _mirror(project, patched, affected, files) as root:
        mirrored = Options(project=root, allow=(project, *options.allow))
        built = []
        for path in affected:
            after = _build(root / path.relative_to(project), mirrored)
            if not after:
                built.append(path)
            elif not _build(path, now):
                errors += [_renamed(e, root) for e in after]
        sides = _Sides(project, now, root, mirrored)
        for path in built:
            if path not in patched:
                errors += _unasked(path, patched, files, sides)
    return _once(errors)


@dataclass
class _Sides:
    """The project and the folder that is the project with the patches, each with the options to build in it,
    and the decks of each file built so far, before and after (None: it does not build)."""

    project: Path
    now: Options
    root: Path
    mirrored: Options
    seen: dict[Path, tuple[dict[str, View] | None, dict[str, View] | None]] = field(
        default_factory=dict
    )

    def decks(self, path: Path) -> tuple[dict[str, View] | None, dict[str, View] | None]:
        """The views of `path`'s decks as the files are and as the patches would make them."""
        if path not in self.seen:
            self.seen[path] = (
                views(path, self.now, self.project),
                views(self.root / path.relative_to(self.project), self.mirrored, self.root),
            )
        return self.seen[path]


def _unasked(
    path: Path, patched: Mapping[Path, str], files: Mapping[Path, Path | None], sides: _Sides
) -> list[DeckError]:
    """What the patches change in the decks of `path` (built on patched files) that the patched files' own
    decks do not show alike."""
    before, after = sides.decks(path)
    if before is None or after is None:
        return []
    sources = [p for p in _chain(path, files) if p in patched]
    decks = [sides.decks(p) for p in sources]
    if any(b is None or a is None for b, a in decks):
        return []
    names = " and ".join(sorted(str(p.relative_to(sides.project)) for p in sources))
    reference = asked(names, ((b[c], a[c]) for b, a in decks for c in b if c in a))
    dependant = _dependant(path, sources, files, sides.project)
    return [
        error
        for county, deck in before.items()
        if county in after
        for error in unasked(deck, after[county], reference, dependant)
    ]


def _dependant(
    path: Path, sources: list[Path], files: Mapping[Path, Path | None], project: Path
) -> Dependant:
    """`path` as a file built on `sources`: the files of its chain below them, and the slides they place."""
    below = set().union(*(_chain(s, files) for s in sources))
    own = [p for p in _ordered_chain(path, files) if p not in below]
    placed: dict[str, tuple[Location, str]] = {}
    for file in reversed(own):  # the file nearest `path` last: its placements win
        placed.update(_placements(file, str(file.relative_to(project))))
    return Dependant(
        str(path.relative_to(project)),
        frozenset(str(p.relative_to(project)) for p in own),
        placed,
    )


def _placements(path: Path, name: str) -> dict[str, tuple[Location, str]]:
    """The slides a content file places with `after:` or `before:`: where it says so, and the slide named."""
    try:
        slides = load_file(path, name).get("slides")
    except DeckError:
        return {}
    out = {}
    for key, patch in slides.value.items() if slides is not None and slides.is_map else ():
        for word in ("after", "before"):
            target = patch.get(word) if patch.is_map else None
            if target is not None and isinstance(target.value, str):
                out[str(key)] = (patch.key_locs[word], target.value)
    return out


def _once(errors: list[DeckError]) -> list[DeckError]:
    """Each error once: a file that breaks the files built on it is reported where it was written, not once
    for each of them."""
    seen: set[str] = set()
    out = []
    for error in errors:
        if error.line() not in seen:
            seen.add(error.line())
            out.append(error)
    return out


def _chain(path: Path, files: Mapping[Path, Path | None]) -> set[Path]:
    """The file and every file it extends, as far as the chain goes inside the project."""
    return set(_ordered_chain(path, files))


def _ordered_chain(path: Path, files: Mapping[Path, Path | None]) -> list[Path]:
    """The file, the file it extends, and so on, as far as the chain goes inside the project."""
    out: list[Path] = []
    at: Path | None = path
    while at is not None and at not in out:
        out.append(at)
        at = files.get(at)
    return out


def _build(path: Path, options: Options) -> list[DeckError]:
    """What building `path` (each deck of a `counties:` file) in memory reports; [] when it builds."""
    try:
        jobs = plan([path], None, options, write=False)
        for job in jobs:
            prepare(job.content, job.options)
    except DeckError as exc:
        return list(errors_of(exc))
    return []


def _renamed(error: DeckError, root: Path) -> DeckError:
    """An error from the mirror, naming the project's files as they are named in it, said of the patches."""

    def named(text: str) -> str:
        return text.replace(f"{root}{os.sep}", "")

    def located(loc: Location | None) -> Location | None:
        return Location(named(loc.file), loc.line, loc.col) if loc is not None else None

    return DeckError(
        f"would no longer build with the patches: {named(error.problem)}",
        located(error.location),
        path=error.path,
        hint=named(error.hint),
        also=located(error.also),
        also_label=error.also_label,
        detail=named(error.detail),
    )


@contextmanager
def _mirror(
    project: Path,
    patched: Mapping[Path, str],
    affected: list[Path],
    files: Mapping[Path, Path | None],
) -> Iterator[Path]:
    """A folder that is the project as it would be: the patched texts, a copy of every content file on the
    affected files' chains, links to everything else."""
    with tempfile.TemporaryDirectory(prefix="make-deck-apply-") as folder:
        root = Path(folder).resolve()
        copied = {p for path in affected for p in _chain(path, files)} | set(patched)
        for path in sorted(copied):
            target = root / path.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path in patched:
                target.write_text(patched[path], "utf-8")
            else:
                target.write_bytes(path.read_bytes())
        for path in copied:
            _links_beside(root, project, path.relative_to(project))
        yield root


def _links_beside(root: Path, project: Path, relative: Path) -> None:
    """Links to the project's other entries in every folder on the way to `relative`."""
    for n in range(len(relative.parts)):
        folder = Path(*relative.parts[:n])
        try:
            entries = list((project / folder).iterdir())
        except OSError:
            continue
        for entry in entries:
            target = root / folder / entry.name
            if not os.path.lexists(target):
                target.symlink_to(entry)
