"""`make-deck build` without click: the build's work and output, shared with the click command, and a fast path."""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from .errors import DeckError, shown

if TYPE_CHECKING:
    from .pipeline import Options, Outcome

_OTHER_COMMANDS = ("check", "diff", "preview", "schema")
_COLOURS = {"red": 31, "yellow": 33}


@dataclass(frozen=True)
class Plain:
    """A `make-deck [build] CONTENT... [-o OUT] [-j N] [--strict] [--pdf]` that click would accept as it is."""

    content: tuple[Path, ...]
    output: Path | None = None
    jobs: int = 1
    strict: bool = False
    pdf: bool = False


def plain_build(args: Sequence[str]) -> Plain | None:
    """The build `args` ask for, or None for anything click should see: other commands, other options, `--`,
    an option twice, a value click would reject or read differently, a CONTENT that is not a readable file."""
    if not args or args[0] in _OTHER_COMMANDS or os.environ.get("_MAKE_DECK_COMPLETE"):
        return None  # click answers shell completion requests before parsing anything
    rest = args[1:] if args[0] == "build" else args
    content: list[str] = []
    values: dict[str, str] = {}
    flags: set[str] = set()
    index = 0
    while index < len(rest):
        arg = rest[index]
        index += 1
        if "\0" in arg:
            return None
        if not arg.startswith("-"):
            content.append(arg)
            continue
        if arg in ("--strict", "--pdf"):
            if arg in flags:
                return None
            flags.add(arg)
            continue
        if arg.startswith("--"):  # --output X, --output=X, --jobs N, --jobs=N
            name, equals, value = arg.partition("=")
            if name not in ("--output", "--jobs"):
                return None
            attached = value if equals else None
        elif arg[1:2] in ("o", "j"):  # -o X, -oX, -j N, -jN (click reads `-o=X` as "=X": left to click)
            name, attached = arg[:2], arg[2:] or None
        else:
            return None
        if attached is None:
            if index == len(rest):
                return None
            attached = rest[index]
            index += 1
        key = name.lstrip("-")[0]
        if key in values or not attached or attached.startswith(("-", "=")) or "\0" in attached:
            return None
        values[key] = attached
    if not content or ("o" in values and len(content) > 1):
        return None
    jobs = values.get("j", "1")
    if not (jobs.isascii() and jobs.isdigit() and 1 <= int(jobs) <= 64):
        return None
    if not all(os.path.isfile(path) and os.access(path, os.R_OK) for path in content):
        return None
    output = values.get("o")
    if output is not None:
        try:
            os.stat(output)
        except OSError:
            pass
        except ValueError:  # a string no path can be: click's own os.stat raises too
            return None
        else:
            if not os.access(output, os.R_OK):  # click.Path(readable=True) refuses an existing unreadable path
                return None
    return Plain(tuple(Path(path) for path in content), None if output is None else Path(output), int(jobs),
                 "--strict" in flags, "--pdf" in flags)


class _Aborted(Exception):
    """click.Abort's part in the fast path: a Ctrl-C during the build."""


class _PacifyFlush:
    """A standard stream whose flush ignores a closed pipe (click's PacifyFlushWrapper)."""

    def __init__(self, wrapped: IO[str]) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        import errno

        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> object:
        return getattr(self.wrapped, name)


def run_plain(plain: Plain) -> NoReturn:
    """Build as `commands.run` does for the same arguments, with the same output and exit status."""
    import errno

    try:
        try:
            build_decks(plain.content, plain.output, plain.jobs, plain.strict, plain.pdf)
        except (EOFError, KeyboardInterrupt):  # what click's main does with them
            echo(file=sys.stderr)
            raise _Aborted from None
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            sys.stdout = _PacifyFlush(sys.stdout)  # as click's main: no second error when Python flushes at exit
            sys.stderr = _PacifyFlush(sys.stderr)
            sys.exit(1)
    except DeckError as exc:
        echo(red(exc.format_message()), err=True)
        sys.exit(exc.exit_code)
    except _Aborted:
        echo("aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug, but the user gets a line, not a traceback
        echo(f"make-deck: internal error: {type(exc).__name__}: {exc} "
             "(please report this with the content file)", err=True)
        sys.exit(3)
    sys.exit(0)


# Modules python-pptx imports that a build does not use unless a deck has pictures: xml.sax.saxutils imports
# urllib.request for one function python-pptx never calls, and with it http, email and ssl (together about 50 ms);
# PIL.Image is read only for a picture's size and format; PIL.ImageFont (which loads FreeType) only by python-pptx's
# fit_text, which make-deck does not call: it measures text with its own font metrics.
DEFERRED = ("urllib.request", "PIL.Image", "PIL.ImageFont")


def prepare() -> None:
    """Before a build: import the pipeline with the collector off, then freeze what the imports made (modules,
    classes, functions: never garbage) so no collection walks it again, and collect the young generation less
    often; together about 40 ms of a 13-slide build's 45 ms in the collector. DEFERRED modules are imported
    when first used."""
    import gc

    gc.disable()
    for name in DEFERRED:
        defer_import(name)
    from . import pipeline  # noqa: F401
    gc.freeze()
    gc.enable()
    gc.set_threshold(10_000, 10, 10)


def defer_import(name: str) -> None:
    """Put module `name` in sys.modules without running it: it runs when an attribute is first read from it.
    (importlib.util.LazyLoader runs it already when an `import` statement meets it in sys.modules.)"""
    import importlib.util

    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _Deferred
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


class _Deferred(type(sys)):
    """A module not yet run; reading an attribute it lacks, or dir(), runs it, in place, as the import system
    would have. Run by importlib.reload before that, it is run already."""

    def __getattr__(self, attr: str) -> object:
        self._run()
        return getattr(self, attr)

    def __dir__(self) -> list[str]:
        self._run()
        return dir(self)

    def _run(self) -> None:
        self.__class__ = type(sys)
        if "__builtins__" in vars(self):  # every module that has run has it
            return
        try:
            self.__spec__.loader.exec_module(self)
        except BaseException:
            sys.modules.pop(self.__name__, None)  # as after a failed import: the next import tries again
            parent, _, child = self.__name__.rpartition(".")
            if parent and getattr(sys.modules.get(parent), child, None) is self:
                delattr(sys.modules[parent], child)
            raise


def builder(allow: Sequence[str], template: str | None, strict: bool, pdf: bool) -> Callable[[Path], Outcome]:
    """What builds one file of a batch, in each of its processes: the imports, then a function of the file."""
    prepare()
    from .pipeline import build_outcome, default_output

    settings = options(allow, template, strict, pdf)
    return lambda content: build_outcome(content, default_output(content, settings.project), settings)


def options(allow: Sequence[str] = (), template: str | None = None, strict: bool = False,
            pdf: bool = False) -> Options:
    """The pipeline's options for the current folder as the project."""
    from .pipeline import Options

    return Options(
        project=Path.cwd(),
        allow=tuple(Path(a) for a in allow),
        template=Path(template) if template else None,
        strict=strict,
        pdf=pdf,
    )


def build_decks(content: Sequence[Path], output: Path | None, jobs: int, strict: bool, pdf: bool,
                template: str | None = None, allow: Sequence[str] = ()) -> None:
    """`make-deck build` on checked arguments: one deck, or a batch that goes on past failures and exits 1 after
    them; a single deck's DeckError is raised."""
    if len(content) == 1:
        prepare()
        from .pipeline import build, default_output

        settings = options(allow, template, strict, pdf)
        target = output or default_output(content[0], settings.project)
        built = build(content[0], target, settings)
        report(built.output, built.slides, [f.line() for f in built.findings], built.pdf)
        return
    from .batch import build_all

    progress = Progress(len(content))
    outcomes = build_all(content, jobs, lambda: builder(allow, template, strict, pdf), progress.step)
    progress.done()
    for outcome in outcomes:
        if outcome.ok:
            report(outcome.output, outcome.slides, list(outcome.warnings), outcome.pdf)
        else:
            for line in outcome.errors:
                echo(red(line), err=True)
    failed = [o for o in outcomes if not o.ok]
    echo(f"{len(outcomes) - len(failed)} of {len(outcomes)} decks built"
         + (f", {len(failed)} failed: {', '.join(shown(o.content) for o in failed)}" if failed else ""))
    if failed:
        raise SystemExit(1)


def report(output: Path, slides: int, warnings: list[str], pdf: Path | None) -> None:
    """A deck's warnings on stderr, then `wrote ...` on stdout."""
    for line in warnings:
        echo(yellow(f"warning: {line}"), err=True)
    noun = "warning" if len(warnings) == 1 else "warnings"
    extra = f", {len(warnings)} {noun}" if warnings else ""
    echo(f"wrote {shown(output)} ({slides} slides{extra})")
    if pdf is not None:
        echo(f"wrote {shown(pdf)}")


class Progress:
    """`[3/100]` on a terminal's stderr while a batch runs; nothing when piped."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.live = sys.stderr.isatty()

    def step(self, outcome: Outcome) -> None:
        self.count += 1
        if self.live:
            sys.stderr.write(f"\r[{self.count}/{self.total}] {outcome.content.name[:60]:<60}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.live:
            sys.stderr.write("\r" + " " * 70 + "\r")
            sys.stderr.flush()


def echo(message: str | None = None, err: bool = False, file: IO[str] | None = None) -> None:
    """click.echo for text: the line, flushed. Written directly only where click.echo would write it unchanged to
    the stream itself (a real text stream, not ASCII, not Windows; no escape code to strip off a terminal) and
    while click is not loaded; otherwise click.echo, so the click commands' output is click's."""
    stream = file if file is not None else sys.stderr if err else sys.stdout
    out = (message or "") + "\n"
    if "click" in sys.modules or not _plain(stream) or ("\033" in out and not _isatty(stream)):
        import click

        click.echo(message, file=file, err=err)
        return
    stream.write(out)
    stream.flush()


def _plain(stream: object) -> bool:
    if type(stream) is not io.TextIOWrapper or hasattr(stream, "color") or sys.platform.startswith("win"):
        return False
    try:
        return codecs.lookup(stream.encoding).name != "ascii"
    except LookupError:
        return True


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except Exception:  # noqa: BLE001 - as click.isatty
        return False


def colour() -> bool:
    """Colour on stdout: a terminal, and NO_COLOR not set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def red(text: str) -> str:
    return styled(text, "red")


def yellow(text: str) -> str:
    return styled(text, "yellow")


def styled(text: str, name: str) -> str:
    """Colour for a terminal's stderr only, and never when NO_COLOR is set (click.style's codes)."""
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        return f"\033[{_COLOURS[name]}m{text}\033[0m"
    return text
