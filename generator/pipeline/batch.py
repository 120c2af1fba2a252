"""Many content files built by a pool of processes, each deck handed back to this process to be written."""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import multiprocessing.context

    from generator.pipeline.jobs import Job
    from generator.pipeline.stages import Outcome


def build_all(
    jobs: Sequence[Job], workers: int, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Each job's deck built in memory, by `workers` processes when there is more than one; the outcomes in the
    order of `jobs`, `on_done` called here as each arrives. Nothing is written."""
    workers = min(workers, len(jobs))
    if workers <= 1:
        collect_less()
        from generator.pipeline.stages import make

        outcomes = []
        for job in jobs:
            outcomes.append(make(job))
            if on_done is not None:
                on_done(outcomes[-1])
        return outcomes
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start) as pool:
        done: dict[int, Outcome] = {}
        try:
            with (
                _stops_held()
            ):  # the workers start here, and must not hear a stop before they can ignore it
                futures = {pool.submit(_make, job): n for n, job in enumerate(jobs)}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                if on_done is not None:
                    on_done(done[futures[future]])
        except BaseException:
            # stopped (Ctrl-C, SIGTERM) or failed: the decks still in the making are dropped, not finished first
            pool.shutdown(wait=False, cancel_futures=True)
            _stop_workers()
            raise
    return [done[n] for n in range(len(jobs))]


def _stop_workers() -> None:
    """End the pool's processes at once: they hold only decks in memory, and write nothing."""
    import multiprocessing

    for worker in multiprocessing.active_children():
        worker.kill()


def _context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux): the workers start from this small process and import the pipeline side by
    side. Elsewhere each worker starts afresh (spawn)."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


# the signals that stop a build: held back while the pool's workers start
STOPS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back (where the system can) while the pool forks its workers: a worker born
    holding them ignores Ctrl-C before it hears one, and this process hears a stop that came meanwhile as it
    leaves (a KeyboardInterrupt or Terminated then, from here)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _start() -> None:
    """A worker: Ctrl-C is this process's to handle (the terminal sends it to the whole group) and SIGTERM ends
    it at once (it writes nothing); then the imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    collect_less()  # imports the pipeline here, in parallel in every worker


def collect_less() -> None:
    """A process about to build: the pipeline imported with the cyclic collector off, everything the
    imports made (modules, classes, functions: never garbage) frozen out of its reach, and the
    youngest objects collected every 10,000 allocations, not 700. A build makes many objects that
    live until its deck is written, and collecting them that often cost a 1,300-slide deck 0.3 s
    (docs/performance.md)."""
    gc.disable()
    from generator.pipeline import stages  # noqa: F401

    gc.freeze()
    gc.enable()
    gc.set_threshold(10_000, 10, 10)


def _make(job: Job) -> Outcome:
    from generator.pipeline.stages import make

    return make(job)
