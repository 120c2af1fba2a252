"""Batches across processes: every item once, results in order, failures and killed forks handled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from generator.batch import build_all

from .conftest import REPO


def _slow(seconds: float) -> Callable[[], Callable[[int], tuple[int, int]]]:
    """A start function whose builder returns (item, process id) after `seconds`."""
    def start() -> Callable[[int], tuple[int, int]]:
        def build(item: int) -> tuple[int, int]:
            time.sleep(seconds)
            return item, os.getpid()
        return build
    return start


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_batch_returns_every_result_in_item_order_from_two_processes() -> None:
    seen: list[int] = []
    results = build_all(list(range(12)), 2, _slow(0.05), lambda result: seen.append(result[0]))
    assert [item for item, _ in results] == list(range(12))
    assert sorted(seen) == list(range(12))  # on_done saw each once, here
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2
    assert _no_children_left()


def test_one_job_or_one_item_builds_here() -> None:
    assert {pid for _, pid in build_all([1, 2, 3], 1, _slow(0))} == {os.getpid()}
    assert build_all([7], 4, _slow(0)) == [(7, os.getpid())]
    assert build_all([], 2, _slow(0)) == []


def test_more_jobs_than_items_start_no_idle_process() -> None:
    results = build_all([1, 2], 8, _slow(0.2))
    assert [item for item, _ in results] == [1, 2]
    assert len({pid for _, pid in results}) == 2


def test_start_runs_once_in_each_process() -> None:
    def start() -> Callable[[int], tuple[int, bytes]]:
        token = os.urandom(8)  # one per call of start

        def build(item: int) -> tuple[int, bytes]:
            time.sleep(0.02)
            return os.getpid(), token
        return build

    results = build_all(list(range(20)), 2, start)
    assert len(set(results)) == 2 == len({pid for pid, _ in results})


def _failing_in_a_fork(error: Callable[[int], BaseException]) -> Callable[[], Callable[[int], int]]:
    """A start function whose builder raises `error(item)` in a fork and returns the item here."""
    parent = os.getpid()

    def start() -> Callable[[int], int]:
        def build(item: int) -> int:
            time.sleep(0.05)
            if os.getpid() != parent:
                raise error(item)
            return item
        return build
    return start


def test_an_exception_in_a_fork_is_raised_here() -> None:
    with pytest.raises(ValueError, match="item [0-9] failed in the fork"):
        build_all(list(range(10)), 2, _failing_in_a_fork(lambda item: ValueError(f"item {item} failed in the fork")))
    assert _no_children_left()


class _Unpicklable(Exception):
    def __reduce__(self) -> object:
        raise TypeError("no")


def test_an_exception_that_cannot_be_sent_arrives_as_its_name_and_text() -> None:
    with pytest.raises(RuntimeError, match="_Unpicklable: odd"):
        build_all(list(range(10)), 2, _failing_in_a_fork(lambda item: _Unpicklable("odd")))


class _TwoArguments(Exception):
    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")  # pickles with one argument, so it cannot be made again from it


def test_an_exception_that_cannot_be_made_again_arrives_as_its_name_and_text() -> None:
    with pytest.raises(RuntimeError, match="_TwoArguments: disk: full"):
        build_all(list(range(10)), 2, _failing_in_a_fork(lambda item: _TwoArguments("disk", "full")))


def test_a_batch_started_with_child_signals_ignored_ends_normally() -> None:
    earlier = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as some programs start make-deck: no waiting
    try:
        results = build_all(list(range(8)), 2, _slow(0.05))
    finally:
        signal.signal(signal.SIGCHLD, earlier)
    assert [item for item, _ in results] == list(range(8))


def test_when_the_system_refuses_a_fork_this_process_builds_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert build_all(list(range(5)), 3, _slow(0)) == [(item, os.getpid()) for item in range(5)]


SMALL_PIPES = """
import fcntl, os
pipe = os.pipe
def small_pipe():
    read, write = pipe()
    fcntl.fcntl(write, 1031, 4096)  # F_SETPIPE_SZ: one page, what Linux gives a user past pipe-user-pages-soft
    return read, write
os.pipe = small_pipe
from generator.batch import build_all
print(len(build_all(list(range(5000)), 2, lambda: lambda item: item)))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are set with a Linux fcntl")
def test_the_tasks_fit_a_pipe_of_one_page() -> None:
    out = subprocess.run([sys.executable, "-c", SMALL_PIPES], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stdout) == (0, "5000\n"), out.stderr


def test_items_of_a_killed_fork_are_built_here() -> None:
    parent = os.getpid()

    def start() -> Callable[[int], tuple[int, int]]:
        def build(item: int) -> tuple[int, int]:
            time.sleep(0.05)
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return item, os.getpid()
        return build

    results = build_all(list(range(10)), 2, start)
    assert results == [(item, parent) for item in range(10)]
    assert _no_children_left()


def test_large_results_and_many_items_arrive_whole() -> None:
    def start() -> Callable[[int], bytes]:
        return lambda item: bytes([item % 256]) * (200_000 if item % 500 == 0 else 10)

    results = build_all(list(range(3000)), 3, start)  # more items than tasks in the pipe: several items a task
    assert results == [bytes([i % 256]) * (200_000 if i % 500 == 0 else 10) for i in range(3000)]
