"""Harvest: a speaker's edited deck turned back into patches to the YAML it was made from."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from generator.content.located import load_file
from generator.harvest.applying import apply_harvest
from generator.harvest.deckreader import read_pptx
from generator.harvest.patches import harvest
from generator.harvest.yamlsplice import Edit, apply, paths
from generator.norway import register
from generator.pipeline.jobs import Options

from . import office
from .conftest import REPO, examples, have, run

TALK = "content/2019.yaml"
VESTFOLD = "content/editions/vestfold-2024.yaml"


@pytest.fixture
def talk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped content as the project, the current folder."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def at(*path: str | int, file: str = TALK) -> str:
    """Where the value at `path` (indexes from 0) is written: `content/2019.yaml:26:7`."""
    return str(load_file(Path(file)).locate(path))


def slide_index(slide_id: str, file: str = TALK) -> int:
    return [s.get("id") for s in yaml.safe_load(Path(file).read_text("utf-8"))["slides"]].index(
        slide_id
    )


def build(content: str = TALK, out: str = "deck.pptx", *extra: str) -> Path:
    result = run(content, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return Path(out)


def harvested(deck: Path, *extra: str) -> list[str]:
    result = run("harvest", str(deck), *extra)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def texts(deck: Path) -> list[tuple[tuple[str, ...], str]]:
    """Each slide's texts (shapes in order, table cells as rows) and notes."""
    return [
        (
            tuple(s.text or " | ".join("/".join(r) for r in s.cells) for s in slide.shapes),
            slide.notes,
        )
        for slide in read_pptx(deck).slides
    ]


class Speaker:
    """Edits a built deck as a speaker would in PowerPoint, through python-pptx."""

    def __init__(self, deck: Path) -> None:
        self.prs = Presentation(str(deck))
        self.keys = [s.key for s in read_pptx(deck).slides]

    def slide(self, key: str):  # noqa: ANN201 - a python-pptx slide
        return self.prs.slides[self.keys.index(key)]

    def shape(self, key: str, name: str):  # noqa: ANN201
        found = [
            s
            for s in self.slide(key).shapes
            if s.name == name
            or (name == "body" and s.is_placeholder and s.placeholder_format.idx == 1)
        ]
        return found[0]

    def write(self, shape, text: str) -> None:  # noqa: ANN001
        """Type `text` over the shape's text, one paragraph per line, keeping the first run's formatting."""
        frame = shape.text_frame
        paragraphs = list(frame.paragraphs)
        for n, line in enumerate(text.split("\n")):
            if n < len(paragraphs):
                runs = paragraphs[n].runs
                for run_ in runs[1:]:
                    run_._r.getparent().remove(run_._r)
                if runs:
                    runs[0].text = line
                else:
                    paragraphs[n].add_run().text = line
            else:
                frame.add_paragraph().add_run().text = line
        for extra in paragraphs[len(text.split("\n")) :]:
            extra._p.getparent().remove(extra._p)

    def retype(self, key: str, name: str, old: str, new: str) -> None:
        shape = self.shape(key, name)
        assert old in shape.text_frame.text, shape.text_frame.text
        self.write(shape, shape.text_frame.text.replace(old, new))

    def notes(self, key: str, old: str, new: str) -> None:
        frame = self.slide(key).notes_slide.notes_text_frame
        assert old in frame.text
        self.write(self.slide(key).notes_slide.notes_placeholder, frame.text.replace(old, new))

    def bullets(self, key: str, order: list[int | str]) -> None:
        """The body's paragraphs in a new order: an index keeps that paragraph, a text is a new one."""
        shape = self.shape(key, "body")
        old = [p.text for p in shape.text_frame.paragraphs]
        self.write(shape, "\n".join(old[item] if isinstance(item, int) else item for item in order))

    def cell(self, key: str, row: int, column: int, text: str) -> None:
        self.write(self.shape(key, "Tabell").table.cell(row, column), text)

    def delete(self, key: str) -> None:
        slides = self.prs.slides._sldIdLst
        index = self.keys.index(key)
        self.prs.part.drop_rel(slides[index].rId)
        slides.remove(slides[index])
        self.keys.pop(index)

    def move(self, key: str, before: str) -> None:
        slides = self.prs.slides._sldIdLst
        element = slides[self.keys.index(key)]
        slides.remove(element)
        self.keys.remove(key)
        slides.insert(self.keys.index(before), element)
        self.keys.insert(self.keys.index(before), key)

    def save(self, path: str = "edited.pptx") -> Path:
        self.prs.save(path)
        return Path(path)


def edits_to_apply(speaker: Speaker) -> None:
    """Edits of every kind a rebuild must show once applied."""
    # a literal part of "{{ region }} i endring"
    speaker.retype("changes", "Title 1", "i endring", "i forandring")
    speaker.retype("changes", "body", "En region med", "En region på")  # of a var's template
    speaker.bullets("questions", [5, 0, 2, 3, 4, "Hvem tar ansvaret?"])  # moved, removed, added
    speaker.retype("smart", "body", "Alle regioner", "Alle norske regioner")  # a folded paragraph
    speaker.retype("renewal", "Title 1", "oppgåtte stier", "tråkkede stier")  # a literal block
    # notes through a var
    speaker.notes("changes", "mange fronter samtidig", "flere fronter samtidig")
    # a var shown twice, changed in both places
    speaker.retype("goals/1", "body", "naturlig", "tydelig")
    speaker.cell("goal-table", 1, 1, speaker.shape("goals/1", "body").text_frame.text.strip("«»"))
    speaker.retype("together", "Idea 1", "Alene", "Hver for seg")


def edits_to_match(speaker: Speaker) -> None:
    """Edits found again in a deck that lost its tags."""
    speaker.retype("title", "Title 1", "partnerskapsutvikling", "partnerskap")
    speaker.bullets("questions", [0, 1, 3, 2, 4, 5, "Hvem tar ansvaret?"])
    speaker.retype("steps", "Step name 5", "Måling og læring", "Læring")
    speaker.notes("who", "smart spesialisering", "smart spesialisering (S3)")


def slides_deleted_and_moved(speaker: Speaker) -> None:
    speaker.delete("smart")
    speaker.move("closing", "goals/1")


# what a speaker did, to which content's deck, before LibreOffice saved it
RESAVED = {
    "apply": (TALK, edits_to_apply),
    "match": (TALK, edits_to_match),
    "slides": (VESTFOLD, slides_deleted_and_moved),
}


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each deck of RESAVED edited, then opened and saved again by LibreOffice Impress (which drops tags and
    renames placeholders): all of them in one LibreOffice run."""
    root = tmp_path_factory.mktemp("resaved")
    shutil.copytree(REPO / "content", root / "content")
    edited = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for name, (content, edits) in RESAVED.items():
            speaker = Speaker(build(content, f"{name}-built.pptx"))
            edits(speaker)
            edited[name] = speaker.save(f"{name}.pptx").resolve()
    saved = office.resave(list(edited.values()), root / "libreoffice")
    return {name: saved[path] for name, path in edited.items()}


def resaved(saved: dict[str, Path], name: str) -> Path:
    """The LibreOffice-saved deck `name` of RESAVED, copied into the current project."""
    target = Path("libreoffice") / "edited.pptx"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(saved[name], target)
    return target


def shipped() -> list:
    """Every shipped content file, and for a `counties:` file each county it makes a deck for (Finnmark's, with
    its Sámi names, in the default run; the others under --sweep)."""
    out: list = []
    for path in sorted((REPO / "content").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(REPO))
        if isinstance(data, dict) and "counties" in data:
            out += [
                pytest.param(name, c.number, marks=() if c.number == "56" else pytest.mark.sweep)
                for c in register.counties(data["year"])
            ]
        elif isinstance(data, dict) and ("slides" in data or "extends" in data):
            out.append(pytest.param(name, None))
    return out


@pytest.mark.parametrize(("content", "county"), shipped())
def test_an_unedited_deck_harvests_nothing(talk: Path, content: str, county: str | None) -> None:
    deck = build(content, "deck.pptx", *(("--county", county) if county else ()))
    assert harvested(deck, *(("--county", county) if county else ())) == [
        "deck.pptx: nothing to harvest: its texts are those its content makes"
    ]


def test_each_kind_of_edit_becomes_a_patch_at_the_line_where_the_value_is_written(
    talk: Path,
) -> None:
    speaker = Speaker(build())
    speaker.retype("title", "Title 1", "partnerskapsutvikling", "partnerskap")
    speaker.retype("changes", "body", "slo seg sammen 1. januar 2019", "ble ett embete i 2019")
    speaker.retype("smart", "body", "Smart spesialisering er en metode", "S3 er en metode")
    speaker.notes("rearview", "et øyeblikk", "et lite øyeblikk")
    speaker.retype("steps", "Step name 2", "Analyse", "Kunnskap")
    speaker.retype("strategy", "Heading 2", "Konkretisering", "Tiltak")
    speaker.retype("together", "Idea 3", "Merverdi", "Mer verdi")
    speaker.cell("goal-table", 0, 0, "Når")
    smart = slide_index("smart")
    paragraph = yaml.safe_load(Path(TALK).read_text("utf-8"))["slides"][smart]["text"]
    assert harvested(speaker.save()) == [
        f'{at("vars", "changes", 1)}: vars.changes[2]: "Fylkesmannsembetet i Vestfold og Telemark slo seg sammen '
        '1. januar 2019" -> "Fylkesmannsembetet i Vestfold og Telemark ble ett embete i 2019"',
        f'{at("slides", 0, "title")}: slides[1].title: "Allianser og partnerskapsutvikling" -> '
        '"Allianser og partnerskap"',
        f'{at("slides", slide_index("rearview"), "notes")}: slides[{slide_index("rearview") + 1}].notes: "La '
        'spørsmålet henge et øyeblikk. Sammenslåingene er gjort; spørsmålet er hva vi bruker dem til.\\n" -> "La '
        'spørsmålet henge et lite øyeblikk. Sammenslåingene er gjort; spørsmålet er hva vi bruker dem til.\\n"',
        f"{at('slides', slide_index('strategy'), 'columns', 1, 'heading')}: "
        f'slides[{slide_index("strategy") + 1}].columns[2].heading: "Konkretisering" -> "Tiltak"',
        f'{at("slides", smart, "text")}: slides[{smart + 1}].text: "{paragraph}" -> '
        f'"{paragraph.replace("Smart spesialisering er en metode", "S3 er en metode")}"',
        f"{at('slides', slide_index('steps'), 'steps', 1)}: slides[{slide_index('steps') + 1}].steps[2]: "
        '"Analyse" -> "Kunnskap"',
        f"{at('slides', slide_index('together'), 'items', 2)}: slides[{slide_index('together') + 1}].items[3]: "
        '"Merverdi" -> "Mer verdi"',
        f"{at('slides', slide_index('goal-table'), 'headers', 0)}: slides[{slide_index('goal-table') + 1}]"
        '.headers[1]: "Horisont" -> "Når"',
        "8 to patch, 0 to review, 0 new, 0 info",
    ]


@pytest.mark.parametrize(
    "saved_by",
    [
        "python-pptx",
        # a deck LibreOffice saved is matched and applied in the default run (resaved below)
        pytest.param("libreoffice", marks=[pytest.mark.office("libreoffice"), pytest.mark.sweep]),
    ],
)
def test_after_apply_a_rebuild_shows_the_edited_texts(
    talk: Path, saved_by: str, request: pytest.FixtureRequest
) -> None:
    if saved_by == "libreoffice":
        edited = resaved(request.getfixturevalue("libreoffice_saved"), "apply")
    else:
        speaker = Speaker(build())
        edits_to_apply(speaker)
        edited = speaker.save()
    before = Path(TALK).read_text(encoding="utf-8")
    result = run("harvest", str(edited), "--apply")
    assert result.exit_code == 0, result.output
    assert "0 to review" in result.stdout and result.stdout.endswith("wrote content/2019.yaml\n")
    assert Path(TALK).read_text(encoding="utf-8") != before
    assert texts(build(TALK, "again.pptx")) == texts(edited)


def test_apply_keeps_comments_quoting_order_and_every_other_line(talk: Path) -> None:
    speaker = Speaker(build())
    speaker.retype(
        "changes", "body", "NHO Vestfold og Telemark ny fra", "NHO Vestfold og Telemark: ny fra"
    )
    speaker.retype(
        "title", "Subtitle 2", "Stat-næringsliv-konferansen", "Stat-næringslivskonferansen"
    )
    before = Path(TALK).read_text(encoding="utf-8").splitlines()
    assert run("harvest", str(speaker.save()), "--apply").exit_code == 0
    after = Path(TALK).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("  event: Stat-næringsliv-konferansen", "  event: Stat-næringslivskonferansen"),
        (
            "    - NHO Vestfold og Telemark ny fra 1. januar 2018",
            '    - "NHO Vestfold og Telemark: ny fra 1. januar 2018"',
        ),
    ]


@pytest.mark.office("libreoffice")
def test_a_deck_resaved_by_libreoffice_is_matched_by_order_and_text_and_applies(
    talk: Path, libreoffice_saved: dict[str, Path]
) -> None:
    saved = resaved(libreoffice_saved, "match")
    assert not any(slide.key for slide in read_pptx(saved).slides)  # LibreOffice drops the tags
    lines = harvested(saved)
    assert lines[-1] == "4 to patch, 0 to review, 0 new, 0 info"
    assert run("harvest", str(saved), "--apply").exit_code == 0
    assert texts(build(TALK, "again.pptx")) == texts(saved)


@pytest.mark.office("libreoffice")
def test_slides_deleted_and_moved_in_libreoffice_become_patches_of_the_edition(
    talk: Path, libreoffice_saved: dict[str, Path]
) -> None:
    saved = resaved(libreoffice_saved, "slides")
    lines = harvested(saved)
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == [
        'slides.smart: remove: true (the speaker deleted "Smart spesialisering")',
        'slides.closing: after: together (the speaker moved "Vilje og ambisjoner" after '
        '"Alene, sammen, merverdi")',
    ]
    assert run("harvest", str(saved), "--apply").exit_code == 0
    assert texts(build(VESTFOLD, "again.pptx")) == texts(saved)


def test_slides_deleted_and_moved_in_an_edition_become_patches_by_id(talk: Path) -> None:
    speaker = Speaker(build(VESTFOLD))
    speaker.delete("smart")
    speaker.move("rearview", "steps")
    edited = speaker.save()
    lines = harvested(edited)
    assert (
        "content/editions/vestfold-2024.yaml: slides.smart: remove: true "
        '(the speaker deleted "Smart spesialisering")' in lines
    )
    assert any(
        line.endswith(
            'slides.rearview: after: who (the speaker moved "Hvor mye i bakspeilet? Hvor mye mot nye '
            'muligheter?" after "Hvem er vi og hva vil vi?")'
        )
        for line in lines
    )
    assert run("harvest", str(edited), "--apply").exit_code == 0
    assert "slides:\n  smart:\n    remove: true\n  rearview:\n    after: who\n" in Path(
        VESTFOLD
    ).read_text("utf-8")
    assert texts(build(VESTFOLD, "again.pptx")) == texts(edited)


def test_slides_deleted_or_moved_in_the_talk_itself_are_left_to_the_author(talk: Path) -> None:
    speaker = Speaker(build())
    speaker.delete("who")
    speaker.move("closing", "title")
    lines = harvested(speaker.save())
    assert lines[-1] == "0 to patch, 2 to review, 0 new, 0 info"
    assert all(
        "review: the speaker" in line and "change the content in an edition" in line
        for line in lines[:2]
    )


def test_new_slides_and_text_boxes_are_reported_with_their_text(talk: Path) -> None:
    speaker = Speaker(build())
    slide = speaker.prs.slides.add_slide(speaker.prs.slide_layouts[1])
    slide.shapes.title.text = "Spørsmål fra salen"
    box = speaker.slide("smart").shapes.add_textbox(100, 100, 3000000, 400000)
    box.text_frame.text = "Husk S3-rapporten"
    lines = harvested(speaker.save())
    assert lines == [
        f'edited.pptx: slide 10 (smart): new text box "{box.name}": "Husk S3-rapporten"',
        'edited.pptx: slide 17: new slide: "Spørsmål fra salen"',
        "0 to patch, 0 to review, 2 new, 0 info",
    ]


def test_moved_resized_and_refonted_shapes_are_information_never_patches(talk: Path) -> None:
    speaker = Speaker(build())
    speaker.shape("together", "Idea 1").left += 12700 * 30
    speaker.shape("steps", "Step 3").width -= 12700 * 20
    speaker.shape("steps", "Step name 1").text_frame.paragraphs[0].runs[0].font.size = 12700 * 30
    edited = speaker.save()
    result = harvest(edited, Options(project=talk))
    assert not result.edits
    assert result.lines() == [
        'info: slide 11 (steps): "Step name 1" size 22 pt -> 30 pt',
        'info: slide 11 (steps): "Step 3" resized by -20 x +0 pt',
        'info: slide 12 (together): "Idea 1" moved by +30, +0 pt',
        "0 to patch, 0 to review, 0 new, 3 info",
    ]


def test_a_value_changed_through_a_filter_names_the_var_and_writes_nothing(talk: Path) -> None:
    speaker = Speaker(build())
    speaker.retype("changes", "body", "med 23 kommuner", "med 24 kommuner")
    speaker.retype("title", "Subtitle 2", "15. mars 2019", "16. mars 2019")
    result = harvest(speaker.save(), Options(project=talk))
    assert not result.edits
    assert result.lines() == [
        f'{at("date")}: date: review: "15. mars 2019" -> "16. mars 2019": `{{{{ deck.date | long_date }}}}` '
        "shows this value through a filter: change `deck.date` if that is what is meant",
        f'{at("vars", "changes", 0)}: vars.changes[1]: review: "23" -> "24": `municipalities` comes from SSB\'s '
        "register (`county:` and `year:`): it cannot be written back",
        "0 to patch, 2 to review, 0 new, 0 info",
    ]


def test_a_var_shown_in_many_places_is_offered_unless_every_place_changed_alike(talk: Path) -> None:
    speaker = Speaker(build(VESTFOLD))
    speaker.retype("changes", "Title 1", "Vestfold i endring", "Viken i endring")
    one = harvest(speaker.save(), Options(project=talk)).lines()
    assert one[0].startswith(
        f'{at("vars", "region", file=VESTFOLD)}: vars.region: review: "Vestfold" -> "Viken": '
        "10 texts show this value and the deck changes 1"
    )
    speaker = Speaker(build(VESTFOLD))
    speaker.retype("goals/1", "body", "grønn omstilling", "det grønne skiftet")
    assert (
        "2 texts show this value and the deck changes 1"
        in harvest(speaker.save(), Options(project=talk)).lines()[0]
    )
    speaker.cell("goal-table", 1, 1, speaker.shape("goals/1", "body").text_frame.text.strip("«»"))
    both = harvest(speaker.save(), Options(project=talk))
    assert both.lines()[0].endswith(
        'vars.goals[1].text: "En fylkeskommune som er kjent for samarbeid med '
        'næringslivet om grønn omstilling og nye arbeidsplasser" -> "En fylkeskommune '
        "som er kjent for samarbeid med næringslivet om det grønne skiftet og nye "
        'arbeidsplasser"'
    )


def test_a_template_shared_by_the_slides_of_a_for_each_is_left_to_the_author(talk: Path) -> None:
    speaker = Speaker(build())
    speaker.retype("goals/2", "body", "«", "««")
    lines = harvest(speaker.save(), Options(project=talk)).lines()
    goals = slide_index("goals")
    assert lines[0].startswith(f"{at('slides', goals, 'text')}: slides[{goals + 1}].text: review:")
    assert lines[0].endswith(
        "2 texts show this value and the deck changes 1: change it here if every one should "
        "follow, else edit the text where it is shown"
    )


def test_harvest_refuses_when_the_content_changed_and_names_the_file(talk: Path) -> None:
    edited = Speaker(build()).save()
    Path(TALK).write_text(
        Path(TALK).read_text("utf-8").replace("items: [Alene,", "items: [Alene!,"), "utf-8"
    )
    result = run("harvest", str(edited))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "content/2019.yaml: changed since the deck was made; give --against REV"
    )
    together = slide_index("together")
    assert harvested(edited, "--force")[:1] == [
        f'{at("slides", together, "items", 0)}: slides[{together + 1}].items[1]: "Alene!" -> "Alene"'
    ]


@pytest.mark.skipif(not have("git"), reason="needs git")
def test_against_a_git_revision_rebuilds_what_was_handed_over_and_patches_the_file_as_it_is(
    talk: Path,
) -> None:
    git = ["git", "-c", "user.email=speaker@example.org", "-c", "user.name=Speaker"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "content"], check=True)
    subprocess.run([*git, "commit", "-qm", "handed over"], check=True)
    speaker = Speaker(build())
    speaker.retype("who", "Title 1", "Hvem er vi", "Hvem er vi egentlig")
    edited = speaker.save()
    Path(TALK).write_text("# a line added since\n" + Path(TALK).read_text("utf-8"), "utf-8")
    who = slide_index("who")
    assert (
        harvested(edited, "--against", "HEAD")[0]
        == f"{at('slides', who, 'text')}: slides[{who + 1}].text: "
        '"Hvem er vi og hva vil vi?" -> "Hvem er vi egentlig og hva vil vi?"'
    )
    assert run("harvest", str(edited), "--against", "HEAD", "--apply").exit_code == 0
    assert "    text: Hvem er vi egentlig og hva vil vi?\n" in Path(TALK).read_text("utf-8")


def test_a_patch_that_conflicts_is_refused_alone_and_the_others_are_written(talk: Path) -> None:
    speaker = Speaker(build())
    speaker.retype("title", "Title 1", "partnerskapsutvikling", "partnerskap")
    speaker.retype("closing", "Title 1", "Vilje", "Mot")
    result = harvest(speaker.save(), Options(project=talk))
    changed = (
        Path(TALK).read_text("utf-8").replace("text: Vilje og ambisjoner", "text: Vilje og evner")
    )
    Path(TALK).write_text(changed, "utf-8")
    applied = apply_harvest(result, Options(project=talk))
    closing = slide_index("closing")
    assert [e.format_message() for e in applied.refused] == [
        f"{at('slides', closing, 'text')}: slides[{closing + 1}].text: the value changed since the deck was made "
        '(now "Vilje og evner")',
    ]
    assert Path(TALK).read_text("utf-8") == changed.replace(
        "    title: Allianser og partnerskapsutvikling", "    title: Allianser og partnerskap"
    )


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _deck_with(part: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(Path("deck.pptx").read_bytes())) as built:
        entries = {i.filename: built.read(i) for i in built.infolist()}
    return _zip({**entries, part: data})


BAD = {
    "not made by make-deck": (
        lambda: _plain_deck(),
        "make-deck did not make this deck: it records no content files",
    ),
    "corrupt": (
        lambda: Path("deck.pptx").read_bytes()[:5000],
        "not a .pptx package (a zip archive)",
    ),
    "password-protected": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
        "the file is password-protected (or a binary .ppt), not a .pptx package",
    ),
    "too many entries": (
        lambda: _zip({f"x/{n}.xml": b"<a/>" for n in range(20_001)}, zipfile.ZIP_STORED),
        "20,001 entries, more than 20,000",
    ),
    "a zip bomb": (
        lambda: _zip({"ppt/presentation.xml": b" " * (50 * 2**20)}),
        "times larger than it is stored",
    ),
    "an entity": (
        lambda: _deck_with(
            "ppt/presentation.xml",
            b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e "boom">]><p:presentation xmlns:p="x">&e;</p:presentation>',
        ),
        "ppt/presentation.xml declares a DTD",
    ),
}


def _plain_deck() -> bytes:
    buffer = io.BytesIO()
    Presentation().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_deck_that_cannot_be_harvested_is_refused_with_its_reason_and_nothing_written(
    talk: Path, case: str
) -> None:
    build()
    make, reason = BAD[case]
    Path("bad.pptx").write_bytes(make())
    before = Path(TALK).read_bytes()
    result = run("harvest", "bad.pptx", "--apply")
    assert result.exit_code == 1
    assert reason in result.stderr
    assert Path(TALK).read_bytes() == before


def test_a_deck_of_another_talk_is_refused(talk: Path) -> None:
    deck = build(VESTFOLD)
    result = run("harvest", str(deck), "--content", "content/editions/telemark-2024.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "deck.pptx: the deck was made from content/2019.yaml, "
        "content/editions/vestfold-2024.yaml, not from content/editions/telemark-2024.yaml"
    )


def test_a_deck_edited_so_far_that_nothing_maps_is_refused(talk: Path) -> None:
    speaker = Speaker(build())
    for key in list(speaker.keys):
        speaker.delete(key)
    slide = speaker.prs.slides.add_slide(speaker.prs.slide_layouts[1])
    slide.shapes.title.text = "Et helt annet foredrag"
    result = run("harvest", str(speaker.save()))
    assert result.exit_code == 1
    assert "nothing in the deck maps to what its content makes" in result.stderr


def test_a_new_process_harvests_the_edits_of_the_2019_deck(talk: Path) -> None:
    # how fast: bench/limits.py ("harvest of the edited 2019 deck", at most 1 s)
    speaker = Speaker(build())
    speaker.retype("title", "Title 1", "partnerskapsutvikling", "partnerskap")
    speaker.bullets("questions", [1, 0, 2, 3, 4, 5])
    edited = speaker.save()
    command = [sys.executable, "-c", "from generator.commands.app import main; main()"]
    done = subprocess.run([*command, "harvest", str(edited)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    questions = slide_index("questions")
    assert done.stdout.splitlines() == [
        f'{at("slides", 0, "title")}: slides[1].title: "Allianser og partnerskapsutvikling" -> '
        '"Allianser og partnerskap"',
        f"{at('slides', questions, 'bullets', 0)}: slides[{questions + 1}].bullets[1]: moved to item 2",
        "2 to patch, 0 to review, 0 new, 0 info",
    ]


VALUES = sorted(paths((REPO / TALK).read_text("utf-8")).items())


@settings(max_examples=examples(20, 60), deadline=None)
@given(
    st.sampled_from(VALUES),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
        lambda t: t.strip() == t
    ),
)
def test_any_text_written_into_a_string_value_reads_back_and_nothing_else_changes(
    place: tuple, text: str
) -> None:
    source = (REPO / TALK).read_text("utf-8")
    _, path = place
    data = yaml.safe_load(source)
    node = data
    for step in path:
        node = node[step]
    if not isinstance(node, str):
        return
    patched, conflicts = apply([Edit("talk", path, node, text)], {"talk": source})
    assert not conflicts
    again = yaml.safe_load(patched["talk"])
    target = again
    for step in path[:-1]:
        target = target[step]
    assert target[path[-1]] == text
    target[path[-1]] = node
    assert again == data
