"""Text defaults per outline level, read from a chain of list styles (a placeholder's, its master's, the deck's)."""

from __future__ import annotations

from collections.abc import Mapping

from generator.master.backdrop import colour_of
from generator.master.plain import TextLevel
from generator.ooxml.names import NS

EMU_PER_PT = 12700


def levels(
    chain: list,
    fonts: tuple[str, str],
    size: float = 18.0,
    colours: Mapping[str, str] | None = None,
) -> tuple[TextLevel, ...]:
    """Each outline level's defaults: the first list style in `chain` that says, attribute by attribute; `size`
    where none gives one (a master saved by LibreOffice may have no text styles); colours named through
    `colours` (the master's theme, tx1 and bg1 included)."""
    return tuple(
        _level(
            [p for s in chain if s is not None and (p := s.find(f"a:lvl{n}pPr", NS)) is not None],
            fonts,
            size,
            colours or {},
        )
        for n in range(1, 10)
    )


def _first(pprs: list, path: str, attr: str) -> str | None:
    for ppr in pprs:
        node = ppr if path == "." else ppr.find(path, NS)
        if node is not None and node.get(attr) is not None:
            return node.get(attr)
    return None


def _spacing(pprs: list, name: str) -> tuple[float | None, float | None]:
    """A spacing (spcBef, lnSpc) as the first level that sets it gives it: (fraction of a line, points)."""
    for ppr in pprs:
        pct, pts = ppr.find(f"a:{name}/a:spcPct", NS), ppr.find(f"a:{name}/a:spcPts", NS)
        if pct is not None or pts is not None:
            return (
                int(pct.get("val")) / 100000 if pct is not None else None,
                int(pts.get("val")) / 100 if pts is not None else None,
            )
    return None, None


def _bullet(pprs: list) -> bool:
    for ppr in pprs:
        if ppr.find("a:buNone", NS) is not None:
            return False
        if any(ppr.find(f"a:{b}", NS) is not None for b in ("buChar", "buAutoNum", "buBlip")):
            return True
    return False


def _theme_face(face: str, fonts: tuple[str, str]) -> str:
    """A typeface, with the theme's references resolved: `+mj-lt` is its heading font, `+mn-lt` its
    body font."""
    if face.startswith("+mj"):
        return fonts[0]
    if face.startswith("+mn"):
        return fonts[1]
    return face


def _colour(pprs: list, colours: Mapping[str, str]) -> str:
    for ppr in pprs:
        fill = ppr.find("a:defRPr/a:solidFill", NS)
        if fill is not None and len(fill):
            return colour_of(fill[0], colours)
    return ""


def _level(
    pprs: list, fonts: tuple[str, str], default_size: float, colours: Mapping[str, str]
) -> TextLevel:
    size, bold, italic, cap = (_first(pprs, "a:defRPr", attr) for attr in ("sz", "b", "i", "cap"))
    face = _first(pprs, "a:defRPr/a:latin", "typeface") or "+mn-lt"
    face = _theme_face(face, fonts)
    before_lines, before = _spacing(pprs, "spcBef")
    after_lines, after = _spacing(pprs, "spcAft")
    line, line_points = _spacing(pprs, "lnSpc")
    margin, indent = _first(pprs, ".", "marL"), _first(pprs, ".", "indent")
    return TextLevel(
        size=int(size) / 100 if size else default_size,
        bold=bold in ("1", "true"),
        italic=italic in ("1", "true"),
        font=face,
        space_before=before or 0.0,
        space_before_lines=before_lines or 0.0,
        line_spacing=line if line is not None else 1.0,
        line_points=line_points if line is None else None,
        margin=int(margin) / EMU_PER_PT if margin else 0.0,
        indent=int(indent) / EMU_PER_PT if indent else 0.0,
        bullet=_bullet(pprs),
        caps=cap == "all",
        color=_colour(pprs, colours),
        space_after=after or 0.0,
        space_after_lines=after_lines or 0.0,
        align=_first(pprs, ".", "algn") or "",
    )
