"""Decks rendered by independent programs: LibreOffice to PDF, poppler to PNG, Pillow to a contact sheet."""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.errors import DeckError, Location


@dataclass(frozen=True)
class Program:
    """An external program, and the Debian package that provides it."""

    names: tuple[str, ...]
    package: str
    what: str

    def path(self) -> str:
        """The program's path; a DeckError naming the package to install when it is missing."""
        for name in self.names:
            found = shutil.which(name)
            if found:
                return found
        raise DeckError(
            f"{self.what} ({self.names[0]}) is not installed",
            hint=f"install the Debian package {self.package} (tools/install-system-deps.sh does)",
        )


SOFFICE = Program(("soffice", "libreoffice"), "libreoffice-impress", "LibreOffice")
PDFTOPPM = Program(("pdftoppm",), "poppler-utils", "poppler's PDF renderer")


def to_pdf(
    pptx: Path, out_dir: Path, timeout: float = 180.0, *, where: Location | None = None
) -> Path:
    """Convert `pptx` with LibreOffice to `out_dir/<stem>.pdf` (one page per slide) and return its path.

    Each conversion runs with its own fresh LibreOffice profile, so conversions can run in parallel. A failure
    is a DeckError at `where`: the file the user named (a content file, say) when `pptx` is a copy of its deck
    made for the conversion; `pptx` itself without it.
    """
    soffice = SOFFICE.path()
    source = _existing(pptx)
    where = where or Location(str(pptx))
    out_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="make-deck-office-") as profile,
        tempfile.TemporaryDirectory(prefix=".pdf-", dir=out_dir) as staging,
    ):
        result = _run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                "--convert-to",
                "pdf:impress_pdf_Export",
                "--outdir",
                staging,
                str(source),
            ],
            timeout,
            "LibreOffice converting the deck to PDF",
            where,
        )
        produced = Path(staging) / f"{source.stem}.pdf"
        if result.returncode or not _whole_pdf(produced):
            said = _last_line(result) or _status(result.returncode)
            raise DeckError(
                f"LibreOffice did not convert the deck to PDF: {said}",
                where,
                hint="try again, and if it fails again, open the deck in LibreOffice Impress to see "
                "where it stops",
            )
        target = out_dir / produced.name
        os.replace(produced, target)
    return target


def _whole_pdf(path: Path) -> bool:
    """Whether `path` is a PDF written to its end (a crashed LibreOffice leaves a start of one)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
            handle.seek(max(path.stat().st_size - 1024, 0))
            tail = handle.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def _status(code: int) -> str:
    """How a program ended, in words: `exit status 1`, `killed by signal 11 (SIGSEGV)`."""
    if code >= 0:
        return f"exit status {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = "an unknown signal"
    return f"killed by signal {-code} ({name})"


def to_pngs(pdf: Path, out_dir: Path, dpi: int, *, where: Location | None = None) -> list[Path]:
    """One PNG per page of `pdf` at `dpi`, as `out_dir/<stem>-<page>.png` in page order.

    PNGs left in `out_dir` by an earlier render of the same stem are replaced, extra pages removed. A failure is
    a DeckError at `where` (as for `to_pdf`), else at `pdf`.
    """
    pdftoppm = PDFTOPPM.path()
    source = _existing(pdf)
    where = where or Location(str(pdf))
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = re.compile(re.escape(source.stem) + r"-(\d+)\.png")
    with tempfile.TemporaryDirectory(prefix=".png-", dir=out_dir) as staging:
        result = _run(
            [pdftoppm, "-r", str(dpi), "-png", str(source), str(Path(staging) / source.stem)],
            120.0,
            "pdftoppm rendering the PDF",
            where,
        )
        produced = sorted(
            (p for p in Path(staging).iterdir() if pages.fullmatch(p.name)),
            key=lambda p: int(pages.fullmatch(p.name)[1]),
        )
        if result.returncode or not produced:
            said = _last_line(result) or f"exit status {result.returncode}"
            raise DeckError(f"pdftoppm did not render the PDF: {said}", where)
        for old in out_dir.iterdir():
            if pages.fullmatch(old.name):
                old.unlink()
        targets = [out_dir / p.name for p in produced]
        for page, target in zip(produced, targets, strict=True):
            os.replace(page, target)
    return targets


def contact_sheet(pngs: list[Path], out: Path, columns: int = 4, width: int = 480) -> Path:
    """All pages on one image, `columns` across, each `width` pixels wide and numbered; returns `out`."""
    if not pngs:
        raise DeckError("no pages to put on a contact sheet", Location(str(out)))
    gap, label = 16, 24
    thumbs = []
    for png in pngs:
        with Image.open(png) as page:
            page = page.convert("RGB")
            thumbs.append(
                page.resize((width, max(1, round(page.height * width / page.width))), Image.LANCZOS)
            )
    cell = max(t.height for t in thumbs) + label
    columns = max(1, min(columns, len(thumbs)))
    rows = math.ceil(len(thumbs) / columns)
    sheet = Image.new(
        "RGB", (gap + columns * (width + gap), gap + rows * (cell + gap)), (128, 128, 128)
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    for index, thumb in enumerate(thumbs):
        x = gap + (index % columns) * (width + gap)
        y = gap + (index // columns) * (cell + gap)
        draw.text((x, y), str(index + 1), fill=(255, 255, 255), font=font)
        sheet.paste(thumb, (x, y + label))
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=out.suffix or ".png", dir=out.parent)
    os.close(fd)
    try:
        sheet.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise DeckError("file not found", Location(str(path)))
    return path.resolve()


def _run(
    command: list[str], timeout: float, what: str, where: Location
) -> subprocess.CompletedProcess[str]:
    """Run `command` in its own process group; on timeout the whole group is killed (soffice forks)."""
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise DeckError(f"{what} took longer than {timeout:.0f} s", where) from None
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [
        line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()
    ]
    return lines[-1] if lines else ""
