"""The command line: exit codes, streams, colour on terminals only, --help and --version."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.commands.app import cli

from .conftest import REPO, copy_talk, run

# what the make-deck command runs
ENTRY = [sys.executable, "-c", "from generator.commands.app import main; main()"]
ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name, command in cli.commands.items():
        assert f"  {name}" in result.stdout and command.help.split()[0] in result.stdout, name
    assert "--version" in result.stdout and "-h, --help" in result.stdout


def test_version_prints_name_and_version() -> None:
    out = subprocess.run([*ENTRY, "--version"], cwd=REPO, capture_output=True, text=True)
    assert (out.returncode, out.stdout) == (0, f"make-deck {__version__}\n")


def test_help_does_not_import_the_pipeline() -> None:
    code = (
        "import sys; from generator.commands.app import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pptx', 'jinja2', 'yaml', 'lxml', 'babel') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_content_error_exits_1_on_stderr_and_usage_error_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("slides: nope\n", encoding="utf-8")
    bad = subprocess.run([*ENTRY, "bad.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.splitlines() == [
        "bad.yaml:1:9: slides: expected a list of slides, got a string; each slide starts with `- layout: NAME`",
        "1 error, no deck written",
    ]
    usage = subprocess.run(
        [*ENTRY, "build", "--no-such-flag", "bad.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert usage.returncode == 2 and "no-such-flag" in usage.stderr
    missing = subprocess.run([*ENTRY, "missing.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 2 and "missing.yaml" in missing.stderr


def _on_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, bytes]:
    """Run make-deck with stdout and stderr on a pseudo-terminal; its exit status and what the terminal showed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [*ENTRY, *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:  # the terminal closed: the process ended
            chunk = b""
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=30), shown


def test_errors_are_red_on_a_terminal_and_plain_with_no_color_or_a_pipe(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("slides: nope\n", encoding="utf-8")
    code, shown = _on_terminal(["bad.yaml"], tmp_path, ENV)
    assert code == 1 and b"\x1b[31m" in shown and b"slides: expected a list" in shown
    code, shown = _on_terminal(["bad.yaml"], tmp_path, {**ENV, "NO_COLOR": "1"})
    assert code == 1 and b"\x1b[" not in shown and b"slides: expected a list" in shown
    piped = subprocess.run([*ENTRY, "bad.yaml"], cwd=tmp_path, capture_output=True, env=ENV)
    assert (
        piped.returncode == 1
        and b"\x1b[" not in piped.stderr
        and b"slides: expected a list" in piped.stderr
    )


def test_batch_reports_each_deck_then_a_summary(tmp_path: Path) -> None:
    names = [f"content/e{n}.yaml" for n in range(6)]
    (tmp_path / "content").mkdir()
    copy_talk(tmp_path / "content" / "base.yaml")
    for name in names:
        (tmp_path / name).write_text(
            f"extends: base.yaml\nvars: {{region: Region {name}}}\n", encoding="utf-8"
        )
    out = subprocess.run(
        [*ENTRY, "-j", "2", *names], cwd=tmp_path, capture_output=True, text=True, env=ENV
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        *(f"wrote build/e{n}.pptx (16 slides)" for n in range(6)),
        "6 of 6 decks built",
    ]


@pytest.mark.parametrize(
    "args",
    [["--version"], ["content/a.yaml"], ["content/a.yaml", "content/b.yaml", "-j", "2"]],
    ids=["version", "deck", "batch"],
)
def test_command_started_with_stdout_closed_builds_and_says_nothing(
    tmp_path: Path, args: list[str]
) -> None:
    (tmp_path / "content").mkdir()
    copy_talk(tmp_path / "content" / "a.yaml")
    (tmp_path / "content" / "b.yaml").write_text(
        "extends: a.yaml\nvars: {region: Agder}\n", encoding="utf-8"
    )
    command = " ".join([*(f"'{a}'" for a in ENTRY), *args])
    out = subprocess.run(
        ["bash", "-c", f"{command} >&-"], cwd=tmp_path, capture_output=True, text=True, env=ENV
    )
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr
    built = (
        sorted(p.name for p in (tmp_path / "build").iterdir())
        if (tmp_path / "build").exists()
        else []
    )
    assert built == [Path(a).stem + ".pptx" for a in args if a.endswith(".yaml")]


def test_output_into_a_closed_pipe_ends_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    copy_talk(tmp_path / "content" / "a.yaml")
    command = " ".join([*(f"'{a}'" for a in ENTRY), "check", "content/a.yaml"])
    out = subprocess.run(
        ["bash", "-c", f"{command} | head -c 0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr
