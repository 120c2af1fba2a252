"""Norwegian words a dictionary may lack: Norsk ordbank's lemmas, their regular inflections, and compounds."""

from __future__ import annotations

import functools
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

DATA = Path(__file__).resolve().parent / "data"
STANDARDS = {"nb": "nb", "no": "nb", "nn": "nn"}  # a language's written standard, by its subtag

# The endings of regular inflection (nouns, verbs, adjectives) in each standard: `dato` + `er`, `tema` + `et`,
# `kommune` + `ne`. A word is a lemma of Norsk ordbank with one of these after it.
ENDINGS = {
    "nb": (
        "e", "en", "et", "er", "ene", "a", "ne", "s", "t", "te", "de", "dd", "r", "ere", "est",
        "este", "ende", "ers", "ens", "ets", "enes", "ns",
    ),
    "nn": (
        "e", "en", "et", "ar", "ane", "er", "ene", "a", "i", "ne", "s", "t", "te", "de", "dd", "r",
        "ast", "aste", "are", "ande", "ars", "ens", "ets", "anes", "o", "dt", "tt",
    ),
}  # fmt: skip
# Nouns made from verbs and adjectives the same way in both standards: `teoretisere` + `ing`
DERIVED = ("ing", "inga", "ingar", "ingane", "ingen", "ingene", "inger", "else", "elsen", "elser")
# Word parts that end a compound without being words of their own (`kvalitets` + `messig`)
HEADS = ("messig", "messige", "aktig", "aktige", "aktigt", "vis")
# Prefixes that begin words without being words of their own (`u` + `vanleg`, `mis` + `forstått`), and
# `ny` (`nyliberal`); prepositions (`ut`, `om`) are left out: `ut` + `nyte` would pass for `utnytte`
PREFIXES = ("u", "ny", "mis", "van", "gjen")
SHORTEST = 2  # letters in the last part of a compound (`lunsj` + `kø`)
FIRST = 3  # letters in any other part (`bil` + `vask`)
LONG_PART = 4  # a part shorter than this stands only beside a longer one
DEPTH = 4  # parts in a compound
_VOWEL = re.compile("[aeiouyæøåéèêóòôü]")


class Speller(Protocol):
    """What is needed of a dictionary: `enchant.Dict` has it."""

    def check(self, word: str) -> bool: ...


@functools.cache
def lemmas(standard: str) -> frozenset[str]:
    """Norsk ordbank's lemmas of a written standard (`nb` or `nn`), read once per process."""
    with gzip.open(DATA / f"ordbank-{standard}.txt.gz", "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def standard_of(language: str) -> str:
    """`nb` or `nn` for a Norwegian language tag; '' for any other."""
    return STANDARDS.get(re.split(r"[-_]", language.strip(), maxsplit=1)[0].lower(), "")


@dataclass(frozen=True)
class Norwegian:
    """A Norwegian dictionary (hunspell-no) widened by Norsk ordbank: its lemmas, their regular inflections and
    compounds of known words are known too. `check` answers as `enchant.Dict.check` does."""

    hunspell: Speller
    standard: str

    def check(self, word: str) -> bool:
        if self.hunspell.check(word):
            return True
        return _compound(self, word.lower(), 0)

    def base(self, word: str) -> bool:
        """A word of the dictionary or a lemma of Norsk ordbank, with a vowel (not an abbreviation)."""
        if not _VOWEL.search(word):
            return False
        return word in lemmas(self.standard) or self.hunspell.check(word)

    def form(self, word: str) -> bool:
        """The word, or a regular inflection of a lemma (`datoer`, `temaet`, `husa`)."""
        if self.base(word):
            return True
        known = lemmas(self.standard)
        for ending in (*ENDINGS[self.standard], *DERIVED):
            stem = word[: -len(ending)]
            if not word.endswith(ending) or len(stem) < 2:
                continue
            if stem in known or stem + "e" in known:
                return True
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in known:  # `busser`: `buss`
                return True
        return False


@functools.lru_cache(maxsize=1 << 14)
def _compound(words: Norwegian, word: str, depth: int, after_short: bool = False) -> bool:
    """A known form, or a compound of known words: a first part (a word, perhaps with the joining `s` or `e`)
    and a rest that is itself known or a compound; a prefix before a known form (`u` + `vanleg`). Two parts
    shorter than four letters never stand side by side (`kom` + `une` is no word, `bil` + `vask` is)."""
    if (words.form(word) and not (after_short and len(word) < LONG_PART)) or word in HEADS:
        return True
    if any(word.startswith(p) and words.form(word[len(p) :]) for p in PREFIXES):
        return True
    if depth >= DEPTH:
        return False
    shortest = LONG_PART if after_short else FIRST
    for i in range(shortest, len(word) - SHORTEST + 1):
        short = i < LONG_PART
        if _first_part(words, word[:i]) and _compound(words, word[i:], depth + 1, short):
            return True
        # `knall` + `løp` is written `knalløp`: a consonant of three is dropped
        dropped = word[i - 1] == word[i] and words.base(word[: i + 1])
        if dropped and _compound(words, word[i:], depth + 1, short):
            return True
    return False


def _first_part(words: Norwegian, part: str) -> bool:
    """Whether `part` begins a compound: a word, or a word with the joining `s` or `e` (`innovasjons`)."""
    if words.base(part):
        return True
    return len(part) > LONG_PART and part[-1] in "se" and words.base(part[:-1])
