"""The speaker's round trip through LibreOffice Impress itself: decks edited through its own API and saved by it,
harvested into an edition (`--into`), refused where a file that builds on the patch would break, table cells
written into their CSV file; and after every --apply, every content file builds and the rebuilt deck shows the
speaker's texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.harvest.deckreader import read_pptx

from .harvesting import command, have_uno, in_libreoffice, mini, shipped, snapshot

pytestmark = [
    pytest.mark.office,
    pytest.mark.slow,
    pytest.mark.skipif(not have_uno(), reason="needs LibreOffice with Python-UNO (python3-uno)"),
]
VESTFOLD = "content/editions/vestfold-2024.yaml"


def texts(deck: Path) -> list[tuple[tuple[str, ...], str]]:
    """Each slide's texts (shapes in order, table cells as rows) and notes."""
    return [
        (
            tuple(s.text or " | ".join("/".join(r) for r in s.cells) for s in slide.shapes),
            slide.notes,
        )
        for slide in read_pptx(deck).slides
    ]


def keys(deck: Path) -> list[str]:
    return [s.key for s in read_pptx(deck).slides]


# Each case: a project, the content file its deck is built from, and the edits LibreOffice makes to it.
CASES = {
    "into": (
        shipped,
        VESTFOLD,
        lambda k: [
            {"op": "replace", "slide": k.index("rearview"), "old": "bakspeilet", "new": "speilet"},
            {"op": "notes", "slide": k.index("who"), "old": "smart", "new": "klok"},
            {"op": "replace", "slide": k.index("closing"), "old": "Vilje", "new": "Mot"},
            {"op": "swap", "slide": k.index("changes")},
        ],
    ),
    "new": (
        shipped,
        VESTFOLD,
        lambda k: [
            {"op": "duplicate", "slide": k.index("rearview")},
            {"op": "replace", "slide": k.index("rearview") + 1, "old": "bakspeilet", "new": "X"},
            {"op": "textbox", "slide": k.index("closing") + 1, "text": "Takk for oppmerksomheten!"},
        ],
    ),
    "dependant": (mini, "content/editions/sor.yaml", lambda k: [{"op": "delete", "slide": 1}]),
    "audience": (mini, "content/editions/sor.yaml", lambda k: [{"op": "delete", "slide": 1}]),
    "cells": (
        mini,
        "content/talk.yaml",
        lambda k: [
            {"op": "cell", "slide": 4, "row": 2, "column": 0, "text": "Arendal kommune"},
            {"op": "cell", "slide": 4, "row": 2, "column": 2, "text": "øst; ved kysten"},
            {"op": "cell", "slide": 4, "row": 1, "column": 1, "text": "117 000"},
        ],
    ),
}


@pytest.fixture(scope="session")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case's project with `built.pptx` made by make-deck and `edited.pptx` saved by LibreOffice, all
    edited in one soffice."""
    jobs, out = [], {}
    for name, (make, content, edits) in CASES.items():
        root = make(tmp_path_factory.mktemp(name))
        if name == "audience":
            (root / "content" / "editions" / "sor-nn.yaml").unlink()
        done = command(content, "-o", "built.pptx", cwd=root)
        assert done.returncode == 0, done.stderr
        jobs.append(
            {
                "src": str(root / "built.pptx"),
                "dst": str(root / "edited.pptx"),
                "edits": edits(keys(root / "built.pptx")),
            }
        )
        out[name] = root
    in_libreoffice(jobs)
    return out


def every_content_file_builds(root: Path) -> None:
    files = [str(p.relative_to(root)) for p in sorted((root / "content").rglob("*.yaml"))]
    done = command(*files, "-j", "2", cwd=root)
    assert done.returncode == 0, done.stderr


def test_base_slide_edits_go_into_the_edition_and_the_talk_stays_as_it_was(
    edited: dict[str, Path],
) -> None:
    root = edited["into"]
    talk = (root / "content" / "2019.yaml").read_bytes()
    done = command("harvest", "edited.pptx", "--into", VESTFOLD, "--apply", cwd=root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert all(line.startswith(VESTFOLD) for line in lines[:-3]), lines
    assert (
        "slides.rearview.text:" in done.stdout and "(instead of content/2019.yaml:" in done.stdout
    )
    assert "slides.changes: after: map" in done.stdout
    assert lines[-2:] == ["4 to patch, 0 to review, 0 new, 0 info", f"wrote {VESTFOLD}"]
    assert (root / "content" / "2019.yaml").read_bytes() == talk
    every_content_file_builds(root)
    assert command(VESTFOLD, "-o", "again.pptx", cwd=root).returncode == 0
    assert texts(root / "again.pptx") == texts(root / "edited.pptx")
    again = command("harvest", "edited.pptx", "--into", VESTFOLD, "--apply", cwd=root)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"edited.pptx: already applied, nothing to do: {VESTFOLD} already holds every edit of "
        "this deck\n"
    )


def test_a_copied_slide_and_a_new_text_box_are_reported_with_their_text(
    edited: dict[str, Path],
) -> None:
    root = edited["new"]
    done = command("harvest", "edited.pptx", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        'edited.pptx: slide 7: new slide: "Hvor mye i X?\\nHvor mye mot nye muligheter?"',
        'edited.pptx: slide 19 (closing): new text box: "Takk for oppmerksomheten!"',
        "0 to patch, 0 to review, 2 new, 0 info",
    ]


def test_a_removal_that_would_break_an_edition_built_on_it_writes_nothing(
    edited: dict[str, Path],
) -> None:
    root = edited["dependant"]
    before = snapshot(root)
    done = command("harvest", "edited.pptx", "--apply", cwd=root)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "content/editions/sor-nn.yaml:4:3: slides.points: would no longer build with the patches: "
        "slide 'points' was removed (at content/editions/sor.yaml:6:5); patch a slide that is "
        "still in the talk, or take back its `remove: true`",
        "1 error, nothing written (--apply --force writes it all the same)",
    ]
    assert snapshot(root) == before
    forced = command("harvest", "edited.pptx", "--apply", "--force", cwd=root)
    assert forced.returncode == 0, forced.stderr
    assert forced.stderr.startswith("warning: written all the same (--force): content/editions/")
    assert "remove: true" in (root / "content" / "editions" / "sor.yaml").read_text("utf-8")


def test_a_removal_over_an_audience_patch_replaces_it_and_says_so(edited: dict[str, Path]) -> None:
    root = edited["audience"]
    done = command("harvest", "edited.pptx", "--apply", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        'content/editions/sor.yaml:6:5: slides.points: remove: true (the speaker deleted "Hva vi '
        "vil\"); the slide's other changes here go with it (audience)"
    )
    assert (
        (root / "content" / "editions" / "sor.yaml")
        .read_text("utf-8")
        .endswith("slides:\n  points:\n    remove: true\n")
    )
    every_content_file_builds(root)
    assert command("content/editions/sor.yaml", "-o", "again.pptx", cwd=root).returncode == 0
    assert texts(root / "again.pptx") == texts(root / "edited.pptx")


def test_table_cells_from_a_csv_file_are_written_into_it_with_its_separator_and_quotes(
    edited: dict[str, Path],
) -> None:
    root = edited["cells"]
    done = command("harvest", "edited.pptx", "--apply", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "content/data/tall.csv:2:14: content/data/tall.csv row 1, column 'innbyggere': \"116000\" "
        '-> "117000"',
        "content/data/tall.csv:3:1: content/data/tall.csv row 2, column 'kommune': \"Arendal\" -> "
        '"Arendal kommune"',
        "content/data/tall.csv:3:15: content/data/tall.csv row 2, column 'merknad': \"øst\" -> "
        '"øst; ved kysten"',
        "3 to patch, 0 to review, 0 new, 0 info",
        "wrote content/data/tall.csv",
    ]
    assert (root / "content" / "data" / "tall.csv").read_text("utf-8") == (
        'kommune;innbyggere;merknad\nKristiansand;117000;"største by; sør"\n'
        'Arendal kommune;45000;"øst; ved kysten"\n'
    )
    every_content_file_builds(root)
    assert command("content/talk.yaml", "-o", "again.pptx", cwd=root).returncode == 0

    def spaced(deck: Path) -> list:  # the deck writes numbers with a no-break space between groups
        return [
            (tuple(t.replace("\xa0", " ") for t in shapes), notes) for shapes, notes in texts(deck)
        ]

    assert spaced(root / "again.pptx") == spaced(root / "edited.pptx")
