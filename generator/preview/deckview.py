"""One deck's preview: each slide drawn, with notes, findings and content id; the files read; the .pptx built."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.layouts import search_dirs
from generator.errors import Location
from generator.findings import Check, Finding
from generator.model.deck import SlideSpec
from generator.model.shapes import Picture
from generator.pipeline.jobs import Job
from generator.pipeline.stages import Prepared, prepare
from generator.preview.svg import Drawing, PictureLink, draw_slide

# the picture kinds a browser shows, by file suffix
SHOWN = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
SHOWN |= {".bmp": "image/bmp", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class SlideView:
    """One slide as the page shows it."""

    number: int
    key: str  # the content slide it came from (its id, or slides[N])
    layout: str
    svg: str
    notes: str
    findings: tuple[str, ...]  # `file:line:col: slide N: field: check: message`
    unseen: tuple[str, ...]  # what the preview does not draw as the deck shows it

    @property
    def digest(self) -> str:
        """What identifies the slide's look and details: equal slides, equal digests."""
        parts = (self.key, self.layout, self.svg, self.notes, *self.findings, *self.unseen)
        return hashlib.blake2b("\x00".join(parts).encode(), digest_size=8).hexdigest()


@dataclass
class DeckView:
    """A deck's preview: its slides, what it found about the deck as a whole, the files it read."""

    label: str
    title: str
    size: tuple[float, float]
    slides: tuple[SlideView, ...]
    findings: tuple[str, ...]  # about the deck, not one slide
    files: frozenset[Path]
    pictures: Mapping[str, Path]  # a picture's name on the page -> its file
    prepared: Prepared
    _pptx: bytes = b""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def pptx(self) -> bytes:
        """The .pptx as a build writes it, from the same model (made when first asked for)."""
        from generator.writer.parts import render_pptx

        with self._lock:
            if not self._pptx:
                self._pptx = render_pptx(self.prepared.model, self.prepared.master)
            return self._pptx


def view_deck(job: Job, spelling: bool = True) -> DeckView:
    """The preview of one deck; a DeckError (located) when its content has a problem."""
    prepared = prepare(job.content, job.options)
    model, master = prepared.model, prepared.master
    findings = list(prepared.findings)
    if spelling:
        findings += _spelling(prepared, job)
    pictures: dict[str, Path] = {}

    def link(path: Path) -> str | None:
        kind = SHOWN.get(path.suffix.lower())
        if kind is None:
            return None
        name = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16] + path.suffix.lower()  # noqa: S324
        pictures[name] = path.resolve()
        return f"pictures/{name}"

    slides = []
    for slide in model.slides:
        drawing = _drawn(slide, prepared, link, pictures)
        slides.append(
            SlideView(
                slide.number,
                slide.key,
                slide.layout,
                drawing.svg,
                slide.notes,
                tuple(f.line() for f in findings if f.slide == slide.number),
                drawing.unseen,
            )
        )
    return DeckView(
        job.label,
        model.meta.title,
        master.size,
        tuple(slides),
        tuple(f.line() for f in findings if not f.slide),
        frozenset(read_files(prepared, job)),
        pictures,
        prepared,
    )


# What a server keeps between rebuilds of its decks: a slide's drawing (and the pictures it links) by the slide,
# its master and the deck's settings; a text's spelling findings by the text, its language and the words list.
_DRAWN: dict[tuple, tuple[Drawing, dict[str, Path]]] = {}
_SPELT: dict[tuple, tuple[Finding, ...]] = {}
_KEPT = 2048


def _drawn(
    slide: SlideSpec, prepared: Prepared, link: PictureLink, pictures: dict[str, Path]
) -> Drawing:
    """The slide drawn, or as drawn before from an equal slide on the same master."""
    master, meta = prepared.master, prepared.model.meta
    key = (slide, master.path, master.digest, meta)
    try:
        kept = _DRAWN.get(key)
    except TypeError:  # a slide holding something unhashable is drawn every time
        return draw_slide(slide, master, meta, link)
    if kept is None:
        before = dict(pictures)
        drawing = draw_slide(slide, master, meta, link)
        linked = {k: v for k, v in pictures.items() if k not in before}
        if len(_DRAWN) >= _KEPT:
            _DRAWN.clear()
        kept = _DRAWN[key] = (drawing, linked)
    pictures.update(kept[1])
    return kept[0]


def _spelling(prepared: Prepared, job: Job) -> list[Finding]:
    from generator.checks.spelling import (
        model_texts,
        read_word_list,
        register_words,
        spelling_findings,
    )
    from generator.errors import DeckError

    model = prepared.model
    try:
        words = frozenset(read_word_list(job.options.project / "content" / "words.txt"))
        known = words | register_words()
        found: list[Finding] = []
        for text in model_texts(model):  # each text once per process: a save changes a few
            key = (text, model.meta.language, words)
            if key not in _SPELT:
                if len(_SPELT) >= _KEPT:
                    _SPELT.clear()
                _SPELT[key] = tuple(spelling_findings([text], model.meta.language, known))
            found += _SPELT[key]
        return found
    except DeckError as exc:  # no dictionary here: said once, about the deck
        return [Finding(exc.location or Location(model.source), 0, "", Check.SPELLING, exc.problem)]


def read_files(prepared: Prepared | None, job: Job) -> set[Path]:
    """Every file a rebuild of the deck would read again: its content files (the edition and what it extends),
    data files, pictures, master, layouts and the words list."""
    files = {job.content.resolve(), (job.options.project / "content" / "words.txt").resolve()}
    for folder in search_dirs(job.options.project):
        files |= {p.resolve() for p in folder.glob("*.yaml.j2")}
    if prepared is None:
        return files
    model = prepared.model
    files |= {Path(source.rsplit(" sha256:", 1)[0]).resolve() for source in model.sources}
    files |= {Path(table.source).resolve() for table in model.tables.values() if table.source}
    files.add(Path(prepared.master.path).resolve())
    for slide in model.slides:
        files |= {s.image.resolve() for s in slide.shapes if isinstance(s, Picture)}
    return files
