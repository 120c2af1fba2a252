"""The page of a deck's slides with notes, findings and ids as HTML, every text escaped; and as static files."""

from __future__ import annotations

import re
import shutil
from html import escape
from importlib.resources import files
from pathlib import Path

from generator.pipeline.jobs import Job
from generator.preview.deckview import DeckView, SlideView
from generator.preview.fontfaces import font_css, font_files

_LOCATED = re.compile(r"^(\S+:\d+:\d+):\s")


def asset(name: str) -> str:
    """The text of one of the page's own files (app.js, app.css)."""
    return files("generator.preview").joinpath("static", name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The page's CSS: the shipped faces (under fonts/), then its own rules."""
    return font_css("fonts/") + "\n" + asset("app.css")


def page(deck: DeckView, live: bool, name: str) -> str:
    """The whole page of a deck: `live` adds the script that keeps it fresh (the server's page)."""
    script = '<script src="app.js" defer></script>' if live else ""
    policy = (
        ""
        if live
        else "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">"
    )
    slides = "".join(section(s) for s in deck.slides)
    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{policy}<title>{escape(deck.title)} · make-deck</title>"
        f'<link rel="stylesheet" href="app.css">{script}</head>'
        f"<body{' data-live' if live else ''}>"
        f"{header(deck, name)}"
        '<div id="banner" class="banner" role="alert" hidden></div>'
        f'<main id="slides">{slides}</main></body></html>'
    )


def waiting_page(label: str, error: str) -> str:
    """The live page of a deck whose content has had an error since the server started: the error, and the
    slides as soon as it is fixed."""
    return (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8">'
        f"<title>{escape(label)} · make-deck</title>"
        '<link rel="stylesheet" href="app.css"><script src="app.js" defer></script></head>'
        f'<body data-live class="stale"><header><h1>{escape(label)}</h1><p class="meta">'
        '<span id="count">0 slides</span> · <a href="deck.pptx">Download the .pptx</a></p>'
        '<ul class="findings deck" id="deck-findings"></ul></header>'
        f'<div id="banner" class="banner" role="alert">{escape(error)}</div>'
        '<main id="slides"></main></body></html>'
    )


def header(deck: DeckView, name: str) -> str:
    count = len(deck.slides)
    findings = "".join(finding_item(line) for line in deck.findings)
    return (
        f'<header><h1>{escape(deck.title)}</h1><p class="meta">{escape(deck.label)} · '
        f'<span id="count">{count} {"slide" if count == 1 else "slides"}</span> · '
        f'<a href="deck.pptx" download="{escape(name, quote=True)}">Download the .pptx</a></p>'
        f'<ul class="findings deck" id="deck-findings">{findings}</ul></header>'
    )


def section(slide: SlideView) -> str:
    """A slide's section: its number, content id and layout, the drawing, what is not drawn, notes, findings."""
    return (
        f'<section class="slide" id="slide-{slide.number}" data-digest="{slide.digest}">'
        f"{section_body(slide)}</section>"
    )


def section_body(slide: SlideView) -> str:
    unseen = ""
    if slide.unseen:
        items = "".join(f"<li>{escape(u)}</li>" for u in slide.unseen)
        unseen = (
            f'<div class="unseen"><p>Not drawn here as the deck shows it:</p><ul>{items}</ul></div>'
        )
    notes = (
        "".join(f"<p>{escape(line)}</p>" for line in slide.notes.split("\n"))
        if slide.notes
        else '<p class="none">No notes.</p>'
    )
    findings = "".join(finding_item(line) for line in slide.findings)
    return (
        f'<h2><a href="#slide-{slide.number}">Slide {slide.number}</a>'
        f'<span class="id">id: <code>{escape(slide.key)}</code></span>'
        f'<span class="layout">layout: {escape(slide.layout)}</span></h2>'
        f'<div class="art">{slide.svg}</div>{unseen}'
        f'<div class="notes"><h3>Notes</h3>{notes}</div>'
        f'<ul class="findings">{findings}</ul>'
    )


def finding_item(line: str) -> str:
    """A finding with its place (`file:line:col`) set apart."""
    match = _LOCATED.match(line)
    if match is None:
        return f'<li class="finding">{escape(line)}</li>'
    rest = line[match.end() :]
    return f'<li class="finding"><code class="where">{escape(match.group(1))}</code> {escape(rest)}</li>'


def write_static(deck: DeckView, folder: Path, name: str) -> Path:
    """The page as files in `folder`: index.html, app.css, each slide's SVG, the pictures and fonts it uses,
    and the deck; openable with no server."""
    (folder / "slides").mkdir(parents=True, exist_ok=True)
    (folder / "fonts").mkdir(exist_ok=True)
    for file_name, path in font_files().items():
        shutil.copyfile(path, folder / "fonts" / file_name)
    if deck.pictures:
        (folder / "pictures").mkdir(exist_ok=True)
    for picture_name, path in deck.pictures.items():
        shutil.copyfile(path, folder / "pictures" / picture_name)
    for slide in deck.slides:
        svg = slide.svg.replace('href="pictures/', 'href="../pictures/')
        (folder / "slides" / f"{slide.number:02d}.svg").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + _with_fonts(svg), encoding="utf-8"
        )
    (folder / "app.css").write_text(stylesheet(), encoding="utf-8")
    (folder / name).write_bytes(deck.pptx())
    index = folder / "index.html"
    index.write_text(
        page(deck, live=False, name=name).replace('href="deck.pptx"', f'href="{name}"'),
        encoding="utf-8",
    )
    return index


def write_page(job: Job) -> Path:
    """The static page of one deck in build/<name>/; its index.html."""
    from generator.preview.deckview import view_deck

    return write_static(view_deck(job), job.output.with_suffix(""), job.output.name)


def _with_fonts(svg: str) -> str:
    """A slide's SVG as a file of its own: the faces it draws in, from ../fonts/."""
    head, rest = svg.split(">", 1)
    return f"{head}><style>{font_css('../fonts/')}</style>{rest}"
