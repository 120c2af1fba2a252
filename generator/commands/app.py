"""The `make-deck` command (click): build, check, diff, preview, serve, schema, template; exit 0, 1 or 2."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from generator import __version__
from generator.errors import DeckError, counted, printable, shown
from generator.stops import Terminated, stop_in

if TYPE_CHECKING:
    from generator.pipeline.jobs import Options
    from generator.pipeline.stages import Outcome


def _terminate(signum: int, frame: object) -> NoReturn:
    raise Terminated


class _DefaultBuild(click.Group):
    """`make-deck FILE...` means `make-deck build FILE...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["build", *args]
        with _escaped():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        with _escaped():
            try:
                return super().invoke(ctx)
            # shown as click shows its own errors, with the error's exit status
            except DeckError as exc:
                raise _Reported(exc) from None


@contextlib.contextmanager
def _escaped() -> Iterator[None]:
    """Click's own errors quote what was typed (`No such option`, `Got unexpected extra argument (...)`): their
    control characters as escapes, as in every other message."""
    try:
        yield
    except click.ClickException as exc:
        exc.message = _printable_lines(exc.message)
        raise


class _Reported(click.ClickException):
    """A `DeckError` on its way out of click: its lines on stderr (red on a terminal), its exit status."""

    def __init__(self, error: DeckError) -> None:
        super().__init__(error.format_message())
        self.exit_code = error.exit_code

    def show(self, file: object = None) -> None:
        _say(self.format_message(), err=True, fg="red")


@click.group(cls=_DefaultBuild, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="make-deck", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Build PowerPoint decks from YAML content and Jinja layouts.

    \b
    make-deck content/2019.yaml              writes build/2019.pptx
    make-deck content/*.yaml content/editions/*.yaml -j 2
    """


def main(argv: list[str] | None = None) -> NoReturn:
    """The entry point: exit 0 built, 1 a problem in the content, 2 a usage error, 130/143 interrupted; never a
    traceback."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(args=argv, prog_name="make-deck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        _stopped("interrupted", 130)
    except Terminated:
        _stopped("terminated", 143)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - a bug, but the user gets a line, not a traceback
        stop = stop_in(exc)
        if stop is not None:  # Ctrl-C while a command imported what it needs
            _stopped(
                *(("terminated", 143) if isinstance(stop, Terminated) else ("interrupted", 130))
            )
        _say(
            f"make-deck: internal error: {type(exc).__name__}: {exc} (please report this with the content file)",
            err=True,
        )
        sys.exit(3)
    sys.exit(0)


def _stopped(what: str, code: int) -> NoReturn:
    _say(f"make-deck: {what}; every deck is as it was or complete", err=True)
    sys.exit(code)


def _quiet_stdout() -> None:
    """After a closed pipe on stdout: no second error when Python flushes it at exit (Python's own advice)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _printable_lines(text: str) -> str:
    """Each line of `text` with its control characters as escapes: text from outside (a deck, a file, the
    command line) never reaches the terminal raw, whoever quoted it."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _say(text: str, err: bool = False, fg: str | None = None) -> None:
    """Lines on stdout (or stderr), escaped as `printable` escapes them: in colour only on a terminal, and never
    when NO_COLOR is set."""
    text = _printable_lines(text)
    plain = bool(os.environ.get("NO_COLOR"))
    click.echo(
        click.style(text, fg=fg) if fg and not plain else text,
        err=err,
        color=False if plain else None,
    )


def _sources(function):  # noqa: ANN001, ANN202 - a click decorator
    """The options every command that reads content shares."""
    function = click.option(
        "--audience",
        help="Build the deck for this audience: slides for others are left out (over the content's `audience:`).",
    )(function)
    function = click.option(
        "--county",
        help="Build the deck for this county (SSB's number), over the content's "
        "`county:`; one deck of a `counties:` file.",
    )(function)
    function = click.option(
        "--allow-dir",
        "allow",
        multiple=True,
        type=click.Path(file_okay=False, exists=True),
        help="Also read files from this folder (extends, images, template).",
    )(function)
    return click.option(
        "--template",
        type=click.Path(dir_okay=False, exists=True),
        help="A master .pptx to use instead of the content's or the built-in one.",
    )(function)


def _options(
    allow: tuple[str, ...] = (),
    template: str | None = None,
    strict: bool = False,
    pdf: bool = False,
    audience: str | None = None,
    county: str | None = None,
) -> Options:
    from generator.pipeline.jobs import Options

    return Options(
        project=Path.cwd(),
        allow=tuple(Path(a) for a in allow),
        template=Path(template) if template else None,
        strict=strict,
        pdf=pdf,
        audience=audience,
        county=county.zfill(2) if county and county.isdigit() else county,
    )


def _content_files(content: tuple[Path, ...]) -> None:
    for path in content:
        if not path.is_file():
            raise click.BadParameter(f"'{path}' is not a file", param_hint="CONTENT")


CONTENT = click.argument(
    "content", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)


@cli.command()
@CONTENT
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write the deck (one CONTENT only).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Build this many files at once, in separate processes.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (overflow, contrast ...) as errors: write nothing.",
)
@click.option("--pdf", is_flag=True, help="Also write build/<name>.pdf through LibreOffice.")
@_sources
def build(
    content: tuple[Path, ...],
    output: Path | None,
    jobs: int,
    strict: bool,
    pdf: bool,
    template: str | None,
    allow: tuple[str, ...],
    audience: str | None,
    county: str | None,
) -> None:
    """Build each CONTENT file (.yaml) into build/<name>.pptx."""
    if output is not None and len(content) > 1:
        raise click.UsageError("-o/--output takes one CONTENT file")
    _content_files(content)
    from generator.pipeline.batch import build_all, collect_less

    if jobs == 1:
        collect_less()  # before the content is read: a pool's workers do it as they start
    from generator.pipeline.jobs import plan
    from generator.pipeline.stages import write_outcome

    planned = plan(content, output, _options(allow, template, strict, pdf, audience, county))
    progress = _Progress(len(planned))
    outcomes = build_all(planned, jobs, progress.step)
    progress.done()
    failed = [o for o in outcomes if not _report(o, write_outcome)]
    if len(outcomes) > 1:
        _say(
            f"{len(outcomes) - len(failed)} of {len(outcomes)} decks built"
            + (f", {len(failed)} failed: {', '.join(o.label for o in failed)}" if failed else "")
        )
    if failed:
        raise SystemExit(1)


def _report(outcome: Outcome, write) -> bool:  # noqa: ANN001 - pipeline.write_outcome
    """Write one deck and say so: errors and warnings on stderr, `wrote ...` on stdout; whether all went well."""
    for line in outcome.errors:
        _say(line, err=True, fg="red")
    if outcome.errors:
        return False
    for line in outcome.warnings:
        _say(f"warning: {line}", err=True, fg="yellow")
    try:
        pdf = write(outcome)
    except DeckError as exc:
        _say(exc.format_message(), err=True, fg="red")
        return False
    count = len(outcome.warnings)
    extra = f", {counted(count, 'warning')}" if count else ""
    _say(f"wrote {shown(outcome.output)} ({counted(outcome.slides, 'slide')}{extra})")
    if pdf is not None:
        _say(f"wrote {shown(pdf)}")
    if outcome.pdf_error:
        _say(outcome.pdf_error, err=True, fg="red")
    return outcome.ok


class _Progress:
    """`[3/100]` on a terminal's stderr while a batch runs; nothing when piped."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.live = total > 1 and sys.stderr.isatty()

    def step(self, outcome: Outcome) -> None:
        self.count += 1
        if self.live:
            click.echo(
                f"\r[{self.count}/{self.total}] {printable(outcome.content.name)[:60]:<60}",
                err=True,
                nl=False,
            )

    def done(self) -> None:
        if self.live:
            click.echo("\r" + " " * 70 + "\r", err=True, nl=False)


@cli.command(name="check")
@CONTENT
@click.option(
    "--strict", is_flag=True, help="Exit 1 when there is any finding, not only on errors."
)
@_sources
def check_command(
    content: tuple[Path, ...],
    strict: bool,
    template: str | None,
    allow: tuple[str, ...],
    audience: str | None,
    county: str | None,
) -> None:
    """Run every check on CONTENT without writing a deck: overflow, glyphs, spelling, accessibility, package."""
    from generator.errors import errors_of
    from generator.pipeline.jobs import plan
    from generator.pipeline.stages import check, named

    _content_files(content)
    failed = 0
    for job in plan(
        content, None, _options(allow, template, audience=audience, county=county), write=False
    ):
        try:
            checked = check(job.content, job.options, spelling=True)
        except DeckError as exc:
            failed += 1
            for error in errors_of(exc):
                _say(named(error.format_message(), job), err=True, fg="red")
            continue
        for finding in checked.findings:
            _say(named(finding.line(), job))
        count = len(checked.findings)
        failed += bool(strict and count)
        slides = len(checked.model.slides)
        _say(
            f"{job.label}: {counted(slides, 'slide')}, "
            + (counted(count, "finding") if count else "no findings")
        )
    if failed:
        raise SystemExit(1)


@cli.command()
@CONTENT
@click.option(
    "--dpi",
    type=click.IntRange(20, 300),
    default=60,
    show_default=True,
    help="Resolution of the PNGs.",
)
@click.option(
    "--html",
    is_flag=True,
    help="Write the page `make-deck serve` shows instead, as build/<name>/index.html.",
)
@_sources
def preview(
    content: tuple[Path, ...],
    dpi: int,
    html: bool,
    template: str | None,
    allow: tuple[str, ...],
    audience: str | None,
    county: str | None,
) -> None:
    """Render CONTENT through LibreOffice: a PNG per slide and a contact sheet in build/<name>/."""
    import tempfile

    from generator.checks.libreoffice import contact_sheet, to_pdf, to_pngs
    from generator.errors import Location
    from generator.pipeline.jobs import plan
    from generator.pipeline.stages import check

    _content_files(content)
    for job in plan(
        content, None, _options(allow, template, audience=audience, county=county), write=html
    ):
        if html:
            from generator.preview.page import write_page

            _say(f"wrote {shown(write_page(job))}")
            continue
        folder = job.output.with_suffix("")
        checked = check(job.content, job.options)
        # the deck is converted from a copy in a folder that is gone when a message is read: messages name the
        # content file the user asked for
        where = Location(job.label)
        with tempfile.TemporaryDirectory(prefix="make-deck-preview-") as tmp:
            deck = Path(tmp) / f"{folder.name}.pptx"
            deck.write_bytes(checked.data)
            pdf = to_pdf(deck, Path(tmp), where=where)
            pngs = to_pngs(pdf, folder, dpi, where=where)
        sheet = contact_sheet(pngs, folder / "contact-sheet.png")
        _say(f"wrote {len(pngs)} slides and {shown(sheet)}")


@cli.command()
@CONTENT
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="The port (default: a free one)."
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser.")
@_sources
def serve(
    content: tuple[Path, ...],
    port: int,
    open_page: bool,
    template: str | None,
    allow: tuple[str, ...],
    audience: str | None,
    county: str | None,
) -> None:
    """Show CONTENT's slides as a page on 127.0.0.1, drawn from the deck and redrawn on every save."""
    from generator.pipeline.jobs import plan
    from generator.preview.serve import serve as serve_decks

    _content_files(content)
    jobs = plan(
        content, None, _options(allow, template, audience=audience, county=county), write=False
    )
    try:
        serve_decks(jobs, port, _say, open_page, lambda text: _say(text, err=True, fg="red"))
    except (KeyboardInterrupt, Terminated):
        _say("make-deck serve: stopped", err=True)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--county",
    required=True,
    help="The county: SSB's number (34) or its name (Innlandet).",
)
@click.option(
    "--year", type=int, required=True, help="The year of the county division (2020 or 2024)."
)
@click.option(
    "--from",
    "base",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("content/2019.yaml"),
    show_default=True,
    help="The talk the edition extends (inside the edition's project).",
)
@click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day of the talk, YYYY-MM-DD (without it, a placeholder `check` reports).",
)
@click.option("--event", help="The event's name (without it, a placeholder `check` reports).")
def new(path: Path, county: str, year: int, base: Path, date: object, event: str | None) -> None:
    """Write a new edition for a county: the register's data filled in, TODO where text is to be written."""
    from generator.content.editions import Sources, find_project
    from generator.errors import DeckUsageError, Location
    from generator.norway.scaffold import write_edition

    project = find_project(path)
    if Sources((project,)).inside(base) is None:
        raise DeckUsageError(
            f"--from: '{base}' lies outside the project of the new edition ({shown(project) or '.'})",
            Location("command line"),
            hint="name a talk inside the project, e.g. --from content/2019.yaml",
        )
    if base.suffix.lower() not in (".yaml", ".yml"):
        raise DeckUsageError(
            f"--from: '{base}' is not a content file (.yaml)",
            Location("command line"),
            hint="name the talk the edition extends, e.g. --from content/2019.yaml",
        )
    if event is not None and not event.strip():
        raise DeckUsageError("--event: the event's name is empty", Location("command line"))
    day = date.date() if date is not None else None  # type: ignore[attr-defined]
    write_edition(path, base, county, year, day, (event or "").strip())
    _say(f"wrote {shown(path)}; write the TODOs, then: make-deck check {shown(path)}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of content files (for editors: yaml-language-server)."""
    from generator.content.editorschema import project_schema

    click.echo(project_schema(Path.cwd()), nl=False)


@cli.command()
@click.argument("a", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("b", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_sources
def diff(
    a: Path,
    b: Path,
    template: str | None,
    allow: tuple[str, ...],
    audience: str | None,
    county: str | None,
) -> None:
    """Show, slide by slide, how the texts of two content files differ; exit 1 when they do."""
    from generator.preflight.contentdiff import diff_decks

    lines = diff_decks(a, b, _options(allow, template, audience=audience, county=county))
    if not lines:
        _say("no differences in slide texts")
    for line in lines:
        _say(line, fg=_DIFF_COLOURS.get(line[:1], "cyan"))
    if lines:
        raise SystemExit(1)


_DIFF_COLOURS = {"+": "green", "-": "red"}  # a line added, a line gone; the rest is context


@cli.group()
def template() -> None:
    """Look at a PowerPoint master before building on it."""


@template.command(name="check")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--content",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A content file to build on the master (repeatable); without it, every content file under "
    "content/.",
)
@click.option(
    "--county",
    help="Build only this county's deck (SSB's number) of a `counties:` file.",
)
def template_check(file: Path, content: tuple[Path, ...], county: str | None) -> None:
    """Report what the master FILE gives the layouts (slide size, the master layout each layout is built on
    and why, fonts make-deck can measure, colour contrast, what it lacks) and build the content on it in
    memory; exit 1 exactly when a build on it would fail."""
    from generator.preflight.templatecheck import check_template

    county = county.zfill(2) if county and county.isdigit() else county
    report = check_template(file, Path.cwd(), content or None, county)
    for line in report.lines:
        _say(line)
    for line in report.warnings:
        _say(f"warning: {line}", err=True, fg="yellow")
    for error in report.errors:
        _say(error.format_message(), err=True, fg="red")
    if report.errors:
        count = len(report.errors)
        _say(
            f"{counted(count, 'error')}, the master cannot be used as it is",
            err=True,
            fg="red",
        )
        raise SystemExit(1)


@cli.command()
@click.argument("deck", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--content",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The content file the deck was built from (found from the deck's sources without it).",
)
@click.option(
    "--into",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Write every edit as a patch in this content file (an edition the deck was made from): slide "
    "fields as slide patches by id, vars as its own vars. Without it, each value is patched where it "
    "is written, which may be the talk every edition extends.",
)
@click.option(
    "--against",
    metavar="REV",
    help="Rebuild from the content files as they were at this git revision.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Compare with the content files (and master) as they are now, though they changed; with "
    "--apply, write even when a file that builds on the patched ones would break or change "
    "in a way the patched file does not.",
)
@click.option(
    "--apply",
    "write",
    is_flag=True,
    help="Write the patches into the content files; a patch that does not apply is refused on its "
    "own, and nothing is written when another content file would no longer build, or would "
    "change in a way the patched file's own deck does not.",
)
@_sources
def harvest(
    deck: Path,
    content: Path | None,
    into: Path | None,
    against: str | None,
    force: bool,
    write: bool,
    template: str | None,
    allow: tuple[str, ...],
    audience: str | None,
    county: str | None,
) -> None:
    """Compare a speaker's edited DECK with what was handed over; print its changes as patches to the YAML,
    each at the file and line it writes."""
    from generator.harvest.applying import apply_harvest
    from generator.harvest.patches import harvest as harvest_deck

    options = _options(allow, template, audience=audience, county=county)
    result = harvest_deck(deck, options, content, against, force, into)
    for line in result.lines():
        _say(line, fg="cyan" if line.startswith("info:") else None)
    if not (write and result.edits):
        return
    applied = apply_harvest(result, options, force)
    for error in applied.broken:
        _say(
            f"warning: written all the same (--force): {error.format_message()}",
            err=True,
            fg="yellow",
        )
    for name in applied.written:
        _say(f"wrote {name}")
    for error in applied.refused:
        _say(error.format_message(), err=True, fg="red")
    if applied.refused:
        count = len(applied.refused)
        _say(
            f"{count} patch{'es' if count != 1 else ''} refused, "
            + ("the others written" if applied.written else "nothing written"),
            err=True,
            fg="red",
        )
        raise SystemExit(1)
