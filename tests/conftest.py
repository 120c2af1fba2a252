"""Shared fixtures: the repository, a built 2019 deck, and a helper to run the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.app import cli

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "data" / "alliance-2019.txt"  # the text of the original 2019 slides


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository as the current folder (the project)."""
    monkeypatch.chdir(REPO)
    return REPO


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the current folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):  # noqa: ANN201 - click's Result
    """Invoke make-deck in-process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def deck_2019(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/2019.yaml built once for the session, as a real subprocess would."""
    out = tmp_path_factory.mktemp("deck") / "2019.pptx"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from generator.commands.app import main; main()",
            "content/2019.yaml",
            "-o",
            str(out),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return out


# LibreOffice's templates the quick suite builds on: several master pages (Vivid), a title in the middle of
# the slide (Midnightblue), a title box too small for two lines (Metropolis)
LIBREOFFICE_SLICE = ["Vivid", "Midnightblue", "Metropolis"]


@pytest.fixture(scope="session")
def libreoffice_masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A blank LibreOffice presentation saved as 16:10 .pptx and the LibreOffice templates of the slice, converted
    once for the session (LibreOffice takes seconds); {} without LibreOffice."""
    from . import masters

    return masters.libreoffice_masters(tmp_path_factory.mktemp("lo-masters"), LIBREOFFICE_SLICE)


def have(program: str) -> bool:
    return shutil.which(program) is not None


@pytest.fixture(scope="session")
def pictures_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wide PNG and a tall JPEG (with a resolution of its own), for slides with pictures."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("pictures")
    Image.new("RGB", (400, 300), (20, 90, 160)).save(folder / "wide.png")
    Image.new("RGB", (300, 500), (200, 90, 60)).save(folder / "tall.jpg", dpi=(150, 150))
    return folder


def copy_talk(dest: Path) -> Path:
    """Copy content/2019.yaml to dest, with the data files it reads beside it, as a user would copy a talk."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "content" / "2019.yaml", dest)
    shutil.copytree(REPO / "content" / "data", dest.parent / "data", dirs_exist_ok=True)
    return dest
