"""Where a batch worker's time goes: its imports, its first and second deck, and the decks after them."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import EDITIONS, ROOT, editions

# Runs in a new process per round: the imports and loading of `builder` (what each process of a batch calls once),
# then each edition timed on its own. Prints milliseconds: start, imports, deck 1, deck 2, median of the rest.
PROBE = """
import statistics, sys, time
start = time.perf_counter()
from pathlib import Path
from generator.commands import app as cli
imported = time.perf_counter()
from generator.pipeline.stages import Options, default_output, make
options = Options(project=Path.cwd())
ready = time.perf_counter()
times = []
for name in sys.argv[1:]:
    began = time.perf_counter()
    make(Path(name), default_output(Path(name), options.project), options)
    times.append(time.perf_counter() - began)
print(*(round(1000 * t, 1) for t in (imported - start, ready - imported, *times[:2], statistics.median(times[2:]))))
"""
COLUMNS = ("command import", "pipeline imports", "deck 1", "deck 2", "median of the rest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="processes to time (default 7)")
    parser.add_argument(
        "--decks", type=int, default=EDITIONS, help=f"editions per process (default {EDITIONS})"
    )
    args = parser.parse_args()
    if args.decks < 3:
        parser.error("--decks must be at least 3")
    with tempfile.TemporaryDirectory(prefix="make-deck-decks-") as work:
        project = Path(work)
        shutil.copytree(ROOT / "content", project / "content")
        files = [str(f) for f in editions(project, args.decks)]
        rows = []
        for _ in range(args.rounds):
            out = subprocess.run(
                [sys.executable, "-c", PROBE, *files],
                cwd=project,
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append([float(v) for v in out.stdout.split()])
    print(f"{args.rounds} processes of {args.decks} editions each, ms (median, min-max):")
    for i, column in enumerate(COLUMNS):
        values = [row[i] for row in rows]
        print(
            f"  {column:<20} {statistics.median(values):7.1f}  {min(values):6.1f}-{max(values):.1f}"
        )


if __name__ == "__main__":
    main()
