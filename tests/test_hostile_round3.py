"""Hostile input through the real command, third round: what a user types for `make-deck new` shows in the deck
exactly as typed (Jinja's `{{ }}`, `{% %}` and `{# #}` included) or is refused at once as a usage error naming
its option (control characters, bytes that are not UTF-8, a named pipe for --from), never by a later build; a
LibreOffice that crashes during `make-deck preview` is reported at the content file the user named, not at a
temporary copy; bidirectional controls in text from outside (a deck, the command line) reach the terminal as
escapes, like the C1 controls. Each case: the exact line, the exit status, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from generator.errors import printable

from .conftest import REPO, copy_talk, run
from .test_bad_inputs import GOOD, write

EDITION = "content/editions/n.yaml"
NEW = ("new", EDITION, "--county", "42", "--year", "2024")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.fixture
def talk(project: Path) -> Path:
    """A project with the 2019 talk in content/ and an empty content/editions/."""
    copy_talk(project / "content" / "2019.yaml")
    (project / "content" / "editions").mkdir()
    return project


def files(project: Path) -> set[Path]:
    return {p.relative_to(project) for p in project.rglob("*")}


# 1. `new`: the event's name shows as typed, or is refused naming its option


def placeholder_text(slide, kind: PP_PLACEHOLDER) -> str:  # noqa: ANN001 - a python-pptx slide
    return next(s.text_frame.text for s in slide.placeholders if s.placeholder_format.type == kind)


def test_an_event_that_looks_like_jinja_shows_exactly_as_typed(talk: Path) -> None:
    typed = "Møtet {# utkast #} 2024 {{ 6*7 }}"
    made = run(*NEW, "--date", "2024-10-17", "--event", typed)
    assert (made.exit_code, made.stderr) == (0, "")
    assert made.stdout == (f"wrote {EDITION}; write the TODOs, then: make-deck check {EDITION}\n")
    built = run(EDITION, "-o", "n.pptx")
    assert built.exit_code == 0, built.stderr
    title, second = list(Presentation(str(talk / "n.pptx")).slides)[:2]
    assert placeholder_text(title, PP_PLACEHOLDER.SUBTITLE) == f"{typed} 17. oktober 2024"
    assert placeholder_text(second, PP_PLACEHOLDER.FOOTER) == f"{typed} · 17. oktober 2024"


@pytest.mark.parametrize(
    ("option", "value", "line"),
    [
        (
            "--event",
            "M\x1b[2J",
            "command line: --event: 'M\\u001b[2J' holds the control character U+001B; "
            "type the value without it",
        ),
        (
            "--event",
            "Møtet\ni Arendal",
            "command line: --event: 'Møtet\\ni Arendal' holds the control character U+000A; "
            "type the value without it",
        ),
        (
            "--event",
            "Møtet\u2028i Arendal",
            "command line: --event: 'Møtet\\u2028i Arendal' holds the control character U+2028; "
            "type the value without it",
        ),
        (
            "--event",
            "M\udcff",
            "command line: --event: 'M\\udcff' holds the byte 0xFF, which is not UTF-8; "
            "type the value without it",
        ),
        (
            "--event",
            "{% endraw %}{{ 6*7 }}",
            "command line: --event: '{% endraw %}{{ 6*7 }}' cannot be written so that the deck "
            "shows it as typed; leave out `{% endraw %}`, which ends Jinja's raw text",
        ),
    ],
    ids=["escape", "line-feed", "line-separator", "not-utf-8", "endraw"],
)
def test_an_event_that_cannot_be_written_as_typed_is_refused_at_new(
    talk: Path, option: str, value: str, line: str
) -> None:
    before = files(talk)
    result = run(*NEW, "--date", "2024-10-17", option, value)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line + "\n")
    assert files(talk) == before


def test_a_control_character_in_the_edition_s_name_is_refused_naming_path(talk: Path) -> None:
    before = files(talk)
    result = run("new", "content/editions/n\x1b[2J.yaml", "--county", "42", "--year", "2024")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "command line: PATH: 'content/editions/n\\u001b[2J.yaml' holds the control character "
        "U+001B; type the value without it\n"
    )
    assert files(talk) == before


def test_a_control_character_in_the_talk_s_name_is_refused_naming_from(talk: Path) -> None:
    odd = talk / "content" / "a\rb.yaml"
    odd.write_bytes((talk / "content" / "2019.yaml").read_bytes())
    before = files(talk)
    result = run(*NEW, "--from", "content/a\rb.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "command line: --from: 'content/a\\rb.yaml' holds the control character U+000D; "
        "type the value without it\n"
    )
    assert files(talk) == before


def test_a_talk_whose_name_yaml_would_misread_is_extended_all_the_same(talk: Path) -> None:
    (talk / "content" / "a #b.yaml").write_bytes((talk / "content" / "2019.yaml").read_bytes())
    assert run(*NEW, "--from", "content/a #b.yaml").exit_code == 0
    written = yaml.safe_load((talk / EDITION).read_text(encoding="utf-8"))
    assert written["extends"] == "../a #b.yaml"


def test_a_date_with_a_control_character_is_a_usage_error_with_an_escape(talk: Path) -> None:
    before = files(talk)
    result = run(*NEW, "--date", "2024-10-17\x1b[2J")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--date': '2024-10-17\\x1b[2J' does not match the format "
        "'%Y-%m-%d'."
    )
    assert files(talk) == before


def test_a_year_without_a_register_is_said_of_year(talk: Path) -> None:
    before = files(talk)
    result = run("new", EDITION, "--county", "42", "--year", "1900")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "command line: --year: no municipality register for 1900; the register has the years "
        "2020, 2024\n"
    )
    assert files(talk) == before


def test_a_named_pipe_for_from_is_said_to_be_one(talk: Path) -> None:
    os.mkfifo(talk / "content" / "pipe.yaml")
    before = files(talk)
    result = run(*NEW, "--from", "content/pipe.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "command line: --from: 'content/pipe.yaml' is a named pipe, not a content file; name the "
        "talk the edition extends, a .yaml file saved on disk, e.g. --from content/2019.yaml\n"
    )
    assert files(talk) == before


# 2. `preview` with a LibreOffice that crashes: the content file is named, nothing is written

SEGV = """\
#!/bin/sh
for a; do out="$a"; done
prev=""
for a; do [ "$prev" = "--outdir" ] && dir="$a"; prev="$a"; done
printf '%%PDF-1.7\\n%%partial!!' > "$dir/$(basename "$out" .pptx).pdf"
kill -SEGV $$
"""
FAILS = """\
#!/bin/sh
printf 'Error: source file could not be loaded \\033[2J\\n' >&2
exit 1
"""


@pytest.mark.parametrize(
    ("script", "said"),
    [
        (SEGV, "killed by signal 11 (SIGSEGV)"),
        (FAILS, "Error: source file could not be loaded \\u001b[2J"),
    ],
    ids=["sigsegv", "exit-1"],
)
def test_a_crashed_libreoffice_in_preview_names_the_content_file(
    project: Path, script: str, said: str
) -> None:
    fake = project / "bin"
    fake.mkdir()
    (fake / "soffice").write_text(script, encoding="utf-8")
    (fake / "soffice").chmod(0o755)
    write(project, {"content/t.yaml": GOOD})
    before = files(project)
    result = subprocess.run(
        [sys.executable, "-c", "from generator.commands.app import main; main()"]
        + ["preview", "content/t.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), "PATH": f"{fake}:{os.environ['PATH']}"},
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"content/t.yaml: LibreOffice did not convert the deck to PDF: {said}; try again, and if it "
        "fails again, open the deck in LibreOffice Impress to see where it stops\n"
    )
    assert files(project) == before


# 3. Bidirectional controls from outside reach the terminal as escapes


def test_printable_escapes_the_bidirectional_controls_as_it_does_c1_controls() -> None:
    assert printable("a\x85b" + BIDI) == "a\\u0085b" + "".join(f"\\u{ord(c):04x}" for c in BIDI)


def test_a_bidirectional_override_in_a_harvested_slide_text_is_shown_escaped_and_reviewed(
    project: Path,
) -> None:
    write(project, {"deck.yaml": GOOD})
    assert run("deck.yaml", "-o", "deck.pptx").exit_code == 0
    deck = Presentation(str(project / "deck.pptx"))
    title = list(deck.slides)[1].shapes.title.text_frame.paragraphs[0].runs[0]
    title.text = "Betal 100 kr\u202e00001\u202c punkt"
    deck.save(str(project / "edited.pptx"))
    before = files(project)
    result = run("harvest", "edited.pptx")
    assert result.exit_code == 0, result.stderr
    assert not set(BIDI) & set(result.stdout + result.stderr)
    assert '"Betal 100 kr\\u202e00001\\u202c punkt"' in result.stdout
    # a character that reorders what the slide shows is the author's to write, never applied as typed
    assert "review:" in result.stdout and "(U+202E)" in result.stdout
    assert result.stdout.endswith("0 to patch, 1 to review, 0 new, 0 info\n")
    assert files(project) == before


def test_a_bidirectional_override_in_the_edition_s_name_is_shown_escaped(talk: Path) -> None:
    result = run("new", "content/editions/n\u202eyaml.lmth", "--county", "42", "--year", "2024")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "wrote content/editions/n\\u202eyaml.lmth; write the TODOs, then: make-deck check "
        "content/editions/n\\u202eyaml.lmth\n"
    )


def test_a_bidirectional_override_typed_as_an_extra_argument_is_shown_escaped(
    talk: Path,
) -> None:
    result = run(*NEW, "b\u202ec")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Got unexpected extra argument (b\\u202ec)"
    assert not (talk / EDITION).exists()
