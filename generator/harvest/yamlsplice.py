"""Edits spliced into YAML text at their keys, comments, quoting, order and formatting kept; each one checked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import Location

KeyPath = tuple[str | int, ...]  # keys and 0-based indexes inside one file
_LOADER = yaml.SafeLoader  # marks count characters, as the loader's locations do
_DASH = re.compile(r"[ ]*-[ ]+$")


@dataclass(frozen=True)
class Item:
    """An item of a list after an edit: the item it was (kept as written, or given a new text), or a new one."""

    old: int | None
    text: str | None = None  # None: as written


@dataclass(frozen=True)
class Edit:
    """One change to a content file. `scalar`: `old` is the value as written, `new` its new text. `list`: `old` the
    items' values, `new` a tuple of `Item`s. `slide`: `new` is (key, value) added to the patch of slide
    `path[1]` under the edition's `slides:`."""

    file: str
    path: KeyPath
    old: Any
    new: Any
    kind: str = "scalar"


@dataclass(frozen=True)
class Conflict:
    """An edit that cannot be written: where, and why."""

    edit: Edit
    location: Location
    reason: str

    def line(self) -> str:
        return f"{self.location}: {shown_path(self.edit.path)}: {self.reason}"


class _Refused(Exception):
    """An edit that does not apply; its reason."""


def shown_path(path: KeyPath) -> str:
    """`vars.changes[3]`: keys joined by dots, indexes 1-based in brackets."""
    out = ""
    for step in path:
        out += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None


def paths(text: str) -> dict[tuple[int, int], KeyPath]:
    """Every value's path in a file, by the 1-based line and column where it starts."""
    out: dict[tuple[int, int], KeyPath] = {}
    root = compose(text)
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        out.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), path)
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, (*path, str(k.value))) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(node.value))
    return out


def find(root: yaml.Node | None, path: KeyPath) -> yaml.Node | None:
    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if str(k.value) == step), None)
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            node = node.value[step]
        else:
            return None
    return node


def value_text(node: yaml.Node | None) -> str | None:
    """A scalar's value as text: a string as it reads, anything else as written; None for a collection."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = _LOADER("").construct_object(node, deep=True)
    return value if isinstance(value, str) else node.value


def location(text: str, name: str, path: KeyPath) -> Location:
    node = find(compose(text), path)
    if node is None:
        return Location(name)
    return Location(name, node.start_mark.line + 1, node.start_mark.column + 1)


def apply(edits: Sequence[Edit], texts: Mapping[str, str]) -> tuple[dict[str, str], list[Conflict]]:
    """The files' texts with every edit spliced in, in order; and the edits that did not apply (then the texts
    are not to be written)."""
    out = dict(texts)
    conflicts = []
    for edit in edits:
        text = out.get(edit.file)
        try:
            if text is None:
                raise _Refused("the file cannot be read")
            out[edit.file] = _apply_one(edit, text)
        except _Refused as exc:
            conflicts.append(Conflict(edit, location(text or "", edit.file, edit.path), str(exc)))
    return out, conflicts


def _apply_one(edit: Edit, text: str) -> str:
    root = compose(text)
    if root is None:
        raise _Refused("the file is not valid YAML now")
    if edit.kind == "slide":
        return _slide(edit, text, root)
    node = find(root, edit.path)
    if node is None:
        raise _Refused("the key is not there any more")
    if edit.kind == "list":
        return _list(edit, text, node)
    now = value_text(node)
    if now != edit.old:
        raise _Refused(f"the value changed since the deck was made (now {_quoted(now)})")
    before = _data(text)
    expected = _replaced(before, edit.path, _typed(node, edit.new))
    for candidate in _forms(node, text, edit.new):
        patched = text[: node.start_mark.index] + candidate + text[_end(node, text) :]
        if _data(patched) == expected:
            return patched
    raise _Refused(f"{_quoted(edit.new)} cannot be written in place")


def _data(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError:
        return _Refused  # never equal to data


def _replaced(data: Any, path: KeyPath, value: Any) -> Any:
    """A copy of `data` with the value at `path` replaced (None at `path` removes a mapping's key)."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    if isinstance(data, dict) or (data is None and isinstance(step, str)):
        out = dict(data or {})
        inner = _replaced(out.get(step), rest, value)
        if inner is None and not rest:
            out.pop(step, None)
        else:
            out[step] = inner
        return out
    out = list(data)
    out[step] = _replaced(out[step], rest, value)
    return out


def _typed(node: yaml.ScalarNode, new: str) -> Any:
    """The value `new` is to read as: text, or a number or date again where the old value was one and `new`
    reads as one of the same kind."""
    old = _LOADER("").construct_object(node, deep=True)
    if isinstance(old, str) or "\n" in new:
        return new
    try:
        value = yaml.load(new, Loader=_LOADER)
    except yaml.YAMLError:
        return new
    return value if type(value) is type(old) else new


def _quoted(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _end(node: yaml.Node, text: str) -> int:
    """Where a value's own text ends: a block scalar's last line of text, without the blank lines after it."""
    end = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        body = text[node.start_mark.index : end]
        stripped = body.rstrip(" \n")
        newline = body.find("\n", len(stripped))
        return node.start_mark.index + (newline + 1 if newline >= 0 else len(body))
    return end


def _forms(node: yaml.Node, text: str, new: str) -> Iterator[str]:
    """Ways to write `new` where `node` is, the node's own style first."""
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    if style in ("|", ">"):
        yield from _block(node, text, new)
    elif style == "'" and "\n" not in new:
        yield "'" + new.replace("'", "''") + "'"
    elif style is None and new.strip() == new and new and "\n" not in new:
        yield new
    yield _quoted(new)


def _block(node: yaml.ScalarNode, text: str, new: str) -> Iterator[str]:
    """`new` as a block scalar with the node's header and indentation: folded text wrapped as the original is,
    text with line breaks as a literal block."""
    start = node.start_mark.index
    header = text[start : text.find("\n", start)].split("#")[0].rstrip()
    body = text[start + len(header) : _end(node, text)].split("\n")
    lines = [line for line in body if line.strip()]
    indent = " " * (
        min(len(line) - len(line.lstrip(" ")) for line in lines)
        if lines
        else node.start_mark.column + 2
    )
    keep = new.endswith("\n")
    content = new[:-1] if keep else new
    if (
        not content
        or content[0] == " "
        or "\n\n" in content
        and node.style == ">"
        or content.endswith("\n")
    ):
        return
    chomp = "" if keep else "-"
    if node.style == ">" and "\n" not in content:
        width = max((len(line) for line in lines), default=80)
        rows = _wrap(content, max(width - len(indent), 40))
        yield ">" + chomp + "\n" + "".join(indent + row + "\n" for row in rows)
    yield (
        "|"
        + chomp
        + "\n"
        + "".join((indent + row if row else "") + "\n" for row in content.split("\n"))
    )


def _wrap(text: str, width: int) -> list[str]:
    """Words on lines of at most `width` characters, broken only at single spaces (where folding joins them
    back with one space)."""
    rows: list[str] = []
    current = ""
    for word in re.split(r"(?<! ) (?! )", text):
        if current and len(current) + 1 + len(word) > width:
            rows.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*rows, current]


def _list(edit: Edit, text: str, node: yaml.Node) -> str:
    if not isinstance(node, yaml.SequenceNode):
        raise _Refused("the value is not a list any more")
    now = tuple(value_text(item) for item in node.value)
    if now != tuple(edit.old):
        raise _Refused("the list changed since the deck was made")
    if not edit.new:
        raise _Refused("the list would be empty")
    before = _data(text)
    items = _at(before, edit.path)
    expected = _replaced(
        before,
        edit.path,
        [item.text if item.text is not None else items[item.old] for item in edit.new],
    )
    for quote in (False, True):
        patched = (
            _flow_list(edit, text, node, quote)
            if node.flow_style
            else _block_list(edit, text, node, quote)
        )
        if _data(patched) == expected:
            return patched
    raise _Refused("the list's new items cannot be written in place")


def _at(data: Any, path: KeyPath) -> Any:
    for step in path:
        data = data[step]
    return data


def _flow_list(edit: Edit, text: str, node: yaml.SequenceNode, quote: bool) -> str:
    parts = []
    for item in edit.new:
        if item.text is None:
            old = node.value[item.old]
            parts.append(text[old.start_mark.index : old.end_mark.index])
        else:
            parts.append(
                _quoted(item.text)
                if quote or not re.fullmatch(r"[\w][\w .-]*", item.text)
                else item.text
            )
    return (
        text[: node.start_mark.index] + "[" + ", ".join(parts) + "]" + text[node.end_mark.index :]
    )


def _block_list(edit: Edit, text: str, node: yaml.SequenceNode, quote: bool) -> str:
    """A block list rebuilt from its items' own lines (comments go with the item above them)."""
    starts = [text.rfind("\n", 0, item.start_mark.index) + 1 for item in node.value]
    for start, item in zip(starts, node.value, strict=True):
        if not _DASH.match(text[start : item.start_mark.index]):
            raise _Refused("an item of the list does not start its own line")
    last = node.value[-1]
    end = _end(last, text)
    if not (isinstance(last, yaml.ScalarNode) and last.style in ("|", ">")):
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    chunks = [text[s:e] for s, e in zip(starts, [*starts[1:], end], strict=True)]
    chunks[-1] += "" if chunks[-1].endswith("\n") else "\n"
    dash = text[starts[0] : node.value[0].start_mark.index]
    out = []
    for item in edit.new:
        if item.old is None:
            out.append(
                dash + (_quoted(item.text) if quote else next(_forms(_PLAIN, "", item.text))) + "\n"
            )
            continue
        chunk, old = chunks[item.old], node.value[item.old]
        if item.text is not None:
            offset = starts[item.old]
            form = _quoted(item.text) if quote else next(_forms(old, text, item.text))
            chunk = (
                chunk[: old.start_mark.index - offset] + form + chunk[_end(old, text) - offset :]
            )
        out.append(chunk)
    tail = text[end:] if end <= len(text) else ""
    return text[: starts[0]] + "".join(out) + tail


# the style of a new item: plain where it reads back
_PLAIN = yaml.ScalarNode("tag:yaml.org,2002:str", "")


def _slide(edit: Edit, text: str, root: yaml.Node) -> str:
    """`key: value` added to the patch of one slide under the edition's `slides:` mapping (made if missing),
    checked: the file then reads as before but for that."""
    slide_id, (key, value) = str(edit.path[1]), edit.new
    before = _data(text)
    entry = (before.get("slides") or {}).get(slide_id) if isinstance(before, dict) else None
    if not isinstance(entry, dict) or key == "remove":
        entry = {}
    expected = _replaced(
        before, ("slides", slide_id), {**entry, key: yaml.load(value, Loader=_LOADER)}
    )
    patched = _slide_text(slide_id, key, value, text, root)
    if _data(patched) != expected:
        raise _Refused(f"`{key}: {value}` cannot be added to the patch of slide '{slide_id}'")
    return patched


def _slide_text(slide_id: str, key: str, value: str, text: str, root: yaml.Node) -> str:
    slides = find(root, ("slides",))
    if slides is None:
        return (
            text
            + ("" if text.endswith("\n") else "\n")
            + f"slides:\n  {slide_id}:\n    {key}: {value}\n"
        )
    if not isinstance(slides, yaml.MappingNode) or slides.flow_style:
        raise _Refused("`slides:` is not a mapping of slide patches written as a block")
    entry = find(slides, (slide_id,))
    indent = " " * slides.start_mark.column
    if entry is None:
        end = _mapping_end(slides, text)
        return text[:end] + f"{indent}{slide_id}:\n{indent}  {key}: {value}\n" + text[end:]
    if not isinstance(entry, yaml.MappingNode) or entry.flow_style:
        raise _Refused(f"the patch of slide '{slide_id}' is not a block mapping")
    present = find(entry, (key,))
    if present is not None:
        if value_text(present) == value:
            return text
        raise _Refused(f"the patch of slide '{slide_id}' already says {key}: {value_text(present)}")
    start = entry.start_mark.index
    if key == "remove":  # a removed slide takes no other changes: its patch becomes the removal
        return text[:start] + f"{key}: {value}\n" + text[_mapping_end(entry, text) :]
    return text[:start] + f"{key}: {value}\n" + " " * entry.start_mark.column + text[start:]


def _mapping_end(node: yaml.MappingNode, text: str) -> int:
    """Just after the line of a block mapping's last text."""
    last = node.value[-1][1]
    end = _end(last, text)
    if isinstance(last, yaml.ScalarNode) and last.style in ("|", ">"):
        return end
    if isinstance(last, yaml.CollectionNode):
        return _collection_end(last, text)
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _collection_end(node: yaml.CollectionNode, text: str) -> int:
    body = text[: node.end_mark.index].rstrip(" \n")
    newline = text.find("\n", len(body))
    return len(text) if newline < 0 else newline + 1
