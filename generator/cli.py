"""The `make-deck` command: build decks, and tools around them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DeckError

SUBCOMMANDS = ("build", "diff", "schema", "check", "preview")


class _DefaultBuild(click.Group):
    """`make-deck FILE...` means `make-deck build FILE...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultBuild, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="make-deck", message="%(prog)s %(version)s")
def cli() -> None:
    """Build PowerPoint decks from YAML content and Jinja layouts.

    \b
    make-deck content/2019.yaml              writes build/2019.pptx
    make-deck content/*.yaml content/editions/*.yaml
    """


def _options(allow: tuple[str, ...], template: str | None):  # noqa: ANN202
    from .pipeline import Options

    return Options(
        project=Path.cwd(),
        allow=tuple(Path(a) for a in allow),
        template=Path(template) if template else None,
    )


@cli.command()
@click.argument("content", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Where to write the deck (one CONTENT only).")
@click.option("--template", type=click.Path(dir_okay=False, exists=True), help="A master .pptx to use instead.")
@click.option("--allow-dir", "allow", multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Also read files from this folder (extends, images).")
def build(content: tuple[Path, ...], output: Path | None, template: str | None, allow: tuple[str, ...]) -> None:
    """Build CONTENT (a .yaml file) into build/<name>.pptx."""
    from .pipeline import build as build_one
    from .pipeline import default_output

    if output is not None and len(content) > 1:
        raise click.UsageError("-o/--output takes one CONTENT file")
    options = _options(allow, template)
    content_file = content[0]
    target = output or default_output(content_file, options.project)
    built = build_one(content_file, target, options)
    click.echo(f"wrote {_shown(built.output)} ({built.slides} slides)")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main() -> None:
    """Entry point: exit 0 built, 1 content error, 2 usage error; never a traceback."""
    try:
        cli.main(prog_name="make-deck", standalone_mode=False)
    except DeckError as exc:
        exc.show()
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
