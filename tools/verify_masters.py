"""Every master LibreOffice ships, and the test masters, against every shipped deck: build, check, SDK, render.

    .venv/bin/python tools/verify_masters.py                 # every LibreOffice template, every deck
    .venv/bin/python tools/verify_masters.py --quick         # the 2019 talk only
    .venv/bin/python tools/verify_masters.py --only Vivid --only Metropolis

For each master and each content file (content/2019.yaml, content/editions/*.yaml, content/landet-2024.yaml
for two counties) it builds the deck and runs `template check` on the same content, and they must agree; it
validates every deck with the Open XML SDK (0 errors), renders them with LibreOffice and checks that every
word lies inside its shape, no word of the chart is broken, the bullets slides' layouts have bullet
characters, and (2019 talk only: sampling pixels is slow) that every word reads at 4.5:1 on what is behind
it. It prints a table and exits 1 on any disagreement or failed check. Renders and decks stay in --out.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.checks.openxml import sdk_errors_all  # noqa: E402
from generator.errors import DeckError, errors_of  # noqa: E402
from generator.pipeline.jobs import Options  # noqa: E402
from generator.pipeline.stages import check  # noqa: E402
from generator.preflight.templatecheck import check_template  # noqa: E402
from tests import masters  # noqa: E402
from tests.pdfboxes import compare  # noqa: E402
from tests.pixels import readings, to_pdfs  # noqa: E402
from tests.test_master_proof import HIGHLIGHT, broken_in_chart, bulleted, named_in_chart  # noqa: E402

COUNTIES = ("34", "42")  # Innlandet, Agder: a county or two of content/landet-2024.yaml
MADE = {
    "4:3 Arial": masters.python_pptx_arial,
    "python-pptx 4:3": masters.python_pptx_default,
    "16:10": masters.sixteen_ten,
    "Norwegian names": masters.norwegian_names,
    "potx": masters.potx,
    "busy picture": masters.busy_picture,
    "footers high": masters.footers_high,
    "dark slide": masters.dark_slide,
}


@dataclass
class Row:
    """One master and one content file: what the build and the check said, and what the render showed."""

    master: str
    content: str
    built: bool = False
    checked: bool = False
    deck: Path | None = None
    error: str = ""
    sdk: int | None = None
    outside: int | None = None
    low: int | None = None
    broken: int | None = None
    bullets: bool | None = None
    named: bool | None = None  # the talk's highlighted county named on its chart
    notes: list[str] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        return self.built == self.checked

    @property
    def ok(self) -> bool:
        counts = (self.sdk, self.outside, self.low, self.broken)
        return (
            self.agree and not any(counts) and self.bullets is not False and self.named is not False
        )


def contents(quick: bool) -> list[tuple[Path, str | None]]:
    if quick:
        return [(REPO / "content" / "2019.yaml", None)]
    out = [(REPO / "content" / "2019.yaml", None)]
    out += [(p, None) for p in sorted((REPO / "content" / "editions").glob("*.yaml"))]
    out += [(REPO / "content" / "landet-2024.yaml", c) for c in COUNTIES]
    return out


def label(content: Path, county: str | None) -> str:
    name = str(content.relative_to(REPO))
    return f"{name} {county}" if county else name


def build_master(name: str, master: Path, quick: bool, out: Path) -> list[Row]:
    """Every content file on one master: built and checked (one worker process a master)."""
    return [build(master, name, content, county, out) for content, county in contents(quick)]


def build(master: Path, name: str, content: Path, county: str | None, out: Path) -> Row:
    row = Row(name, label(content, county))
    options = Options(project=REPO, template=master, county=county)
    try:
        made = check(content, options)
        row.built = True
        # named after the master's name: two masters may share a file stem (norske-navn.pptx and .potx)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
        row.deck = out / f"{slug}-{content.stem}{'-' + county if county else ''}.pptx"
        row.deck.write_bytes(made.data)
    except DeckError as exc:
        row.error = errors_of(exc)[0].line()[:160]
    try:
        report = check_template(master, REPO, [content], county)
        row.checked = not report.errors
    except DeckError as exc:
        row.checked = False
        row.notes.append(f"template check: {exc.line()[:120]}")
    return row


def looked_at(part: list[Row], out: Path) -> list[Row]:
    """One batch of built decks rendered by one LibreOffice run, and each render looked at."""
    pdfs = to_pdfs([row.deck for row in part], out)
    for row, pdf in zip(part, pdfs, strict=True):
        comparison = compare(row.deck, pdf)
        row.outside = len(comparison.problems) + abs(comparison.pages - comparison.slides)
        row.notes += [str(p) for p in comparison.problems[:3]]
        row.broken = len(broken_in_chart(pdf))
        row.bullets = bulleted(row.deck)
        if row.content == "content/2019.yaml":
            low = [r for r in readings(pdf) if r.ratio < 4.5 and any(c.isalnum() for c in r.word)]
            row.low = len(low)
            row.notes += [str(r) for r in low[:3]]
            row.named = named_in_chart(pdf, HIGHLIGHT)
    return part


def table(rows: list[Row]) -> str:
    head = f"{'master':24} {'content':40} build check agree  sdk outside low broken bullets named"
    lines = [head, "-" * len(head)]
    for row in rows:
        cells = [
            f"{row.master[:24]:24}",
            f"{row.content[:40]:40}",
            f"{'ok' if row.built else 'FAIL':5}",
            f"{'ok' if row.checked else 'FAIL':5}",
            f"{'yes' if row.agree else 'NO':5}",
            f"{_n(row.sdk):>4}",
            f"{_n(row.outside):>7}",
            f"{_n(row.low):>3}",
            f"{_n(row.broken):>6}",
            f"{'-' if row.bullets is None else 'yes' if row.bullets else 'NO':>7}",
            f"{'-' if row.named is None else 'yes' if row.named else 'NO':>5}",
        ]
        lines.append(" ".join(cells))
    return "\n".join(lines)


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def main() -> int:
    args = arguments()
    started = time.monotonic()
    out = args.out
    (out / "masters").mkdir(parents=True, exist_ok=True)
    found = {"shipped": REPO / "templates" / "base.pptx"}
    found |= {name: make(out / "masters") for name, make in MADE.items()}
    found |= masters.libreoffice_masters(out / "masters", args.only)
    with ProcessPoolExecutor(args.jobs) as pool, ThreadPoolExecutor(1) as node:
        built = pool.map(build_master, found, found.values(), repeat(args.quick), repeat(out))
        rows = [row for part in built for row in part]
        decks = [row.deck for row in rows if row.deck is not None]
        sdk = node.submit(sdk_errors_all, decks)
        rows = rendered(rows, out, args.batch, pool)
        for row in rows:
            if row.deck is not None:
                row.sdk = len(sdk.result()[row.deck])
                row.notes += sdk.result()[row.deck][:2]
    print(table(rows))
    bad = [row for row in rows if not row.ok]
    for row in bad:
        print(f"\n{row.master} / {row.content}: {row.error}")
        for note in row.notes:
            print(f"    {note}")
    disagree = sum(not row.agree for row in rows)
    print(
        f"\n{len(rows)} decks on {len(found)} masters in {time.monotonic() - started:.0f} s: "
        f"{disagree} disagreements, {len(bad)} with a failed check"
    )
    return 1 if bad else 0


def rendered(rows: list[Row], out: Path, batch: int, pool: ProcessPoolExecutor) -> list[Row]:
    """The rows in their order, the built ones rendered in batches side by side (a LibreOffice run each)."""
    built = [row for row in rows if row.deck is not None]
    parts = [built[start : start + batch] for start in range(0, len(built), batch)]
    done = {row.deck: row for part in pool.map(looked_at, parts, repeat(out)) for row in part}
    return [done.get(row.deck, row) for row in rows]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "verify-masters")
    parser.add_argument("--quick", action="store_true", help="the 2019 talk only")
    parser.add_argument(
        "--only", action="append", help="only this LibreOffice template (repeatable)"
    )
    parser.add_argument("--batch", type=int, default=12, help="decks per LibreOffice run")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: one a core)",
    )
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
