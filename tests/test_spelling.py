"""Spelling in the deck's language: words found, names and the word list accepted, shipped decks clean."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.checks import spelling
from generator.checks.spelling import SpokenText, register_words, spelling_findings, tokens
from generator.errors import Location
from generator.pipeline.stages import Options, prepare

from .conftest import REPO
from .office import in_ci

CONTENT = [REPO / "content" / "2019.yaml", *sorted((REPO / "content" / "editions").glob("*.yaml"))]
WORDS = REPO / "content" / "words.txt"
HERE = Location("content/talk.yaml", 12, 7)


def _missing(language: str) -> str:
    """Why `language` cannot be checked here, or '' when it can."""
    found = spelling.load_dictionary(language)
    return found if isinstance(found, str) else ""


# skipped without the dictionaries (hunspell-no), except in CI, which installs them
needs_nb = pytest.mark.skipif(bool(_missing("nb-NO")) and not in_ci(), reason=_missing("nb-NO"))
needs_nn = pytest.mark.skipif(bool(_missing("nn-NO")) and not in_ci(), reason=_missing("nn-NO"))


def check(text: str, language: str = "nb-NO", extra: tuple[str, ...] = ()) -> list[str]:
    """The unknown words of one text, in order."""
    findings = spelling_findings([SpokenText(text, HERE, 3, "bullets")], language, extra)
    return [f.message.split("'")[1] for f in findings]


# Tokens: what is checked at all (no dictionary needed)


def test_numbers_ordinals_and_years_are_not_words() -> None:
    assert list(tokens("1. januar 2020 kom 23 kommuner, 2020–2023 og 4,5 prosent")) == [
        "januar",
        "kom",
        "kommuner",
        "og",
        "prosent",
    ]


def test_short_abbreviations_in_capitals_and_their_genitive_are_not_checked() -> None:
    assert list(tokens("USN, NHO, NAV, OECD, EU og S3; OECDs råd")) == ["og", "råd"]


def test_longer_words_in_capitals_are_checked() -> None:
    assert list(tokens("VELKOMMEN til STATNETT")) == ["VELKOMMEN", "til", "STATNETT"]


def test_addresses_are_not_checked_and_quotations_are() -> None:
    text = "Se https://www.usn.no/om-usn, www.vtfk.no og skriv til post@vtfk.no: «Et sitat her»."
    assert list(tokens(text)) == ["Se", "og", "skriv", "til", "Et", "sitat", "her"]


def test_norwegian_and_sami_letters_stay_in_their_words() -> None:
    assert list(tokens("Kárášjohka, Porsáŋgu, Čáhcesuolu, Deatnu og Ŧŧđžš, ærlig og grønn")) == [
        "Kárášjohka",
        "Porsáŋgu",
        "Čáhcesuolu",
        "Deatnu",
        "og",
        "Ŧŧđžš",
        "ærlig",
        "og",
        "grønn",
    ]


def test_decomposed_letters_are_read_as_the_letters_they_are() -> None:
    assert list(tokens(unicodedata.normalize("NFD", "Kárášjohka og Tønsberg"))) == [
        "Kárášjohka",
        "og",
        "Tønsberg",
    ]


def test_hyphenated_words_abbreviations_and_shared_compounds_are_kept_whole() -> None:
    assert list(tokens("Midt-Telemark, f.eks. nærings- og samfunnsliv, ca. 2020-tallet")) == [
        "Midt-Telemark",
        "f.eks.",
        "nærings-",
        "og",
        "samfunnsliv",
        "ca.",
        "tallet",
    ]


plain = st.text(st.characters(blacklist_characters="«»", blacklist_categories=("Cs",)), max_size=40)


def test_quotations_are_checked_like_any_text() -> None:
    assert list(tokens("«Et mål for regionen»")) == ["Et", "mål", "for", "regionen"]


@given(st.text(max_size=80))
def test_no_checked_word_holds_a_digit_or_is_a_short_capital_abbreviation(text: str) -> None:
    for token in tokens(text):
        assert not any(c.isdigit() for c in token)
        assert len(token.rstrip(".-")) > 1


# No false alarm on the most frequent words (tests/data/frequent-README.md)

FOREIGN = "a foreign word"
NAME = "a name or a brand the dictionary does not have"
ABBREVIATION = "half of an abbreviation the treebank splits (bl.a.)"
TYPO = "a typo in the source text"
NONSTANDARD = "not a form of the written standard (dialect, Danish, the other standard)"
TERM = "a term of a special field Norsk ordbank does not have"
GAP = "a known gap: a compound of short words the rules hold back"
FLAGGED = {
    "nb": {
        **dict.fromkeys(["whatever", "big", "ambassador", "frites"], FOREIGN),
        **dict.fromkeys(
            ["Dunlop-fabrikken", "Obama-administrasjonen", "Omaggio-vaser", "Sp-ere", "legoløve",
             "instagramfolket"],
            NAME,
        ),
        "bl": ABBREVIATION,
        **dict.fromkeys(["evkuert", "oppvaksmaskinen"], TYPO),
        **dict.fromkeys(["di", "mæ", "selvpåtvungede"], NONSTANDARD),
        **dict.fromkeys(["nimesulid", "synefrin", "anterograd", "hjerte-arytmisk"], TERM),
        "vårsko": GAP,
    },
    "nn": {
        **dict.fromkeys(
            ["of", "the", "flow", "crème", "fraïche", "way", "fixing", "belief", "community",
             "investigators", "mainstream", "sell", "out", "wrap", "wraps", "wrapen", "wrapsen",
             "coleslaw", "avocado", "tsatsiki", "tsatsikien", "apatheia", "boy-imaget"],
            FOREIGN,
        ),
        **dict.fromkeys(["BMWar", "kesam", "sogndalsjenta", "hortensavisa"], NAME),
        **dict.fromkeys(["ts", "ss", "vgs"], ABBREVIATION),
        **dict.fromkeys(["etninsk", "fråta", "avoppfinne"], TYPO),
        **dict.fromkeys(
            ["selskabelig", "selskabelige", "søstra", "befaring", "erkjennelsesfilosofiske", "jaudå",
             "sitér", "songkarrièra"],
            NONSTANDARD,
        ),
        **dict.fromkeys(
            ["reduktiv", "reduktive", "scientisme", "scientismen", "scientistiske", "eliminativ",
             "amblyopi", "fysikalist"],
            TERM,
        ),
        "omtolking": GAP,
    },
}  # fmt: skip


def frequent(standard: str) -> list[str]:
    lines = (REPO / "tests" / "data" / f"frequent-{standard}.tsv").read_text(encoding="utf-8")
    return [line.split("\t")[0] for line in lines.splitlines()]


@pytest.mark.parametrize(
    "standard",
    [
        pytest.param("nb", marks=needs_nb),
        pytest.param("nn", marks=needs_nn),
    ],
)
def test_no_false_alarm_on_the_5000_most_frequent_words_of_each_standard(standard: str) -> None:
    words = frequent(standard)
    assert len(words) == 5000
    flagged = {word for word in words if check(word, f"{standard}-NO")}
    assert flagged == set(FLAGGED[standard]), sorted(flagged ^ set(FLAGGED[standard]))
    assert len(flagged) / len(words) < 0.011  # under 1.1 %, each flag explained above


@needs_nb
def test_everyday_words_hunspell_lacks_are_known_through_norsk_ordbank() -> None:
    assert check("noe, datoer, temaet, poenget, statsforvalteren, innovasjonspolitikk") == []


@needs_nb
def test_typos_are_still_caught_between_compounds() -> None:
    assert check("utnyte, samarbiedsaktør, xyzzyq, regjringen") == [
        "utnyte",
        "samarbiedsaktør",
        "xyzzyq",
        "regjringen",
    ]


@needs_nn
def test_a_bokmal_word_and_nonsense_in_a_nynorsk_quotation_are_found() -> None:
    assert check("«Ein region som xyzzyq ikke samarbeider om framtida»", "nn-NO") == [
        "xyzzyq",
        "ikke",
    ]


# The word list and the register


def test_word_list_reads_one_word_a_line_without_comments(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# names\nGrenland  # the region\n\n  vtfk\n#\n", encoding="utf-8")
    assert spelling.read_word_list(path) == {"Grenland", "vtfk"}


def test_a_missing_word_list_is_empty(tmp_path: Path) -> None:
    assert spelling.read_word_list(tmp_path / "words.txt") == frozenset()


def test_register_words_hold_sami_and_kven_names_whole_and_in_parts() -> None:
    words = register_words()
    assert {"Guovdageaidnu", "Kautokeino", "Porsanki", "Midt-Telemark", "Midt", "Telemark"} <= words


# Languages without a dictionary


def test_a_language_without_a_dictionary_is_said_once_and_not_checked() -> None:
    texts = [SpokenText("Some English text", HERE, n, "title") for n in (1, 2, 3)]
    findings = spelling_findings(texts, "en-GB", ())
    assert [(f.check, f.slide, f.location.file) for f in findings] == [
        ("spelling", 0, "content/talk.yaml")
    ]
    assert "no dictionary for en-GB" in findings[0].message


def test_a_dictionary_enchant_cannot_find_is_said_once_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("enchant", reason="pyenchant or the enchant library is not installed")
    monkeypatch.setitem(spelling.DICTIONARIES, "zz", ("zz_ZZ",))
    findings = spelling_findings(
        [SpokenText("Hei", HERE, 1, "title")], "zz-ZZ", (), where=Location("deck.yaml")
    )
    assert [f.location for f in findings] == [Location("deck.yaml")]
    assert findings[0].message.startswith("spelling not checked: no zz-ZZ dictionary found")
    assert "install hunspell-no and libenchant-2-2" in findings[0].message


def test_no_text_no_findings() -> None:
    assert spelling_findings([], "xx-YY", ()) == []


# Bokmål and nynorsk


@needs_nb
def test_a_bokmal_sentence_is_clean() -> None:
    assert check("Regionen endrer seg på mange fronter samtidig, og vi må fornye oss sammen.") == []


@needs_nb
def test_a_misspelt_word_is_found_where_its_text_was_written() -> None:
    findings = spelling_findings(
        [SpokenText("Hvordan kan vi bedre utnyte fortrinnene?", HERE, 5, "bullets")], "nb-NO", ()
    )
    assert [f.line() for f in findings] == [
        "content/talk.yaml:12:7: slide 5: bullets: spelling: 'utnyte' is not in the nb-NO dictionary "
        "(nor in content/words.txt); fix it or add it to content/words.txt"
    ]


@needs_nb
def test_an_unknown_word_is_reported_once_per_text() -> None:
    texts = [
        SpokenText("utnyte og utnyte", HERE, 1, "notes"),
        SpokenText("utnyte", Location("b.yaml", 2, 3), 2, "x"),
    ]
    findings = spelling_findings(texts, "nb-NO", ())
    assert [(f.location, f.slide) for f in findings] == [(HERE, 1), (Location("b.yaml", 2, 3), 2)]


@needs_nb
@needs_nn
def test_a_bokmal_sentence_tagged_nynorsk_lights_up() -> None:
    sentence = "Hvordan skal vi få det til?"
    assert check(sentence, "nb-NO") == []
    assert check(sentence, "nn-NO") == ["Hvordan"]
    assert check("Jeg vet ikke hva vi gjør.", "nn-NO") == ["Jeg", "ikke", "hva"]


@needs_nn
def test_a_nynorsk_sentence_is_clean_as_nynorsk() -> None:
    assert check("Korleis skal vi få det til?", "nn-NO") == []
    assert check("Eg veit ikkje kva vi gjer.", "nn-NO") == []


# Names, compounds, the word list


@needs_nb
def test_names_from_extra_words_are_accepted_as_written_and_in_the_genitive() -> None:
    assert check("Gáldu og Gáldus planer", extra=("Gáldu",)) == []
    assert check("Gáldu og gáldu") == ["Gáldu", "gáldu"]
    assert check("Gáldu og gáldu", extra=("Gáldu",)) == ["gáldu"]


@needs_nb
def test_lowercase_extra_words_are_accepted_in_any_case() -> None:
    assert (
        check("Partnerskapsutvikling er partnerskapsutvikling", extra=("partnerskapsutvikling",))
        == []
    )


@needs_nb
def test_hyphenated_compounds_are_checked_whole_and_by_part() -> None:
    assert check("Midt-Telemark og Stat-næringsliv-konferansen, nærings- og samfunnsliv") == []
    assert check("Midt-Telemrak") == ["Telemrak"]
    assert check("Gáldu-Nordbø") == ["Gáldu"]  # Nordbø: nord + bø, a compound of known words
    assert check("Gáldu-Nordbø", extra=("Gáldu-Nordbø",)) == []
    assert check("Gáldu-Nordbø", extra=("Gáldu",)) == []


@needs_nb
def test_abbreviations_with_their_full_stop_are_known() -> None:
    assert check("Det gjelder f.eks. fylker, kommuner osv. i ca. fem år") == []


@needs_nb
def test_sami_names_are_accepted_from_the_register() -> None:
    text = "Kárášjohka, Guovdageaidnu - Kautokeino og Unjárga - Nesseby"
    assert check(text) == ["Kárášjohka", "Guovdageaidnu", "Unjárga"]
    assert check(text, extra=tuple(register_words())) == []


# The shipped decks


@needs_nb
@pytest.mark.parametrize("content", CONTENT, ids=[p.stem for p in CONTENT])
def test_every_shipped_deck_is_spelt_right_with_the_word_list(content: Path, repo: Path) -> None:
    model = prepare(content, Options(project=repo)).model
    texts = spelling.model_texts(model)
    assert len(texts) > 10
    extra = spelling.read_word_list(WORDS) | register_words()
    assert [f.line() for f in spelling_findings(texts, model.meta.language, extra)] == []


@needs_nb
def test_deck_text_includes_titles_bullets_and_notes(repo: Path) -> None:
    model = prepare(CONTENT[0], Options(project=repo)).model
    fields = {t.field for t in spelling.model_texts(model)}
    assert {"title", "bullets", "notes"} <= fields
