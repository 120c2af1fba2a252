"""Watching the files the decks read (watchfiles) and rebuilding the decks a change touches."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.preview.live import Live

STEP = 40  # milliseconds without a new change before a batch of changes is acted on
TICK = 500  # milliseconds between looks at whether to stop or watch other folders


def watch(live: Live, stop: threading.Event) -> None:
    """Rebuild on every change to a file a deck read, until `stop` is set. The folders holding the files
    are watched (an editor that saves by renaming a new file over the old one is seen too); when the set of
    files changes (a new data file, an edition that extends another), the watch starts again on the new set."""
    from watchfiles import watch as changes_in

    while not stop.is_set():
        files = live.files()
        folders = sorted({f.parent for f in files if f.parent.is_dir()})

        def wanted(change: object, path: str, files: frozenset[Path] = files) -> bool:
            return Path(path) in files

        for changes in changes_in(
            *folders,
            watch_filter=wanted,
            recursive=False,
            step=STEP,
            rust_timeout=TICK,
            yield_on_timeout=True,
            stop_event=stop,
            raise_interrupt=True,
        ):
            if changes:
                live.rebuild({Path(path) for _, path in changes})
            if live.files() != files:
                break
