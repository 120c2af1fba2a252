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
    stat = source.stat()
    key = f"{source.name}-{stat.st_size}-{stat.st_mtime_ns}-v{VERSION}.json"
    path = folder / key
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = make()
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass
    return value


class KeptValues:
    """Text values worked out with a library, kept between runs in the user's cache folder by a key; the file is
    named after the library file `source` (name, size, time), so another version of it starts afresh."""

    def __init__(self, kind: str, source: Path) -> None:
        self.folder = cache_dir(kind)
        self.path: Path | None = None
        self.values: dict[str, Any] = {}
        if self.folder is None:
            return
        try:
            stat = source.stat()
        except OSError:
            self.folder = None
            return
        self.path = self.folder / f"{source.parent.name}-{stat.st_size}-{stat.st_mtime_ns}-v{VERSION}.json"
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            self.values = kept if isinstance(kept, dict) else {}
        except (OSError, ValueError):
            pass

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """The value kept for `key`, else `make()`'s (then kept: one small file, replaced whole)."""
        if key in self.values:
            return self.values[key]
        value = self.values[key] = make()
        while len(self.values) > KEPT_VALUES:  # the oldest go: the file stays small to read and rewrite
            del self.values[next(iter(self.values))]
        if self.folder is not None and self.path is not None:
            try:
                fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(self.values, handle, ensure_ascii=False)
                os.replace(tmp, self.path)
            except OSError:
                pass
        return value
