"""The stages in order: content file to DeckModel, DeckModel to a written deck."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .editions import Sources, load_edition, shown
from .errors import DeckError, DeckErrors, Location, raise_all
from .layouts import builtin_dir, catalog, search_dirs
from .model import DeckModel, build_model
from .render import renderer
from .schema import build_deck
from .writer import Master, check_contract, load_master, render_pptx, write_atomic


@dataclass(frozen=True)
class Options:
    """Where the project is and what may be read."""

    project: Path = field(default_factory=Path.cwd)
    allow: tuple[Path, ...] = ()
    template: Path | None = None

    @property
    def sources(self) -> Sources:
        return Sources((self.project.resolve(), *(p.resolve() for p in self.allow)))


@dataclass(frozen=True)
class Built:
    """What one build wrote."""

    source: str
    output: Path
    slides: int


def prepare(content: Path, options: Options) -> tuple[DeckModel, Master]:
    """Load, merge, check and render `content`; nothing is written."""
    dirs = search_dirs(options.project)
    tree = load_edition(content, options.sources)
    deck = build_deck(tree, catalog(dirs))
    rendered = renderer(dirs).render(deck)
    model = build_model(deck, rendered)
    master = load_master(master_path(model, options))
    raise_all(check_contract(model, master))
    return model, master


def master_path(model: DeckModel, options: Options) -> Path:
    """The master to use: --template, then `template:` in content, then the project's, then the built-in."""
    if options.template is not None:
        return options.template.resolve()
    if model.template is not None:
        loc = model.template_loc or Location(model.source)
        path = options.sources.check(model.template, loc, "template")
        if not path.is_file():
            raise DeckError(f"template '{shown(model.template)}' not found", loc)
        return path
    own = options.project / "templates" / "base.pptx"
    return (own if own.is_file() else builtin_dir() / "base.pptx").resolve()


def default_output(content: Path, project: Path) -> Path:
    """`build/<stem>.pptx` under the project folder."""
    name = content.name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return project / "build" / f"{name}.pptx"


def build(content: Path, output: Path, options: Options) -> Built:
    """Build one deck and write it atomically; on any error nothing is written."""
    model, master = prepare(content, options)
    data = render_pptx(model, master)
    write_atomic(data, output)
    return Built(model.source, output, len(model.slides))


def errors_of(exc: DeckError) -> tuple[DeckError, ...]:
    """The single errors inside a (possibly collected) `DeckError`."""
    return exc.errors if isinstance(exc, DeckErrors) else (exc,)
