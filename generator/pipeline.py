"""The stages in order: content file to DeckModel, DeckModel to a written deck."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import language_findings, model_findings, theme_colors
from .editions import Sources, load_edition, shown
from .errors import DeckError, DeckErrors, Finding, Location, raise_all
from .layouts import builtin_dir, catalog, search_dirs
from .measure import fit_deck
from .model import DeckModel, build_model
from .render import renderer
from .schema import build_deck
from .writer import Master, check_contract, load_master, render_package, write_atomic


@dataclass(frozen=True)
class Options:
    """Where the project is and what may be read."""

    project: Path = field(default_factory=Path.cwd)
    allow: tuple[Path, ...] = ()
    template: Path | None = None
    strict: bool = False
    pdf: bool = False

    @property
    def sources(self) -> Sources:
        return Sources((self.project.resolve(), *(p.resolve() for p in self.allow)))


@dataclass(frozen=True)
class Built:
    """What one build wrote."""

    source: str
    output: Path
    slides: int
    findings: tuple[Finding, ...] = ()
    pdf: Path | None = None


@dataclass(frozen=True)
class Prepared:
    """A deck ready to write: its model, the master, and the warnings found so far."""

    model: DeckModel
    master: Master
    findings: tuple[Finding, ...]


def assemble(content: Path, options: Options) -> tuple[DeckModel, Master]:
    """Load, merge, check and render `content` into a model, and the master it needs; text not yet fitted."""
    dirs = search_dirs(options.project)
    tree = load_edition(content, options.sources)
    deck = build_deck(tree, catalog(dirs))
    rendered = renderer(dirs).render(deck)
    model = build_model(deck, rendered)
    master = _load_master(model, options)
    raise_all([*check_contract(model, master), *check_images(model, options.sources)])
    return model, master


def prepare(content: Path, options: Options) -> Prepared:
    """The model with its text fitted to the boxes, and the findings about it; nothing is written."""
    model, master = assemble(content, options)
    model, fitted = fit_deck(model, master)
    findings = (*fitted, *model_findings(model, theme_colors(master.data), master.path))
    return Prepared(model, master, findings)


def check_images(model: DeckModel, sources: Sources) -> list[DeckError]:
    """Every picture lies inside the project, exists and is an image PowerPoint can show."""
    errors = []
    for slide in model.slides:
        for shape in slide.shapes:
            if shape.image is None:
                continue
            loc = shape.loc or slide.loc
            try:
                path = sources.check(shape.image, loc, "image")
                if not path.is_file():
                    raise DeckError(f"image '{shown(shape.image)}' not found", loc, path=shape.field,
                                    hint="the path is relative to the content file")
                _verify_image(path, loc, shape.field)
            except DeckError as exc:
                errors.append(exc)
    return errors


def _verify_image(path: Path, loc: Location, field: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise DeckError(f"'{shown(path)}' is not a readable image ({exc})", loc, path=field) from None
    if kind not in ("PNG", "JPEG", "GIF", "BMP", "TIFF"):
        raise DeckError(f"'{shown(path)}' is a {kind} image; use PNG or JPEG", loc, path=field)


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
        raise DeckError(exc.problem, model.template_loc, path="template", hint=exc.hint,
                        also=exc.location) from None


def default_output(content: Path, project: Path) -> Path:
    """`build/<stem>.pptx` under the project folder."""
    name = content.name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return project / "build" / f"{name}.pptx"


@dataclass(frozen=True)
class Checked:
    """A deck made in memory and every finding about it."""

    model: DeckModel
    data: bytes
    findings: tuple[Finding, ...]


def check(content: Path, options: Options) -> Checked:
    """Make the deck in memory and run every check on the model and on the written package."""
    from .ooxml import package_findings

    prepared = prepare(content, options)
    model = prepared.model
    package = render_package(model, prepared.master)
    where = Location(model.source)
    findings = (*prepared.findings, *language_findings(package.parts, model.meta.language, where),
                *package_findings(package.parts, where))
    return Checked(model, package.data, findings)


def build(content: Path, output: Path, options: Options) -> Built:
    """Build one deck and write it atomically; on any error (or finding, with strict) nothing is written."""
    checked = check(content, options)
    if options.strict and checked.findings:
        raise DeckErrors([f.as_error() for f in checked.findings], "no deck written (--strict)")
    write_atomic(checked.data, output)
    pdf = None
    if options.pdf:
        from .office import to_pdf

        pdf = to_pdf(output, output.parent)
    return Built(checked.model.source, output, len(checked.model.slides), checked.findings, pdf)


@dataclass(frozen=True)
class Outcome:
    """One file of a batch: what was written, or the error lines that stopped it."""

    content: Path
    output: Path
    slides: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pdf: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def build_outcome(content: Path, output: Path, options: Options) -> Outcome:
    """Build one file of a batch; a content error becomes part of the outcome, not an exception."""
    try:
        built = build(content, output, options)
    except DeckError as exc:
        return Outcome(content, output, errors=tuple(e.line() for e in errors_of(exc)))
    return Outcome(content, output, built.slides, warnings=tuple(f.line() for f in built.findings), pdf=built.pdf)


def slide_texts(model: DeckModel) -> list[tuple[str, list[str]]]:
    """Each slide's heading (`3 statement`) and its text lines, notes last, for comparing editions."""
    out = []
    for slide in model.slides:
        lines = [p.text for shape in slide.shapes for p in shape.paragraphs if p.text.strip()]
        lines += [f"notes: {line}" for line in slide.notes.splitlines() if line.strip()]
        out.append((f"{slide.number} {slide.layout}", lines))
    return out


def diff_decks(a: Path, b: Path, options: Options) -> list[str]:
    """Slide by slide, how the texts of two content files differ (unified-diff style lines)."""
    import difflib

    left = slide_texts(prepare(a, options).model)
    right = slide_texts(prepare(b, options).model)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=[h.split(" ", 1)[1] for h, _ in left],
                                      b=[h.split(" ", 1)[1] for h, _ in right], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (ha, la), (hb, lb) in zip(left[i1:i2], right[j1:j2], strict=True):
                if la != lb:
                    out.append(f"@@ slide {ha} -> slide {hb}")
                    out += [line for line in difflib.ndiff(la, lb) if line[:1] in "-+"]
            continue
        for head, lines in left[i1:i2]:
            out.append(f"@@ slide {head} only in {shown(a)}")
            out += [f"- {line}" for line in lines]
        for head, lines in right[j1:j2]:
            out.append(f"@@ slide {head} only in {shown(b)}")
            out += [f"+ {line}" for line in lines]
    return out


def errors_of(exc: DeckError) -> tuple[DeckError, ...]:
    """The single errors inside a (possibly collected) `DeckError`."""
    return exc.errors if isinstance(exc, DeckErrors) else (exc,)
