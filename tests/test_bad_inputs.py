"""Bad content never crashes, never misleads, never loses a deck: each mistake is one located error, exit 1."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import REPO, run

GOOD = """\
title: A good deck
date: 2024-03-15
vars:
  region: Telemark
  goals:
    - {horizon: Om 5 år, text: Et mål}
slides:
  - layout: title
    title: "{{ region }}"
  - layout: bullets
    title: Punkter
    bullets: [a, b]
"""

LAYOUT_HEAD = """\
{#---
master: Title Only
fields:
  title: {type: text, required: true, help: The slide's title.}
---#}
"""


def alias_bomb() -> str:
    """'Billion laughs': nine levels of nine aliases, 9**9 strings once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("slides: *a8")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Bad:
    """One bad input: the files to write, the place the error must name and words it must say."""

    id: str
    content: str | bytes
    where: str  # `file:line:col` (or a file) the first error line starts with
    says: str  # words the message must contain
    files: dict[str, str | bytes] = field(default_factory=dict)  # more files in the project
    also: str = ""  # a second place the message must name (a layout line, a vars line)
    schema: bool = False  # a problem the JSON Schema catches too (see test_jsonschema.py)
    output: str = "deck.pptx"
    exit: int = 1
    content_file: str = "deck.yaml"
    xfail: str = ""  # a known gap in a stage this table does not own: what has to change


def slide(body: str) -> str:
    """A content file with one slide, `body` indented under `- `; the slide's first line is line 2."""
    return (
        "slides:\n"
        + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ").replace("    ", "  - ", 1)
        + "\n"
    )


CASES = [
    # YAML itself
    Bad(
        "yaml-syntax-unclosed-quote",
        slide('layout: bullets\ntitle: "unclosed\nbullets: [a]'),
        "deck.yaml:3:12",
        'quote " opened here is not closed',
    ),
    Bad(
        "yaml-syntax-unclosed-bracket",
        "title: x\nslides: [a\n\nvars: {}\n",
        "deck.yaml:2:9",
        "[ opened here",
    ),
    Bad(
        "yaml-jinja-unquoted",
        slide("layout: bullets\ntitle: {{ region }}\nbullets: [a]"),
        "deck.yaml:3:12",
        "put the text in quotes",
    ),
    Bad(
        "tab-indentation",
        "slides:\n  - layout: bullets\n  \ttitle: x\n",
        "deck.yaml:3:3",
        "tab character",
    ),
    Bad(
        "duplicate-key",
        slide("layout: bullets\ntitle: x\nbullets: [a]\ntitle: y"),
        "deck.yaml:5:5",
        "duplicate key 'title' (first at line 3)",
    ),
    Bad("empty-file", "", "deck.yaml:1:1", "the file is empty"),
    Bad("only-comments", "# nothing yet\n", "deck.yaml:1:1", "only comments"),
    Bad(
        "yaml-list-not-mapping",
        "- layout: bullets\n- layout: title\n",
        "deck.yaml:1:1",
        "must be a mapping",
    ),
    Bad("binary-file", b"PK\x03\x04\x00\x00binary", "deck.yaml:1:5", "binary file"),
    Bad(
        "non-utf8",
        "title: Allianser\nauthor: Bj\xf8rn\n".encode("latin-1"),
        "deck.yaml:2:11",
        "not UTF-8",
    ),
    Bad(
        "huge-file",
        "vars:\n  big: " + "x" * (2 * 1024 * 1024 + 10) + "\n",
        "deck.yaml:1:1",
        "bytes, more than the 2 097 152 allowed",
    ),
    Bad("alias-bomb", alias_bomb(), "deck.yaml:", "too many values"),
    Bad(
        "recursive-alias",
        "vars:\n  a: &x [1, *x]\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:2:6",
        "refers to the value that contains it",
    ),
    # libyaml 0.2.5 lets the events through (column 108); newer ones refuse first (column 109)
    Bad(
        "deep-nesting",
        "slides: " + "[" * 5000 + "]" * 5000 + "\n",
        "deck.yaml:1:10",
        "nested more than 100",
    ),
    Bad(
        "yaml-tag",
        "slides: !!python/object:os.system []\n",
        "deck.yaml:1:9",
        "unsupported YAML tag",
    ),
    Bad(
        "merge-key",
        "base: &b {title: x}\nslides:\n  - <<: *b\n    layout: title\n",
        "deck.yaml:3:5",
        "merge keys",
    ),
    Bad(
        "raw-control-character",
        slide('layout: bullets\ntitle: x\nbullets: [ok, "a\x01b"]'),
        "deck.yaml:4:21",
        "U+0001",
    ),
    Bad(
        "escaped-vertical-tab",
        slide('layout: bullets\ntitle: x\nbullets:\n  - ok\n  - "a\\x0bb"'),
        "deck.yaml:6:9",
        "U+000B",
    ),
    Bad(
        "escaped-control-in-deck-title",
        'title: "Deck\\x01"\n' + slide("layout: title\ntitle: x"),
        "deck.yaml:1:8",
        "U+0001",
    ),
    # the content format
    Bad(
        "slides-a-string",
        "slides: hello\n",
        "deck.yaml:1:9",
        "expected a list of slides, got a string",
        schema=True,
    ),
    Bad("slides-missing", "title: x\n", "deck.yaml:1:1", "missing key 'slides'", schema=True),
    Bad(
        "bullets-a-string",
        slide("layout: bullets\ntitle: x\nbullets: hello"),
        "deck.yaml:4:14",
        "expected a list, got a string",
        schema=True,
    ),
    Bad(
        "title-a-list",
        slide("layout: bullets\ntitle: [a]\nbullets: [a]"),
        "deck.yaml:3:12",
        "expected text, got a list",
        schema=True,
    ),
    Bad(
        "title-yes-no",
        slide("layout: title\ntitle: no"),
        "deck.yaml:3:12",
        "put the text in quotes",
        schema=True,
    ),
    Bad(
        "bullet-yes-no",
        slide("layout: bullets\ntitle: x\nbullets: [Norway, no]"),
        "deck.yaml:4:23",
        "bullets[2]: expected text, got true/false",
        schema=True,
    ),
    Bad(
        "date-not-a-date",
        "date: 15. mars 2019\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:7",
        "expected a date like 2019-03-15",
        schema=True,
    ),
    Bad(
        "date-impossible",
        "date: 2019-02-30\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:7",
        "day is out of range",
    ),
    Bad(
        "language-tag-wrong",
        "language: nb_no\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:11",
        "did you mean 'nb-NO'?",
        schema=True,
    ),
    Bad(
        "unknown-top-key",
        "titel: x\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:1",
        "unknown key 'titel'; did you mean 'title'?",
        schema=True,
    ),
    Bad(
        "unknown-slide-key",
        slide("layout: bullets\ntitle: x\nbullets: [a]\nnotez: y"),
        "deck.yaml:5:5",
        "unknown key 'notez' for layout 'bullets'; did you mean 'notes'?",
        schema=True,
    ),
    Bad(
        "unknown-layout",
        slide("layout: bulets\ntitle: x\nbullets: [a]"),
        "deck.yaml:2:13",
        "unknown layout 'bulets'; did you mean 'bullets'?",
        schema=True,
    ),
    Bad(
        "missing-layout",
        slide("title: x\nbullets: [a]"),
        "deck.yaml:2:5",
        "missing key 'layout'",
        schema=True,
    ),
    Bad(
        "missing-required-field",
        slide("layout: bullets\ntitle: x"),
        "deck.yaml:2:5",
        "missing field 'bullets'",
        schema=True,
    ),
    Bad(
        "empty-title",
        slide("layout: bullets\ntitle:\nbullets: [a]"),
        "deck.yaml:3:11",
        "empty value",
        schema=True,
    ),
    Bad(
        "empty-list-item",
        slide("layout: bullets\ntitle: x\nbullets:\n  - a\n  -"),
        "deck.yaml:6:8",
        "bullets[2]: empty value",
        schema=True,
    ),
    Bad(
        "records-unknown-key",
        slide(
            "layout: columns\ntitle: x\ncolumns:\n  - {heading: a, txt: b}\n  - {heading: c, text: d}"
        ),
        "deck.yaml:5:22",
        "unknown key 'txt'; did you mean 'text'?",
        schema=True,
    ),
    Bad(
        "vars-reserved-name",
        "vars: {deck: x}\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:8",
        "the name 'deck' is reserved",
        schema=True,
    ),
    Bad(
        "list-over-its-max",
        slide("layout: steps\ntitle: x\nsteps: [a, b, c, d, e, f, g, h]"),
        "deck.yaml:4:12",
        "expected at most 7 items, got 8; split the process over two steps slides",
        schema=True,
    ),
    Bad(
        "list-under-its-min",
        slide("layout: triad\ntitle: x\nitems: [alene]"),
        "deck.yaml:4:12",
        "expected at least 2 items, got 1",
        schema=True,
    ),
    Bad(
        "for-each-not-a-loop",
        slide("layout: title\nfor_each: goals\ntitle: x"),
        "deck.yaml:3:15",
        "expected `NAME in LIST`",
        schema=True,
    ),
    # Jinja in content
    Bad(
        "undefined-variable",
        "vars: {region: T}\n" + slide('layout: title\ntitle: "{{ regoin }}"'),
        "deck.yaml:4:12",
        "undefined variable 'regoin'; did you mean 'region'?",
    ),
    Bad(
        "undefined-attribute",
        GOOD.replace('title: "{{ region }}"', 'title: "{{ goals[0].titel }}"'),
        "deck.yaml:9:12",
        "no 'titel' here",
    ),
    Bad(
        "undefined-in-literal-block",
        "vars: {region: T}\n"
        + slide("layout: title\ntitle: x\nnotes: |\n  line one\n  line two {{ regoin }}"),
        "deck.yaml:7:19",
        "did you mean 'region'?",
    ),
    Bad(
        "undefined-list-expression",
        "vars: {change: [a]}\n" + slide('layout: bullets\ntitle: x\nbullets: "{{ changes }}"'),
        "deck.yaml:5:14",
        "did you mean 'change'?",
    ),
    Bad(
        "undefined-in-vars-text",
        "vars:\n  region: T\n  intro: |\n    Om\n    {{ regoin }}\n"
        + slide('layout: title\ntitle: x\nnotes: "{{ intro }}"'),
        "deck.yaml:5:8",
        "vars.intro: undefined variable 'regoin'; did you mean 'region'?",
    ),
    Bad(
        "jinja-syntax",
        slide('layout: title\ntitle: "{{ region }"'),
        "deck.yaml:3:12",
        "Jinja syntax",
    ),
    Bad(
        "sandbox-mro",
        slide("layout: title\ntitle: \"{{ ''.__class__.__mro__ }}\""),
        "deck.yaml:3:12",
        "not allowed",
    ),
    Bad(
        "sandbox-cycler-globals",
        slide('layout: title\ntitle: "{{ cycler.__init__.__globals__ }}"'),
        "deck.yaml:3:12",
        "not allowed",
    ),
    Bad(
        "sandbox-lipsum-globals",
        slide('layout: title\ntitle: "{{ lipsum.__globals__ }}"'),
        "deck.yaml:3:12",
        "not allowed",
    ),
    Bad(
        "sandbox-subclasses",
        slide('layout: title\ntitle: "{{ ().__class__.__base__.__subclasses__() }}"'),
        "deck.yaml:3:12",
        "not allowed",
    ),
    Bad(
        "string-multiplication-bomb",
        slide("layout: title\ntitle: \"{{ 'ha' * 1000000000 }}\""),
        "deck.yaml:3:12",
        "not allowed",
    ),
    Bad(
        "concatenation-bomb",
        slide("layout: title\ntitle: \"{% set s = 'a' * 90000 %}{% set s = s ~ s ~ s %}{{ s }}\""),
        "deck.yaml:3:12",
        "not allowed",
    ),
    Bad(
        "loop-bomb",
        slide(
            'layout: title\ntitle: "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"'
        ),
        "deck.yaml:3:12",
        "loops run more than",
    ),
    Bad(
        "format-width-bomb",
        slide("layout: title\ntitle: \"{{ '%999999999s' | format(1) }}\""),
        "deck.yaml:3:12",
        "format width too large",
    ),
    Bad(
        "macro-recursion",
        slide('layout: title\ntitle: "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"'),
        "deck.yaml:3:12",
        "calls itself",
    ),
    Bad(
        "control-character-from-jinja",
        slide("layout: bullets\ntitle: x\nbullets: [\"{{ '\\\\x01' }}\"]"),
        "deck.yaml:4:14",
        "U+0001",
    ),
    Bad(
        "for-each-not-a-list",
        "vars: {n: 3}\n" + slide("layout: title\nfor_each: g in n\ntitle: x"),
        "deck.yaml:4:5",
        "expected a list to repeat the slide over, got a number",
    ),
    Bad(
        "for-each-undefined",
        slide("layout: title\nfor_each: goal in gaols\ntitle: x"),
        "deck.yaml:3:5",
        "undefined variable 'gaols'",
    ),
    Bad(
        "when-undefined",
        "vars: {show: true}\n" + slide("layout: title\nwhen: shwo\ntitle: x"),
        "deck.yaml:4:5",
        "undefined variable 'shwo'; did you mean 'show'?",
    ),
    Bad(
        "when-leaves-nothing",
        slide("layout: title\nwhen: false\ntitle: x"),
        "deck.yaml:2:3",
        "no slides left",
    ),
    # layouts of the project
    Bad(
        "layout-jinja-syntax",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "Jinja syntax",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - placeholder: title\n"
            "    text: {{ title | q }\n"
        },
        also="templates/layouts/mine.yaml.j2:8:",
    ),
    Bad(
        "layout-undefined-variable",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "undefined variable 'titel' in the layout",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - placeholder: title\n"
            "    text: {{ titel | q }}\n"
        },
        also="templates/layouts/mine.yaml.j2:8:14); did you mean 'title'?",
    ),
    Bad(
        "layout-sandbox-escape",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "not allowed",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - placeholder: title\n"
            "    text: {{ title.__class__.__mro__ | q }}\n"
        },
        also="templates/layouts/mine.yaml.j2:8:",
    ),
    Bad(
        "layout-chart-key-on-a-text-box",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "`series:` is not a key of a text box or drawn shape; it belongs to a chart",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - geometry: textbox\n"
            "    box: [60, 128, 840, 100]\n    text: {{ title | q }}\n    series: [a, b]\n"
        },
        also="templates/layouts/mine.yaml.j2:10:5",
    ),
    Bad(
        "layout-fill-on-a-placeholder",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "`fill:` is not a key of a placeholder; it belongs to a text box or drawn shape",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - placeholder: title\n"
            "    fill: accent1\n    text: {{ title | q }}\n"
        },
        also="templates/layouts/mine.yaml.j2:8:5",
    ),
    Bad(
        "layout-two-kinds-in-one-shape",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "this one gives picture and table",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - picture: a.png\n"
            "    table: t\n    box: [60, 128, 840, 100]\n"
        },
        also="templates/layouts/mine.yaml.j2:",
    ),
    Bad(
        "layout-chart-without-its-columns",
        slide("layout: mine\ntitle: x"),
        "deck.yaml:2:5",
        "missing key 'categories'",
        files={
            "templates/layouts/mine.yaml.j2": LAYOUT_HEAD + "shapes:\n  - chart: column\n"
            "    data: d\n    series: [a]\n    box: [60, 128, 840, 100]\n"
        },
        also="templates/layouts/mine.yaml.j2:",
    ),
    Bad(
        "layout-front-matter-a-list",
        slide("layout: title\ntitle: x"),
        "templates/layouts/mine.yaml.j2:2:1",
        "front matter: expected a mapping",
        files={"templates/layouts/mine.yaml.j2": "{#---\n- a\n---#}\n"},
    ),
    Bad(
        "layout-not-utf8",
        slide("layout: title\ntitle: x"),
        "templates/layouts/mine.yaml.j2:1:1",
        "not UTF-8",
        files={"templates/layouts/mine.yaml.j2": b"{#---\nmaster: T\xf8\n---#}\n"},
    ),
    # extends and paths
    Bad(
        "extends-self",
        "extends: deck.yaml\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:10",
        "cycle deck.yaml -> deck.yaml",
    ),
    Bad(
        "extends-cycle",
        "extends: b.yaml\n" + slide("layout: title\ntitle: x"),
        "b.yaml:1:10",
        "cycle deck.yaml -> b.yaml -> deck.yaml",
        files={"b.yaml": "extends: deck.yaml\n"},
    ),
    Bad(
        "extends-missing-parent",
        "extends: base.yaml\n",
        "deck.yaml:1:10",
        "no such file 'base.yaml'",
    ),
    Bad(
        "extends-outside-project",
        "extends: ../elsewhere/base.yaml\n",
        "deck.yaml:1:10",
        "'../elsewhere/base.yaml' is outside the project folder",
    ),
    Bad(
        "extends-absolute-outside",
        "extends: /etc/hostname\n",
        "deck.yaml:1:10",
        "outside the project folder",
    ),
    Bad(
        "template-outside-project",
        "template: ../brand.pptx\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:11",
        "outside the project folder",
    ),
    Bad(
        "template-not-pptx",
        "template: deck.yaml\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:11",
        "expected the path of a .pptx or .potx file",
        schema=True,
    ),
    Bad(
        "template-not-a-pptx-inside",
        "template: brand.pptx\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:11",
        "not a usable .pptx master",
        files={"brand.pptx": "not a zip"},
    ),
    Bad(
        "image-outside-project",
        slide("layout: picture\ntitle: x\nimage: ../../etc/hostname\nalt: A map"),
        "deck.yaml:4:12",
        "outside the project folder",
    ),
    Bad(
        "image-missing",
        slide("layout: picture\ntitle: x\nimage: map.png\nalt: A map"),
        "deck.yaml:4:12",
        "not found",
    ),
    Bad(
        "image-not-an-image",
        slide("layout: picture\ntitle: x\nimage: deck.yaml\nalt: A map"),
        "deck.yaml:4:12",
        "not a readable image",
    ),
    Bad(
        "template-missing",
        "template: brand.pptx\n" + slide("layout: title\ntitle: x"),
        "deck.yaml:1:11",
        "not found",
    ),
    # the command line and the output
    Bad(
        "output-is-a-folder", GOOD, "out", "is a folder", files={"out/keep.txt": "x"}, output="out"
    ),
    Bad(
        "output-under-a-file",
        GOOD,
        "somefile.txt",
        "is a file, not a folder",
        files={"somefile.txt": "x"},
        output="somefile.txt/deck.pptx",
    ),
    Bad("content-file-missing", GOOD, "nope.yaml", "", content_file="nope.yaml", exit=2),
]


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def test_there_are_at_least_thirty_bad_inputs() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.xfail)) if c.xfail else c
        for c in CASES
    ],
    ids=[c.id for c in CASES],
)
def test_bad_input_is_one_located_error_and_keeps_the_deck(project: Path, case: Bad) -> None:
    write(project, {"deck.yaml": GOOD})
    good = run("deck.yaml", "-o", "deck.pptx")
    assert good.exit_code == 0, good.output
    before = (project / "deck.pptx").read_bytes()

    write(
        project,
        {**case.files, "deck.yaml": case.content}
        if case.content_file == "deck.yaml"
        else case.files,
    )
    result = run(case.content_file, "-o", case.output)

    assert result.exit_code == case.exit, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.stdout == ""
    if case.exit == 2:  # a usage error: click's own format, naming the file
        assert case.where in result.stderr and (project / "deck.pptx").read_bytes() == before
        return
    first = result.stderr.splitlines()[0]
    assert first.startswith(case.where), f"expected {case.where!r} first, got:\n{result.stderr}"
    if re.match(r"^[\w./-]+:\d+:\d+", case.where):
        assert re.match(r"^[\w./-]+:\d+:\d+: ", first), first
    assert case.says in result.stderr, result.stderr
    if case.also:
        assert case.also in result.stderr, result.stderr
    assert (project / "deck.pptx").read_bytes() == before
    assert not [p for p in project.rglob("*.tmp")], "a temporary file was left behind"


def test_alias_bomb_is_refused_before_it_is_expanded(project: Path) -> None:
    # how fast: bench/limits.py ("alias bomb refused", at most 2 s); a hang is caught by the run's timeout
    write(project, {"deck.yaml": alias_bomb()})
    result = run("deck.yaml", "-o", "deck.pptx")
    assert result.exit_code == 1 and "too many values" in result.stderr


def test_all_errors_of_a_file_come_together(project: Path) -> None:
    write(
        project,
        {
            "deck.yaml": "titel: x\nlanguage: norsk\n"
            + slide("layout: bulets\ntitle: x")
            + "  - layout: bullets\n    title: [a]\n    bullets: hello\n"
        },
    )
    result = run("deck.yaml", "-o", "deck.pptx")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "deck.yaml:1:1",
        "deck.yaml:2:11",
        "deck.yaml:4:13",
        "deck.yaml:7:12",
        "deck.yaml:8:14",
    ]
    assert lines[-1] == "5 errors, no deck written"
    assert not (project / "deck.pptx").exists()


def _main(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from generator.commands.app import main; main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("content", "code", "where"),
    [
        ("slides: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, "deck.yaml:1:10"),
        (b"title: \xff\xfe\n", 1, "deck.yaml:1:8:"),
        (slide('layout: title\ntitle: "{{ cycler.__init__.__globals__ }}"'), 1, "deck.yaml:3:12:"),
        (None, 2, ""),
    ],
    ids=["nesting-that-crashed-libyaml", "non-utf8", "sandbox-escape", "missing-file"],
)
def test_real_process_exits_with_a_status_and_a_line_never_a_traceback(
    tmp_path: Path, content: str | bytes | None, code: int, where: str
) -> None:
    if content is not None:
        write(tmp_path, {"deck.yaml": content})
    result = _main(
        "deck.yaml" if content is not None else "nope.yaml", "-o", "deck.pptx", cwd=tmp_path
    )
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith(where) if where else "nope.yaml" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "deck.pptx").exists()


def test_a_value_with_a_line_break_stays_on_the_line_of_its_error(project: Path) -> None:
    # each error is one line (editors and CI read them line by line): a line break in a quoted value shows as \n
    write(project, {"deck.yaml": slide('layout: table\ntitle: T\ntable: "Telemark\\n"')})
    result = run("deck.yaml", "-o", "deck.pptx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck.yaml:4:12: data: no data named 'Telemark\\n'; "
        "name a data file under `data:` (or a list under vars:)",
        "1 error, no deck written",
    ]
