"""What a user meets on the second day: the project found from the content, -o as asked, data as offices
save it, audiences that cut, names as a county writes them, a scaffold that builds what is meant, the
shipped talk true for every county, and the stops and streams that must never hurt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from generator.content.editions import find_project
from generator.norway import register
from generator.pipeline.jobs import Options
from generator.pipeline.stages import prepare

from .conftest import REPO, copy_talk, run
from .test_bad_inputs import GOOD, write


def texts(deck: Path) -> list[str]:
    return [
        sh.text_frame.text
        for slide in Presentation(str(deck)).slides
        for sh in slide.shapes
        if sh.has_text_frame
    ]


def main(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """make-deck as a real process."""
    return subprocess.run(
        [sys.executable, "-c", "from generator.commands.app import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


# The project is where the content is


def test_the_readme_build_works_from_any_folder_with_a_path(tmp_path: Path) -> None:
    talk = copy_talk(tmp_path / "talks" / "content" / "2019.yaml")
    (tmp_path / "elsewhere").mkdir()
    result = main(str(talk), cwd=tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "talks" / "build" / "2019.pptx").is_file()
    assert not (tmp_path / "elsewhere" / "build").exists()


@pytest.mark.parametrize(
    ("made", "content", "project"),
    [
        (("content/",), "content/editions/e.yaml", "."),
        (("templates/",), "talks/e.yaml", "."),
        ((".git/",), "a/b/e.yaml", "."),
        (("other/",), "talks/e.yaml", "talks"),
        (("content/", "talks/templates/"), "talks/content/e.yaml", "talks"),
    ],
)
def test_the_project_is_found_from_the_content_file(
    tmp_path: Path, made: tuple[str, ...], content: str, project: str
) -> None:
    root = tmp_path / "p"
    for folder in made:
        (root / folder).mkdir(parents=True, exist_ok=True)
    path = root / content
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("slides: []\n", encoding="utf-8")
    assert find_project(path) == (root / project).resolve()


def test_bounds_hold_for_a_project_found_from_its_content(tmp_path: Path, project: Path) -> None:
    talk = copy_talk(tmp_path / "talks" / "content" / "2019.yaml")
    text = talk.read_text(encoding="utf-8").replace("data/kommuner", "../../outside/kommuner")
    talk.write_text(text, encoding="utf-8")
    shutil.copytree(talk.parent / "data", tmp_path / "outside")
    result = run(str(talk))
    assert result.exit_code == 1 and "lies outside the project" in result.stderr


def test_o_makes_the_folders_it_names(project: Path) -> None:
    write(project, {"deck.yaml": GOOD})
    result = run("deck.yaml", "-o", "new/folders/deck.pptx")
    assert result.exit_code == 0, result.stderr
    assert (project / "new" / "folders" / "deck.pptx").is_file()


def test_o_through_a_link_writes_the_file_it_names_and_keeps_the_link(project: Path) -> None:
    write(project, {"deck.yaml": GOOD, "real.pptx": b"old"})
    (project / "link.pptx").symlink_to(project / "real.pptx")
    assert run("deck.yaml", "-o", "link.pptx").exit_code == 0
    assert (project / "link.pptx").is_symlink()
    assert (project / "real.pptx").read_bytes()[:2] == b"PK"


def test_o_into_a_stream_of_the_system_is_refused_and_the_link_kept(project: Path) -> None:
    """`-o /dev/stdout` as root once replaced the link with a file: a link into /proc is what it is."""
    write(project, {"deck.yaml": GOOD})
    (project / "out.pptx").symlink_to("/proc/self/fd/1")
    result = main("deck.yaml", "-o", "out.pptx", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "a device or a stream of the system" in result.stderr
    assert (project / "out.pptx").is_symlink()
    assert os.readlink(project / "out.pptx") == "/proc/self/fd/1"


# Stops and LibreOffice

_INTERRUPT = """
import sys
def stop(frame, event, arg):
    code = frame.f_code
    if event == "call" and code.co_name == "__set_name__" and code.co_filename.endswith("dataclasses.py"):
        sys.setprofile(None)
        raise KeyboardInterrupt
from generator.commands.app import main
sys.setprofile(stop)
main()
"""


def test_ctrl_c_while_a_command_imports_is_a_stop_not_an_internal_error(project: Path) -> None:
    """Python wraps a KeyboardInterrupt raised while a class is made in a RuntimeError."""
    write(project, {"deck.yaml": GOOD})
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPT, "deck.yaml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 130, result.stderr
    assert "interrupted" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_a_crashed_libreoffice_writes_no_pdf_and_names_no_temporary_file(project: Path) -> None:
    """A LibreOffice that dies half way leaves the start of a PDF: it is not written, and the message says how
    LibreOffice ended."""
    fake = project / "bin"
    fake.mkdir()
    soffice = fake / "soffice"
    soffice.write_text(
        '#!/bin/sh\nfor a; do out="$a"; done\nprev=""\n'
        'for a; do [ "$prev" = "--outdir" ] && dir="$a"; prev="$a"; done\n'
        'name=$(basename "$out" .pptx)\nprintf "%%PDF-1.7\\n%%partial" > "$dir/$name.pdf"\nkill -SEGV $$\n',
        encoding="utf-8",
    )
    soffice.chmod(0o755)
    write(project, {"deck.yaml": GOOD})
    result = main(
        "deck.yaml",
        "-o",
        "deck.pptx",
        "--pdf",
        cwd=project,
        env={"PATH": f"{fake}:{os.environ['PATH']}"},
    )
    assert result.returncode == 1, result.stderr
    assert "deck.pdf: not written: LibreOffice did not convert the deck to PDF" in result.stderr
    assert "SIGSEGV" in result.stderr and "make-deck-pdf-" not in result.stderr
    assert (project / "deck.pptx").is_file() and not (project / "deck.pdf").exists()


# Command-line values


def test_an_audience_with_a_new_line_is_one_line(project: Path) -> None:
    write(project, {"deck.yaml": GOOD})
    result = run("deck.yaml", "-o", "deck.pptx", "--audience", "a\nb")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "command line: audience: expected an audience name (letters, digits, - and _), got 'a\\nb'; "
        "e.g. `audience: politikere`",
        "1 error, no deck written",
    ]


def test_new_refuses_a_talk_outside_the_project(project: Path) -> None:
    result = run("new", "e.yaml", "--county", "34", "--year", "2024", "--from", "/etc/passwd")
    assert result.exit_code == 2 and "lies outside the project" in result.stderr
    assert not (project / "e.yaml").exists()


def test_a_scaffold_without_a_date_does_not_build_until_it_is_written(project: Path) -> None:
    copy_talk(project / "content" / "2019.yaml")
    assert run("new", "content/a.yaml", "--county", "Agder", "--year", "2024").exit_code == 0
    text = (project / "content" / "a.yaml").read_text(encoding="utf-8")
    assert "date: TODO" in text and 'event: "TODO: arrangementet"' in text
    built = run("content/a.yaml", "-o", "a.pptx")
    assert (
        built.exit_code == 1 and "content/a.yaml:8:7: date: the date of the talk is" in built.stderr
    )
    (project / "content" / "a.yaml").write_text(text.replace("date: TODO", "date: 2024-10-17"))
    checked = run("check", "content/a.yaml")
    assert "slide 1: subtitle: todo: 'TODO: arrangementet 17. oktober 2024'" in checked.stdout


# Data as offices save it


def test_every_finite_number_is_shown_in_a_table_with_the_locales_digits(project: Path) -> None:
    big = "123456789012345678901234567890"
    data = f"navn;verdi;andel\nOslo;1e26;8,0\nBergen;{big};7,5\nTromsø;1e30;-1\n"
    content = (
        "data: {d: data/d.csv}\n"
        "slides:\n  - layout: table\n    title: Tall\n    table: d\n    source: 'Kilde: SSB'\n"
    )
    write(project, {"deck.yaml": content, "data/d.csv": data})
    result = run("deck.yaml", "-o", "d.pptx")
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(project / "d.pptx"))
    table = next(sh.table for sh in deck.slides[0].shapes if sh.has_table)
    cells = [[c.text for c in row.cells] for row in table.rows]
    grouped = "\u00a0".join(["123", "456", "789", "012", "345", "678", "901", "234", "567", "890"])
    # digits in groups of three, never E-notation, never digits a double does not hold
    assert cells[1:] == [
        ["Oslo", "100" + "\u00a0000" * 8, "8,0"],
        ["Bergen", grouped, "7,5"],
        ["Tromsø", "1" + "\u00a0000" * 10, "\u22121,0"],
    ]
    assert "Kilde: SSB" in texts(project / "d.pptx")


def test_excels_windows_1252_csv_with_tabs_is_read_with_one_note(project: Path) -> None:
    data = "fylke\tandel\nTrøndelag\t8,0\nMøre og Romsdal\t12,25\n".encode("cp1252")
    content = (
        "data: {d: data/d.csv}\n"
        "slides:\n  - layout: table\n    title: T\n    table: d\n    number_format: '0.0'\n"
    )
    write(project, {"deck.yaml": content, "data/d.csv": data})
    result = run("deck.yaml", "-o", "d.pptx")
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "Windows-1252" in line]
    assert len(notes) == 1 and notes[0].startswith("warning: data/d.csv:1:1: deck: data: ")
    table = next(
        sh.table for sh in Presentation(str(project / "d.pptx")).slides[0].shapes if sh.has_table
    )
    assert [[c.text for c in r.cells] for r in table.rows][1:] == [
        ["Trøndelag", "8,0"],
        ["Møre og Romsdal", "12,2"],
    ]


# Audiences that cut


def test_audiences_cut_both_ways_and_an_audience_no_slide_names_has_the_rest(project: Path) -> None:
    content = (
        "audiences: [fagfolk, politikere, alle]\n"
        "slides:\n"
        "  - {layout: title, title: Felles}\n"
        "  - {layout: statement, text: Metode, audience: [fagfolk]}\n"
        "  - {layout: statement, text: Budsjett, not_for: [fagfolk]}\n"
    )
    write(project, {"deck.yaml": content})
    shown = {}
    for audience in ("fagfolk", "politikere", "alle"):
        assert run("deck.yaml", "-o", f"{audience}.pptx", "--audience", audience).exit_code == 0
        shown[audience] = texts(project / f"{audience}.pptx")
    assert "Metode" in shown["fagfolk"] and "Budsjett" not in shown["fagfolk"]
    assert "Metode" not in shown["politikere"] and "Budsjett" in shown["politikere"]
    assert shown["alle"] == shown["politikere"]


# Names as people write them


def test_a_county_deck_shows_names_without_ssbs_county_suffix(project: Path) -> None:
    copy_talk(project / "content" / "2019.yaml")
    write(
        project,
        {
            "content/i.yaml": "extends: 2019.yaml\ncounty: 34\nyear: 2024\n"
            "vars:\n  region: Innlandet\n  list_municipalities: true\n"
        },
    )
    assert run("content/i.yaml", "-o", "i.pptx").exit_code == 0
    deck = Presentation(str(project / "i.pptx"))
    shown = [sh.name for s in deck.slides for sh in s.shapes] + texts(project / "i.pptx")
    assert any("Våler" in t for t in shown)
    assert not any("Våler (Innlandet)" in t for t in shown)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert "Våler," in notes and "(Innlandet)" not in notes


def test_the_plain_name_is_accepted_in_its_county_and_the_map_finds_it(project: Path) -> None:
    content = (
        "county: 34\nyear: 2024\nvars:\n  region: Sør\n  municipalities: [Våler, Åsnes, Elverum]\n"
        "slides:\n  - layout: map\n    title: Kart\n    highlight: [Våler]\n"
    )
    write(project, {"deck.yaml": content})
    result = run("deck.yaml", "-o", "m.pptx")
    assert result.exit_code == 0, result.stderr
    names = [sh.name for sh in Presentation(str(project / "m.pptx")).slides[0].shapes]
    assert "Våler" in names and "Våler (Innlandet)" not in names


# Spelling word lists per project and per edition


def test_words_of_an_edition_add_to_those_it_extends_and_words_txt_is_the_projects(
    tmp_path: Path,
) -> None:
    talk = copy_talk(tmp_path / "p" / "content" / "2019.yaml")
    shutil.copy(REPO / "content" / "words.txt", talk.parent / "words.txt")
    write(
        talk.parent,
        {
            "a.yaml": "extends: 2019.yaml\nwords: [Eyde]\nvars:\n  event: Eyde-klyngen\n",
            "b.yaml": "extends: a.yaml\nwords: [Qwzord]\nvars:\n  region: Qwzord og Eyde-området\n",
        },
    )
    (tmp_path / "elsewhere").mkdir()
    result = main("check", str(talk.parent / "b.yaml"), cwd=tmp_path / "elsewhere")
    assert result.returncode == 0, result.stderr
    assert ": spelling: " not in result.stdout, result.stdout
    assert result.stdout.strip().endswith("no findings")


# The shipped content says true things


@pytest.mark.parametrize("county", register.counties(2024), ids=lambda c: c.name)
def test_the_2024_talk_says_true_things_for_every_county(county: register.County) -> None:
    model = prepare(
        REPO / "content" / "landet-2024.yaml", Options(project=REPO, county=county.number)
    ).model
    changes = next(s for s in model.slides if s.id == "changes")
    first = next(p.text for sh in changes.shapes if sh.field == "bullets" for p in sh.paragraphs)
    count = len(county.municipalities)
    if count == 1:
        assert first.startswith(f"{county.name} er både kommune og fylke")
    else:
        assert first.startswith(f"En region med {count} kommuner")
    formed = county.formed
    if formed is None:
        assert "fylke fra" not in first
    else:
        assert first.endswith(f"som fylke fra {formed.day}. {_MONTHS[formed.month]} {formed.year}")
    assert " 1 kommuner" not in changes.notes and "fylkeskommune" not in "".join(
        s.notes for s in model.slides if s.id == "goals"
    )


_MONTHS = {1: "januar"}
