"""Vars as templates from the library: each var rendered after the vars it reads, a var made from itself an error
naming the chain, and a Jinja failure described as the user reads it, at the line and word where it happened."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment, StrictUndefined

from generator.content.located import load_text
from generator.errors import DeckError
from generator.templating.messages import describe, jinja_error
from generator.templating.variables import order, resolve, strings

ENV = Environment(undefined=StrictUndefined)


def render(text: str, scope: dict[str, Any]) -> str:
    return ENV.from_string(text).render(scope)


def evaluate(expression: str, scope: dict[str, Any]) -> Any:
    return ENV.compile_expression(expression)(scope)


def described(exc: Exception, node: Any, path: str, scope: dict[str, Any]) -> DeckError:
    return jinja_error(exc, node, path, scope)


def failure(template: str, **scope: Any) -> Exception:
    with pytest.raises(Exception) as caught:
        render(template, scope)
    return caught.value


def test_every_string_of_a_var_is_found_in_lists_and_mappings() -> None:
    assert strings({"a": ["x", {"b": "y"}], "c": 3, "d": "z"}) == ["x", "y", "z"]


def test_a_var_is_rendered_after_the_vars_it_reads_and_one_expression_keeps_its_value() -> None:
    values = {
        "greeting": "Hei, {{ name }}!",
        "name": "{{ first }} {{ last }}",
        "names": "{{ [first, last] }}",
        "first": "Kari",
        "last": "Nordmann",
    }
    ordered = order(values, {}, ENV.parse)
    assert ordered.index("first") < ordered.index("name") < ordered.index("greeting")
    assert resolve(values, {}, {}, render, evaluate, described, ENV.parse) == {
        "greeting": "Hei, Kari Nordmann!",
        "name": "Kari Nordmann",
        "names": ["Kari", "Nordmann"],
        "first": "Kari",
        "last": "Nordmann",
    }


def test_a_var_made_from_itself_is_an_error_naming_the_chain() -> None:
    root = load_text("vars:\n  a: '{{ b }}'\n  b: '{{ a }}'\n", "deck.yaml")
    nodes = root.value["vars"].value
    with pytest.raises(DeckError) as caught:
        order({"a": "{{ b }}", "b": "{{ a }}"}, nodes, ENV.parse)
    assert "refers to itself: a -> b -> a" in caught.value.line()
    assert caught.value.line().startswith("deck.yaml:2:6: vars.a: ")


def test_an_undefined_name_is_described_with_the_name_it_was_likely_meant_to_be() -> None:
    assert describe(failure("{{ regoin }}"), {"region": "Telemark"}) == (
        "undefined variable 'regoin'",
        "did you mean 'region'?",
    )
    message, hint = describe(failure("{{ regoin }}"), {}, in_layout=True)
    assert (message, hint) == (
        "undefined variable 'regoin' in the layout",
        "declare it in the layout's `fields:`",
    )


def test_a_syntax_error_says_what_is_missing() -> None:
    message, hint = describe(failure("{{ region "), {})
    assert message.startswith("Jinja syntax: ")
    assert hint == "every {{ needs a }} and every {% a %}"


def test_a_failure_is_placed_on_the_word_where_it_happened() -> None:
    root = load_text('title: "Om {{ regoin }}"\n', "deck.yaml")
    node = root.value["title"]
    error = jinja_error(failure(node.value), node, "title", {"region": "Telemark"})
    assert error.line() == (
        "deck.yaml:1:8: title: undefined variable 'regoin'; did you mean 'region'?"
    )
