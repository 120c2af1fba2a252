"""Harvest's matching from the library: an edited deck's slides and shapes paired with the rebuilt deck's, list
items aligned, and the names a template reads."""

from __future__ import annotations

from generator.harvest.deckreader import DeckSlide, TextShape
from generator.harvest.matching import match_shapes, match_slides
from generator.harvest.origins import align, reads


def shape(name: str, kind: str, *paragraphs: str) -> TextShape:
    return TextShape(name, kind, paragraphs, None, ())


def slide(key: str, title: str, *body: str, notes: str = "") -> DeckSlide:
    return DeckSlide(key, (shape("Title 1", "title", title), shape("Body", "body", *body)), notes)


REBUILT = (
    slide("title", "Allianser og partnerskapsutvikling", "Stat-næringsliv-konferansen"),
    slide("changes", "Vestfold og Telemark i endring", "Fylkene slo seg sammen", "Nye kommuner"),
    slide("smart", "Smart spesialisering", "Smart spesialisering er en metode for regioner"),
)


def test_slides_are_paired_by_their_tag_and_a_copy_of_a_tagged_slide_is_new() -> None:
    edited = (REBUILT[2], REBUILT[0], REBUILT[0])  # moved, and the title slide copied
    assert match_slides(REBUILT, edited) == [2, 0, None]


def test_slides_without_tags_are_paired_by_text_at_least_half_alike() -> None:
    untagged = [DeckSlide("", s.shapes, s.notes) for s in REBUILT]
    retyped = slide("", "Smart spesialisering", "S3 er en metode for regioner")
    new = slide("", "Et helt annet tema", "Ingenting felles med resten")
    assert match_slides(REBUILT, [untagged[1], retyped, untagged[0], new]) == [1, 2, 0, None]


def test_drawn_shapes_are_paired_by_name_and_placeholders_by_kind_and_order() -> None:
    rebuilt = [shape("Title 1", "title", "T"), shape("Idea 1", "", "a"), shape("Idea 2", "", "b")]
    edited = [shape("Idea 2", "", "b!"), shape("Tittel", "title", "T!"), shape("Idea 9", "", "c")]
    assert match_shapes(rebuilt, edited) == [1, None, 0]


def test_list_items_are_aligned_by_equal_then_alike_text_and_new_ones_are_none() -> None:
    old = ["Fylkene slo seg sammen", "Nye kommuner", "Felles kontor"]
    new = ["Nye kommuner", "Fylkene slo seg sammen i 2019", "Felles kontor", "Et nytt punkt"]
    assert align(old, new) == [1, 0, 2, None]


def test_a_template_reads_the_names_of_its_plain_lookups() -> None:
    template = "{{ goal.text }} og {{ changes[2] }} i {{ region | upper }}{% if show %}!{% endif %}"
    assert reads(template) == {"goal.text", "changes[2]", "region", "show"}
    assert reads("{{ broken") == set()
