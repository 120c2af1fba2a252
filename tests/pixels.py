"""Decks rendered by LibreOffice in one run, and how each rendered word reads, sampled from its pixels."""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .pdfboxes import Word, pdf_pages

DPI = 110
# The ring around a word's box where its background is sampled, in pixels.
RING = 3


@dataclass(frozen=True)
class Reading:
    """A word on a page, the colour of its strokes and of what lies around it (RRGGBB), and their contrast."""

    page: int
    word: str
    ink: str
    ground: str
    ratio: float

    def __str__(self) -> str:
        return f"page {self.page}: '{self.word}' #{self.ink} on #{self.ground}: {self.ratio:.2f}:1"


def to_pdfs(decks: list[Path], folder: Path, timeout: float = 900.0) -> list[Path]:
    """Each deck rendered to a PDF in `folder` by one LibreOffice run (a fresh profile): far quicker than a run
    each."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                shutil.which("soffice") or "soffice",
                f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, decks),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    pdfs = [Path(folder) / f"{deck.stem}.pdf" for deck in decks]
    missing = [pdf.name for pdf in pdfs if not pdf.is_file()]
    if missing:
        raise RuntimeError(f"LibreOffice wrote no {', '.join(missing)}")
    return pdfs


def luminance(rgb: tuple[int, int, int]) -> float:
    lin = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readings(pdf: Path, dpi: int = DPI) -> list[Reading]:
    """Every word of every page of `pdf` with the contrast it is drawn at: the ground is the commonest colour
    in a thin ring around the word's box, the ink the colour inside it that stands out most from that."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"],
            check=True,
            capture_output=True,
            timeout=300,
        )
        images = sorted(Path(tmp).glob("p-*.png"))
        for number, ((_, found), png) in enumerate(zip(pdf_pages(pdf), images, strict=True), 1):
            with Image.open(png) as image:
                rgb = image.convert("RGB")
                out += [_reading(rgb, number, word, dpi / 72) for word in found]
    return out


def _reading(image: Image.Image, page: int, word: Word, scale: float) -> Reading:
    box = word.box
    left, top = int(box.left * scale), int(box.top * scale)
    right, bottom = int(box.right * scale) + 1, int(box.bottom * scale) + 1
    width, height = image.size
    outer = (
        max(left - RING, 0),
        max(top - RING, 0),
        min(right + RING, width),
        min(bottom + RING, height),
    )
    inner = _colors(image.crop((left, top, right, bottom)))
    ring = _colors(image.crop(outer)) - inner
    ground = ring.most_common(1)[0][0] if ring else (255, 255, 255)
    ink = max(inner, key=lambda c: contrast(c, ground), default=ground)
    return Reading(page, word.text, _hex(ink), _hex(ground), contrast(ink, ground))


def _colors(crop: Image.Image) -> Counter:
    """How many pixels of each colour a crop holds (a table no larger than its pixels: PIL's cost grows with
    the size asked for)."""
    width, height = crop.size
    return Counter({colour: n for n, colour in crop.getcolors(max(width * height, 1)) or ()})


def _hex(rgb: tuple[int, int, int]) -> str:
    return "".join(f"{c:02X}" for c in rgb)
