"""Shared fixtures (the repository, a built 2019 deck, the test masters, the decks of `office` tests), a helper to run
the CLI, and the run's rules: markers, what `office` tests need, sweeps only under --sweep, Hypothesis profiles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from generator.commands.app import cli

from . import masters, office

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


# LibreOffice's templates the tests build on: several master pages (Vivid); tools/verify_masters.py builds on all
LIBREOFFICE_TEMPLATES = ["Vivid"]


@pytest.fixture(scope="session")
def libreoffice_masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A blank LibreOffice presentation saved as 16:10 .pptx and LIBREOFFICE_TEMPLATES, converted once for the
    session (LibreOffice takes seconds); {} without LibreOffice."""
    from . import masters

    return masters.libreoffice_masters(tmp_path_factory.mktemp("lo-masters"), LIBREOFFICE_TEMPLATES)


def have(program: str) -> bool:
    return shutil.which(program) is not None


@pytest.fixture(scope="session")
def made_masters(tmp_path_factory: pytest.TempPathFactory) -> masters.Made:
    """The masters of tests/masters.py, each written once for the session when first asked for."""
    return masters.Made(tmp_path_factory.mktemp("masters"))


@pytest.fixture(scope="session")
def office_decks(
    tmp_path_factory: pytest.TempPathFactory, made_masters: masters.Made
) -> office.Decks:
    """The decks the test modules registered with `office.deck`: each made once, their PDFs from one LibreOffice
    run and their SDK verdicts from one validator run."""
    return office.Decks(tmp_path_factory.mktemp("office"), made_masters)


# ---------------------------------------------------------------- the run

SWEEP = False  # --sweep: tools/verify's run, with the long sweeps and the full example counts
# seconds: the first `office` test of a run waits for a batch of decks, and a sweep is long by design
LONG_TIMEOUT = 300


def sweeping() -> bool:
    """True under --sweep (tools/verify): a test may then try more than it does in the default run."""
    return SWEEP


def examples(quick: int, sweep: int) -> int:
    """`max_examples` of a property test: `quick` in the default run, `sweep` under --sweep (tools/verify)."""
    return sweep if SWEEP else quick


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sweep",
        action="store_true",
        help="run the long sweeps (marked sweep) too, and property tests with their full example counts",
    )


def _bytecode_for_the_run() -> None:
    """Let the run keep bytecode when the environment says not to (PYTHONDONTWRITEBYTECODE): the suite starts
    make-deck in some two hundred processes, and each would compile the package anew. It is kept in a cache
    folder of the run's own (PYTHONPYCACHEPREFIX), never beside the sources; make-deck itself is unchanged."""
    if not os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        return
    prefix = os.environ.setdefault(
        "PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "make-deck-test-bytecode")
    )
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


def pytest_configure(config: pytest.Config) -> None:
    global SWEEP
    _bytecode_for_the_run()  # before the workers start: they and every process they start inherit it
    SWEEP = bool(config.getoption("sweep"))
    # No deadline (a wall-clock limit) anywhere. The default run tries the same examples every time, with no
    # example database; a sweep tries new ones each run and prints how to reproduce a failure.
    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
    settings.register_profile("quick", derandomize=True, database=None, **common)
    settings.register_profile("sweep", print_blob=True, **common)
    if config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("sweep" if SWEEP else "quick")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not SWEEP:
        swept = [item for item in items if item.get_closest_marker("sweep")]
        if swept:
            config.hook.pytest_deselected(items=swept)
            items[:] = [item for item in items if not item.get_closest_marker("sweep")]
    for item in items:
        office_test = item.get_closest_marker("office") is not None
        needs = {need for mark in item.iter_markers("office") for need in mark.args or ("",)}
        # The tests of the validator run on one worker, those of LibreOffice on one (the other, as the two
        # largest groups are handed out first): each batch of decks is then made once, beside the other.
        if "validator" in needs:
            item.add_marker(pytest.mark.xdist_group("sdk"))
        elif needs & {"libreoffice", "poppler", ""}:
            item.add_marker(pytest.mark.xdist_group("libreoffice"))
        long = office_test or item.get_closest_marker("sweep") is not None
        if long and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(LONG_TIMEOUT))


@cache
def _missing(need: str) -> str:
    return office.missing(need)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """An `office` test without what it needs: skipped with the reason, or failed in CI, which installs it all."""
    for mark in item.iter_markers("office"):
        for need in mark.args or ("libreoffice", "poppler"):
            why = _missing(need)
            if why and office.in_ci():
                pytest.fail(
                    f"{why}; CI must install it (tools/install-system-deps.sh)", pytrace=False
                )
            if why:
                pytest.skip(why)


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
