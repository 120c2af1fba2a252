"""Jinja failures as located messages: what went wrong, on which line and word, and how to fix it."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from jinja2.utils import missing, object_type_repr

from generator.content.layouts import SUFFIX, Layout
from generator.content.located import Node
from generator.errors import DeckError, Location, shown
from generator.options import did_you_mean
from generator.templating.sandbox import Missing, NotAList, TooLong


def _names(scope: Mapping[str, Any]) -> list[str]:
    return [k for k in scope if not k.startswith("_")]


def describe(exc: Exception, scope: Mapping[str, Any], in_layout: bool = False) -> tuple[str, str]:
    """What went wrong in a template, and a hint how to fix it."""
    if isinstance(exc, UndefinedError):
        return _undefined(exc, scope, in_layout)
    for kind, message, hint in _PLAIN:
        if isinstance(exc, kind):
            return message.format(exc=exc, args=exc.args), hint
    unknown = re.match(r"No (filter|test) named '([^']+)'", str(getattr(exc, "message", "") or ""))
    if isinstance(exc, TemplateSyntaxError) and unknown:
        return _unknown_name(unknown.group(1), unknown.group(2))
    if isinstance(exc, TemplateSyntaxError):
        return f"Jinja syntax: {exc.message}", _syntax_hint(exc.message or "")
    if isinstance(exc, TemplateError):
        return f"Jinja: {exc.message}", ""
    babel = sys.modules.get("babel.core")  # only a filter that ran Babel can have raised its error
    if babel is not None and isinstance(exc, babel.UnknownLocaleError):
        return (
            f"unknown language '{exc.identifier}'",
            "use a tag like nb, nn or en, e.g. long_date('nn')",
        )
    if isinstance(exc, (ValueError, TypeError, ArithmeticError, LookupError)):
        return (
            f"cannot render: {exc}",
            "check the filters and what kind of value each gets (text, number, list)",
        )
    return f"cannot render: {type(exc).__name__}: {exc}", ""


# Failures that read the same wherever they happen: (type, message, hint).
_PLAIN: tuple[tuple[type[BaseException], str, str], ...] = (
    (SecurityError, "not allowed in a template: {exc}", ""),
    (TooLong, "the text grows past {args[0]} characters", "a slide cannot show that much"),
    (
        NotAList,
        "expected a list to repeat the slide over, got {args[0]}",
        "e.g. `for_each: goal in goals`",
    ),
    (RecursionError, "the template calls itself without end", ""),
    (MemoryError, "the template needs too much memory", ""),
    (ZeroDivisionError, "cannot render: division by zero", ""),
)


def _unknown_name(kind: str, name: str) -> tuple[str, str]:
    """A filter or test Jinja and make-deck do not have, with the one most likely meant."""
    from jinja2.filters import FILTERS as JINJA_FILTERS
    from jinja2.tests import TESTS

    from generator.templating.filters import FILTERS

    names = [*FILTERS, *JINJA_FILTERS] if kind == "filter" else list(TESTS)
    hint = did_you_mean(name, names) or f"the {kind}s of docs/content.md (Text and Jinja)"
    return f"unknown {kind} '{name}'", hint


def _undefined(exc: UndefinedError, scope: Mapping[str, Any], in_layout: bool) -> tuple[str, str]:
    """An undefined name or attribute, with the names there are to choose from."""
    if isinstance(exc, Missing) and exc.obj is not missing:
        if isinstance(exc.obj, Mapping):
            keys = [str(k) for k in exc.obj]
            hint = did_you_mean(str(exc.name), keys) or (
                f"it has: {', '.join(keys)}" if keys else "it is empty"
            )
            return f"undefined value: no '{exc.name}' here", hint
        return f"undefined value: {object_type_repr(exc.obj)} has no '{exc.name}'", ""
    msg = exc.message or "undefined value"
    name = msg.split("'")[1] if msg.count("'") >= 2 else ""
    if "has no attribute" in msg:
        return f"undefined value: {msg}", ""
    hint = did_you_mean(name, _names(scope)) if name else ""
    if in_layout:
        return (
            f"undefined variable '{name}' in the layout",
            hint or "declare it in the layout's `fields:`",
        )
    return f"undefined variable '{name}'", hint or "define it under `vars:`"


def _syntax_hint(message: str) -> str:
    if "unexpected '}'" in message or "unexpected end of template" in message:
        return "every {{ needs a }} and every {% a %}"
    if "expected token 'end of print statement'" in message:
        return "an expression goes inside {{ }}; text goes outside"
    return ""


def jinja_error(exc: Exception, node: Node, path: str, scope: Mapping[str, Any]) -> DeckError:
    """A Jinja failure in a content string, placed on the line (and word) where it happened."""
    message, hint = describe(exc, scope)
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else _template_line(exc, "<template>")
    loc = node.loc
    if node.body is not None and line:
        text_line = str(node.value).split("\n")[line - 1 : line]
        col = node.body.col + _column(text_line[0] if text_line else "", exc) - 1
        loc = Location(node.loc.file, node.body.line + line - 1, col)
    return DeckError(message, loc, path=path, hint=hint)


def _template_line(exc: Exception, *names: str) -> int | None:
    """The template line an exception was raised on, from Jinja's rewritten traceback."""
    import traceback  # here: only a build with an error needs it

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in names or any(
            frame.filename.endswith(n) for n in names if n.startswith(".")
        ):
            return frame.lineno
    return None


def _column(line: str, exc: Exception) -> int:
    """1-based column of the undefined (or refused) name in `line`, or 1."""
    name = ""
    if isinstance(exc, Missing) and exc.name:
        name = str(exc.name)
    elif isinstance(exc, (UndefinedError, SecurityError)):
        message = str(exc)
        quoted = re.search(r"attribute '([^']+)'", message) or re.search(r"'([^']+)'", message)
        name = quoted.group(1) if quoted else ""
    at = re.search(rf"(?<![\w.]){re.escape(name)}\b|\.{re.escape(name)}\b", line) if name else None
    if at:
        return at.start() + 1 + (line[at.start()] == ".")
    return 1


def layout_error(
    exc: Exception, layout: Layout, content: Location, path: str, context: Mapping[str, Any]
) -> DeckError:
    """A failure inside a layout template: the content slide and the layout line, both named."""
    message, hint = describe(exc, context, in_layout=True)
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else _template_line(exc, SUFFIX)
    col = 0
    if line:
        try:
            col = _column(layout.path.read_text(encoding="utf-8").splitlines()[line - 1], exc)
        except (OSError, UnicodeDecodeError, IndexError):
            col = 1
    where = Location(shown(layout.path), line or 0, col)
    return DeckError(message, content, path=path, hint=hint, also=where)
