"""The decks a server shows, each rebuilt when a file it read changes, every open page told what changed."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DeckError, DeckErrors
from generator.pipeline.jobs import Job
from generator.preview.deckview import DeckView, read_files, view_deck
from generator.preview.page import finding_item, section_body


@dataclass
class Deck:
    """One deck of the server: its job, last good preview, current error and who listens."""

    job: Job
    view: DeckView | None = None
    error: str | None = None
    version: int = 0
    files: frozenset[Path] = frozenset()
    sections: dict[str, str] = field(default_factory=dict)  # a slide's digest -> its section's HTML
    listeners: list[queue.Queue] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file name the deck downloads as."""
        return self.job.output.name

    def state(self) -> str:
        """What a page needs to catch up: the slides by digest (none while the content has an error), the
        error's message, the deck's findings."""
        slides = None
        if self.error is None and self.view is not None:
            slides = [s.digest for s in self.view.slides]
        findings = "".join(finding_item(f) for f in self.view.findings) if self.view else ""
        return json.dumps(
            {"version": self.version, "error": self.error, "slides": slides, "findings": findings}
        )


class Live:
    """Every deck being served; `rebuild` is called from one thread at a time, the rest from any."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        self.decks = [Deck(job) for job in jobs]
        self.lock = threading.Lock()
        for deck in self.decks:
            self._build(deck)

    def files(self) -> frozenset[Path]:
        """Every file any deck read."""
        with self.lock:
            return frozenset(f for deck in self.decks for f in deck.files)

    def rebuild(self, changed: set[Path]) -> list[int]:
        """Rebuild the decks that read a changed file (and those whose content had an error); the numbers
        (from 1) of those rebuilt."""
        done = []
        for n, deck in enumerate(self.decks, 1):
            if deck.error is not None or deck.files & changed:
                self._build(deck)
                done.append(n)
        return done

    def _build(self, deck: Deck) -> None:
        try:
            view = view_deck(deck.job)
        except DeckError as exc:
            collected = exc if isinstance(exc, DeckErrors) else DeckErrors([exc])
            with self.lock:
                deck.error = collected.format_message()
                deck.files = deck.files | frozenset(read_files(None, deck.job))
                deck.version += 1
            self._tell(deck)
            return
        sections = {s.digest: deck.sections.get(s.digest) or section_body(s) for s in view.slides}
        with self.lock:
            deck.view, deck.error, deck.sections = view, None, sections
            deck.files = view.files
            deck.version += 1
        self._tell(deck)

    def _tell(self, deck: Deck) -> None:
        state = deck.state()
        with self.lock:
            listeners = list(deck.listeners)
        for listener in listeners:
            listener.put(state)

    def listen(self, deck: Deck) -> queue.Queue:
        """A queue that gets the deck's state now and after every rebuild."""
        listener: queue.Queue = queue.Queue()
        with self.lock:
            deck.listeners.append(listener)
            listener.put(deck.state())
        return listener

    def forget(self, deck: Deck, listener: queue.Queue) -> None:
        with self.lock:
            if listener in deck.listeners:
                deck.listeners.remove(listener)
