"""A content file's decks as a patch may change them, cheaply in memory: slides by key, texts and where written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.datafiles import DataTable
from generator.errors import DeckError, Location
from generator.model.deck import DeckModel, SlideSpec
from generator.model.shapes import Table, paragraphs_of
from generator.pipeline.jobs import Options, plan
from generator.pipeline.stages import render_content, var_tables


@dataclass(frozen=True)
class Shown:
    """A text a deck shows: its paragraphs (a notes text's lines, a table cell), its key path
    (`slides.points.bullets`), and where it and the words it shows were written (the field first), each file
    named as in the project."""

    paragraphs: tuple[str, ...]
    path: str
    places: tuple[Location, ...]


@dataclass(frozen=True)
class View:
    """One deck as a patch may change it: its slides' keys in order, where each slide was written, and each text
    by its slide's key and its place on the slide."""

    keys: tuple[str, ...]
    slides: Mapping[str, Location]
    texts: Mapping[tuple[str, str], Shown]


def views(content: Path, options: Options, root: Path) -> dict[str, View] | None:
    """The view of each deck `content` makes (by county, '' for a file of one deck), its files named from
    `root` (the project, or the folder it is built in); None when one does not build."""
    try:
        jobs = plan([content], None, options, write=False)
        return {
            job.options.county or "": _view(_model(job.content, job.options), root) for job in jobs
        }
    except DeckError:
        return None


def _model(content: Path, options: Options) -> DeckModel:
    """The content rendered into slides and shapes (a build's first stages), with its vars' lists as tables."""
    model = render_content(content, options).model
    return replace(model, tables={**var_tables(model), **model.tables})


def _view(model: DeckModel, root: Path) -> View:
    """The deck's slides by key, where each was written, and its texts."""
    names = _Names(root)
    texts: dict[tuple[str, str], Shown] = {}
    for slide in model.slides:
        texts.update(_texts(slide, model.tables, names))
    return View(
        tuple(s.key for s in model.slides), {s.key: names(s.loc) for s in model.slides}, texts
    )


def _texts(
    slide: SlideSpec, tables: Mapping[str, DataTable], names: _Names
) -> dict[tuple[str, str], Shown]:
    """A slide's texts by place: each shape by its name (and how many before it have that name), a table's cells
    by row and column, the notes."""
    base = slide_path(slide.key)
    out: dict[tuple[str, str], Shown] = {}
    seen: dict[str, int] = {}
    for shape in slide.shapes:
        n = seen[shape.name] = seen.get(shape.name, 0) + 1
        place = f"{shape.name}#{n}"
        path = f"{base}.{shape.field}" if shape.field else base
        where = tuple(
            names(loc) for loc in (shape.loc, *(loc for _, loc in shape.origins)) if loc is not None
        )
        if isinstance(shape, Table):
            for at, text in _cells(shape, tables):
                out[(slide.key, f"{place}{at}")] = Shown((text,), path, where)
            continue
        paragraphs = paragraphs_of(shape)
        if paragraphs:
            out[(slide.key, place)] = Shown(tuple(p.text for p in paragraphs), path, where)
    if slide.notes:
        where = tuple(
            names(loc)
            for loc in (slide.notes_loc, *(loc for _, loc in slide.notes_origins))
            if loc is not None
        )
        out[(slide.key, "notes")] = Shown(tuple(slide.notes.split("\n")), f"{base}.notes", where)
    return out


def _cells(shape: Table, tables: Mapping[str, DataTable]) -> list[tuple[str, str]]:
    """A table's cells as its data holds them (`[row, column]`, the row of column names first)."""
    table = tables.get(shape.figure.data)
    if table is None:
        return []
    columns = [c for c in (shape.figure.series or table.columns) if c in table.columns]
    at = [table.columns.index(c) for c in columns]
    out = [(f"[0,{j}]", str(name)) for j, name in enumerate(shape.figure.headers or columns)]
    for i, row in enumerate(table.rows, 1):
        out += [(f"[{i},{j}]", _text(row[k].value)) for j, k in enumerate(at)]
    return out


def _text(value: object) -> str:
    return "" if value is None else str(value)


def slide_path(key: str) -> str:
    """A slide's key path as messages write it: `slides.points` (a slide of a `for_each:` by its id alone)."""
    base = base_id(key)
    return base if base.startswith("slides[") else f"slides.{base}"


def base_id(key: str) -> str:
    """The content slide a deck's slide comes from: `goals` for `goals/2`, `table` for `table~2`."""
    return key.split("/")[0].split("~")[0]


class _Names:
    """Locations with their files named from `root` (`content/talk.yaml`), as the project names them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, str] = {}

    def __call__(self, loc: Location) -> Location:
        name = self.files.get(loc.file)
        if name is None:
            name = self.files[loc.file] = self._name(loc.file)
        return loc if name == loc.file else Location(name, loc.line, loc.col)

    def _name(self, file: str) -> str:
        path = Path(file)
        if not path.is_absolute():
            path = Path.cwd() / path
        for candidate in (path, path.resolve()):
            try:
                return str(candidate.relative_to(self.root))
            except ValueError:
                continue
        return file
