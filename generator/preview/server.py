"""The preview's HTTP server: 127.0.0.1 only, its own paths only, its own Host only, updates as events."""

from __future__ import annotations

import queue
import re
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from generator.preview.fontfaces import font_files
from generator.preview.live import Deck, Live
from generator.preview.page import asset, page, stylesheet, waiting_page

HOST = "127.0.0.1"
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; script-src 'self'; "
    "style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# refused before anything else: a way out of the served paths, however it is spelt
_UNSAFE = re.compile(r"\.\.|%2e|%2f|%5c|\\|%00|\x00|//", re.IGNORECASE)
_DECK = re.compile(r"/deck/(\d{1,4})/(.*)")
_SLIDE = re.compile(r"slide/([0-9a-f]{16})")
_SVG = re.compile(r"slides/(\d{1,4})\.svg")
_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".ttf": "font/ttf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class Server(ThreadingHTTPServer):
    """One server for the decks of `live`; it binds to 127.0.0.1 whatever it is asked."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, live: Live, port: int = 0) -> None:
        self.live = live
        super().__init__((HOST, port), Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def hosts(self) -> frozenset[str]:
        """The Host headers this server answers: its own address, by number or as localhost."""
        return frozenset({f"{HOST}:{self.port}", f"localhost:{self.port}"})


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD for the page, its files, its slides and its events; anything else is refused."""

    server: Server
    protocol_version = "HTTP/1.1"
    server_version = "make-deck"
    sys_version = ""

    def version_string(self) -> str:
        return "make-deck"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        """Quiet: a page fetches a slide per change, and the terminal is the author's."""

    def do_HEAD(self) -> None:  # noqa: N802 - the standard library's name
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        if self.headers.get("Host", "") not in self.server.hosts():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"not this server's name\n", "text/plain")
            return
        if _UNSAFE.search(self.path) or not self.path.startswith("/"):
            self._send(HTTPStatus.BAD_REQUEST, b"not a path this server serves\n", "text/plain")
            return
        path = urlsplit(self.path).path
        if path == "/":
            self._index(head)
            return
        if path == "/favicon.ico":  # asked for by every browser: nothing to show
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", head=True)
            return
        match = _DECK.fullmatch(path)
        number = int(match.group(1)) if match else 0
        if not match or not 1 <= number <= len(self.server.live.decks):
            self._send(HTTPStatus.NOT_FOUND, b"no such page\n", "text/plain")
            return
        deck = self.server.live.decks[number - 1]
        if match.group(2) == "events":
            self._events(deck)
            return
        found = self._deck_file(deck, match.group(2))
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"no such file\n", "text/plain")
        else:
            self._send(HTTPStatus.OK, *found, head=head)

    def _index(self, head: bool) -> None:
        decks = self.server.live.decks
        if len(decks) == 1:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/deck/1/")
            self.send_header("Content-Length", "0")
            self._security()
            self.end_headers()
            return
        from html import escape

        items = "".join(
            f'<li><a href="/deck/{n}/">{escape(d.job.label)}</a></li>'
            for n, d in enumerate(decks, 1)
        )
        body = f'<!doctype html><meta charset="utf-8"><title>make-deck</title><ul>{items}</ul>'
        self._send(HTTPStatus.OK, body.encode(), "text/html; charset=utf-8", head=head)

    def _deck_file(self, deck: Deck, rest: str) -> tuple[bytes, str] | None:
        """The bytes and type of one of the deck's paths, or None: only names this server made."""
        view = deck.view
        fixed: dict[str, Callable[[], tuple[bytes, str]]] = {
            "": lambda: (self._page(deck), "text/html; charset=utf-8"),
            "app.css": lambda: (stylesheet().encode(), _TYPES[".css"]),
            "app.js": lambda: (asset("app.js").encode(), _TYPES[".js"]),
            "deck.pptx": lambda: (view.pptx(), _TYPES[".pptx"]),
        }
        if rest in fixed and (view is not None or rest in ("", "app.css", "app.js")):
            return fixed[rest]()
        if rest.startswith("fonts/") and rest[6:] in font_files():
            return font_files()[rest[6:]].read_bytes(), _TYPES[".ttf"]
        if view is None:
            return None
        return self._slide_file(deck, rest)

    def _slide_file(self, deck: Deck, rest: str) -> tuple[bytes, str] | None:
        from generator.preview.deckview import SHOWN

        view = deck.view
        slide = _SLIDE.fullmatch(rest)
        if slide and slide.group(1) in deck.sections:
            return deck.sections[slide.group(1)].encode(), "text/html; charset=utf-8"
        svg = _SVG.fullmatch(rest)
        if svg and 1 <= int(svg.group(1)) <= len(view.slides):
            return view.slides[int(svg.group(1)) - 1].svg.encode(), "image/svg+xml"
        if rest.startswith("pictures/") and rest[9:] in view.pictures:
            path = view.pictures[rest[9:]]
            return path.read_bytes(), SHOWN[path.suffix.lower()]
        return None

    def _page(self, deck: Deck) -> bytes:
        if deck.view is None:
            return waiting_page(deck.job.label, deck.error or "").encode()
        return page(deck.view, live=True, name=deck.name).encode()

    def _events(self, deck: Deck) -> None:
        """The deck's state now and after every rebuild, as `deck` events, until the page goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self._security()
        self.end_headers()
        listener = self.server.live.listen(deck)
        try:
            while True:
                try:
                    state = listener.get(timeout=KEEP_ALIVE)
                    message = f"event: deck\ndata: {state}\n\n"
                except queue.Empty:
                    message = ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            self.server.live.forget(deck, listener)
            self.close_connection = True

    def _security(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self._security()
        self.end_headers()
        if not head:
            self.wfile.write(body)
