"""A `DeckModel` on a `Master` to the parts of a .pptx, and those parts to its bytes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from generator import __version__
from generator.cache import memo
from generator.errors import DeckError
from generator.master.reader import Master, MasterLayout, assign_placeholders
from generator.model.deck import DeckInfo, DeckModel, SlideSpec
from generator.model.shapes import Chart, Picture, Placeholder, Shape
from generator.ooxml.names import NS, qn, rel_type
from generator.ooxml.package import Part, Rel, entries, next_rid, relate, zip_bytes
from generator.ooxml.xml import declared, element, parse_xml, sub_element, xml_bytes
from generator.writer.charts import (
    CHART_CONTENT_TYPE,
    CHART_PART_NAME,
    CHART_REL_TYPE,
    PACKAGE_REL_TYPE,
    WORKBOOK_REL_ID,
    XLSX_CONTENT_TYPE,
    chart_part,
    workbook,
    workbook_part_name,
)
from generator.writer.pictures import read_picture
from generator.writer.provenance import (
    CUSTOM_PART,
    CUSTOM_REL,
    CUSTOM_TYPE,
    SLIDE_TAG,
    TAGS_REL,
    TAGS_TYPE,
    add_to_presentation,
    custom_xml,
    provenance,
    tags_xml,
)
from generator.writer.slides import Placed, furnished, furniture_of, notes_xml, slide_xml

_CT = "application/vnd.openxmlformats-officedocument.presentationml."
SLIDE_TYPE = _CT + "slide+xml"
NOTES_TYPE = _CT + "notesSlide+xml"
FIRST_SLIDE_ID = 256


@dataclass(frozen=True)
class Package:
    """A written deck: the .pptx bytes, and its parts by zip entry name before compression."""

    data: bytes
    parts: Mapping[str, bytes]


def check_contract(model: DeckModel, master: Master) -> list[DeckError]:
    """Each slide's master layout exists, with the placeholders the slide fills."""
    errors = []
    have = ", ".join(f"'{n}'" for n in master.layouts)
    for slide in model.slides:
        layout = master.layouts.get(slide.master)
        if layout is None:
            errors.append(
                DeckError(
                    f"layout '{slide.layout}' needs master layout '{slide.master}', which {master.path} lacks",
                    slide.loc,
                    path=f"slide {slide.number}",
                    hint=f"the master has {have}",
                )
            )
            continue
        roles = [shape.role if isinstance(shape, Placeholder) else None for shape in slide.shapes]
        for shape, slot in zip(
            slide.shapes, assign_placeholders(roles, layout.placeholders), strict=True
        ):
            if isinstance(shape, Placeholder) and slot is None and shape.box is None:
                what = "no" if shape.role not in layout.roles else "no other"
                errors.append(
                    DeckError(
                        f"master layout '{slide.master}' in {master.path} has {what} {shape.role} placeholder",
                        shape.loc or slide.loc,
                        path=f"slide {slide.number}",
                        hint=f"it has: {', '.join(layout.roles) or 'no text placeholders'}",
                    )
                )
    return errors


def render_package(model: DeckModel, master: Master) -> Package:
    """The finished deck, as bytes and as parts; the same model and master always give the same bytes."""
    parts = {name: _in_language(part, model.meta.language) for name, part in master.parts.items()}
    deck = _Deck(parts, master)
    for spec in model.slides:
        deck.add_slide(spec, model.meta)
    deck.finish(model)
    members = entries(deck.root_rels, parts)
    return Package(zip_bytes(members), members)


_LANG = re.compile(rb'\slang="([^"]*)"')
_MASTER_PARTS = (
    "/ppt/slideMasters/",
    "/ppt/slideLayouts/",
    "/ppt/notesMasters/",
    "/ppt/handoutMasters/",
    "/ppt/presentation.xml",
)


def _in_language(part: Part, lang: str) -> Part:
    """A master, layout or notes master part with every text's language the deck's (nn-NO for a nynorsk deck),
    so PowerPoint proofs what a speaker adds in the deck's language."""
    if not part.name.startswith(_MASTER_PARTS) or all(
        found == lang.encode() for found in _LANG.findall(part.blob)
    ):
        return part
    root = parse_xml(part.blob)
    for node in root.iter():
        if "lang" in node.attrib:
            node.set("lang", lang)
    return Part(part.name, part.content_type, xml_bytes(root), part.rels)


def render_pptx(model: DeckModel, master: Master) -> bytes:
    """The finished .pptx as bytes."""
    return render_package(model, master).data


class _Deck:
    """The parts of one deck while its slides are added: the master's, then each slide's, notes' and picture's."""

    def __init__(self, parts: dict[str, Part], master: Master) -> None:
        self.parts = parts
        self.master = master
        # the presentation's relationships by id, a slide's added for each slide
        self.slide_rels = {rel.rid: rel for rel in parts[master.presentation].rels}
        self.slide_ids: list[tuple[int, str]] = []
        self.root_rels: tuple[Rel, ...] = master.root_rels
        self.images: dict[str, str] = {}  # sha1 of an image's bytes -> its part name
        # a layout's part name -> its footer and slide number placeholders
        self.furniture: dict[str, dict] = {}

    def add_slide(self, spec, meta: DeckInfo) -> None:  # noqa: ANN001 - a SlideSpec
        lang = meta.language
        number = len(self.slide_ids) + 1
        name = f"/ppt/slides/slide{number}.xml"
        layout = self.master.layouts[spec.master]
        tags = self._tags(f"/ppt/tags/slide{number}.xml", [(SLIDE_TAG, spec.key)])
        rels = {
            "rId1": Rel("rId1", rel_type("slideLayout"), layout.part),
            "rId2": Rel("rId2", TAGS_REL, tags),
        }

        def picture(shape: Picture | Chart) -> Placed:
            if isinstance(shape, Chart):
                return self._chart(shape, rels, lang)
            return self._picture(shape, rels)

        pictures = any(isinstance(shape, (Picture, Chart)) for shape in spec.shapes)
        blob = (
            slide_xml(spec, layout, lang, picture, "rId2")
            if pictures
            else _slide_xml(spec, layout, lang)
        )
        if (meta.footer or meta.slide_numbers) and not layout.title_slide:
            blob = furnished(
                blob,
                self._furniture(layout.part),
                meta.footer,
                number if meta.slide_numbers else None,
                lang,
                (spec.footer_box, spec.footer_size),
                spec.footer_color,
            )
        if spec.notes:
            notes = f"/ppt/notesSlides/notesSlide{number}.xml"
            relate(rels, rel_type("notesSlide"), notes)
            self.parts[notes] = Part(
                notes,
                NOTES_TYPE,
                _notes_xml(spec.notes, self.master.empty_notes, lang),
                (
                    Rel("rId1", rel_type("notesMaster"), self.master.notes_master),
                    Rel("rId2", rel_type("slide"), name),
                ),
            )
        self.parts[name] = Part(name, SLIDE_TYPE, blob, tuple(rels.values()))
        rid = relate(self.slide_rels, rel_type("slide"), name)
        self.slide_ids.append((FIRST_SLIDE_ID + number - 1, rid))

    def _furniture(self, layout_part: str) -> dict:
        """A layout's footer and slide number placeholders, read once per deck."""
        if layout_part not in self.furniture:
            part = self.parts[layout_part]
            masters = [
                self.parts[r.target].blob for r in part.rels if r.type == rel_type("slideMaster")
            ]
            self.furniture[layout_part] = furniture_of((part.blob, *masters))
        return self.furniture[layout_part]

    def _chart(self, shape: Chart, rels: dict[str, Rel], lang: str) -> Placed:
        """The shape's chart as a part of the deck, with its workbook (for Edit Data), related from the slide."""
        number = sum(1 for name in self.parts if name.startswith("/ppt/charts/chart")) + 1
        name, book = CHART_PART_NAME.format(n=number), workbook_part_name(number)
        self.parts[book] = Part(book, XLSX_CONTENT_TYPE, workbook(shape.spec, lang))
        self.parts[name] = Part(
            name,
            CHART_CONTENT_TYPE,
            chart_part(shape.spec, lang),
            (Rel(WORKBOOK_REL_ID, PACKAGE_REL_TYPE, book),),
        )
        return Placed(relate(rels, CHART_REL_TYPE, name), 0, 0)

    def _tags(self, name: str, tags: list[tuple[str, str]]) -> str:
        """A tags part of the deck; its name."""
        self.parts[name] = Part(name, TAGS_TYPE, tags_xml(tags))
        return name

    def _picture(self, shape: Picture, rels: dict[str, Rel]) -> Placed:
        """The shape's image as a part of the deck (one part for equal images), related from the slide."""
        image = read_picture(shape.image, shape.loc)
        digest = hashlib.sha1(image.blob).hexdigest()  # noqa: S324 - names a part, as python-pptx does
        name = self.images.get(digest)
        if name is None:
            name = self.images[digest] = _free_image_name(self.parts, image.ext)
            self.parts[name] = Part(name, image.content_type, image.blob)
        rid = next((r.rid for r in rels.values() if r.target == name), None)
        if rid is None:
            rid = relate(rels, rel_type("image"), name)
        width, height = image.native_size
        return Placed(rid, width, height)

    def finish(self, model: DeckModel) -> None:
        """The presentation part listing the slides, and the deck's own document properties."""
        presentation = self.parts[self.master.presentation]
        root = parse_xml(presentation.blob)
        id_list = root.find(qn("p:sldIdLst"))
        for slide_id, rid in self.slide_ids:
            sub_element(id_list, "p:sldId", id=slide_id, r_id=rid)
        rels = dict(self.slide_rels)
        tags = self._tags(
            "/ppt/tags/presentation.xml", provenance(__version__, model.sources, model.master)
        )
        add_to_presentation(root, relate(rels, TAGS_REL, tags))
        self.parts[presentation.name] = Part(
            presentation.name, presentation.content_type, xml_bytes(root), tuple(rels.values())
        )
        self.parts[CUSTOM_PART] = Part(
            CUSTOM_PART, CUSTOM_TYPE, custom_xml(__version__, model.sources, model.master)
        )
        self.root_rels = (
            *[r for r in self.root_rels if r.type != CUSTOM_REL],
            Rel(next_rid({r.rid for r in self.root_rels}), CUSTOM_REL, CUSTOM_PART),
        )
        for part in list(self.parts.values()):
            if part.name == "/docProps/core.xml":
                self.parts[part.name] = Part(
                    part.name, part.content_type, core_xml(model), part.rels
                )
            elif part.name == "/docProps/app.xml":
                self.parts[part.name] = Part(
                    part.name, part.content_type, app_xml(model, self.master), part.rels
                )


@memo("slides", 512)
def _slide_xml(spec: SlideSpec, layout: MasterLayout, lang: str) -> bytes:
    """A slide without pictures, once per process for the same slide on the same layout: the slides the
    editions of a batch share. The XML depends on nothing else (a picture's relationship id would)."""
    return slide_xml(spec, layout, lang, _no_picture, "rId2")


def _no_picture(shape: Shape) -> Placed:
    raise AssertionError("a slide with a picture is not kept")


@memo("notes pages", 512)
def _notes_xml(text: str, empty: bytes, lang: str) -> bytes:
    """A notes page, once per process for the same text, master and language."""
    return notes_xml(text, empty, lang)


def _free_image_name(parts: Mapping[str, Part], ext: str) -> str:
    """`/ppt/media/imageN.ext` with the lowest N no image part uses."""
    taken = {_image_number(name) for name in parts if name.startswith("/ppt/media/image")}
    number = next(n for n in range(1, len(taken) + 2) if n not in taken)
    return f"/ppt/media/image{number}.{ext}"


def _image_number(name: str) -> int | None:
    stem = Path(name).stem[len("image") :]
    return int(stem) if stem.isdigit() else None


def core_xml(model: DeckModel) -> bytes:
    """Core properties that describe this deck: its title, author, language and date (at 09:00)."""
    meta = model.meta
    stamp = datetime.combine(meta.date, time(9, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
    nsmap = declared("cp", "dc", "dcterms", "dcmitype", "xsi")
    root = element("cp:coreProperties", nsmap)
    fields = (
        ("dc", "title", meta.title),
        ("dc", "subject", ""),
        ("dc", "creator", meta.author),
        ("cp", "keywords", ""),
        ("dc", "description", ""),
        ("cp", "lastModifiedBy", meta.author or "make-deck"),
        ("cp", "revision", "1"),
        ("dcterms", "created", stamp),
        ("dcterms", "modified", stamp),
        ("cp", "category", None),
        ("dc", "language", meta.language),
    )
    for prefix, name, text in fields:
        made = sub_element(root, f"{prefix}:{name}")
        made.text = text
        if prefix == "dcterms":
            made.set(qn("xsi:type"), "dcterms:W3CDTF")
    return xml_bytes(root)


# PresentationFormat names PowerPoint gives a slide of each width-to-height ratio
_FORMATS = (("16:9", 16 / 9), ("16:10", 1.6))


def app_xml(model: DeckModel, master: Master) -> bytes:
    """Extended properties that describe this deck, not the master it came from."""
    width, height = master.size
    ratio = width / height
    shape = next((name for name, r in _FORMATS if abs(ratio - r) < 0.01), "4:3")
    notes = sum(1 for s in model.slides if s.notes)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{NS["ep"]}" xmlns:vt="{NS["vt"]}">'
        f"<Application>make-deck</Application><PresentationFormat>On-screen Show ({shape})</PresentationFormat>"
        f"<Slides>{len(model.slides)}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
        "</Properties>"
    ).encode()
