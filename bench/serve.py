"""Save to page: how long `make-deck serve` takes from a saved content file to the page showing it, for the 2019 talk.

    .venv/bin/python bench/serve.py [--edits 30]

A real server process on a free port, the page in headless Chromium (Debian's chromium and chromium-driver,
through Selenium); each edit changes one bullet of the talk and is timed from just before the file is written
to the moment the page has put the new slide in place (the page's own clock, `window.makeDeckUpdated`, the
same machine's wall clock). Prints the median and the 90th percentile, and the rebuild alone, in process.
Target: a median at most 300 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402
from tests.test_serve import Served  # noqa: E402

TARGET = 0.300  # seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def save_to_page(served: Served, driver, edits: int) -> list[float]:  # noqa: ANN001
    """Seconds from each save to the page updated."""
    times = []
    old = "- Hva ønsker vi å oppnå sammen?"
    for n in range(edits + 2):
        new = f"- Hva ønsker vi å oppnå sammen, runde {n}?"
        before = driver.execute_script("return window.makeDeckUpdated || 0")
        time.sleep(0.3)  # the watcher at rest, as between an author's saves
        saved = time.time()
        served.edit(old, new)
        old = new
        deadline = time.monotonic() + 10
        updated = before
        while updated == before and time.monotonic() < deadline:
            time.sleep(0.005)
            updated = driver.execute_script("return window.makeDeckUpdated || 0")
        if updated == before:
            raise RuntimeError(f"edit {n}: the page did not change within 10 s")
        if n >= 2:  # the first two warm the browser's and the server's caches
            times.append(updated / 1000 - saved)
    return times


def rebuild_alone(project: Path, count: int = 10) -> list[float]:
    """Seconds one rebuild of the talk's preview takes in process (what the server does on a save)."""
    from generator.pipeline.jobs import Options, plan
    from generator.preview.deckview import view_deck

    (job,) = plan([project / "content" / "2019.yaml"], None, Options(project=project), write=False)
    view_deck(job)
    out = []
    for _ in range(count):
        start = time.perf_counter()
        view_deck(job)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    if browser.missing():
        print(f"bench/serve.py: {browser.missing()}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="make-deck-bench-serve-") as folder:
        served = Served(Path(folder))
        driver = browser.chromium()
        try:
            driver.get(served.url)
            time.sleep(1.0)
            times = save_to_page(served, driver, args.edits)
        finally:
            browser.close(driver)
            served.stop()
        alone = rebuild_alone(Path(folder))
    median, p90 = statistics.median(times), percentile(times, 0.9)
    print(
        f"save to page, {len(times)} edits: median {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms"
    )
    print(f"rebuild alone, in process: median {statistics.median(alone) * 1000:.0f} ms")
    verdict = "PASS" if median <= TARGET else "FAIL"
    print(f"{verdict}: median {'<=' if median <= TARGET else '>'} {TARGET * 1000:.0f} ms")
    return 0 if median <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
