"""Ctrl-C and SIGTERM while make-deck starts end in one line and an exit status, never a traceback: the stop
is found behind the exceptions Python wraps it in (a class being made, an error while handling it), a real
SIGINT before the command line runs ends with 130 and a SIGTERM with 143, any other error keeps Python's own
traceback, and a program that set its own hook (or an interactive shell) keeps its own handling."""

from __future__ import annotations

import signal
import subprocess
import sys
import traceback

import pytest

from generator.stops import Terminated, install, stop_in

from .conftest import REPO

LINE = "make-deck: stopped while starting; no deck was touched\n"


def started(code: str) -> subprocess.CompletedProcess:
    """A Python process that imports make-deck's package, then runs `code`."""
    return subprocess.run(
        [sys.executable, "-c", "import generator\n" + code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )


def raised(make: BaseException, cause: BaseException | None = None) -> BaseException:
    """The exception as Python hands it on: raised (with `cause` as its cause), then caught."""
    try:
        if cause is None:
            raise make
        raise make from cause
    except BaseException as exc:
        return exc


def test_a_stop_is_found_in_itself_and_behind_the_exceptions_wrapping_it() -> None:
    interrupt, terminate = KeyboardInterrupt(), Terminated()
    assert stop_in(interrupt) is interrupt
    assert stop_in(terminate) is terminate
    wrapped = raised(RuntimeError("while a class was made"), interrupt)
    assert stop_in(wrapped) is interrupt
    try:
        try:
            raise terminate
        except Terminated:
            raise OSError("the clean-up failed") from None
    except OSError as exc:
        assert stop_in(exc) is terminate  # its context, though the cause was suppressed


def test_an_error_with_no_stop_behind_it_is_no_stop() -> None:
    assert stop_in(None) is None
    assert stop_in(raised(ValueError("bad"), raised(OSError("worse")))) is None


def test_a_chain_that_loops_back_on_itself_ends() -> None:
    first, second = ValueError("first"), ValueError("second")
    first.__cause__, second.__cause__ = second, first
    assert stop_in(first) is None


def test_sigterm_is_no_exception_an_except_exception_keeps_going_after() -> None:
    assert not issubclass(Terminated, Exception)
    assert issubclass(Terminated, BaseException)


def test_any_other_error_still_shows_pythons_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)  # put back after the test
    install()
    assert sys.excepthook is not sys.__excepthook__
    error = raised(ValueError("a bug"))
    sys.excepthook(ValueError, error, error.__traceback__)
    err = capsys.readouterr().err
    assert err == "".join(traceback.format_exception(error))


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("raise KeyboardInterrupt", 130),
        ("from generator.stops import Terminated\nraise Terminated", 143),
        ("raise RuntimeError('while a class was made') from KeyboardInterrupt()", 130),
        (
            "class Stop:\n    def __set_name__(self, owner, name):\n        raise KeyboardInterrupt\n"
            "class Command:\n    option = Stop()",
            130,
        ),
    ],
    ids=["ctrl-c", "sigterm", "wrapped", "while-a-class-is-made"],
)
def test_a_stop_while_starting_is_one_line_and_its_exit_status(code: str, status: int) -> None:
    done = started(code)
    assert (done.returncode, done.stderr) == (status, LINE)


def test_a_real_ctrl_c_before_the_command_line_runs_is_one_line() -> None:
    done = started(
        "import os, signal\nos.kill(os.getpid(), signal.SIGINT)\n"
        "from generator.commands.app import main\nmain(['--version'])"
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, LINE, "")


def test_an_error_while_starting_keeps_its_traceback_and_status() -> None:
    done = started("raise ValueError('a bug')")
    assert done.returncode == 1
    assert done.stderr.startswith("Traceback") and "ValueError: a bug" in done.stderr


def test_a_program_with_its_own_hook_keeps_it() -> None:
    code = "import sys\nsys.excepthook = lambda *a: sys.stderr.write('its own\\n')\n"
    done = subprocess.run(
        [sys.executable, "-c", code + "import generator\nraise KeyboardInterrupt"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.stderr == "its own\n"
    assert done.returncode == -signal.SIGINT  # Python's own end after an interrupt


def test_an_interactive_shell_keeps_its_own_handling() -> None:
    done = subprocess.run(
        [sys.executable, "-i", "-q"],
        cwd=REPO,
        input="import generator, sys\nprint(sys.excepthook is sys.__excepthook__)\n",
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.stdout.strip() == "True"
