"""LibreOffice and the Open XML SDK for the tests, each started once for many decks.

A test module registers the decks it needs rendered or validated with `deck(name, pdf=..., sdk=...)`; the
session's `office_decks` fixture (tests/conftest.py) makes every registered deck, renders all of those marked
`pdf` with one LibreOffice run and validates all of those marked `sdk` with one validator run, each the first
time a test asks for one of its results. A start costs LibreOffice 2-5 s and the validator 5-15 s; a deck, about
a second each. Tests that use it are marked `office` (what they need is checked before they run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import masters

REPO = Path(__file__).resolve().parent.parent
SOFFICE_TIMEOUT = 600.0  # seconds for one run over every deck, on a busy machine
MAIN = "from generator.commands.app import main; main()"


@dataclass(frozen=True)
class Kit:
    """What a deck maker gets: a folder of its own to write into, the test masters of the run, and the other
    registered decks (`deck(name)`: its path, made if it was not yet)."""

    folder: Path
    masters: masters.Made
    deck: Callable[[str], Path]


Maker = Callable[[Kit], Path]  # writes a deck into kit.folder and returns its path


@dataclass
class Recipe:
    make: Maker
    pdf: bool = False
    sdk: bool = False


RECIPES: dict[str, Recipe] = {}


def deck(name: str, *, pdf: bool = False, sdk: bool = False) -> Callable[[Maker], Maker]:
    """Register the decorated function as the maker of the deck `name`, to be rendered to PDF (`pdf`) and
    validated by the SDK (`sdk`) together with every other registered deck. A module may register a name another
    registered before, with the same maker: what each asks for is added up."""

    def register(make: Maker) -> Maker:
        recipe = RECIPES.setdefault(name, Recipe(make))
        if recipe.make is not make:
            raise ValueError(f"the deck {name!r} is made by two different functions")
        recipe.pdf |= pdf
        recipe.sdk |= sdk
        return make

    return register


_BUILT: dict[Path, Maker] = {}


def built(content: Path, *args: str) -> Maker:
    """A maker that builds `content` (a file under the repository) as a user runs make-deck, in a new process;
    the same maker for the same file, so modules may share the deck."""
    key = content.with_name(f"{content.name}{'+'.join(('', *args))}")
    if key not in _BUILT:

        def make(kit: Kit) -> Path:
            out = kit.folder / f"{content.stem}.pptx"
            make_deck(content, out, *args)
            return out

        _BUILT[key] = make
    return _BUILT[key]


def make_deck(content: Path, out: Path, *args: str) -> None:
    """Build `content` into `out` as a user runs make-deck, in a new process from the repository folder."""
    subprocess.run(
        [sys.executable, "-c", MAIN, str(content), "-o", str(out), *args],
        cwd=REPO,
        check=True,
        capture_output=True,
    )


# The shipped content, and test editions of large counties (51 names; Sámi names) ...
CONTENT = sorted((REPO / "content").glob("**/*.yaml")) + sorted(
    (REPO / "tests" / "data" / "editions").glob("*.yaml")
)
# ... of which the default run renders and validates the talk, Sámi names (landet-2024 for Finnmark) and the
# longest lists (51 municipalities); the rest under --sweep
QUICK_CONTENT = (
    REPO / "content" / "2019.yaml",
    REPO / "content" / "landet-2024.yaml",
    REPO / "tests" / "data" / "editions" / "viken-2020.yaml",
)


def content_decks(
    *,
    pdf: bool = False,
    sdk: bool = False,
    every: bool = False,
    quick: tuple[Path, ...] = QUICK_CONTENT,
) -> list:
    """Register a deck for each content file (all of them when `every`, else those of `quick`), named
    "content:<path>"; pytest parameters over every content file, those not in `quick` marked `sweep`."""
    import pytest

    params = []
    for content in CONTENT:
        fast = content in quick
        # a `counties:` file makes a deck per county: Finnmark's, for its Sámi names
        county = ("--county", "56") if "counties:" in content.read_text(encoding="utf-8") else ()
        if fast or every:
            deck(content_name(content), pdf=pdf, sdk=sdk)(built(content, *county))
        marks = () if fast else (pytest.mark.sweep,)
        params.append(pytest.param(content, id=str(content.relative_to(REPO)), marks=marks))
    return params


def content_name(content: Path) -> str:
    return f"content:{content.relative_to(REPO)}"


def content_deck(content: Path, *, pdf: bool = False, sdk: bool = False) -> str:
    """Register the deck of one content file as a user builds it (shared with any module that registers it
    too); its name."""
    deck(content_name(content), pdf=pdf, sdk=sdk)(built(content))
    return content_name(content)


class Decks:
    """The registered decks of a run, made on first use; their PDFs and SDK verdicts, each in one batch."""

    def __init__(self, folder: Path, made: masters.Made) -> None:
        self.folder = folder
        self.masters = made
        self._decks: dict[str, Path | BaseException] = {}
        self._pdfs: dict[str, Path | BaseException] | None = None
        self._verdicts: dict[str, list[str] | BaseException] | None = None

    def path(self, name: str) -> Path:
        """The deck `name`, made now if it was not yet."""
        if name not in RECIPES:
            raise KeyError(f"no deck {name!r} is registered (office.deck)")
        if name not in self._decks:
            folder = self.folder / "decks" / _slug(name)
            folder.mkdir(parents=True)
            try:
                self._decks[name] = RECIPES[name].make(Kit(folder, self.masters, self.path))
            except Exception as exc:  # noqa: BLE001 - raised again for each test that asks for this deck
                self._decks[name] = exc
        return _result(self._decks[name])

    def pdf(self, name: str) -> Path:
        """The deck `name` rendered by LibreOffice (every registered `pdf` deck is rendered on the first call)."""
        if self._pdfs is None:
            self._pdfs = self._batch("pdf", lambda paths: to_pdfs(paths, self.folder / "pdf"))
        return _result(self._pdfs[name])

    def sdk(self, name: str) -> list[str]:
        """The Open XML SDK's errors for the deck `name` (every registered `sdk` deck is validated on the first
        call)."""
        if self._verdicts is None:
            from generator.checks.openxml import sdk_errors_all

            self._verdicts = self._batch("sdk", sdk_errors_all)
        return _result(self._verdicts[name])

    def _batch(self, kind: str, run: Callable[[list[Path]], dict]) -> dict:
        names = [name for name, recipe in RECIPES.items() if getattr(recipe, kind)]
        out: dict = {}
        paths = {}
        for name in names:
            try:
                paths[name] = self.path(name)
            except Exception as exc:  # noqa: BLE001
                out[name] = exc
        results = run(list(paths.values())) if paths else {}
        for name, path in paths.items():
            out[name] = results.get(
                path, RuntimeError(f"{kind}: nothing came back for {path.name}")
            )
        return out


def to_pdfs(decks: Sequence[Path], out: Path) -> dict[Path, Path]:
    """Every deck rendered to PDF by one LibreOffice run, into `out`; deck to PDF (a deck LibreOffice could not
    render is left out)."""
    return _convert(decks, out, "pdf:impress_pdf_Export", ".pdf")


def resave(decks: Sequence[Path], out: Path) -> dict[Path, Path]:
    """Every deck opened and saved again as .pptx by LibreOffice Impress, in one run, into `out`."""
    return _convert(decks, out, "pptx:Impress MS PowerPoint 2007 XML", ".pptx")


def _convert(decks: Sequence[Path], out: Path, target: str, suffix: str) -> dict[Path, Path]:
    """One soffice run over copies of `decks` named apart (LibreOffice names what it writes after the file)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="office-") as tmp:
        sources = {}
        for number, deck_path in enumerate(decks):
            source = Path(tmp) / "in" / f"{number:03d}-{deck_path.stem}{deck_path.suffix}"
            source.parent.mkdir(exist_ok=True)
            shutil.copyfile(deck_path, source)
            sources[deck_path] = source
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                *map(str, sources.values()),
            ],
            check=True,
            capture_output=True,
            timeout=SOFFICE_TIMEOUT,
        )
    written = {deck_path: out / f"{source.stem}{suffix}" for deck_path, source in sources.items()}
    return {deck_path: result for deck_path, result in written.items() if result.is_file()}


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    return found


def _result(value: object) -> object:
    if isinstance(value, BaseException):
        raise value
    return value


def _slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-") or "deck"


def missing(need: str) -> str:
    """Why `need` (libreoffice, poppler, validator) cannot be used here, or "" when it can."""
    if need == "libreoffice":
        return (
            ""
            if shutil.which("soffice")
            else "LibreOffice is not installed (Debian: libreoffice-impress)"
        )
    if need == "poppler":
        have = shutil.which("pdftotext") and shutil.which("pdftoppm")
        return "" if have else "poppler is not installed (Debian: poppler-utils)"
    if need == "node":
        return "" if shutil.which("node") else "Node.js is not installed (Debian: nodejs)"
    if need == "validator":
        from generator.checks.openxml import validator
        from generator.errors import DeckError

        try:
            validator()
        except DeckError as exc:
            return exc.line()
        return ""
    raise ValueError(f"unknown need {need!r}: office() takes libreoffice, poppler, node, validator")


def in_ci() -> bool:
    """True on a CI runner (CI set, as GitHub Actions, GitLab and .ci/run set it): there, a missing program fails."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
