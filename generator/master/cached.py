"""A master's plain data as JSON for the user cache, and back: reading a master costs more than a small build."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import astuple, fields
from typing import Any

from generator.master.backdrop import Band
from generator.master.plain import Master, MasterLayout, PlaceholderSpec, TextLevel
from generator.ooxml.package import Part, Rel

CACHE_SHAPE = 20  # of a master's JSON in the user cache: an entry of another shape is read from the master again


def as_json(master: Master) -> dict:
    """A master as JSON data, for the user cache: reading it through python-pptx costs more than a small build."""
    return {
        "shape": CACHE_SHAPE,
        "digest": master.digest,
        "size": list(master.size),
        "fonts": [master.major_font, master.minor_font],
        "shape_levels": [list(astuple(level)) for level in master.shape_levels],
        "theme_colors": dict(master.theme_colors),
        "layouts": [
            [
                layout.name,
                layout.type,
                layout.part,
                base64.b64encode(layout.empty_slide).decode(),
                [_placeholder_json(p) for p in layout.placeholders],
                layout.master,
                layout.background,
                [_band_json(band) for band in layout.bands],
                [list(box) for box in layout.furniture],
                _placeholder_json(layout.footer) if layout.footer is not None else None,
                list(layout.number_box) if layout.number_box is not None else None,
            ]
            for layout in master.layouts.values()
        ],
        "parts": [
            [
                part.name,
                part.content_type,
                base64.b64encode(part.blob).decode(),
                [list(astuple(rel)) for rel in part.rels],
            ]
            for part in master.parts.values()
        ],
        "root_rels": [list(astuple(rel)) for rel in master.root_rels],
        "presentation": master.presentation,
        "notes_master": master.notes_master,
        "empty_notes": base64.b64encode(master.empty_notes).decode(),
        "removed": list(master.removed),
        "supplied": list(master.supplied),
    }


def _placeholder_json(p: PlaceholderSpec) -> list:
    return [p.type, list(p.roles), list(p.box), list(p.inset), [list(astuple(v)) for v in p.levels]]


def _band_json(band: Band) -> list:
    return [list(band.box), band.color, [list(row) for row in band.cells], band.background]


def valid_json(data: object) -> bool:
    try:
        from_json(data, "")
    except (TypeError, KeyError, ValueError, IndexError):
        return False
    return True


def _rel_from_json(values: list) -> Rel:
    rid, kind, target, external = values
    texts = all(isinstance(v, str) for v in (rid, kind, target))
    if not texts or not isinstance(external, bool):
        raise TypeError("not a relationship")
    return Rel(rid, kind, target, external)


def _placeholder_from_json(values: list) -> PlaceholderSpec:
    kind, roles, box, inset, levels = values
    return PlaceholderSpec(
        str(kind),
        tuple(map(str, roles)),
        _floats(box, 4),
        _floats(inset, 4),
        tuple(map(_text_level, levels)),
    )


def _layout_from_json(entry: list) -> MasterLayout:
    name, kind, part, empty, specs, master, background, bands, furniture, footer, number = entry
    return MasterLayout(
        _text(name),
        str(part),
        tuple(map(_placeholder_from_json, specs)),
        _decoded(empty),
        _text(kind),
        _text(master),
        _text(background),
        tuple(
            Band(
                _floats(box, 4),
                _text(color),
                tuple(tuple(map(_text, row)) for row in cells),
                background is True,
            )
            for box, color, cells, background in bands
        ),
        tuple(_floats(box, 4) for box in furniture),
        _placeholder_from_json(footer) if footer is not None else None,
        _floats(number, 4) if number is not None else None,
    )


def from_json(data: Any, shown: str) -> Master:
    """A master from its JSON data; TypeError, KeyError, ValueError or IndexError when the data is not one."""
    rel = _rel_from_json
    if data["shape"] != CACHE_SHAPE:
        raise ValueError("a master cached in another shape")
    layouts = {}
    for entry in data["layouts"]:
        layout = _layout_from_json(entry)
        layouts[layout.key] = layout
    parts = {
        name: Part(name, str(kind), _decoded(blob), tuple(map(rel, rels)))
        for name, kind, blob, rels in data["parts"]
    }
    return Master(
        path=shown,
        digest=str(data["digest"]),
        layouts=layouts,
        size=_floats(data["size"], 2),
        major_font=str(data["fonts"][0]),
        minor_font=str(data["fonts"][1]),
        shape_levels=tuple(map(_text_level, data["shape_levels"])),
        theme_colors={str(k): str(v) for k, v in data["theme_colors"].items()},
        parts=parts,
        root_rels=tuple(map(rel, data["root_rels"])),
        presentation=_part_name(data["presentation"], parts),
        notes_master=_part_name(data["notes_master"], parts),
        empty_notes=_decoded(data["empty_notes"]),
        removed=tuple(_text(line) for line in data["removed"]),
        supplied=tuple(_text(line) for line in data["supplied"]),
    )


def _text_level(values: list) -> TextLevel:
    level = TextLevel(*values)
    for f in fields(TextLevel):
        value = getattr(level, f.name)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = {"str": isinstance(value, str), "bool": isinstance(value, bool)}.get(
            str(f.type), number or (value is None and f.name == "line_points")
        )
        if not ok:
            raise TypeError(f"not a text level: {f.name}")
    return level


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _decoded(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)


def _floats(values: list, count: int) -> tuple[float, ...]:
    if len(values) != count or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
    ):
        raise TypeError("not numbers")
    return tuple(float(v) for v in values)


def _part_name(name: object, parts: Mapping[str, Part]) -> str:
    if name not in parts:
        raise KeyError(name)
    return str(name)
