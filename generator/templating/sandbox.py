"""The Jinja sandbox: an environment that cannot change data and refuses huge text, numbers and endless loops."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    Undefined,
    UndefinedError,
    nodes,
    pass_environment,
    pass_eval_context,
)
from jinja2 import filters as default_filters
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import generate_lorem_ipsum, missing
from jinja2.visitor import NodeTransformer

from generator.errors import DeckError, Location
from generator.fileio import read_regular
from generator.templating.filters import FILTERS

MAX_TEXT = 100_000  # characters (or list items) one content string may render to
MAX_OUTPUT = 2_000_000  # characters one layout may write for a slide
MAX_STEPS = 100_000  # loop iterations in one render
MAX_INT_BITS = 4096


MAX_TEMPLATE_BYTES = 1024 * 1024


class FolderLoader(BaseLoader):
    """Templates from layout folders, earlier folders first, held to them: a name that resolves (through a link)
    outside its folder, or to a pipe or device, is refused; a file is read whole and never past its bound."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = tuple(folder.resolve() for folder in folders)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # TemplateNotFound for `..`
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            if not path.resolve().is_relative_to(folder):
                raise SecurityError(f"'{template}' links outside the layout folders")
            try:
                data = read_regular(path, Location(str(path)), MAX_TEMPLATE_BYTES, "template")
                source = data.decode("utf-8")
                mtime = path.stat().st_mtime_ns
            except DeckError as exc:
                raise SecurityError(f"'{template}' {exc.problem}") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateNotFound(template, f"'{template}' cannot be read: {exc}") from None

            def uptodate(path: Path = path, mtime: int = mtime) -> bool:
                try:
                    return path.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return source, str(path), uptodate
        raise TemplateNotFound(template)


class Missing(UndefinedError):
    """An undefined name or attribute, remembering what it was looked up on."""

    def __init__(
        self, message: str | None = None, *, obj: Any = missing, name: str | None = None
    ) -> None:
        super().__init__(message)
        self.obj = obj
        self.name = name


class LoudUndefined(StrictUndefined):
    """StrictUndefined whose error knows the mapping a key was missing from (for 'did you mean')."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateError] = UndefinedError,
    ) -> None:
        if exc is UndefinedError and hint is None:
            exc = functools.partial(Missing, obj=obj, name=name)
        super().__init__(hint, obj, name, exc=exc)

    # inside a list shown as text: fail as str() does, never print "Undefined"
    def __repr__(
        self,
    ) -> str:
        self._fail_with_undefined_error()


class _Guard(NodeTransformer):
    """Routes every loop and every `~` through the environment's counters."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 - the visitor's naming
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_bounded", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        node = self.generic_visit(node)
        return nodes.Filter(
            nodes.List(node.nodes, lineno=node.lineno),
            "_concat",
            [],
            [],
            None,
            None,
            lineno=node.lineno,
        )


class Sandbox(ImmutableSandboxedEnvironment):
    """Sandboxed Jinja (vars cannot be changed) that refuses huge strings, lists or numbers, and endless loops."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._finalize, **options)
        self.steps = 0
        self.shown_bools = 0  # yes/no values printed by `{{ }}` since the caller last set it to 0
        self.filters.update(FILTERS)
        self.filters.update(
            {
                "_bounded": self._bounded,
                "_concat": _concat,
                "center": _center,
                "indent": _indent,
                "replace": _replace,
                "join": _join,
                "format": _format,
                "batch": _batch,
                "slice": _slice,
                "tojson": _tojson,
            }
        )
        self.globals["lipsum"] = _lipsum

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guard().visit(super()._parse(source, name, filename))

    def _finalize(self, value: Any) -> Any:
        if isinstance(value, bool):
            self.shown_bools += 1
        return value

    def start(self) -> None:
        """Start a new render: the loop budget is per template render."""
        self.steps = 0

    def _bounded(self, value: Any) -> Any:
        """A loop's items, counted against MAX_STEPS for the whole render."""
        if isinstance(value, Undefined):
            return value
        if hasattr(value, "__len__"):
            self._step(len(value))
            return value
        items = []
        for item in value:
            self._step(1)
            items.append(item)
        return items

    def _step(self, count: int) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise SecurityError(f"loops run more than {MAX_STEPS} times")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and right > 64:
            raise SecurityError("exponent too large")
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            left, right = right, left
        if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int):
            _size(len(left) * right)
        if (
            operator == "+"
            and isinstance(left, (str, list, tuple))
            and isinstance(right, (str, list, tuple))
        ):
            _size(len(left) + len(right))
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
            raise SecurityError("number too large")
        if isinstance(result, (str, list, tuple)):
            _size(len(result))
        return result

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call from a template; str methods that can grow text are checked first."""
        method = getattr(obj, "__wrapped__", obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            args = _check_str_method(owner, getattr(method, "__name__", ""), args, kwargs)
        return super().call(context, obj, *args, **kwargs)


def _size(length: int) -> None:
    if length > MAX_TEXT:
        raise SecurityError(
            f"the result would hold {length} characters or items, more than {MAX_TEXT}"
        )


_WIDE_FORMAT = re.compile(
    r"%[-+ #0]*(\*|\d{5,})|%[-+ #0]*\d*\.(\*|\d{5,})|\{[^{}]*:[^{}]*(\{|\d{5,})"
)


def _check_format(text: str) -> None:
    if _WIDE_FORMAT.search(text):
        raise SecurityError("format width too large")


def _check_str_method(text: str, name: str, args: tuple, kwargs: dict) -> tuple:
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _size(args[0])
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        _size(len(text) + text.count("\t") * int(tab))
    elif (
        name == "replace"
        and len(args) >= 2
        and isinstance(args[0], str)
        and isinstance(args[1], str)
    ):
        _size(_replaced_length(text, args[0], args[1]))
    elif name == "join" and args:
        items = [str(i) if not isinstance(i, str) else i for i in _bounded_list(args[0])]
        _size(sum(map(len, items)) + len(text) * max(0, len(items) - 1))
        return (items, *args[1:])
    elif name in ("format", "format_map"):
        _check_format(text)
    return args


def _bounded_list(value: Any) -> list:
    items = []
    for item in value:
        items.append(item)
        _size(len(items))
    return items


def _replaced_length(text: str, old: str, new: str) -> int:
    count = len(text) + 1 if not old else text.count(old)
    return len(text) + count * (len(new) - len(old))


def _concat(items: Any) -> str:
    parts = [str(i) for i in items]
    _size(sum(map(len, parts)))
    return "".join(parts)


def _center(value: Any, width: int = 80) -> str:
    _size(int(width))
    return default_filters.do_center(value, width)


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    text = str(s)
    pad = width if isinstance(width, int) else len(str(width))
    _size(len(text) + (text.count("\n") + 1) * pad)
    return default_filters.do_indent(s, width, first, blank)


@pass_eval_context
def _replace(eval_ctx: Any, s: Any, old: str, new: str, count: int | None = None) -> str:
    _size(_replaced_length(str(s), str(old), str(new)))
    return default_filters.do_replace(eval_ctx, s, old, new, count)


@pass_eval_context
def _join(eval_ctx: Any, value: Any, d: str = "", attribute: str | int | None = None) -> str:
    items = _bounded_list(value)
    if attribute is None:
        _size(sum(len(str(i)) for i in items) + len(str(d)) * max(0, len(items) - 1))
    return default_filters.sync_do_join(eval_ctx, items, d, attribute)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_format(str(value))
    return default_filters.do_format(value, *args, **kwargs)


@pass_environment
def _batch(environment: Any, value: Any, linecount: int, fill_with: Any = None) -> Any:
    if int(linecount) > MAX_STEPS or int(linecount) < 1:
        raise SecurityError("batch size out of range")
    return default_filters.do_batch(value, linecount, fill_with)


@pass_environment
def _slice(environment: Any, value: Any, slices: int, fill_with: Any = None) -> Any:
    if int(slices) > MAX_STEPS or int(slices) < 1:
        raise SecurityError("slice count out of range")
    return default_filters.sync_do_slice(value, slices, fill_with)


@pass_eval_context
def _tojson(eval_ctx: Any, value: Any, indent: int | None = None) -> Any:
    if indent is not None and not 0 <= int(indent) <= 16:
        raise SecurityError("indent out of range")
    return default_filters.do_tojson(eval_ctx, value, indent)


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
    if not (0 <= n <= 20 and 0 < min <= max <= 200):
        raise SecurityError("lipsum arguments out of range")
    return generate_lorem_ipsum(n, html, min, max)


def generate(env: Sandbox, template: Template, context: Mapping[str, Any], limit: int) -> str:
    """Render with a new loop budget, stopping as soon as the text grows past `limit` characters."""
    env.start()
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > limit:
            raise TooLong(limit)
        parts.append(chunk)
    return "".join(parts)


class TooLong(Exception):
    """The rendered text is longer than a slide can use."""


class NotAList(Exception):
    """A `for_each:` over something that is not a list."""
