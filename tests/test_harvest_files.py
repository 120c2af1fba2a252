"""What --apply writes reads back as the speaker's text and leaves the rest of each file as it was: line endings,
byte order mark, mode, folded and anchored values, Jinja's own syntax typed by a speaker; reasons that are true
(another project, another master, applied before); every kind of edit over every kind of edition patch."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pptx import Presentation

from generator.harvest.deckreader import read_pptx

from .conftest import run
from .harvesting import Speaker, mini, snapshot

TALK = "content/talk.yaml"
SOR = "content/editions/sor.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(content: str = TALK, out: str = "built.pptx", *extra: str) -> Path:
    result = run(content, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return Path(out)


def texts(deck: Path) -> list[tuple[tuple[str, ...], str]]:
    return [
        (tuple(s.text or str(s.cells) for s in slide.shapes), slide.notes)
        for slide in read_pptx(deck).slides
    ]


def applied(deck: Path, *extra: str) -> str:
    result = run("harvest", str(deck), "--apply", *extra)
    assert result.exit_code == 0, result.output
    return result.stdout


def rebuilt_shows(edited: Path, content: str = TALK) -> None:
    """Every content file builds, and the content's deck shows what the speaker's deck shows."""
    files = [str(p) for p in sorted(Path("content").rglob("*.yaml"))]
    result = run(*files)
    assert result.exit_code == 0, result.output
    assert texts(build(content, "again.pptx")) == texts(edited)


def test_a_crlf_file_with_a_byte_order_mark_keeps_both_and_changes_one_line(project: Path) -> None:
    talk = Path(TALK)
    talk.write_bytes(b"\xef\xbb\xbf" + talk.read_bytes().replace(b"\n", b"\r\n"))
    speaker = Speaker(build())
    speaker.retype("points", "Hva vi vil", "Hva vi ønsker")
    before = talk.read_bytes()
    applied(speaker.save(Path("edited.pptx")))
    after = talk.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == before.count(b"\r\n")
    changed = [
        (a, b) for a, b in zip(before.split(b"\r\n"), after.split(b"\r\n"), strict=True) if a != b
    ]
    assert changed == [(b"    title: Hva vi vil", "    title: Hva vi ønsker".encode())]


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_apply_keeps_the_file_mode(project: Path, mode: int) -> None:
    os.chmod(TALK, mode)
    speaker = Speaker(build())
    speaker.retype("points", "Hva vi vil", "Hva vi ønsker")
    applied(speaker.save(Path("edited.pptx")))
    assert stat.S_IMODE(os.stat(TALK).st_mode) == mode
    assert "Hva vi ønsker" in Path(TALK).read_text("utf-8")


def test_a_read_only_content_file_is_not_written(project: Path) -> None:
    speaker = Speaker(build())
    speaker.retype("points", "Hva vi vil", "Hva vi ønsker")
    edited = speaker.save(Path("edited.pptx"))
    os.chmod(TALK, 0o444)
    before = snapshot(project)
    result = run("harvest", str(edited), "--apply")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{TALK}: is read-only: nothing was written into it; make it writable (chmod u+w {TALK}) if "
        "the speaker's edits should go in",
        "1 error, nothing written",
    ]
    assert snapshot(project) == before


def test_a_new_paragraph_in_a_folded_value_is_written_folded_in_place(project: Path) -> None:
    speaker = Speaker(build())
    speaker.paragraph("mirror", "nye muligheter", "Og hvem tar første steg?")
    edited = speaker.save(Path("edited.pptx"))
    out = applied(edited)
    assert out.startswith(f"{TALK}:27:11: slides[3].text: ")
    assert (
        "    text: >\n      Hvor mye i bakspeilet, og hvor mye\n      mot nye muligheter?\n\n"
        "      Og hvem tar første steg?\n    notes:"
    ) in Path(TALK).read_text("utf-8")
    rebuilt_shows(edited)


def test_an_anchored_value_edited_everywhere_it_shows_is_written_at_its_anchor(
    project: Path,
) -> None:
    speaker = Speaker(build())
    speaker.retype("title", "Agder", "Sørlandet")
    speaker.retype("place", "Agder", "Sørlandet")
    edited = speaker.save(Path("edited.pptx"))
    out = applied(edited)
    assert out.splitlines()[0] == f'{TALK}:9:11: vars.region: "Agder" -> "Sørlandet"'
    assert "  region: &region Sørlandet\n" in Path(TALK).read_text("utf-8")
    rebuilt_shows(edited)


@pytest.mark.parametrize(
    ("key", "old", "new"),
    [
        ("points", "Hva vi vil", "{# utkast #} Hva vi vil"),
        ("points", "Hva vi vil", "Hva vi vil {#"),
        ("points", "Grønn omstilling", "Pris: 100 {#1"),
        ("mirror", "muligheter?", "muligheter? {{ 1 }} {% if %}"),
    ],
)
def test_jinja_syntax_a_speaker_types_is_kept_from_jinja_and_reads_back(
    project: Path, key: str, old: str, new: str
) -> None:
    speaker = Speaker(build())
    speaker.retype(key, old, new)
    edited = speaker.save(Path("edited.pptx"))
    out = applied(edited)
    assert "{% raw %}" in Path(TALK).read_text("utf-8"), out
    rebuilt_shows(edited)


def test_braces_a_speaker_puts_around_a_templates_value_go_to_review(project: Path) -> None:
    speaker = Speaker(build())
    speaker.retype("title", "Agder", "{Agder}")
    before = snapshot(project)
    result = run("harvest", str(speaker.save(Path("edited.pptx"))), "--apply")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f'{TALK}:18:12: slides[1].title: review: "Liten prat om Agder" -> "Liten prat om {{Agder}}": '
        "the new text would read as template syntax beside the template's `{{ }}` (braces or "
        "`{#`): edit the template by hand",
        "0 to patch, 1 to review, 0 new, 0 info",
    ]
    assert snapshot(project) == before


def test_a_duplicated_slide_is_matched_to_its_original_and_the_edited_copy_is_new(
    project: Path,
) -> None:
    speaker = Speaker(build())
    speaker.duplicate("mirror", before="points")
    speaker.retype("mirror", "bakspeilet", "speilet")  # the copy, now first of the two
    result = run("harvest", str(speaker.save(Path("edited.pptx"))))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        'edited.pptx: slide 2: new slide (a copy of slide 3): "Hvor mye i speilet, og hvor mye mot '
        'nye muligheter?"',
        "0 to patch, 0 to review, 1 new, 0 info",
    ]


def test_a_deck_of_another_project_says_so(project: Path, tmp_path_factory) -> None:  # noqa: ANN001
    deck = build().resolve()
    elsewhere = mini(tmp_path_factory.mktemp("other"))
    (elsewhere / "content" / "talk.yaml").rename(elsewhere / "content" / "annen.yaml")
    os.chdir(elsewhere)
    result = run("harvest", str(deck), "--apply")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "built.pptx: this deck was made from the content file content/talk.yaml, which is not in "
        "this project; harvest a deck in the project folder it was built in (make-deck reads no "
        "file outside it, unless --allow-dir names its folder)"
    )


def test_applying_twice_says_it_was_applied(project: Path) -> None:
    speaker = Speaker(build())
    speaker.retype("points", "Hva vi vil", "Hva vi ønsker")
    edited = speaker.save(Path("edited.pptx"))
    applied(edited)
    before = snapshot(project)
    result = run("harvest", str(edited), "--apply")
    assert result.exit_code == 0
    assert result.stdout == (
        f"edited.pptx: already applied, nothing to do: {TALK} already holds every edit of this "
        "deck\n"
    )
    assert snapshot(project) == before


def _brand(path: Path, title: str) -> None:
    """A master of the project's own: the shipped one saved again with other document properties."""
    from generator.content.layouts import builtin_dir

    master = Presentation(str(builtin_dir() / "base.pptx"))
    master.core_properties.title = title
    master.save(str(path))


def test_a_deck_is_rebuilt_on_the_master_it_records(project: Path) -> None:
    Path("masters").mkdir()
    _brand(Path("masters/brand.pptx"), "Brand")
    speaker = Speaker(build(TALK, "built.pptx", "--template", "masters/brand.pptx"))
    speaker.retype("points", "Hva vi vil", "Hva vi ønsker")
    edited = speaker.save(Path("edited.pptx"))
    assert run("harvest", str(edited)).stdout.splitlines()[-1] == (
        "1 to patch, 0 to review, 0 new, 0 info"
    )
    _brand(Path("masters/brand.pptx"), "Brand, changed")
    changed = run("harvest", str(edited))
    assert (changed.exit_code, changed.stderr) == (
        1,
        "edited.pptx: the deck was built on the master masters/brand.pptx, which changed since; "
        "give --template with the master it was built on, or --force\n",
    )
    other = run("harvest", str(edited), "--template", str(Path("masters/brand.pptx")))
    assert other.exit_code == 1 and "masters/brand.pptx is another" in other.stderr
    Path("masters/brand.pptx").unlink()
    gone = run("harvest", str(edited))
    assert (gone.exit_code, gone.stderr) == (
        1,
        "edited.pptx: this deck was made from the master masters/brand.pptx, which is not in this "
        "project; give --template with that master\n",
    )


KINDS = {  # what the edition says of the slide `mirror` before the speaker edits it
    "none": "",
    "notes": "  mirror:\n    notes: Edisjonens notat.\n",
    "audience": "  mirror:\n    audience: [fagfolk]\n",
    "placed": "  mirror:\n    after: place\n",
    "added": "  extra:\n    layout: statement\n    text: Et nytt utsagn\n    after: mirror\n",
}
EDITS = ("text", "remove", "move")


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_edit_over_every_kind_of_edition_patch(
    project: Path, kind: str, edit: str
) -> None:
    Path(SOR).write_text(
        "extends: ../talk.yaml\nvars:\n  region: Sørlandet\nslides:\n" + KINDS[kind], "utf-8"
    )
    Path("content/editions/sor-nn.yaml").unlink()
    speaker = Speaker(build(SOR))
    target = "extra" if kind == "added" else "mirror"
    if edit == "text":
        speaker.retype(target, "Et nytt" if kind == "added" else "bakspeilet", "Ny tekst:")
    elif edit == "remove":
        speaker.delete(target)
    else:
        speaker.move(target, "title" if speaker.keys[1] != target else "place")
    edited = speaker.save(Path("edited.pptx"))
    talk = Path(TALK).read_bytes()
    out = applied(edited, "--into", SOR)
    assert "1 to patch, 0 to review" in out, out
    assert Path(TALK).read_bytes() == talk
    rebuilt_shows(edited, SOR)


def test_a_new_paragraph_in_a_one_paragraph_field_is_two_paragraphs_and_applies_once(
    project: Path,
) -> None:
    talk = Path(TALK)
    talk.write_text(
        talk.read_text("utf-8")
        + "  - layout: paragraph\n    id: smart\n    title: Smart\n"
        + "    text: >-\n      Alle regioner har muligheter.\n",
        "utf-8",
    )
    speaker = Speaker(build())
    speaker.paragraph("smart", "muligheter", "Og hver region velger selv.")
    edited = speaker.save(Path("edited.pptx"))
    applied(edited)
    assert "      Alle regioner har muligheter.\n\n      Og hver region velger selv.\n" in (
        talk.read_text("utf-8")
    )
    rebuilt_shows(edited)  # two paragraphs on the slide, as the speaker made them
    again = run("harvest", str(edited), "--apply")
    assert again.exit_code == 0, again.output
    assert "already applied" in again.stdout
