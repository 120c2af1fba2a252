"""The stages in order: content file to DeckModel, DeckModel to a written deck."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .checks import language_findings, model_findings
from .editions import Sources, load_edition
from .errors import DeckError, DeckErrors, DeckUsageError, Finding, Location, raise_all, shown
from .layouts import builtin_dir, catalog, search_dirs
from .master import Master, load_master
from .measure import fit_deck
from .model import DeckModel, build_model
from .package import write_atomic
from .pictures import read_picture
from .render import renderer
from .schema import build_deck
from .writer import check_contract, render_package


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
    findings = (*fitted, *model_findings(model, master.theme_colors, master.path))
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
        raise DeckError(exc.problem, model.template_loc, path="template", hint=exc.hint,
                        also=exc.location) from None


def default_output(content: Path, project: Path) -> Path:
    """`build/<stem>.pptx` under the project folder."""
    name = content.name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return project / "build" / f"{name}.pptx"


def output_paths(content: Sequence[Path], output: Path | None, project: Path) -> list[Path]:
    """Where each content file's deck goes: `output`, or build/<stem>.pptx in the project (the folder made when
    missing). Never onto a content file, nor two decks onto one file."""
    if output is not None:
        targets = [output]
    else:
        build = project / "build"
        if build.is_symlink() or (build.exists() and not build.resolve().is_relative_to(project.resolve())):
            raise DeckUsageError("build/ leads outside the project folder", Location(shown(build)),
                                 hint="remove the link, or choose the output with -o")
        build.mkdir(exist_ok=True)
        targets = [default_output(c, project) for c in content]
    sources = {c.resolve(): c for c in content}
    seen: dict[Path, Path] = {}
    for source, target in zip(content, targets, strict=True):
        resolved = target.resolve()
        if resolved in sources or resolved.suffix.lower() in (".yaml", ".yml"):
            raise DeckUsageError("the output would replace a content file", Location(str(target)),
                                 hint="name a .pptx file")
        if resolved in seen:
            raise DeckUsageError(f"{shown(seen[resolved])} and {shown(source)} would both be written to "
                                 f"{shown(target)}", Location(str(target)),
                                 hint="rename one of them, or build them one at a time with -o")
        seen[resolved] = source
    return targets


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


@dataclass(frozen=True)
class Outcome:
    """One content file built in memory: the deck's bytes (and its PDF's), or the error lines that stopped it."""

    content: Path
    output: Path
    data: bytes = b""
    pdf: bytes | None = None
    slides: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pdf_error: str = ""  # the deck was made, its PDF was not

    @property
    def ok(self) -> bool:
        return not self.errors and not self.pdf_error


def make(content: Path, output: Path, options: Options) -> Outcome:
    """Build one deck in memory, without writing it; a content error becomes part of the outcome. Nothing here
    writes where the user looks: a batch's processes hand their decks to the one that writes them."""
    try:
        checked = check(content, options)
        if options.strict and checked.findings:
            raise DeckErrors([f.as_error() for f in checked.findings], "no deck written (--strict)")
    except DeckError as exc:
        collected = exc if isinstance(exc, DeckErrors) else DeckErrors([exc])
        return Outcome(content, output, errors=(collected.format_message(),))
    pdf, pdf_error = None, ""
    if options.pdf:
        try:
            pdf = _pdf(checked.data, output.stem)
        except DeckError as exc:
            pdf_error = f"{output.with_suffix('.pdf')}: not written: {exc.format_message()}"
    return Outcome(content, output, checked.data, pdf, len(checked.model.slides),
                   warnings=tuple(f.line() for f in checked.findings), pdf_error=pdf_error)


def _pdf(data: bytes, stem: str) -> bytes:
    """The deck rendered to PDF by LibreOffice, in a folder of its own."""
    import tempfile

    from .office import to_pdf

    with tempfile.TemporaryDirectory(prefix="make-deck-pdf-") as folder:
        deck = Path(folder) / f"{stem}.pptx"
        deck.write_bytes(data)
        return to_pdf(deck, Path(folder)).read_bytes()


def write_outcome(outcome: Outcome) -> Path | None:
    """Write a built deck (and its PDF) atomically; the PDF's path, if any."""
    write_atomic(outcome.data, outcome.output)
    if outcome.pdf is None:
        return None
    pdf = outcome.output.with_suffix(".pdf")
    write_atomic(outcome.pdf, pdf)
    return pdf


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
