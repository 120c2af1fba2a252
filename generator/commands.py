"""The `make-deck` commands (click): build, check, diff, preview, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .buildrun import build_decks, prepare
from .buildrun import colour as _colour
from .buildrun import options as _options
from .buildrun import red as _red
from .errors import DeckError
from .errors import shown as _shown


class _DefaultBuild(click.Group):
    """`make-deck FILE...` means `make-deck build FILE...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DeckError as exc:  # printed by click as its own errors are, wherever the group is invoked from
            raise _Reported(exc) from None


class _Reported(click.ClickException):
    """A `DeckError` on its way out of click: its lines on stderr (red on a terminal), its exit status."""

    def __init__(self, error: DeckError) -> None:
        super().__init__(error.format_message())
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(_red(self.format_message()), file=file, err=True)


@click.group(cls=_DefaultBuild, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="make-deck", message="%(prog)s %(version)s")
def cli() -> None:
    """Build PowerPoint decks from YAML content and Jinja layouts.

    \b
    make-deck content/2019.yaml              writes build/2019.pptx
    make-deck content/*.yaml content/editions/*.yaml
    """


def _sources(function):  # noqa: ANN001, ANN202 - a click decorator
    """The options every command that reads content shares."""
    function = click.option("--allow-dir", "allow", multiple=True,
                            type=click.Path(file_okay=False, exists=True),
                            help="Also read files from this folder (extends, images, template).")(function)
    return click.option("--template", type=click.Path(dir_okay=False, exists=True),
                        help="A master .pptx to use instead of the content's or the built-in one.")(function)


def _content_files(content: tuple[Path, ...]) -> None:
    for path in content:
        if not path.is_file():
            raise click.BadParameter(f"'{path}' is not a file", param_hint="CONTENT")


@cli.command()
@click.argument("content", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Where to write the deck (one CONTENT only).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Build this many files at once, in separate processes.")
@click.option("--strict", is_flag=True, help="Treat warnings (overflow, contrast ...) as errors: write nothing.")
@click.option("--pdf", is_flag=True, help="Also write build/<name>.pdf through LibreOffice.")
@_sources
def build(content: tuple[Path, ...], output: Path | None, jobs: int, strict: bool, pdf: bool,
          template: str | None, allow: tuple[str, ...]) -> None:
    """Build each CONTENT file (.yaml) into build/<name>.pptx."""
    if output is not None and len(content) > 1:
        raise click.UsageError("-o/--output takes one CONTENT file")
    _content_files(content)
    build_decks(content, output, jobs, strict, pdf, template, allow)


@cli.command(name="check")
@click.argument("content", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 when there is any finding, not only on errors.")
@_sources
def check_command(content: tuple[Path, ...], strict: bool, template: str | None, allow: tuple[str, ...]) -> None:
    """Run every check on CONTENT without writing a deck: overflow, glyphs, accessibility, package."""
    from .pipeline import check, errors_of

    _content_files(content)
    options = _options(allow, template)
    failed = 0
    for path in content:
        try:
            checked = check(path, options)
        except DeckError as exc:
            failed += 1
            for error in errors_of(exc):
                click.echo(_red(error.line()), err=True)
            continue
        for finding in checked.findings:
            click.echo(finding.line())
        count = len(checked.findings)
        failed += bool(strict and count)
        click.echo(f"{_shown(path)}: {len(checked.model.slides)} slides, "
                   + (f"{count} finding{'s' if count != 1 else ''}" if count else "no findings"))
    if failed:
        raise SystemExit(1)


@cli.command()
@click.argument("content", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dpi", type=click.IntRange(20, 300), default=60, show_default=True, help="Resolution of the PNGs.")
@_sources
def preview(content: tuple[Path, ...], dpi: int, template: str | None, allow: tuple[str, ...]) -> None:
    """Render CONTENT through LibreOffice: a PNG per slide and a contact sheet in build/<name>/."""
    import tempfile

    from .office import contact_sheet, to_pdf, to_pngs
    from .pipeline import build as build_one
    from .pipeline import default_output

    _content_files(content)
    options = _options(allow, template)
    for path in content:
        folder = default_output(path, options.project).with_suffix("")
        with tempfile.TemporaryDirectory(prefix="make-deck-preview-") as tmp:
            deck = Path(tmp) / f"{folder.name}.pptx"
            build_one(path, deck, options)
            pngs = to_pngs(to_pdf(deck, Path(tmp)), folder, dpi)
        sheet = contact_sheet(pngs, folder / "contact-sheet.png")
        click.echo(f"wrote {len(pngs)} slides and {_shown(sheet)}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of content files (for editors: yaml-language-server)."""
    import json

    from .jsonschema import content_schema
    from .layouts import catalog, search_dirs

    click.echo(json.dumps(content_schema(catalog(search_dirs(Path.cwd()))), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("a", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("b", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_sources
def diff(a: Path, b: Path, template: str | None, allow: tuple[str, ...]) -> None:
    """Show, slide by slide, how the texts of two content files differ."""
    from .pipeline import diff_decks

    lines = diff_decks(a, b, _options(allow, template))
    if not lines:
        click.echo("no differences in slide texts")
    for line in lines:
        color = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan"
        click.echo(click.style(line, fg=color) if _colour() else line)


def run(args: list[str]) -> None:
    """Run the commands on `args`: exit 0 built, 1 content error, 2 usage error; never a traceback."""
    if args and args[0] != "schema" and not {"-h", "--help", "--version"} & set(args):
        prepare()  # the collector settings every build runs with (buildrun.prepare)
    try:
        cli.main(args=args, prog_name="make-deck", standalone_mode=False)
    except DeckError as exc:
        click.echo(_red(exc.format_message()), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug, but the user gets a line, not a traceback
        click.echo(f"make-deck: internal error: {type(exc).__name__}: {exc} "
                   "(please report this with the content file)", err=True)
        sys.exit(3)
    sys.exit(0)


def help_text() -> str:
    """`make-deck --help` as click writes it (80 columns)."""
    with click.Context(cli, info_name="make-deck", terminal_width=80, max_content_width=80,
                       **cli.context_settings) as ctx:
        return cli.get_help(ctx) + "\n"
