"""Two installs of make-deck on the same content, interleaved round by round: medians and per-round ratios."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "before",
        type=Path,
        help="the make-deck command of one install (e.g. venv-old/bin/make-deck)",
    )
    parser.add_argument("after", type=Path, help="the make-deck command of the other")
    parser.add_argument(
        "--project",
        type=Path,
        required=True,
        help="a folder with content/2019.yaml and content/editions/bench/*.yaml (the editions)",
    )
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    folder = args.project / "content" / "editions" / "bench"
    editions = sorted(str(p.relative_to(args.project)) for p in folder.glob("*.yaml"))
    baseline = [sys.executable, str(ROOT / "bench" / "baseline.py"), "-o", "baseline.pptx"]
    cases = {
        "2019 deck": lambda make: [str(make), "content/2019.yaml", "-o", "deck.pptx"],
        f"{len(editions)} editions -j 1": lambda make: [str(make), "-j", "1", *editions],
        f"{len(editions)} editions -j 2": lambda make: [str(make), "-j", "2", *editions],
        "--help": lambda make: [str(make), "--help"],
    }
    for name, argv in cases.items():
        report(name, *timed([argv(args.before), argv(args.after)], args.project, args.rounds))
    report(
        "after's 2019 deck / baseline.py",
        *timed([baseline, cases["2019 deck"](args.after)], args.project, args.rounds),
    )


def timed(commands: list[list[str]], cwd: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Wall times of the two commands, alternating, after one warm-up round."""
    times: list[list[float]] = [[], []]
    for round_ in range(rounds + 1):
        for i, argv in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
            if round_:
                times[i].append(time.perf_counter() - start)
    return times[0], times[1]


def report(name: str, first: list[float], second: list[float]) -> None:
    ratios = [b / a for a, b in zip(first, second, strict=True)]
    print(
        f"{name:<34} {statistics.median(first):7.3f} s  {statistics.median(second):7.3f} s  "
        f"ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})",
        flush=True,
    )


if __name__ == "__main__":
    main()
