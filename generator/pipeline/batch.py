"""Many content files built by a pool of processes, each deck handed back to this process to be written."""

from __future__ import annotations

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
    from generator.pipeline import stages as pipeline  # noqa: F401 - imported here, in parallel in every worker


def _make(job: Job) -> Outcome:
    from generator.pipeline.stages import make

    return make(job)
