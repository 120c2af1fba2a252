"""Jinja: render every content string against `vars`, then each slide's layout to plain data."""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import DeckError, Location, raise_all
from .layouts import SUFFIX, Layout
from .loader import Node, kind_of
from .schema import EXPRESSION, Deck, SlideSource, check_items, did_you_mean
from .textfilters import FILTERS, LOCALE_VAR

MAX_TEXT = 100_000
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RenderedSlide:
    """A slide after Jinja: the layout's output as plain data, with where it came from."""

    number: int
    source: SlideSource
    data: Mapping[str, Any]
    notes: str
    field_locs: Mapping[str, Location]

    @property
    def layout(self) -> Layout:
        return self.source.layout


class _Env(SandboxedEnvironment):
    """Sandboxed Jinja that also refuses to build huge strings or lists."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and right > 64:
            raise SecurityError("exponent too large")
        sized = isinstance(left, (str, list, tuple)) and isinstance(right, int)
        if operator == "*" and sized and len(left) * right > MAX_TEXT:
            raise SecurityError("result would be too large")
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            return self.call_binop(context, operator, right, left)
        return super().call_binop(context, operator, left, right)


class Renderer:
    """One Jinja environment per set of layout folders; compiled templates are kept."""

    def __init__(self, layout_dirs: tuple[Path, ...]) -> None:
        self.env = _Env(
            loader=FileSystemLoader([str(d) for d in layout_dirs]),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(FILTERS)
        self._strings: dict[str, Template] = {}

    def render(self, deck: Deck) -> tuple[RenderedSlide, ...]:
        """Render all slides of `deck`, collecting every error before raising."""
        errors: list[DeckError] = []
        out: list[RenderedSlide] = []
        meta = deck.meta
        info = {"title": meta.title, "author": meta.author, "date": meta.date, "language": meta.language}
        base = {**deck.vars, "deck": info, LOCALE_VAR: meta.language}
        for source in deck.slides:
            for scope in self._expand(source, base, errors):
                slide = self._slide(source, scope, len(out) + 1, errors)
                if slide is not None:
                    out.append(slide)
        raise_all(errors)
        if not out:
            raise DeckError("no slides left after `when:` and `for_each:`", Location(deck.source))
        return tuple(out)

    def _expand(self, source: SlideSource, base: dict[str, Any], errors: list[DeckError]) -> Iterator[dict]:
        path = f"slides[{source.index + 1}]"
        items: list[dict[str, Any]] = [base]
        if source.for_each:
            name, expr = source.for_each
            loc = source.key_locs["for_each"]
            value = self._expression(expr, base, loc, path + ".for_each", errors)
            if value is None:
                return
            if isinstance(value, Mapping) or not hasattr(value, "__iter__") or isinstance(value, str):
                errors.append(DeckError(f"'{expr}' is not a list", loc, path=path + ".for_each"))
                return
            items = [{**base, name: item} for item in value]
        for scope in items:
            if source.when is not None:
                ok = self._expression(source.when, scope, source.key_locs["when"], path + ".when", errors)
                if not ok:
                    continue
            yield scope

    def _expression(self, expr: str, scope: dict, loc: Location, path: str, errors: list[DeckError]) -> Any:
        try:
            return self.env.compile_expression(expr, undefined_to_none=False)(**scope)
        except Exception as exc:  # noqa: BLE001 - every Jinja failure becomes a located DeckError
            errors.append(_jinja_error(exc, loc, path, scope))
            return None

    def _slide(self, source: SlideSource, scope: dict, number: int, errors: list[DeckError]) -> RenderedSlide | None:
        path = f"slides[{source.index + 1}]"
        before = len(errors)
        fields = {k: self._field(source, k, v, scope, f"{path}.{k}", errors) for k, v in source.fields.items()}
        notes = self._value(source.notes, scope, path + ".notes", errors) if source.notes is not None else ""
        if len(errors) > before:
            return None
        layout = source.layout
        context = {**scope, **fields, "slide": {"number": number}}
        for spec in layout.fields.values():
            if spec.name not in fields and not spec.required:
                context.setdefault(spec.name, None)
        try:
            template = self.env.get_template(layout.path.name)
            text = template.render(context)
        except Exception as exc:  # noqa: BLE001
            errors.append(_layout_error(exc, layout, source.loc, path))
            return None
        try:
            data = yaml.load(text, Loader=_YamlLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1} of its output" if mark else "its output"
            errors.append(DeckError(f"layout '{layout.name}' wrote invalid YAML ({where})",
                                    Location(str(layout.path)), also=source.loc, path=path))
            return None
        if not isinstance(data, dict):
            errors.append(DeckError(f"layout '{layout.name}' must write a mapping with `shapes:`",
                                    Location(str(layout.path)), also=source.loc, path=path))
            return None
        field_locs = {k: v.loc for k, v in source.fields.items()}
        field_locs["slide"] = source.loc
        return RenderedSlide(number, source, data, str(notes).strip(), field_locs)

    def _field(self, source: SlideSource, name: str, node: Node, scope: dict, path: str,
               errors: list[DeckError]) -> Any:
        spec = source.layout.fields[name]
        match = EXPRESSION.match(node.value) if isinstance(node.value, str) else None
        if spec.type not in ("list", "records") or not match:
            return self._value(node, scope, path, errors)
        value = self._expression(match.group(1), scope, node.loc, path, errors)
        if value is None:
            return []
        if isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)):
            errors.append(DeckError(f"'{match.group(1).strip()}' gives {kind_of(value)}, expected a list",
                                    node.loc, path=path))
            return []
        problem = check_items(spec, [(item, node.loc, {}) for item in value])
        if problem:
            errors.append(DeckError(f"'{match.group(1).strip()}': {problem[0]}", node.loc, path=path))
            return []
        return [self._value(Node(_nodes(item, node.loc), node.loc), scope, f"{path}[{i + 1}]", errors)
                for i, item in enumerate(value)]

    def _value(self, node: Node, scope: dict, path: str, errors: list[DeckError]) -> Any:
        value = node.value
        if isinstance(value, dict):
            return {k: self._value(v, scope, f"{path}.{k}", errors) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, scope, f"{path}[{i + 1}]", errors) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value
        if "{" not in value:
            return value
        try:
            template = self._strings.get(value)
            if template is None:
                template = self._strings[value] = self.env.from_string(value)
            text = template.render(scope)
        except Exception as exc:  # noqa: BLE001
            errors.append(_jinja_error(exc, node.loc, path, scope))
            return ""
        if len(text) > MAX_TEXT:
            errors.append(DeckError(f"text renders to {len(text)} characters", node.loc, path=path,
                                    hint=f"at most {MAX_TEXT} fit a slide"))
        return text


def _nodes(value: Any, loc: Location) -> Any:
    """Wrap a plain value from vars so `_value` can render the text inside it."""
    if isinstance(value, dict):
        return {k: Node(_nodes(v, loc), loc) for k, v in value.items()}
    if isinstance(value, list):
        return [Node(_nodes(v, loc), loc) for v in value]
    return value


@cache
def renderer(layout_dirs: tuple[Path, ...]) -> Renderer:
    """The process-wide renderer for a set of layout folders."""
    return Renderer(layout_dirs)


def _describe(exc: Exception, scope: Mapping[str, Any]) -> tuple[str, str]:
    if isinstance(exc, UndefinedError):
        msg = exc.message or "undefined value"
        name = msg.split("'")[1] if msg.count("'") >= 2 else ""
        hint = did_you_mean(name, [k for k in scope if not k.startswith("_")]) if name else ""
        if "has no attribute" in msg:
            return f"undefined value: {msg}", hint
        return f"undefined variable: {msg}", hint or "define it under `vars:`"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}", ""
    if isinstance(exc, TemplateSyntaxError):
        return f"Jinja syntax: {exc.message}", ""
    if isinstance(exc, TemplateError):
        return f"Jinja: {exc.message}", ""
    return f"cannot render: {exc}", ""


def _jinja_error(exc: Exception, loc: Location, path: str, scope: Mapping[str, Any]) -> DeckError:
    message, hint = _describe(exc, scope)
    if isinstance(exc, TemplateSyntaxError) and exc.lineno and exc.lineno > 1:
        loc = Location(loc.file, loc.line + exc.lineno - 1, 1)
    return DeckError(message, loc, path=path, hint=hint)


def _layout_error(exc: Exception, layout: Layout, content: Location, path: str) -> DeckError:
    message, hint = _describe(exc, {})
    line = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else None
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename and frame.filename.endswith(SUFFIX):
                line = frame.lineno
                break
    where = Location(str(layout.path), line or 0, 1 if line else 0)
    return DeckError(message, content, path=path, hint=hint, also=where)
