"""Speed targets of make-deck's smaller jobs: a harvest, a county map, the register, spelling, and hostile input
refused quickly. Medians against targets, PASS/FAIL, JSON.

The tests assert what these jobs do; how fast they do it is measured here, in runs repeated and reported with
their range, where a busy machine widens the range instead of failing a test. Jobs of the library are timed in
this process (after one warm-up call); jobs of the command are whole processes, timed by bench/run.py's launcher
in rounds with `make-deck --version` beside them (the start-up every command pays).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from run import RESULTS, ROOT, Command, interleave, machine, make_deck_path, pair_ratio

BOX = (40.0, 90.0, 600.0, 400.0)  # a county map's box on the slide, in points
# What the command is given, as a user would write it: a good talk, and hostile input
GOOD = "title: T\nslides:\n  - layout: bullets\n    title: Tittel\n    bullets: [a, b]\n"
BAD = GOOD.replace("layout: bullets", "layout: bulets")


def alias_bomb() -> str:
    """'Billion laughs': nine levels of nine aliases, 9**9 strings once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join([*lines, "slides: *a8"]) + "\n"


@dataclass
class Job:
    """One job with its target: its samples in seconds."""

    name: str
    limit: float | None  # seconds the median may take; None: shown beside the others, no target
    seconds: list[float] = field(default_factory=list)
    note: str = ""

    def verdict(self) -> str:
        if not self.seconds:
            return "N/A"
        if self.limit is None:
            return "info"
        return "PASS" if statistics.median(self.seconds) <= self.limit else "FAIL"

    def row(self) -> dict:
        if not self.seconds:
            return {"job": self.name, "limit_s": self.limit, "verdict": "N/A", "note": self.note}
        median = statistics.median(self.seconds)
        return {
            "job": self.name,
            "runs": len(self.seconds),
            "median_s": median,
            "min_s": min(self.seconds),
            "max_s": max(self.seconds),
            "limit_s": self.limit,
            "verdict": self.verdict(),
            "note": self.note,
        }


# ---------------------------------------------------------------- jobs of the library, in this process


def county_map() -> Callable[[], object]:
    """Telemark 2024 drawn with its neighbours (the map layout's work for one slide)."""
    from generator.norway import mapgeometry as geo
    from generator.norway import register

    wanted = [m.number for m in register.county(40, 2024).municipalities]
    return lambda: geo.region_map(2024, wanted, BOX)


def register_load() -> Callable[[], object]:
    """The municipal register read from its file (what the first `counties:` deck of a process pays)."""
    from generator.norway import register

    return register._register.__wrapped__


def spelling() -> Callable[[], object]:
    """Every text of the 2019 talk spelled, the dictionary already loaded."""
    from generator.checks import spelling as spell
    from generator.pipeline.stages import Options, prepare

    model = prepare(ROOT / "content" / "2019.yaml", Options(project=ROOT)).model
    texts = spell.model_texts(model)
    extra = spell.read_word_list(ROOT / "content" / "words.txt") | spell.register_words()
    found = spell.load_dictionary(model.meta.language)
    if isinstance(found, str):
        raise LookupError(found)
    return lambda: spell.spelling_findings(texts, model.meta.language, extra)


def refused(call: Callable[[], object]) -> Callable[[], object]:
    """`call`, which must end in a DeckError (a refusal), timed up to the refusal."""
    from generator.errors import DeckError

    def run() -> None:
        try:
            call()
        except DeckError:
            return
        raise AssertionError("the input was not refused")

    return run


def alias_bomb_loaded() -> Callable[[], object]:
    from generator.content.located import load_text

    text = alias_bomb()
    return refused(lambda: load_text(text, "deck.yaml"))


def long_csv(work: Path) -> Callable[[], object]:
    """A CSV of 100 000 rows, refused at the row bound with how to reduce it."""
    from generator.content.datafiles import read_table

    data = work / "csv" / "data"
    data.mkdir(parents=True)
    rows = "".join(f"K{i};{i}\n" for i in range(100_000))
    (data / "big.csv").write_text("kommune;antall\n" + rows, encoding="utf-8")
    return refused(lambda: read_table("big.csv", data, (data.parent,), None))


def named_pipe(work: Path) -> Callable[[], object]:
    """A named pipe where a file is read: refused without opening it (opening would wait for a writer)."""
    from generator.errors import Location
    from generator.fileio import read_regular

    pipe = work / "pipe"
    os.mkfifo(pipe)
    return refused(lambda: read_regular(pipe, Location("x")))


def in_process(work: Path) -> list[tuple[Job, Callable[[], Callable[[], object]]]]:
    return [
        (Job("county map drawn (Telemark 2024)", 0.050), county_map),
        (Job("register loaded from its file", 0.015), register_load),
        (Job("2019 talk spelled (dictionary loaded)", 0.100), spelling),
        (Job("alias bomb refused by the loader", 0.5), alias_bomb_loaded),
        (Job("100 000-row CSV refused", 2.0), lambda: long_csv(work)),
        (Job("named pipe refused as a file", 1.0), lambda: named_pipe(work)),
    ]


def time_calls(job: Job, setup: Callable[[], Callable[[], object]], runs: int) -> None:
    try:
        call = setup()
    except (LookupError, OSError) as exc:
        job.note = f"not measured: {exc}"
        return
    call()  # warm-up: files read, caches of the process filled
    for _ in range(runs):
        start = time.perf_counter()
        call()
        job.seconds.append(time.perf_counter() - start)


# ---------------------------------------------------------------- jobs of the command, as processes


def project(work: Path) -> Path:
    """A project with the 2019 talk built and edited by its speaker (two texts retyped), and hostile input."""
    import shutil
    import subprocess

    from pptx import Presentation

    root = work / "project"
    shutil.copytree(ROOT / "content", root / "content")
    make = str(make_deck_path())
    subprocess.run([make, "content/2019.yaml", "-o", "deck.pptx"], cwd=root, check=True)
    prs = Presentation(str(root / "deck.pptx"))
    title = prs.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]
    title.text = title.text.replace("partnerskapsutvikling", "partnerskap")
    prs.save(str(root / "edited.pptx"))
    (root / "good.yaml").write_text(GOOD, encoding="utf-8")
    (root / "bad.yaml").write_text(BAD, encoding="utf-8")
    (root / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    os.mkfifo(root / "pipe.pptx")
    zip_bomb(root / "zipbomb.pptx")
    return root


def zip_bomb(target: Path) -> None:
    """templates/base.pptx with ppt/presProps.xml made 1 GiB of zeros (4.5 MB deflated)."""
    part = "ppt/presProps.xml"
    with (
        zipfile.ZipFile(ROOT / "templates" / "base.pptx") as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in source.infolist():
            if info.filename != part:
                out.writestr(info, source.read(info.filename))
        with out.open(part, "w", force_zip64=True) as handle:
            zeros = bytes(1 << 20)
            for _ in range(1024):
                handle.write(zeros)


def commands(root: Path) -> dict[str, tuple[Command, float | None]]:
    """Each command, and its limit in seconds (None: shown beside the others, no target)."""
    make = str(make_deck_path())
    out = ["-o", "out.pptx"]

    def cmd(name: str, *args: str) -> Command:
        return Command(name, [[make, *args]], root)

    return {
        "start": (cmd("make-deck --version (start-up)", "--version"), None),
        "build": (cmd("make-deck content/2019.yaml", "content/2019.yaml", *out), None),
        "harvest": (cmd("harvest of the edited 2019 deck", "harvest", "edited.pptx"), 1.0),
        "bad": (cmd("a misspelt layout refused", "bad.yaml", *out), 5.0),
        "bomb": (cmd("alias bomb refused", "bomb.yaml", *out), 2.0),
        "zip": (cmd("zip-bomb master refused", "good.yaml", "--template", "zipbomb.pptx"), 5.0),
        "pipe": (cmd("named pipe as master refused", "good.yaml", "--template", "pipe.pptx"), 5.0),
    }


def time_commands(root: Path, runs: int, log: Callable[[str], None]) -> tuple[list[Job], dict]:
    """The commands in rounds. A refusal must exit 1, and the launcher stops at any status but 0: refusals run
    under `sh -c`, which turns their 1 into 0 and any other status into a failure."""
    table = commands(root)
    ok = [table["start"][0], table["build"][0], table["harvest"][0]]
    interleave(ok, {c.name: runs for c in ok}, True, log)
    refusals = [table[k][0] for k in ("bad", "bomb", "zip", "pipe")]
    for command in refusals:
        command.argvs = [["sh", "-c", '"$0" "$@"; test $? -eq 1', *command.argvs[0]]]
    interleave(refusals, {c.name: runs for c in refusals}, True, log)
    jobs = [Job(command.name, limit, command.seconds) for command, limit in table.values()]
    ratios = {
        "harvest / start-up": pair_ratio(table["harvest"][0], table["start"][0]),
        "harvest / build of the 2019 deck": pair_ratio(table["harvest"][0], table["build"][0]),
    }
    return jobs, ratios


# ---------------------------------------------------------------- the report


def report(jobs: list[Job], ratios: dict) -> list[dict]:
    rows = [job.row() for job in jobs]
    print(f"{'job':<42} {'runs':>4} {'median':>10} {'min-max':>19} {'target':>9}  verdict")
    for row in rows:
        if "median_s" not in row:
            print(f"{row['job']:<42} {'-':>4} {'-':>10} {'-':>19} {'':>9}  N/A {row['note']}")
            continue
        limit = "-" if row["limit_s"] is None else f"{row['limit_s'] * 1000:.0f} ms"
        print(
            f"{row['job']:<42} {row['runs']:>4} {row['median_s'] * 1000:>7.1f} ms "
            f"{row['min_s'] * 1000:>8.1f}-{row['max_s'] * 1000:<8.1f} {limit:>9}  {row['verdict']}"
        )
    for name, ratio in ratios.items():
        print(
            f"ratio {name:<36} median {ratio['median']:.2f} ({ratio['min']:.2f}-{ratio['max']:.2f}, "
            f"{ratio['pairs']} rounds; by cpu time {ratio['cpu_median']:.2f})"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="samples of each job (default 9)")
    parser.add_argument("--json", type=Path, help="where to write the results")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args()

    def log(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    info = machine()
    with tempfile.TemporaryDirectory(prefix="make-deck-limits-") as tmp:
        work = Path(tmp)
        jobs = []
        for job, setup in in_process(work):
            log(f"  {job.name}")
            time_calls(job, setup, args.runs)
            jobs.append(job)
        command_jobs, ratios = time_commands(project(work), args.runs, log)
        rows = report(jobs + command_jobs, ratios)
    result = {"jobs": rows, "ratios": ratios, "machine": {**info, "load_after": os.getloadavg()}}
    target = args.json or RESULTS / f"limits-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    if args.strict and any(row["verdict"] == "FAIL" for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
