"""Every check make-deck runs, declared once (name, severity, when, what it finds); findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.errors import DeckError, Location

ERROR = "error"  # the build stops: no deck written
WARNING = "warning"  # printed, the deck written; `--strict` stops the build

EVERY_BUILD = "every build"
CHECK_COMMAND = "`make-deck check`"


class Check(StrEnum):
    """A check: its name as messages print it, its severity, when it runs, what it finds."""

    severity: str
    when: str
    finds: str

    def __new__(cls, name: str, severity: str, when: str, finds: str) -> Check:
        member = str.__new__(cls, name)
        member._value_ = name
        member.severity = severity
        member.when = when
        member.finds = finds
        return member

    OVERFLOW = (
        "overflow",
        ERROR,
        EVERY_BUILD,
        "text that does not fit its box even at its smallest size (a list that may run on to "
        "another slide does so first; a map label that does not fit goes to the notes)",
    )
    MID_WORD = ("mid-word", WARNING, EVERY_BUILD, "a word wider than its line, broken inside")
    GLYPH = ("glyph", WARNING, EVERY_BUILD, "a character the font has no glyph for")
    FONT = (
        "font",
        WARNING,
        EVERY_BUILD,
        "a theme font make-deck cannot measure (text is measured with a stand-in, so fit is an "
        "estimate)",
    )
    TITLE = (
        "title",
        WARNING,
        EVERY_BUILD,
        "a slide without a title (PowerPoint's outline and screen readers need one)",
    )
    CONTRAST = (
        "contrast",
        WARNING,
        EVERY_BUILD,
        "text on its background below WCAG's 4.5:1: the theme's pairs (dk1/lt1, dk2/lt2, "
        "dk1/lt2, lt1/dk2) and each shape's text on its fill",
    )
    TODO = ("todo", WARNING, EVERY_BUILD, "text still to be written: it starts with TODO")
    YES_NO = (
        "yes/no",
        WARNING,
        EVERY_BUILD,
        "a true/false value printed by `{{ }}` in slide text (YAML reads NO, no, off as false)",
    )
    CHART = (
        "chart",
        WARNING,
        EVERY_BUILD,
        "a chart whose category names did not fit at its size: what was done (lying bars, the legend "
        "beside them, smaller type down to 12 pt, and last, a name for every second category)",
    )
    MAP = (
        "map",
        WARNING,
        EVERY_BUILD,
        "a municipality without boundaries in Kartverket's data (named in the notes instead)",
    )
    LANGUAGE = (
        "language",
        WARNING,
        EVERY_BUILD,
        "a run of text tagged with another language than the content's `language:`",
    )
    BEHIND = (
        "behind",
        WARNING,
        EVERY_BUILD,
        "text, a chart or a table over a band or picture the master draws, in another colour than the "
        "slide's background (a master with several slide masters is chosen to avoid this)",
    )
    UNTRUSTED = (
        "untrusted",
        WARNING,
        EVERY_BUILD,
        "something a master held that make-deck never copies into a deck, taken out: macros, ActiveX "
        "controls, OLE objects, custom ribbons, links to files or sites outside the master",
    )
    SHAPE_ID = ("shape-id", WARNING, EVERY_BUILD, "two shapes on one slide share an id")
    RELATIONSHIP = (
        "relationship",
        WARNING,
        EVERY_BUILD,
        "an internal relationship points at a part the package lacks",
    )
    CONTENT_TYPE = (
        "content-type",
        WARNING,
        EVERY_BUILD,
        "a part without a content type, or an override naming a part the package lacks",
    )
    TABLE = ("table", WARNING, EVERY_BUILD, "a table row whose cells do not match its grid")
    PACKAGE = ("package", WARNING, EVERY_BUILD, "the bytes are not a readable .pptx package")
    DATA = (
        "data",
        WARNING,
        EVERY_BUILD,
        "a data file that is not UTF-8, read as Windows-1252 (what Excel saves as 'CSV (semikolondelt)')",
    )
    SPELLING = (
        "spelling",
        WARNING,
        CHECK_COMMAND,
        "a word the dictionary of the deck's language and the project's word lists do not know",
    )


@dataclass(frozen=True)
class Finding:
    """What a check found: where (content file and line, slide, field), which check, what."""

    location: Location
    slide: int
    field: str
    check: Check
    message: str

    def __post_init__(self) -> None:
        if not isinstance(self.check, Check):
            raise TypeError(f"'{self.check}' is not a declared check (generator/findings.py)")

    def line(self) -> str:
        """`content/2019.yaml:41:5: slide 2: bullets: overflow: ...`"""
        where = f"slide {self.slide}" if self.slide else "deck"
        field = f": {self.field}" if self.field else ""
        return f"{self.location}: {where}{field}: {self.check}: {self.message}"

    def as_error(self) -> DeckError:
        """The finding as an error, for --strict."""
        where = f"slide {self.slide}" if self.slide else "deck"
        path = f"{where}: {self.field}" if self.field else where
        return DeckError(f"{self.check}: {self.message}", self.location, path=path)


def checks_table() -> str:
    """The checks as the table of docs/checks.md."""
    rows = ["| check | severity | runs | finds |", "| --- | --- | --- | --- |"]
    rows += [f"| `{c}` | {c.severity} | {c.when} | {c.finds} |" for c in Check]
    return "\n".join(rows)


if __name__ == "__main__":
    print(checks_table())
