"""Font metrics for measuring text: the shipped metric-compatible faces, read with fontTools and kept in the cache."""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.cache import kept_json, stamp
from generator.content.layouts import builtin_dir

FALLBACK = "Carlito"
# Theme typefaces we can measure, and the metric-compatible family whose files ship in templates/fonts/
# (as <family without spaces>-<style>.ttf).
FAMILIES: Mapping[str, str] = {
    "Calibri": "Carlito",
    "Carlito": "Carlito",
    "Arial": "Liberation Sans",
    "Liberation Sans": "Liberation Sans",
    "Helvetica": "Liberation Sans",
    "Arimo": "Liberation Sans",
}
_STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


@dataclass(frozen=True, eq=False)
class Face:
    """One font file's metrics: advance width per character, in font units."""

    name: str  # e.g. "Carlito Bold"
    units: int  # units per em
    advances: Mapping[str, int]
    notdef: int  # advance of the glyph drawn for a missing character
    line: (
        float  # single line pitch as a multiple of the size: (ascender + descender + line gap) / em
    )
    ascii: bool  # every printable ASCII character is in the font

    @property
    def space(self) -> int:
        return self.advances.get(" ", self.notdef)

    def width(self, text: str) -> int:
        """Advance width of `text` in font units; kerning (which mostly tightens Carlito) is left out."""
        try:
            return sum(map(self.advances.__getitem__, text))
        except KeyError:
            get, notdef = self.advances.get, self.notdef
            return sum(get(c, notdef) for c in text)


def fonts_dir() -> Path:
    """The font files shipped with make-deck (Carlito, Liberation Sans)."""
    return builtin_dir() / "fonts"


@cache
def load_face(family: str, bold: bool = False, italic: bool = False) -> Face:
    """A shipped font's metrics, read with fontTools once and then kept in the user's cache folder."""
    style = _STYLES[(bold, italic)]
    path = fonts_dir() / f"{family.replace(' ', '')}-{style}.ttf"
    data = kept_json("fonts", stamp(path), lambda: _read_face(path), _valid_face)
    name = f"{family} {style}" if style != "Regular" else family
    advances = {chr(int(code)): advance for code, advance in data["advances"].items()}
    return Face(
        name,
        data["units"],
        advances,
        data["notdef"],
        data["line"],
        all(chr(c) in advances for c in range(0x20, 0x7F)),
    )


def _valid_face(data: object) -> bool:
    """Font metrics as `_read_face` gives them (a cache entry of another shape is read from the font again)."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("units"), int)
        and data["units"] > 0
        and isinstance(data.get("notdef"), int)
        and isinstance(data.get("line"), float)
        and isinstance(data.get("advances"), dict)
        and all(k.isdigit() and isinstance(v, int) for k, v in data["advances"].items())
    )


def _read_face(path: Path) -> dict:
    """Read cmap, hmtx and the line metrics of a font file (about 5-10 ms, and 20 ms to import fontTools)."""
    # here, not at the top: only a build that measures pays for it
    from fontTools.ttLib import (
        TTFont,
    )

    font = TTFont(path, lazy=True)
    try:
        # Glyphs by number: naming them from 'post' (or, for Carlito, from the Adobe Glyph List) costs 70 ms.
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        hmtx = font["hmtx"].metrics
        advances = {str(code): hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
        # unitsPerEm straight from the head table: decompiling it logs a warning about Carlito's timestamps.
        units = struct.unpack(">H", font.reader["head"][18:20])[0]
        hhea, os2 = font["hhea"], font["OS/2"]
        if os2.fsSelection & 0x80:  # USE_TYPO_METRICS
            extent = os2.sTypoAscender - os2.sTypoDescender + os2.sTypoLineGap
        else:
            extent = hhea.ascent - hhea.descent + hhea.lineGap
        return {
            "units": units,
            "advances": advances,
            "notdef": hmtx["g0"][0],
            "line": extent / units,
        }
    finally:
        font.close()
