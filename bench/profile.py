"""Where make-deck's time goes: import costs, time per stage and function at 13 to 2600 slides, pyinstrument."""

from __future__ import annotations

import argparse
import collections
import importlib
import inspect
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from run import RESULTS, ROOT, make_deck_path, repeated_content

# (module, attribute path, label): timed inclusively in a build; a name missing in this version is skipped.
TIMED = (
    ("generator.pipeline.stages", "load_edition", "load + extends (YAML compose)"),
    ("generator.pipeline.stages", "catalog", "layout catalog (front matter YAML)"),
    ("generator.pipeline.stages", "build_deck", "schema"),
    ("generator.templating.render", "Renderer.render", "render (Jinja + YAML)"),
    ("jinja2.environment", "Environment.compile", "  Jinja compile"),
    ("jinja2.environment", "Template.render", "  Jinja render"),
    ("yaml", "load", "  yaml.load (layout output)"),
    ("generator.pipeline.stages", "build_model", "model"),
    ("generator.pipeline.stages", "load_master", "load master"),
    ("generator.pipeline.stages", "fit_deck", "measure"),
    ("generator.pipeline.stages", "render_package", "writer.render_package"),
    ("generator.writer.parts", "slide_xml", "  slide_xml (fill a new slide)"),
    ("generator.writer.parts", "notes_xml", "  notes_xml"),
    ("generator.writer.parts", "entries", "  package entries (content types, rels)"),
    ("generator.writer.parts", "zip_bytes", "  zip"),
    ("generator.pipeline.stages", "write_atomic", "write file"),
)
IMPORTS = (
    "click",
    "yaml",
    "jinja2.sandbox",
    "babel.dates",
    "lxml.etree",
    "pptx",
    "generator.pipeline.stages",
)


# ---------------------------------------------------------------- the worker (one build in this process)


class Timer:
    """Inclusive time and calls per label; re-entrant calls count once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)
        self.calls: dict[str, int] = collections.defaultdict(int)
        self.depth: dict[str, int] = collections.defaultdict(int)

    def wrap(self, label: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.calls[label] += 1
            if self.depth[label]:
                return fn(*args, **kwargs)
            self.depth[label] += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start
                self.depth[label] -= 1

        return timed

    def install(self) -> list[str]:
        """Wrap every TIMED function that exists; return the labels that could not be found."""
        missing = []
        for module_name, path, label in TIMED:
            try:
                owner = importlib.import_module(module_name)
                *parents, name = path.split(".")
                for p in parents:
                    owner = getattr(owner, p)
                raw = inspect.getattr_static(owner, name)
            except (ImportError, AttributeError):
                missing.append(label)
                continue
            if isinstance(raw, property):
                setattr(owner, name, property(self.wrap(label, raw.fget)))
            elif isinstance(raw, (staticmethod, classmethod)):
                setattr(owner, name, type(raw)(self.wrap(label, raw.__func__)))
            else:
                setattr(owner, name, self.wrap(label, raw))
        return missing


def worker(content: str, output: str) -> None:
    """Import step by step, then build `content` with every TIMED function timed; JSON on stdout."""
    t0 = time.perf_counter()
    imports = {}
    for name in IMPORTS:
        start = time.perf_counter()
        importlib.import_module(name)
        imports[name] = time.perf_counter() - start
    timer = Timer()
    missing = timer.install()
    from generator.commands import app as cli

    sys.argv = ["make-deck", content, "-o", output]
    start = time.perf_counter()
    try:
        cli.main()
    except SystemExit as exc:
        if exc.code:
            raise
    build = time.perf_counter() - start
    json.dump(
        {
            "imports": imports,
            "build": build,
            "total": time.perf_counter() - t0,
            "seconds": timer.seconds,
            "calls": timer.calls,
            "missing": missing,
        },
        sys.stdout,
    )


# ---------------------------------------------------------------- the reports


def stages(sizes: list[int], repeat: int, python: str) -> dict:
    """Run the worker in a new process per size (`repeat` times, medians) and print a table."""
    out: dict[int, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="make-deck-profile-") as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "content", project / "content")
        for size in sizes:
            content = project / "content" / "2019.yaml"
            if size != 13:
                content = repeated_content(
                    content, size // 13, project / "content" / f"bench-{size}.yaml"
                )
            runs = repeat if size <= 1300 else 1
            for _ in range(runs):
                done = subprocess.run(
                    [python, __file__, "--worker", str(content), str(project / "out.pptx")],
                    cwd=project,
                    capture_output=True,
                    text=True,
                )
                if done.returncode:
                    sys.exit(f"worker failed at {size} slides:\n{done.stderr[-2000:]}")
                out.setdefault(size, []).append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(f"  {size} slides: {out[size][-1]['build']:.2f} s", file=sys.stderr)

    def med(size: int, key: str, label: str | None = None) -> float:
        rows = out[size]
        return statistics.median(r[key][label] if label else r[key] for r in rows)

    head = f"{'':<40}" + "".join(f"{s:>10}" for s in sizes)
    print("imports, incremental, ms (in this order):")
    print(head)
    for name in IMPORTS:
        print(f"  {name:<38}" + "".join(f"{med(s, 'imports', name) * 1000:>10.1f}" for s in sizes))
    print("\nbuild stages, ms (inclusive; indented ones are inside the one above) and calls:")
    print(head + "   ms/slide " + " -> ".join(str(s) for s in sizes[1:]))
    print(
        f"{'main() (the whole build)':<40}"
        + "".join(f"{med(s, 'build') * 1000:>10.0f}" for s in sizes)
    )
    labels = [
        label for _, _, label in TIMED if all(label in r["seconds"] for s in sizes for r in out[s])
    ]
    for label in labels:
        ms = [med(s, "seconds", label) * 1000 for s in sizes]
        per = [m / s for m, s in zip(ms, sizes, strict=True)][1:]
        calls = out[sizes[-1]][0]["calls"][label]
        print(
            f"{label:<40}"
            + "".join(f"{m:>10.1f}" for m in ms)
            + "   "
            + " -> ".join(f"{p:.3f}" for p in per)
            + f"   ({calls} calls at {sizes[-1]})"
        )
    missing = sorted({m for s in sizes for r in out[s] for m in r["missing"]})
    if missing:
        print("not found in this version:", ", ".join(m.strip() for m in missing))
    return {str(s): rows for s, rows in out.items()}


def importtime(statement: str, repeat: int, python: str, top: int) -> dict:
    """`python -X importtime`, `repeat` times: the median cumulative ms of the slowest imports."""
    cum: dict[str, list[int]] = collections.defaultdict(list)
    own: dict[str, list[int]] = collections.defaultdict(list)
    depth: dict[str, int] = {}
    argv = [
        python,
        "-X",
        "importtime",
        *(["-c", statement] if not statement.startswith("/") else statement.split()),
    ]
    for _ in range(repeat):
        err = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT).stderr
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                own[m[4]].append(int(m[1]))
                cum[m[4]].append(int(m[2]))
                depth[m[4]] = len(m[3]) // 2
    order = sorted(cum, key=lambda k: -statistics.median(cum[k]))[:top]
    print(
        f"\npython -X importtime {' '.join(argv[3:])}  (median of {repeat}; cumulative / self ms)"
    )
    for k in order:
        print(
            f"  {statistics.median(cum[k]) / 1000:7.1f} {statistics.median(own[k]) / 1000:6.1f}  "
            f"{'  ' * (depth[k] - 1)}{k}"
        )
    return {k: statistics.median(cum[k]) / 1000 for k in order}


def pyinstrument(sizes: list[int], python: str) -> None:
    """pyinstrument over whole builds; text and HTML reports under bench/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    make_deck = str(make_deck_path())
    with tempfile.TemporaryDirectory(prefix="make-deck-profile-") as tmp:
        project = Path(tmp)
        shutil.copytree(ROOT / "content", project / "content")
        for size in sizes:
            content = project / "content" / "2019.yaml"
            if size != 13:
                content = repeated_content(
                    content, size // 13, project / "content" / f"bench-{size}.yaml"
                )
            for kind in ("text", "html"):
                target = RESULTS / f"pyinstrument-{size}.{'txt' if kind == 'text' else 'html'}"
                subprocess.run(
                    [
                        python,
                        "-m",
                        "pyinstrument",
                        "-r",
                        kind,
                        "-o",
                        str(target),
                        make_deck,
                        str(content),
                        "-o",
                        str(project / "out.pptx"),
                    ],
                    cwd=project,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            print(
                f"pyinstrument, {size} slides: {target.with_suffix('.txt').relative_to(ROOT)} (and .html)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "what",
        nargs="*",
        default=["imports", "stages"],
        help="imports, stages, pyinstrument (default: imports stages)",
    )
    parser.add_argument(
        "--sizes", default="13,130,1300,2600", help="slide counts (multiples of 13)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="processes per size (one above 1300 slides)"
    )
    parser.add_argument("--worker", nargs=2, metavar=("CONTENT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    python = sys.executable
    result: dict = {}
    if "imports" in args.what:
        result["import generator.commands.app"] = importtime(
            "import generator.commands.app", 9, python, 15
        )
        result["make-deck --version"] = importtime(f"{make_deck_path()} --version", 9, python, 15)
        result["import generator.pipeline.stages"] = importtime(
            "import generator.pipeline.stages", 9, python, 30
        )
    if "stages" in args.what:
        print()
        result["stages"] = stages(sizes, args.repeat, python)
    if "pyinstrument" in args.what:
        pyinstrument([s for s in sizes if s in (13, 1300)] or sizes[:1], python)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
