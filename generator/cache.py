"""The user's cache folder: what make-deck keeps between runs, each entry checked before use and made anew if bad."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 2  # bump when what is kept changes shape: every kind then starts afresh
MEMOS: dict[str, Any] = {}  # the in-process memos by name (see `memo`)
KEPT_VALUES = 1000  # values one KeptValues file holds
_DIGEST = 16


def memo(name: str, size: int) -> Callable[[Callable[..., Any]], Any]:
    """A bounded in-process memo of a pure function: its results by argument, kept for the next deck of a batch,
    the least recently used dropped first. Registered by name, so they can be listed and cleared."""
    import functools

    def wrap(function: Callable[..., Any]) -> Any:
        cached = functools.lru_cache(maxsize=size)(function)
        MEMOS[name] = cached
        return cached

    return wrap


def clear_memos() -> None:
    """Forget everything the in-process memos keep (a deck is then made as a fresh process makes it)."""
    for cached in MEMOS.values():
        cached.cache_clear()


def folder(kind: str) -> Path | None:
    """The folder for one kind of cache entry (`make-deck` in the platform's user cache folder, e.g.
    ~/.cache/make-deck or $XDG_CACHE_HOME/make-deck), or None when it cannot be made or written."""
    import platformdirs

    path = Path(platformdirs.user_cache_dir("make-deck", appauthor=False)) / f"{kind}-{FORMAT}"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def write(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all; a failure only costs the next run the time."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def _sealed(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def _opened(data: bytes) -> bytes | None:
    """The payload of a sealed file, or None when it is damaged (its digest does not match)."""
    digest, payload = data[:_DIGEST], data[_DIGEST:]
    return payload if hashlib.blake2b(payload, digest_size=_DIGEST).digest() == digest else None


def stamp(source: Path) -> str:
    """A name for what is made from `source`: its name, size and time, so a changed file starts afresh."""
    info = source.stat()
    return f"{source.name}-{info.st_size}-{info.st_mtime_ns}"


def kept_json(kind: str, key: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """`make()`'s JSON-able result, kept under `key`; an entry that is damaged or not `valid` is made again."""
    where = folder(kind)
    if where is None:
        return make()
    path = where / f"{key}.json"
    try:
        payload = _opened(path.read_bytes())
        value = json.loads(payload) if payload is not None else None
        if value is not None and valid(value):
            return value
    except (OSError, ValueError):
        pass
    value = make()
    write(path, _sealed(json.dumps(value, ensure_ascii=False).encode()))
    return value


class KeptValues:
    """Text values worked out with a library, kept under `key` (name and version of the library's file)."""

    def __init__(self, kind: str, key: str) -> None:
        self.path: Path | None = None
        self.values: dict[str, str] = {}
        where = folder(kind)
        if where is None:
            return
        self.path = where / f"{key}.json"
        try:
            payload = _opened(self.path.read_bytes())
            kept = json.loads(payload) if payload is not None else None
        except (OSError, ValueError):
            kept = None
        if isinstance(kept, dict):
            self.values = {
                k: v for k, v in kept.items() if isinstance(k, str) and isinstance(v, str)
            }

    def get(self, key: str, make: Callable[[], str]) -> str:
        """The value kept for `key`, else `make()`'s (then kept: one small file, replaced whole)."""
        if key in self.values:
            return self.values[key]
        value = self.values[key] = make()
        # the oldest go: the file stays small to read and rewrite
        while len(self.values) > KEPT_VALUES:
            del self.values[next(iter(self.values))]
        if self.path is not None:
            write(self.path, _sealed(json.dumps(self.values, ensure_ascii=False).encode()))
        return value


def jinja_cache() -> Any:
    """Compiled templates kept between runs, or None without a cache folder."""
    where = folder("jinja")
    if where is None:
        return None
    from jinja2 import BytecodeCache

    class Sealed(BytecodeCache):
        """Jinja's compiled code in sealed files: a damaged or foreign file is compiled again, never run."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                payload = _opened((where / _bucket_file(bucket)).read_bytes())
                bucket.code = marshal.loads(payload) if payload is not None else None
            except (OSError, ValueError, EOFError, TypeError):
                bucket.code = None

        def dump_bytecode(self, bucket: Any) -> None:
            write(where / _bucket_file(bucket), _sealed(marshal.dumps(bucket.code)))

    return Sealed()


def _bucket_file(bucket: Any) -> str:
    """A compiled template's file: by Jinja's key, the template's checksum and this Python's version."""
    import jinja2

    tag = f"{bucket.key}-{bucket.checksum}-{sys.implementation.cache_tag}-{jinja2.__version__}"
    return hashlib.blake2b(tag.encode(), digest_size=16).hexdigest() + ".bin"
