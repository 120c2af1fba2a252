"""Helpers for the harvest tests: a small project, decks edited through python-pptx or LibreOffice itself, the
project's files compared before and after."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pptx import Presentation

from generator.harvest.deckreader import read_pptx

from .conftest import REPO

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SYSTEM_PYTHON = (
    "/usr/bin/python3"  # the Python LibreOffice's `uno` module is installed for (python3-uno)
)
TALK = """\
# A short talk to harvest
title: Liten prat
date: 2024-03-15
language: nb-NO
data:
  tall: data/tall.csv   # innbyggere

vars:
  region: &region Agder
  points:
    - Samarbeid på tvers
    - Flere arbeidsplasser
    - Grønn omstilling

slides:
  - layout: title
    id: title
    title: "Liten prat om {{ region }}"
    subtitle: Et møte i mars
  - layout: bullets
    id: points
    title: Hva vi vil
    bullets: "{{ points }}"
    notes: Snakk kort om hvert punkt.
  - layout: statement
    id: mirror
    text: >
      Hvor mye i bakspeilet, og hvor mye
      mot nye muligheter?
    notes: La spørsmålet henge.
  - layout: statement
    id: place
    text: *region
  - layout: table
    id: numbers
    title: Innbyggere
    table: tall
"""
CSV = 'kommune;innbyggere;merknad\nKristiansand;116000;"største by; sør"\nArendal;45000;"øst"\n'
EDITION = """\
extends: ../talk.yaml
vars:
  region: Sørlandet
slides:
  points:
    audience: [fagfolk]
"""
NYNORSK = """\
extends: sor.yaml
language: nn-NO
slides:
  points:
    notes: Snakk kort om kvart punkt.
"""


def mini(root: Path) -> Path:
    """A small project in `root`: a talk (content/talk.yaml) with a CSV table, an edition of it
    (content/editions/sor.yaml) and one that extends the edition (content/editions/sor-nn.yaml)."""
    (root / "content" / "data").mkdir(parents=True)
    (root / "content" / "editions").mkdir()
    (root / "content" / "talk.yaml").write_text(TALK, "utf-8")
    (root / "content" / "data" / "tall.csv").write_text(CSV, "utf-8")
    (root / "content" / "editions" / "sor.yaml").write_text(EDITION, "utf-8")
    (root / "content" / "editions" / "sor-nn.yaml").write_text(NYNORSK, "utf-8")
    return root


def shipped(root: Path) -> Path:
    """A copy of the shipped content as a project in `root`."""
    shutil.copytree(REPO / "content", root / "content")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` (but build output and decks), with its bytes and mode."""
    out = {}
    for path in sorted(root.rglob("*")):
        kept = path.is_file() and not path.is_symlink() and path.suffix != ".pptx"
        if kept and "build" not in path.parts:
            out[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mode)
    return out


def command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """make-deck as a user runs it: its own process, text out."""
    return subprocess.run(
        [sys.executable, "-c", "from generator.commands.app import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


class Speaker:
    """Edits a built deck as a speaker would in PowerPoint, through python-pptx (tags are kept)."""

    def __init__(self, deck: Path) -> None:
        self.prs = Presentation(str(deck))
        self.keys = [s.key for s in read_pptx(deck).slides]

    def slide(self, key: str):  # noqa: ANN201 - a python-pptx slide
        return self.prs.slides[self.keys.index(key)]

    def retype(self, key: str, old: str, new: str) -> None:
        """`old` replaced by `new` in the run of the slide that holds it."""
        for shape in self.slide(key).shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames = [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if old in run.text:
                            run.text = run.text.replace(old, new)
                            return
        raise AssertionError(f"{old!r} not on slide {key}")

    def paragraph(self, key: str, after: str, text: str) -> None:
        """A new paragraph with `text` after the one that holds `after`."""
        import copy

        for shape in self.slide(key).shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    if after in paragraph.text:
                        new = copy.deepcopy(paragraph._p)
                        paragraph._p.addnext(new)
                        runs = new.findall(
                            "{http://schemas.openxmlformats.org/drawingml/2006/main}r"
                        )
                        for run in runs[1:]:
                            new.remove(run)
                        runs[0].find(
                            "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
                        ).text = text
                        return
        raise AssertionError(f"{after!r} not on slide {key}")

    def delete(self, key: str) -> None:
        slides = self.prs.slides._sldIdLst
        index = self.keys.index(key)
        self.prs.part.drop_rel(slides[index].rId)
        slides.remove(slides[index])
        self.keys.pop(index)

    def move(self, key: str, before: str) -> None:
        slides = self.prs.slides._sldIdLst
        element = slides[self.keys.index(key)]
        slides.remove(element)
        self.keys.remove(key)
        slides.insert(self.keys.index(before), element)
        self.keys.insert(self.keys.index(before), key)

    def duplicate(self, key: str, before: str) -> None:
        """A copy of slide `key` (its tag too, as PowerPoint's Duplicate Slide keeps it) put before `before`."""
        import copy

        source = self.slide(key)
        copied = self.prs.slides.add_slide(source.slide_layout)
        tree = copied.shapes._spTree
        for shape in list(copied.shapes):
            tree.remove(shape._element)
        for shape in source.shapes:
            tree.append(copy.deepcopy(shape._element))
        tags = next(r for r in source.part.rels.values() if r.reltype.endswith("/tags"))
        rid = copied.part.relate_to(tags.target_part, tags.reltype)
        data = copy.deepcopy(source._element.find(f"{_P}cSld/{_P}custDataLst"))
        data[0].set(_RID, rid)
        tree.addnext(data)
        self.keys.append(key)
        self.move_last(before)

    def move_last(self, before: str) -> None:
        slides = self.prs.slides._sldIdLst
        element = slides[-1]
        key = self.keys.pop()
        slides.remove(element)
        at = self.keys.index(before)
        slides.insert(at, element)
        self.keys.insert(at, key)

    def save(self, path: Path) -> Path:
        self.prs.save(str(path))
        return path


def in_libreoffice(jobs: list[dict]) -> None:
    """Each job's deck opened in LibreOffice Impress, edited through its own API (tests/office_edit.py), and
    saved by it as .pptx: one soffice for all of them."""
    listing = Path(jobs[0]["dst"]).parent / "office-jobs.json"
    listing.write_text(json.dumps(jobs), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [SYSTEM_PYTHON, str(REPO / "tests" / "office_edit.py"), str(listing)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr


def have_uno() -> bool:
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return done.returncode == 0
