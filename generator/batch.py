"""A batch built by several processes, forked before the heavy imports so that these, too, run side by side."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# At most this many tasks of 8 bytes in the task pipe: one page, the least a pipe holds (Linux gives no more to a
# user past pipe-user-pages-soft), so writing them all before anything reads never blocks.
_TASKS = 512


def build_all(items: Sequence[Item], jobs: int, start: Callable[[], Callable[[Item], Result]],
              on_done: Callable[[Result], None] | None = None) -> list[Result]:
    """`start()`'s function on every item, by `jobs` processes: this one and `jobs - 1` forks of it, each calling
    `start` once (the imports and loading) and then taking the next items whenever it is free. Results come back
    in the order of `items`; `on_done` sees each in this process as it arrives. An item a fork took but did not
    finish (the fork was killed) is done here; an exception in a fork is raised here."""
    jobs = min(jobs, len(items))
    if jobs <= 1 or not hasattr(os, "fork"):
        build = start()
        results = []
        for item in items:
            results.append(build(item))
            if on_done:
                on_done(results[-1])
        return results
    tasks = _task_pipe(len(items))
    forks: dict[int, int] = {}  # the read end of a fork's result pipe -> its process id
    done: dict[int, Result] = {}

    def finish(index: int, result: Result) -> None:
        done[index] = result
        if on_done:
            on_done(result)

    try:
        for _ in range(jobs - 1):
            read, write = os.pipe()
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # None: started with the stream closed
                    stream.flush()
            try:
                pid = os.fork()
            except OSError:  # at the system's process limit: go on with the processes there are
                os.close(read)
                os.close(write)
                break
            if pid == 0:
                try:
                    for fd in (read, *forks):
                        os.close(fd)
                    _work_in_fork(items, tasks, write, start)
                finally:
                    os._exit(1)  # only if something went wrong before the fork's own handling began
            os.close(write)
            forks[read] = pid
        build = start()
        while (task := _take(tasks)) is not None:
            for index in task:
                finish(index, build(items[index]))
                _receive(forks, finish, wait=False)
        while forks:
            _receive(forks, finish, wait=True)
        for index in range(len(items)):
            if index not in done:
                finish(index, build(items[index]))
        return [done[index] for index in range(len(items))]
    finally:
        while _take(tasks) is not None:  # after an exception here: the forks stop after the item they are on
            pass
        os.close(tasks)
        for read, pid in forks.items():
            os.close(read)
            _reap(pid)


def _task_pipe(count: int) -> int:
    """The read end of a pipe holding every task, `(first, end)` indices, whose write end is already closed."""
    size = -(-count // _TASKS)
    read, write = os.pipe()
    data = b"".join(i.to_bytes(4, "little") + min(i + size, count).to_bytes(4, "little")
                    for i in range(0, count, size))
    while data:
        data = data[os.write(write, data):]
    os.close(write)
    return read


def _take(tasks: int) -> range | None:
    """The next task's indices, or None when all are taken. A pipe read of 8 bytes is not split between readers."""
    task = os.read(tasks, 8)
    if len(task) < 8:
        return None
    return range(int.from_bytes(task[:4], "little"), int.from_bytes(task[4:], "little"))


def _work_in_fork(items: Sequence[Item], tasks: int, write: int, start: Callable[[], Callable[[Item], Result]]
                  ) -> None:
    """A fork's whole life: take tasks and send `(index, result)` back until none are left, then exit."""
    status = 0
    try:
        build = start()
        while (task := _take(tasks)) is not None:
            for index in task:
                _send(write, (index, build(items[index])))
    except KeyboardInterrupt:
        status = 130  # the terminal's Ctrl-C reached this process and the parent; the parent reports it
    except BaseException as exc:  # noqa: BLE001 - a bug in a build: sent to the parent, which raises it
        status = 3
        try:
            pickle.loads(pickle.dumps(exc))  # noqa: S301 - an exception can pickle and still fail to load
            _send(write, (-1, exc))
        except Exception:  # noqa: BLE001 - not sendable, or the parent is gone
            with contextlib.suppress(Exception):  # if the parent is gone there is nobody to tell
                _send(write, (-1, RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        if sys.stderr is not None:
            sys.stderr.flush()
        os._exit(status)  # not the parent's exit handlers, nor its buffered output a second time


def _send(write: int, message: tuple[int, object]) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    data = len(data).to_bytes(8, "little") + data
    while data:
        data = data[os.write(write, data):]


def _receive(forks: dict[int, int], finish: Callable[[int, Result], None], wait: bool) -> None:
    """Hand every result the forks have sent to `finish`; a fork whose pipe is closed is waited for."""
    ready, _, _ = select.select(list(forks), [], [], None if wait else 0)
    for read in ready:
        while True:
            message = _read_message(read)
            if message is None:
                os.close(read)
                _reap(forks.pop(read))
                break
            index, result = message
            if index < 0:
                raise result
            finish(index, result)
            if not select.select([read], [], [], 0)[0]:
                break


def _reap(pid: int) -> None:
    """Wait for a fork to end; nothing to wait for when the program that started make-deck ignores SIGCHLD."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _read_message(read: int) -> tuple[int, object] | None:
    header = _read_exactly(read, 8)
    if header is None:
        return None
    data = _read_exactly(read, int.from_bytes(header, "little"))
    return None if data is None else pickle.loads(data)  # noqa: S301 - from our own fork


def _read_exactly(read: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(read, min(left, 1 << 20))
        if not chunk:
            return None  # the fork ended, or was killed while sending
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
