"""YAML text to a tree of `Node`s that remember where each value was written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.cache import memo
from generator.errors import DeckError, Location
from generator.fileio import looks_utf16, read_regular

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 100
# Characters XML 1.0 cannot hold (C0 controls except tab, newline, carriage return; U+FFFE/F), and the
# controls it holds but no slide shows (DEL and C1, U+007F-U+009F: `"\x85"` is a NEL, not a new line).
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_COLLECTION_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Scalar = str | int | float | bool | dt.date | None


@dataclass(frozen=True)
class Node:
    """A YAML value with its location; mappings keep each key's location too."""

    value: Any  # dict[str, Node] | list[Node] | Scalar
    loc: Location
    key_locs: Mapping[str, Location] = field(default_factory=dict)
    # a plain scalar YAML read as a number (`010`, `1.10`, `12:30`): the text as written
    raw: str | None = None
    body: Location | None = None  # a literal block (`|`): where its first line of text starts

    @property
    def text(self) -> Any:
        """The value, but a number as it was written, for places that want text."""
        return self.raw if self.raw is not None else self.value

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if self.is_map else None

    def locate(self, at: tuple[str | int, ...], key: bool = False) -> Location:
        """Where the value at path `at` inside this one was written (its key's place with `key`); as deep as the
        path exists."""
        node, loc = self, self.loc
        for i, step in enumerate(at):
            if node.is_map and step in node.value:
                loc = node.key_locs[step] if key and i == len(at) - 1 else node.value[step].loc
                node = node.value[step]
            elif node.is_list and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                loc = node.loc
            else:
                break
        return loc

    def plain(self) -> Any:
        """The value with all locations stripped: dicts, lists and scalars."""
        if self.is_map:
            return {k: v.plain() for k, v in self.value.items()}
        if self.is_list:
            return [v.plain() for v in self.value]
        return self.value


def load_file(path: Path, shown: str | None = None) -> Node:
    """Read and parse one content file; every problem is a `DeckError`."""
    name = shown or str(path)
    try:
        data = read_regular(
            path,
            Location(name, 1, 1),
            MAX_BYTES,
            "content file",
            "split it with `extends:` or remove what does not belong in a deck",
        )
    except IsADirectoryError:
        raise DeckError("is a folder, not a content file", Location(name)) from None
    except FileNotFoundError:
        raise DeckError("no such file", Location(name)) from None
    except OSError as exc:
        raise DeckError(f"cannot read: {exc.strerror}", Location(name)) from None
    return _parsed(data, name)


@memo("content files", 64)
def _parsed(data: bytes, name: str) -> Node:
    """A content file's tree, once per process for the same name and bytes (a batch of editions reads the talk
    they extend once). Nothing changes a tree once it is built: merging makes new nodes."""
    return load_text(data, name)


def load_text(data: bytes | str, name: str) -> Node:
    """Parse YAML bytes (UTF-8) into a located tree."""
    text = _decode(data, name) if isinstance(data, bytes) else data
    if not text.strip():
        raise DeckError(
            "the file is empty", Location(name, 1, 1), hint="start from content/2019.yaml"
        )
    try:
        _check_depth(text, name)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, name, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, name, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error carries a mark
        raise DeckError(f"YAML: {' '.join(str(exc).split())}", Location(name, 1, 1)) from None
    if root is None:
        raise DeckError(
            "the file holds no YAML value, only comments",
            Location(name, 1, 1),
            hint="start from content/2019.yaml",
        )
    builder = _Builder(name, text)
    builder.check_size(root)
    return builder.build(root)


def _decode(data: bytes, name: str) -> str:
    """Bytes to text, refusing what is too big, binary or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise DeckError(
            f"file is {len(data) // 1024} KiB, more than the {MAX_BYTES // 1024} KiB allowed",
            Location(name, 1, 1),
            hint="split it with `extends:` or remove what does not belong in a deck",
        )
    if looks_utf16(data):
        raise DeckError(
            "is UTF-16 text, not UTF-8",
            Location(name, 1, 1),
            hint="save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)",
        )
    nul = data.find(b"\0", 0, 8192)
    if nul >= 0:
        raise DeckError(
            "is a binary file, not YAML text",
            _byte_location(data, nul, name),
            hint="a content file is plain text saved as UTF-8",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeckError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X})",
            _byte_location(data, exc.start, name),
            hint="save the file as UTF-8",
        ) from None


def _byte_location(data: bytes, offset: int, name: str) -> Location:
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return Location(name, data.count(b"\n", 0, offset) + 1, col)


def _text_location(text: str, offset: int, name: str) -> Location:
    offset = max(0, min(offset, len(text)))
    return Location(name, text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))


def _check_depth(text: str, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the (recursive) composer sees it."""
    depth = 0
    try:
        events = list(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" not in str(exc.problem):
            raise
        # newer libyaml refuses deep flow nesting itself, further on: point where it passes MAX_DEPTH
        raise DeckError(
            f"the YAML is nested more than {MAX_DEPTH} levels deep",
            _deep_bracket(text, name),
            hint="a bracket or an indentation is probably wrong",
        ) from None
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise DeckError(
                    f"the YAML is nested more than {MAX_DEPTH} levels deep",
                    Location(name, mark.line + 1, mark.column + 1),
                    hint="a bracket or an indentation is probably wrong",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _deep_bracket(text: str, name: str) -> Location:
    """Where brackets first open deeper than MAX_DEPTH (quotes ignored: a best guess for a message)."""
    depth = 0
    for offset, char in enumerate(text):
        depth += (char in "[{") - (char in "]}")
        if depth > MAX_DEPTH:
            return _text_location(text, offset, name)
    return Location(name, 1, 1)


def _reader_error(exc: yaml.reader.ReaderError, name: str, text: str) -> DeckError:
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return DeckError(
        f"the text holds the control character U+{char:04X}, which YAML does not allow",
        _text_location(text, exc.position, name),
        hint="delete it (it is often pasted in invisibly)",
    )


_AT_START = (
    "while scanning a quoted scalar",
    "while scanning a simple key",
    "while parsing a flow",
)


def _yaml_error(exc: yaml.MarkedYAMLError, name: str, text: str) -> DeckError:
    """A YAML syntax error on the line where the author has to look (a quote's start, not the file's end)."""
    context = exc.context or ""
    mark = (
        exc.context_mark if exc.context_mark and context.startswith(_AT_START) else exc.problem_mark
    )
    mark = mark or exc.context_mark
    lines = text.splitlines()
    at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    loc = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name, 1, 1)
    problem = exc.problem or context or "invalid YAML"
    hint = ""
    if at == "\t" or "tab character" in problem:
        problem = "a tab character is used for indentation"
        hint = "indent with spaces"
    elif "{{" in (
        lines[mark.line] if mark and mark.line < len(lines) else ""
    ) and not context.startswith("while scanning a quoted scalar"):
        hint = 'text with {{ }} must be in quotes: title: "{{ region }} i endring"'
    elif context.startswith("while scanning a quoted scalar"):
        problem = f"the quote {at or ''} opened here is not closed".replace("  ", " ")
        hint = "end the text with the same quote mark"
    elif context.startswith("while parsing a flow"):
        problem = f"the {at or 'bracket'} opened here is not closed"
        hint = "close it, or write the list one `- item` per line"
    elif context.startswith("while scanning a simple key"):
        problem = "a key without a colon"
        hint = "write `key: value`; put text that runs over several lines in quotes"
    elif "found undefined alias" in problem:
        hint = "text that starts with * must be in quotes"
    elif "found duplicate anchor" in problem:
        hint = "an `&name` is used twice"
    elif "mapping values are not allowed" in problem:
        hint = 'put text that contains ": " in quotes, or check the indentation'
    elif at in ("@", "`") and "cannot start any token" in problem:
        hint = f"text that starts with {at} must be in quotes"
    elif "did not find expected '-' indicator" in problem or "expected <block end>" in problem:
        hint = "check the indentation: items of one list line up"
    elif "found unexpected end of stream" in problem or "unexpected end" in problem:
        hint = "a quote or bracket is not closed"
    return DeckError(f"YAML syntax: {problem}", loc, hint=hint)


class _Builder:
    """Turns composed YAML nodes into `Node`s, counting nodes to stop alias bombs."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def check_size(self, root: yaml.Node) -> None:
        """Refuse a tree whose aliases expand past MAX_NODES, before building any of it."""
        sizes: dict[int, int] = {}
        open_: set[int] = set()

        def size(node: yaml.Node) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            if id(node) in open_:
                raise DeckError(
                    "an alias (*name) refers to the value that contains it",
                    self.loc(node),
                    hint="a value cannot hold itself; copy what it needs instead",
                )
            open_.add(id(node))
            total = 1
            if isinstance(node, yaml.SequenceNode):
                total += sum(size(n) for n in node.value)
            elif isinstance(node, yaml.MappingNode):
                total += sum(size(k) + size(v) for k, v in node.value)
            if total > MAX_NODES:
                raise DeckError(
                    "the YAML expands to too many values (aliases repeated inside aliases?)",
                    self.loc(node),
                    hint=f"a content file may hold at most {MAX_NODES} values",
                )
            sizes[id(node)] = total
            open_.discard(id(node))
            return total

        size(root)

    def loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.name, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise DeckError(
                "the YAML expands to too many values (aliases repeated inside aliases?)",
                self.loc(node),
                hint=f"a content file may hold at most {MAX_NODES} values",
            )
        if depth > MAX_DEPTH:
            raise DeckError(
                f"the YAML is nested more than {MAX_DEPTH} levels deep",
                self.loc(node),
                hint="an alias (*name) probably refers to a value that contains it",
            )
        if isinstance(node, yaml.CollectionNode) and node.tag not in _COLLECTION_TAGS:
            raise DeckError(
                f"unsupported YAML tag {node.tag}", self.loc(node), hint="remove the tag"
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.build(n, depth + 1) for n in node.value], self.loc(node))
        value = self._scalar(node)
        raw = (
            node.value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        )
        return Node(value, self.loc(node), raw=raw, body=self._body(node))

    def _body(self, node: yaml.Node) -> Location | None:
        """Where the text of a literal block scalar starts (the line after `|`)."""
        if getattr(node, "style", None) != "|":
            return None
        first = node.start_mark.line + 1
        for i in range(first, min(node.end_mark.line + 1, len(self.lines))):
            line = self.lines[i]
            if line.strip():
                return Location(self.name, first + 1, len(line) - len(line.lstrip(" ")) + 1)
        return Location(self.name, first + 1, 1)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Node:
        values: dict[str, Node] = {}
        key_locs: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DeckError(
                    "YAML merge keys (<<) are not supported",
                    self.loc(key_node),
                    hint="use `extends:` to share content between files",
                )
            if isinstance(key_node, yaml.MappingNode) and key_node.flow_style and node.flow_style:
                raise DeckError(
                    "`{{` here starts a YAML mapping, not a Jinja expression",
                    self.loc(node),
                    hint='put the text in quotes: "{{ name }}"',
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise DeckError(
                    "a key must be plain text",
                    self.loc(key_node),
                    hint="a `?` or a `[`/`{` before the colon makes a complex key",
                )
            key = self._scalar(key_node)
            if key is None:
                key = key_node.value
            key = key_node.value if isinstance(key, (bool, int, float)) else str(key)
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
        except (ValueError, OverflowError) as exc:
            hint = (
                "write a date as YYYY-MM-DD"
                if node.tag.endswith(":timestamp")
                else "put it in quotes"
            )
            raise DeckError(
                f"invalid value '{node.value}': {exc}", self.loc(node), hint=hint
            ) from None
        if isinstance(value, bytes):
            raise DeckError("binary values are not supported", self.loc(node))
        if isinstance(value, str):
            self._check_chars(value, node)
        return value

    def _check_chars(self, value: str, node: yaml.Node) -> None:
        bad = BAD_CHARS.search(value)
        if bad:
            char = ord(bad.group())
            why = "a slide cannot show" if 0x7F <= char <= 0x9F else "a .pptx cannot store"
            raise DeckError(
                f"the text holds the control character U+{char:04X}, which {why}",
                self.loc(node),
                hint="delete it; a \\x or \\u escape in double quotes is the usual source",
            )
