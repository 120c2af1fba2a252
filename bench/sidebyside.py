"""Two installs of make-deck on the same content, interleaved round by round: medians and per-round ratios.

Cases (`--only`, comma-separated; all by default):

- `deck`: the project's content/2019.yaml, before against after;
- `1300`: that talk's slides repeated 100 times (ids and texts made unique), before against after;
- `pandoc`: after's 1300-slide deck against pandoc writing the same texts (Markdown) to .pptx;
- `editions`: the project's content/editions/bench/*.yaml in one call, `-j 1` and `-j 2`;
- `help`: `make-deck --help`;
- `baseline`: after building this checkout's content/2019.yaml against bench/baseline.py writing the
  same talk with plain python-pptx.

Each figure is a median of wall times (and of the processes' CPU times, steadier on a busy machine),
each ratio the median of the ratios of the two commands run in the same round.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from run import editions as make_editions
from run import markdown_of, pandoc_path, repeated_content

ROOT = Path(__file__).resolve().parent.parent
CASES = ("deck", "1300", "pandoc", "editions", "help", "baseline")
REPEAT = 100  # the talk's slides this many times: 1,300 slides from 13
# Children write their bytecode as a user's Python does, so no install pays for compiling its
# modules in every round (a shell may set PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _private_cache(folder: Path) -> None:
    """Both installs keep their user cache in `folder`, filled by the warm-up rounds: builds of other
    versions elsewhere on the machine then cannot replace what these read."""
    ENV["XDG_CACHE_HOME"] = str(folder)


class Timed:
    """Wall and CPU seconds of one command, one sample per round."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.argv = argv
        self.cwd = cwd
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, keep: bool) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(self.argv, cwd=self.cwd, check=True, capture_output=True, env=ENV)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if keep:
            self.wall.append(wall)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            self.cpu.append(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
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
        help="a folder with content/2019.yaml (and content/editions/bench/*.yaml, else made there)",
    )
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument(
        "--pandoc-rounds", type=int, default=3, help="rounds with pandoc (about 40 s each)"
    )
    parser.add_argument("--only", default=",".join(CASES), help="cases to run, e.g. deck,1300")
    args = parser.parse_args()
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    if unknown := set(only) - set(CASES):
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    print(f"load average at the start: {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="make-deck-sidebyside-") as tmp:
        _private_cache(Path(tmp) / "cache")
        run_cases(args, only, Path(tmp))
    print(f"load average at the end: {_load()}", flush=True)


def run_cases(args: argparse.Namespace, only: list[str], out: Path) -> None:
    """Each case asked for, in the order of CASES."""
    project = args.project.resolve()
    before, after = str(args.before.resolve()), str(args.after.resolve())
    big = _big_talk(project)
    deck = ["content/2019.yaml", "-o"]
    cases: dict[str, Callable[[], None]] = {
        "deck": lambda: pair(
            "2019 deck",
            [before, *deck, str(out / "before.pptx")],
            [after, *deck, str(out / "after.pptx")],
            project,
            args.rounds,
        ),
        "1300": lambda: pair(
            "1300 slides",
            [before, big, "-o", str(out / "before-1300.pptx")],
            [after, big, "-o", str(out / "after-1300.pptx")],
            project,
            args.rounds,
        ),
        "pandoc": lambda: against_pandoc(after, big, project, out, args.pandoc_rounds),
        "editions": lambda: editions(before, after, project, args.rounds),
        "help": lambda: pair("--help", [before, "--help"], [after, "--help"], project, args.rounds),
        "baseline": lambda: pair(
            "baseline.py / after's 2019 deck (this checkout's talk)",
            [sys.executable, str(ROOT / "bench" / "baseline.py"), "-o", str(out / "base.pptx")],
            [after, "content/2019.yaml", "-o", str(out / "talk.pptx")],
            ROOT,
            args.rounds,
        ),
    }
    try:
        for name in CASES:
            if name in only:
                cases[name]()
    finally:
        (project / big).unlink(missing_ok=True)  # the project's content stays as it was


def _big_talk(project: Path) -> str:
    """content/bench-1300.yaml in the project (its data files are found from there): its 2019 talk repeated,
    removed again when the cases have run."""
    target = project / "content" / f"bench-{13 * REPEAT}.yaml"
    repeated_content(project / "content" / "2019.yaml", REPEAT, target)
    return str(target.relative_to(project))


def pair(name: str, first: list[str], second: list[str], cwd: Path, rounds: int) -> None:
    """The two commands alternating, after one warm-up round (not counted); one report line."""
    a, b = Timed(first, cwd), Timed(second, cwd)
    for round_ in range(rounds + 1):
        a.run(keep=round_ > 0)
        b.run(keep=round_ > 0)
    report(name, a, b)


def against_pandoc(after: str, big: str, project: Path, out: Path, rounds: int) -> None:
    """pandoc writing the texts of after's 1300-slide deck, against after building that deck."""
    pandoc = pandoc_path()
    if pandoc is None:
        print("pandoc: not installed (pip install '.[bench]')", flush=True)
        return
    deck = out / "pandoc-source.pptx"
    subprocess.run([after, big, "-o", str(deck)], cwd=project, check=True, capture_output=True)
    markdown = out / "talk-1300.md"
    markdown.write_text(markdown_of(deck), encoding="utf-8")
    reference = ROOT / "templates" / "base.pptx"
    to_pptx = ["-f", "markdown", "-t", "pptx", "--slide-level=2", "--reference-doc"]
    pair(
        "pandoc / after, 1300 slides",
        [str(pandoc), *to_pptx, str(reference), "-o", str(out / "pandoc.pptx"), str(markdown)],
        [after, big, "-o", str(out / "after-1300.pptx")],
        project,
        rounds,
    )


def editions(before: str, after: str, project: Path, rounds: int) -> None:
    """The project's editions under content/editions/bench/ (100 made there when it has none), in one
    call with one process and with two."""
    folder = project / "content" / "editions" / "bench"
    if not any(folder.glob("*.yaml")):
        make_editions(project, 100)
    files = sorted(str(p.relative_to(project)) for p in folder.glob("*.yaml"))
    for jobs in ("1", "2"):
        name = f"{len(files)} editions -j {jobs}"
        pair(name, [before, "-j", jobs, *files], [after, "-j", jobs, *files], project, rounds)


def report(name: str, first: Timed, second: Timed) -> None:
    """Medians of both, and the median (range) of second / first over the rounds."""
    wall = [b / a for a, b in zip(first.wall, second.wall, strict=True)]
    cpu = [b / a for a, b in zip(first.cpu, second.cpu, strict=True)]
    med = statistics.median
    print(
        f"{name}: {len(wall)} rounds\n"
        f"  wall {med(first.wall):7.3f} s  {med(second.wall):7.3f} s  "
        f"ratio {med(wall):.3f} ({min(wall):.3f}-{max(wall):.3f})\n"
        f"  cpu  {med(first.cpu):7.3f} s  {med(second.cpu):7.3f} s  "
        f"ratio {med(cpu):.3f} ({min(cpu):.3f}-{max(cpu):.3f})",
        flush=True,
    )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
