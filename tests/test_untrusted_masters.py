"""A master is untrusted input: macros, ActiveX, OLE objects and links outside it never reach a deck."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from . import masters, office
from .conftest import REPO, run, sweeping


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    makers = (masters.with_macros, masters.macro_enabled, masters.linked_and_embedded)
    return {make.__name__: make(folder) for make in makers}


def names(deck: Path) -> list[str]:
    with zipfile.ZipFile(deck) as archive:
        return archive.namelist()


def rels_text(deck: Path) -> str:
    with zipfile.ZipFile(deck) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))


def test_macros_in_a_master_are_taken_out_with_a_warning(
    repo: Path, hostile: dict, tmp_path: Path
) -> None:
    out = tmp_path / "deck.pptx"
    result = run("content/2019.yaml", "--template", str(hostile["with_macros"]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "untrusted: took out macros (a VBA project), from ppt/presentation.xml" in result.stderr
    assert not [n for n in names(out) if "vba" in n.lower()]
    assert "vbaProject" not in rels_text(out)


def test_a_macro_enabled_master_is_refused_whatever_it_is_called(
    repo: Path, hostile: dict, tmp_path: Path
) -> None:
    out = tmp_path / "deck.pptx"
    master = str(hostile["macro_enabled"])
    result = run("content/2019.yaml", "--template", master, "-o", str(out))
    assert result.exit_code == 1
    assert "a macro-enabled presentation cannot be a master" in result.stderr
    assert "macroEnabled.main+xml" in result.stderr
    assert not out.exists()
    checked = run("template", "check", master)
    assert checked.exit_code == 1
    assert "a macro-enabled presentation cannot be a master" in checked.stderr


def test_links_outside_and_ole_objects_are_taken_out_and_named(
    repo: Path, hostile: dict, tmp_path: Path
) -> None:
    out = tmp_path / "deck.pptx"
    result = run(
        "content/2019.yaml", "--template", str(hostile["linked_and_embedded"]), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert masters.TRACKER in result.stderr
    assert "https://attacker.example/" in result.stderr
    assert "an OLE object" in result.stderr
    text = rels_text(out)
    assert "External" not in text and "attacker" not in text and "oleObject" not in text
    with zipfile.ZipFile(out) as archive:
        master = archive.read("ppt/slideMasters/slideMaster1.xml").decode()
    # the linked picture and the OLE frame go; the rectangle stays, without its link
    assert 'name="Tracker"' not in master and 'name="Embedded"' not in master
    assert 'name="Brand link"' in master and "hlinkClick" not in master


CLEANED = ("with_macros", "linked_and_embedded")


def _on_cleaned(name: str) -> office.Maker:
    def make(kit: office.Kit) -> Path:
        master = getattr(masters, name)(kit.folder)
        out = kit.folder / f"{name}.pptx"
        content = REPO / "content" / "2019.yaml"
        office.make_deck(content, out, "--template", str(master))
        return out

    return make


# the master whose slide master lost shapes and links in the default run; the one that lost its macros under --sweep
for _name in CLEANED if sweeping() else ("linked_and_embedded",):
    office.deck(f"cleaned:{_name}", sdk=True)(_on_cleaned(_name))


@pytest.mark.office("validator")
@pytest.mark.parametrize(
    "name", [pytest.param("with_macros", marks=pytest.mark.sweep), "linked_and_embedded"]
)
def test_decks_from_cleaned_masters_are_valid_for_the_sdk(
    office_decks: office.Decks, name: str
) -> None:
    assert office_decks.sdk(f"cleaned:{name}") == []


@pytest.mark.parametrize(
    ("cx", "cy", "said"),
    [
        (1_270_000_000, 1_270_000_000, "100000 x 100000 pt"),
        (0, 0, "0 x 0 pt"),
        (-12_192_000, 6_858_000, "-960 x 540 pt"),
        (51_206_401, 6_858_000, "4032 x 540 pt"),
    ],
)
def test_a_slide_size_powerpoint_cannot_show_is_an_error_in_check_and_build(
    repo: Path, tmp_path: Path, cx: int, cy: int, said: str
) -> None:
    master = str(masters.slide_sized(tmp_path, cx, cy))
    out = tmp_path / "deck.pptx"
    built = run("content/2019.yaml", "--template", master, "-o", str(out))
    checked = run("template", "check", master)
    for result in (built, checked):
        assert result.exit_code == 1, result.output
        assert f"ppt/presentation.xml: the master's slide is {said}" in result.stderr
        assert "a slide is 72 to 4032 pt each way" in result.stderr
    assert not out.exists()


def test_placeholders_off_the_slide_are_errors_in_check_and_build(
    repo: Path, tmp_path: Path
) -> None:
    master = str(masters.placeholders_off_the_slide(tmp_path))
    out = tmp_path / "deck.pptx"
    built = run("content/2019.yaml", "--template", master, "-o", str(out))
    checked = run("template", "check", master, "--content", "content/2019.yaml")
    for result in (built, checked):
        assert result.exit_code == 1, result.output
        assert (
            "ppt/slideLayouts/slideLayout2.xml: master layout 'Title and Content' has its title "
            "placeholder at [-3937.01, -3937.01, 648, 90] pt, not on the 720 x 540 pt slide"
        ) in result.stderr
    assert not out.exists()
