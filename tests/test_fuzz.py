"""Random layout output and damaged masters: every build ends in a deck or a located error, never a crash."""

from __future__ import annotations

import contextlib
import io
import json
import re
import traceback
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.commands.app import cli

from .conftest import REPO
from .test_bad_inputs import GOOD

MESSAGE = re.compile(r"^(warning: )?[\w./-]+(:\d+:\d+)?: \S")
ECHO = """\
{#---
master: Title Only
fields:
  title: {type: text, required: true, help: The slide's title.}
  raw_output: {type: text, required: true, help: YAML the layout writes as it is.}
---#}
{{ raw_output }}
"""
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(FUZZ, max_examples=100)  # a build of one slide takes milliseconds


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One project folder for every example (so compiled layouts are kept), with a cache folder of its own."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "templates" / "layouts").mkdir(parents=True)
    (root / "templates" / "layouts" / "echo.yaml.j2").write_text(ECHO, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(root / "cache"))
        yield root


def build(root: Path, *args: str) -> Result:
    """make-deck in-process in `root`; an exception other than an exit is a crash (the user's exit 3)."""
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("make-deck crashed:\n" + "".join(traceback.format_exception(*result.exc_info)))
    return result


def deck_or_located_error(result: Result, deck: Path) -> None:
    event(f"exit {result.exit_code}")
    assert result.exit_code in (0, 1), f"exit {result.exit_code}:\n{result.output}"
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    if result.exit_code == 1:
        first = result.stderr.splitlines()[0] if result.stderr else ""
        assert MESSAGE.match(first), f"not a located message:\n{result.stderr}"
    else:
        with zipfile.ZipFile(deck) as archive:
            assert archive.testzip() is None


# --- layout output ------------------------------------------------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="{}"),
    max_size=12,
)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    TEXT,
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "accent1", "#FF0000", "-1"]),
)
NUMBER = st.one_of(st.integers(-2000, 2000), st.floats(allow_nan=True, allow_infinity=True))
PLAUSIBLE = {
    "placeholder": st.sampled_from(["title", "subtitle", "body", "footer", "pic"]),
    "geometry": st.sampled_from(["textbox", "rect", "chevron", "ellipse", "star99", ""]),
    "picture": st.sampled_from(["map.png", "../x.png", "/etc/hostname", "deck.yaml"]),
    "box": st.lists(st.integers(-100, 1000), min_size=4, max_size=4) | st.lists(NUMBER, max_size=5),
    "inset": st.lists(NUMBER, min_size=0, max_size=5),
    "text": TEXT,
    "paragraphs": st.lists(
        st.one_of(
            TEXT,
            st.dictionaries(
                st.sampled_from(["text", "level", "bullet", "size", "bold", "color", "x"]),
                SCALAR,
                max_size=4,
            ),
        ),
        max_size=4,
    ),
    "size": NUMBER,
    "min_size": NUMBER,
    "color": st.sampled_from(["accent1", "tx1", "#12AB34", "#XYZ", "red"]),
    "fill": st.sampled_from(["accent2", "none", "#000000", "blue"]),
    "map": st.lists(st.sampled_from(["Horten", "Skien", "Oslo", "Nowhere"]), max_size=3),
    "year": st.sampled_from([2020, 2024, 1800, 2023]),
}
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


KIND = st.sampled_from(["placeholder", "geometry", "geometry", "picture", None])
MORE = [key for key in PLAUSIBLE if key not in ("placeholder", "geometry", "picture")]


@st.composite
def shape(draw: st.DrawFn) -> dict:
    """Mostly a shape of one kind with keys it may have, each value mostly of its kind; sometimes anything."""
    kind = draw(KIND)
    keys = (
        ([kind] if kind else [])
        + (["box"] if draw(st.integers(0, 4)) else [])
        + draw(
            st.lists(
                st.sampled_from([*MORE, *MORE, "name", "bold", "zzz"]), max_size=5, unique=True
            )
        )
    )
    return {
        key: draw(PLAUSIBLE[key] if key in PLAUSIBLE and draw(st.integers(0, 9)) else VALUE)
        for key in keys
    }


SLIDE = st.fixed_dictionaries(
    {"shapes": st.lists(shape(), max_size=4)},
    optional={"background": st.sampled_from(["lt2", "accent1", "#FFFFFF"])},
)
ODD = st.fixed_dictionaries(
    {"shapes": st.lists(shape(), max_size=2)},
    optional={"background": SCALAR, "master": SCALAR, "extra": VALUE},
)
OUTPUT = st.one_of(SLIDE, SLIDE, SLIDE, ODD, VALUE)


@QUICK
@given(output=OUTPUT)
def test_any_layout_output_is_a_deck_or_a_located_error(folder: Path, output: object) -> None:
    raw = yaml.safe_dump(output, allow_unicode=True, default_flow_style=False)
    content = (
        "slides:\n  - layout: echo\n    title: x\n    raw_output: "
        + json.dumps(raw, ensure_ascii=False)
        + "\n"
    )
    (folder / "deck.yaml").write_text(content, encoding="utf-8")
    deck_or_located_error(build(folder, "deck.yaml", "-o", "deck.pptx"), folder / "deck.pptx")


# --- damaged masters ----------------------------------------------------------------------------------------------

BASE = (REPO / "templates" / "base.pptx").read_bytes()
NAMES = zipfile.ZipFile(io.BytesIO(BASE)).namelist()
DAMAGE = st.tuples(
    st.sampled_from(["drop", "duplicate", "garble", "truncate", "flip-raw"]),
    st.sampled_from(NAMES),
    st.integers(0, 1 << 16),
    st.binary(min_size=1, max_size=8),
)


def damaged(changes: list[tuple[str, str, int, bytes]]) -> bytes:
    """base.pptx with each change made: an entry dropped, written twice, garbled or cut; or raw bytes flipped."""
    with zipfile.ZipFile(io.BytesIO(BASE)) as source:
        members = [(name, source.read(name)) for name in NAMES]
    for kind, name, at, junk in changes:
        index = (
            next(i for i, (n, _) in enumerate(members) if n == name) if name in dict(members) else 0
        )
        entry, data = members[index] if members else (name, b"")
        if kind == "drop" and members:
            members.pop(index)
        elif kind == "duplicate":
            members.append((entry, data[: at % (len(data) + 1)]))
        elif kind == "garble" and members:
            where = at % (len(data) + 1)
            members[index] = (entry, data[:where] + junk + data[where + len(junk) :])
        elif kind == "truncate" and members:
            members[index] = (entry, data[: at % (len(data) + 1)])
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        warnings.simplefilter("ignore")  # a name written twice
        for name, data in members:
            out.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    for kind, _, at, junk in changes:
        if kind == "flip-raw":
            where = at % len(raw)
            raw[where : where + len(junk)] = junk
    return bytes(raw)


@FUZZ
@given(changes=st.lists(DAMAGE, min_size=1, max_size=3))
def test_a_damaged_master_is_a_deck_or_a_clear_error(
    folder: Path, changes: list[tuple[str, str, int, bytes]]
) -> None:
    (folder / "good.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "brand.pptx").write_bytes(damaged(changes))
    (folder / "out.pptx").unlink(missing_ok=True)
    result = build(folder, "good.yaml", "--template", "brand.pptx", "-o", "out.pptx")
    deck_or_located_error(result, folder / "out.pptx")
