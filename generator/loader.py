"""YAML text to a tree of `Node`s that remember where each value was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DeckError, Location

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Scalar = str | int | float | bool | dt.date | None


@dataclass(frozen=True)
class Node:
    """A YAML value with its location; mappings keep each key's location too."""

    value: Any  # dict[str, Node] | list[Node] | Scalar
    loc: Location
    key_locs: Mapping[str, Location] = field(default_factory=dict)

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if self.is_map else None

    def plain(self) -> Any:
        """The value with all locations stripped: dicts, lists and scalars."""
        if self.is_map:
            return {k: v.plain() for k, v in self.value.items()}
        if self.is_list:
            return [v.plain() for v in self.value]
        return self.value


def kind_of(value: Any) -> str:
    """A user-facing name for the type of a loaded value."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return "a string"


def load_file(path: Path, shown: str | None = None) -> Node:
    """Read and parse one content file; every problem is a `DeckError`."""
    name = shown or str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DeckError("is a folder, not a content file", Location(name)) from None
    except FileNotFoundError:
        raise DeckError("no such file", Location(name)) from None
    except OSError as exc:
        raise DeckError(f"cannot read: {exc.strerror}", Location(name)) from None
    return load_text(data, name)


def load_text(data: bytes | str, name: str) -> Node:
    """Parse YAML bytes (UTF-8) into a located tree."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise DeckError(
                f"file is {len(data) // 1024} KiB, more than the {MAX_BYTES // 1024} KiB allowed",
                Location(name),
                hint="split it with `extends:` or remove what does not belong in a deck",
            )
        if b"\0" in data[:8192]:
            raise DeckError("is a binary file, not YAML text", Location(name))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DeckError(
                "is not UTF-8 text", Location(name, line, 1), hint="save the file as UTF-8"
            ) from None
    else:
        text = data
    if not text.strip():
        raise DeckError("the file is empty", Location(name, 1, 1), hint="start from content/2019.yaml")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, name, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error carries a mark
        raise DeckError(str(exc), Location(name)) from None
    if root is None:
        raise DeckError("the file holds no YAML value", Location(name, 1, 1))
    return _Builder(name).build(root)


def _yaml_error(exc: yaml.MarkedYAMLError, name: str, text: str) -> DeckError:
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
    problem = exc.problem or exc.context or "invalid YAML"
    hint = ""
    if at == "\t" or "\\t" in problem:
        problem = "a tab character is used for indentation"
        hint = "indent with spaces"
    elif "mapping values are not allowed" in problem:
        hint = 'put text that contains ": " in quotes'
    elif "found unexpected end of stream" in problem or "unexpected end" in problem:
        hint = "a quote or bracket is not closed"
    return DeckError(f"YAML syntax: {problem}", loc, hint=hint)


class _Builder:
    """Turns composed YAML nodes into `Node`s, counting nodes to stop alias bombs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.name, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Node:
        self.count += 1
        if self.count > MAX_NODES or depth > 100:
            raise DeckError(
                "the YAML expands to too many values (aliases nested too deep?)",
                self.loc(node),
                hint=f"a content file may hold at most {MAX_NODES} values",
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.build(n, depth + 1) for n in node.value], self.loc(node))
        return Node(self._scalar(node), self.loc(node))

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Node:
        values: dict[str, Node] = {}
        key_locs: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DeckError(
                    "YAML merge keys (<<) are not supported", self.loc(key_node),
                    hint="use `extends:` to share content between files",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise DeckError("a key must be plain text", self.loc(key_node))
            key = self._scalar(key_node)
            key = key if isinstance(key, str) else str(key).lower() if isinstance(key, bool) else str(key)
            if key in values:
                first = key_locs[key]
                raise DeckError(
                    f"duplicate key '{key}' (first at line {first.line})",
                    self.loc(key_node),
                    hint="remove one of them",
                )
            key_locs[key] = self.loc(key_node)
            values[key] = self.build(value_node, depth + 1)
        return Node(values, self.loc(node), key_locs)

    def _scalar(self, node: yaml.Node) -> Scalar:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise DeckError(
                f"unsupported YAML tag {node.tag}", self.loc(node), hint="remove the tag"
            ) from exc
        except ValueError as exc:
            raise DeckError(f"invalid value: {exc}", self.loc(node)) from None
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, bytes):
            raise DeckError("binary values are not supported", self.loc(node))
        return value
