"""The project's content files that build on a patched file, built in memory before --apply writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from generator.content.located import load_file
from generator.errors import DeckError, Location, errors_of
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
    builds now but would not with the patched texts; each error as building it would say it."""
    project = options.project.resolve()
    files = content_files(project)
    affected = [path for path in files if _chain(path, files) & set(patched)]
    if not affected:
        return []
    errors: list[DeckError] = []
    with _mirror(project, patched, affected, files) as root:
        mirrored = Options(project=root, allow=(project, *options.allow))
        for path in affected:
            after = _build(root / path.relative_to(project), mirrored)
            if after and not _build(
                path, replace(options, template=None, audience=None, county=None)
            ):
                errors += [_renamed(e, root) for e in after]
    return _once(errors)


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
    out: set[Path] = set()
    at: Path | None = path
    while at is not None and at not in out:
        out.add(at)
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
