"""Ctrl-C and SIGTERM while the command line starts: one line and an exit status, never a traceback."""

import os
import sys


class Terminated(BaseException):
    """SIGTERM: stop as Ctrl-C does, with its own exit status (a BaseException, so no `except Exception` keeps
    going after it)."""


def stop_in(exc: BaseException | None) -> BaseException | None:
    """The Ctrl-C or SIGTERM behind an exception, if one is: Python wraps a KeyboardInterrupt raised while a
    class is made (`__set_name__`, during an import) in a RuntimeError, with the interrupt as its cause."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (KeyboardInterrupt, Terminated)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _stopped_hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
    """Ctrl-C or SIGTERM before `main` runs (while the imports below load): one line, not a traceback."""
    stop = stop_in(exc)
    if stop is not None:
        os.write(2, b"make-deck: stopped while starting; no deck was touched\n")
        os._exit(143 if isinstance(stop, Terminated) else 130)
    sys.__excepthook__(kind, exc, tb)


def install() -> None:
    """Report a stop during the imports that follow as one line (the command line's first act)."""
    sys.excepthook = _stopped_hook
