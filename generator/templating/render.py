"""Jinja: render every content string against `vars`, then each slide's layout to plain data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Template, Undefined

from generator.cache import memo
from generator.content.deck import Deck, SlideSource
from generator.content.format import field_items
from generator.content.layouts import FieldSpec, Layout
from generator.content.located import Node
from generator.errors import DeckError, Location, raise_all, shown
from generator.findings import Check, Finding
from generator.options import EXPRESSION, Invalid, Invalids, kind_of, problems_of
from generator.templating.filters import LOCALE_VAR
from generator.templating.messages import jinja_error, layout_error
from generator.templating.sandbox import (
    MAX_OUTPUT,
    MAX_TEXT,
    FolderLoader,
    LoudUndefined,
    NotAList,
    Sandbox,
    generate,
)
from generator.templating.variables import resolve
from generator.templating.written import Origins, Places, source_node

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHOWN_BOOL = (
    "shows True or False: a yes/no value reached the text (YAML reads NO, no, off, n as false and yes, on, "
    'y as true); quote it ("NO") where it is meant as text'
)


@dataclass(frozen=True)
class RenderedSlide:
    """A slide after Jinja: the layout's output as text and as plain data, with where it came from."""

    number: int
    source: SlideSource
    data: Mapping[str, Any]
    notes: str
    field_locs: Mapping[str, Location]
    output: str = ""
    # the places each field's words come from (`written.Places`), by field path
    origins: Mapping[str, Origins] = field(default_factory=dict)

    @property
    def layout(self) -> Layout:
        return self.source.layout


@dataclass(frozen=True)
class Rendered:
    """A deck after Jinja: its slides, and its vars with their templates rendered."""

    slides: tuple[RenderedSlide, ...]
    vars: Mapping[str, Any]
    # warnings about the text (a yes/no value shown as True or False)
    findings: tuple[Finding, ...] = ()
    footer: str = ""  # the deck's `footer:`, rendered


class Renderer:
    """One Jinja environment per set of layout folders, kept for the process with the templates and
    expressions it compiled; it holds nothing of any deck (each render is a `_DeckPass` of its own)."""

    def __init__(self, layout_dirs: tuple[Path, ...]) -> None:
        self.env = Sandbox(
            loader=FolderLoader(layout_dirs),
            bytecode_cache=_bytecode_cache(),
            undefined=LoudUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._strings: dict[str, Template] = {}
        self._expressions: dict[str, Callable[..., Any]] = {}

    def render(self, deck: Deck, data: Mapping[str, Any] | None = None) -> Rendered:
        """Render all slides of `deck` (with `data`, the rows of its data files), collecting every
        error before raising; the slides and the vars as rendered."""
        return _DeckPass(self, deck).run(data)

    def evaluate(self, expr: str, scope: Mapping[str, Any]) -> Any:
        """The value of a Jinja expression; undefined anywhere in it (a list of lookups, say)
        raises."""
        compiled = self._expressions.get(expr)
        if compiled is None:
            compiled = self.env.compile_expression(expr, undefined_to_none=False)
            self._expressions[expr] = compiled
        self.env.start()
        value = compiled(**scope)
        _fail_on_undefined(value)
        return value

    def string(self, value: str, scope: Mapping[str, Any]) -> str:
        """A content string rendered in `scope`."""
        template = self._strings.get(value)
        if template is None:
            template = self._strings[value] = self._compiled_text(value)
        return generate(self.env, template, scope, MAX_TEXT)

    def _compiled_text(self, source: str) -> Template:
        """`env.from_string(source)`, its code kept in the bytecode cache as the layouts' is: a
        deck's texts with `{{ }}` are otherwise compiled again in every run."""
        env = self.env
        cache = env.bytecode_cache
        if cache is None:
            return env.from_string(source)
        try:
            bucket = cache.get_bucket(env, "text", None, source)
        except UnicodeEncodeError:  # a lone surrogate (from a Jinja escape) has no UTF-8 key
            return env.from_string(source)
        if bucket.code is None:
            bucket.code = env.compile(source)
            cache.set_bucket(bucket)
        return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)

    def layout_text(self, layout: Layout, context: Mapping[str, Any]) -> str:
        """A layout file rendered in `context`: the YAML text it writes."""
        template = self.env.get_template(layout.path.name)
        return generate(self.env, template, context, MAX_OUTPUT)


class _DeckPass:
    """One deck rendered: where its vars were written, the errors and findings met on the way."""

    def __init__(self, renderer: Renderer, deck: Deck) -> None:
        self.renderer = renderer
        self.deck = deck
        self.errors: list[DeckError] = []
        self.findings: list[Finding] = []
        self.shown_bools: list[tuple[Location, str]] = []  # on the slide being made

    def run(self, data: Mapping[str, Any] | None) -> Rendered:
        deck = self.deck
        base = self._base_scope(data)
        variables = resolve(
            deck.vars,
            deck.var_nodes,
            base,
            self.renderer.string,
            self.renderer.evaluate,
            jinja_error,
            self.renderer.env.parse,
        )
        base = {**variables, **base}
        slides = self._slides(base)
        footer_node = Node(deck.meta.footer, deck.footer_loc or Location(deck.source))
        footer = self._value(footer_node, base, "footer")
        raise_all(self.errors)
        if not slides:
            raise DeckError(
                "no slides left after `when:` and `for_each:`",
                deck.slides_loc or Location(deck.source),
                path="slides",
                hint="check the `when:` conditions and the lists `for_each:` goes over",
            )
        return Rendered(tuple(slides), variables, tuple(self.findings), str(footer).strip())

    def _base_scope(self, data: Mapping[str, Any] | None) -> dict[str, Any]:
        """What every text may read besides vars: the deck's own settings and its data files."""
        meta = self.deck.meta
        info = {
            "title": meta.title,
            "author": meta.author,
            "date": meta.date,
            "language": meta.language,
        }
        base = {"deck": info, LOCALE_VAR: meta.language}
        if data:
            base["data"] = data
        return base

    def _slides(self, base: dict[str, Any]) -> list[RenderedSlide]:
        """Every slide the audience sees, each `for_each:` item a slide, `when:` applied."""
        out: list[RenderedSlide] = []
        audience = self.deck.meta.audience
        for source in self.deck.slides:
            if not source.shown_to(audience):
                continue
            for scope, bound in self._expand(source, base):
                self.shown_bools = []
                slide = self._slide(source, scope, bound, len(out) + 1)
                if slide is None:
                    continue
                out.append(slide)
                self.findings += [
                    Finding(loc, slide.number, path.split(".", 1)[-1], Check.YES_NO, SHOWN_BOOL)
                    for loc, path in self.shown_bools
                ]
        return out

    def _expand(
        self, source: SlideSource, base: dict[str, Any]
    ) -> Iterator[tuple[dict, dict[str, Node]]]:
        """The scopes the slide is made in: one per `for_each:` item, those `when:` leaves out
        skipped; with each, the node the loop's item was written at (for locations)."""
        path = f"slides[{source.index + 1}]"
        items: list[tuple[dict[str, Any], dict[str, Node]]] = [(base, {})]
        if source.for_each:
            items = self._loop_items(source, base, path)
        for scope, bound in items:
            if source.when is None or self._expression(
                source.when, scope, source.key_locs["when"], path + ".when", bool
            ):
                yield scope, bound

    def _loop_items(
        self, source: SlideSource, base: dict[str, Any], path: str
    ) -> list[tuple[dict[str, Any], dict[str, Node]]]:
        """A `for_each:`'s items, each in a scope of its own with the node it was written at."""
        name, expr = source.for_each
        loc = source.key_locs["for_each"]
        value = self._expression(expr, base, loc, path + ".for_each", _as_list)
        if value is None:
            return []
        written = source_node("{{ " + expr + " }}", {}, self.deck.var_nodes)
        nodes: list[Node | None] = [None] * len(value)
        if written is not None and written.is_list and len(written.value) == len(value):
            nodes = list(written.value)
        return [
            ({**base, name: item}, {name: node} if node is not None else {})
            for item, node in zip(value, nodes, strict=True)
        ]

    def _expression(
        self,
        expr: str,
        scope: dict,
        loc: Location,
        path: str,
        convert: Callable[[Any], Any] = lambda v: v,
    ) -> Any:
        """Evaluate a Jinja expression; an undefined result is an error, not a silent blank."""
        try:
            return convert(self.renderer.evaluate(expr, scope))
        except Exception as exc:  # noqa: BLE001 - every Jinja failure becomes a located DeckError
            self.errors.append(jinja_error(exc, Node(expr, loc), path, scope))
            return None

    def _slide(
        self, source: SlideSource, scope: dict, bound: Mapping[str, Node], number: int
    ) -> RenderedSlide | None:
        path = f"slides[{source.index + 1}]"
        before = len(self.errors)
        fields = {
            k: self._field(source, k, v, scope, f"{path}.{k}") for k, v in source.fields.items()
        }
        notes = ""
        if source.notes is not None:
            notes = self._value(source.notes, scope, path + ".notes")
        if len(self.errors) > before:
            return None
        context = {**scope, **fields, "slide": {"number": number}}
        for spec in source.layout.fields.values():
            if spec.name not in fields and not spec.required:
                context.setdefault(spec.name, None)
        output = self._layout_output(source, context, path)
        if output is None:
            return None
        places = Places(bound, self.deck.var_nodes, scope)
        for name, node in source.fields.items():
            places.walk(name, node, fields[name])
        if source.notes is not None:
            places.walk("notes", source.notes, str(notes))
        locs = {**places.locs, "slide": source.loc}
        return RenderedSlide(
            number, source, output[1], str(notes).strip(), locs, output[0], places.origins
        )

    def _layout_output(
        self, source: SlideSource, context: dict, path: str
    ) -> tuple[str, dict] | None:
        """The slide's layout rendered with `context`, as text and read as YAML; None (and an
        error) on failure."""
        layout = source.layout
        try:
            text = self.renderer.layout_text(layout, context)
        except Exception as exc:  # noqa: BLE001
            self.errors.append(layout_error(exc, layout, source.loc, path, context))
            return None
        try:
            data = _read_output(text)
        except yaml.YAMLError as exc:
            self.errors.append(_invalid_output(exc, text, source, path))
            return None
        if not isinstance(data, dict):
            problem = f"layout '{layout.name}' must write a mapping with `shapes:`"
            also = Location(shown(layout.path))
            self.errors.append(DeckError(problem, source.loc, also=also, path=path))
            return None
        return text, data

    def _field(self, source: SlideSource, name: str, node: Node, scope: dict, path: str) -> Any:
        spec = source.layout.fields[name]
        match = re.match(EXPRESSION, node.value) if isinstance(node.value, str) else None
        if spec.type not in ("list", "records") or not match:
            return self._value(node, scope, path, as_text=True)
        expr = match.group(1).strip()
        before = len(self.errors)
        value = self._expression(expr, scope, node.loc, path)
        if len(self.errors) > before:
            return []
        problem = _list_problem(expr, value, spec)
        if problem is not None:
            message, hint = problem
            self.errors.append(DeckError(message, node.loc, path=path, hint=hint))
            return []
        return [_as_text_value(item) for item in value]  # rendered already, as vars are

    def _value(self, node: Node, scope: dict, path: str, as_text: bool = False) -> Any:
        value = node.value
        if isinstance(value, dict):
            return {k: self._value(v, scope, f"{path}.{k}", as_text) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, scope, f"{path}[{i + 1}]", as_text) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return _as_text(node) if as_text else value
        if "{" not in value:
            return value
        env = self.renderer.env
        try:
            env.shown_bools = 0
            text = self.renderer.string(value, scope)
        except Exception as exc:  # noqa: BLE001
            self.errors.append(jinja_error(exc, node, path, scope))
            return ""
        if env.shown_bools:
            self.shown_bools.append((node.loc, path))
        return text


def _list_problem(expr: str, value: Any, spec: FieldSpec) -> tuple[str, str] | None:
    """What is wrong with a list field's value from vars (message, hint), if anything."""
    if value is None or isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)):
        hint = "define it under `vars:` as a list (one `- item` per line)"
        return f"'{expr}' gives {kind_of(value)}, expected a list", hint
    if not value:
        hint = "give it at least one item, or leave the slide out with `when:`"
        return f"'{expr}' is an empty list", hint
    try:
        field_items(spec).check(list(value))
    except (Invalid, Invalids) as exc:
        problem = problems_of(exc)[0]
        where = "".join(f": {step}" for step in problem.at[1:])
        where = f"item {problem.at[0] + 1}{where}" if problem.at else "its value"
        return f"'{expr}': {where}: {problem.message}", problem.hint
    return None


@memo("layout output", 512)
def _read_output(text: str) -> Any:
    """A layout's output read as YAML, once per process for the same text: the slides most editions share. The
    data is only read after this (the checks make new values), so one copy serves them all."""
    return yaml.load(text, Loader=_YamlLoader)


def _fail_on_undefined(value: Any, depth: int = 0) -> None:
    """Raise the undefined error of the first undefined value inside `value` (lists and mappings walked)."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if depth < 20 and isinstance(value, (list, tuple)):
        for item in value:
            _fail_on_undefined(item, depth + 1)
    elif depth < 20 and isinstance(value, Mapping):
        for item in value.values():
            _fail_on_undefined(item, depth + 1)


def _invalid_output(exc: yaml.YAMLError, text: str, source: SlideSource, path: str) -> DeckError:
    """A layout that wrote YAML that does not parse: where, and the lines it wrote around the problem."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1} of its output" if mark else "its output"
    lines = text.splitlines()
    shown_lines = ""
    if mark is not None:
        first = max(mark.line - 2, 0)
        shown_lines = "\n".join(
            f"  {n:>4} | {line}" for n, line in enumerate(lines[first : mark.line + 3], first + 1)
        )
    return DeckError(
        f"layout '{source.layout.name}' wrote invalid YAML ({where})",
        source.loc,
        also=Location(shown(source.layout.path)),
        path=path,
        hint="interpolate text with `| q` so quotes and colons stay text",
        detail=shown_lines,
    )


def _bytecode_cache() -> Any:
    """Compiled templates kept between runs in the user's cache folder, if there is one."""
    from generator.cache import jinja_cache

    return jinja_cache()


def _as_text(node: Node) -> Any:
    """A scalar of a text field as text: numbers as written, dates as YYYY-MM-DD."""
    value = node.value
    if value is None or isinstance(value, bool):
        return value
    return str(node.text)


def _var_node(var_nodes: Mapping[str, Node], dotted: str) -> Node | None:
    """The node a dotted name like `goal.text` was written at in `vars:`, if it is there."""
    first, *rest = dotted.split(".")
    node = var_nodes.get(first)
    for part in rest:
        node = node.get(part) if node is not None else None
    return node if node is not None and isinstance(node.value, str) else None


def _as_list(value: Any) -> list:
    """A `for_each:` value: a list (or other sequence of items), never text or a mapping."""
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise NotAList(kind_of(value))
    return list(value)


def _as_text_value(value: Any) -> Any:
    """An item of a list from vars as a layout takes it: text, or a mapping of texts (numbers written as text)."""
    if isinstance(value, dict):
        return {k: _as_text_value(v) for k, v in value.items()}
    return value if isinstance(value, str) or value is None else str(value)


@cache
def renderer(layout_dirs: tuple[Path, ...]) -> Renderer:
    """The process-wide renderer for a set of layout folders."""
    return Renderer(layout_dirs)
