"""`make-deck serve` without a browser: the server run in this process on a free port of 127.0.0.1 and asked over
HTTP. Each deck has its page, its slides, its stylesheet and its .pptx; a path it did not make is 404 and a Host
that is not its own is refused; a changed file rebuilds the decks that read it (and only those), an open page is
told over its event stream, content broken from the start shows its error until fixed, the watcher sees a save,
and a port already taken is a usage error."""

from __future__ import annotations

import http.client
import io
import json
import queue
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.errors import DeckUsageError
from generator.pipeline.jobs import Options, plan
from generator.preview.live import Live
from generator.preview.serve import serve
from generator.preview.server import HEADERS, Server
from generator.preview.watch import watch

pytestmark = pytest.mark.timeout(30)  # a hang guard: every wait below ends at the first answer
WAIT = 10.0  # seconds a request or an awaited rebuild may take at most

TALK = """title: {title}
date: 2024-01-01
language: nb-NO
slides:
  - layout: {layout}
    title: {title}
    bullets: [Første punkt, Andre punkt]
  - layout: bullets
    title: Fortsettelse
    bullets: [Tredje punkt]
"""


def _write(path: Path, title: str, layout: str = "bullets") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TALK.format(title=title, layout=layout), encoding="utf-8")
    return path


def _live(*contents: Path) -> Live:
    project = contents[0].parent.parent
    return Live(plan(list(contents), None, Options(project=project), write=False))


@contextmanager
def _serving(live: Live) -> Iterator[Server]:
    """The server of `live` answering on its own thread; shut down and closed however the test ends."""
    server = Server(live, 0)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},  # how soon `shutdown` is seen
        name="preview test server",
        daemon=True,
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(WAIT)


def _get(
    server: Server, path: str, host: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    """A request with the path as given and this server's Host (or `host`): status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{server.port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def talks(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    return _write(content / "a.yaml", "Første foredrag"), _write(
        content / "b.yaml", "Andre foredrag"
    )


@pytest.fixture
def two_decks(talks: tuple[Path, Path]) -> Iterator[tuple[Live, Server]]:
    live = _live(*talks)
    with _serving(live) as server:
        yield live, server


def test_the_index_links_a_page_per_deck_and_each_page_shows_its_own_slides(
    two_decks: tuple[Live, Server],
) -> None:
    live, server = two_decks
    status, headers, body = _get(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert re.findall(r'href="(/deck/\d/)"', body.decode()) == ["/deck/1/", "/deck/2/"]
    for number, (own, other) in enumerate(
        [("Første foredrag", "Andre foredrag"), ("Andre foredrag", "Første foredrag")], 1
    ):
        status, headers, body = _get(server, f"/deck/{number}/")
        page = body.decode()
        assert status == 200 and own in page and other not in page
        assert page.count('<section class="slide"') == 2
        assert 'src="app.js"' in page  # the live page keeps itself fresh
        for name, value in HEADERS.items():
            assert headers[name] == value
    assert all(deck.error is None for deck in live.decks)


def test_a_deck_serves_its_slides_stylesheet_fonts_and_pptx(
    two_decks: tuple[Live, Server],
) -> None:
    from pptx import Presentation

    live, server = two_decks
    view = live.decks[0].view
    status, headers, body = _get(server, "/deck/1/slides/1.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"
    assert body.decode() == view.slides[0].svg
    digest = view.slides[1].digest
    status, _, body = _get(server, f"/deck/1/slide/{digest}")
    assert status == 200 and "Fortsettelse" in body.decode()
    status, headers, body = _get(server, "/deck/1/app.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "url('fonts/Carlito-Regular.ttf')" in body.decode()
    status, headers, body = _get(server, "/deck/1/fonts/Carlito-Regular.ttf")
    assert status == 200 and headers["Content-Type"] == "font/ttf" and len(body) > 10_000
    status, _, body = _get(server, "/deck/2/deck.pptx")
    deck = Presentation(io.BytesIO(body))
    assert status == 200 and len(deck.slides) == 2
    assert deck.slides[0].shapes.title.text == "Andre foredrag"


@pytest.mark.parametrize(
    "path",
    [
        "/deck/3/",
        "/deck/0/",
        "/deck/1/slides/3.svg",
        "/deck/1/slide/0123456789abcdef",
        "/deck/1/pictures/0123456789abcdef.png",
        "/deck/1/fonts/NoSuchFace.ttf",
        "/deck/1/a.yaml",
        "/slides/1.svg",
        "/nothing",
    ],
)
def test_a_path_the_server_did_not_make_is_not_found(
    two_decks: tuple[Live, Server], path: str
) -> None:
    status, _, body = _get(two_decks[1], path)
    assert status == 404 and b"<svg" not in body and "Første".encode() not in body


def test_a_request_for_another_host_is_refused(two_decks: tuple[Live, Server]) -> None:
    server = two_decks[1]
    for host in ("evil.example", f"evil.example:{server.port}", f"127.0.0.1:{server.port + 1}"):
        status, _, body = _get(server, "/deck/1/", host=host)
        assert status == 421 and "Første".encode() not in body, host
    assert _get(server, "/deck/1/", host=f"localhost:{server.port}")[0] == 200


def test_head_answers_without_a_body(two_decks: tuple[Live, Server]) -> None:
    status, headers, body = _get(two_decks[1], "/deck/1/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_one_deck_sends_the_index_to_its_page(talks: tuple[Path, Path]) -> None:
    with _serving(_live(talks[0])) as server:
        status, headers, _ = _get(server, "/")
        assert status == 302 and headers["Location"] == "/deck/1/"
        assert _get(server, "/deck/2/")[0] == 404


def test_a_changed_content_file_rebuilds_only_the_deck_that_read_it(
    two_decks: tuple[Live, Server], talks: tuple[Path, Path]
) -> None:
    live, server = two_decks
    first, second = talks
    assert first.resolve() in live.files() and second.resolve() in live.files()
    assert second.resolve() not in live.decks[0].files
    versions = [deck.version for deck in live.decks]
    assert live.rebuild({first.parent / "unrelated.yaml"}) == []
    _write(first, "Første foredrag, ny tittel")
    assert live.rebuild({first.resolve()}) == [1]
    assert [deck.version for deck in live.decks] == [versions[0] + 1, versions[1]]
    page = _get(server, "/deck/1/")[2].decode()
    assert "Første foredrag, ny tittel" in page
    assert "Andre foredrag" in _get(server, "/deck/2/")[2].decode()
    assert "ny tittel" in _get(server, "/deck/1/slides/1.svg")[2].decode()


def _events(server: Server, deck: int) -> tuple[http.client.HTTPConnection, Callable[[], dict]]:
    """An open event stream of a deck, and a function that reads its next `deck` event."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    connection.request("GET", f"/deck/{deck}/events")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next_event() -> dict:
        lines = []
        while (line := response.readline().decode()) != "\n":
            lines.append(line.rstrip("\n"))
        assert lines[0] == "event: deck", lines
        return json.loads(lines[1].removeprefix("data: "))

    return connection, next_event


def test_an_open_page_is_told_of_each_rebuild_with_the_slides_that_changed(
    two_decks: tuple[Live, Server], talks: tuple[Path, Path]
) -> None:
    live, server = two_decks
    connection, next_event = _events(server, 1)
    try:
        before = next_event()  # the state now
        assert before["error"] is None and before["version"] == live.decks[0].version
        assert before["slides"] == [s.digest for s in live.decks[0].view.slides]
        _write(talks[0], "Første foredrag, endret")
        live.rebuild({talks[0].resolve()})
        after = next_event()
        assert after["version"] == before["version"] + 1
        assert after["slides"][0] != before["slides"][0]  # the title slide changed
        assert after["slides"][1] == before["slides"][1]  # the other did not
        status, _, body = _get(server, f"/deck/1/slide/{after['slides'][0]}")
        assert status == 200 and "endret" in body.decode()
    finally:
        connection.close()


def test_content_broken_from_the_start_shows_its_error_until_fixed(tmp_path: Path) -> None:
    content = _write(tmp_path / "content" / "a.yaml", "Et foredrag", layout="bulets")
    live = _live(content)
    (deck,) = live.decks
    assert deck.view is None and "bulets" in deck.error
    with _serving(live) as server:
        status, _, body = _get(server, "/deck/1/")
        page = body.decode()
        assert status == 200 and "bulets" in page and '<section class="slide"' not in page
        assert _get(server, "/deck/1/deck.pptx")[0] == 404
        assert _get(server, "/deck/1/slides/1.svg")[0] == 404
        _write(content, "Et foredrag")
        assert live.rebuild({content.resolve()}) == [1]
        assert deck.error is None
        page = _get(server, "/deck/1/")[2].decode()
        assert page.count('<section class="slide"') == 2 and "bulets" not in page


def test_the_watcher_rebuilds_a_deck_when_its_file_is_saved_and_stops_when_told(
    talks: tuple[Path, Path],
) -> None:
    live = _live(*talks)
    states = live.listen(live.decks[1])
    states.get_nowait()  # the state now
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(live, stop), name="preview test watcher")
    watcher.start()
    try:
        state = None
        for _ in range(round(WAIT / 0.25)):  # saved again until the watcher, once started, sees it
            _write(talks[1], "Andre foredrag, lagret")
            try:
                state = json.loads(states.get(timeout=0.25))
                break
            except queue.Empty:
                continue
        assert state is not None, "the watcher never rebuilt the deck"
        assert live.decks[1].view.title == "Andre foredrag, lagret"
        assert live.decks[0].version == 1  # the other deck read no file that changed
    finally:
        stop.set()
        watcher.join(WAIT)
    assert not watcher.is_alive()


def test_a_port_already_taken_is_a_usage_error_naming_it(talks: tuple[Path, Path]) -> None:
    jobs = plan([talks[0]], None, Options(project=talks[0].parent.parent), write=False)
    said: list[str] = []
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(DeckUsageError) as caught:
            serve(jobs, port, said.append)
    assert f"cannot listen on 127.0.0.1:{port}" in caught.value.problem
    assert "--port" in caught.value.hint
    assert said == []
