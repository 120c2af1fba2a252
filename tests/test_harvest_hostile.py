"""A returned deck is untrusted input. Each deck here is made to attack harvest; each is refused (or its text
kept from the terminal and the YAML) through the real command: one located line, exit 1 (2 for usage), no
traceback, and nothing written anywhere."""

from __future__ import annotations

import hashlib
import io
import os
import random
import string
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from .conftest import run
from .harvesting import Speaker, mini, snapshot

TALK = "content/talk.yaml"
CUSTOM = "docProps/custom.xml"
SOURCE = "MakeDeck.Source1"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    mini(root)
    monkeypatch.chdir(root)
    assert run(TALK, "-o", "built.pptx").exit_code == 0
    return root


def rewritten(
    deck: Path,
    out: Path,
    change: dict[str, bytes | None],
    extra=(),
    packed: int = 8,  # noqa: ANN001
) -> Path:
    """The deck with some entries replaced (None: removed; `packed` STORED leaves them uncompressed), and
    `extra` (name, bytes) entries added."""
    with zipfile.ZipFile(deck) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    target.writestr(info.filename, change[info.filename], packed)
            else:
                target.writestr(info, source.read(info))
        for name, data in extra:
            target.writestr(name, data)
    return out


def with_source(deck: Path, value: str, name: str = SOURCE) -> Path:
    """The deck recording `value` as its (first) source, as a hand-made custom.xml would."""
    with zipfile.ZipFile(deck) as source:
        xml = source.read(CUSTOM).decode()
    start = xml.index(f'name="{name}"><vt:lpwstr>') + len(f'name="{name}"><vt:lpwstr>')
    xml = xml[:start] + value + xml[xml.index("</vt:lpwstr>", start) :]
    return rewritten(deck, Path("hostile.pptx"), {CUSTOM: xml.encode()})


def refused(project: Path, deck: Path, *args: str, expect: str = "", code: int = 1) -> str:
    """Harvest --apply of `deck`: exit `code`, no traceback, one message line (then at most a count), nothing
    written anywhere in or beside the project."""
    before = snapshot(project.parent)
    result = run("harvest", str(deck), "--apply", *args)
    lines = result.stderr.splitlines()
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and lines, result.output
    assert len(lines) == 1 or (len(lines) == 2 and " error" in lines[1]), lines
    assert ":" in lines[0].split(" ", 1)[0], lines  # located: `file:` or `file:line:col:`
    assert expect in lines[0], lines
    assert snapshot(project.parent) == before
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_recorded_source_outside_the_project_is_refused_before_it_is_read(project: Path) -> None:
    outside = project.parent / "outside" / "t.yaml"
    outside.parent.mkdir()
    outside.write_bytes(Path(TALK).read_bytes())
    deck = with_source(Path("built.pptx"), f"{outside} sha256:{sha(outside)}")
    refused(project, deck, expect=f"{outside}, which is outside this project")
    refused(project, deck, "--force", expect="outside this project")


def test_a_recorded_source_with_a_zero_hash_and_force_is_refused(project: Path) -> None:
    deck = with_source(Path("built.pptx"), f"../outside.yaml sha256:{'0' * 64}")
    (project.parent / "outside.yaml").write_text("slides: []\n", "utf-8")
    refused(project, deck, "--force", expect="../outside.yaml, which is outside this project")


def test_etc_passwd_as_a_source_is_never_read(project: Path) -> None:
    deck = with_source(Path("built.pptx"), f"../../../../../../etc/passwd sha256:{'1' * 64}")
    line = refused(project, deck, expect="outside this project")
    assert "a content file must be a mapping" not in line


def test_a_source_in_another_project_beside_this_one_is_refused(project: Path) -> None:
    other = mini(project.parent / "other")
    deck = with_source(Path("built.pptx"), f"../other/{TALK} sha256:{sha(other / TALK)}")
    refused(project, deck, expect="outside this project")


def test_a_content_file_that_links_outside_the_project_is_not_read_through(project: Path) -> None:
    outside = project.parent / "elsewhere.yaml"
    outside.write_bytes(Path(TALK).read_bytes())
    Path(TALK).unlink()
    Path(TALK).symlink_to(outside)
    refused(project, Path("built.pptx"), expect="content/talk.yaml, which is outside this project")


def test_a_source_that_is_a_named_pipe_is_refused_at_once(project: Path) -> None:
    os.mkfifo("content/pipe.yaml")
    deck = with_source(Path("built.pptx"), f"content/pipe.yaml sha256:{'2' * 64}")
    refused(project, deck, expect="is a named pipe, not a regular content file")


def test_dev_zero_as_a_source_is_refused(project: Path) -> None:
    deck = with_source(Path("built.pptx"), f"/dev/zero sha256:{'3' * 64}")
    refused(project, deck, expect="/dev/zero, which is outside this project")


def test_a_source_name_with_control_characters_is_refused_and_not_echoed(project: Path) -> None:
    deck = with_source(Path("built.pptx"), f"content/\x9b31mtalk.yaml sha256:{'4' * 64}")
    line = refused(project, deck, expect="records a source make-deck never writes")
    assert "\x9b" not in line and "\\u009b" in line


def test_more_sources_than_an_extends_chain_holds_are_refused(project: Path) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        xml = source.read(CUSTOM).decode()
    many = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n + 10}" '
        f'name="MakeDeck.Source{n}"><vt:lpwstr>content/{n}.yaml sha256:{"5" * 64}</vt:lpwstr></property>'
        for n in range(2, 70)
    )
    xml = xml.replace("</Properties>", many + "</Properties>")
    deck = rewritten(Path("built.pptx"), Path("hostile.pptx"), {CUSTOM: xml.encode()})
    refused(project, deck, expect="records more than 64 content files")


def test_a_recorded_master_outside_the_project_is_refused(project: Path) -> None:
    deck = with_source(Path("built.pptx"), f"/etc/brand.pptx blake2b:{'6' * 32}", "MakeDeck.Master")
    refused(project, deck, expect="master /etc/brand.pptx, which is outside this project")


def test_duplicate_entry_names_are_refused(project: Path) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        slide = source.read("ppt/slides/slide2.xml")
    twice = slide.replace(b"Hva vi vil", b"Noe annet")
    deck = rewritten(
        Path("built.pptx"), Path("hostile.pptx"), {}, [("ppt/slides/slide2.xml", twice)]
    )
    refused(project, deck, expect="the entry 'ppt/slides/slide2.xml' is in the archive twice")


def test_one_slide_listed_twenty_thousand_times_is_refused(project: Path) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        xml = source.read("ppt/presentation.xml").decode()
    first = xml.index("<p:sldId ")
    entry = xml[first : xml.index("/>", first) + 2]
    ids = "".join(entry.replace('id="256"', f'id="{256 + n}"') for n in range(20_000))
    deck = rewritten(
        Path("built.pptx"),
        Path("hostile.pptx"),
        {"ppt/presentation.xml": xml.replace(entry, ids, 1).encode()},
    )
    refused(project, deck, expect="harvest reads")


def test_a_slide_id_list_that_names_one_part_twice_is_refused(project: Path) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        xml = source.read("ppt/presentation.xml").decode()
    first = xml.index("<p:sldId ")
    entry = xml[first : xml.index("/>", first) + 2]
    deck = rewritten(
        Path("built.pptx"),
        Path("hostile.pptx"),
        {
            "ppt/presentation.xml": xml.replace(
                entry, entry + entry.replace("256", "999"), 1
            ).encode()
        },
    )
    refused(project, deck, expect="slides 1 and 2 are one slide part")


def test_a_slide_of_many_elements_is_refused(project: Path) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        xml = source.read("ppt/slides/slide2.xml").decode()
    runs = "<a:r><a:t>x</a:t></a:r>" * 110_000  # two elements each
    xml = xml.replace("<a:r>", runs + "<a:r>", 1)
    deck = rewritten(
        Path("built.pptx"),
        Path("hostile.pptx"),
        {"ppt/slides/slide2.xml": xml},
        packed=zipfile.ZIP_STORED,
    )
    refused(project, deck, expect="more than 200,000 XML elements")


def test_a_text_longer_than_a_content_string_is_refused(project: Path) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        xml = source.read("ppt/slides/slide2.xml").decode()
    xml = xml.replace("Hva vi vil", "Hva vi vil " + "lang " * 30_000, 1)
    deck = rewritten(Path("built.pptx"), Path("hostile.pptx"), {"ppt/slides/slide2.xml": xml})
    refused(project, deck, expect="slide 2 holds a text of 150,011 characters")


def test_control_characters_in_a_slide_never_reach_the_terminal_or_the_yaml(project: Path) -> None:
    speaker = Speaker(Path("built.pptx"))
    speaker.retype("points", "Hva vi vil", "Hva vi vil\x1b[2J\x9b2J\x85")
    edited = speaker.save(Path("edited.pptx"))
    before = snapshot(project.parent)
    result = run("harvest", str(edited), "--apply")
    assert result.exit_code == 0
    assert not any(c in result.output for c in "\x1b\x9b\x85")
    assert "\\u009b" in result.stdout and "review" in result.stdout
    assert snapshot(project.parent) == before


def test_into_a_file_the_deck_was_not_made_from_is_a_usage_error(project: Path) -> None:
    Path("content/other.yaml").write_text("extends: talk.yaml\n", "utf-8")
    refused(
        project,
        Path("built.pptx"),
        "--into",
        "content/other.yaml",
        code=2,
        expect="--into content/other.yaml: the deck was made from content/talk.yaml",
    )


def test_a_deck_that_is_a_named_pipe_is_refused(project: Path) -> None:
    os.mkfifo("deck.pptx")
    refused(project, Path("deck.pptx"), expect="is a named pipe, not a regular .pptx file")


def test_a_deck_whose_package_names_no_main_part_is_refused(project: Path) -> None:
    deck = rewritten(
        Path("built.pptx"),
        Path("hostile.pptx"),
        {
            "_rels/.rels": b"<Relationships "
            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
        },
    )
    refused(project, deck, expect="not a presentation: the package names no main part")


MEMORY = 500_000_000  # bytes: harvest's stated budget (docs/checks.md)


# The child limits its own address space and, as it exits, writes its own peak resident set (VmHWM): a
# forked child's rusage would count the test worker's memory it was forked with.
_MEASURED = """
import atexit, re, resource, sys
peak, limit = sys.argv.pop(1), int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
def said():
    status = open("/proc/self/status").read()
    open(peak, "w").write(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1))
atexit.register(said)
from generator.commands.app import main
main()
"""


def _peak(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess, int]:
    """make-deck run in a process of its own under an address-space limit of twice the budget, and the
    most memory it held (its peak resident set)."""
    limit = str(2 * MEMORY + 512 * 1024 * 1024)
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, str(peak), limit, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        return done, int(peak.read_text()) * 1024


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["one part", "runs under the part bound"])
def test_a_deck_holding_one_huge_bullet_is_refused_within_the_memory_budget(
    project: Path, shape: str
) -> None:
    with zipfile.ZipFile("built.pptx") as source:
        xml = source.read("ppt/slides/slide2.xml").decode()
    count = 100 if shape == "one part" else 15  # runs of 1 MB of text that packs as text does
    letters = (string.ascii_lowercase + "     ").encode() * 9  # 279: the first 256 of them used
    text = random.Random(26).randbytes(count * 2**20).translate(letters[:256]).decode()
    runs = "".join(
        f"<a:r><a:t>{text[n * 2**20 : (n + 1) * 2**20]}</a:t></a:r>" for n in range(count)
    )
    huge = xml.replace("<a:r>", runs + "<a:r>", 1).encode()
    del text, runs
    buffer = io.BytesIO()
    with zipfile.ZipFile("built.pptx") as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = huge if info.filename == "ppt/slides/slide2.xml" else source.read(info)
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED, 1)
    Path("hostile.pptx").write_bytes(buffer.getvalue())
    before = snapshot(project.parent)
    done, peak = _peak(["harvest", "hostile.pptx", "--apply"], project)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("hostile.pptx: ")
    assert len(done.stderr) < 400  # the text itself is not printed
    assert peak < MEMORY, peak
    assert snapshot(project.parent) == before


def test_the_bounds_harvest_states_are_the_bounds_in_the_code() -> None:
    from generator.content.editions import MAX_CHAIN
    from generator.harvest import deckreader

    from .conftest import REPO

    text = (REPO / "docs" / "checks.md").read_text("utf-8")
    stated = [
        f"at most {deckreader.MAX_PART // 2**20} MiB and {deckreader.MAX_ELEMENTS:,} XML elements",
        f"at most {deckreader.MAX_SLIDES:,} slides, each slide part listed once",
        f"at most {deckreader.MAX_TEXT:,} characters, as a content string, and "
        f"{deckreader.MAX_DECK_TEXT:,} characters in the deck",
        f"under {MEMORY // 10**6} MB of memory",
        f"at most {MAX_CHAIN} content files",
    ]
    for bound in stated:
        assert bound in text, bound
