"""The stages in order: content file to DeckModel, DeckModel to a written deck."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.checks.accessibility import language_findings, model_findings, placeholder_findings
from generator.content.datafiles import DataTable, from_records, read_table
from generator.content.deck import Deck, build_deck
from generator.content.editions import Sources, load_edition
from generator.content.layouts import Layout, builtin_dir, catalog, search_dirs
from generator.content.located import Node
from generator.errors import DeckError, DeckErrors, Location, raise_all, shown
from generator.fileio import write_atomic
from generator.findings import Check, Finding
from generator.master.reader import Master, load_master
from generator.model.deck import DeckModel, build_model
from generator.model.figures import draw_figures
from generator.model.fitting import fit_deck
from generator.model.footers import fit_footers
from generator.model.grounds import read_on_grounds
from generator.model.layoutchoice import use_master_layouts
from generator.model.maps import draw_maps
from generator.model.masterfindings import master_findings
from generator.model.placement import place
from generator.model.shapes import Picture
from generator.pipeline.jobs import Job, Options
from generator.templating.render import renderer
from generator.writer.parts import check_contract, render_package
from generator.writer.pictures import read_picture


@dataclass(frozen=True)
class Prepared:
    """A deck ready to write: its model, the master, and the warnings found so far."""

    model: DeckModel
    master: Master
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Rendered:
    """The first stages of a build: the content loaded, merged, checked and rendered into slides and shapes,
    with its data files read; no master yet."""

    tree: Node
    deck: Deck
    layouts: Mapping[str, Layout]
    model: DeckModel


def render_content(content: Path, options: Options) -> Rendered:
    """Load, merge, check and render `content` into a model of slides and shapes, its data files as its tables
    (what harvest compares of two versions of a project; a build goes on from here with `assemble`)."""
    dirs = search_dirs(options.project)
    tree = with_command_line(load_edition(content, options.sources), options)
    layouts = catalog(dirs)
    deck = build_deck(tree, layouts)
    tables = read_tables(deck, options)
    rendered = renderer(dirs).render(deck, {name: records(table) for name, table in tables.items()})
    model = build_model(deck, rendered)
    model = replace(
        model,
        sources=_sources(tree),
        tables=tables,
        findings=(*model.findings, *_data_notes(tables)),
    )
    return Rendered(tree, deck, layouts, model)


def assemble(content: Path, options: Options) -> tuple[DeckModel, Master, tuple[Finding, ...]]:
    """Load, merge, check and render `content` into a model with its maps, charts and tables drawn, the master it
    needs, and what drawing the maps found; text not yet fitted."""
    rendered = render_content(content, options)
    model, deck, layouts = rendered.model, rendered.deck, rendered.layouts
    master = _load_master(model, options)
    model = replace(model, master=master_record(master_path(model, options), master))
    model, lacking = use_master_layouts(
        model, master, deck.master_layouts, (lay.master for lay in layouts.values())
    )
    raise_all(
        [
            *lacking,
            *(() if lacking else check_contract(model, master)),
            *check_images(model, options.sources),
        ]
    )
    model = place(model, master)
    model, mapped = draw_maps(model)
    return draw_figures(model, master, {**var_tables(model), **model.tables}), master, mapped


def read_tables(deck: Deck, options: Options) -> dict[str, DataTable]:
    """Every data file the content names under `data:`, read with a location for each cell."""
    tables, errors = {}, []
    for name, (path, loc) in deck.data.items():
        try:
            tables[name] = read_table(path.name, path.parent, options.sources.roots, loc)
        except DeckError as exc:
            errors.append(exc)
    raise_all(errors)
    return tables


def _data_notes(tables: dict[str, DataTable]) -> list[Finding]:
    """What the user should know about how a data file was read (once per file)."""
    notes = {table.source: table.note for table in tables.values() if table.note}
    return [
        Finding(Location(source, 1, 1), 0, "", Check.DATA, note) for source, note in notes.items()
    ]


def records(table: DataTable) -> list[dict]:
    """A table's rows as mappings of column to value, for text (`{{ data.fylker | length }}`)."""
    return [
        {column: cell.value for column, cell in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]


def var_tables(model: DeckModel) -> dict[str, DataTable]:
    """Lists of mappings under vars, as tables a chart or table may name."""
    out = {}
    for name, value in model.vars.items():
        table = from_records(value, f"vars.{name}", Location(model.source))
        if table is not None:
            out[name] = table
    return out


def _sources(tree: Node) -> tuple[str, ...]:
    """Every content file the merged tree holds values of, as `path sha256:hex` (what a deck records)."""
    import hashlib

    files: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.loc is not None and node.loc.file:
            files.add(node.loc.file)
        if node.is_map:
            stack.extend(node.value.values())
        elif node.is_list:
            stack.extend(node.value)
    out = []
    for name in sorted(files):
        try:
            out.append(f"{name} sha256:{hashlib.sha256(Path(name).read_bytes()).hexdigest()}")
        except OSError:
            continue  # not a file (the command line): nothing to record
    return tuple(out)


BUILT_IN = "(built-in)"  # how a deck records make-deck's own master


def master_record(path: Path, master: Master) -> str:
    """What a deck records of its master: `path blake2b:hex` (the path as messages show it, `(built-in)` for
    make-deck's own; the digest the master reader keeps of its bytes)."""
    name = BUILT_IN if path == (builtin_dir() / "base.pptx").resolve() else shown(path)
    return f"{name} blake2b:{master.digest}"


def with_command_line(tree: Node, options: Options) -> Node:
    """The content with what the command line sets: the audience, the county of one deck of a `counties:` file."""
    here = Location("command line")
    values, locs = dict(tree.value), dict(tree.key_locs)
    if options.audience is not None:
        values["audience"], locs["audience"] = Node(options.audience, here), here
    if options.county is not None:
        values["county"], locs["county"] = Node(options.county, here), here
        values.pop("counties", None)
        locs.pop("counties", None)
    return Node(values, tree.loc, locs) if values != tree.value else tree


def prepare(content: Path, options: Options) -> Prepared:
    """The model with its text fitted to the boxes, and the findings about it; nothing is written."""
    model, master, mapped = assemble(content, options)
    model, fitted = fit_deck(model, master)
    raise_all([_overflow_error(f) for f in fitted if f.check is Check.OVERFLOW])
    model, behind = read_on_grounds(model, master)
    model = fit_footers(model, master)
    findings = (
        *master_findings(master),
        *behind,
        *model.findings,
        *mapped,
        *fitted,
        *model_findings(model, master.theme_colors, master.path),
        *placeholder_findings(model),
    )
    return Prepared(model, master, findings)


def _overflow_error(finding: Finding) -> DeckError:
    """Text that does not fit its box even at its smallest size: an error, so no deck shows text off its box."""
    error = finding.as_error()
    return DeckError(
        error.problem,
        error.location,
        path=error.path,
        hint="shorten the text, split it over two slides, or use a layout that runs on (bullets)",
    )


def check_images(model: DeckModel, sources: Sources) -> list[DeckError]:
    """Every picture lies inside the project, exists and is an image PowerPoint can show."""
    errors = []
    for slide in model.slides:
        for shape in slide.shapes:
            if not isinstance(shape, Picture):
                continue
            loc = shape.loc or slide.loc
            try:
                path = sources.check(shape.image, loc, "image")
                if not path.is_file():
                    raise DeckError(
                        f"image '{shown(shape.image)}' not found",
                        loc,
                        path=shape.field,
                        hint="the path is relative to the content file",
                    )
                read_picture(path, loc, shape.field)
            except DeckError as exc:
                errors.append(exc)
    return errors


def master_path(model: DeckModel, options: Options) -> Path:
    """The master to use: --template, then `template:` in content, then the project's, then the built-in."""
    if options.template is not None:
        return options.template.resolve()
    if model.template is not None:
        loc = model.template_loc or Location(model.source)
        path = options.sources.check(model.template, loc, "template", model.template.name)
        if not path.is_file():
            raise DeckError(f"template '{shown(model.template)}' not found", loc)
        return path
    own = options.project / "templates" / "base.pptx"
    return (own if own.is_file() else builtin_dir() / "base.pptx").resolve()


def _load_master(model: DeckModel, options: Options) -> Master:
    """The master, with a broken `template:` reported at the content line that names it."""
    path = master_path(model, options)
    try:
        return load_master(path)
    except DeckError as exc:
        if model.template is None or options.template is not None or model.template_loc is None:
            raise
        raise DeckError(
            exc.problem, model.template_loc, path="template", hint=exc.hint, also=exc.location
        ) from None


@dataclass(frozen=True)
class Checked:
    """A deck made in memory and every finding about it."""

    model: DeckModel
    data: bytes
    findings: tuple[Finding, ...]


def check(content: Path, options: Options, spelling: bool = False) -> Checked:
    """Make the deck in memory and run every check on the model and on the written package; with `spelling`, the
    spelling of its text too (loading a dictionary costs more than a build)."""
    from generator.checks.openxml import package_findings

    prepared = prepare(content, options)
    model = prepared.model
    package = render_package(model, prepared.master)
    where = Location(model.source)
    findings = (
        *prepared.findings,
        *language_findings(package.parts, model.meta.language, where),
        *package_findings(package.parts, where),
    )
    if spelling:
        findings = (*findings, *_spelling(model, options))
    return Checked(model, package.data, findings)


def _spelling(model: DeckModel, options: Options) -> list[Finding]:
    from generator.checks.spelling import (
        model_texts,
        read_word_list,
        register_words,
        spelling_findings,
    )

    words = read_word_list(options.project / "content" / "words.txt") | register_words()
    return spelling_findings(model_texts(model), model.meta.language, words | set(model.words))


@dataclass(frozen=True)
class Outcome:
    """One content file built in memory: the deck's bytes (and its PDF's), or the error lines that stopped it."""

    content: Path
    output: Path
    label: str
    data: bytes = b""
    pdf: bytes | None = None
    slides: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pdf_error: str = ""  # the deck was made, its PDF was not

    @property
    def ok(self) -> bool:
        return not self.errors and not self.pdf_error


def make(job: Job) -> Outcome:
    """Build one deck in memory, without writing it; a content error becomes part of the outcome. Nothing here
    writes where the user looks: a batch's processes hand their decks to the one that writes them."""
    content, output, options = job.content, job.output, job.options
    try:
        checked = check(content, options)
        if options.strict and checked.findings:
            raise DeckErrors([f.as_error() for f in checked.findings], "no deck written (--strict)")
    except DeckError as exc:
        collected = exc if isinstance(exc, DeckErrors) else DeckErrors([exc])
        return Outcome(content, output, job.label, errors=(named(collected.format_message(), job),))
    pdf, pdf_error = None, ""
    if options.pdf:
        try:
            pdf = _pdf(checked.data, output.stem)
        except DeckError as exc:
            pdf_error = f"{shown(output.with_suffix('.pdf'))}: not written: {exc.format_message()}"
    return Outcome(
        content,
        output,
        job.label,
        checked.data,
        pdf,
        len(checked.model.slides),
        warnings=tuple(named(f.line(), job) for f in checked.findings),
        pdf_error=pdf_error,
    )


def named(text: str, job: Job) -> str:
    """Message lines that name the deck they are about, where their place does not (a line in the base talk, or
    one deck of a `counties:` file): `content/2019.yaml:93:14: ... [content/editions/vestfold-2024.yaml]`."""
    own = shown(job.content) + ":"
    lines = text.split("\n")
    for i, line in enumerate(lines):
        located = re.match(r"\S+:\d+:\d+: ", line) is not None  # at a line of a file
        if located and (job.options.county or not line.startswith(own)):
            lines[i] = f"{line} [{job.label}]"
    return "\n".join(lines)


def _pdf(data: bytes, stem: str) -> bytes:
    """The deck rendered to PDF by LibreOffice, in a folder of its own."""
    import tempfile

    from generator.checks.libreoffice import to_pdf

    with tempfile.TemporaryDirectory(prefix="make-deck-pdf-") as folder:
        deck = Path(folder) / f"{stem}.pptx"
        deck.write_bytes(data)
        try:
            return to_pdf(deck, Path(folder)).read_bytes()
        except DeckError as exc:  # said of a file in a folder that is gone once this returns
            raise DeckError(exc.problem, hint=exc.hint) from None


def write_outcome(outcome: Outcome) -> Path | None:
    """Write a built deck (and its PDF) atomically; the PDF's path, if any."""
    write_atomic(outcome.data, outcome.output)
    if outcome.pdf is None:
        return None
    pdf = outcome.output.with_suffix(".pdf")
    write_atomic(outcome.pdf, pdf)
    return pdf
