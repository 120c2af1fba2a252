"""The deck model: slides with their shapes and the deck's settings, built from rendered layouts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.content.deck import Deck
from generator.errors import DeckError, Location, raise_all
from generator.findings import Finding
from generator.model.output import OUTPUT, check_text, output_error, shape_of, slide_path
from generator.model.shapes import Origins, Paragraph, Shape, is_title
from generator.options import Invalid, Invalids, problems_of
from generator.templating.render import Rendered, RenderedSlide


@dataclass(frozen=True)
class SlideSpec:
    """One output slide."""

    number: int
    layout: str
    master: str
    shapes: tuple[Shape, ...]
    notes: str
    loc: Location
    background: str | None = None
    id: str = ""  # the content slide's id, shared by the slides a `for_each:` makes
    notes_loc: Location | None = None  # where the notes' text was written
    # the field whose items may run on to a next slide (the layout's `continues:`)
    continues: str = ""
    over_title: bool = False  # the layout may draw over the title (its `over_title:`)
    # where the notes' words were written (see `shapes.place_of`)
    notes_origins: Origins = field(default=(), compare=False)
    key: str = ""  # the content slide it came from: its id or `slides[N]`, and `/k` for the k-th of a `for_each:`
    # the footer's box and text size where its layout's would wrap the deck's footer, and a colour for it and
    # the slide number where the slide's own background needs one (model/footers.py); None: the layout's own
    footer_box: tuple[float, float, float, float] | None = None
    footer_size: float | None = None
    footer_color: str | None = (
        None  # its footer's and slide number's, where its own background needs one
    )


@dataclass(frozen=True)
class DeckInfo:
    """What a deck says of itself: its properties and language, its footer (rendered) and numbers."""

    title: str
    author: str
    date: dt.date
    language: str
    footer: str = ""
    slide_numbers: bool = False


@dataclass(frozen=True)
class DeckModel:
    """Everything the writer needs, and nothing it has to decide."""

    source: str
    meta: DeckInfo
    slides: tuple[SlideSpec, ...]
    template: Path | None
    template_loc: Location | None
    sources: tuple[str, ...] = ()  # every file the deck was made from, as `path sha256:hex`
    master: str = (
        ""  # the master it is built on, as `path sha256:hex` (`(built-in)` for make-deck's own)
    )
    # the data files read for charts and tables, by name
    tables: Mapping[str, Any] = field(default_factory=dict)
    vars: Mapping[str, Any] = field(default_factory=dict)  # the content's vars, rendered
    findings: tuple[Finding, ...] = ()  # what rendering found to warn about
    words: tuple[str, ...] = ()  # words the spelling check accepts in this deck (`words:`)


def build_model(deck: Deck, rendered: Rendered) -> DeckModel:
    """Turn each slide's layout output into a `SlideSpec`, collecting all problems."""
    errors: list[DeckError] = []
    slides = []
    raw_vars = {name for name, value in deck.var_nodes.items() if _asks_for_braces(value.plain())}
    # slides made so far from each content slide (a `for_each:` makes several)
    made: dict[int, int] = {}
    for slide in rendered.slides:
        made[slide.source.index] = made.get(slide.source.index, 0) + 1
        try:
            spec = _slide(slide, raw_vars)
            key = slide.source.id or f"slides[{slide.source.index + 1}]"
            slides.append(
                replace(
                    spec, key=f"{key}/{made[slide.source.index]}" if slide.source.for_each else key
                )
            )
        except DeckError as exc:
            errors.append(exc)
        except (Invalid, Invalids) as exc:
            errors.extend(output_error(slide, problem) for problem in problems_of(exc))
    raise_all(errors)
    meta = DeckInfo(
        deck.meta.title,
        deck.meta.author,
        deck.meta.date,
        deck.meta.language,
        rendered.footer,
        deck.meta.slide_numbers,
    )
    return DeckModel(
        deck.source,
        meta,
        tuple(slides),
        deck.template,
        deck.template_loc,
        vars=rendered.vars,
        findings=rendered.findings,
        words=deck.words,
    )


def _asks_for_braces(value: Any) -> bool:
    """Whether content uses `{% raw %}`: only then may `{{` or `{%` reach a slide (from that text, or through a
    var whose text uses it)."""
    if isinstance(value, str):
        return "{% raw" in value or "{%- raw" in value
    if isinstance(value, dict):
        return any(_asks_for_braces(v) for v in value.values())
    return isinstance(value, list) and any(_asks_for_braces(v) for v in value)


def _braces_asked(source: Any, raw_vars: set[str]) -> bool:
    """Whether a content value asked for literal braces: with `{% raw %}` itself, or through a var that did."""
    if not raw_vars:
        return _asks_for_braces(source)
    return _asks_for_braces(source) or any(
        name in raw_vars for name in re.findall(r"[A-Za-z_]\w*", str(source))
    )


def _slide(slide: RenderedSlide, raw_vars: set[str]) -> SlideSpec:
    data = OUTPUT.check(slide.data)
    fields = {
        name: _braces_asked(node.plain(), raw_vars) for name, node in slide.source.fields.items()
    }
    shapes = tuple(
        shape_of(item, i, slide, fields.get(item.get("field", "").split("[")[0], False))
        for i, item in enumerate(data.get("shapes") or [])
    )
    notes = slide.notes
    notes_source = slide.source.notes.plain() if slide.source.notes is not None else ""
    check_text(
        notes,
        slide.field_locs.get("notes", slide.source.loc),
        f"{slide_path(slide)}.notes",
        _braces_asked(notes_source, raw_vars),
    )
    return SlideSpec(
        number=slide.number,
        layout=slide.layout.name,
        master=data.get("master") or slide.layout.master,
        shapes=shapes,
        notes=notes,
        loc=slide.source.loc,
        background=data.get("background"),
        id=slide.source.id,
        notes_loc=slide.field_locs.get("notes"),
        notes_origins=slide.origins.get("notes", ()),
        continues=slide.layout.continues,
        over_title=slide.layout.over_title,
    )


# a title on the slides a long list or table runs on to
CONTINUED = {"nn": "(framhald)", "nb": "(forts.)"}


def continued(slide: SlideSpec, part: int, language: str) -> SlideSpec:
    """Part `part` (2, 3, ...) of a slide that runs on: its title marked as continued, no notes, a key of its own."""
    mark = CONTINUED.get(language.split("-")[0], CONTINUED["nb"])

    def marked(shape: Shape) -> Shape:
        if not is_title(shape):
            return shape
        paragraphs = shape.paragraphs or (Paragraph(""),)
        last = paragraphs[-1]
        return replace(
            shape, paragraphs=(*paragraphs[:-1], replace(last, text=f"{last.text} {mark}".strip()))
        )

    return replace(
        slide, shapes=tuple(marked(s) for s in slide.shapes), notes="", key=f"{slide.key}~{part}"
    )
