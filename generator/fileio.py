"""Files read under bounds (regular files only, never past a size) and written whole (a temporary file renamed)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from generator.errors import DeckError, Location, shown

# the most any file make-deck reads may hold (a master with its media)
MAX_BYTES = 256 * 1024 * 1024

_KINDS = {
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
    stat.S_ISSOCK: "a socket",
    stat.S_ISDIR: "a folder",
}


def kind_of(mode: int) -> str | None:
    """What a file of `mode` is when it is not a regular file ("a named pipe", "a folder" ...); None when it is."""
    return next((name for test, name in _KINDS.items() if test(mode)), None)


def read_regular(
    path: Path, where: Location, limit: int = MAX_BYTES, what: str = "file", hint: str = ""
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them. A pipe, device, socket or folder, and a
    file over the limit, are a DeckError at `where`; opening does not wait for a pipe's writer. OSError (no such
    file, no permission) is the caller's to word."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise DeckError(
                f"is {kind}, not a regular {what}",
                where,
                hint=f"give the path of a {what} saved on disk",
            )
        if info.st_size > limit:
            raise _too_large(info.st_size, limit, where, what, hint)
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew while it was read
        raise _too_large(len(data), limit, where, what, hint)
    return data


def _too_large(size: int, limit: int, where: Location, what: str, hint: str) -> DeckError:
    def spaced(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    return DeckError(
        f"the {what} has {spaced(size)} bytes, more than the {spaced(limit)} allowed",
        where,
        hint=hint or f"make the {what} smaller",
    )


def looks_utf16(data: bytes) -> bool:
    """Whether text starts as UTF-16 does: a byte order mark, or ASCII with every other byte zero."""
    head = data[:512]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    pairs = len(head) // 2
    return pairs >= 2 and any(
        head[i::2].count(0) == pairs and head[1 - i :: 2].count(0) == 0 for i in (0, 1)
    )


def refuse_blocking_file(folder: Path) -> None:
    """A DeckError, located at the file, where `folder` or a folder it lies in is there but is a file."""
    found = (p for p in (folder, *folder.parents) if p.exists() and not p.is_dir())
    blocking = next(found, None)
    if blocking is not None:
        raise DeckError(
            f"'{shown(blocking)}' is a file, not a folder",
            Location(shown(blocking)),
            hint="choose an output path in a folder",
        )


def write_atomic(data: bytes, target: Path) -> None:
    """Write to a temporary file beside `target`, then rename: a deck is whole or untouched."""
    _check_target(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DeckError(
            f"cannot write here: {exc.strerror}", Location(str(target.parent))
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DeckError(
            f"cannot write the deck: {exc.strerror}", Location(str(target)), hint=write_hint(exc)
        ) from None


def _check_target(target: Path) -> None:
    """The output path names a regular file (or a new one) in a folder that exists."""
    refuse_blocking_file(target.parent)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise DeckError(
            f"cannot use the output path: {exc.strerror}", Location(str(target))
        ) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise DeckError(
            "the output path is a folder", Location(str(target)), hint="name a .pptx file"
        )
    if mode is not None and not stat.S_ISREG(mode):
        raise DeckError(
            "the output path is not a regular file (a device, a pipe or a socket)",
            Location(str(target)),
            hint="name a .pptx file",
        )
    if not target.parent.is_dir():
        raise DeckError(
            f"the folder '{target.parent}' does not exist",
            Location(str(target)),
            hint="create it first, or choose an output path in a folder that exists",
        )


def write_hint(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder or the file is not writable"
    return "is it open in another program?"
