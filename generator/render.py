"""Jinja: render every content string against `vars`, then each slide's layout to plain data."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import (
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
    meta,
    nodes,
    pass_environment,
    pass_eval_context,
)
from jinja2 import filters as default_filters
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import generate_lorem_ipsum, missing, object_type_repr
from jinja2.visitor import NodeTransformer

from .errors import DeckError, Location, raise_all, shown
from .layouts import SUFFIX, Layout
from .loader import Node, kind_of
from .memo import Memo
from .schema import EXPRESSION, Deck, SlideSource, check_items, did_you_mean
from .textfilters import FILTERS, LOCALE_VAR
from .usercache import KeptValues, cache_dir

MAX_TEXT = 100_000  # characters (or list items) one content string may render to
MAX_OUTPUT = 2_000_000  # characters one layout may write for a slide
MAX_STEPS = 100_000  # loop iterations in one render
MAX_INT_BITS = 4096
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


class _Missing(UndefinedError):
    """An undefined name or attribute, remembering what it was looked up on."""

    def __init__(self, message: str | None = None, *, obj: Any = missing, name: str | None = None) -> None:
        super().__init__(message)
        self.obj = obj
        self.name = name


class _Undefined(StrictUndefined):
    """StrictUndefined whose error knows the mapping a key was missing from (for 'did you mean')."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None,
                 exc: type[TemplateError] = UndefinedError) -> None:
        if exc is UndefinedError and hint is None:
            exc = functools.partial(_Missing, obj=obj, name=name)
        super().__init__(hint, obj, name, exc=exc)


class _Guard(NodeTransformer):
    """Routes every loop and every `~` through the environment's counters."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 - the visitor's naming
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_bounded", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        node = self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "_concat", [], [], None, None,
                            lineno=node.lineno)


class _Env(ImmutableSandboxedEnvironment):
    """Sandboxed Jinja (vars cannot be changed) that refuses huge strings, lists or numbers, and endless loops."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.filters.update(FILTERS)
        self.filters.update({
            "_bounded": self._bounded, "_concat": _concat, "center": _center, "indent": _indent,
            "replace": _replace, "join": _join, "format": _format, "batch": _batch, "slice": _slice,
            "tojson": _tojson,
        })
        self.globals["lipsum"] = _lipsum

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guard().visit(super()._parse(source, name, filename))

    def fresh(self) -> _Env:
        """Start a new render: the loop budget is per template render."""
        self.steps = 0
        return self

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
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
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
        raise SecurityError(f"the result would hold {length} characters or items, more than {MAX_TEXT}")


_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\*|\d{5,})|%[-+ #0]*\d*\.(\*|\d{5,})|\{[^{}]*:[^{}]*(\{|\d{5,})")


def _check_format(text: str) -> None:
    if _WIDE_FORMAT.search(text):
        raise SecurityError("format width too large")


def _check_str_method(text: str, name: str, args: tuple, kwargs: dict) -> tuple:
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _size(args[0])
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        _size(len(text) + text.count("\t") * int(tab))
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
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


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled layouts kept between runs in the user's cache folder (keyed by their source), if writable."""
    folder = cache_dir("jinja")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None


_parsed: Memo[str, Any] = Memo(256)  # layout output -> its data, for slides written again in a batch


def _parse_output(text: str) -> Any:
    """A layout's output read as YAML, once per process for the same text. The data is shared between the
    slides that wrote it: nothing after this stage changes it."""
    data = _parsed.get(text)
    return data if data is not None else _parsed.put(text, yaml.load(text, Loader=_YamlLoader))


class Renderer:
    """One Jinja environment per set of layout folders; compiled templates are kept."""

    def __init__(self, layout_dirs: tuple[Path, ...]) -> None:
        self.env = _Env(
            loader=FileSystemLoader([str(d) for d in layout_dirs]),
            bytecode_cache=_bytecode_cache(),
            auto_reload=False,  # a layout does not change while make-deck runs: no stat of its file per slide
            undefined=_Undefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._strings: dict[str, Template] = {}
        self._expressions: dict[str, TemplateExpression] = {}
        self._var_nodes: Mapping[str, Node] = {}
        self._decks = 0
        self._names: dict[str, tuple[str, ...] | None] = {}  # see _render_key
        self._kept_names: KeptValues | None = None
        self._rendered: Memo[tuple, dict] = Memo(256)

    def render(self, deck: Deck) -> tuple[RenderedSlide, ...]:
        """Render all slides of `deck`, collecting every error before raising."""
        errors: list[DeckError] = []
        out: list[RenderedSlide] = []
        self._decks += 1
        self._var_nodes = deck.var_nodes  # where vars were written, for errors in text that comes from vars
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
            raise DeckError("no slides left after `when:` and `for_each:`", deck.slides_loc or Location(deck.source),
                            path="slides", hint="check the `when:` conditions and the lists `for_each:` goes over")
        return tuple(out)

    def _expand(self, source: SlideSource, base: dict[str, Any], errors: list[DeckError]) -> Iterator[dict]:
        path = f"slides[{source.index + 1}]"
        items: list[dict[str, Any]] = [base]
        if source.for_each:
            name, expr = source.for_each
            loc = source.key_locs["for_each"]
            value = self._expression(expr, base, loc, path + ".for_each", errors, _as_list)
            if value is None:
                return
            items = [{**base, name: item} for item in value]
        for scope in items:
            if source.when is not None:
                ok = self._expression(source.when, scope, source.key_locs["when"], path + ".when", errors, bool)
                if not ok:
                    continue
            yield scope

    def _expression(self, expr: str, scope: dict, loc: Location, path: str, errors: list[DeckError],
                    convert: Callable[[Any], Any] = lambda v: v) -> Any:
        """Evaluate a Jinja expression; an undefined result is an error, not a silent blank."""
        try:
            compiled = self._expressions.get(expr)
            if compiled is None:
                compiled = self._expressions[expr] = self._compile_expression(expr)
            self.env.fresh()
            value = compiled(**scope)
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
            return convert(value)
        except Exception as exc:  # noqa: BLE001 - every Jinja failure becomes a located DeckError
            errors.append(_jinja_error(exc, Node(expr, loc), path, scope))
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
        key = self._render_key(layout.path.name, context)
        data = self._rendered.get(key) if key is not None else None
        if data is None:
            data = self._layout_output(source, context, path, errors)
            if data is None:
                return None
            if key is not None:
                self._rendered.put(key, data)
        field_locs = {k: v.loc for k, v in source.fields.items()}
        field_locs["slide"] = source.loc
        return RenderedSlide(number, source, data, str(notes).strip(), field_locs)

    def _layout_output(self, source: SlideSource, context: dict, path: str, errors: list[DeckError]) -> dict | None:
        """The slide's layout rendered with `context` and read as YAML; None (and an error) when it fails."""
        layout = source.layout
        try:
            template = self.env.get_template(layout.path.name)
            text = _generate(template, self.env.fresh(), context, MAX_OUTPUT)
        except Exception as exc:  # noqa: BLE001
            errors.append(_layout_error(exc, layout, source.loc, path, context))
            return None
        try:
            data = _parse_output(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1} of its output" if mark else "its output"
            errors.append(DeckError(f"layout '{layout.name}' wrote invalid YAML ({where})",
                                    source.loc, also=Location(shown(layout.path)), path=path,
                                    hint="interpolate text with `| q` so quotes and colons stay text"))
            return None
        if not isinstance(data, dict):
            errors.append(DeckError(f"layout '{layout.name}' must write a mapping with `shapes:`",
                                    source.loc, also=Location(shown(layout.path)), path=path))
            return None
        return data

    def _render_key(self, name: str, context: Mapping[str, Any]) -> tuple | None:
        """Everything layout `name`'s output depends on: the values of the names it reads and the language its
        filters use. From the second deck of a process on (a single build has nothing to reuse and does not
        pay for reading the layouts); None for a layout whose output is not a function of those (it includes
        other templates, or draws random text)."""
        if self._decks < 2:
            return None
        if name not in self._names:
            if self._kept_names is None:  # names read by layouts, in a file named after this module's version
                self._kept_names = KeptValues("layout-names", Path(__file__))
            self._names[name] = _names_read(self.env, name, self._kept_names)
        names = self._names[name]
        if names is None:
            return None
        try:
            return name, tuple(_frozen(context.get(n, _MISSING)) for n in names), _frozen(context.get(LOCALE_VAR))
        except TypeError:
            return None

    def _field(self, source: SlideSource, name: str, node: Node, scope: dict, path: str,
               errors: list[DeckError]) -> Any:
        spec = source.layout.fields[name]
        match = EXPRESSION.match(node.value) if isinstance(node.value, str) else None
        if spec.type not in ("list", "records") or not match:
            return self._value(node, scope, path, errors, as_text=True)
        expr = match.group(1).strip()
        before = len(errors)
        value = self._expression(expr, scope, node.loc, path, errors)
        if len(errors) > before:
            return []
        if value is None or isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)):
            errors.append(DeckError(f"'{expr}' gives {kind_of(value)}, expected a list", node.loc, path=path,
                                    hint="define it under `vars:` as a list (one `- item` per line)"))
            return []
        if not value:
            errors.append(DeckError(f"'{expr}' is an empty list", node.loc, path=path,
                                    hint="give it at least one item, or leave the slide out with `when:`"))
            return []
        problem = check_items(spec, [(item, node.loc, {}) for item in value])
        if problem:
            errors.append(DeckError(f"'{expr}': {problem[0]}", node.loc, path=path, hint=problem[2]))
            return []
        return [self._value(Node(_nodes(item, node.loc), node.loc), scope, f"{path}[{i + 1}]", errors, as_text=True)
                for i, item in enumerate(value)]

    def _value(self, node: Node, scope: dict, path: str, errors: list[DeckError], as_text: bool = False) -> Any:
        value = node.value
        if isinstance(value, dict):
            return {k: self._value(v, scope, f"{path}.{k}", errors, as_text) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, scope, f"{path}[{i + 1}]", errors, as_text) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return _as_text(node) if as_text else value
        if "{" not in value:
            return value
        try:
            text = self._string(value, scope)
        except Exception as exc:  # noqa: BLE001
            errors.append(_jinja_error(exc, node, path, scope))
            return ""
        inner = _VAR_ONLY.match(value)
        if inner and "{" in text:
            return self._nested(text, inner.group(1), node, scope, path, errors)
        return text

    def _string(self, value: str, scope: dict) -> str:
        template = self._strings.get(value)
        if template is None:
            template = self._strings[value] = self._compile_string(value)
        return _generate(template, self.env.fresh(), scope, MAX_TEXT)

    def _compile_string(self, source: str) -> Template:
        """`env.from_string(source)`, its code kept in the bytecode cache as the layouts' is: content files hold
        a few dozen texts with `{{ }}`, and compiling them was a tenth of a small build."""
        return self._cached("text", source, lambda: source)

    def _compile_expression(self, expr: str) -> TemplateExpression:
        """`env.compile_expression(expr, undefined_to_none=False)`, its code kept in the bytecode cache: compiling
        the `when:` and `for_each:` expressions was most of what the first deck of a batch spent in Jinja."""
        return TemplateExpression(self._cached("expr", expr, lambda: _expression_tree(self.env, expr)), False)

    def _cached(self, kind: str, source: str, tree: Callable[[], str | nodes.Template]) -> Template:
        """The template compiled from `tree()`, its code kept in the bytecode cache by `kind` and `source`."""
        env = self.env
        cache = env.bytecode_cache
        if cache is None:
            return env.from_string(tree())
        bucket = cache.get_bucket(env, f"{kind}-{_digest(source)}", None, source)
        if bucket.code is None:
            bucket.code = env.compile(tree())
            cache.set_bucket(bucket)
        return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)

    def _nested(self, text: str, name: str, node: Node, scope: dict, path: str, errors: list[DeckError]) -> str:
        """`"{{ notes_text }}"`: text from vars is a template too, rendered once more (one level)."""
        try:
            return self._string(text, scope)
        except Exception as exc:  # noqa: BLE001
            var = _var_node(self._var_nodes, name)
            if var is None:
                errors.append(_jinja_error(exc, node, path, scope))
            else:
                err = _jinja_error(exc, var, f"vars.{name}", scope)
                errors.append(DeckError(err.problem, err.location, path=err.path, hint=err.hint, also=node.loc,
                                        also_label=f"used by {path} at"))
            return ""


def _as_text(node: Node) -> Any:
    """A scalar of a text field as text: numbers as written, dates as YYYY-MM-DD."""
    value = node.value
    if value is None or isinstance(value, bool):
        return value
    return str(node.text)


_VAR_ONLY = re.compile(r"^\s*\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}\s*$")


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
        raise _NotAList(kind_of(value))
    return list(value)


class _NotAList(Exception):
    """A `for_each:` over something that is not a list."""


_MISSING = object()


def _names_read(env: _Env, name: str, kept: KeptValues) -> tuple[str, ...] | None:
    """The names template `name` reads from its context; None when it includes or imports other templates (whose
    names it does not show) or uses `random` or `lipsum`, or cannot be read. Kept between runs by the template's
    text: parsing the layouts was most of a batch's second deck."""
    try:
        source = env.loader.get_source(env, name)[0]
    except Exception:  # noqa: BLE001 - rendering it reports the problem
        return None
    names = kept.get(f"{jinja2.__version__}:{_digest(source)}", lambda: _read_names(env, source))
    if names is not None and not (isinstance(names, (list, tuple)) and all(isinstance(n, str) for n in names)):
        names = _read_names(env, source)  # a damaged cache file is not trusted
    return None if names is None else tuple(names)


def _digest(text: str) -> str:
    """A short hash of `text`, to name what is kept for it in the user cache."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _expression_tree(env: _Env, expr: str) -> nodes.Template:
    """The template that `env.compile_expression(expr)` compiles: `result` set to the expression. Syntax errors
    are raised as Jinja raises them."""
    parser = Parser(env, expr, state="variable")
    try:
        body = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
        body.set_environment(env)
    except TemplateSyntaxError:
        env.handle_exception(source=expr)
    return nodes.Template([nodes.Assign(nodes.Name("result", "store"), body, lineno=1)], lineno=1)


def _read_names(env: _Env, source: str) -> tuple[str, ...] | None:
    """See _names_read: the names a template's source reads, worked out from its syntax tree."""
    try:
        tree = env.parse(source)
    except Exception:  # noqa: BLE001 - rendering it reports the problem
        return None
    names = meta.find_undeclared_variables(tree)
    if next(iter(meta.find_referenced_templates(tree)), False) is not False or "lipsum" in names \
            or any(f.name == "random" for f in tree.find_all(nodes.Filter)):
        return None
    return tuple(sorted(names))


def _frozen(value: Any) -> Any:
    """`value` as a hashable key that tells apart what renders differently (1, 1.0 and True; a list, a tuple)."""
    if isinstance(value, float):
        return float, repr(value)  # -0.0 equals 0.0 but prints otherwise; nan equals nothing
    if value is None or isinstance(value, (str, int, dt.date)):
        return type(value), value
    if isinstance(value, (list, tuple)):
        return type(value), tuple(_frozen(v) for v in value)
    if isinstance(value, Mapping):
        return type(value), tuple((k, _frozen(v)) for k, v in value.items())
    raise TypeError(type(value).__name__)


def _generate(template: Template, env: _Env, context: Mapping[str, Any], limit: int) -> str:
    """Render, stopping as soon as the text grows past `limit` characters."""
    parts: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > limit:
            raise _TooLong(limit)
        parts.append(chunk)
    return "".join(parts)


class _TooLong(Exception):
    """The rendered text is longer than a slide can use."""


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


def _names(scope: Mapping[str, Any]) -> list[str]:
    return [k for k in scope if not k.startswith("_")]


def _describe(exc: Exception, scope: Mapping[str, Any], in_layout: bool = False) -> tuple[str, str]:
    if isinstance(exc, _Missing) and exc.obj is not missing:
        if isinstance(exc.obj, Mapping):
            keys = [str(k) for k in exc.obj]
            hint = did_you_mean(str(exc.name), keys) or (f"it has: {', '.join(keys)}" if keys else "it is empty")
            return f"undefined value: no '{exc.name}' here", hint
        return f"undefined value: {object_type_repr(exc.obj)} has no '{exc.name}'", ""
    if isinstance(exc, UndefinedError):
        msg = exc.message or "undefined value"
        name = msg.split("'")[1] if msg.count("'") >= 2 else ""
        if "has no attribute" in msg:
            return f"undefined value: {msg}", ""
        hint = did_you_mean(name, _names(scope)) if name else ""
        if in_layout:
            return f"undefined variable '{name}' in the layout", hint or "declare it in the layout's `fields:`"
        return f"undefined variable '{name}'", hint or "define it under `vars:`"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}", ""
    if isinstance(exc, TemplateSyntaxError):
        return f"Jinja syntax: {exc.message}", _syntax_hint(exc.message or "")
    if isinstance(exc, TemplateError):
        return f"Jinja: {exc.message}", ""
    if isinstance(exc, _TooLong):
        return f"the text grows past {exc.args[0]} characters", "a slide cannot show that much"
    if isinstance(exc, _NotAList):
        return f"expected a list to repeat the slide over, got {exc.args[0]}", "e.g. `for_each: goal in goals`"
    if isinstance(exc, RecursionError):
        return "the template calls itself without end", ""
    if isinstance(exc, MemoryError):
        return "the template needs too much memory", ""
    babel = sys.modules.get("babel.core")  # only a filter that ran Babel can have raised its error
    if babel is not None and isinstance(exc, babel.UnknownLocaleError):
        return f"unknown language '{exc.identifier}'", "use a tag like nb, nn or en, e.g. long_date('nn')"
    if isinstance(exc, ZeroDivisionError):
        return "cannot render: division by zero", ""
    if isinstance(exc, (ValueError, TypeError, ArithmeticError, LookupError)):
        return f"cannot render: {exc}", "check the filters and what kind of value each gets (text, number, list)"
    return f"cannot render: {type(exc).__name__}: {exc}", ""


def _syntax_hint(message: str) -> str:
    if "unexpected '}'" in message or "unexpected end of template" in message:
        return "every {{ needs a }} and every {% a %}"
    if "expected token 'end of print statement'" in message:
        return "an expression goes inside {{ }}; text goes outside"
    return ""


def _jinja_error(exc: Exception, node: Node, path: str, scope: Mapping[str, Any]) -> DeckError:
    """A Jinja failure in a content string, placed on the line (and word) where it happened."""
    message, hint = _describe(exc, scope)
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else _template_line(exc, "<template>")
    loc = node.loc
    if node.body is not None and line:
        text_line = str(node.value).split("\n")[line - 1:line]
        col = node.body.col + _column(text_line[0] if text_line else "", exc) - 1
        loc = Location(node.loc.file, node.body.line + line - 1, col)
    return DeckError(message, loc, path=path, hint=hint)


def _template_line(exc: Exception, *names: str) -> int | None:
    """The template line an exception was raised on, from Jinja's rewritten traceback."""
    import traceback  # here: only a build with an error needs it

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in names or any(frame.filename.endswith(n) for n in names if n.startswith(".")):
            return frame.lineno
    return None


def _column(line: str, exc: Exception) -> int:
    """1-based column of the undefined (or refused) name in `line`, or 1."""
    name = ""
    if isinstance(exc, _Missing) and exc.name:
        name = str(exc.name)
    elif isinstance(exc, (UndefinedError, SecurityError)):
        message = str(exc)
        quoted = re.search(r"attribute '([^']+)'", message) or re.search(r"'([^']+)'", message)
        name = quoted.group(1) if quoted else ""
    at = re.search(rf"(?<![\w.]){re.escape(name)}\b|\.{re.escape(name)}\b", line) if name else None
    if at:
        return at.start() + 1 + (line[at.start()] == ".")
    return 1


def _layout_error(exc: Exception, layout: Layout, content: Location, path: str,
                  context: Mapping[str, Any]) -> DeckError:
    """A failure inside a layout template: the content slide and the layout line, both named."""
    message, hint = _describe(exc, context, in_layout=True)
    line = exc.lineno if isinstance(exc, TemplateSyntaxError) else _template_line(exc, SUFFIX)
    col = 0
    if line:
        try:
            col = _column(layout.path.read_text(encoding="utf-8").splitlines()[line - 1], exc)
        except (OSError, UnicodeDecodeError, IndexError):
            col = 1
    where = Location(shown(layout.path), line or 0, col)
    return DeckError(message, content, path=path, hint=hint, also=where)
