"""Colours as a master resolves them: theme slots through the colour map, with DrawingML's modifiers."""

from __future__ import annotations

import colorsys
from collections.abc import Mapping

from lxml import etree

from generator.ooxml.names import qn

# the slide master's default colour map: what bg1, tx1, bg2 and tx2 name
DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_SYSTEM = {"window": "FFFFFF", "windowText": "000000"}


class Palette:
    """A theme's colours by slot, read through the master's colour map: `resolve` turns what a shape or the
    model says (`#RRGGBB`, `accent1`, `tx2`) into `#rrggbb`."""

    def __init__(self, theme: Mapping[str, str], mapping: Mapping[str, str] | None = None) -> None:
        self.theme = dict(theme)
        self.mapping = {**DEFAULT_MAP, **(mapping or {})}

    def slot(self, name: str) -> str:
        """A scheme colour's RRGGBB (black for a slot the theme lacks)."""
        return self.theme.get(self.mapping.get(name, name), "000000")

    def resolve(self, value: str | None) -> str | None:
        """`#RRGGBB` or a scheme colour's name as `#rrggbb`; None stays None, and so does "none"."""
        if value is None or value == "none":
            return None
        if value.startswith("#"):
            return "#" + value[1:].lower()
        return "#" + self.slot(value).lower()

    def of(self, fill: etree._Element | None, placeholder: str = "000000") -> str | None:
        """The colour of a DrawingML colour choice or of an element holding one (a:solidFill, a:buClr ...), its
        modifiers applied; `placeholder` for phClr; None when it holds none."""
        if fill is None:
            return None
        choice = (
            fill if fill.tag.endswith("Clr") and fill.tag != qn("a:buClr") else _first_colour(fill)
        )
        if choice is None:
            return None
        base = self._base(choice, placeholder)
        return "#" + modified(base, choice).lower()

    def _base(self, choice: etree._Element, placeholder: str) -> str:
        tag, val = etree.QName(choice).localname, choice.get("val", "")
        if tag == "srgbClr":
            return val.upper()
        if tag == "schemeClr":
            return placeholder if val == "phClr" else self.slot(val)
        if tag == "sysClr":
            return (choice.get("lastClr") or _SYSTEM.get(val, "000000")).upper()
        if tag == "prstClr":
            return {"black": "000000", "white": "FFFFFF"}.get(val, "808080")
        return "000000"


def _first_colour(parent: etree._Element) -> etree._Element | None:
    for child in parent.iter():
        if child is not parent and etree.QName(child).localname in (
            "srgbClr",
            "schemeClr",
            "sysClr",
            "prstClr",
        ):
            return child
    return None


def modified(rgb: str, choice: etree._Element) -> str:
    """RRGGBB with the colour element's lumMod, lumOff, tint and shade applied, as PowerPoint applies them."""
    mods = [(etree.QName(m).localname, int(m.get("val", "100000"))) for m in choice]
    return _apply(rgb, mods)


def modified_by(color: str, mods: tuple[tuple[str, int], ...]) -> str:
    """`#rrggbb` with modifiers given as (name, value in thousandths of a percent) applied."""
    return "#" + _apply(color.lstrip("#"), list(mods)).lower()


def _apply(rgb: str, mods: list[tuple[str, int]]) -> str:
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for name, amount in mods:
        value = amount / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * value if name == "lumMod" else lum + value
            r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0.0), 1.0), s)
        elif name == "tint":  # toward white, in linear light
            r, g, b = (_gamma(_linear(c) * value + (1 - value)) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (_gamma(_linear(c) * value) for c in (r, g, b))
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in (r, g, b))


def tint(rgb: str, amount: float) -> str:
    """`#rrggbb` mixed with white in linear light, `amount` of the colour kept (DrawingML's tint)."""
    channels = (int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5))
    mixed = (_gamma(_linear(c) * amount + (1 - amount)) for c in channels)
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
