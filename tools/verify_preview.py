"""Every slide of every shipped deck: its preview (Chromium drawing the SVG) against LibreOffice's render of the
built .pptx, by the measure of tests/previewcheck.py, and its text against fitting's lines; per-deck figures.

    .venv/bin/python tools/verify_preview.py [--keep DIR]

Needs LibreOffice, poppler, chromium and chromium-driver (tools/install-system-deps.sh) and selenium
(`pip install -e '.[test]'`). One soffice call renders all decks. Exit 1 when a slide agrees below 0.9,
misses a word of the deck or breaks a line elsewhere than fitting measured.
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

from generator.pipeline.jobs import Options, plan  # noqa: E402
from generator.preview.deckview import view_deck  # noqa: E402
from tests import browser, previewcheck  # noqa: E402

SHIPPED = (
    "content/2019.yaml",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "content" / "editions").glob("*.yaml")),
    "content/landet-2024.yaml",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="Keep the renders in this folder.")
    args = parser.parse_args()
    reason = browser.missing()
    if reason:
        print(f"verify_preview: {reason}", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="make-deck-verify-"))
    folder.mkdir(parents=True, exist_ok=True)
    jobs = plan([ROOT / p for p in SHIPPED], None, Options(project=ROOT), write=False)
    views = {_name(job): view_deck(job, spelling=False) for job in jobs}
    start = time.monotonic()
    office = previewcheck.office_pngs({n: v.pptx() for n, v in views.items()}, folder)
    print(f"LibreOffice rendered {len(views)} decks in {time.monotonic() - start:.0f} s")
    driver = browser.chromium()
    failed = 0
    print(
        f"{'deck':44} {'slides':>6} {'min':>6} {'median':>6} {'IoU min':>7} {'lines':>6} {'words':>6}"
    )
    try:
        for name, view in views.items():
            shots = previewcheck.svg_pngs(
                driver, name, [s.svg for s in view.slides], folder, view.size
            )
            failed += _report(name, view, office[name], shots)
    finally:
        browser.close(driver)
    print(
        f"{'all decks agree' if not failed else f'{failed} slides do not agree'} (bar {previewcheck.BAR})"
    )
    return 1 if failed else 0


def _name(job) -> str:  # noqa: ANN001 - a Job
    relative = job.output.relative_to(ROOT / "build")
    return str(relative.with_suffix("")).replace("/", "--")


def _report(name: str, view, office: list[Path], shots: list[Path]) -> int:  # noqa: ANN001 - a DeckView
    """One deck's line; the number of its slides that fail."""
    model, master = view.prepared.model, view.prepared.master
    scores = [previewcheck.agreement(a, b) for a, b in zip(office, shots, strict=True)]
    written = previewcheck.deck_words(view.pptx())
    lines = words = 0
    failing = []
    for n, (slide, shown, said) in enumerate(zip(model.slides, view.slides, written, strict=True)):
        same_lines = previewcheck.svg_lines(shown.svg) == previewcheck.measured_lines(slide, master)
        all_words = said <= previewcheck.svg_words(shown.svg)
        lines, words = lines + same_lines, words + all_words
        if scores[n].score < previewcheck.BAR or not (same_lines and all_words):
            failing.append(
                f"  slide {n + 1}: {scores[n].score:.3f} lines {same_lines} words {all_words}"
            )
        if shown.unseen:
            print(f"  {name} slide {n + 1} says: {'; '.join(shown.unseen)}")
    values = [s.score for s in scores]
    print(
        f"{name:44} {len(scores):6} {min(values):6.3f} {statistics.median(values):6.3f} "
        f"{min(s.iou for s in scores):7.3f} {lines:3}/{len(scores):<2} {words:3}/{len(scores):<2}"
    )
    for line in failing:
        print(line)
    return len(failing)


if __name__ == "__main__":
    sys.exit(main())
