"""Files read under bounds: regular files only, opened without blocking, never read past a size."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import DeckError, Location

# the most any file make-deck reads may hold (a master with its media)
MAX_BYTES = 256 * 1024 * 1024

_KINDS = {
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
    stat.S_ISSOCK: "a socket",
    stat.S_ISDIR: "a folder",
}


def read_regular(
    path: Path, where: Location, limit: int = MAX_BYTES, what: str = "file", hint: str = ""
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them. A pipe, device, socket or folder, and a
    file over the limit, are a DeckError at `where`; opening does not wait for a pipe's writer. OSError (no such
    file, no permission) is the caller's to word."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        kind = next((name for test, name in _KINDS.items() if test(info.st_mode)), None)
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
