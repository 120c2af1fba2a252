"""Jinja in content and layouts: strict, sandboxed, bounded, and errors that name the right places."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.deck import build_deck
from generator.content.layouts import catalog, search_dirs
from generator.content.located import load_text
from generator.errors import DeckError, DeckErrors
from generator.templating.render import RenderedSlide, renderer
from generator.templating.sandbox import MAX_STEPS, MAX_TEXT

from .conftest import REPO

VARS = """\
vars:
  region: Telemark
  since: 2024-01-01
  names: [Skien, Porsgrunn, Bamble]
  goals:
    - {horizon: Om 5 år, text: Et mål, show: true}
    - {horizon: Om 10 år, text: Et annet mål, show: false}
  count: 1300
"""


def render(text: str, project: Path = REPO) -> tuple[RenderedSlide, ...]:
    dirs = search_dirs(project)
    return renderer(dirs).render(build_deck(load_text(text, "c.yaml"), catalog(dirs))).slides


def title(expression: str) -> str:
    """A deck whose one slide has `expression` as its title (line 11 of the file)."""
    quoted = expression.replace("\\", "\\\\").replace('"', '\\"')
    return VARS + f'slides:\n  - layout: title\n    title: "{quoted}"\n'


def fails(text: str, project: Path = REPO) -> list[DeckError]:
    with pytest.raises(DeckError) as caught:
        render(text, project)
    exc = caught.value
    return list(exc.errors) if isinstance(exc, DeckErrors) else [exc]


def rendered_title(expression: str) -> str:
    return render(title(expression))[0].data["shapes"][0]["text"]


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        ("{{ region }} i endring", "Telemark i endring"),
        ("{{ since | long_date }}", "1. januar 2024"),
        ("{{ names | and_list }}", "Skien, Porsgrunn og Bamble"),
        ("{{ names | plural('kommune', 'kommuner') }}", "3 kommuner"),
        ("{{ count | number }}", "1\xa0300"),
        (
            "{{ '5' | plural('kommune', 'kommuner') }}, {{ region | and_list }}",
            "5 kommuner, Telemark",
        ),
        ("{{ deck.language }}", "nb-NO"),
        ("{{ goals[0].text }}", "Et mål"),
        (
            "{{ 'ab' ~ 'cd' }} {{ '-' * 3 }} {{ [1, 2] + [3] }} {{ 2 ** 10 }}",
            "abcd --- [1, 2, 3] 1024",
        ),
        (
            "{{ '%s!' % region }} {{ '{}?'.format(region) }} {{ '%05.1f' | format(2.5) }}",
            "Telemark! Telemark? 002.5",
        ),
        (
            "{{ names | join(', ') }}; {{ region | replace('T', 't') }}; {{ 'x' | center(5) }}|",
            "Skien, Porsgrunn, Bamble; telemark;   x  |",
        ),
        (
            "{{ names | batch(2) | list | length }} {{ names | slice(2) | list | length }} {{ range(5) | sum }}",
            "2 2 10",
        ),
        (
            "{% for n in names %}{{ n }}{{ '' if loop.last else ', ' }}{% endfor %}",
            "Skien, Porsgrunn, Bamble",
        ),
        ("{{ {'a': [1]} | tojson }}{{ 'a' | indent(2, true) }}", '{"a": [1]}  a'),
        (
            "{{ ', '.join(names) }} {{ 'ab'.center(4) }}|{{ 'a'.zfill(3) }}",
            "Skien, Porsgrunn, Bamble  ab |00a",
        ),
    ],
    ids=[
        "var",
        "long_date",
        "and_list",
        "plural",
        "number",
        "text-not-a-list",
        "deck",
        "index",
        "operators",
        "formatting",
        "filters",
        "sequences",
        "loop",
        "tojson-indent",
        "str-methods",
    ],
)
def test_content_text_renders(expression: str, text: str) -> None:
    assert rendered_title(expression) == text


def test_numbers_and_dates_in_text_fields_are_text_as_written() -> None:
    slide = render(
        "slides:\n  - layout: bullets\n    title: 010\n    bullets: [1.10, 12:30, 2024-01-01]\n"
    )[0]
    assert slide.data["shapes"][0]["text"] == "010"
    assert slide.data["shapes"][1]["paragraphs"] == ["1.10", "12:30", "2024-01-01"]


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("{{ regoin }}", "undefined variable 'regoin'; did you mean 'region'?"),
        ("{{ nothing_like_it }}", "undefined variable 'nothing_like_it'; define it under `vars:`"),
        ("{{ goals[0].txt }}", "no 'txt' here; did you mean 'text'?"),
        ("{{ goals[0].zzz }}", "no 'zzz' here; it has: horizon, text, show"),
        ("{{ deck.titel }}", "did you mean 'title'?"),
        ("{{ region.upperr() }}", "str object has no 'upperr'"),
        ("{{ names[7] }}", "undefined value"),
        ("{% if regoin %}x{% endif %}", "undefined variable 'regoin'"),
        ("{{ regoin | default('x') }}", None),
        (
            "{{ 'mange' | plural('kommune', 'kommuner') }}",
            "plural: expected a number or a list, got 'mange'",
        ),
        ("{{ 'i morgen' | long_date }}", "expected a date like 2020-01-01, got 'i morgen'"),
    ],
)
def test_undefined_is_an_error_with_a_suggestion_never_a_blank(
    expression: str, says: str | None
) -> None:
    if says is None:
        assert rendered_title(expression) == "x"
        return
    [error] = fails(title(expression))
    assert (error.location.line, error.location.col) == (11, 12)
    assert error.path == "slides[1].title"
    assert says in error.line()


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ joiner.__init__.__globals__['os'] }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ ().__class__.__base__.__subclasses__() }}",
        "{{ region.__class__.__init__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ range.__self__ }}",
        "{{ names.pop() }}{{ names.append(1) }}",
        "{{ (1).__class__.__subclasses__() }}",
    ],
)
def test_sandbox_refuses_python_internals(expression: str) -> None:
    [error] = fails(title(expression))
    assert "not allowed in a template" in error.line() or "undefined" in error.line(), error.line()
    assert (error.location.line, error.location.col) == (11, 12)


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("{{ 'ha' * 1000000000 }}", "the result would hold"),
        ("{{ 1000000000 * 'ha' }}", "the result would hold"),
        ("{{ [0] * 1000000000 }}", "the result would hold"),
        ("{% set s = 'a' * 90000 %}{{ s + s }}", "the result would hold"),
        ("{% set s = 'a' * 90000 %}{{ s ~ s }}", "the result would hold"),
        ("{{ 9 ** 9999 }}", "exponent too large"),
        (
            "{% set n = 2 ** 60 %}{{ n" + " * n" * 73 + " }}",
            "number too large",
        ),
        ("{{ '%999999999s' % 1 }}", "format width too large"),
        ("{{ '%*s' | format(999999999, 'a') }}", "format width too large"),
        ("{{ '{:>999999999}'.format(1) }}", "format width too large"),
        ("{{ 'x' | center(999999999) }}", "the result would hold"),
        ("{{ 'x'.ljust(999999999) }}", "the result would hold"),
        ("{{ ('a' * 90000) | replace('a', 'aaaa') }}", "the result would hold"),
        ("{{ ('a' * 90000).replace('a', 'aaaa') }}", "the result would hold"),
        ("{{ ('a' * 50000) | list | join('a' * 50000) }}", "the result would hold"),
        ("{{ ('\\n' * 50000) | indent(1000) }}", "the result would hold"),
        ("{{ [1] | batch(999999999, 0) | list }}", "batch size out of range"),
        ("{{ [1] | slice(999999999) | list }}", "slice count out of range"),
        ("{{ [[[]]] | tojson(999999999) }}", "indent out of range"),
        ("{{ lipsum(1000000) }}", "lipsum arguments out of range"),
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
            "loops run more than",
        ),
        (
            "{% for c in 'a' * 90000 %}{% for d in 'a' * 90000 %}{% endfor %}{% endfor %}",
            "loops run more than",
        ),
        ("{% for i in range(99999) %}{{ 'x' * 99999 }}{% endfor %}", "grows past"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
    ],
)
def test_bombs_are_refused_before_they_are_built(expression: str, says: str) -> None:
    [error] = fails(title(expression))
    assert says in error.line(), error.line()


def test_limits_leave_room_for_real_text() -> None:
    assert len(rendered_title(f"{{{{ 'a' * {MAX_TEXT} }}}}")) == MAX_TEXT
    assert rendered_title(f"{{% for i in range({MAX_STEPS}) %}}{{% endfor %}}ok") == "ok"


def test_for_each_makes_one_slide_per_item_and_when_filters_them() -> None:
    slides = render(
        VARS + "slides:\n  - layout: quote\n    for_each: goal in goals\n    when: goal.show\n"
        "    title: '{{ goal.horizon }}'\n    text: '{{ goal.text }}'\n"
        "  - layout: title\n    when: false\n    title: never\n"
        "  - layout: title\n    when: names | length > 2\n    title: '{{ slide_count | default(3) }}'\n"
    )
    assert [s.data["shapes"][0]["text"] for s in slides] == ["Om 5 år", "3"]
    assert [s.number for s in slides] == [1, 2]


@pytest.mark.parametrize(
    ("loop", "line", "says"),
    [
        ("for_each: g in region", 11, "expected a list to repeat the slide over, got a string"),
        ("for_each: g in count", 11, "got a number"),
        ("for_each: g in goals[0]", 11, "got a mapping"),
        ("for_each: g in gaols", 11, "undefined variable 'gaols'; did you mean 'goals'?"),
        ("for_each: g in goals |", 11, "Jinja syntax"),
        ("when: regoin", 11, "undefined variable 'regoin'; did you mean 'region'?"),
        ("when: goals[0].shwo", 11, "no 'shwo' here; did you mean 'show'?"),
    ],
)
def test_for_each_and_when_errors_are_located(loop: str, line: int, says: str) -> None:
    [error] = fails(VARS + f"slides:\n  - layout: title\n    {loop}\n    title: x\n")
    assert error.location.line == line and says in error.line(), error.line()


def test_nothing_left_after_when_is_an_error_at_slides() -> None:
    [error] = fails(VARS + "slides:\n  - layout: title\n    when: false\n    title: x\n")
    assert "no slides left" in error.line() and error.location.line == 10


def test_list_field_from_vars() -> None:
    base = VARS + "  changes: ['{{ region }} endrer seg', Ny]\n  empty: []\n"
    base += "slides:\n  - layout: bullets\n    title: x\n"
    slide = render(base + "    bullets: '{{ changes }}'\n")[0]
    assert slide.data["shapes"][1]["paragraphs"] == ["Telemark endrer seg", "Ny"]
    for expression, says in [
        ("{{ chnages }}", "did you mean 'changes'?"),
        ("{{ region }}", "gives a string"),
        ("{{ empty }}", "is an empty list"),
        ("{{ goals }}", "item 1: expected text"),
    ]:
        [error] = fails(base + f"    bullets: '{expression}'\n")
        assert error.location.line == 14 and says in error.line(), error.line()


def test_text_from_vars_is_rendered_and_its_errors_point_at_the_var() -> None:
    base = VARS + "  intro: |\n    {{ names | length }} kommuner\n    i {{ region }}\n"
    slide = render(base + "slides:\n  - layout: title\n    title: x\n    notes: '{{ intro }}'\n")[0]
    assert slide.notes == "3 kommuner\ni Telemark"
    [error] = fails(
        base.replace("{{ region }}", "{{ regoin }}")
        + "slides:\n  - layout: title\n    title: x\n    notes: '{{ intro }}'\n"
    )
    assert (error.location.line, error.location.col) == (11, 10) and error.path == "vars.intro"
    assert "did you mean 'region'?" in error.line()


@pytest.mark.parametrize(
    ("notes", "where"),
    [
        ("|\n      one\n      two {{ regoin }}", (14, 14)),
        ("|\n      one\n\n      three {{ x }", (15, 7)),
        ("'{{ regoin }}'", (12, 12)),
    ],
)
def test_errors_in_literal_blocks_point_at_their_line(notes: str, where: tuple[int, int]) -> None:
    [error] = fails(VARS + f"slides:\n  - layout: title\n    title: x\n    notes: {notes}\n")
    assert (error.location.line, error.location.col) == where, error.line()


LAYOUT_HEAD = (
    "{#---\nmaster: Title Only\nfields:\n  title: {type: text, required: true}\n---#}\nshapes:\n"
)


@pytest.mark.parametrize(
    ("body", "says", "at"),
    [
        ("  - placeholder: title\n    text: {{ title | q }\n", "Jinja syntax", (8, 1)),
        (
            "  - placeholder: title\n    text: {{ titel | q }}\n",
            "undefined variable 'titel' in the layout",
            (8, 14),
        ),
        (
            "  - placeholder: title\n    text: {{ title.__class__ | q }}\n",
            "not allowed in a template",
            (8, 20),
        ),
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n",
            "loops run",
            (7, 1),
        ),
    ],
    ids=["syntax", "undefined", "sandbox", "loop-bomb"],
)
def test_layout_errors_name_the_slide_and_the_layout_line(
    tmp_path: Path, body: str, says: str, at: tuple[int, int]
) -> None:
    (tmp_path / "templates" / "layouts").mkdir(parents=True)
    (tmp_path / "templates" / "layouts" / "mine.yaml.j2").write_text(
        LAYOUT_HEAD + body, encoding="utf-8"
    )
    [error] = fails(
        "slides:\n  - layout: title\n    title: ok\n  - layout: mine\n    title: x\n", tmp_path
    )
    assert (error.location.line, error.location.col) == (4, 5) and error.path == "slides[2]"
    assert error.also is not None and error.also.file.endswith("templates/layouts/mine.yaml.j2")
    assert says in error.line(), error.line()
    assert (error.also.line, error.also.col) == at


def test_errors_of_all_slides_come_together() -> None:
    errors = fails(
        VARS
        + "slides:\n  - layout: title\n    title: '{{ a }}'\n  - layout: title\n    title: '{{ b }}'\n"
        "    notes: '{{ c }}'\n"
    )
    assert [(e.location.line, e.path) for e in errors] == [
        (11, "slides[1].title"),
        (13, "slides[2].title"),
        (14, "slides[2].notes"),
    ]


def _layout(project: Path, name: str, body: str, extra: dict[str, str] | None = None) -> None:
    folder = project / "templates" / "layouts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml.j2").write_text(
        "{#---\nmaster: Title Only\nfields:\n  title: {type: text, required: true}\n---#}\n" + body,
        encoding="utf-8",
    )
    for file, text in (extra or {}).items():
        (folder / file).write_text(text, encoding="utf-8")


def _deck(layout: str, value: str) -> str:
    return f"vars:\n  value: {value}\nslides:\n  - layout: {layout}\n    title: Tittel\n"


@pytest.mark.parametrize(
    ("body", "extra"),
    [
        ("shapes:\n  - placeholder: title\n    text: {{ value | string | q }}\n", None),
        (
            "shapes:\n  - placeholder: title\n    text: {% include 'part.j2' %}\n",
            {"part.j2": "{{ value | string | q }}"},
        ),
    ],
    ids=["reads-var", "includes-a-template-that-reads-it"],
)
def test_a_layout_rendered_again_in_a_batch_shows_each_decks_values(
    project: Path, body: str, extra: dict[str, str] | None
) -> None:
    _layout(project, "shows", body, extra)
    texts = [
        render(_deck("shows", value), project)[0].data["shapes"][0]["text"]
        for value in (
            "Telemark",
            "Vestfold",
            "Telemark",
            "1",
            "true",
            "1.0",
            "[1]",
            "'1'",
            "0.0",
            "-0.0",
            "Vestfold",
        )
    ]
    assert texts == [
        "Telemark",
        "Vestfold",
        "Telemark",
        "1",
        "True",
        "1.0",
        "[1]",
        "1",
        "0.0",
        "-0.0",
        "Vestfold",
    ]


def test_a_layout_drawing_random_text_is_drawn_anew_for_every_deck(project: Path) -> None:
    _layout(
        project,
        "dice",
        "shapes:\n  - placeholder: title\n    text: {{ range(90000) | list | random | string | q }}\n",
    )
    texts = [render(_deck("dice", "x"), project)[0].data["shapes"][0]["text"] for _ in range(5)]
    assert len(set(texts[1:])) > 1  # the second deck on is where a batch reuses what it rendered
