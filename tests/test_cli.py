"""The command line: fast --version and --help, exit codes, streams."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import __version__
from generator.cli import HELP
from generator.commands import cli, help_text

from .conftest import REPO

ENTRY = [sys.executable, "-c", "from generator.cli import main; main()"]


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
