"""The model's later stages one at a time, each given what a real build hands it: layouts chosen in the master,
maps drawn out, charts and tables filled from their data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.model.figures import draw_figures
from generator.model.layoutchoice import use_master_layouts
from generator.model.maps import draw_maps
from generator.model.shapes import Chart, paragraphs_of
from generator.norway import register
from generator.pipeline import stages
from generator.pipeline.jobs import Options

from . import masters
from .conftest import REPO
from .test_bad_inputs import write
from .test_figures import BASE, CSV

TALK = REPO / "content" / "2019.yaml"


def handed(name: str, content: Path, options: Options, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """The arguments a build of `content` hands the stage `name` (the stage itself runs as it always does)."""
    seen: list[tuple[Any, ...]] = []
    real = getattr(stages, name)

    def recorded(*args: Any) -> Any:
        seen.append(args)
        return real(*args)

    monkeypatch.setattr(stages, name, recorded)
    stages.assemble(content, options)
    monkeypatch.setattr(stages, name, real)
    return seen[0]


def texts(slide: Any) -> list[str]:
    return [p.text for shape in slide.shapes for p in paragraphs_of(shape)]


def test_layouts_are_found_in_a_norwegian_master_by_their_type(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    options = Options(project=REPO, template=masters.norwegian_names(tmp_path))
    model, master, mapped, known = handed("use_master_layouts", TALK, options, monkeypatch)
    asked = {slide.master for slide in model.slides}
    assert {"Title Slide", "Section Header", "Title Only"} <= asked
    chosen, errors = use_master_layouts(model, master, mapped, known)
    assert errors == []
    by_key = {slide.key: slide.master for slide in chosen.slides}
    assert by_key["title"] == "Tittellysbilde" and by_key["closing"] == "Deloverskrift"
    assert {slide.master for slide in chosen.slides} <= set(master.layouts)


def test_a_layout_the_master_lacks_is_one_error_naming_the_slides_that_need_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model, master, mapped, known = handed("use_master_layouts", TALK, Options(REPO), monkeypatch)
    layouts = {name: layout for name, layout in master.layouts.items() if name != "Title Only"}
    _, errors = use_master_layouts(model, replace(master, layouts=layouts), mapped, known)
    [error] = errors
    assert "master layout 'Title Only' not found" in error.line()


def test_each_municipality_of_a_map_becomes_a_shape_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edition = REPO / "content" / "editions" / "telemark-2024.yaml"
    [model] = handed("draw_maps", edition, Options(REPO), monkeypatch)
    [before] = [s for s in model.slides if any(shape.kind == "map" for shape in s.shapes)]
    drawn, findings = draw_maps(model)
    assert findings == ()
    [after] = [s for s in drawn.slides if s.key == before.key]
    assert not any(shape.kind == "map" for shape in after.shapes)
    names = {shape.name for shape in after.shapes}
    assert {m.name for m in register.county(40, 2024).municipalities} <= names
    assert len(drawn.slides) == len(model.slides)


def test_a_chart_gets_its_data_and_a_long_table_runs_on_under_a_continued_title(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(f"Kommune {n},{n * 1000}\n" for n in range(1, 41))
    head = BASE.split("slides:")[0].replace("fylker.csv\n", "fylker.csv\n  rader: rader.csv\n")
    slides = (
        BASE[BASE.index("slides:") :] + "  - layout: table\n    title: Mange\n    table: rader\n"
    )
    write(
        project, {"deck.yaml": head + slides, "fylker.csv": CSV, "rader.csv": "navn,tall\n" + rows}
    )
    model, master, tables = handed(
        "draw_figures", project / "deck.yaml", Options(project), monkeypatch
    )
    filled = draw_figures(model, master, tables)
    assert len(model.slides) == 2 and len(filled.slides) > 3
    titles = [texts(slide)[0] for slide in filled.slides[1:]]
    assert titles == ["Mange", *["Mange (forts.)"] * (len(titles) - 1)]
    [chart] = [shape.spec for shape in filled.slides[0].shapes if isinstance(shape, Chart)]
    assert chart.categories == ("Vestfold", "Telemark", "Agder")
