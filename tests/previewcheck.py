"""The preview against the file: each slide's SVG in Chromium and the built .pptx in LibreOffice, compared by
their pixels, and the preview's text against the deck's words and fitting's line breaks.

The measure, per slide at 96 dpi: a pixel is drawn where it differs from the slide's background (the most
common colour of LibreOffice's render) by more than 48 in a channel; the agreement is the share of the drawn
pixels of both renders that lie within 2 px (1.5 pt) of a drawn pixel of the other,
(|A within 2 px of B| + |B within 2 px of A|) / (|A| + |B|). A slide agrees at 0.9 or more. The plain
intersection over union is given beside it: anti-aliased text rasterised by two programs differs by a pixel
here and there, so that figure is lower for slides of text and is not the bar.
"""

from __future__ import annotations

import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, ImageChops, ImageFilter

from generator.master.reader import Master
from generator.model.deck import SlideSpec
from generator.model.fitting import set_text
from generator.preview.fontfaces import font_css

DPI = 96
DRAWN = 48  # a channel differs from the background by more than this
TOLERANCE = 2  # pixels
BAR = 0.9
SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"


@dataclass(frozen=True)
class Agreement:
    """How one slide's two renders agree: the stated measure and the plain IoU."""

    score: float
    iou: float


def office_pngs(decks: dict[str, bytes], folder: Path) -> dict[str, list[Path]]:
    """Every deck rendered by LibreOffice in one call, each page at 96 dpi: the PNGs by deck name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in decks.items():
        (folder / f"{name}.pptx").write_bytes(data)
    with tempfile.TemporaryDirectory(prefix="make-deck-office-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
            + ["--norestore", "--convert-to", "pdf", "--outdir", str(folder)]
            + [str(folder / f"{name}.pptx") for name in decks],
            check=True,
            capture_output=True,
            timeout=900,
        )
    return {name: pdf_pngs(folder / f"{name}.pdf", folder / name) for name in decks}


def pdf_pngs(pdf: Path, stem: Path) -> list[Path]:
    """Each page of a PDF at 96 dpi, as `<stem>-<n>.png`, in page order."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(stem)], check=True, timeout=300
    )
    pages = stem.parent.glob(f"{stem.name}-*.png")
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def svg_pngs(
    driver, name: str, svgs: list[str], folder: Path, size: tuple[float, float]
) -> list[Path]:  # noqa: ANN001
    """Each slide's SVG drawn by Chromium at 96 dpi, from one page holding them all."""
    width, height = round(size[0] * DPI / 72), round(size[1] * DPI / 72)
    style = (
        f"{font_css(FONTS.as_uri() + '/')} body {{ margin: 0 }} "
        f"svg {{ display: block; width: {width}px; height: {height}px }}"
    )
    page = folder / f"{name}-svg.html"
    page.write_text(
        f"<!doctype html><meta charset='utf-8'><style>{style}</style>{''.join(svgs)}",
        encoding="utf-8",
    )
    driver.get(page.as_uri())
    driver.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")
    out = []
    elements = driver.find_elements("css selector", "body > svg")
    for n, element in enumerate(elements, 1):
        driver.execute_script(  # one slide at a time, at the top of the window
            "document.querySelectorAll('body > svg').forEach((s, i) => "
            "{ s.style.display = i === arguments[0] ? 'block' : 'none'; }); window.scrollTo(0, 0);",
            n - 1,
        )
        path = folder / f"{name}-svg-{n:02d}.png"
        element.screenshot(str(path))
        out.append(path)
    return out


def _drawn(image: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    diff = ImageChops.difference(image, Image.new("RGB", image.size, background))
    r, g, b = diff.split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v > DRAWN else 0)


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def agreement(office: Path, preview: Path) -> Agreement:
    """The stated measure and the IoU of one slide's LibreOffice render and its SVG's."""
    a = Image.open(office).convert("RGB")
    b = Image.open(preview).convert("RGB").resize(a.size)
    background = max(a.getcolors(1 << 24))[1]
    ma, mb = _drawn(a, background), _drawn(b, background)
    wide = ImageFilter.MaxFilter(2 * TOLERANCE + 1)
    near = _count(ImageChops.darker(ma, mb.filter(wide))) + _count(
        ImageChops.darker(mb, ma.filter(wide))
    )
    total = _count(ma) + _count(mb)
    union = _count(ImageChops.lighter(ma, mb))
    return Agreement(
        near / total if total else 1.0,
        _count(ImageChops.darker(ma, mb)) / union if union else 1.0,
    )


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).casefold().split()


def svg_words(svg: str) -> set[str]:
    """The words a slide's SVG draws; a word broken after its hyphen (Aurskog-|Høland) is joined again."""
    root = etree.fromstring(svg.encode())
    found = {w for t in root.iter(f"{SVG}text") for w in words(t.text or "")}
    for lines in svg_lines(svg).values():
        joined = "".join(line if line.endswith("-") else line + " " for line in lines)
        found |= set(words(joined))
    return found


def svg_lines(svg: str) -> dict[int, list[str]]:
    """The lines of each text shape of a slide's SVG (its bullets left out), by the shape's index."""
    root = etree.fromstring(svg.encode())
    out = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "text":
            texts = [t.text or "" for t in group.iter(f"{SVG}text") if t.get("class") != "bullet"]
            lines = [text for text in texts if text.strip()]
            out[int(group.get("data-shape"))] = lines
    return out


def measured_lines(slide: SlideSpec, master: Master) -> dict[int, list[str]]:
    """The lines fitting broke each text shape of the slide into (trailing spaces left out, empty ones too)."""
    return {
        i: [line.rstrip(" ") for p in text.paragraphs for line in p.lines if line.rstrip(" ")]
        for i, text in set_text(slide, master).items()
    }


def deck_words(pptx: bytes) -> list[set[str]]:
    """The words of each slide of a written deck, as its slide parts hold them (tables too)."""
    out = []
    with zipfile.ZipFile(__import__("io").BytesIO(pptx)) as archive:
        names = sorted(
            (
                n
                for n in archive.namelist()
                if n.startswith("ppt/slides/slide") and n.endswith(".xml")
            ),
            key=lambda n: int(n[len("ppt/slides/slide") : -4]),
        )
        for name in names:
            root = etree.fromstring(archive.read(name))
            texts = root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t")
            out.append({w for t in texts for w in words(t.text or "")})
    return out
