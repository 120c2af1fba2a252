"""Two content files compared slide by slide: slides matched by id, so a patched slide shows as a change."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.errors import shown
from generator.model.deck import DeckModel
from generator.model.shapes import paragraphs_of
from generator.pipeline.jobs import Options
from generator.pipeline.stages import prepare


@dataclass(frozen=True)
class SlideText:
    """A slide's heading (`3 bullets (changes)`), what matches it to a slide of the other deck, and its lines."""

    heading: str
    key: str
    lines: tuple[str, ...]


def slide_texts(model: DeckModel) -> list[SlideText]:
    """Each slide's text lines (notes last) and its key: its id (the k-th slide of that id for `for_each:`
    slides), else its layout."""
    out = []
    seen: Counter[str] = Counter()
    for slide in model.slides:
        lines = [p.text for s in slide.shapes for p in paragraphs_of(s) if p.text.strip()]
        lines += [f"notes: {line}" for line in slide.notes.splitlines() if line.strip()]
        base = f"#{slide.id}" if slide.id else slide.layout
        seen[base] += 1
        named = f" ({slide.id})" if slide.id else ""
        out.append(
            SlideText(f"{slide.number} {slide.layout}{named}", f"{base}/{seen[base]}", tuple(lines))
        )
    return out


def diff_decks(a: Path, b: Path, options: Options) -> list[str]:
    """Slide by slide, how the texts of two content files differ (unified-diff style lines)."""
    left = slide_texts(prepare(a, options).model)
    right = slide_texts(prepare(b, options).model)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(
        a=[s.key for s in left], b=[s.key for s in right], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for one, other in zip(left[i1:i2], right[j1:j2], strict=True):
                if one.lines != other.lines:
                    out.append(f"@@ slide {one.heading} -> slide {other.heading}")
                    out += [
                        line for line in difflib.ndiff(one.lines, other.lines) if line[:1] in "-+"
                    ]
            continue
        for slide in left[i1:i2]:
            out.append(f"@@ slide {slide.heading} only in {shown(a)}")
            out += [f"- {line}" for line in slide.lines]
        for slide in right[j1:j2]:
            out.append(f"@@ slide {slide.heading} only in {shown(b)}")
            out += [f"+ {line}" for line in slide.lines]
    return out
