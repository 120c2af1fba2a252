"""The user's cache folder for what make-deck can keep between runs (compiled layouts, font metrics)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = 1


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
