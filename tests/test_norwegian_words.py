"""Norwegian words a dictionary lacks are known through Norsk ordbank: a language tag names its written
standard, the lemmas of each standard are read as shipped, regular inflections (`datoer`, `medlemmer`) and
derived nouns (`purringar`) of a lemma are known, compounds of known words are known (with a joining `s`,
a prefix, a head such as `messig`, a consonant of three dropped), two short parts never make a word alone,
abbreviations without a vowel are no words, and a word the dictionary knows is trusted and joins compounds.
The words are checked against the ordbank alone (a dictionary that knows nothing), so each rule shows."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.norwegian import HEADS, LONG_PART, Norwegian, lemmas, standard_of

from .conftest import examples


class WordSet:
    """A dictionary that knows the words it is given, and nothing else (`enchant.Dict`'s `check`)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words = frozenset(words)

    def check(self, word: str) -> bool:
        return word in self.words


VOWEL = re.compile("[aeiouyæøåéèêóòôü]")
BOKMAL = Norwegian(WordSet(), "nb")
NYNORSK = Norwegian(WordSet(), "nn")


@functools.cache
def plain_lemmas(standard: str) -> list[str]:
    """The lemmas written in lowercase letters only, of four letters or more, with a vowel."""
    return sorted(
        w
        for w in lemmas(standard)
        if w.isalpha() and w == w.lower() and len(w) >= LONG_PART and VOWEL.search(w)
    )


@pytest.mark.parametrize(
    ("tag", "standard"),
    [
        ("nb-NO", "nb"),
        ("nb_NO", "nb"),
        ("no", "nb"),
        ("NO-no", "nb"),
        ("nn-NO", "nn"),
        (" NN ", "nn"),
        ("se-NO", ""),
        ("en-GB", ""),
        ("sv", ""),
        ("", ""),
    ],
)
def test_a_language_tag_names_its_written_standard(tag: str, standard: str) -> None:
    assert standard_of(tag) == standard


def test_each_standard_has_its_own_lemmas_read_once() -> None:
    assert lemmas("nb") is lemmas("nb")
    assert "vanlig" in lemmas("nb") and "vanlig" not in lemmas("nn")
    assert "vanleg" in lemmas("nn") and "vanleg" not in lemmas("nb")
    assert all(word and word == word.strip() for word in lemmas("nn"))
    assert not [w for w in lemmas("nb") if w.startswith("-") or w.endswith(("-", "."))]


def test_each_standard_knows_its_own_words_and_not_the_others() -> None:
    assert BOKMAL.check("uvanlig") and not BOKMAL.check("uvanleg")
    assert NYNORSK.check("uvanleg") and not NYNORSK.check("uvanlig")
    assert NYNORSK.check("bilane") and not BOKMAL.check("bilane")


@pytest.mark.parametrize(
    "word", ["datoer", "temaet", "kommunene", "husene", "bilen", "kommunes", "bussene"]
)
def test_regular_inflections_of_a_lemma_are_known_without_a_dictionary(word: str) -> None:
    assert word not in lemmas("nb")
    assert BOKMAL.form(word) and BOKMAL.check(word)


@pytest.mark.parametrize(("word", "lemma"), [("medlemmer", "medlem"), ("programmet", "program")])
def test_a_consonant_doubled_before_an_ending_is_the_lemmas_own(word: str, lemma: str) -> None:
    assert lemma in lemmas("nb") and word[: len(lemma) + 1] not in lemmas("nb")
    assert BOKMAL.form(word)


@pytest.mark.parametrize(("word", "lemma"), [("purringar", "purre"), ("fokuseringa", "fokusere")])
def test_nouns_made_from_a_verb_are_known(word: str, lemma: str) -> None:
    assert lemma in lemmas("nn") and word not in lemmas("nn")
    assert NYNORSK.form(word)


@pytest.mark.parametrize(
    "word",
    [
        "togpolitikk",  # tog + politikk: a short part beside a long one
        "lunsjkø",  # the last part may be two letters
        "regionsamarbeid",
        "innovasjonspolitikk",  # the joining s
        "bærekraftsmessig",  # a head that is no word of its own, after the joining s
        "prosjektvis",
        "nyetablert",  # a prefix before an inflected lemma
        "knalløp",  # knall + løp, a consonant of three dropped
    ],
)
def test_compounds_of_known_words_are_known(word: str) -> None:
    assert not BOKMAL.form(word)  # neither a lemma nor one of its inflections
    assert BOKMAL.check(word)


def test_compounds_are_known_in_any_case() -> None:
    assert BOKMAL.check("Regionsamarbeid") and BOKMAL.check("REGIONSAMARBEID")


def test_two_short_parts_never_make_a_word_alone() -> None:
    assert {"bil", "tog"} <= lemmas("nb")
    assert not BOKMAL.check("togbil")
    assert not BOKMAL.check("bilbil")
    assert BOKMAL.check("togregion") and BOKMAL.check("bilsamarbeid")


def test_heads_end_compounds_and_begin_none() -> None:
    assert all(BOKMAL.check(head) for head in HEADS)
    assert BOKMAL.check("regionmessig")
    assert not BOKMAL.check("messigregion")


def test_an_abbreviation_without_a_vowel_is_no_word_though_ordbank_lists_it() -> None:
    for word in ("sms", "kvm"):
        assert word in lemmas("nb")
        assert not BOKMAL.check(word)


@pytest.mark.parametrize("word", ["utnyte", "samarbiedsaktør", "regjringen", "xyzzyq"])
def test_typos_stay_unknown(word: str) -> None:
    assert not BOKMAL.check(word)


def test_a_word_the_dictionary_knows_is_known_and_joins_compounds() -> None:
    words = Norwegian(WordSet({"Vinje", "vinje"}), "nb")
    assert not BOKMAL.check("Vinje") and words.check("Vinje")
    assert not BOKMAL.check("vinjefolk") and words.check("vinjefolk")
    assert words.check("Vinjesamarbeidet")  # the joining s, an inflected lemma after it
    assert not words.check("kragerøfolk")  # the dictionary knows only what it knows


@settings(max_examples=examples(100, 2000))
@given(st.sampled_from(["nb", "nn"]), st.integers(0, 10**9), st.integers(0, 10**9))
def test_every_lemma_is_known_and_so_are_two_written_together(
    standard: str, one: int, two: int
) -> None:
    words = Norwegian(WordSet(), standard)
    plain = plain_lemmas(standard)
    first, second = plain[one % len(plain)], plain[two % len(plain)]
    assert words.check(first)
    assert words.check(first + second), (first, second)
