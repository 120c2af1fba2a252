"""Whole-process benchmark of make-deck against plain python-pptx and pandoc: a table, PASS/FAIL, JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
MASTER = ROOT / "templates" / "base.pptx"
MIB = 1024 * 1024
SIZES = (13, 130, 1300)
EDITIONS = 100
CASES = ("d", "a", "b", "c")


# Runs each argv in turn from a small process (python -S), timing fork to exit and reading each child's peak
# RSS from wait4: a child forked from this (larger) process would count this process's memory as its own.
LAUNCHER = """
import json, os, sys, time
argvs, peak, rc, last, cpu = json.loads(sys.argv[2]), 0, 0, [], 0.0
start = time.perf_counter()
for argv in argvs:
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    peak, rc, last = max(peak, usage.ru_maxrss), os.waitstatus_to_exitcode(status), argv
    cpu += usage.ru_utime + usage.ru_stime
    if rc:
        break
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"rc": rc, "seconds": seconds, "cpu": cpu, "peak_kib": peak, "argv": last}, out)
"""


class BenchError(RuntimeError):
    """A command of the benchmark failed."""


@dataclass
class Command:
    """One measured thing: one or more processes run one after another, timed as one sample."""

    name: str
    argvs: list[list[str]]
    cwd: Path
    shown: str = ""
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds, peak RSS bytes)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the processes

    @property
    def seconds(self) -> list[float]:
        return [s for s, _ in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(r for _, r in self.samples)

    def run(self) -> tuple[float, int]:
        """Run every process to the end; wall time of all, and the highest peak RSS of any (with its children)."""
        with tempfile.NamedTemporaryFile() as err, tempfile.NamedTemporaryFile("r") as result:
            subprocess.run(
                [sys.executable, "-S", "-c", LAUNCHER, result.name, json.dumps(self.argvs)],
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                check=False,
            )
            text = result.read()
            done = json.loads(text) if text else {"rc": "?", "argv": self.argvs[0]}
            if done["rc"] != 0:
                tail = Path(err.name).read_text(encoding="utf-8", errors="replace")[-1500:]
                raise BenchError(
                    f"{self.name}: `{' '.join(done['argv'])[:200]}` exited {done['rc']}\n{tail}"
                )
            self.cpu.append(done["cpu"])
            return done["seconds"], done["peak_kib"] * 1024

    def stats(self) -> dict:
        secs = self.seconds
        return {
            "shown": self.shown or self.name,
            "runs": len(secs),
            "median_s": self.median,
            "min_s": min(secs),
            "max_s": max(secs),
            "seconds": secs,
            "cpu_s": self.cpu[-len(secs) :],
            "median_cpu_s": statistics.median(self.cpu[-len(secs) :]),
            "peak_rss_mib": [r / MIB for _, r in self.samples],
            "peak_mib": self.peak / MIB,
        }


def interleave(
    commands: list[Command], runs: dict[str, int], warmup: bool, log: Callable[[str], None]
) -> None:
    """Run the commands in rounds (A B C A B C ...) so slow drifts of the machine hit all of them alike."""
    if warmup:
        for cmd in commands:
            log(f"  warm-up {cmd.name}")
            cmd.run()
    for r in range(max(runs[c.name] for c in commands)):
        for cmd in commands:
            if r < runs[cmd.name]:
                cmd.samples.append(cmd.run())
                log(
                    f"  {cmd.name} {r + 1}/{runs[cmd.name]}: {cmd.samples[-1][0]:.3f} s "
                    f"{cmd.samples[-1][1] / MIB:.0f} MiB"
                )


def pair_ratio(a: Command, b: Command) -> dict:
    """a/b from the runs made side by side (same round): median and range."""
    ratios = [x / y for x, y in zip(a.seconds, b.seconds, strict=False)]
    cpu = [x / y for x, y in zip(a.cpu[-len(a.seconds) :], b.cpu[-len(b.seconds) :], strict=False)]
    return {
        "of": f"{a.name} / {b.name}",
        "median": statistics.median(ratios),
        "min": min(ratios),
        "max": max(ratios),
        "pairs": len(ratios),
        "cpu_median": statistics.median(cpu),
    }


# ---------------------------------------------------------------- inputs


def make_deck_path() -> Path:
    """The `make-deck` script installed beside this interpreter (no shell shims in the measurement)."""
    here = Path(sys.executable).parent / "make-deck"
    found = here if here.is_file() else shutil.which("make-deck")
    if not found:
        sys.exit("make-deck is not installed: run `pip install -e .` first")
    return Path(found)


def pandoc_path() -> Path | None:
    """The pandoc binary shipped by the `pypandoc_binary` package (or one on PATH)."""
    try:
        import pypandoc

        return Path(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        return Path(found) if found else None


def repeated_content(source: Path, times: int, target: Path) -> Path:
    """`source` with its `slides:` list repeated `times` times; `vars` and the rest shared.

    Each copy after the first has its number added to the first text of every slide and to its notes, so
    that no slide equals another: make-deck writes a slide equal to one it wrote before from that one's
    bytes, and a deck of repeated slides would measure that, not the work a deck of different slides needs."""
    import copy

    import yaml

    # as make-deck reads it (libyaml is laxer)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    slides = []
    for number in range(1, times + 1):
        for slide in copy.deepcopy(data["slides"]):
            if number > 1:
                _mark_copy(slide, number)
            slides.append(slide)
    data["slides"] = slides
    target.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return target


def _mark_copy(slide: dict, number: int) -> None:
    """Add ` (number)` to a slide's title (else its text, else its first plain text field) and to its notes, and
    `-number` to its id."""
    texts = [k for k in ("title", "text") if isinstance(slide.get(k), str)]
    texts += [
        k
        for k, v in slide.items()
        if k not in ("layout", "notes", "when", "for_each") and isinstance(v, str) and "{{" not in v
    ]
    if texts:
        slide[texts[0]] = f"{slide[texts[0]]} ({number})"
    if isinstance(slide.get("notes"), str):
        slide["notes"] = f"{slide['notes']} ({number})"
    if isinstance(slide.get("id"), str):
        slide["id"] = f"{slide['id']}-{number}"  # ids are unique in a talk


def editions(project: Path, count: int) -> list[Path]:
    """`count` small editions of the 2019 talk, each for another region (under content/, inside the project)."""
    folder = project / "content" / "editions" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(1, count + 1):
        path = folder / f"region-{i:03d}.yaml"
        path.write_text(
            f"extends: ../../2019.yaml\nvars:\n  region: Region {i:03d}\n", encoding="utf-8"
        )
        files.append(path.relative_to(project))
    return files


def markdown_of(deck: Path) -> str:
    """The texts of a built deck as pandoc Markdown: a `##` heading per slide, bullets, `::: notes`."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title
        heading = " ".join(p.text for p in title.text_frame.paragraphs) if title is not None else ""
        out.append(f"## {heading}\n")
        for shape in slide.shapes:
            if shape.has_text_frame and (title is None or shape.element is not title.element):
                out.extend(f"- {p.text}" for p in shape.text_frame.paragraphs if p.text.strip())
        if slide.has_notes_slide:
            out.append(f"\n::: notes\n{slide.notes_slide.notes_text_frame.text}\n:::\n")
    return "\n".join(out) + "\n"


def different_parts(
    a: Path, b: Path, ignore: tuple[str, ...] = ("docProps/core.xml", "docProps/app.xml")
) -> list[str]:
    """Parts of two .pptx files that differ (XML compared in canonical form), the document properties aside
    (make-deck writes its own, a plain script keeps the template's); [] when the same."""
    from lxml import etree

    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = sorted(set(za.namelist()) | set(zb.namelist()))
        diff = []
        for name in names:
            if name in ignore:
                continue
            if name not in za.namelist() or name not in zb.namelist():
                diff.append(name)
                continue
            x, y = za.read(name), zb.read(name)
            if name.endswith((".xml", ".rels")):
                x = etree.tostring(etree.fromstring(x), method="c14n")
                y = etree.tostring(etree.fromstring(y), method="c14n")
            if x != y:
                diff.append(name)
        return diff


def batch_prefix(make_deck: Path) -> list[str] | None:
    """The arguments before `-j N FILE...` when make-deck builds several files in one call, else None."""
    for prefix in (["build"], []):
        out = subprocess.run(
            [str(make_deck), *prefix, "--help"], capture_output=True, text=True
        ).stdout
        if re.search(r"(^|[\s,\[])-j\b", out):
            return prefix
    return None


# ---------------------------------------------------------------- the run


@dataclass
class Bench:
    """Everything one run of the benchmark measured."""

    quick: bool
    runs: int
    log: Callable[[str], None]
    work: Path
    make_deck: Path = field(default_factory=make_deck_path)
    pandoc: Path | None = field(default_factory=pandoc_path)
    commands: dict[str, Command] = field(default_factory=dict)
    ratios: dict[str, dict] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.project = self.work / "project"
        shutil.copytree(ROOT / "content", self.project / "content")
        self.out = self.work / "out"
        self.out.mkdir()

    def n(self, normal: int, quick: int) -> int:
        return quick if self.quick else normal

    def cmd(
        self, name: str, argv: list[str], shown: str = "", argvs: list[list[str]] | None = None
    ) -> Command:
        command = Command(name, argvs or [argv], self.project, shown)
        self.commands[name] = command
        return command

    def content(self, slides: int) -> Path:
        if slides == 13:
            return Path("content/2019.yaml")
        path = self.project / "content" / f"bench-{slides}.yaml"
        if not path.exists():
            repeated_content(self.project / "content" / "2019.yaml", slides // 13, path)
        return path.relative_to(self.project)

    def build(self, slides: int) -> Command:
        out = self.out / f"make-deck-{slides}.pptx"
        name = "make-deck 2019" if slides == 13 else f"make-deck {slides}"
        shown = "make-deck content/2019.yaml" if slides == 13 else f"make-deck ({slides} slides)"
        return self.cmd(
            name, [str(self.make_deck), str(self.content(slides)), "-o", str(out)], shown
        )

    def baseline(self, slides: int) -> Command:
        out = self.out / f"baseline-{slides}.pptx"
        name = "baseline 2019" if slides == 13 else f"baseline {slides}"
        shown = (
            "bench/baseline.py (python-pptx)"
            if slides == 13
            else f"bench/baseline.py --repeat {slides // 13}"
        )
        return self.cmd(
            name,
            [
                sys.executable,
                str(BENCH / "baseline.py"),
                "--repeat",
                str(slides // 13),
                "-o",
                str(out),
            ],
            shown,
        )

    def pandoc_cmd(self, slides: int) -> Command | None:
        if self.pandoc is None:
            self.notes["pandoc"] = "not available (pip install pypandoc_binary)"
            return None
        md = self.out / f"talk-{slides}.md"
        if not md.exists():
            deck = self.out / "make-deck-13.pptx"
            if not deck.exists():
                subprocess.run(
                    [str(self.make_deck), "content/2019.yaml", "-o", str(deck)],
                    cwd=self.project,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            md.write_text(markdown_of(deck) * (slides // 13), encoding="utf-8")
        return self.cmd(
            f"pandoc {slides}",
            [
                str(self.pandoc),
                "-f",
                "markdown",
                "-t",
                "pptx",
                "--slide-level=2",
                "--reference-doc",
                str(MASTER),
                "-o",
                str(self.out / f"pandoc-{slides}.pptx"),
                str(md),
            ],
            f"pandoc ({slides} slides, from Markdown)",
        )

    def case_d(self) -> None:
        """Startup: --help and --version against the bare interpreter."""
        self.log("d: make-deck --help / --version")
        floor = self.cmd(
            "python -c pass", [sys.executable, "-c", "pass"], "python -c pass (interpreter floor)"
        )
        version = self.cmd("make-deck --version", [str(self.make_deck), "--version"])
        helps = self.cmd("make-deck --help", [str(self.make_deck), "--help"])
        cmds = [floor, version, helps]
        interleave(cmds, {c.name: self.runs for c in cmds}, True, self.log)

    def case_a(self) -> None:
        """The 2019 deck against the plain python-pptx script (and pandoc on the same texts)."""
        self.log("a: make-deck content/2019.yaml vs bench/baseline.py")
        deck, base = self.build(13), self.baseline(13)
        cmds = [deck, base]
        pandoc = self.pandoc_cmd(13)
        cmds += [pandoc] if pandoc else []
        interleave(cmds, {c.name: self.runs for c in cmds}, True, self.log)
        self.ratios["a"] = pair_ratio(deck, base)
        diff = different_parts(self.out / "make-deck-13.pptx", self.out / "baseline-13.pptx")
        self.notes["baseline"] = (
            "writes the same parts as make-deck (document properties aside)"
            if not diff
            else f"differs from make-deck in {len(diff)} parts: {', '.join(diff[:6])}"
        )
        self.log(f"  baseline {self.notes['baseline']}")

    def case_b(self) -> None:
        """Linear in slides: 13, 130 and 1300 slides (the 2019 slides repeated) in the same rounds."""
        self.log("b: 13, 130 and 1300 slides")
        small = self.cmd(
            "make-deck 13",
            [str(self.make_deck), "content/2019.yaml", "-o", str(self.out / "make-deck-13b.pptx")],
            "make-deck content/2019.yaml (in b)",
        )
        cmds, runs = [small], {small.name: self.n(7, 3)}
        # make-deck runs in every round; at 1300 slides the baseline and pandoc (30-50 s each) in the first few
        for slides, n, others in (
            (130, self.n(7, 3), self.n(7, 3)),
            (1300, self.n(7, 3), self.n(3, 1)),
        ):
            build = self.build(slides)
            group = [self.baseline(slides)]
            pandoc = self.pandoc_cmd(slides)
            group += [pandoc] if pandoc else []
            cmds += [build, *group]
            runs[build.name] = n
            runs.update((c.name, others) for c in group)
        interleave(cmds, runs, False, self.log)
        if self.pandoc is not None:
            self.ratios["b.pandoc"] = pair_ratio(
                self.commands["make-deck 1300"], self.commands["pandoc 1300"]
            )
        c = self.commands

        def growth(series: list[list[float]]) -> list[float]:
            return [
                ((big - base) / 1287) / ((mid - base) / 117)
                for base, mid, big in zip(*series, strict=False)
            ]

        names = ("make-deck 13", "make-deck 130", "make-deck 1300")
        wall = growth([c[n].seconds for n in names])
        cpu = growth([c[n].cpu[-len(c[n].seconds) :] for n in names])
        self.ratios["b.per_slide"] = {
            "of": "per-slide 1300 / per-slide 130 (same rounds)",
            "median": statistics.median(wall),
            "min": min(wall),
            "max": max(wall),
            "pairs": len(wall),
            "cpu_median": statistics.median(cpu),
        }

    def case_c(self) -> None:
        """Editions in bulk: 100 in one call (-j 1, -j 2) against 100 separate calls."""
        prefix = batch_prefix(self.make_deck)
        if prefix is None:
            self.notes["editions"] = (
                "not available: `make-deck --help` shows no -j (batch mode not there yet)"
            )
            self.log(f"c: {self.notes['editions']}")
            return
        self.log(f"c: {EDITIONS} editions")
        files = [str(f) for f in editions(self.project, EDITIONS)]
        md = str(self.make_deck)
        j1 = self.cmd(
            "editions -j 1",
            [md, *prefix, "-j", "1", *files],
            f"make-deck -j 1 ({EDITIONS} editions)",
        )
        j2 = self.cmd(
            "editions -j 2",
            [md, *prefix, "-j", "2", *files],
            f"make-deck -j 2 ({EDITIONS} editions)",
        )
        apart = self.cmd(
            "editions apart",
            [],
            f"{EDITIONS} x make-deck EDITION (one call each)",
            argvs=[[md, f] for f in files],
        )
        j1.run()  # warm-up, and check the batch writes every deck
        built = list((self.project / "build").glob("region-*.pptx"))
        if len(built) != EDITIONS:
            raise BenchError(f"the batch wrote {len(built)} decks, expected {EDITIONS}")
        interleave(
            [j1, j2, apart],
            {j1.name: self.n(9, 3), j2.name: self.n(9, 3), apart.name: self.n(3, 1)},
            False,
            self.log,
        )
        self.ratios["c.j"] = pair_ratio(j1, j2)
        self.ratios["c.apart"] = pair_ratio(apart, j1)

    # ------------------------------------------------------------ report

    def per_slide(self, slides: int) -> float | None:
        """Seconds per slide at `slides`, the fixed cost of a 13-slide build (same rounds) taken off."""
        big, small = self.commands.get(f"make-deck {slides}"), self.commands.get("make-deck 13")
        if big is None or small is None:
            return None
        return (big.median - small.median) / (slides - 13)

    def targets(self) -> list[dict]:
        c = self.commands

        def target(
            name: str,
            value: float | None,
            limit: float | None,
            unit: str,
            higher: bool = False,
            why: str = "",
        ) -> dict:
            """A measured figure against its limit; without a limit it is reported as information."""
            if limit is None:
                return {
                    "target": name,
                    "value": value,
                    "limit": None,
                    "unit": unit,
                    "verdict": "N/A" if value is None else "info",
                    "rule": "(no target)",
                    "note": why,
                }
            ok = value is not None and (value >= limit if higher else value <= limit)
            verdict = "N/A" if value is None else "PASS" if ok else "FAIL"
            return {
                "target": name,
                "value": value,
                "limit": limit,
                "unit": unit,
                "verdict": verdict,
                "rule": (">= " if higher else "<= ") + f"{limit:g}{unit}",
                "note": why,
            }

        a = self.ratios.get("a")
        growth = self.ratios.get("b.per_slide")
        pandoc = self.ratios.get("b.pandoc")
        j1 = c.get("editions -j 1")
        jr = self.ratios.get("c.j")
        na = self.notes.get("editions", "")
        return [
            target("2019 deck / baseline (interleaved pairs)", a and a["median"], 1.25, "x"),
            target("per-slide cost 1300 / 130 (rounds)", growth and growth["median"], 1.2, "x"),
            target("-j 1 / -j 2 (speed-up)", jr and jr["median"], 1.6, "x", higher=True, why=na),
            target(
                "make-deck --help",
                c["make-deck --help"].median if "make-deck --help" in c else None,
                0.1,
                " s",
            ),
            target(
                "1300 slides / pandoc 1300 (pairs)",
                pandoc and pandoc["median"],
                None,
                "x",
                why=self.notes.get("pandoc", ""),
            ),
            target(
                "per edition, batch of 100, -j 1",
                j1 and j1.median / EDITIONS * 1000,
                None,
                " ms",
                why=na,
            ),
            target(
                "make-deck --version",
                c["make-deck --version"].median if "make-deck --version" in c else None,
                None,
                " s",
            ),
            target(
                "peak memory, 1300 slides",
                c["make-deck 1300"].peak / MIB if "make-deck 1300" in c else None,
                None,
                " MiB",
            ),
        ]

    def report(self) -> dict:
        lines = [
            f"{'command':<46} {'runs':>4} {'median s':>9} {'min-max s':>15} {'cpu s':>7} {'peak MiB':>9}"
        ]
        for cmd in self.commands.values():
            if cmd.samples:
                s = cmd.stats()
                lines.append(
                    f"{s['shown']:<46} {s['runs']:>4} {s['median_s']:>9.3f} "
                    f"{s['min_s']:>7.3f}-{s['max_s']:<7.3f} {s['median_cpu_s']:>7.3f} {s['peak_mib']:>9.1f}"
                )
        print("\n".join(lines))
        print()
        for key in ("130", "1300"):
            per = self.per_slide(int(key))
            if per is not None:
                total = self.commands[f"make-deck {key}"].median / int(key)
                print(
                    f"per slide at {key:>4}: {per * 1000:6.2f} ms marginal, {total * 1000:6.2f} ms all-in"
                )
        for key, r in self.ratios.items():
            print(
                f"ratio {key:<11} {r['of']:<46} median {r['median']:.3f}  ({r['min']:.3f}-{r['max']:.3f}, "
                f"{r['pairs']} pairs; by cpu time {r['cpu_median']:.3f})"
            )
        for key, note in self.notes.items():
            print(f"note: {key}: {note}")
        print()
        targets = self.targets()
        for t in targets:
            value = "-" if t["value"] is None else f"{t['value']:.3f}{t['unit']}"
            extra = f"  ({t['note']})" if t["verdict"] == "N/A" and t["note"] else ""
            print(f"{t['verdict']:<5} {t['target']:<42} {value:>12}  (target {t['rule']}){extra}")
        return {
            "commands": {k: c.stats() for k, c in self.commands.items() if c.samples},
            "ratios": self.ratios,
            "notes": self.notes,
            "targets": targets,
            "per_slide_s": {k: self.per_slide(k) for k in (130, 1300)},
        }


def machine() -> dict:
    """Where and what was measured."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True
        ).stdout.strip()

    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": git("rev-parse", "HEAD"),
        "uncommitted": git("status", "--porcelain", "generator", "templates"),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=11, help="runs of the fast cases (a, d); slow cases run fewer"
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs everywhere (a first look, not a result)"
    )
    parser.add_argument(
        "--only", default=",".join(CASES), help="cases to run, e.g. a,d (default: all)"
    )
    parser.add_argument(
        "--json", type=Path, help="where to write the results (default: bench/results/<time>.json)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args()
    cases = [c.strip() for c in args.only.split(",") if c.strip()]
    if unknown := set(cases) - set(CASES):
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")

    def log(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    info = machine()
    with tempfile.TemporaryDirectory(prefix="make-deck-bench-") as tmp:
        bench = Bench(args.quick, min(args.runs, 5) if args.quick else args.runs, log, Path(tmp))
        log(f"make-deck: {bench.make_deck}; pandoc: {bench.pandoc}; work folder: {tmp}")
        for case in CASES:
            if case in cases:
                getattr(bench, f"case_{case}")()
        print()
        result = bench.report()
    result["machine"] = {
        **info,
        "load_after": os.getloadavg(),
        "make_deck": str(bench.make_deck),
        "pandoc": str(bench.pandoc),
        "quick": args.quick,
        "cases": cases,
    }
    target = args.json or RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    if args.strict and any(t["verdict"] == "FAIL" for t in result["targets"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
