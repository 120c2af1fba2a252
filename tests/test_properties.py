"""Whatever content people write, make-deck builds a deck PowerPoint can open or says where the mistake is."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from generator.content.editorschema import SCHEMA_FILE
from generator.content.layouts import catalog, search_dirs

from .conftest import REPO, examples, run
from .test_jsonschema import as_json

LAYOUTS = catalog(search_dirs(REPO))
VALIDATOR = jsonschema.Draft7Validator(json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8")))
LOCATED = re.compile(r"^(deck|base)\.yaml:\d+:\d+: ")

# Pieces of text people paste: Jinja that works, YAML-significant characters, Unicode.
SAFE = [
    "Telemark",
    "«sitat»",
    "Tønsberg",
    "a: b",
    "# not a comment",
    "- dash",
    "'single'",
    '"double"',
    "50 %",
    "{{ region }}",
    "{{ since | long_date }}",
    "{{ names | and_list }}",
    "{{ count | number }}",
    "{{ count | plural('kommune', 'kommuner') }}",
    "{{ goals[0].text }}",
    "{{ deck.title }}",
    "{{ region | q }}",
    "{% if show %}ja{% endif %}",
    "{% for n in names %}{{ n }} {% endfor %}",
    "{{ 'x' * 10 }}",
    "{{ names | length > 1 }}",
    "\t",
    "\n",
    "é",
    "🙂",
    "\u200b",
    "&anchor",
    "*alias",
    "@at",
    "`tick`",
    "}}",
    "{#}",
]
# ... and mistakes: undefined names, syntax errors, sandbox escapes, bombs, control characters.
BROKEN = [
    "{{ regoin }}",
    "{{ goals[0].txt }}",
    "{{ region",
    "{% if %}",
    "{{ ''.__class__ }}",
    "{{ 'x' * 10000000 }}",
    "{{ 1 / 0 }}",
    "\x0b",
    "\x01",
    "{{ '\\x01' }}",
    "{{ nope.nope }}",
    "{{ since | long_date('xx') }}",
    "",
]
VAR_VALUES = {
    "region": st.sampled_from(["Telemark", "Vestfold og Telemark", "Agder"]),
    "since": st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
    "goals": st.lists(
        st.fixed_dictionaries({"horizon": st.just("Om 5 år"), "text": st.just("Et mål")}),
        min_size=1,
        max_size=3,
    ),
    "names": st.lists(
        st.sampled_from(["Skien", "Bø", "Midt-Telemark", "Nissedal"]), min_size=2, max_size=30
    ),
    "count": st.integers(0, 100),
    "show": st.booleans(),
}


def texts(pieces: list[str]) -> st.SearchStrategy[str]:
    return (
        st.lists(st.sampled_from(pieces), min_size=1, max_size=4)
        .map("".join)
        .filter(lambda t: t.strip() != "")
    )


good_text = texts(SAFE)
any_text = texts(SAFE + BROKEN)
scalar = st.one_of(
    any_text,
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["heading", "text", "x", "horizon"]), inner, max_size=3),
    ),
    max_leaves=8,
)


def field_value(kind: str, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    if kind in ("text", "image"):
        return st.one_of(text, st.integers(0, 2030))
    if kind == "list":
        return st.one_of(st.lists(text, min_size=1, max_size=6), st.just("{{ names }}"))
    return st.lists(st.fixed_dictionaries({"heading": text, "text": text}), min_size=1, max_size=4)


@st.composite
def slides(draw: st.DrawFn, text: st.SearchStrategy[str], wild: bool) -> dict[str, Any]:
    choices = [
        n for n, layout in LAYOUTS.items() if all(f.type != "image" for f in layout.fields.values())
    ]
    name = draw(st.sampled_from([*choices, "bulets", "nope"] if wild else choices))
    out: dict[str, Any] = {"layout": name}
    layout = LAYOUTS.get(name)
    if layout is not None:
        for spec in layout.fields.values():
            if spec.required or draw(st.booleans()):
                out[spec.name] = draw(
                    st.one_of(field_value(spec.type, text), value)
                    if wild
                    else field_value(spec.type, text)
                )
    if draw(st.booleans()):
        out["notes"] = draw(text)
    if draw(st.integers(0, 3)) == 0:
        out["when"] = draw(
            st.sampled_from(["show", "count > 3", "names | length > 1", "true", "false"])
        )
    if draw(st.integers(0, 3)) == 0 and name in ("quote", "title", "statement", "closing"):
        out["for_each"] = draw(st.sampled_from(["goal in goals", "n in names"]))
    if wild:
        out.update(
            draw(
                st.dictionaries(
                    st.sampled_from(["titel", "bullet", "note", "when", "for_each"]),
                    st.one_of(any_text, value, st.just("n in count")),
                    max_size=2,
                )
            )
        )
        if draw(st.booleans()) and len(out) > 1:
            del out[draw(st.sampled_from(sorted(k for k in out if k != "layout")))]
    return out


@st.composite
def contents(draw: st.DrawFn) -> dict[str, Any]:
    """Content trees: half well formed, a quarter with mistakes in text, a quarter with mistakes anywhere."""
    kind = draw(st.sampled_from(["good", "good", "text", "wild"]))
    text = good_text if kind == "good" else any_text
    wild = kind == "wild"
    tree: dict[str, Any] = {}
    if draw(st.booleans()):
        tree["title"] = draw(st.one_of(text, scalar) if wild else text)
    if draw(st.booleans()):
        tree["date"] = draw(
            st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)), scalar)
            if wild
            else st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))
        )
    if draw(st.booleans()):
        tags = ["nb-NO", "nn-NO", "en-GB"]
        tree["language"] = draw(st.sampled_from([*tags, "nb_no", "norsk", ""] if wild else tags))
    var_values = {k: st.one_of(v, value) for k, v in VAR_VALUES.items()} if wild else VAR_VALUES
    tree["vars"] = draw(st.fixed_dictionaries({k: v for k, v in var_values.items()}))
    if wild and draw(st.booleans()):
        del tree["vars"][draw(st.sampled_from(sorted(VAR_VALUES)))]
    many = st.lists(slides(text, wild), min_size=1, max_size=4)
    tree["slides"] = draw(
        st.one_of(many, st.lists(slides(text, wild), max_size=4), value) if wild else many
    )
    if wild and draw(st.integers(0, 4)) == 0:
        tree[draw(st.sampled_from(["titel", "slide", "extends", "template"]))] = draw(text)
    return tree


# Edits that break the YAML text itself.
MUTATIONS = [
    lambda t: t,
    lambda t: t,
    lambda t: t,
    lambda t: t.replace("  ", "\t", 1),
    lambda t: t.replace(":", "", 1),
    lambda t: t.replace("- ", "-", 1),
    lambda t: t[: len(t) // 2],
    lambda t: t.replace("\n", "\n ", 1),
    lambda t: t + "title: again\n",
]


@contextmanager
def project() -> Iterator[Path]:
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(here)


@settings(
    max_examples=examples(15, 60),  # a whole build each
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tree=contents(), mutate=st.sampled_from(MUTATIONS))
def test_any_content_gives_a_deck_or_located_errors(tree: dict[str, Any], mutate: Any) -> None:
    source = mutate(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False))
    with project() as folder:
        (folder / "deck.yaml").write_text(source, encoding="utf-8")
        result = run("deck.yaml", "-o", "deck.pptx")
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
        if result.exit_code == 0:
            deck = Presentation(str(folder / "deck.pptx"))
            assert len(deck.slides) >= 1
            if mutate is MUTATIONS[0]:  # what make-deck accepts, the editor's schema accepts too
                from generator.content.located import load_text

                data = as_json(load_text(source, "deck.yaml").plain())
                assert [e.message for e in VALIDATOR.iter_errors(data)] == [], source
        else:
            assert not (folder / "deck.pptx").exists()
            lines = result.stderr.splitlines()
            errors = lines[:-1]
            assert errors, result.output
            for line in errors:
                assert LOCATED.match(line), f"not located: {line!r}\n---\n{source}"
            assert re.fullmatch(
                r"1 error, no deck written|\d+ errors, no deck written", lines[-1]
            ), lines[-1]


YAMLISH = st.lists(
    st.sampled_from(
        [
            "a",
            ": ",
            "- ",
            "\n",
            "  ",
            "\t",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&x ",
            "*x",
            "!!str ",
            "<<: ",
            "? ",
            "|\n",
            ">-\n",
            "'",
            '"',
            "#",
            "---\n",
            "...\n",
            "%YAML 1.1\n",
            "\\x01",
            "\x01",
            "\ufeff",
            "slides",
            "layout: title",
            "é",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        YAMLISH.map(str.encode), st.binary(max_size=200), st.text(max_size=200).map(str.encode)
    )
)
def test_any_bytes_load_or_fail_with_a_located_error(data: bytes) -> None:
    from generator.content.deck import build_deck
    from generator.content.located import load_text
    from generator.errors import DeckError

    try:
        build_deck(load_text(data, "deck.yaml"), LAYOUTS)
    except DeckError as exc:
        for error in getattr(exc, "errors", None) or (exc,):
            assert LOCATED.match(error.line()), error.line()
            assert "\n" not in error.line()
