"""The shipped faces a page draws text in: their files, the CSS that serves them, their SVG names."""

from __future__ import annotations

from dataclasses import dataclass
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
