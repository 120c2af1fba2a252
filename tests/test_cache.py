"""What is kept between decks and between runs changes how fast a deck is made, never its bytes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cache
from generator.pipeline.jobs import Job, Options
from generator.pipeline.stages import make
from generator.templating.render import Renderer

from .conftest import REPO, copy_talk, examples

ENTRY = [sys.executable, "-c", "from generator.commands.app import main; main()"]


@pytest.fixture
def editions(project: Path) -> list[Job]:
    (project / "content").mkdir()
    copy_talk(project / "content" / "base.yaml")
    jobs = []
    for region in ("Agder", "Rogaland", "Agder"):
        path = project / "content" / f"{region.lower()}-{len(jobs)}.yaml"
        path.write_text(f"extends: base.yaml\nvars: {{region: {region}}}\n", encoding="utf-8")
        jobs.append(Job(path, project / f"{path.stem}.pptx", Options(project=project)))
    return jobs


def test_decks_of_a_batch_are_the_bytes_of_decks_made_afresh(editions: list[Job]) -> None:
    warm = [make(job).data for job in editions]  # later decks reuse what the first one made
    fresh = []
    for job in editions:
        cache.clear_memos()
        fresh.append(make(job).data)
    assert warm == fresh
    assert len(set(warm)) == 3  # each records its own content file
    assert sorted(cache.MEMOS) == [
        "content files",
        "empty pages",
        "layout output",
        "names a text reads",
        "notes pages",
        "slides",
    ]


def build(project: Path, home: Path) -> bytes:
    """The 2019 deck built by a new process with `home` as its user cache folder."""
    out = subprocess.run(
        [*ENTRY, "content/base.yaml", "-o", "deck.pptx"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(home)},
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr
    return (project / "deck.pptx").read_bytes()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """A project with the 2019 talk as content/base.yaml, the user cache folder its first build filled, and the
    deck that build wrote."""
    project = tmp_path_factory.mktemp("cached")
    copy_talk(project / "content" / "base.yaml")
    home = tmp_path_factory.mktemp("cache-home")
    return project, home, build(project, home)


def test_the_user_cache_fills_and_gives_the_same_deck(
    filled: tuple[Path, Path, bytes], tmp_path: Path
) -> None:
    project, home, first = filled
    kinds = sorted(p.name.rsplit("-", 1)[0] for p in (home / "make-deck").iterdir())
    assert kinds == ["babel", "fonts", "jinja", "masters"]
    assert build(project, home) == first  # from the cache
    assert build(project, tmp_path / "other") == first  # without it


def test_a_build_without_a_writable_cache_folder_gives_the_same_deck(
    filled: tuple[Path, Path, bytes], tmp_path: Path
) -> None:
    project, _, first = filled
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert build(project, blocked) == first


@pytest.mark.parametrize("which", ["babel", "fonts", "jinja", "masters"])
@settings(
    max_examples=examples(1, 3),  # two builds each
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    damage=st.one_of(
        st.binary(max_size=64), st.sampled_from([b"{}", b"[1]", b"null", b'{"units": -1}'])
    ),
)
def test_any_bytes_in_any_cache_file_give_the_same_deck(
    filled: tuple[Path, Path, bytes],
    tmp_path_factory: pytest.TempPathFactory,
    which: str,
    damage: bytes,
) -> None:
    project, filled_home, first = filled
    home = tmp_path_factory.mktemp("cache")
    shutil.copytree(filled_home, home, dirs_exist_ok=True)
    files = [p for p in (home / "make-deck").glob(f"{which}-*/*") if p.is_file()]
    assert files, which
    for path in files:
        path.write_bytes(damage)
    assert build(project, home) == first
    assert build(project, home) == first  # the entry was made again


def test_a_text_compiled_in_one_run_is_not_compiled_again_in_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    dirs = (REPO / "templates" / "layouts",)
    text = "{{ region }} i endring"
    assert Renderer(dirs).string(text, {"region": "Agder"}) == "Agder i endring"
    later = Renderer(dirs)  # as a new process makes it: nothing compiled in memory

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(later.env, "compile", refuse)
    assert later.string(text, {"region": "Rogaland"}) == "Rogaland i endring"
