"""What a command line asks to build: one job per deck, with its output path, settled before anything is built."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.content.editions import Sources, find_project, load_edition
from generator.errors import DeckError, DeckUsageError, Location, shown
from generator.fileio import refuse_blocking_file, write_hint

# Folders of the system's devices and processes: an output there is a stream (/dev/stdout), never a deck file.
_SYSTEM = (Path("/dev"), Path("/proc"), Path("/sys"))


@dataclass(frozen=True)
class Options:
    """Where the project is, what may be read, and what the command line sets. `project` is the project's
    folder: `plan` sets it for each content file from where the file lies (`find_project`)."""

    project: Path = field(default_factory=Path.cwd)
    allow: tuple[Path, ...] = ()
    template: Path | None = None
    strict: bool = False
    pdf: bool = False
    audience: str | None = None  # --audience: the deck's audience, over the content's
    county: str | None = None  # one county's deck of a `counties:` file

    @property
    def sources(self) -> Sources:
        return Sources((self.project.resolve(), *(p.resolve() for p in self.allow)))


@dataclass(frozen=True)
class Job:
    """One deck to build: its content file, where it goes, and the options it is built with."""

    content: Path
    output: Path
    options: Options

    @property
    def label(self) -> str:
        """How messages name the deck: its content file (and county, for one of a `counties:` file)."""
        county = f", county {self.options.county}" if self.options.county else ""
        return f"{shown(self.content)}{county}"


def default_output(content: Path, project: Path) -> Path:
    """`build/<stem>.pptx` under the project folder."""
    name = content.name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return project / "build" / f"{name}.pptx"


def plan(
    content: Sequence[Path], output: Path | None, options: Options, write: bool = True
) -> list[Job]:
    """A job for each deck the content files make (a `counties:` file makes one per county), each in the project
    its content file belongs to; never a deck onto a content file, nor two decks onto one file. `write`: the
    decks will be written, so build/ (or the folders -o names) is made."""
    jobs: list[Job] = []
    for path in content:
        own = replace(options, project=find_project(path))
        counties = _counties(path, own)
        if not counties:
            jobs.append(Job(path, output or default_output(path, own.project), own))
            continue
        if output is not None:
            raise DeckUsageError(
                f"-o names one deck, and {shown(path)} makes {len(counties)}",
                Location(str(output)),
                hint="leave -o out: they go to build/<file>/",
            )
        folder = default_output(path, own.project).with_suffix("")
        jobs += [
            Job(path, folder / f"{number}-{_slug(name)}.pptx", replace(own, county=number))
            for number, name in counties
        ]
    if output is not None:
        jobs = [replace(job, output=_output_file(output)) for job in jobs]
    if write:
        for project in dict.fromkeys(job.options.project for job in jobs if output is None):
            _build_folder(project)
        for folder in dict.fromkeys(job.output.parent for job in jobs):
            _make_folder(folder)
    _check_targets(jobs)
    return jobs


def _output_file(output: Path) -> Path:
    """The file `-o` names: a link is followed to the file it names (the link stays a link); a device or a
    stream of the system (/dev/stdout) is refused, since a deck is replaced by renaming a new file over it."""
    given = output.absolute()
    try:
        real = given.resolve()
    except (OSError, RuntimeError) as exc:
        raise DeckUsageError(
            f"cannot follow the output path: {exc}", Location(str(output)), hint="name a .pptx file"
        ) from None
    if any(p.is_relative_to(root) for p in (given, real) for root in _SYSTEM):
        raise DeckError(
            "the output is a device or a stream of the system, not a regular file",
            Location(str(output)),
            hint="name a .pptx file; make-deck writes a deck whole or not at all, so never to a stream",
        )
    if real.exists() and not real.is_file():
        kind = "a folder" if real.is_dir() else "not a regular file (a device, a pipe or a socket)"
        raise DeckError(
            f"the output path is {kind}", Location(str(output)), hint="name a .pptx file"
        )
    return real if given.is_symlink() else output


def _make_folder(folder: Path) -> None:
    """The folder a deck goes to, made with the folders it lies in when they are missing."""
    refuse_blocking_file(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeckError(
            f"cannot make the folder: {exc.strerror}",
            Location(shown(folder)),
            hint=write_hint(exc),
        ) from None


def _counties(path: Path, options: Options) -> list[tuple[str, str]]:
    """The (number, name) of each county a `counties:` file makes a deck for; [] for a plain content file."""
    if options.county is not None or not path.is_file():
        return []
    try:
        tree = load_edition(path, options.sources)
    except DeckError:
        return []  # building it reports the problem
    chosen = tree.get("counties")
    if chosen is None:
        return []
    from generator.content.deck import checked
    from generator.content.format import TOP_KEYS
    from generator.norway import register

    errors: list[DeckError] = []
    wanted, year = checked(TOP_KEYS["counties"], chosen, "counties", errors), tree.get("year")
    if errors or year is None or not isinstance(year.value, int):
        raise (
            errors[0]
            if errors
            else DeckError(
                "`counties:` needs `year:`",
                chosen.loc,
                path="counties",
                hint=f"the register holds {', '.join(map(str, register.years()))}",
            )
        )
    if wanted == "all":
        return [
            (c.number, c.name)
            for c in register.counties(year.value, location=year.loc, path="year")
        ]
    register.counties(year.value, location=year.loc, path="year")
    return [
        (c.number, c.name)
        for c in (
            register.county(n, year.value, location=item.loc, path=f"counties[{i + 1}]")
            for i, (n, item) in enumerate(zip(wanted, chosen.value, strict=True))
        )
    ]


def _slug(name: str) -> str:
    """A county's name as a file name: lower case, words joined by -, Norwegian letters kept."""
    return re.sub(r"[^a-z0-9æøåáčđŋšŧž]+", "-", name.lower()).strip("-")


def _build_folder(project: Path) -> None:
    """build/ in the project, made when missing; never a link that leads elsewhere."""
    build = project / "build"
    if build.is_symlink() or (
        build.exists() and not build.resolve().is_relative_to(project.resolve())
    ):
        raise DeckUsageError(
            "build/ leads outside the project folder",
            Location(shown(build)),
            hint="remove the link, or choose the output with -o",
        )
    try:
        build.mkdir(exist_ok=True)
    except OSError as exc:
        raise DeckError(
            f"cannot make the build folder: {exc.strerror}",
            Location(shown(build)),
            hint=write_hint(exc),
        ) from None


def _check_targets(jobs: Sequence[Job]) -> None:
    sources = {job.content.resolve() for job in jobs}
    seen: dict[Path, Job] = {}
    for job in jobs:
        resolved = job.output.resolve()
        if resolved in sources or resolved.suffix.lower() in (".yaml", ".yml"):
            raise DeckUsageError(
                "the output would replace a content file",
                Location(str(job.output)),
                hint="name a .pptx file",
            )
        if resolved in seen:
            raise DeckUsageError(
                f"{seen[resolved].label} and {job.label} would both be written to {shown(job.output)}",
                Location(str(job.output)),
                hint="rename one of them, or build them one at a time with -o",
            )
        seen[resolved] = job
