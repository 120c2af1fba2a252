"""`make-deck serve` as an author meets it: a real server process, the page in headless Chromium, the content
file edited and the page following within two seconds; and the server refusing what is not its own."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser
from tests.conftest import REPO, copy_talk

pytestmark = pytest.mark.slow
# A hang guard, not a speed limit: how fast a save reaches the page is measured in bench/serve.py
# (held to 300 ms there).
SECONDS = 10.0


class Served:
    """A `make-deck serve` process on a free port, in a project of its own."""

    def __init__(self, project: Path, broken: bool = False) -> None:
        self.project = project
        self.content = copy_talk(project / "content" / "2019.yaml")
        shutil.copy(REPO / "content" / "words.txt", project / "content" / "words.txt")
        if broken:
            self.edit("  - layout: paragraph\n", "  - layout: paragraf\n")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from generator.commands.app import main; main()", "serve"]
            + ["content/2019.yaml"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        line = self.process.stdout.readline()
        assert line.startswith("make-deck serve: http://127.0.0.1:"), (
            line + self.process.stderr.read()
        )
        self.url = line.split()[2]
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def edit(self, old: str, new: str, path: Path | None = None) -> None:
        """Replace `old` (which must be there once) by `new`, as an editor saves a file."""
        path = path or self.content
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    def get(self, path: str, host: str | None = None, method: str = "GET") -> tuple[int, bytes]:
        """A raw request: the path exactly as given, the Host header as given (this server's by default)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def stop(self) -> tuple[int, str]:
        """Ctrl-C: the exit status and what the server said on stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=15)
        finally:
            self.process.kill()
        return self.process.returncode, err


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = Served(tmp_path_factory.mktemp("serve"))
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture(scope="module")
def page(served: Served) -> Iterator:  # noqa: ANN201 - a selenium WebDriver on the served page
    driver = browser.chromium()
    driver.get(served.url)
    _wait(
        driver,
        "document.querySelectorAll('section.slide svg').length > 0 && document.body.dataset.version",
    )
    yield driver
    browser.close(driver)


def _wait(driver, script: str, seconds: float = SECONDS) -> None:  # noqa: ANN001
    """Wait until `script` is true in the page, as the page updates itself; fail if it never is."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds, poll_frequency=0.02).until(
        lambda d: d.execute_script(f"return Boolean({script})"),
        message=f"the page never showed: {script}",
    )


def _slide_text(driver, number: int) -> str:  # noqa: ANN001
    return driver.execute_script(
        f"return document.querySelector('#slide-{number} svg').textContent"
    )


@pytest.mark.browser
def test_the_page_shows_every_slide_its_notes_and_its_id(served: Served, page) -> None:  # noqa: ANN001
    from generator.pipeline.jobs import Options
    from generator.pipeline.stages import prepare

    model = prepare(served.content, Options(project=served.project)).model
    sections = page.find_elements("css selector", "section.slide")
    assert len(sections) == len(model.slides) == 16
    for slide, section in zip(model.slides, sections, strict=True):
        assert (
            section.find_element("css selector", "svg").get_dom_attribute("viewBox")
            == "0 0 960 540"
        )
        assert slide.key in section.find_element("css selector", "h2 .id").text
        notes = section.find_element("css selector", ".notes").text
        for line in slide.notes.split("\n"):
            assert line.strip() in notes
    assert "Vestfold og Telemark i endring" in _slide_text(page, 2)
    link = page.find_element("css selector", "header a[download]")
    assert link.get_attribute("download") == "2019.pptx"
    status, data = served.get("/deck/1/deck.pptx")
    assert status == 200 and data[:2] == b"PK"
    screenshot = os.environ.get("PREVIEW_SCREENSHOT")  # docs/preview.png is taken here
    if screenshot:
        page.execute_script("document.getElementById('slide-3').scrollIntoView()")
        page.save_screenshot(screenshot)


@pytest.mark.browser
def test_each_save_shows_on_the_page_in_place(served: Served, page) -> None:  # noqa: ANN001
    page.execute_script("document.getElementById('slide-7').scrollIntoView()")
    where = page.execute_script("return window.scrollY")
    served.edit("- Hva ønsker vi å oppnå sammen?", "- Hva ønsker vi å oppnå i fellesskap?")
    _wait(page, "document.querySelector('#slide-7 svg').textContent.includes('i fellesskap?')")
    assert page.execute_script("return window.scrollY") == where
    assert "changed" in page.find_element("id", "slide-7").get_attribute("class")
    assert "changed" not in page.find_element("id", "slide-2").get_attribute("class")

    served.edit(
        "    title: Allianser og partnerskapsutvikling\n", "    title: Allianser på nye veier\n"
    )
    _wait(
        page,
        "document.querySelector('#slide-1 svg').textContent.includes('Allianser på nye veier')",
    )

    served.edit(
        "text: En fylkeskommune som naturlig assosieres",
        "text: En fylkeskommune som gjerne forbindes",
    )
    _wait(page, "document.querySelector('#slide-13 svg').textContent.includes('gjerne forbindes')")
    assert "gjerne forbindes" in _slide_text(page, 15)  # the goals' table

    data = served.project / "content" / "data" / "kommuner-per-fylke.csv"
    labels = "Array.from(document.querySelectorAll('#slide-4 svg text')).map(t => t.textContent)"
    assert "80" not in page.execute_script(f"return {labels}")
    served.edit("Viken,51,", "Viken,71,", data)  # the value axis now reaches 80
    _wait(page, f"{labels}.includes('80')")


@pytest.mark.browser
def test_a_content_error_shows_over_the_last_good_slides_until_fixed(served: Served, page) -> None:  # noqa: ANN001
    served.edit("  - layout: paragraph\n", "  - layout: paragraf\n")
    _wait(page, "!document.getElementById('banner').hidden")
    banner = page.find_element("id", "banner").text
    assert "content/2019.yaml:" in banner and "paragraf" in banner
    assert len(page.find_elements("css selector", "section.slide svg")) == 16
    served.edit("  - layout: paragraf\n", "  - layout: paragraph\n")
    _wait(page, "document.getElementById('banner').hidden")
    assert len(page.find_elements("css selector", "section.slide svg")) == 16


@pytest.mark.browser
def test_content_broken_from_the_start_shows_its_slides_once_fixed(tmp_path: Path) -> None:
    server = Served(tmp_path, broken=True)
    driver = browser.chromium()
    try:
        driver.get(server.url)
        _wait(
            driver,
            "document.body.dataset.version === undefined && !document.getElementById('banner').hidden",
        )
        assert "paragraf" in driver.find_element("id", "banner").text
        server.edit("  - layout: paragraf\n", "  - layout: paragraph\n")
        # every slide fetched at once, not one changed slide: more time than an edit gets
        _wait(driver, "document.querySelectorAll('section.slide svg').length === 16", 3 * SECONDS)
        assert driver.find_element("id", "banner").get_attribute("hidden") is not None
    finally:
        browser.close(driver)
        server.stop()


TRAVERSALS = (
    "/../etc/passwd",
    "/deck/1/../../../etc/passwd",
    "/deck/1/%2e%2e/%2e%2e/etc/passwd",
    "/deck/1/%2E%2E%2Fcontent%2F2019.yaml",
    "/deck/1/fonts/..%2f..%2fOFL.txt",
    "/deck/1/fonts/%2e%2e%5c%2e%2e%5cOFL.txt",
    "/deck/1/pictures/..\\..\\content\\2019.yaml",
    "/deck/1/slides/../../content/2019.yaml",
    "/deck/1/fonts/Carlito-Regular.ttf%00.yaml",
    "//etc/passwd",
    "/deck/1/content/2019.yaml",
    "/content/2019.yaml",
    "/deck/2/",
    "/deck/0/",
    "etc/passwd",
)


def test_only_its_own_paths_are_served(served: Served) -> None:
    secret = (served.project / "content" / "2019.yaml").read_bytes()[:40]
    for path in TRAVERSALS:
        status, body = served.get(path)
        assert status in (400, 404), (path, status)
        assert secret not in body and b"root:" not in body, path
    assert served.get("/deck/1/fonts/Carlito-Regular.ttf")[0] == 200
    assert served.get("/deck/1/", method="POST")[0] == 501


def test_a_foreign_host_is_refused(served: Served) -> None:
    """A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) gets nothing."""
    for host in (
        "evil.example",
        f"evil.example:{served.port}",
        "127.0.0.1",
        f"127.0.0.1:{served.port + 1}",
    ):
        status, body = served.get("/deck/1/", host=host)
        assert status == 421, host
        assert b"<svg" not in body
    assert served.get("/deck/1/", host=f"localhost:{served.port}")[0] == 200


def test_it_listens_on_the_loopback_address_only(served: Served) -> None:
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("no /proc/net/tcp here")
    listening = [
        line.split()[1]
        for line in table.read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == served.port
    ]
    assert listening == ["0100007F:" + f"{served.port:04X}"]


def test_ctrl_c_stops_it_with_one_line(tmp_path: Path) -> None:
    server = Served(tmp_path)
    assert server.get("/deck/1/")[0] == 200
    code, err = server.stop()
    assert err.strip().splitlines() == ["make-deck serve: stopped"]
    assert code == 0
