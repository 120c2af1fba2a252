"""Vars as templates all the way down: every string under `vars:` rendered, in the order they refer to each other."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import meta

from generator.cache import memo
from generator.content.located import Node
from generator.errors import DeckError
from generator.options import EXPRESSION

Render = Callable[[str, Mapping[str, Any]], str]  # a text template and its scope to text
Evaluate = Callable[[str, Mapping[str, Any]], Any]  # an expression and its scope to a value
# a failure as a located error
Describe = Callable[[Exception, Node, str, Mapping[str, Any]], DeckError]


@memo("names a text reads", 2048)
def references(text: str, parse: Callable[[str], Any]) -> frozenset[str]:
    """The names a template reads (a template that does not parse reads nothing: rendering it reports it)."""
    try:
        return frozenset(meta.find_undeclared_variables(parse(text)))
    except Exception:  # noqa: BLE001 - the render that follows reports a syntax error where it is
        return frozenset()


def strings(value: Any) -> list[str]:
    """Every string inside a var's value (lists and mappings walked)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def order(
    values: Mapping[str, Any], nodes: Mapping[str, Node], parse: Callable[[str], Any]
) -> list[str]:
    """The vars in an order where each comes after those it reads; a cycle is an error naming it."""
    reads = {
        name: {r for s in strings(value) if "{" in s for r in references(s, parse)} & set(values)
        for name, value in values.items()
    }
    done: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            chain = " -> ".join([*visiting[visiting.index(name) :], name])
            raise DeckError(
                f"refers to itself: {chain}",
                nodes[name].loc if name in nodes else None,
                path=f"vars.{name}",
                hint="a var cannot be made from itself; write one of them out",
            )
        visiting.append(name)
        for other in sorted(reads[name]):
            visit(other)
        visiting.pop()
        done.append(name)

    for name in values:
        visit(name)
    return done


def resolve(
    values: Mapping[str, Any],
    nodes: Mapping[str, Node],
    scope: Mapping[str, Any],
    render: Render,
    evaluate: Evaluate,
    describe: Describe,
    parse: Callable[[str], Any],
) -> dict[str, Any]:
    """Every var with the templates in it rendered: a string that is one `{{ expression }}` takes the value of the
    expression (a list stays a list), any other string with braces is rendered as text."""
    resolved: dict[str, Any] = {}
    errors: list[DeckError] = []
    for name in order(values, nodes, parse):
        here = {**scope, **resolved}
        # a misspelt name is looked for among all vars, not only those made so far
        hint_names = {**values, **here}
        resolved[name] = _value(
            values[name],
            nodes.get(name),
            f"vars.{name}",
            here,
            (render, evaluate, lambda e, n, p, _s, names=hint_names: describe(e, n, p, names)),
            errors,
        )
    if errors:
        from generator.errors import raise_all

        raise_all(errors)
    return {name: resolved[name] for name in values}


def _value(
    value: Any,
    node: Node | None,
    path: str,
    scope: Mapping[str, Any],
    tools: tuple[Render, Evaluate, Describe],
    errors: list[DeckError],
) -> Any:
    if isinstance(value, dict):
        return {
            k: _value(v, _child(node, k), f"{path}.{k}", scope, tools, errors)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [
            _value(v, _child(node, i), f"{path}[{i + 1}]", scope, tools, errors)
            for i, v in enumerate(value)
        ]
    if not isinstance(value, str) or "{" not in value:
        return value
    render, evaluate, describe = tools
    try:
        whole = re.match(EXPRESSION, value)
        return evaluate(whole.group(1).strip(), scope) if whole else render(value, scope)
    except Exception as exc:  # noqa: BLE001 - every Jinja failure becomes a located DeckError
        errors.append(describe(exc, node or Node(value, None), path, scope))  # type: ignore[arg-type]
        return value


def _child(node: Node | None, step: str | int) -> Node | None:
    if node is None:
        return None
    if node.is_map and isinstance(step, str):
        return node.value.get(step)
    if node.is_list and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None
