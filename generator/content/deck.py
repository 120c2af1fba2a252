"""A merged content tree checked against the content format into a `Deck`: settings, vars, slides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.format import (
    PLACEHOLDER,
    SLIDE_KEYS,
    TOP_KEYS,
    field_option,
)
from generator.content.layouts import Layout
from generator.content.located import Node
from generator.errors import DeckError, Location, raise_all
from generator.options import (
    Invalid,
    Invalids,
    Option,
    did_you_mean,
    kind_of,
    path_text,
    problems_of,
)


@dataclass(frozen=True)
class Meta:
    """Deck-wide settings."""

    title: str
    author: str
    date: dt.date
    language: str
    audience: str = ""
    footer: str = ""  # as written: Jinja, rendered with the deck's vars
    slide_numbers: bool = False


@dataclass(frozen=True)
class SlideSource:
    """One `slides:` entry, checked but not yet rendered."""

    index: int
    layout: Layout
    fields: Mapping[str, Node]
    notes: Node | None
    for_each: tuple[str, str] | None
    when: str | None
    loc: Location
    key_locs: Mapping[str, Location]
    id: str = ""
    audience: tuple[str, ...] = ()
    not_for: tuple[str, ...] = ()  # audiences whose decks leave the slide out

    def shown_to(self, audience: str) -> bool:
        """Whether a deck for `audience` ('' for every audience) shows the slide."""
        if not audience:
            return True
        return audience not in self.not_for and (not self.audience or audience in self.audience)


@dataclass(frozen=True)
class Deck:
    """A checked content file: settings, data and slide sources."""

    source: str
    meta: Meta
    vars: Mapping[str, object]
    slides: tuple[SlideSource, ...]
    template: Path | None
    template_loc: Location | None
    slides_loc: Location | None = None
    var_nodes: Mapping[str, Node] = field(default_factory=dict)
    # data files by name, and where named
    data: Mapping[str, tuple[Path, Location]] = field(default_factory=dict)
    # name -> master's, where set
    master_layouts: Mapping[str, tuple[str, Location]] = field(default_factory=dict)
    footer_loc: Location | None = None  # where `footer:` is written
    words: tuple[str, ...] = ()  # words the spelling check accepts in this deck (`words:`)


def checked(option: Option, node: Node, path: str, errors: list[DeckError]) -> Any:
    """`node`'s value as `option` converts it; None (and an error for each problem, where it was written) when it
    does not pass."""
    try:
        return option.check(node.plain())
    except (Invalid, Invalids) as exc:
        for problem in problems_of(exc):
            errors.append(
                DeckError(
                    problem.message,
                    node.locate(problem.at, problem.key),
                    path=path_text(problem.at, path),
                    hint=problem.hint,
                )
            )
        return None


def build_deck(tree: Node, layouts: Mapping[str, Layout]) -> Deck:
    """Check everything in `tree`, collecting all problems, and return the `Deck`."""
    if not tree.is_map:
        raise DeckError("a content file must be a mapping of keys (vars:, slides: ...)", tree.loc)
    errors: list[DeckError] = []
    values = _top_values(tree, errors)
    slides = _slides(tree, layouts, errors)
    _check_audience(tree, values, slides, errors)
    raise_all(errors)
    if values.get("county") is not None:
        values["vars"] = _with_register(
            tree, values["county"], values.get("year"), values.get("vars") or {}
        )
    return _deck(tree, values, slides)


def _top_values(tree: Node, errors: list[DeckError]) -> dict[str, Any]:
    """Every top-level key but `slides:`, checked by its option; unknown keys are errors."""
    values: dict[str, Any] = {}
    for key, node in tree.value.items():
        option = TOP_KEYS.get(key)
        if option is None:
            hint = did_you_mean(key, TOP_KEYS) or f"known keys: {', '.join(TOP_KEYS)}"
            errors.append(DeckError(f"unknown key '{key}'", tree.key_locs[key], hint=hint))
        elif key == "date" and str(node.value).startswith(PLACEHOLDER):
            errors.append(
                DeckError(
                    "the date of the talk is still to be written",
                    node.loc,
                    path="date",
                    hint="write it as YYYY-MM-DD, e.g. `date: 2024-10-17`",
                )
            )
        elif key != "slides":
            values[key] = checked(option, node, key, errors)
    return values


def _deck(tree: Node, values: Mapping[str, Any], slides: tuple[SlideSource, ...]) -> Deck:
    """The checked values as a `Deck`, with the places they were written."""
    template_node = tree.get("template")
    template = (
        Path(template_node.loc.file).parent / values["template"].strip() if template_node else None
    )
    vars_node = tree.get("vars")
    return Deck(
        source=tree.loc.file,
        meta=Meta(
            values.get("title") or "",
            values.get("author") or "",
            values.get("date") or dt.date(2000, 1, 1),
            values.get("language") or "nb-NO",
            values.get("audience") or "",
            values.get("footer") or "",
            bool(values.get("slide_numbers")),
        ),
        vars=values.get("vars") or {},
        slides=slides,
        template=template,
        template_loc=template_node.loc if template_node else None,
        footer_loc=tree.get("footer").loc if tree.get("footer") is not None else None,
        slides_loc=tree.get("slides").loc if tree.get("slides") is not None else tree.loc,
        var_nodes=dict(vars_node.value) if vars_node is not None and vars_node.is_map else {},
        data={
            name: (Path(node.loc.file).parent / node.value, node.loc)
            for name, node in (
                tree.get("data").value.items()
                if tree.get("data") is not None and tree.get("data").is_map
                else ()
            )
        },
        master_layouts=_master_layouts(tree, values.get("master_layouts") or {}),
        words=tuple(str(w).strip() for w in values.get("words") or ()),
    )


def _master_layouts(tree: Node, names: Mapping[str, str]) -> dict[str, tuple[str, Location]]:
    """`master_layouts:` with the place each name was written."""
    node = tree.get("master_layouts")
    nodes = (
        {str(k).strip(): v for k, v in node.value.items()}
        if node is not None and node.is_map
        else {}
    )
    return {
        key: (name, nodes[key].loc if key in nodes else tree.loc) for key, name in names.items()
    }


def _slides(
    tree: Node, layouts: Mapping[str, Layout], errors: list[DeckError]
) -> tuple[SlideSource, ...]:
    node = tree.get("slides")
    if node is None:
        hint = "add `slides:` with a list of slides"
        if "slide" in tree.value:
            hint = "did you mean 'slides'?"
        elif "extends" not in tree.key_locs:
            hint += ", or `extends:` a file that has them"
        errors.append(DeckError("missing key 'slides'", tree.loc, hint=hint))
        return ()
    if not node.is_list or not node.value:
        got = "an empty list" if node.is_list else kind_of(node.value)
        errors.append(
            DeckError(
                f"expected a list of slides, got {got}",
                node.loc,
                path="slides",
                hint="each slide starts with `- layout: NAME`",
            )
        )
        return ()
    slides = (_slide(i, item, layouts, errors) for i, item in enumerate(node.value))
    return tuple(slide for slide in slides if slide is not None)


def _slide(
    i: int, node: Node, layouts: Mapping[str, Layout], errors: list[DeckError]
) -> SlideSource | None:
    path = f"slides[{i + 1}]"
    if not node.is_map:
        errors.append(
            DeckError(
                f"expected a slide (a mapping with `layout:`), got {kind_of(node.value)}",
                node.loc,
                path=path,
                hint="e.g. `- layout: bullets`, then its fields, indented",
            )
        )
        return None
    layout = _layout(node, path, layouts, errors)
    if layout is None:
        return None
    before = len(errors)
    _check_slide_keys(node, layout, path, errors)
    if len(errors) > before:
        return None
    for_each, when = node.get("for_each"), node.get("when")
    return SlideSource(
        index=i,
        layout=layout,
        fields={k: v for k, v in node.value.items() if k in layout.fields},
        notes=node.get("notes"),
        for_each=SLIDE_KEYS["for_each"].check(for_each.value) if for_each is not None else None,
        when=SLIDE_KEYS["when"].check(when.value) if when is not None else None,
        loc=node.loc,
        key_locs=node.key_locs,
        id=node.get("id").value if node.get("id") is not None else "",
        audience=_names(node.get("audience")),
        not_for=_names(node.get("not_for")),
    )


def _names(node: Node | None) -> tuple[str, ...]:
    return tuple(node.plain()) if node is not None else ()


def _check_slide_keys(node: Node, layout: Layout, path: str, errors: list[DeckError]) -> None:
    """Each key of a slide checked by its option (the slide's own keys and its layout's fields);
    unknown keys and missing required fields are errors."""
    options = {**SLIDE_KEYS, **{name: field_option(spec) for name, spec in layout.fields.items()}}
    for key, value in node.value.items():
        if key in options:
            checked(options[key], value, f"{path}.{key}", errors)
            continue
        takes = f"layout '{layout.name}' takes: {', '.join(options)}"
        errors.append(
            DeckError(
                f"unknown key '{key}' for layout '{layout.name}'",
                node.key_locs[key],
                path=path,
                hint=did_you_mean(key, options) or takes,
            )
        )
    for spec in layout.fields.values():
        if spec.required and spec.name not in node.value:
            what = f" ({spec.help.rstrip('.')})" if spec.help else ""
            errors.append(
                DeckError(
                    f"missing field '{spec.name}' (layout '{layout.name}' needs it)",
                    node.loc,
                    path=path,
                    hint=f"add `{spec.name}:`{what}",
                )
            )


def _with_register(
    tree: Node, number: str, year: int | None, variables: Mapping[str, Any]
) -> dict[str, Any]:
    """The vars with the county's data from SSB's register: `county_name`, `county_number`, and `municipalities`
    unless written out (then each name written is checked against the register)."""
    from generator.norway import register

    where = tree.key_locs["county"]
    if year is None:
        raise DeckError(
            "`county:` needs `year:`: the county division changes with reforms",
            where,
            path="county",
            hint=f"add `year:` (the register holds {', '.join(map(str, register.years()))})",
        )
    if year not in register.years():
        raise DeckError(
            f"the register has no county division for {year}",
            tree.get("year").loc,
            path="year",
            hint=f"it holds {', '.join(map(str, register.years()))}",
        )
    county = register.county(number, year, location=tree.get("county").loc, path="county")
    names = tree.get("vars").get("municipalities") if tree.get("vars") is not None else None
    # on a deck of one county, names as the county writes them: `Våler`, not SSB's `Våler (Innlandet)`
    official = [m.plain for m in county.municipalities]
    if names is not None and names.is_list and names.loc.file in (where.file, tree.loc.file):
        raise_all(register.check_names([(str(n.value), n.loc) for n in names.value], county))
    # written for the county of a file this one extends: the register's list instead
    elif names is not None:
        variables = {**variables, "municipalities": official}
    return {
        "county_name": county.name,
        "county_number": county.number,
        "county_formed": county.formed,  # the day the county began, None when the reforms left it be
        "year": year,
        "municipalities": official,
        **variables,
    }


def _check_audience(
    tree: Node, values: Mapping[str, Any], slides: tuple[SlideSource, ...], errors: list[DeckError]
) -> None:
    """Every audience named is one the talk has: with `audiences:`, those it declares; without, those its
    slides name. A misspelt audience would silently show every slide."""
    audience, declared = values.get("audience"), values.get("audiences")
    if declared is not None:
        for i, slide in enumerate(tree.get("slides").value if slides else ()):
            for key in ("audience", "not_for"):
                _undeclared(slide.get(key), declared, f"slides[{i + 1}].{key}", errors)
    if not audience or not slides:
        return
    named = declared or sorted({a for s in slides for a in (*s.audience, *s.not_for)})
    if audience in named:
        return
    hint = did_you_mean(audience, named) or (
        f"the talk's audiences: {', '.join(named)}"
        if named
        else "declare the talk's audiences (`audiences: [fagfolk, politikere]`), and give slides "
        "`audience:` or `not_for:`"
    )
    what = "the talk has no audience" if declared else "no slide is for the audience"
    errors.append(
        DeckError(f"{what} '{audience}'", tree.get("audience").loc, path="audience", hint=hint)
    )


def _undeclared(
    names: Node | None, declared: list[str], path: str, errors: list[DeckError]
) -> None:
    """Each audience a slide names that the talk does not declare: an error at the name."""
    for i, name in enumerate(names.value if names is not None and names.is_list else ()):
        if name.value not in declared:
            errors.append(
                DeckError(
                    f"'{name.value}' is not one of the talk's audiences",
                    name.loc,
                    path=f"{path}[{i + 1}]",
                    hint=did_you_mean(str(name.value), declared)
                    or f"the talk's audiences (`audiences:`): {', '.join(declared)}",
                )
            )


def _layout(
    node: Node, path: str, layouts: Mapping[str, Layout], errors: list[DeckError]
) -> Layout | None:
    """The slide's layout, by the name under `layout:`."""
    name_node = node.get("layout")
    if name_node is None:
        errors.append(
            DeckError(
                "missing key 'layout'",
                node.loc,
                path=path,
                hint=f"layouts: {', '.join(sorted(layouts))}",
            )
        )
        return None
    name = checked(SLIDE_KEYS["layout"], name_node, f"{path}.layout", errors)
    if name is None:
        return None
    layout = layouts.get(name)
    if layout is None:
        hint = did_you_mean(name, layouts) or f"layouts: {', '.join(sorted(layouts))}"
        errors.append(
            DeckError(f"unknown layout '{name}'", name_node.loc, path=f"{path}.layout", hint=hint)
        )
    return layout
