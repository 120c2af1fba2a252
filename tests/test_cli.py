"""The command line: fast --version, --help and plain builds, exit codes, streams."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import __version__
from generator.buildrun import plain_build
from generator.cli import HELP
from generator.commands import build, cli, help_text

from .conftest import REPO

ENTRY = [sys.executable, "-c", "from generator.cli import entry; entry()"]  # what the make-deck command runs
# The click commands alone, as `main` ran every build before it learnt to build without click.
CLICK_ENTRY = [sys.executable, "-c", "import sys; from generator.commands import run; run(sys.argv[1:])"]


def test_fast_help_lists_every_command_and_option_click_knows() -> None:
    listed = [line.split()[0] for line in HELP.split("Commands:\n")[1].splitlines() if line.startswith("  ")][:-1]
    assert listed == sorted(cli.commands)
    for name, command in cli.commands.items():
        first_words = " ".join(command.help.split()[:4])
        assert f"  {name}" in HELP and first_words in " ".join(HELP.split()), name
    for option in ("--version", "-h, --help"):
        assert option in HELP and option in help_text()


def test_version_and_help_do_not_import_the_pipeline_or_click() -> None:
    code = ("import sys; from generator.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('click', 'pptx', 'jinja2', 'yaml', 'babel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_version_prints_name_and_version() -> None:
    out = subprocess.run([*ENTRY, "--version"], cwd=REPO, capture_output=True, text=True)
    assert (out.returncode, out.stdout) == (0, f"make-deck {__version__}\n")


def test_command_runs_exit_handlers_and_flushes_a_batchs_whole_report(tmp_path: Path) -> None:
    handler = ["-c", "import atexit; atexit.register(print, 'exit handler ran')\n"
               "from generator.cli import entry; entry()"]
    out = subprocess.run([sys.executable, *handler, "--version"], cwd=REPO, capture_output=True, text=True)
    assert (out.returncode, out.stdout) == (0, f"make-deck {__version__}\nexit handler ran\n")
    names = [f"content/e{n}.yaml" for n in range(12)]
    (tmp_path / "content").mkdir()
    shutil.copy(REPO / "content" / "2019.yaml", tmp_path / "content" / "base.yaml")
    for name in names:
        (tmp_path / name).write_text(f"extends: base.yaml\nvars: {{region: Region {name}}}\n", encoding="utf-8")
    out = subprocess.run([*ENTRY, "-j", "2", *names], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [*(f"wrote build/e{n}.pptx (13 slides)" for n in range(12)),
                                       "12 of 12 decks built"]


@pytest.mark.parametrize("args", [["--version"], ["content/a.yaml"], ["content/a.yaml", "content/b.yaml", "-j", "2"]],
                         ids=["version", "deck", "batch"])
def test_command_started_with_stdout_closed_builds_and_says_nothing(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "content").mkdir()
    shutil.copy(REPO / "content" / "2019.yaml", tmp_path / "content" / "a.yaml")
    (tmp_path / "content" / "b.yaml").write_text("extends: a.yaml\nvars: {region: Agder}\n", encoding="utf-8")
    command = " ".join([*(f"'{a}'" for a in ENTRY), *args])
    out = subprocess.run(["bash", "-c", f"{command} >&-"], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert (out.returncode, out.stderr) == (0, "")
    built = sorted(p.name for p in (tmp_path / "build").iterdir()) if (tmp_path / "build").exists() else []
    assert built == [Path(a).stem + ".pptx" for a in args if a.endswith(".yaml")]


def test_content_error_exits_1_on_stderr_and_usage_error_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("slides: nope\n", encoding="utf-8")
    bad = subprocess.run([*ENTRY, "bad.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("bad.yaml:1:")
    usage = subprocess.run([*ENTRY, "build", "--no-such-flag", "bad.yaml"], cwd=tmp_path, capture_output=True,
                           text=True)
    assert usage.returncode == 2 and "no-such-flag" in usage.stderr
    missing = subprocess.run([*ENTRY, "missing.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 2


def test_no_colour_when_piped_or_with_no_color(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("slides: nope\n", encoding="utf-8")
    out = subprocess.run([*ENTRY, "bad.yaml"], cwd=tmp_path, capture_output=True, text=True,
                         env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert "\x1b[" not in out.stderr


NOT_IMPORTED = ("import sys; from generator.cli import main\n"
                "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
                "print('click imported' if 'click' in sys.modules else 'click not imported')")


@pytest.mark.parametrize("args", [
    ["content/2019.yaml", "-o", "{out}/a.pptx"],
    ["build", "--strict", "-o{out}/b.pptx", "content/2019.yaml"],
    ["--output={out}/c.pptx", "content/2019.yaml"],
])
def test_plain_build_writes_the_deck_without_importing_click(tmp_path: Path, args: list[str]) -> None:
    argv = [a.format(out=tmp_path) for a in args]
    out = subprocess.run([sys.executable, "-c", NOT_IMPORTED, *argv], cwd=REPO, capture_output=True, text=True)
    assert out.stdout.splitlines()[-2:] == ["exit 0", "click not imported"], out.stderr
    assert out.stdout.startswith("wrote ") and len(list(tmp_path.glob("*.pptx"))) == 1


def test_content_error_in_a_plain_build_is_reported_without_importing_click(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("slides: nope\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", NOT_IMPORTED, "bad.yaml"], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert out.stdout.splitlines() == ["exit 1", "click not imported"]
    assert out.stderr.startswith("bad.yaml:1:9: slides: expected a list of slides")


def test_usage_errors_are_left_to_click(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", NOT_IMPORTED, "-j", "0", "content/2019.yaml"], cwd=REPO,
                         capture_output=True, text=True)
    assert out.stdout.splitlines() == ["exit 2", "click imported"]
    assert out.stderr.endswith("Error: Invalid value for '-j' / '--jobs': 0 is not in the range 1<=x<=64.\n")


TWO = ["content/2019.yaml", "content/editions/telemark-2024.yaml"]


@pytest.mark.parametrize("args", [
    # plain builds: one deck, a batch, a failing file in a batch, warnings, --strict
    ["content/2019.yaml"],
    ["build", "content/2019.yaml", "-o", "out/x.pptx"],
    [*TWO, "-j", "2", "bad.yaml"],
    ["-j1", "warn.yaml", "content/2019.yaml"],
    ["warn.yaml"],
    ["warn.yaml", "--strict"],
    ["bad.yaml", "--output=bad.pptx"],
    # usage errors: click's messages, exit 2
    ["missing.yaml"],
    ["content"],
    ["-o", "x.pptx", *TWO],
    ["-j", "0", "content/2019.yaml"],
    ["content/2019.yaml", "--jobs=x"],
    ["--bogus", "content/2019.yaml"],
    ["content/2019.yaml", "-o"],
    ["--strict=yes", "content/2019.yaml"],
    ["build"],
    [],
    # what click reads its own way: `--`, an option twice, a value that starts with a dash
    ["--", "content/2019.yaml"],
    ["content/2019.yaml", "-o", "a.pptx", "-o", "b.pptx"],
    ["content/2019.yaml", "-o", "-dash.pptx"],
    ["content/2019.yaml", "-o=eq.pptx"],
], ids=lambda args: " ".join(args) or "nothing")
def test_main_prints_writes_and_exits_as_the_click_commands_do(tmp_path: Path, args: list[str]) -> None:
    def outcome(command: list[str], folder: Path) -> tuple:
        shutil.copytree(REPO / "content", folder / "content")
        (folder / "bad.yaml").write_text("slides: nope\n", encoding="utf-8")
        long = " ".join(["Hvordan kan samarbeidsaktørene ansvarliggjøres for resultater og verdiskaping over tid?"] * 6)
        (folder / "warn.yaml").write_text(
            "title: T\nslides:\n  - layout: columns\n    title: Tre ledd\n    columns:\n"
            f"      - {{heading: Strategi, text: \"{long}\"}}\n      - {{heading: Tiltak, text: Hva gjør vi?}}\n"
            "      - {heading: Resultat, text: Hva ble det?}\n", encoding="utf-8")
        out = subprocess.run([*command, *args], cwd=folder, capture_output=True, timeout=120,
                             env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
        decks = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.pptx"))}
        return out.returncode, out.stdout.decode(), out.stderr.decode(), decks

    fast, click = outcome(ENTRY, tmp_path / "fast"), outcome(CLICK_ENTRY, tmp_path / "click")
    assert fast[:3] == click[:3]
    assert fast[3] == click[3]
    assert "Traceback" not in fast[2]
    if fast[0] == 2:
        assert fast[2].startswith(("Usage: make-deck", "Error: ")), fast[2]


C = str(REPO / "content" / "2019.yaml")
E = str(REPO / "content" / "editions" / "telemark-2024.yaml")
TOKENS = [C, E, "build", "check", "-o", "x.pptx", "-oy.pptx", "--output", "--output=z.pptx", "-o=q.pptx", "-j",
          "2", "-j3", "--jobs", "--jobs=4", "0", "65", "--strict", "--pdf", "--", "-", "", "-h", "--help",
          "--version", "--template", "--allow-dir", "-x", "--bogus", "--out", "--strict=1", "missing.yaml"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=6), st.sampled_from([C, E]), st.integers(0, 6))
def test_fast_parser_reads_what_click_reads_or_leaves_the_arguments_to_click(
    tokens: list[str], content: str, at: int
) -> None:
    args = [*tokens[:at], content, *tokens[at:]]
    plain = plain_build(args)
    if plain is None:
        return
    assert args[0] not in cli.commands or args[0] == "build"
    rest = args[1:] if args[0] == "build" else args
    with build.make_context("build", list(rest)) as ctx:  # raises on anything click would refuse
        params = ctx.params
    assert (plain.content, plain.output, plain.jobs, plain.strict, plain.pdf) == (
        params["content"], params["output"], params["jobs"], params["strict"], params["pdf"])
    assert params["template"] is None and params["allow"] == ()
    assert all(path.is_file() for path in plain.content) and (plain.output is None or len(plain.content) == 1)
