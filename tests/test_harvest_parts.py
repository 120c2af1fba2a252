"""The parts harvest writes with, each on its own: a table cell spliced into its CSV file (separator, quotes,
padding and line breaks kept, only the one cell changed, a stale cell refused, a number written as the
file writes numbers); `--into` edits of the files an edition extends made into the edition's own patches,
which then build into the deck while the talk stays as it was; the project's content files found with the
files they extend, and a patch that would break a file built on it, or change its deck otherwise than the
patched file's own deck, named in that file; and the files a deck records read back: their names held to
the project, their digests, the master, the file as it was at a git revision, and a content file written
back with its line breaks, byte order mark and mode."""

from __future__ import annotations

import contextlib
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.datafiles import csv_records
from generator.content.layouts import builtin_dir
from generator.errors import DeckError, Location
from generator.harvest.csvsplice import CellRefused, splice_cell, written_number
from generator.harvest.deckreader import DeckText, read_pptx
from generator.harvest.deckviews import Shown, View
from generator.harvest.dependants import broken_by, content_files
from generator.harvest.into import Moved, retarget
from generator.harvest.projectfiles import (
    changed,
    digest,
    from_git,
    master_digest,
    read_text,
    recorded,
    resolve,
    with_master,
    writable,
    write_kept,
)
from generator.harvest.unasked import Dependant, asked, unasked
from generator.harvest.yamlsplice import Edit, Item, apply
from generator.pipeline.jobs import Options
from generator.pipeline.stages import assemble

from .conftest import examples, have, run
from .harvesting import CSV, EDITION, NYNORSK, TALK, Speaker, mini, snapshot

T, S, N = "content/talk.yaml", "content/editions/sor.yaml", "content/editions/sor-nn.yaml"
HERE = Location("deck.pptx")
MIRROR = "Hvor mye i bakspeilet, og hvor mye mot nye muligheter?\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with two decks of its edition: `deck.pptx` on make-deck's own master and
    `branded.pptx` on a copy of it in the project (`brand.pptx`)."""
    root = mini(tmp_path_factory.mktemp("harvest-parts"))
    shutil.copy(builtin_dir() / "base.pptx", root / "brand.pptx")
    with contextlib.chdir(root):
        assert run(S, "-o", "deck.pptx").exit_code == 0
        assert run(S, "--template", "brand.pptx", "-o", "branded.pptx").exit_code == 0
    return root


def cells(text: str, separator: str = ";") -> list[list[str]]:
    """A CSV text's records as the data file reader reads their values."""
    return [[v if q else v.strip() for v, q, _ in r] for r in csv_records(text, separator)]


def slide_texts(root: Path, content: str) -> dict[str, list[str]]:
    """Each slide's paragraphs (by its key) of `content` built in memory."""
    model, _, _ = assemble(root / content, Options(project=root))
    return {
        slide.key: [p.text for shape in slide.shapes for p in getattr(shape, "paragraphs", ())]
        for slide in model.slides
    }


# ---------------------------------------------------------------- a table cell into its CSV file


def test_a_cell_is_written_in_place_and_every_other_byte_is_kept() -> None:
    patched = splice_cell(CSV, 1, 1, "116000", "117000")
    assert patched == CSV.replace("116000", "117000")


def test_a_quoted_cell_stays_quoted_and_a_cell_that_needs_quotes_gets_them() -> None:
    quoted = splice_cell(CSV, 1, 2, "største by; sør", "største by")
    assert '"største by"' in quoted
    plain = splice_cell(CSV, 2, 0, "Arendal", 'Arendal; "byen"')
    assert '"Arendal; ""byen"""' in plain
    assert cells(plain)[2][0] == 'Arendal; "byen"'


def test_padding_and_crlf_line_breaks_are_kept() -> None:
    text = "name , value\r\nOslo ,  12 \r\nBergen , 7\r\n"
    patched = splice_cell(text, 1, 1, "12", "13")
    assert patched == "name , value\r\nOslo ,  13 \r\nBergen , 7\r\n"


def test_a_cell_applied_before_is_left_as_it_is() -> None:
    once = splice_cell(CSV, 2, 1, "45000", "46000")
    assert splice_cell(once, 2, 1, "45000", "46000") == once


def test_a_cell_changed_since_the_deck_was_made_or_gone_is_refused() -> None:
    with pytest.raises(CellRefused, match='now "116000"'):
        splice_cell(CSV, 1, 1, "115000", "117000")
    with pytest.raises(CellRefused, match="not in the file any more"):
        splice_cell(CSV, 3, 0, "Grimstad", "Lillesand")
    with pytest.raises(CellRefused, match="not in the file any more"):
        splice_cell(CSV, 1, 3, "", "x")


@settings(
    max_examples=examples(60, 2000), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    new=st.text(),
    cell=st.sampled_from([(1, 0), (1, 1), (1, 2), (2, 0), (2, 2)]),
    crlf=st.booleans(),
)
def test_any_text_written_into_a_cell_reads_back_and_nothing_else_changes(
    new: str, cell: tuple[int, int], crlf: bool
) -> None:
    text = CSV.replace("\n", "\r\n") if crlf else CSV
    row, column = cell
    before = cells(text)
    _, _, start = list(csv_records(text, ";"))[row][column]
    line_end = text.index("\n", start)
    patched = splice_cell(text, row, column, before[row][column], new)
    after = cells(patched)
    assert after[row][column] == new
    before[row][column] = new
    assert after == before
    assert patched.startswith(text[:start]) and patched.endswith(text[line_end:])


@pytest.mark.parametrize(
    ("old", "new", "written"),
    [
        ("1300", "1 400", "1400"),  # the file writes no spaces in its numbers
        ("1300", "1400.0", "1400"),  # nor decimals where it had none
        ("12,5", "13.5", "13,5"),  # a decimal comma stays a comma
        ("12.5", "13,5", "13.5"),
        ("1 300", "1400", "1400"),  # a file that groups digits gets the number as typed
        ("1300", "mange", "mange"),  # text as typed
        ("Arendal", "1 400", "1 400"),
    ],
)
def test_a_number_is_written_as_the_file_writes_its_numbers(
    old: str, new: str, written: str
) -> None:
    assert written_number(old, new) == written


# ---------------------------------------------------------------- --into: patches of the edition


def test_edits_of_the_talk_become_the_editions_patches_by_slide_id_and_var() -> None:
    texts = {T: TALK, S: EDITION, N: NYNORSK}
    edits = [
        Edit(T, ("vars", "points", 1), "Flere arbeidsplasser", "Flere jobber"),
        Edit(T, ("slides", 2, "text"), MIRROR, "Hvor mye fremover?"),
        Edit(T, ("date",), "2024-03-15", "2024-04-01"),
    ]
    moved = retarget(edits, N, [S, T], texts)
    assert moved.fates == (
        Moved(("vars", "points"), ("vars", "points")),  # an edition replaces a list whole
        Moved(("slides", "mirror", "text"), ("slides", 2, "text")),
        Moved(("date",), ("date",)),
    )
    out, conflicts = apply(moved.edits, texts)
    assert conflicts == [] and out[T] == TALK and out[S] == EDITION
    data = yaml.safe_load(out[N])
    assert data["vars"]["points"] == ["Samarbeid på tvers", "Flere jobber", "Grønn omstilling"]
    assert data["slides"]["mirror"] == {"text": "Hvor mye fremover?"}
    assert str(data["date"]) == "2024-04-01"  # a date again, not text
    assert data["slides"]["points"] == {"notes": "Snakk kort om kvart punkt."}  # kept


def test_edits_of_one_list_are_merged_into_one_patch() -> None:
    texts = {T: TALK, S: EDITION}
    items = ["Samarbeid på tvers", "Flere arbeidsplasser", "Grønn omstilling"]
    edits = [
        Edit(T, ("vars", "points", 0), items[0], "Samarbeid"),
        Edit(T, ("vars", "points"), items, (Item(0), Item(2), Item(None, "Nytt punkt")), "list"),
    ]
    moved = retarget(edits, S, [T], texts)
    assert [(e.file, e.path, e.kind) for e in moved.edits] == [(S, ("vars", "points"), "set")]
    assert moved.edits[0].new == ["Samarbeid", "Grønn omstilling", "Nytt punkt"]


def test_a_slide_without_an_id_cannot_be_patched_and_says_why() -> None:
    talk = TALK.replace("    id: mirror\n", "")
    edit = Edit(T, ("slides", 2, "text"), MIRROR, "Ny tekst")
    moved = retarget([edit], S, [T], {T: talk, S: EDITION})
    assert moved.edits == ()
    assert "slides[3] has no `id:`" in moved.fates[0]


def test_edits_of_the_edition_itself_and_of_other_files_stay_where_they_are() -> None:
    own = Edit(S, ("vars", "region"), "Sørlandet", "Agder og Sørlandet")
    cell = Edit("content/data/tall.csv", (1, 1), "116000", "117000", "cell")
    moved = retarget([own, cell], S, [T], {T: TALK, S: EDITION})
    assert moved.edits == (own, cell) and moved.fates == (None, None)


def test_patches_written_into_the_edition_build_into_its_deck(project: Path) -> None:
    root = mini(project)
    texts = {name: (root / name).read_text("utf-8") for name in (T, S)}
    edit = Edit(T, ("slides", 2, "text"), MIRROR, "Hvor mye fremover?")
    out, conflicts = apply(retarget([edit], S, [T], texts).edits, texts)
    assert conflicts == []
    (root / S).write_text(out[S], "utf-8")
    assert slide_texts(root, S)["mirror"] == ["Hvor mye fremover?"]
    assert slide_texts(root, T)["mirror"] == [MIRROR.strip()]
    assert (root / T).read_text("utf-8") == TALK


# ---------------------------------------------------------------- content files that build on a patch


def test_content_files_are_found_with_the_files_they_extend(tmp_path: Path) -> None:
    root = mini(tmp_path)
    for folder in ("build", ".hidden", "node_modules"):
        (root / folder).mkdir()
        (root / folder / "old.yaml").write_text("slides: []\n", "utf-8")
    (root / "content" / "data" / "settings.yaml").write_text("colour: blue\n", "utf-8")
    (root / "content" / "broken.yaml").write_text("slides: [\n", "utf-8")
    talk, sor, nn = (root.resolve() / name for name in (T, S, N))
    assert content_files(root) == {talk: None, sor: talk, nn: sor}


def test_a_patch_that_breaks_an_edition_is_named_in_the_edition(tmp_path: Path) -> None:
    root = mini(tmp_path)
    talk = (root / T).resolve()
    renamed = TALK.replace("    id: points\n", "    id: punkter\n")
    errors = broken_by({talk: renamed}, Options(project=root))
    assert len(errors) == 1  # once where it was written, not again for sor-nn.yaml built on it
    message = errors[0].format_message()
    assert message.startswith(f"{S}:5:3: slides.points: would no longer build with the patches: ")
    assert "no slide has the id 'points'" in message
    assert str(root) not in message  # the project's own names, not the folder built in
    assert (root / T).read_text("utf-8") == TALK


def test_a_patch_every_file_still_builds_with_breaks_nothing(tmp_path: Path) -> None:
    root = mini(tmp_path)
    talk = (root / T).resolve()
    assert (
        broken_by({talk: TALK.replace("Hva vi vil", "Hva vi ønsker")}, Options(project=root)) == []
    )


def test_a_file_that_did_not_build_before_is_not_blamed_on_the_patch(tmp_path: Path) -> None:
    root = mini(tmp_path)
    (root / "content" / "editions" / "old.yaml").write_text(
        "extends: ../talk.yaml\nslides:\n  gone:\n    title: X\n", "utf-8"
    )
    talk = (root / T).resolve()
    renamed = TALK.replace("    id: points\n", "    id: punkter\n")
    blamed = {e.location.file for e in broken_by({talk: renamed}, Options(project=root))}
    assert blamed == {S}


# ---------------------------------------------------------------- the files a deck records


def test_a_deck_records_its_content_files_and_master_with_their_digests(built: Path) -> None:
    found = recorded(read_pptx(built / "deck.pptx"), HERE)
    assert [name for name, _ in found.sources] == [S, T]
    options = Options(project=built)
    for name, recorded_digest in found.sources:
        assert digest(resolve(name, options, HERE).read_bytes()) == recorded_digest
    base = (builtin_dir() / "base.pptx").read_bytes()
    assert found.master == ("(built-in)", master_digest(base))
    assert with_master(found.master, options, False, HERE) == options


@pytest.mark.parametrize(
    ("properties", "said"),
    [
        ({"version": "0.1.0"}, "make-deck did not make this deck"),
        ({"source1": "content/talk.yaml sha256:abc"}, "a source make-deck never writes"),
        ({"source1": "con\x07tent.yaml sha256:" + "0" * 64}, "u0007tent.yaml"),
    ],
    ids=["no-sources", "no-digest", "control-character"],
)
def test_a_deck_make_deck_did_not_record_is_refused(properties: dict, said: str) -> None:
    with pytest.raises(DeckError, match="harvest") as caught:
        recorded(DeckText((), properties), HERE)
    assert said in caught.value.format_message() and "\x07" not in caught.value.format_message()


@pytest.mark.parametrize(
    ("name", "where"),
    [("../talk.yaml", "outside this project"), ("/etc/passwd", "outside this project")]
    + [("content/gone.yaml", "not in this project")],
)
def test_a_recorded_name_outside_the_project_or_missing_is_refused(
    built: Path, name: str, where: str
) -> None:
    with pytest.raises(DeckError, match=where):
        resolve(name, Options(project=built), HERE)


def test_a_content_file_changed_since_the_deck_is_named(built: Path, tmp_path: Path) -> None:
    sources = recorded(read_pptx(built / "deck.pptx"), HERE).sources
    root = tmp_path / "copy"
    shutil.copytree(built / "content", root / "content")
    assert changed(sources, Options(project=root), HERE) == []
    with (root / T).open("a", encoding="utf-8") as handle:
        handle.write("# a comment\n")
    assert changed(sources, Options(project=root), HERE) == [T]


def test_a_deck_is_rebuilt_on_the_master_in_the_project_it_records(
    built: Path, tmp_path: Path
) -> None:
    master = recorded(read_pptx(built / "branded.pptx"), HERE).master
    assert master is not None and master[0] == "brand.pptx"
    options = Options(project=built)
    assert with_master(master, options, False, HERE).template == (built / "brand.pptx").resolve()
    other = tmp_path / "other.pptx"
    other.write_bytes((built / "brand.pptx").read_bytes() + b"\0")
    given = Options(project=built, template=other)
    with pytest.raises(DeckError, match="is another"):
        with_master(master, given, False, HERE)
    assert with_master(master, given, True, HERE) == given


def test_a_changed_or_missing_master_is_refused_unless_forced(built: Path, tmp_path: Path) -> None:
    master = recorded(read_pptx(built / "branded.pptx"), HERE).master
    root = tmp_path / "copy"
    root.mkdir()
    options = Options(project=root)
    with pytest.raises(DeckError, match="not in this project"):
        with_master(master, options, False, HERE)
    (root / "brand.pptx").write_bytes((built / "brand.pptx").read_bytes() + b"\0")
    with pytest.raises(DeckError, match="changed since"):
        with_master(master, options, False, HERE)
    assert with_master(master, options, True, HERE).template == (root / "brand.pptx").resolve()
    with pytest.raises(DeckError, match="another version"):
        with_master(("(built-in)", "0" * 32), options, False, HERE)


def git(*args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(not have("git"), reason="needs git")
def test_the_files_as_they_were_at_a_git_revision_with_the_rest_of_the_project_beside(
    built: Path, project: Path
) -> None:
    sources = recorded(read_pptx(built / "deck.pptx"), HERE).sources
    mini(project)
    git("init", "-q")
    git("add", "content")
    git("commit", "-q", "--no-gpg-sign", "-m", "handed over")
    (project / T).write_text(TALK.replace("Liten prat", "Lang prat"), "utf-8")
    options = Options(project=project)
    with from_git(sources, "HEAD", options, HERE) as folder:
        assert (folder / T).read_text("utf-8") == TALK
        assert (folder / "content" / "data").is_symlink()
        assert (folder / "content" / "data" / "tall.csv").read_text("utf-8") == CSV
    assert not folder.exists()
    git("commit", "-q", "--no-gpg-sign", "-am", "edited")
    with (
        pytest.raises(DeckError, match="is not the version"),
        from_git(sources, "HEAD", options, HERE),
    ):
        pass
    with (
        pytest.raises(DeckError, match="not a git revision"),
        from_git(sources, "--help", options, HERE),
    ):
        pass


# ---------------------------------------------------------------- a content file written back


@settings(
    max_examples=examples(40, 1000), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.sampled_from(["a", "ø", " ", "\n", "\r", "\t", "\ufeff", "#"])),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_a_file_read_for_editing_is_written_back_byte_for_byte(
    tmp_path: Path, text: str, crlf: bool, bom: bool
) -> None:
    data = (("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)).encode()
    path = tmp_path / "talk.yaml"
    path.write_bytes(data)
    read = read_text(path, "talk.yaml")
    assert read.encoded(read.text) == data


def test_line_breaks_and_byte_order_mark_are_kept_around_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "talk.yaml"
    path.write_bytes("\ufefftitle: Liten prat\r\nlanguage: nb-NO\r\n".encode())
    read = read_text(path, "talk.yaml")
    assert (read.text, read.crlf, read.bom) == ("title: Liten prat\nlanguage: nb-NO\n", True, True)
    edited = read.text.replace("Liten", "Stor")
    assert read.encoded(edited) == "\ufefftitle: Stor prat\r\nlanguage: nb-NO\r\n".encode()


def test_a_file_that_is_not_utf8_is_named_with_its_byte(tmp_path: Path) -> None:
    path = tmp_path / "talk.yaml"
    path.write_bytes("title: Liten prat på Sørlandet\n".encode("latin-1"))
    with pytest.raises(DeckError, match="is not UTF-8 text \\(byte 0xE5\\)"):
        read_text(path, "talk.yaml")


def test_a_file_is_replaced_whole_with_its_mode_and_nothing_left_beside(tmp_path: Path) -> None:
    path = tmp_path / "talk.yaml"
    path.write_text("title: Liten prat\n", "utf-8")
    path.chmod(0o640)
    write_kept(path, b"title: Stor prat\n")
    assert path.read_bytes() == b"title: Stor prat\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["talk.yaml"]


def test_a_read_only_file_is_not_writable_and_says_how_to_allow_it(tmp_path: Path) -> None:
    path = tmp_path / "talk.yaml"
    path.write_text("title: Liten prat\n", "utf-8")
    assert writable(path, "content/talk.yaml") is None
    path.chmod(0o444)
    refused = writable(path, "content/talk.yaml")
    assert refused is not None and "chmod u+w content/talk.yaml" in refused.format_message()
    assert writable(tmp_path / "gone.yaml", "gone.yaml") is not None


# ---------------------------------------------------------------- changes a patch makes that it did not ask for

# The talk shows its points slide only while it has more than two points; the edition adds a slide after it.
SHOWN_WHILE = TALK.replace("    id: points\n", "    id: points\n    when: points | length > 2\n")
AFTER_POINTS = (
    EDITION + "  extra:\n    layout: statement\n    text: Et ekstra ord\n    after: points\n"
)


def with_edition(root: Path, talk: str, edition: str) -> Path:
    """The small project in `root` with its talk and its edition (sor.yaml) as given; the talk's path."""
    mini(root)
    (root / T).write_text(talk, "utf-8")
    (root / S).write_text(edition, "utf-8")
    return (root / T).resolve()


def test_a_slide_an_edition_places_after_one_the_patch_takes_out_stops_apply_until_forced(
    project: Path,
) -> None:
    with_edition(project, SHOWN_WHILE, AFTER_POINTS)
    assert run(T, "-o", "deck.pptx").exit_code == 0
    speaker = Speaker(project / "deck.pptx")
    body = next(s for s in speaker.slide("points").shapes if "arbeidsplasser" in s.text_frame.text)
    gone = next(p for p in body.text_frame.paragraphs if p.text == "Flere arbeidsplasser")
    gone._p.getparent().remove(gone._p)
    speaker.save(project / "edited.pptx")
    before = snapshot(project)
    done = run("harvest", "edited.pptx", "--apply")
    assert done.exit_code == 1
    moved = (
        f"{S}:10:5: slides.extra: the patch would move this slide from after 'points' to after "
        "'title' (the patch removes 'points'); place it `after:` or `before:` a slide that stays "
        "where it is; --force writes it anyway"
    )
    assert done.stderr.splitlines() == [
        moved,  # once: sor-nn.yaml, built on sor.yaml, has the slide from there
        "1 error, nothing written (--apply --force writes it all the same)",
    ]
    assert snapshot(project) == before
    forced = run("harvest", "edited.pptx", "--apply", "--force")
    assert forced.exit_code == 0
    assert forced.stderr == f"warning: written all the same (--force): {moved}\n"
    assert forced.stdout.endswith(f"wrote {T}\n")
    assert "Flere arbeidsplasser" not in (project / T).read_text("utf-8")
    assert list(slide_texts(project, S)) == ["title", "extra", "mirror", "place", "numbers"]


def test_a_talk_text_its_editions_show_alike_or_not_at_all_is_asked_for(tmp_path: Path) -> None:
    root = mini(tmp_path)
    talk = (root / T).resolve()
    patched = TALK.replace("bakspeilet", "speilet").replace("hvert punkt", "hvert av punktene")
    # sor.yaml shows both changes as the talk does; sor-nn.yaml shows the first, and keeps its own notes
    assert broken_by({talk: patched}, Options(project=root)) == []


def test_a_var_an_editions_own_slide_shows_changes_it_as_the_talk_shows_it(tmp_path: Path) -> None:
    """Asked for: the edition's own text changes by the words the talk's deck changes ("Flere
    arbeidsplasser" -> "Flere jobber" in the talk's bullets, in a sentence of the edition's own)."""
    own = EDITION + '  own:\n    layout: statement\n    text: "Mest av alt: {{ points[1] }}"\n'
    talk = with_edition(tmp_path, TALK, own + "    after: mirror\n")
    patched = TALK.replace("Flere arbeidsplasser", "Flere jobber")
    assert broken_by({talk: patched}, Options(project=tmp_path)) == []
    assert slide_texts(tmp_path, S)["own"] == ["Mest av alt: Flere arbeidsplasser"]


def test_a_var_an_editions_own_slide_shows_otherwise_than_the_talk_is_named_there(
    tmp_path: Path,
) -> None:
    count = EDITION + '  count:\n    layout: statement\n    text: "{{ points | length }} punkter"\n'
    talk = with_edition(tmp_path, TALK, count + "    after: mirror\n")
    before = snapshot(tmp_path)
    errors = broken_by(
        {talk: TALK.replace("    - Flere arbeidsplasser\n", "")}, Options(project=tmp_path)
    )
    assert [e.format_message() for e in errors] == [
        f'{S}:9:11: slides.count.text: the patch would change "3 punkter" to "2 punkter" here, and '
        f"the deck of {T} shows no such change; check that this file should follow the patch (it "
        "shows what the patch changes); --force writes it anyway"
    ]
    assert snapshot(tmp_path) == before


def view(*keys: str, texts: dict[tuple[str, str], str] | None = None) -> View:
    """A deck's view: its slides' keys, each written at the top of the edition, and texts by (key, place)."""
    where = Location(S, 1, 1)
    return View(
        keys,
        dict.fromkeys(keys, where),
        {
            place: Shown(tuple(text.split("\n")), "slides.x", (where,))
            for place, text in (texts or {}).items()
        },
    )


def test_only_what_the_patched_files_own_deck_does_not_do_alike_is_unasked() -> None:
    """The talk's deck swaps a and b, changes a line of b, takes c out and adds d; an edition that adds e
    before b shows all of that alike, and e moves with b. One whose e is placed nowhere (so it keeps its
    place) sees a move past e, and a text and a slide the talk's deck does not change or add."""
    talk = asked(
        T,
        [
            (
                view("a", "b", "c", texts={("b", "t"): "x\nold y\nz"}),
                view("b", "a", "d", texts={("b", "t"): "x\nnew y"}),
            )
        ],
    )
    before_b = Dependant(S, frozenset({S}), {"e": (Location(S, 9, 5), "b")})
    alike = (
        view("a", "e", "b", "c", texts={("b", "t"): "w\nold y\nz"}),
        view("e", "b", "a", "d", texts={("b", "t"): "w\nnew y"}),
    )
    assert unasked(*alike, talk, before_b) == []
    nowhere = Dependant(S, frozenset({S}), {})
    other = (
        view("a", "b", "e", texts={("e", "t"): "x"}),
        view("b", "e", "a", "f", texts={("e", "t"): "y"}),
    )
    found = [(e.path, e.problem.split(",")[0]) for e in unasked(*other, talk, nowhere)]
    assert found == [
        ("slides.x", 'the patch would change "x" to "y" here'),
        ("slides.f", "the patch would add slide 'f' to this deck"),
        ("slides.a", "the patch would move this slide from the start of the deck to after 'e'"),
    ]
