"""The shipped faces a page draws text in: their files, the CSS that serves them, their SVG names."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.model.fonts import FALLBACK, FAMILIES, Face, fonts_dir

# the files a page may ask for, by family and style, as they ship in templates/fonts/
STYLES = {"Regular": ("normal", "normal"), "Bold": ("bold", "normal")}
STYLES |= {"Italic": ("normal", "italic"), "BoldItalic": ("bold", "italic")}
SHIPPED = ("Carlito", "Liberation Sans")


@dataclass(frozen=True)
class Style:
    """How SVG names a face: its family, weight and style."""

    family: str
    weight: str
    style: str

    def attributes(self) -> str:
        out = f'font-family="{self.family}"'
        if self.weight != "normal":
            out += f' font-weight="{self.weight}"'
        if self.style != "normal":
            out += f' font-style="{self.style}"'
        return out


def style_of(face: Face) -> Style:
    """The family, weight and style of a measured face (named `Carlito Bold`, `Liberation Sans Italic` ...)."""
    for name, (weight, style) in sorted(STYLES.items(), key=lambda item: -len(item[0])):
        if face.name.endswith(" " + name):
            return Style(face.name[: -len(name) - 1], weight, style)
    return Style(face.name, "normal", "normal")


def family_of(typeface: str) -> str:
    """The shipped family a master's typeface is drawn in (Calibri in Carlito, Arial in Liberation Sans)."""
    return FAMILIES.get(typeface, FALLBACK)


def font_files() -> dict[str, Path]:
    """Every shipped font file, by its file name: the only font paths a page may ask for."""
    return {
        f"{family.replace(' ', '')}-{style}.ttf": fonts_dir()
        / f"{family.replace(' ', '')}-{style}.ttf"
        for family in SHIPPED
        for style in STYLES
    }


def font_css(prefix: str = "fonts/") -> str:
    """@font-face rules for every shipped face, each file under `prefix`."""
    rules = []
    for family in SHIPPED:
        for name, (weight, style) in STYLES.items():
            url = f"{prefix}{family.replace(' ', '')}-{name}.ttf"
            rules.append(
                f"@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: {style}; "
                f"src: url('{url}') format('truetype'); }}"
            )
    return "\n".join(rules)


@cache
def vertical(face_name: str) -> tuple[float, float]:
    """A face's ascent and descent as fractions of its size, as LibreOffice sets lines (the OS/2 table's
    Windows metrics)."""
    from fontTools.ttLib import TTFont  # here: only drawing text needs it

    style = style_of(Face(face_name, 1, {}, 0, 1.0, True))
    suffix = next(
        (name for name, pair in STYLES.items() if pair == (style.weight, style.style)), "Regular"
    )
    path = fonts_dir() / f"{style.family.replace(' ', '')}-{suffix}.ttf"
    if not path.is_file():
        return 0.95, 0.27
    font = TTFont(path, lazy=True)
    try:
        # unitsPerEm straight from the head table: decompiling it warns about Carlito's timestamps
        os2, units = font["OS/2"], struct.unpack(">H", font.reader["head"][18:20])[0]
        return os2.usWinAscent / units, os2.usWinDescent / units
    finally:
        font.close()
