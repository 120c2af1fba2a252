"""`make-deck template check`: what a master gives the layouts: size, layouts found, fonts measured, contrast."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.checks.accessibility import MIN_CONTRAST, contrast, ratio_text, resolve_color
from generator.content.layouts import MAX_LAYOUT_BYTES, Layout, catalog, search_dirs
from generator.errors import DeckError, Location, counted, errors_of, shown
from generator.fileio import read_regular
from generator.master.matching import describe, find, resolve
from generator.master.reader import Master, MasterLayout, load_master
from generator.model.fonts import FALLBACK, FAMILIES
from generator.options import did_you_mean

# Slide shapes by their width over height, as PowerPoint names them.
SHAPES = {"16:9": 16 / 9, "4:3": 4 / 3, "16:10": 16 / 10}
_KEY = re.compile(r"^(\s*)(-\s+)?(fill|color|background):\s*(.+?)\s*$")
_ITEM = re.compile(r"^(\s*)-\s")
_CONTENT = re.compile(r"^(slides|extends):", re.MULTILINE)


@dataclass(frozen=True)
class Report:
    """What a check of a master found: lines to show, warnings, and errors (a build on it would fail)."""

    lines: tuple[str, ...]
    warnings: tuple[str, ...]
    errors: tuple[DeckError, ...]


def check_template(
    path: Path, project: Path, contents: Sequence[Path] | None = None, county: str | None = None
) -> Report:
    """Check the master at `path`: how the project's layouts use it, then every content file (by default every
    one the project has) built on it in memory, with what the build would find; errors exactly when a build
    would fail. Without content, a layout name the master has nothing for is an error."""
    master = load_master(path)
    contents = project_contents(project) if contents is None else list(contents)
    mapped = content_mapping(contents[0], project) if contents else {}
    lines, warnings, errors = _layouts(master, project, mapped, bool(contents))
    build_lines, build_warnings, build_errors = _builds(path, project, contents, county)
    return Report(
        (*lines, *_master_lines(master, mapped, project), *build_lines),
        (*warnings, *build_warnings),
        (*errors, *build_errors),
    )


def project_contents(project: Path) -> list[Path]:
    """The content files a project builds: every .yaml under its content/ folder that has slides or extends
    another (data files and word lists left out)."""
    folder = project / "content"
    found = []
    for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else ():
        try:
            head = read_regular(path, Location(shown(path))).decode("utf-8", "replace")
        except (OSError, DeckError):
            continue
        if _CONTENT.search(head):
            found.append(path)
    return found


def _builds(
    path: Path, project: Path, contents: Sequence[Path], county: str | None
) -> tuple[list[str], list[str], list[DeckError]]:
    """Each content file's decks built on the master in memory (a `counties:` file's for `county` only, when
    given): a line each, the build's warnings and errors."""
    from generator.pipeline.jobs import Options, plan
    from generator.pipeline.stages import check

    lines, warnings, errors = (["builds:"] if contents else []), [], []
    options = Options(project=project, template=path, county=county)
    for content in contents:
        try:
            jobs = plan([content], None, options, write=False)
        except DeckError as exc:
            errors.extend(_new_places(errors_of(exc), errors))
            lines.append(f"  {shown(content)}: fails")
            continue
        for job in jobs:
            try:
                checked = check(job.content, job.options)
            except DeckError as exc:
                found = errors_of(exc)
                errors.extend(_new_places(found, errors))
                lines.append(f"  {job.label}: fails, {counted(len(found), 'error')}")
                continue
            warnings.extend(f"{f.line()} [{job.label}]" for f in checked.findings)
            count = len(checked.findings)
            said = f", {counted(count, 'warning')}" if count else ""
            lines.append(
                f"  {job.label}: builds, {counted(len(checked.model.slides), 'slide')}{said}"
            )
    return lines, warnings, errors


def _new_places(found: Sequence[DeckError], earlier: Sequence[DeckError]) -> list[DeckError]:
    """A build's errors but those at a place an earlier build already failed at: editions that extend a file
    fail where it wrote the value, and one line there says it (the builds' lines say which of them fail)."""
    places = {error.location for error in earlier if error.location}
    return [error for error in found if error.location is None or error.location not in places]


def _layouts(
    master: Master, project: Path, mapped: Mapping[str, str], built: bool
) -> tuple[list[str], list[str], list[DeckError]]:
    """The master layout each of the project's layouts is built on, and why; a name nothing answers for is an
    error when no content is built (when content is, its build says whether it needs that name)."""
    layouts = catalog(search_dirs(project))
    lines = [f"master: {master.path}", f"slide size: {size_text(master.size)}", "layouts:"]
    users: dict[str, list[str]] = {}
    for layout in layouts.values():
        users.setdefault(layout.master, []).append(layout.name)
    resolved = resolve(users, tuple(master.layouts.values()), mapped, master.size)
    problems = [
        DeckError(
            f"`master_layouts:` maps '{name}' to '{target}', which the master lacks",
            Location(master.path),
            hint=did_you_mean(target, master.layouts)
            or f"it has {', '.join(map(repr, master.layouts))}",
        )
        for name, target in mapped.items()
        if find(target, tuple(master.layouts.values())) is None
    ]
    for name, found in resolved.items():
        lines.append(f"  {describe(found)}: {', '.join(users[name])}")
        if not found.layout:
            have = ", ".join(f"'{n}'" for n in master.layouts)
            problems.append(
                DeckError(
                    f"no layout for master layout '{name}' (layout {', '.join(users[name])})",
                    Location(master.path),
                    hint=(
                        f"the master has {have}; name the one to use in the content: "
                        f"`master_layouts: {{{name}: NAME}}`"
                    ),
                )
            )
    used = [master.layouts[r.layout] for r in resolved.values() if r.layout]
    faces = {level.font for lay in used for p in lay.placeholders for level in p.levels[:1]}
    font_lines, warnings = _fonts(master, {face for face in faces if face})
    colour_lines, low = _colours(master, layouts.values())
    if built:  # the builds below say which of these a content file needs
        return (
            [*lines, *font_lines, *colour_lines],
            [*warnings, *low, *(e.line() for e in problems)],
            [],
        )
    return [*lines, *font_lines, *colour_lines], [*warnings, *low], problems


def _master_lines(master: Master, mapped: Mapping[str, str], project: Path) -> list[str]:
    """What make-deck took out of the master, filled in for it, and what it cannot supply."""
    lines = [f"  took out {what}" for what in master.removed]
    lines += [f"  {what}" for what in master.supplied]
    layouts = tuple(master.layouts.values())
    found = resolve(("Title and Content", "Section Header"), layouts, mapped, master.size)
    body, section = (master.layouts.get(r.layout) for r in found.values())
    if body is not None and section is not None and body.key == section.key:
        lines.append(
            f"  lacks: a section header of its own (statement and closing slides use '{body.key}', as "
            "content slides do): they look like content slides"
        )
    elif body is not None and section is not None and _looks_alike(body, section):
        lines.append(
            f"  lacks: a section header unlike its content slides ('{section.key}' has the background of "
            f"'{body.key}'): statement and closing slides look like content slides"
        )
    return ["master:", *lines] if lines else []


def _looks_alike(a: MasterLayout, b: MasterLayout) -> bool:
    return a.key == b.key or (a.background, a.bands) == (b.background, b.bands)


def size_text(size: tuple[float, float]) -> str:
    """`960 x 540 pt (16:9)`: the slide's size and its shape's name, or its ratio."""
    width, height = size
    ratio = width / height if height else 0.0
    name = next((n for n, r in SHAPES.items() if abs(ratio - r) < 0.01), f"{ratio:.2f}:1")
    return f"{width:g} x {height:g} pt ({name})"


def _fonts(master: Master, faces: Iterable[str]) -> tuple[list[str], list[str]]:
    """The theme's fonts and those the layouts' placeholders name, each measured or not."""
    lines = [
        f"fonts: headings {master.major_font or '(none)'}, body {master.minor_font or '(none)'}"
    ]
    warnings = []
    for face in dict.fromkeys([master.major_font, master.minor_font, *sorted(faces)]):
        if face in FAMILIES:
            lines.append(f"  {face}: measured with {FAMILIES[face]}'s metrics")
        else:
            lines.append(f"  {face or '(none)'}: no metrics")
            warnings.append(
                f"{master.path}: font: '{face or '(none)'}' has no metrics make-deck ships; text in it "
                f"is measured with {FALLBACK} instead, so fit and overflow are estimates"
            )
    return lines, warnings


def _colours(master: Master, layouts: Iterable[Layout]) -> tuple[list[str], list[str]]:
    """The theme's colours, and the contrast of each text colour on the fill the layouts put it on."""
    theme = master.theme_colors
    lines = [
        "colours: " + (", ".join(f"{slot} #{value}" for slot, value in theme.items()) or "(none)"),
        "contrast:",
    ]
    warnings = []
    pairs: dict[tuple[str, str], list[str]] = {}
    for layout in layouts:
        for pair in layout_pairs(_source(layout)):
            pairs.setdefault(pair, []).append(layout.name)
    for (text, fill), names in sorted(pairs.items()):
        fg, bg = resolve_color(text, theme), resolve_color(fill, theme)
        if fg is None or bg is None:
            continue
        ratio = contrast(fg, bg)
        low = ratio < MIN_CONTRAST
        lines.append(
            f"  text {text} on {fill}: {ratio_text(ratio)}{' (low)' if low else ''} ({', '.join(names)})"
        )
        if low:
            warnings.append(
                f"{master.path}: contrast: text {text} on {fill} is {ratio_text(ratio)}, below "
                f"{MIN_CONTRAST}:1 (layout {', '.join(names)})"
            )
    return lines, warnings


def _source(layout: Layout) -> str:
    try:
        return read_regular(layout.path, Location(shown(layout.path)), MAX_LAYOUT_BYTES).decode(
            "utf-8", "replace"
        )
    except OSError:
        return ""


def layout_pairs(source: str) -> set[tuple[str, str]]:
    """The (text colour, fill) pairs a layout's source writes: a shape's `color:` on its `fill:`, or on the
    slide's `background:` (bg1 without one); a Jinja choice (`{{ "a" if loop.last else "b" }}`) followed branch
    by branch, the choices of one shape taken together."""
    background, shapes, current, indent = "bg1", [], None, -1
    for line in source.splitlines():
        item = _ITEM.match(line)
        if item and (current is None or len(item.group(1)) <= indent):
            current, indent = {}, len(item.group(1))
            shapes.append(current)
        elif not line[:1].isspace() and line.strip() and not line.startswith("{"):
            current = None
        key = _KEY.match(line)
        if key and key.group(3) == "background" and not key.group(1):
            background = key.group(4)
        elif key and current is not None:
            current[key.group(3)] = key.group(4)
    pairs = set()
    for shape in shapes:
        if "color" in shape:
            pairs |= _choices(shape["color"], shape.get("fill", background))
    return {(text, fill) for text, fill in pairs if text and fill and fill != "none"}


def _choices(color: str, fill: str) -> set[tuple[str | None, str | None]]:
    """The (colour, fill) a shape gets for each way its Jinja conditions may turn out."""
    from jinja2 import Environment, TemplateSyntaxError, nodes

    try:
        parsed = [Environment().parse(value.strip("'\"")).body for value in (color, fill)]
    except TemplateSyntaxError:
        return set()
    exprs = [
        body[0].nodes[0]
        if len(body) == 1 and isinstance(body[0], nodes.Output) and len(body[0].nodes) == 1
        else None
        for body in parsed
    ]
    choices = [
        c
        for e in exprs
        if e is not None
        for c in (e, *e.find_all(nodes.CondExpr))
        if isinstance(c, nodes.CondExpr)
    ]
    tests = list(dict.fromkeys(repr(c.test) for c in choices))
    out = set()
    for truths in itertools.product((True, False), repeat=len(tests)):
        truth = dict(zip(tests, truths, strict=True))
        out.add((_value(exprs[0], truth), _value(exprs[1], truth)))
    return out


def _value(node: object, truth: Mapping[str, bool]) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.CondExpr):
        branch = node.expr1 if truth.get(repr(node.test), False) else node.expr2
        return _value(branch, truth) if branch is not None else None
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    if isinstance(node, nodes.TemplateData):
        return node.data.strip()
    return None


def content_mapping(content: Path, project: Path) -> dict[str, str]:
    """The `master_layouts:` of a content file, its editions' `extends:` chain merged."""
    from generator.content.deck import checked
    from generator.content.editions import Sources, load_edition
    from generator.content.format import TOP_KEYS
    from generator.errors import raise_all

    node = load_edition(content, Sources((project.resolve(),))).get("master_layouts")
    if node is None:
        return {}
    errors: list[DeckError] = []
    mapped = checked(TOP_KEYS["master_layouts"], node, "master_layouts", errors)
    raise_all(errors, "the master was not checked")
    return mapped
