"""An edited deck matched to its rebuild slide by slide and shape by shape, each difference traced to the content."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from generator.content.deck import Deck, SlideSource
from generator.content.located import Node
from generator.errors import Location
from generator.harvest.deckreader import DeckSlide, DeckText, TextShape
from generator.harvest.origins import REGISTER, Bound, Origins, Proposal
from generator.model.deck import DeckModel, SlideSpec
from generator.model.shapes import Shape, Table
from generator.options import EXPRESSION
from generator.templating.render import source_node

# a rebuilt slide's index, and a shape's index or "notes" (or "cell r,c")
Site = tuple[int, int | str]
TOLERANCE = 12700  # EMU (1 pt): LibreOffice rounds boxes to hundredths of a millimetre
_FIELD = re.compile(r"^(\w+)((?:\[\d+\]|\.\w+)*)$")


@dataclass(frozen=True)
class Sited:
    """A proposal and the text on the rebuilt deck it came from."""

    site: Site
    proposal: Proposal


@dataclass(frozen=True)
class DataCell:
    """A table cell the speaker edited whose value comes from a data file: the file, the data row (1 = the first
    under the header), the column (its place in the file, and its name), the value as the file has it, and
    the new text."""

    site: Site
    source: str
    row: int
    column: int
    name: str
    old: str
    new: str
    loc: Location
    numeric: bool


@dataclass(frozen=True)
class Compared:
    """What the edited deck changes: proposals by site, which sites show each value, the rebuilt slides the
    speaker deleted, each kept slide's rebuilt index in the edited order, new content and information."""

    proposals: tuple[Sited, ...]
    shown_at: Mapping[Location, frozenset[Site]]
    deleted: tuple[int, ...]
    order: tuple[int, ...]
    new: tuple[str, ...]
    info: tuple[str, ...]
    keys: tuple[str, ...] = ()  # each rebuilt slide's key
    cells: tuple[DataCell, ...] = ()
    titles: tuple[str, ...] = ()  # each rebuilt slide's title


def match_slides(rebuilt: Sequence[DeckSlide], edited: Sequence[DeckSlide]) -> list[int | None]:
    """For each edited slide, the rebuilt slide it is: by its tag (of two with one tag, the more alike), else,
    for slides without one (a LibreOffice save drops tags), by text at least half alike, nearer places first."""
    pairs: list[int | None] = [None] * len(edited)
    free = set(range(len(rebuilt)))
    for fold in (str, str.casefold):  # PowerPoint may store tag values in capitals
        _by_tag(rebuilt, edited, fold, pairs, free)
    untagged = [j for j, slide in enumerate(edited) if pairs[j] is None and not slide.key]
    texts = {i: rebuilt[i].text + "\n" + rebuilt[i].notes for i in free}
    scores = []
    for j in untagged:
        mine = edited[j].text + "\n" + edited[j].notes
        for i in free:
            matcher = SequenceMatcher(None, texts[i], mine, autojunk=False)
            if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
                scores.append((matcher.ratio(), -abs(i - j), i, j))
    for score, _, i, j in sorted(scores, reverse=True):
        if score >= 0.5 and i in free and pairs[j] is None:
            pairs[j] = i
            free.discard(i)
    return pairs


def _by_tag(
    rebuilt: Sequence[DeckSlide],
    edited: Sequence[DeckSlide],
    fold: Callable[[str], str],
    pairs: list[int | None],
    free: set[int],
) -> None:
    """Slides paired by their tags. A slide duplicated keeps its tag in the copy: of the slides that carry one
    tag, the original is the one most like what was made, wherever the speaker put it."""
    keys: dict[str, list[int]] = {}
    for i in sorted(free):
        keys.setdefault(fold(rebuilt[i].key), []).append(i)
    claims: dict[str, list[int]] = {}
    for j, slide in enumerate(edited):
        if pairs[j] is None and slide.key and keys.get(fold(slide.key)):
            claims.setdefault(fold(slide.key), []).append(j)
    for key, mine in claims.items():
        for i in keys[key][: len(mine)]:
            best = max(mine, key=lambda j, i=i: (_alike(rebuilt[i], edited[j]), -j))
            pairs[best] = i
            free.discard(i)
            mine.remove(best)


def _alike(a: DeckSlide, b: DeckSlide) -> float:
    one, two = a.text + "\n" + a.notes, b.text + "\n" + b.notes
    if one == two:
        return 2.0
    matcher = SequenceMatcher(None, one, two, autojunk=False)
    return matcher.ratio() if max(len(one), len(two)) <= 20_000 else matcher.quick_ratio()


def match_shapes(rebuilt: Sequence[TextShape], edited: Sequence[TextShape]) -> list[int | None]:
    """For each rebuilt shape, the edited shape it is: a drawn shape by name, a placeholder by kind and order."""
    out: list[int | None] = []
    used: set[int] = set()
    for shape in rebuilt:
        same = (
            j
            for j, other in enumerate(edited)
            if j not in used
            and other.kind == shape.kind
            and (shape.kind or other.name == shape.name)
        )
        found = next(same, None)
        if found is not None:
            used.add(found)
        out.append(found)
    return out


def model_shapes(slide: DeckSlide, spec: SlideSpec) -> list[Shape | None]:
    """The model's shape behind each shape of a rebuilt slide: drawn shapes in order (the writer appends them in
    the model's order), placeholders by their text, else by kind and order."""
    drawn = [s for s in spec.shapes if s.kind != "placeholder"]
    held = [s for s in spec.shapes if s.kind == "placeholder"]
    out: list[Shape | None] = []
    for shape in slide.shapes:
        if not shape.kind:
            out.append(drawn.pop(0) if drawn else None)
            continue
        same = next(
            (s for s in held if tuple(p.text for p in s.paragraphs) == shape.paragraphs), None
        )
        same = same or next((s for s in held if s.role == shape.kind), None)
        if same is not None:
            held.remove(same)
        out.append(same)
    return out


class Comparison:
    """The rebuilt deck, its model and content, compared with the edited deck."""

    def __init__(self, rebuilt: DeckText, model: DeckModel, deck: Deck, tree: Node) -> None:
        self.rebuilt = rebuilt
        self.model = model
        self.deck = deck
        self.origins = Origins(tree, deck.var_nodes)
        self.sources = {s.id or f"slides[{s.index + 1}]": s for s in deck.slides}
        self.proposals: list[Sited] = []
        self.shown_at: dict[Location, set[Site]] = {}
        self.new: list[str] = []
        self.info: list[str] = []
        self.cells: list[DataCell] = []

    def run(self, edited: DeckText, lo_saved: bool) -> Compared:
        pairs = match_slides(self.rebuilt.slides, edited.slides)
        for i, (slide, spec) in enumerate(zip(self.rebuilt.slides, self.model.slides, strict=True)):
            self._sites(i, slide, spec)
        keys = {s.key: n for n, s in enumerate(self.rebuilt.slides)}
        for j, i in enumerate(pairs):
            if i is None:
                copy = keys.get(edited.slides[j].key)
                what = "new slide" if copy is None else f"new slide (a copy of slide {copy + 1})"
                self.new.append(
                    f"slide {j + 1}: {what}: {_quoted(edited.slides[j].text or '(no text)')}"
                )
            else:
                self._slide(i, self.rebuilt.slides[i], edited.slides[j], j, lo_saved)
        kept = tuple(i for i in pairs if i is not None)
        return Compared(
            tuple(self.proposals),
            {k: frozenset(v) for k, v in self.shown_at.items()},
            tuple(i for i in range(len(self.rebuilt.slides)) if i not in kept),
            kept,
            tuple(self.new),
            tuple(self.info),
            tuple(s.key for s in self.model.slides),
            tuple(self.cells),
            tuple(_title(s) for s in self.rebuilt.slides),
        )

    def source(self, spec: SlideSpec) -> tuple[SlideSource | None, Bound]:
        """The content slide a model slide came from, and the node its `for_each:` item was written at."""
        base, _, nth = spec.key.partition("/")
        source = self.sources.get(base)
        if source is None or not source.for_each or not nth or source.when is not None:
            return source, {}
        name, expr = source.for_each
        items = source_node("{{ " + expr + " }}", {}, self.deck.var_nodes)
        k = int(nth) - 1
        if items is None or not items.is_list or k >= len(items.value):
            return source, {}
        return source, {name: items.value[k]}

    def field_node(self, source: SlideSource, name: str, bound: Bound) -> Node | None:
        """The node a shape's `field` (`bullets`, `steps[3]`, `columns[2].heading`) was written at; a field that
        is one `{{ list }}` from vars leads to that list."""
        match = _FIELD.match(name)
        node = source.fields.get(match.group(1)) if match else None
        for index, key in re.findall(r"\[(\d+)\]|\.(\w+)", match.group(2) if match else ""):
            node = self._whole(node, bound) if node is not None else None
            if node is None:
                return None
            node = _item(node, int(index)) if index else node.get(key)
        return self._whole(node, bound) if node is not None else None

    def _whole(self, node: Node, bound: Bound) -> Node:
        if isinstance(node.value, str) and re.match(EXPRESSION, node.value):
            found = source_node(node.value, bound, self.deck.var_nodes)
            if found is not None and (found.is_list or found.is_map):
                return found
        return node

    def _sites(self, i: int, slide: DeckSlide, spec: SlideSpec) -> None:
        """Which values each text of a rebuilt slide shows, so that a change to one is known to reach them all."""
        source, bound = self.source(spec)
        if source is None:
            return
        for k, shape in enumerate(model_shapes(slide, spec)):
            for r, row in enumerate(slide.shapes[k].cells):
                for c in range(len(row)):
                    node = self._cell(i, shape, source, bound, r, c)
                    for loc in self.origins.deps(node, {}):
                        self.shown_at.setdefault(loc, set()).add((i, f"cell {r},{c}"))
            if shape is not None and shape.field and shape.kind != "freeform":
                node = self.field_node(source, shape.field, bound)
                if not self.origins.shows(node, slide.shapes[k].text):
                    continue
                for loc in self.origins.deps(node, bound):
                    self.shown_at.setdefault(loc, set()).add((i, k))
        for loc in self.origins.deps(source.notes, bound):
            self.shown_at.setdefault(loc, set()).add((i, "notes"))

    def _slide(self, i: int, rebuilt: DeckSlide, edited: DeckSlide, j: int, lo_saved: bool) -> None:
        spec = self.model.slides[i]
        source, bound = self.source(spec)
        where = f"slide {j + 1} ({spec.key})"
        shapes = model_shapes(rebuilt, spec)
        pairs = match_shapes(rebuilt.shapes, edited.shapes)
        for k, (shape, other) in enumerate(zip(rebuilt.shapes, pairs, strict=True)):
            if other is None:
                if shape.text:
                    self.new.append(
                        f"{where}: the speaker deleted {_quoted(shape.name)}: {_quoted(shape.text)}"
                    )
                continue
            mine = edited.shapes[other]
            self.info += _looks(where, shape, mine, lo_saved)
            if (shape.paragraphs, shape.cells) != (mine.paragraphs, mine.cells):
                self._text(i, k, shape, mine, shapes[k], source, bound)
        for other, mine in enumerate(edited.shapes):
            if other not in pairs and (mine.text or mine.cells) and mine.kind != "other":
                text = mine.text or " | ".join(" / ".join(row) for row in mine.cells)
                kind = mine.kind or "text box"
                named = f" {_quoted(mine.name)}" if mine.name else ""
                self.new.append(f"{where}: new {kind}{named}: {_quoted(text)}")
        if rebuilt.notes != edited.notes:
            self._notes(i, rebuilt.notes, edited.notes, source, bound, where)

    def _notes(
        self, i: int, old: str, new: str, source: SlideSource | None, bound: Bound, where: str
    ) -> None:
        if source is None or source.notes is None:
            self.new.append(f"{where}: new notes: {_quoted(new)}")
            return
        for proposal in self.origins.text(source.notes, old, new, bound):
            self.proposals.append(Sited((i, "notes"), proposal))

    def _text(
        self,
        i: int,
        k: int,
        shape: TextShape,
        mine: TextShape,
        model: Shape | None,
        source: SlideSource | None,
        bound: Bound,
    ) -> None:
        if shape.cells or mine.cells:
            self._cells(i, k, shape, mine, model, source, bound)
            return
        node = (
            self.field_node(source, model.field, bound)
            if source and model and model.field
            else None
        )
        if node is None or model.kind == "freeform" or not self.origins.shows(node, shape.text):
            at = source.loc if source else Location(self.model.source)
            self._review(i, k, at, shape.text, mine.text, _unwritten(model))
        elif node.is_list:
            self.proposals += [
                Sited((i, k), p)
                for p in self.origins.items(node, shape.paragraphs, mine.paragraphs, bound)
            ]
        else:
            self.proposals += [
                Sited((i, k), p) for p in self.origins.text(node, shape.text, mine.text, bound)
            ]

    def _review(self, i: int, k: int | str, at: Location, old: str, new: str, note: str) -> None:
        self.proposals.append(Sited((i, k), Proposal(Node(old, at), old, new, note=note)))

    def _cells(
        self,
        i: int,
        k: int,
        shape: TextShape,
        mine: TextShape,
        model: Shape | None,
        source: SlideSource | None,
        bound: Bound,
    ) -> None:
        """A table's changed cells: a header from the slide's `headers:`, a row's cell from the list of mappings
        in vars it shows; other cells (a data file's) are named for the author."""
        if len(shape.cells) != len(mine.cells) or any(
            len(a) != len(b) for a, b in zip(shape.cells, mine.cells, strict=True)
        ):
            at = source.loc if source else Location(self.model.source)
            self._review(
                i,
                k,
                at,
                _table_text(shape),
                _table_text(mine),
                "rows or columns of a table were added or removed: change its data by hand",
            )
            return
        for r, (row, other) in enumerate(zip(shape.cells, mine.cells, strict=True)):
            for c, (old, new) in enumerate(zip(row, other, strict=True)):
                if old != new:
                    self._one_cell(i, k, model, source, bound, (r, c), (old, new))

    def _one_cell(
        self,
        i: int,
        k: int,
        model: Shape | None,
        source: SlideSource | None,
        bound: Bound,
        at: tuple[int, int],
        texts: tuple[str, str],
    ) -> None:
        node = self._cell(i, model, source, bound, *at)
        if node is None and self._data_cell(i, model, at, *texts):
            return
        if node is not None and not isinstance(node.value, (dict, list)):
            self.proposals += [
                Sited((i, f"cell {at[0]},{at[1]}"), p) for p in self.origins.text(node, *texts, {})
            ]
            return
        here = source.loc if source else Location(self.model.source)
        self._review(
            i, k, node.loc if node is not None else here, *texts, self._unmapped(model, at)
        )

    def _unmapped(self, model: Shape | None, at: tuple[int, int]) -> str:
        """Why a table cell's edit is left to the author, naming where its text comes from."""
        figure = getattr(model, "figure", None)
        table = self.model.tables.get(figure.data) if figure is not None else None
        if table is not None and at[0] == 0:
            columns = figure.series or table.columns
            name = columns[at[1]] if at[1] < len(columns) else ""
            return (
                f"the header of column '{name}' of {table.source}: give the slide `headers:`, or "
                "rename the column in the file (and in `columns:`) by hand"
            )
        return (
            f"table cell {at[0] + 1},{at[1] + 1}: its data is not in the content's YAML: change it "
            "where the data is"
        )

    def _data_cell(
        self, i: int, model: Shape | None, at: tuple[int, int], old: str, new: str
    ) -> bool:
        """A changed cell of a table read from a data file, kept as a `DataCell`; False when the cell is not
        one (a header, a list in vars)."""
        figure = getattr(model, "figure", None)
        table = self.model.tables.get(figure.data) if figure is not None else None
        r, c = at
        if table is None or r == 0:
            return False
        columns = figure.series or table.columns
        row = sum(len(s.spec.rows) for s in _earlier_tables(self.model.slides, i)) + r
        if c >= len(columns) or columns[c] not in table.columns or row > len(table.rows):
            return False
        column = table.columns.index(columns[c])
        cell = table.rows[row - 1][column]
        written = "" if cell.value is None else str(cell.value)
        shown = model.spec if isinstance(model, Table) else None  # the part this slide shows
        numeric = shown is not None and shown.is_numeric(c)
        self.cells.append(
            DataCell(
                (i, f"cell {r},{c}"),
                table.source,
                row,
                column,
                columns[c],
                written,
                new,
                cell.loc,
                numeric,
            )
        )
        return True

    def _cell(
        self, i: int, model: Shape | None, source: SlideSource | None, bound: Bound, r: int, c: int
    ) -> Node | None:
        figure = getattr(model, "figure", None)
        if figure is None or source is None:
            return None
        if r == 0:
            headers = self.field_node(source, "headers", bound)
            return (
                headers.value[c]
                if headers is not None and headers.is_list and c < len(headers.value)
                else None
            )
        rows = self.deck.var_nodes.get(figure.data)
        offset = sum(len(s.spec.rows) for s in _earlier_tables(self.model.slides, i))
        row = (
            rows.value[offset + r - 1]
            if rows is not None and rows.is_list and offset + r - 1 < len(rows.value)
            else None
        )
        if row is None or not row.is_map:
            return None
        columns = figure.series or tuple(row.value)
        return row.get(columns[c]) if c < len(columns) else None


def _item(node: Node, index: int) -> Node | None:
    """Item `index` (from 1) of a list node; None past its end or when it is no list."""
    return node.value[index - 1] if node.is_list and 0 < index <= len(node.value) else None


def _title(slide: DeckSlide) -> str:
    return next((s.text for s in slide.shapes if s.kind == "title" and s.text), "")


def _earlier_tables(slides: Sequence[SlideSpec], i: int) -> list[Table]:
    """The table shapes of the slides before slide `i` made from the same content slide (a long table's parts)."""
    return [
        s
        for spec in slides[:i]
        if spec.key == slides[i].key
        for s in spec.shapes
        if isinstance(s, Table) and s.spec is not None
    ]


def _table_text(shape: TextShape) -> str:
    return " | ".join(" / ".join(row) for row in shape.cells)


def _unwritten(model: Shape | None) -> str:
    """Why a text cannot be traced to a value in the content."""
    if model is None:
        return "the text is not from the content: edit it by hand"
    if model.kind == "freeform":
        return "a map's label: the municipality's name from SSB's register"
    if not model.field:
        return "the layout writes this text itself"
    if model.field.split("[")[0] in ("names",):
        return f"`{model.field}` is not written on the slide: its names come from SSB's register ({REGISTER[0]})"
    return f"`{model.field}` is not written in the content: edit it by hand"


def _looks(where: str, old: TextShape, new: TextShape, lo_saved: bool) -> list[str]:
    """Information on a shape moved, resized or set in other fonts (never written back)."""
    out = []
    name = _quoted(new.name or old.name)
    if old.box and new.box:
        dx, dy = new.box[0] - old.box[0], new.box[1] - old.box[1]
        dw, dh = new.box[2] - old.box[2], new.box[3] - old.box[3]
        # LibreOffice sets such a box to its text's height
        dh = 0 if lo_saved and (old.grows or new.grows) else dh
        if abs(dx) > TOLERANCE or abs(dy) > TOLERANCE:
            out.append(f"{where}: {name} moved by {dx / 12700:+.0f}, {dy / 12700:+.0f} pt")
        if abs(dw) > TOLERANCE or abs(dh) > TOLERANCE:
            out.append(f"{where}: {name} resized by {dw / 12700:+.0f} x {dh / 12700:+.0f} pt")
    before, after = _font_values(old), _font_values(new)
    for prop in ("size", "bold", "italic", "face", "colour"):
        was, now = before.get(prop, set()), after.get(prop, set())
        if was == now or (not was and lo_saved):  # LibreOffice writes out every inherited value
            continue
        if (
            prop == "colour"
            and lo_saved
            and all(not re.fullmatch(r"[0-9a-fA-F]{6}", v) for v in was)
        ):
            continue  # a theme colour comes back from LibreOffice as its RGB value
        out.append(f"{where}: {name} {prop} {_values(prop, was)} -> {_values(prop, now)}")
    return out


def _font_values(shape: TextShape) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for prop, value in shape.fonts:
        out.setdefault(prop, set()).add(value)
    return out


def _values(prop: str, values: set[str]) -> str:
    if not values:
        return "(as the layout sets it)"
    if prop == "size":
        return ", ".join(f"{int(v) / 100:g} pt" for v in sorted(values, key=int) if v.isdigit())
    return ", ".join(sorted(values))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
