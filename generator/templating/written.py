"""Where each value a slide shows was written: a field, a list item, a var, a loop's item, each at its line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.content.located import Node
from generator.errors import Location

# (text as written or as shown, where it was written): the places a shape's words may have come from
Origins = tuple[tuple[str, Location], ...]

_NAME = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_ONE_VALUE = re.compile(r"\{\{\s*(" + _NAME + r")\s*(?:\|[^{}]*)?\}\}")
_READS = re.compile(r"\{\{-?\s*(" + _NAME + ")")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DEPTH = 4  # vars read through vars: this many steps are followed


def source_node(text: Any, bound: Mapping[str, Node], var_nodes: Mapping[str, Node]) -> Node | None:
    """Where the value a field shows was written, when the field shows one value from vars (`"{{ changes }}"`,
    `"«{{ goal.text }}»"`): that value's node (in the edition that set it); None otherwise."""
    if not isinstance(text, str) or "{%" in text:
        return None
    found = _ONE_VALUE.findall(text)
    if len(found) != 1 or text.count("{{") != 1:
        return None
    return _node(found[0], bound, var_nodes)


def shown_var(text: Any, bound: Mapping[str, Node], var_nodes: Mapping[str, Node]) -> Node | None:
    """The node of the one value a text shows when the text around it holds no words of its own (`"{{ x }}"`,
    `"«{{ goal.text }}»"`): then the var's line is where the words were written; None otherwise."""
    node = source_node(text, bound, var_nodes)
    if node is None or re.search(r"\w", _TEMPLATE.sub("", text)):
        return None
    return node


def _node(dotted: str, bound: Mapping[str, Node], var_nodes: Mapping[str, Node]) -> Node | None:
    first, *rest = dotted.split(".")
    node = bound.get(first) or var_nodes.get(first)
    for part in rest:
        node = node.get(part) if node is not None else None
    return node


def _value(dotted: str, scope: Mapping[str, Any]) -> Any:
    first, *rest = dotted.split(".")
    value = scope.get(first)
    for part in rest:
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


class Places:
    """The places of one slide's fields, found by walking what was written beside what was rendered."""

    def __init__(
        self, bound: Mapping[str, Node], var_nodes: Mapping[str, Node], scope: Mapping[str, Any]
    ) -> None:
        self.bound, self.var_nodes, self.scope = bound, var_nodes, scope
        self.locs: dict[str, Location] = {}
        self.origins: dict[str, Origins] = {}

    def walk(self, path: str, node: Node, shown: Any) -> None:
        """Record where `path` (`bullets`, `bullets[3]`, `columns[2].heading`) was written, and for a text, the
        places its words come from."""
        if isinstance(node.value, str):
            node = shown_var(node.value, self.bound, self.var_nodes) or node
        self.locs[path] = node.loc
        if node.is_list and isinstance(shown, list) and len(shown) == len(node.value):
            for i, (item, value) in enumerate(zip(node.value, shown, strict=True)):
                self.walk(f"{path}[{i + 1}]", item, value)
        elif node.is_map and isinstance(shown, Mapping):
            for key, item in node.value.items():
                if key in shown:
                    self.walk(f"{path}.{key}", item, shown[key])
        elif isinstance(node.value, str):
            self.origins[path] = (*self._written(node, _DEPTH), (str(shown), node.loc))

    def _written(self, node: Node, depth: int) -> Origins:
        """The words `node`'s text writes itself, then those of each var it reads (and they read), each at
        the line of the node that wrote them."""
        text = str(node.value)
        out = _lines(node) or [(_TEMPLATE.sub(" ", text), node.loc)]
        for name in dict.fromkeys(_READS.findall(text)) if depth else ():
            var = _node(name, self.bound, self.var_nodes)
            if var is not None and isinstance(var.value, str):
                out += self._written(var, depth - 1)
            elif var is not None and not var.is_map and not var.is_list:
                out.append((str(_value(name, self.scope)), var.loc))
        return tuple(out)


def _lines(node: Node) -> list[tuple[str, Location]]:
    """A literal block's lines (`|`), each at its own line of the file."""
    if node.body is None:
        return []
    first = node.body
    return [
        (_TEMPLATE.sub(" ", line), Location(first.file, first.line + i, first.col))
        for i, line in enumerate(str(node.value).split("\n"))
    ]


def of_field(origins: Mapping[str, Origins], field: str) -> Origins:
    """The origins of a shape that shows `field`: the field's own, and each of its items' in order."""
    return tuple(
        pair
        for path, found in origins.items()
        if path == field or path.startswith((f"{field}[", f"{field}."))
        for pair in found
    )
