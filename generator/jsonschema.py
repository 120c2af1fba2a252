"""The content format as a JSON Schema (draft-07), generated from the validator's own tables."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .layouts import FieldSpec, Layout, catalog, search_dirs
from .schema import LANGUAGE, RESERVED_VARS, SLIDE_KEYS, TOP_KEYS, Key

SCHEMA_FILE = "schema/content.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"

# ECMA-262 spellings of the validator's patterns (JSON Schema regexes have no flags).
_NONBLANK = r"\S"
_EXPRESSION = r"^\s*\{\{(?![\s\S]*\{\{)[\s\S]*\}\}\s*$"
_FOR_EACH = r"^\s*[A-Za-z_][A-Za-z0-9_]*\s+in\s+\S[\s\S]*$"
_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
_DATE = r"^\d{4}-\d{2}-\d{2}([Tt ][0-9:.]+(Z|[+-][0-9:]+)?)?$"
_PPTX = r"\.[pP][pP][tT][xX]\s*$"

_TEXT: dict[str, Any] = {"type": ["string", "number"]}
_NONBLANK_TEXT: dict[str, Any] = {"anyOf": [{"type": "string", "pattern": _NONBLANK}, {"type": "number"}]}
_LIST_EXPRESSION: dict[str, Any] = {
    "type": "string",
    "pattern": _EXPRESSION,
    "description": 'A list from vars, written as one Jinja expression: "{{ changes }}".',
}


def content_schema(layouts: Mapping[str, Layout]) -> dict:
    """The JSON Schema a content file must satisfy, with one slide shape per layout."""
    names = sorted(layouts)
    defs: dict[str, Any] = {}
    defs["slide"] = _slide(names)
    for name in names:
        defs[f"layout:{name}"] = _layout(layouts[name])
    return {
        "$schema": DRAFT,
        "title": "make-deck content",
        "description": "A deck's content: settings, `vars:` (its data) and `slides:`. See docs/content.md.",
        "type": "object",
        "properties": {key.name: _top(key) for key in TOP_KEYS},
        "additionalProperties": False,
        "anyOf": [
            {"required": ["slides"]},
            {"required": ["extends"], "description": "An edition may take its slides from the file it extends."},
        ],
        "definitions": defs,
    }


def _described(key: Key, schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"description": key.help}
    if key.default is not None and not key.required:
        out["default"] = key.default
    out.update(copy.deepcopy(schema))
    return out


def _top(key: Key) -> dict[str, Any]:
    if key.name == "extends":
        return _described(key, {"type": "string", "pattern": _NONBLANK})
    if key.name == "template":
        return _described(key, {"type": "string", "pattern": _PPTX})
    by_type: dict[str, dict[str, Any]] = {
        "text": _TEXT,
        "date": {"type": "string", "pattern": _DATE},
        "language": {"type": "string", "pattern": LANGUAGE.pattern},
        "mapping": {
            "type": ["object", "null"],
            "propertyNames": {"pattern": _NAME, "not": {"enum": list(RESERVED_VARS)}},
        },
        "slides": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/slide"}},
    }
    return _described(key, by_type[key.type])


def _slide_key(key: Key, names: list[str] | None = None) -> dict[str, Any]:
    by_type: dict[str, dict[str, Any]] = {
        "layout": {"enum": names} if names is not None else {"type": "string"},
        "text": _TEXT,
        "loop": {"type": "string", "pattern": _FOR_EACH},
        "condition": {"anyOf": [{"type": "string", "pattern": _NONBLANK}, {"type": ["boolean", "number"]}]},
    }
    return _described(key, by_type[key.type])


def _slide(names: list[str]) -> dict[str, Any]:
    """Any slide: `layout:` names one of the layouts, whose own shape then applies."""
    return {
        "description": "One slide: `layout:` and the fields that layout takes.",
        "type": "object",
        "required": [k.name for k in SLIDE_KEYS if k.required],
        "properties": {"layout": _slide_key(SLIDE_KEYS[0], names)},
        "allOf": [
            {
                "if": {"properties": {"layout": {"const": name}}, "required": ["layout"]},
                "then": {"$ref": f"#/definitions/layout:{name}"},
            }
            for name in names
        ],
    }


def _layout(layout: Layout) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key in SLIDE_KEYS:
        properties[key.name] = {"const": layout.name} if key.name == "layout" else _slide_key(key)
    for spec in layout.fields.values():
        properties[spec.name] = _field(spec)
    out: dict[str, Any] = {"description": layout.description or f"The {layout.name} layout."}
    out["properties"] = properties
    required = [spec.name for spec in layout.fields.values() if spec.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _field(spec: FieldSpec) -> dict[str, Any]:
    """A layout field typed as `schema.check_field` checks it."""
    out: dict[str, Any] = {"description": spec.help} if spec.help else {}
    text = _NONBLANK_TEXT
    if spec.type in ("text", "image"):
        out.update(copy.deepcopy(text))
        return out
    if spec.type == "list":
        items: dict[str, Any] = text
    else:
        items = {"type": "object", "properties": {k: text for k in spec.keys}}
        if spec.keys:
            items["required"] = list(spec.keys)
            items["additionalProperties"] = False
    out["anyOf"] = [{"type": "array", "minItems": 1, "items": items}, _LIST_EXPRESSION]
    return out


_KEY_TYPES = {
    "path": "path", "text": "text", "date": "date (YYYY-MM-DD)", "language": "language tag", "mapping": "mapping",
    "slides": "list of slides", "layout": "layout name", "loop": "`NAME in LIST`",
    "condition": "expression, or true/false",
}
DOC_FILE = "docs/content.md"
DOC_BEGIN = "<!-- BEGIN reference: generated by `python -m generator.jsonschema --write`; do not edit -->"
DOC_END = "<!-- END reference -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(key: Key) -> str:
    if key.required:
        return "required"
    if key.default is None:
        return "none"
    return f"`{json.dumps(key.default, ensure_ascii=False)}`"


def _field_type(spec: FieldSpec) -> str:
    if spec.type == "list":
        return 'list of text, or `"{{ a_list }}"`'
    if spec.type == "records":
        keys = ", ".join(f"{k}: ..." for k in spec.keys)
        return f'list of `{{{keys}}}`, or `"{{{{ a_list }}}}"`'
    if spec.type == "image":
        return "path of a picture"
    return "text"


def reference_markdown(layouts: Mapping[str, Layout]) -> str:
    """The key and layout tables of docs/content.md, from the tables the checks and the schema use."""
    out = [DOC_BEGIN, "", "### Top-level keys", "", "| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    out += [f"| `{k.name}` | {_KEY_TYPES[k.type]} | {_default(k)} | {_cell(k.help)} |" for k in TOP_KEYS]
    out += ["", "### Keys of every slide", "", "| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    out += [f"| `{k.name}` | {_KEY_TYPES[k.type]} | {_default(k)} | {_cell(k.help)} |" for k in SLIDE_KEYS]
    out += ["", "### Layouts and their fields", ""]
    for name in sorted(layouts):
        layout = layouts[name]
        out += [f"#### `{name}`", "", f"{layout.description} Master layout: {layout.master}.", ""]
        if not layout.fields:
            out += ["No fields of its own.", ""]
            continue
        out += ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
        out += [f"| `{f.name}` | {_field_type(f)} | {'yes' if f.required else 'no'} | {_cell(f.help)} |"
                for f in layout.fields.values()]
        out.append("")
    out.append(DOC_END)
    return "\n".join(out) + "\n"


def with_reference(doc: str, reference: str) -> str:
    """`doc` with its generated block replaced by `reference`."""
    start, end = doc.index(DOC_BEGIN), doc.index(DOC_END) + len(DOC_END) + 1
    return doc[:start] + reference + doc[end:]


def dumps(schema: dict) -> str:
    """The schema as the committed file holds it: pretty-printed, keys in a stable order."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def project_schema(project: Path) -> str:
    """The schema for the layouts a project sees (its own, then the built-in ones), as text."""
    return dumps(content_schema(catalog(search_dirs(project))))


def write_generated(project: Path) -> tuple[Path, ...]:
    """Rewrite the schema file and the reference block of docs/content.md; return what changed."""
    layouts = catalog(search_dirs(project))
    changed = []
    for path, text in (
        (project / SCHEMA_FILE, dumps(content_schema(layouts))),
        (project / DOC_FILE, with_reference((project / DOC_FILE).read_text(encoding="utf-8"),
                                            reference_markdown(layouts))),
    ):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return tuple(changed)


if __name__ == "__main__":
    # python -m generator.jsonschema > schema/content.schema.json   (the schema on stdout)
    # python -m generator.jsonschema --markdown                     (the reference tables of docs/content.md)
    # python -m generator.jsonschema --write                        (rewrite both in place)
    if "--write" in sys.argv[1:]:
        for written in write_generated(Path.cwd()):
            sys.stderr.write(f"wrote {written.relative_to(Path.cwd())}\n")
    elif "--markdown" in sys.argv[1:]:
        sys.stdout.write(reference_markdown(catalog(search_dirs(Path.cwd()))))
    else:
        sys.stdout.write(project_schema(Path.cwd()))
