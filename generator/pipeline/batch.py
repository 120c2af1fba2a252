"""Many content files built by a pool of processes, each deck handed back to this process to be written."""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Callable, Sequence
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
        futures = {pool.submit(_make, job): n for n, job in enumerate(jobs)}
        done: dict[int, Outcome] = {}
        try:
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


def _start() -> None:
    """A worker: Ctrl-C is this process's to handle (the terminal sends it to the whole group); then the imports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
