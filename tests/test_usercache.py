"""The user cache: values kept per source file version, and builds that work without a writable cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError, Undefined

from generator.layouts import catalog, search_dirs
from generator.loader import load_text
from generator.measure import load_face
from generator.render import Renderer
from generator.schema import build_deck
from generator.usercache import cache_dir, cached_json

from .conftest import run


def test_value_is_made_once_and_made_again_when_the_file_changes(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "font.ttf"
    source.write_bytes(b"one")
    made = []
    assert cached_json("t", source, lambda: made.append(1) or {"v": 1}) == {"v": 1}
    assert cached_json("t", source, lambda: made.append(1) or {"v": 2}) == {"v": 1}
    source.write_bytes(b"three")
    os.utime(source, ns=(1, 1))
    assert cached_json("t", source, lambda: made.append(1) or {"v": 3}) == {"v": 3}
    assert len(made) == 2


def test_build_works_and_gives_the_same_bytes_without_a_writable_cache(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load_face.cache_clear()  # the process keeps faces it has read; read them through the cache folder
    assert run("content/2019.yaml", "-o", str(tmp_path / "a.pptx")).exit_code == 0
    assert cache_dir("fonts") is not None and any(cache_dir("fonts").iterdir())
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cache_dir("fonts") is None
    load_face.cache_clear()
    assert run("content/2019.yaml", "-o", str(tmp_path / "b.pptx")).exit_code == 0
    assert (tmp_path / "a.pptx").read_bytes() == (tmp_path / "b.pptx").read_bytes()


def test_content_texts_compile_once_and_come_back_from_the_cache(repo: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    dirs = search_dirs(repo)
    assert Renderer(dirs)._compile_string("Hei {{ name }}!").render(name="Kari") == "Hei Kari!"
    assert any(cache_dir("jinja").iterdir())
    later = Renderer(dirs)  # another run: the text's code is read, not compiled
    monkeypatch.setattr(later.env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert later._compile_string("Hei {{ name }}!").render(name="Ola") == "Hei Ola!"
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert Renderer(dirs)._compile_string("Ha det, {{ name }}").render(name="Ola") == "Ha det, Ola"
    for kept in cache_dir("jinja").iterdir():  # damaged cache files are compiled again, not trusted
        kept.write_bytes(b"not code")
    assert Renderer(dirs)._compile_string("Hei {{ name }}!").render(name="Per") == "Hei Per!"


def test_when_and_for_each_expressions_compile_once_and_come_back_from_the_cache(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    dirs = search_dirs(repo)
    assert Renderer(dirs)._compile_expression("names | length > 2")(names=[1, 2, 3]) is True
    later = Renderer(dirs)
    monkeypatch.setattr(later.env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    expression = later._compile_expression("names | length > 2")
    assert expression(names=[1, 2, 3]) is True and expression(names=[1]) is False
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert isinstance(Renderer(dirs)._compile_expression("regoin")(region="Telemark"), Undefined)
    for wrong in ("goals |", "goal.show goal"):  # as Jinja's compile_expression: errors are raised, never kept
        for _ in range(2):
            with pytest.raises(TemplateSyntaxError):
                Renderer(dirs)._compile_expression(wrong)


DECK = """\
vars:
  region: Telemark
slides:
  - layout: title
    title: "{{ region }}"
    subtitle: Allianser
"""


def test_the_names_a_layout_reads_are_worked_out_once_and_come_back_from_the_cache(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    dirs = search_dirs(repo)
    deck = build_deck(load_text(DECK, "c.yaml"), catalog(dirs))

    def names(renderer: Renderer) -> tuple[str, ...] | None:
        renderer.render(deck)
        slide = renderer.render(deck)[0]  # from the second deck on, a batch reuses a layout's output
        assert slide.data["shapes"][0]["text"] == "Telemark"
        return renderer._names["title.yaml.j2"]

    first = names(Renderer(dirs))
    assert first and "title" in first and "subtitle" in first
    assert any(cache_dir("layout-names").iterdir())
    later = Renderer(dirs)  # another run: the layout is not parsed again
    monkeypatch.setattr(later.env, "parse", lambda *a, **k: pytest.fail("parsed again"))
    assert names(later) == first
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for kept in cache_dir("layout-names").iterdir():  # damaged values are worked out again, not trusted
        kept.write_text(json.dumps({key: 5 for key in json.loads(kept.read_text(encoding="utf-8"))}),
                        encoding="utf-8")
    assert names(Renderer(dirs)) == first
