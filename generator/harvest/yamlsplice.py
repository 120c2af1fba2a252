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
        if isinstance(step, int):
            out += f"[{step + 1}]"
        else:
            out += f".{step}" if out else str(step)
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
    while (
        stack
    ):  # in the order the file is written: an anchored value's path is where it is written
        node, path = stack.pop()
        out.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), path)
        if isinstance(node, yaml.MappingNode):
            stack.extend(reversed([(v, (*path, str(k.value))) for k, v in node.value]))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed([(v, (*path, i)) for i, v in enumerate(node.value)]))
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
    if edit.kind == "set":
        return _set(edit, text, root)
    node = find(root, edit.path)
    if node is None:
        raise _Refused("the key is not there any more")
    if edit.kind == "list":
        return _list(edit, text, node)
    now = value_text(node)
    if now == edit.new and now != edit.old:
        return text  # applied before
    if now != edit.old:
        raise _Refused(f"the value changed since the deck was made (now {_quoted(now)})")
    expected = _with_scalar(text, edit.path, _typed(node, edit.new))
    start = node.start_mark.index + len(_properties(text, node))
    for candidate in _forms(node, text, edit.new):
        patched = text[:start] + candidate + text[_end(node, text) :]
        if _data(patched) == expected:
            return patched
    raise _Refused(f"{_quoted(edit.new)} cannot be written in place")


_PROPERTIES = re.compile(r"(?:[&!][^\s]*[ \t]+)*")


def _properties(text: str, node: yaml.Node) -> str:
    """An anchor or tag written before a value (`&who `, `!!str `): kept when the value is replaced."""
    return _PROPERTIES.match(text, node.start_mark.index).group(0)


def _with_scalar(text: str, path: KeyPath, value: Any) -> Any:
    """The data of `text` with the scalar at `path` read as `value`, wherever it shows: an anchored value
    changes at each alias of it too."""
    root = compose(text)
    node = find(root, path)
    if isinstance(value, str):
        node.tag, node.value = "tag:yaml.org,2002:str", value
    else:
        node.value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    try:
        return _LOADER("").construct_document(root)
    except yaml.YAMLError:
        return _Refused


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


def typed_value(old: Any, new: str) -> Any:
    """As `_typed`, for a value read from YAML: `new` as a number or date again where `old` was one."""
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
    if not content or content[0] == " " or content.endswith("\n"):
        return
    chomp = "" if keep else "-"
    if node.style == ">" and all(not p.startswith((" ", "\t")) for p in content.split("\n")):
        width = max((len(line) for line in lines), default=80)
        rows = _folded(content, max(width - len(indent), 40), _paragraphs(body, indent))
        yield ">" + chomp + "\n" + "".join((indent + row if row else "") + "\n" for row in rows)
    yield (
        "|"
        + chomp
        + "\n"
        + "".join((indent + row if row else "") + "\n" for row in content.split("\n"))
    )


def _folded(text: str, width: int, kept: Mapping[str, list[str]]) -> list[str]:
    """The lines of a folded scalar that reads as `text`: each paragraph on its old lines when it is unchanged,
    else wrapped, and a blank line for each line break (folding joins lines with a space, and reads a blank line
    as a break)."""
    rows: list[str] = []
    for n, paragraph in enumerate(text.split("\n")):
        if n:
            rows.append("")
        if paragraph:
            rows += kept.get(paragraph) or _wrap(paragraph, width)
    return rows


def _paragraphs(body: Sequence[str], indent: str) -> dict[str, list[str]]:
    """A folded scalar's paragraphs as it writes them: the text each reads as, and its lines."""
    out: dict[str, list[str]] = {}
    current: list[str] = []
    for line in [*body, ""]:
        if line.strip() and line.startswith(indent) and not line[len(indent)].isspace():
            current.append(line[len(indent) :].rstrip(" "))
        elif current:
            out.setdefault(" ".join(current), current)
            current = []
    return out


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
    checked: the file then reads as before but for that. A removal replaces the slide's patch (a removed slide
    takes no other changes), or drops it when the edition itself adds the slide (`old` is "added"); a placement
    replaces the one the patch had."""
    slide_id, (key, value) = str(edit.path[1]), edit.new
    before = _data(text)
    slides = before.get("slides") if isinstance(before, dict) else None
    entry = slides.get(slide_id) if isinstance(slides, dict) else None
    entry = entry if isinstance(entry, dict) else {}
    if key == "remove" and edit.old == "added":
        expected = dict(before)
        expected["slides"] = {k: v for k, v in slides.items() if k != slide_id} or None
    else:
        kept = {} if key == "remove" else {k: v for k, v in entry.items() if k not in _PLACED}
        expected = _replaced(
            before, ("slides", slide_id), {**kept, key: yaml.load(value, Loader=_LOADER)}
        )
    patched = _slide_text(edit, text, root)
    if _data(patched) != expected:
        raise _Refused(f"`{key}: {value}` cannot be added to the patch of slide '{slide_id}'")
    return patched


_PLACED = ("after", "before")


def _slide_text(edit: Edit, text: str, root: yaml.Node) -> str:
    slide_id, (key, value) = str(edit.path[1]), edit.new
    slides = find(root, ("slides",))
    if slides is None or _empty(slides):
        return _filled(text, root, ("slides",), f"  {slide_id}:\n    {key}: {value}\n")
    if not isinstance(slides, yaml.MappingNode) or slides.flow_style:
        raise _Refused("`slides:` is not a mapping of slide patches written as a block")
    pair = next(((k, v) for k, v in slides.value if str(k.value) == slide_id), None)
    indent = " " * slides.start_mark.column
    if pair is None:
        end = _mapping_end(slides, text)
        return text[:end] + f"{indent}{slide_id}:\n{indent}  {key}: {value}\n" + text[end:]
    entry = pair[1]
    if key == "remove" and edit.old == "added":
        start = text.rfind("\n", 0, pair[0].start_mark.index) + 1
        return text[:start] + text[_entry_end(slides, pair, text) :]
    if not isinstance(entry, yaml.MappingNode) or entry.flow_style:
        raise _Refused(f"the patch of slide '{slide_id}' is not a block mapping")
    start = entry.start_mark.index
    if key == "remove":  # a removed slide takes no other changes: its patch becomes the removal
        return text[:start] + f"{key}: {value}\n" + text[_mapping_end(entry, text) :]
    placed = next(((k, v) for k, v in entry.value if str(k.value) in _PLACED), None)
    if placed is not None:
        return (
            text[: placed[0].start_mark.index]
            + f"{key}: {value}"
            + text[placed[1].end_mark.index :]
        )
    return text[:start] + f"{key}: {value}\n" + " " * entry.start_mark.column + text[start:]


def _entry_end(mapping: yaml.MappingNode, pair: tuple[yaml.Node, yaml.Node], text: str) -> int:
    """Where the line after a mapping's entry starts: the next key's line, or the end of the mapping."""
    keys = [k for k, _ in mapping.value]
    at = keys.index(pair[0])
    if at + 1 < len(keys):
        return text.rfind("\n", 0, keys[at + 1].start_mark.index) + 1
    return _mapping_end(mapping, text)


def _set(edit: Edit, text: str, root: yaml.Node) -> str:
    """A value set at a path of mapping keys (`slides.goals.title`, `vars.region`), the mappings on its way made
    where missing: what `--into` writes. Checked: the file then reads as before but for that value."""
    before = _data(text)
    if _at_or_none(before, edit.path) == edit.new:
        return text  # applied before
    expected = _replaced(before, edit.path, edit.new)
    node, depth = root, 0
    while depth < len(edit.path) and isinstance(node, yaml.MappingNode):
        inner = find(node, edit.path[depth : depth + 1])
        if inner is None:
            break
        node, depth = inner, depth + 1
    if depth == len(edit.path):
        if not isinstance(node, yaml.ScalarNode) or not isinstance(edit.new, str):
            raise _Refused("the file already sets this value: change it by hand")
        candidates = [
            text[: node.start_mark.index] + form + text[_end(node, text) :]
            for form in _forms(node, text, edit.new)
        ]
    elif _empty(node) and depth:
        block = _block_of(edit.path[depth:], edit.new, _key_column(root, edit.path[:depth]) + 2)
        candidates = [_filled(text, root, edit.path[:depth], block)]
    elif isinstance(node, yaml.MappingNode) and not node.flow_style:
        end = _mapping_end(node, text) if node.value else len(text)
        indent = node.start_mark.column if node is not root else 0
        head = text[:end] + ("" if text[:end].endswith("\n") else "\n")
        candidates = [
            head + _block_of(edit.path[depth:], edit.new, indent, written) + text[end:]
            for written in (True, False)
        ]
    else:
        raise _Refused(f"{shown_path(edit.path[:depth])} is not a mapping written as a block")
    for patched in candidates:
        if _data(patched) == expected:
            return patched
    raise _Refused(f"{shown_path(edit.path)} cannot be written in place")


def _key_column(root: yaml.Node, path: KeyPath) -> int:
    """The column of the key at `path` (its parent a block mapping)."""
    parent = find(root, path[:-1]) if path[:-1] else root
    key = next(k for k, _ in parent.value if str(k.value) == path[-1])
    return key.start_mark.column


def _empty(node: yaml.Node) -> bool:
    """A key written with nothing after it (`slides:` with its patches all taken out)."""
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value


def _filled(text: str, root: yaml.Node, path: KeyPath, block: str) -> str:
    """`block` (lines already indented for it) as the value of the key at `path`, which is empty or missing
    (then added at the end of the file: only a top-level key is)."""
    parent = find(root, path[:-1]) if path[:-1] else root
    pair = None
    if isinstance(parent, yaml.MappingNode):
        pair = next((p for p in parent.value if str(p[0].value) == path[-1]), None)
    if pair is None:
        head = text + ("" if text.endswith("\n") or not text else "\n")
        return head + f"{path[-1]}:\n" + block
    line_end = text.find("\n", pair[0].end_mark.index)
    if line_end < 0:
        return text + "\n" + block
    return text[: line_end + 1] + block + text[line_end + 1 :]


def _at_or_none(data: Any, path: KeyPath) -> Any:
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def _block_of(keys: KeyPath, value: Any, indent: int, written: bool = True) -> str:
    """`keys` as nested block mappings at `indent`, holding `value` (a text on the key's line, or as a literal
    block when it has lines; a list or mapping as a block under it). `written`: texts as an author writes
    them, else quoted."""
    pad = " " * indent
    if len(keys) > 1:
        return f"{pad}{keys[0]}:\n" + _block_of(keys[1:], value, indent + 2, written)
    if isinstance(value, str) and not written:
        return f"{pad}{keys[0]}: {_quoted(value)}\n"
    if isinstance(value, str) and "\n" not in value:
        return f"{pad}{keys[0]}: {next(_forms(_PLAIN, '', value))}\n"
    if isinstance(value, str) and value.strip() and not value.startswith((" ", "\n")):
        body = value.removesuffix("\n")
        lines = "".join(f"{pad}  {line}\n" if line else "\n" for line in body.split("\n"))
        return f"{pad}{keys[0]}: |{'' if value.endswith(chr(10)) else '-'}\n{lines}"
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=False, sort_keys=False, width=100
    )
    if not isinstance(value, (dict, list)):
        return f"{pad}{keys[0]}: {dumped.removesuffix(chr(10) + '...' + chr(10)).rstrip()}\n"
    inner = "".join(f"{pad}  {line}\n" if line else "\n" for line in dumped.splitlines())
    return f"{pad}{keys[0]}:\n{inner}"


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
