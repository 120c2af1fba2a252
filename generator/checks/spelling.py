"""Spelling of slide and notes text in the deck's language: hunspell through enchant, Norsk ordbank beside it."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.checks.norwegian import Norwegian, standard_of
from generator.errors import DeckError, Location, shown
from generator.fileio import read_regular
from generator.findings import Check, Finding
from generator.model.deck import DeckModel
from generator.model.shapes import Origins, described, paragraphs_of, place_of
from generator.norway.register import counties, years

WORD_LIST = "content/words.txt"
INSTALL = "install hunspell-no and libenchant-2-2 (tools/install-system-deps.sh does)"
# The tags enchant may know each language's hunspell dictionary by: Debian's hunspell-no installs nb_NO and
# nn_NO; other systems name them nb and nn, and older ones the bokmål dictionary no_NO or no.
DICTIONARIES: dict[str, tuple[str, ...]] = {
    "nb": ("nb_NO", "nb", "no_NO", "no"),
    "no": ("nb_NO", "nb", "no_NO", "no"),
    "nn": ("nn_NO", "nn"),
}
SHOUTED = 5  # words in capitals up to this length are abbreviations (USN, NHO, OECD), not checked
# an ending after a hyphen inflects the part before it (SV-ere, PC-en, TV-ene), so is no word of its own
ENDINGS_AFTER_HYPHEN = frozenset(
    ("e", "en", "et", "er", "ere", "ene", "ar", "ane", "a", "s", "ar", "ens")
)

# What is never checked: web addresses and e-mail addresses.
_SKIPPED = re.compile(r"\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# A word: letters and digits, joined by hyphens (Midt-Telemark), with dotted abbreviations (f.eks.) kept whole
# and a full stop after it kept for abbreviations (ca.); a trailing hyphen marks the first half of a shared
# compound ("nærings- og samfunnsliv").
_TOKEN = re.compile(r"\w+(?:\.\w+)+\.?|\w+(?:[-\u2010\u2011]\w+)*[-\u2010\u2011]?\.?")
_HYPHENS = re.compile(r"[-\u2010\u2011]")


@dataclass(frozen=True)
class SpokenText:
    """One text of the deck as the audience reads or hears it, and where it was written."""

    text: str
    location: Location
    slide: int
    field: str
    origins: Origins = ()  # where its words were written (a list's items, the vars it shows)


class Speller(Protocol):
    """What is needed of a dictionary: `enchant.Dict` has it."""

    def check(self, word: str) -> bool: ...


@dataclass(frozen=True)
class Words:
    """The words known beside the dictionary: lowercase entries match any case, names only as written."""

    lower: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, words: Iterable[str]) -> Words:
        entries = {w.strip() for w in words if w.strip()}
        return cls(
            frozenset(w for w in entries if w == w.lower()),
            frozenset(w for w in entries if w != w.lower()),
        )

    def __contains__(self, word: str) -> bool:
        if word in self.names or word.lower() in self.lower:
            return True
        # the genitive of a name: Grenlands, Midt-Telemarks
        return len(word) > 2 and word.endswith("s") and word[:-1] in self.names


def read_word_list(path: Path) -> frozenset[str]:
    """The words of a word list: one a line, `#` starts a comment; a missing file is an empty list."""
    where = Location(shown(path))
    try:
        text = read_regular(path, where, 4 * 1024 * 1024, "word list").decode("utf-8-sig")
    except FileNotFoundError:
        return frozenset()
    except UnicodeDecodeError:
        raise DeckError("the word list is not UTF-8 text", where, hint="save it as UTF-8") from None
    except OSError as exc:
        raise DeckError(f"cannot read the word list: {exc.strerror}", where) from None
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words of names as the check sees them: each name's words, hyphenated ones whole and in parts."""
    found: set[str] = set()
    for name in names:
        for token in tokens(name):
            word = _bare(token)
            found.update([word, *(p for p in _HYPHENS.split(word) if p)])
    return frozenset(found)


@functools.cache
def register_words() -> frozenset[str]:
    """The words of every county and municipality name in the register, Sámi and Kven forms included."""
    names: list[str] = []
    for year in years():
        for county in counties(year):
            names += [county.name, county.official_name, *(m.name for m in county.municipalities)]
    return name_words(n for n in names if n)


def dictionary_tags(language: str) -> tuple[str, ...]:
    """The enchant tags that may hold the dictionary of `language` (nb-NO, nn-NO); none for other languages."""
    return DICTIONARIES.get(re.split(r"[-_]", language.strip(), maxsplit=1)[0].lower(), ())


@functools.cache
def load_dictionary(language: str) -> Speller | str:
    """The dictionary of `language`, loaded once per process, or why there is none (a sentence for a message)."""
    tags = dictionary_tags(language)
    if not tags:
        return f"spelling not checked: no dictionary for {language} (nb-NO and nn-NO have one)"
    try:
        import enchant  # the C library is looked for on import
    except (ImportError, OSError):
        return f"spelling not checked: enchant is not installed; {INSTALL}"
    for tag in tags:
        try:
            if enchant.dict_exists(tag):
                return Norwegian(enchant.Dict(tag), standard_of(language))
        except enchant.errors.Error:
            continue
    return (
        f"spelling not checked: no {language} dictionary found (tried {', '.join(tags)}); {INSTALL}"
    )


def spelling_findings(
    texts: Sequence[SpokenText],
    language: str,
    extra_words: Iterable[str],
    *,
    where: Location | None = None,
    word_list: str = WORD_LIST,
) -> list[Finding]:
    """Each word of each text that neither the dictionary of `language` nor `extra_words` knows, once per text.

    Without a dictionary the answer is one finding saying why, at `where` (the first text's file by default)."""
    if not texts:
        return []
    speller = load_dictionary(language)
    if isinstance(speller, str):
        return [Finding(where or Location(texts[0].location.file), 0, "", Check.SPELLING, speller)]
    return check_texts(
        texts, speller, Words.of(extra_words), f"the {language} dictionary", word_list
    )


def check_texts(
    texts: Sequence[SpokenText],
    speller: Speller,
    words: Words,
    dictionary: str,
    word_list: str = WORD_LIST,
) -> list[Finding]:
    """The findings of `texts` against a loaded dictionary."""
    findings = []
    for text in texts:
        for word, token in unknown_words(text.text, speller, words):
            inside = f" (in '{token}')" if token != word else ""
            message = f"'{word}'{inside} is not in {dictionary} (nor in {word_list}); fix it or add it to {word_list}"
            where = place_of(text.origins, token, text.location)
            findings.append(Finding(where, text.slide, text.field, Check.SPELLING, message))
    return findings


def unknown_words(text: str, speller: Speller, words: Words) -> list[tuple[str, str]]:
    """The unknown words of `text` in order, each once: (the word, the hyphenated token it stands in)."""
    seen: dict[str, str] = {}
    for token in tokens(text):
        for word in _unknown_parts(token, speller, words):
            seen.setdefault(word, _bare(token))
    return list(seen.items())


def tokens(text: str) -> Iterator[str]:
    """The words of `text` worth checking, a full stop after one kept (ca., osv.): no numbers, addresses,
    quotations, or short abbreviations in capitals."""
    plain = _SKIPPED.sub(" ", unicodedata.normalize("NFC", text))
    for match in _TOKEN.finditer(plain):
        token = match.group()
        if not any(c.isdigit() or c == "_" for c in token):
            if _worth_checking(token):
                yield token
        else:  # 2020-tallet, S3-bøtte: the parts without digits
            yield from (
                p
                for p in _HYPHENS.split(token)
                if not any(c.isdigit() for c in p) and _worth_checking(p)
            )


def _bare(token: str) -> str:
    """A token without the full stop after it and the hyphen of a shared compound."""
    return token.rstrip(".").rstrip("-\u2010\u2011")


def _worth_checking(token: str) -> bool:
    """Neither a single letter nor an abbreviation in capitals (USN, NHO; the genitive USNs too)."""
    word = _bare(token)
    shout = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
    return len(word) > 1 and not (shout.isupper() and len(shout) <= SHOUTED)


def _unknown_parts(token: str, speller: Speller, words: Words) -> list[str]:
    """Nothing when the token is known whole or each of its hyphenated parts is; else the unknown parts."""
    if _known(token, speller, words):
        return []
    parts = [p for p in _HYPHENS.split(_bare(token)) if p]
    if len(parts) == 1:
        return [_bare(token)]
    return [
        p
        for i, p in enumerate(parts)
        if _worth_checking(p)
        and not (i and p.lower() in ENDINGS_AFTER_HYPHEN)
        and not _known(p, speller, words)
    ]


def _known(token: str, speller: Speller, words: Words) -> bool:
    """In the word list, or in the dictionary; an abbreviation perhaps with its full stop (ca., osv., f.eks.)."""
    word = _bare(token)
    if word in words or speller.check(word):
        return True
    return (token.endswith(".") or "." in word) and speller.check(word.rstrip(".") + ".")


def model_texts(model: DeckModel) -> list[SpokenText]:
    """Every text of a deck: each shape's paragraphs, its alternative text, and the speaker notes."""
    texts = []
    for slide in model.slides:
        for shape in slide.shapes:
            field = shape.field or shape.name
            location = shape.loc or slide.loc
            text = "\n".join(p.text for p in paragraphs_of(shape))
            pairs = ((text, field), (described(shape), f"{field}.alt"))
            texts.extend(
                SpokenText(t, location, slide.number, f, shape.origins)
                for t, f in pairs
                if t.strip()
            )
        if slide.notes.strip():
            where = slide.notes_loc or slide.loc
            texts.append(SpokenText(slide.notes, where, slide.number, "notes", slide.notes_origins))
    return texts
