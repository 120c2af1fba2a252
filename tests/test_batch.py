"""Many content files at once: a pool of processes makes the decks, this process writes them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline.batch import build_all
from generator.pipeline.jobs import Job, Options
from generator.pipeline.stages import write_outcome

from .conftest import copy_talk

REGIONS = ("Agder", "Rogaland", "Nordland", "Troms", "Finnmark")


@pytest.fixture
def editions(project: Path) -> list[Job]:
    """Five editions of the 2019 talk, each with where its deck goes."""
    (project / "content").mkdir()
    copy_talk(project / "content" / "base.yaml")
    jobs = []
    for region in REGIONS:
        content = project / "content" / f"{region.lower()}.yaml"
        content.write_text(f"extends: base.yaml\nvars: {{region: {region}}}\n", encoding="utf-8")
        jobs.append(Job(content, project / f"{region.lower()}.pptx", Options(project=project)))
    return jobs


def test_two_processes_give_the_outcomes_in_file_order_and_the_bytes_of_one(
    editions: list, project: Path
) -> None:
    serial = build_all(editions, 1)
    parallel = build_all(editions, 2)
    assert [o.content for o in parallel] == [job.content for job in editions]
    assert [o.data for o in parallel] == [o.data for o in serial]
    assert len({o.data for o in parallel}) == len(REGIONS)  # each edition its own deck


def test_the_pool_writes_nothing_until_the_decks_are_handed_over(
    editions: list, project: Path
) -> None:
    outcomes = build_all(editions, 2)
    assert not any(job.output.exists() for job in editions)
    for outcome in outcomes:
        write_outcome(outcome)
    assert all(
        job.output.read_bytes() == outcome.data
        for job, outcome in zip(editions, outcomes, strict=True)
    )


def test_a_file_with_errors_is_an_outcome_and_the_others_are_built(
    editions: list, project: Path
) -> None:
    broken = editions[2].content
    broken.write_text(
        "extends: base.yaml\nvars: {region: [a list]}\ntitle: [x]\n", encoding="utf-8"
    )
    outcomes = build_all(editions, 2)
    assert [o.ok for o in outcomes] == [True, True, False, True, True]
    assert outcomes[2].errors and "title: expected text, got a list" in outcomes[2].errors[0]
    assert outcomes[2].data == b""


def test_on_done_hears_of_every_file_once(editions: list, project: Path) -> None:
    heard: list[Path] = []
    build_all(editions, 2, lambda outcome: heard.append(outcome.content))
    assert sorted(heard) == sorted(job.content for job in editions)


# Counts the cyclic collector's runs in a build of the 2019 deck, then builds it as `make-deck` does.
COUNTED = """
import atexit, gc, sys
runs = []
gc.callbacks.append(lambda phase, info: runs.append(info["generation"]) if phase == "start" else None)
atexit.register(lambda: print(len(runs), max(runs, default=0), file=sys.stderr))
from generator.commands.app import main
main()
"""


def test_a_build_leaves_what_its_imports_made_out_of_the_collector_s_way(project: Path) -> None:
    copy_talk(project / "content" / "2019.yaml")
    out = subprocess.run(
        [sys.executable, "-c", COUNTED, "content/2019.yaml", "-o", "deck.pptx"],
        capture_output=True,
        text=True,
        check=True,
    )
    runs, oldest = (int(n) for n in out.stderr.split()[-2:])
    # collected every 10,000 new objects, the imports frozen: about 20 runs, none of them full
    # (collected every 700, about 120 runs, and full ones that walk every module)
    assert runs < 50 and oldest < 2, out.stderr
