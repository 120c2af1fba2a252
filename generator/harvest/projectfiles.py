"""The files a returned deck names, held to the project, read under bounds, written back as they were."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.editions import MAX_CHAIN
from generator.content.layouts import builtin_dir
from generator.content.located import MAX_BYTES
from generator.errors import DeckError, DeckErrors, Location, printable, shown
from generator.fileio import MAX_BYTES as MAX_MASTER
from generator.fileio import read_regular
from generator.harvest.deckreader import DeckText
from generator.pipeline.jobs import Options
from generator.pipeline.stages import BUILT_IN

_RECORD = re.compile(r"(.+) sha256:([0-9a-f]{64})", re.I)
_MASTER = re.compile(r"(.+) blake2b:([0-9a-f]{32})", re.I)
_BOM = "\ufeff"


@dataclass(frozen=True)
class Recorded:
    """What a deck records of where it came from: each content file (as named when it was built) with its sha256,
    and the master it was built on (None for a deck made before decks recorded it)."""

    sources: tuple[tuple[str, str], ...]
    master: tuple[str, str] | None


def recorded(deck: DeckText, where: Location) -> Recorded:
    """The content files and master the deck records; a name that cannot be a file is refused here."""
    found = []
    for n in range(1, MAX_CHAIN + 2):
        value = deck.properties.get(f"source{n}")
        if value is None:
            break
        if n > MAX_CHAIN:
            raise DeckError(
                f"the deck records more than {MAX_CHAIN} content files, more than an `extends:` chain holds",
                where,
                hint="harvest a deck make-deck built",
            )
        found.append(_record(value, where))
    if not found:
        raise DeckError(
            "make-deck did not make this deck: it records no content files (MakeDeck.Source)",
            where,
            hint="harvest works on decks make-deck built",
        )
    master = deck.properties.get("master")
    return Recorded(tuple(found), _record(master, where, _MASTER) if master else None)


def _record(value: str, where: Location, form: re.Pattern[str] = _RECORD) -> tuple[str, str]:
    match = form.fullmatch(value.strip())
    if match is None or printable(match.group(1)) != match.group(1) or "\n" in match.group(1):
        raise DeckError(
            f"the deck records a source make-deck never writes: {printable(value[:120])!r}",
            where,
            hint="harvest a deck make-deck built",
        )
    return match.group(1), match.group(2).lower()


def resolve(name: str, options: Options, where: Location, what: str = "content file") -> Path:
    """A recorded name as the file it is in this project (links followed), before anything is read: one outside
    the project, or missing, is refused with the name as the deck records it."""
    path = Path(name) if Path(name).is_absolute() else options.project / name
    inside = options.sources.inside(path)
    if inside is None or not os.path.lexists(inside):
        where_ = "outside this project" if inside is None else "not in this project"
        raise DeckError(
            f"this deck was made from the {what} {name}, which is {where_}",
            where,
            hint="harvest a deck in the project folder it was built in (make-deck reads no file "
            "outside it, unless --allow-dir names its folder)",
        )
    return inside


def read_bytes(path: Path, name: str, limit: int = MAX_BYTES, what: str = "content file") -> bytes:
    """A file of the project as bytes: a regular file, at most `limit` of them."""
    try:
        return read_regular(path, Location(name), limit, what)
    except OSError as exc:
        raise DeckError(f"cannot read: {exc.strerror}", Location(name)) from None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def master_digest(data: bytes) -> str:
    """A master's digest as the master reader keeps it (and a deck records it)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def changed(sources: Sequence[tuple[str, str]], options: Options, where: Location) -> list[str]:
    """The recorded content files whose bytes differ from the deck's record now (each resolved first)."""
    return [
        name
        for name, recorded_digest in sources
        if digest(read_bytes(resolve(name, options, where), name)) != recorded_digest
    ]


def changed_error(names: Sequence[str]) -> DeckErrors:
    return DeckErrors(
        [
            DeckError(
                "changed since the deck was made",
                Location(name),
                hint="give --against REV (the git revision the deck was made from), or "
                "--force to compare with the file as it is now",
            )
            for name in names
        ],
        "nothing harvested",
    )


def with_master(
    master: tuple[str, str] | None, options: Options, force: bool, where: Location
) -> Options:
    """The options that rebuild the deck on the master it was built on: the recorded master, found in the
    project; a `--template` given must be that master. Refused with the reason when it is gone or changed
    (`force`: built on it anyway)."""
    if master is None:
        return options
    name, recorded_digest = master
    if options.template is not None:
        given = shown(options.template)
        data = read_bytes(options.template, given, MAX_MASTER, "master")
        if master_digest(data) != recorded_digest and not force:
            raise DeckError(
                f"the deck was built on the master {name}, and {given} is another "
                "(or that one changed since)",
                where,
                hint="give --template with the master the deck was built on, or --force",
            )
        return options
    if name == BUILT_IN:
        data = read_bytes(
            builtin_dir() / "base.pptx", "make-deck's own master", MAX_MASTER, "master"
        )
        if master_digest(data) != recorded_digest and not force:
            raise DeckError(
                "the deck was built on make-deck's own master of another version",
                where,
                hint="give --force to rebuild it on this version's master (texts may fit differently)",
            )
        return options
    try:
        path = resolve(name, options, where, "master")
    except DeckError as exc:
        raise DeckError(exc.problem, where, hint="give --template with that master") from None
    if master_digest(read_bytes(path, name, MAX_MASTER, "master")) != recorded_digest and not force:
        raise DeckError(
            f"the deck was built on the master {name}, which changed since",
            where,
            hint="give --template with the master it was built on, or --force",
        )
    return replace(options, template=path)


@contextmanager
def from_git(
    sources: Sequence[tuple[str, str]], against: str, options: Options, where: Location
) -> Iterator[Path]:
    """A folder holding each recorded file as it was at the git revision `against` (its hash checked), beside
    links to the rest of the project on their way."""
    if against.startswith("-"):
        raise DeckError(f"'{against}' is not a git revision", where)
    with tempfile.TemporaryDirectory(prefix="make-deck-harvest-") as folder:
        names = []
        for name, recorded_digest in sources:
            real = resolve(name, options, where)
            if not real.is_relative_to(options.project.resolve()):
                raise DeckError(
                    f"cannot rebuild {name} from git: it lies outside the project folder", where
                )
            relative = real.relative_to(options.project.resolve())
            data = _git_show(against, str(relative), where)
            if digest(data) != recorded_digest:
                raise DeckError(
                    f"{name} at {against} is not the version the deck was made from",
                    where,
                    hint="give the revision the deck was built from",
                )
            target = Path(folder) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            names.append(relative)
        _mirror(Path(folder), names, options.project.resolve())
        yield Path(folder)


def _mirror(root: Path, names: Sequence[Path], project: Path) -> None:
    """Beside the files from git, links to everything else of the project on their way (data files, pictures),
    so that the content finds what it names."""
    on_way = {Path(*name.parts[:n]) for name in names for n in range(1, len(name.parts) + 1)}
    folders = {Path(*name.parts[:n]) for name in names for n in range(len(name.parts))}
    for folder in folders:
        try:
            entries = list((project / folder).iterdir())
        except OSError:
            continue
        for entry in entries:
            relative = entry.relative_to(project)
            if relative not in on_way and not (root / relative).exists():
                (root / relative).symlink_to(entry)


def _git_show(revision: str, name: str, where: Location) -> bytes:
    """A file's bytes at a git revision, read no further than a content file's bound."""
    try:
        with subprocess.Popen(
            ["git", "show", f"{revision}:./{name}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            data = process.stdout.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                process.kill()
                raise DeckError(f"{name} at {revision} is larger than a content file may be", where)
            error = process.stderr.read(4096)
            code = process.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DeckError(f"git could not be run: {exc}", where) from None
    if code != 0:
        message = error.decode("utf-8", "replace").strip().splitlines()
        raise DeckError(
            f"git cannot show {name} at {revision}: {message[0] if message else 'failed'}", where
        )
    return data


@dataclass(frozen=True)
class Text:
    """A content file's text as harvest edits it (line breaks as \\n, no byte order mark), and how to write it
    back as the file was: its line breaks, its mark, its mode."""

    text: str
    crlf: bool = False
    bom: bool = False

    def encoded(self, text: str) -> bytes:
        out = text.replace("\n", "\r\n") if self.crlf else text
        return ((_BOM if self.bom else "") + out).encode("utf-8")


def read_text(path: Path, name: str) -> Text:
    """A content file (or data file) of the project as `Text`; UTF-8, as the loader reads it."""
    data = read_bytes(path, name, max(MAX_BYTES, 5 * 1024 * 1024))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DeckError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X})", Location(name)
        ) from None
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    return Text(text.replace("\r\n", "\n") if crlf else text, crlf, bom)


def writable(path: Path, name: str) -> DeckError | None:
    """Why a content file may not be written by --apply (None when it may): a read-only file is the author's
    word that it stays as it is."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return DeckError(f"cannot write: {exc.strerror}", Location(name))
    if not mode & stat.S_IWUSR:
        return DeckError(
            "is read-only: nothing was written into it",
            Location(name),
            hint=f"make it writable (chmod u+w {name}) if the speaker's edits should go in",
        )
    return None


def write_kept(path: Path, data: bytes) -> None:
    """Replace the file at `path` (a resolved regular file) with `data` atomically, its mode and owner kept."""
    info = path.stat()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(PermissionError):  # as another user: ours, its mode kept
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DeckError(f"cannot write: {exc.strerror}", Location(shown(path))) from None


def texts_of(paths: Mapping[str, Path]) -> dict[str, Text]:
    return {name: read_text(path, name) for name, path in paths.items()}
