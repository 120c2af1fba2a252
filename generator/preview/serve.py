"""`make-deck serve`: build the decks, serve their pages on 127.0.0.1, rebuild on every save, stop on Ctrl-C."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from generator.errors import DeckUsageError
from generator.pipeline.jobs import Job
from generator.preview.live import Live
from generator.preview.server import Server
from generator.preview.watch import watch


def serve(
    jobs: Sequence[Job],
    port: int,
    say: Callable[[str], None],
    open_page: bool = False,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Serve the decks of `jobs` until interrupted (KeyboardInterrupt goes to the caller, the server stopped):
    the address said with `say`, a deck's content error at the start with `warn`."""
    live = Live(jobs)
    try:
        server = Server(live, port)
    except OSError as exc:
        raise DeckUsageError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
            hint="choose another --port, or leave it out for a free one",
        ) from None
    url = f"http://127.0.0.1:{server.port}/"
    thread = threading.Thread(target=server.serve_forever, name="make-deck serve", daemon=True)
    stop = threading.Event()
    thread.start()
    try:
        say(f"make-deck serve: {url} (Ctrl-C stops)")
        for deck in live.decks:
            if deck.error is not None:
                (warn or say)(deck.error)
        if open_page:
            import webbrowser

            webbrowser.open(url)
        watch(live, stop)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
