"""The user's cache folder for what make-deck can keep between runs (compiled layouts, font metrics, dates)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = 1
KEPT_VALUES = 1000  # values one KeptValues file holds


def cache_dir(kind: str) -> Path | None:
    """`$XDG_CACHE_HOME/make-deck/<kind>` (or ~/.cache/...), or None when it cannot be written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "make-deck" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def cached_json(kind: str, source: Path, make: Callable[[], Any]) -> Any:
    """`make()`'s JSON-able result for `source`, kept until the file changes; computed anew when not cached."""
    folder = cache_dir(kind)
    if folder is None:
        return make()
    path = folder / f"{_stamp(source, source.name)}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = make()
    keep_json(path, value)
    return value


def keep_json(path: Path, value: Any) -> None:
    """Write `value` as JSON to `path` in the cache folder, whole or not at all; a failure only costs the next
    run the time."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass


def _stamp(source: Path, name: str) -> str:
    """A cache file name for what was made from `source`: its size and time, so a changed file starts afresh."""
    stat = source.stat()
    return f"{name}-{stat.st_size}-{stat.st_mtime_ns}-v{VERSION}"


class KeptValues:
    """Text values worked out with a library, kept between runs in the user's cache folder by a key; the file is
    named after the library's folder and `source`'s size and time, so another version of it starts afresh."""

    def __init__(self, kind: str, source: Path) -> None:
        self.path: Path | None = None  # None: nothing is kept (no writable cache folder, no such library file)
        self.values: dict[str, Any] = {}
        folder = cache_dir(kind)
        if folder is None:
            return
        try:
            self.path = folder / f"{_stamp(source, source.parent.name)}.json"
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            self.values = kept if isinstance(kept, dict) else {}
        except (OSError, ValueError):  # no library file (then path stays None), nothing kept yet, or not JSON
            pass

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """The value kept for `key`, else `make()`'s (then kept: one small file, replaced whole)."""
        if key in self.values:
            return self.values[key]
        value = self.values[key] = make()
        while len(self.values) > KEPT_VALUES:  # the oldest go: the file stays small to read and rewrite
            del self.values[next(iter(self.values))]
        if self.path is not None:
            keep_json(self.path, self.values)
        return value
