"""The `make-deck` entry point: --version and --help at once, a plain build without click, the rest to the commands."""

from __future__ import annotations

import sys

from . import __version__

# `make-deck --help`, written out so that it needs no import; tests/test_cli.py keeps it in step with the commands.
HELP = """\
Usage: make-deck [OPTIONS] CONTENT...
       make-deck COMMAND [ARGS]...

  Build PowerPoint decks from YAML content and Jinja layouts.

  make-deck content/2019.yaml              writes build/2019.pptx
  make-deck content/*.yaml content/editions/*.yaml -j 2

Options:
  --version   Show the version and exit.
  -h, --help  Show this message and exit.

Commands:
  build    Build each CONTENT file (.yaml) into build/<name>.pptx (the default).
  check    Run every check on CONTENT without writing a deck.
  diff     Show, slide by slide, how the texts of two content files differ.
  preview  Render CONTENT through LibreOffice: a PNG per slide and a contact sheet.
  schema   Print the JSON Schema of content files (for editors).

  make-deck COMMAND --help shows a command's options.
"""


def main(argv: list[str] | None = None) -> None:
    """Entry point: exit 0 built, 1 content error, 2 usage error; never a traceback."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        print(f"make-deck {__version__}")  # print: nothing, not an error, when started with stdout closed
        sys.exit(0)
    if args in (["--help"], ["-h"]):
        print(HELP, end="")
        sys.exit(0)
    from .buildrun import plain_build, run_plain

    plain = plain_build(args)  # `make-deck [build] CONTENT... [-o OUT] [-j N] [--strict] [--pdf]`, as click reads it
    if plain is not None:
        run_plain(plain)  # importing click would cost 30-40 ms
    from .commands import run

    run(args)


def entry() -> None:
    """The `make-deck` command: `main`, then out without tearing the interpreter down, which frees every object
    of every module one by one (30-50 ms after a build) for a process that is ending anyway. Exit handlers run
    and the standard streams are flushed first, as at a normal exit."""
    import atexit
    import os

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):  # sys.exit(None) or sys.exit("message"), as Python itself reads them
        if code is not None:
            sys.stderr.write(f"{code}\n")
        code = 0 if code is None else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: Python's own exit would report 120
            code = code or 120
    os._exit(code)


def __getattr__(name: str) -> object:
    """`generator.cli.cli`, the click group, imported only when asked for."""
    if name == "cli":
        from .commands import cli

        return cli
    raise AttributeError(name)
