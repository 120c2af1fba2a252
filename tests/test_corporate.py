"""Any corporate master works: layouts found by what they are, mapped in content, one error per missing kind."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation

from generator.harvest.deckreader import read_pptx
from generator.master.matching import resolve
from generator.master.reader import MasterLayout, PlaceholderSpec, TextLevel, load_master

from . import masters
from .conftest import REPO, copy_talk, run

CONTENTS = ("content/2019.yaml", "content/editions/vestland-2024.yaml")
MAKERS = ("python_pptx_default", "norwegian_names", "potx", "libreoffice_saved", "sixteen_ten")
ENGLISH = {
    name: name for name in ("Title Slide", "Title and Content", "Section Header", "Title Only")
}
NORWEGIAN = {
    "Title Slide": "Tittellysbilde",
    "Title and Content": "Tittel og innhold",
    "Section Header": "Deloverskrift",
    "Title Only": "Bare tittel",
}
# make-deck's master layout name -> the layout each master gives it
EXPECTED = {
    "python_pptx_default": ENGLISH,
    "sixteen_ten": ENGLISH,
    "norwegian_names": NORWEGIAN,
    "potx": NORWEGIAN,
    "libreoffice_saved": {
        "Title Slide": "Title Slide",
        "Title and Content": "Title, Content",
        "Section Header": "Title, Content",
        "Title Only": "Title Only",
    },
}
PRESENTATION_MAIN = masters.PRESENTATION_MAIN


@pytest.fixture(scope="module")
def in_repo() -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        yield REPO


@pytest.fixture
def made(made_masters: masters.Made) -> masters.Made:
    """Each master of tests/masters.py, written once for the session."""
    return made_masters


class Built(dict):
    """Each content file built through the command line on the built-in master ("builtin") or a test master, as
    (exit status, stderr, deck) by (master, content); built when first asked for."""

    def __init__(self, made: masters.Made, folder: Path) -> None:
        super().__init__()
        self.made, self.folder = made, folder

    def __missing__(self, key: tuple[str, str]) -> tuple[int, str, Path]:
        name, content = key
        out = self.folder / f"{Path(content).stem}-{name}.pptx"
        master = () if name == "builtin" else ("--template", str(self.made[name]))
        self[key] = _build(content, out, *master)
        return self[key]


@pytest.fixture(scope="module")
def built(
    in_repo: Path, made_masters: masters.Made, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    return Built(made_masters, tmp_path_factory.mktemp("decks"))


def _build(content: str, out: Path, *args: str) -> tuple[int, str, Path]:
    result = run(content, *args, "-o", str(out))
    return result.exit_code, result.stderr, out


def talks_on_masters() -> list:
    """(content, master) pairs: the 2019 talk on every master; the edition on them under --sweep. A master saved
    by LibreOffice needs LibreOffice."""
    out = []
    for content in CONTENTS:
        for maker in MAKERS:
            marks = [pytest.mark.office("libreoffice")] if maker == "libreoffice_saved" else []
            marks += [pytest.mark.sweep] if content != CONTENTS[0] else []
            out.append(pytest.param(content, maker, id=f"{maker}-{content}", marks=marks))
    return out


def layouts_by_key(deck: Path) -> list[tuple[str, str]]:
    """(content slide key, master layout name) of each slide."""
    keys = [slide.key for slide in read_pptx(deck).slides]
    return list(
        zip(keys, [s.slide_layout.name for s in Presentation(str(deck)).slides], strict=True)
    )


def texts_by_key(deck: Path) -> dict[str, set[str]]:
    """Every text of each content slide, over the slides it ran on to (their "continued" titles left out); a map's
    labels (a municipality's name on its shape or beside the map, drawn only where it fits) left out too."""
    out: dict[str, set[str]] = {}
    for slide in read_pptx(deck).slides:
        texts = {
            t
            for shape in slide.shapes
            for t in (*shape.paragraphs, *(c for row in shape.cells for c in row))
            if (shape.kind or t != shape.name) and not shape.name.endswith(" (navn)")
        }
        out.setdefault(slide.key, set()).update(
            t for t in texts if "(forts.)" not in t and "(framhald)" not in t
        )
    return out


@pytest.mark.parametrize(("content", "maker"), talks_on_masters())
def test_talks_build_on_every_master_with_the_layouts_found_for_them(
    built: Built, maker: str, content: str
) -> None:
    code, stderr, deck = built[maker, content]
    assert code == 0, stderr
    assert [
        line for line in stderr.splitlines() if not line.startswith(("warning:", "wrote"))
    ] == []
    reference = dict(layouts_by_key(built["builtin", content][2]))
    found = layouts_by_key(deck)
    assert [layout for _, layout in found] == [EXPECTED[maker][reference[key]] for key, _ in found]
    assert texts_by_key(deck) == texts_by_key(built["builtin", content][2])


def test_statement_slides_use_the_norwegian_section_header(built: Built) -> None:
    found = layouts_by_key(built["norwegian_names", "content/2019.yaml"][2])
    assert ("rearview", "Deloverskrift") in found and ("closing", "Deloverskrift") in found


@pytest.mark.office("libreoffice")
def test_title_and_subtitle_of_one_idx_land_in_their_own_placeholders(built: Built) -> None:
    # LibreOffice numbers every placeholder of a layout idx 0
    first = Presentation(str(built["libreoffice_saved", "content/2019.yaml"][2])).slides[0]
    assert first.shapes.title.text_frame.text == "Allianser og partnerskapsutvikling"


def test_a_potx_master_gives_a_pptx_deck(built: Built) -> None:
    code, _, deck = built["potx", "content/2019.yaml"]
    assert code == 0
    with zipfile.ZipFile(deck) as z:
        types = z.read("[Content_Types].xml").decode()
    assert PRESENTATION_MAIN in types and masters.TEMPLATE_MAIN not in types


def write_edition(project: Path, text: str) -> Path:
    copy_talk(project / "content" / "2019.yaml")
    edition = project / "content" / "brand.yaml"
    edition.write_text("extends: 2019.yaml\n" + text, encoding="utf-8")
    return edition


def test_a_mapping_in_content_chooses_the_layout(project: Path, made: masters.Made) -> None:
    edition = write_edition(project, "master_layouts:\n  Section Header: Bare tittel\n")
    out = project / "brand.pptx"
    result = run(str(edition), "--template", str(made["norwegian_names"]), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    found = dict(layouts_by_key(out))
    assert found["rearview"] == found["closing"] == "Bare tittel"
    assert found["title"] == "Tittellysbilde"


def test_an_edition_inherits_the_mapping_of_the_talk(project: Path, made: masters.Made) -> None:
    talk = copy_talk(project / "content" / "2019.yaml")
    talk.write_text(
        talk.read_text(encoding="utf-8") + "master_layouts:\n  Section Header: Tittellysbilde\n",
        encoding="utf-8",
    )
    (project / "content" / "editions").mkdir()
    shutil.copy(
        REPO / "content" / "editions" / "vestland-2024.yaml", project / "content" / "editions"
    )
    out = project / "vestland.pptx"
    result = run(
        "content/editions/vestland-2024.yaml",
        "--template",
        str(made["norwegian_names"]),
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert dict(layouts_by_key(out))["rearview"] == "Tittellysbilde"


def test_a_mapped_layout_the_master_lacks_is_an_error_at_its_line(
    project: Path, made: masters.Made
) -> None:
    edition = write_edition(project, "master_layouts:\n  Section Header: Deloverskrif\n")
    result = run(
        str(edition), "--template", str(made["norwegian_names"]), "-o", str(project / "x.pptx")
    )
    assert result.exit_code == 1
    assert "content/brand.yaml:3:19: master_layouts.Section Header: the master" in result.stderr
    assert "has no layout 'Deloverskrif'; did you mean 'Deloverskrift'?" in result.stderr
    assert result.stderr.rstrip().endswith("1 error, no deck written")


def test_a_mapping_for_a_name_no_layout_asks_for_is_an_error(
    project: Path, made: masters.Made
) -> None:
    edition = write_edition(project, "master_layouts:\n  Section Heder: Deloverskrift\n")
    result = run("check", str(edition), "--template", str(made["norwegian_names"]))
    assert result.exit_code == 1
    assert (
        "no layout asks for master layout 'Section Heder'; did you mean 'Section Header'?"
        in result.stderr
    )


def without(source: Path, folder: Path, *names: str) -> Path:
    """The master at `source` without the layouts named."""
    prs = Presentation(str(source))
    for layout in list(prs.slide_layouts):
        if layout.name in names:
            prs.slide_layouts.remove(layout)
    path = folder / "without.pptx"
    prs.save(str(path))
    return path


def test_a_missing_layout_is_one_error_for_all_the_slides_that_need_it(
    in_repo: Path, made: masters.Made, built: Built, tmp_path: Path
) -> None:
    master = without(made["python_pptx_default"], tmp_path, "Title Only")
    result = run("content/2019.yaml", "--template", str(master), "-o", str(tmp_path / "x.pptx"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    need = [
        n
        for n, (_, layout) in enumerate(layouts_by_key(built["builtin", "content/2019.yaml"][2]), 1)
        if layout == "Title Only"
    ]
    assert len(lines) == 2 and lines[1] == "1 error, no deck written"
    assert lines[0].startswith("content/2019.yaml:")
    assert (
        f": slide {need[0]}: master layout 'Title Only' not found by name, type titleOnly or placeholders"
        in lines[0]
    )
    assert f"{len(need)} slides need it" in lines[0]
    assert "the master has 'Title Slide', 'Title and Content'" in lines[0]
    assert "`master_layouts: {Title Only: NAME}`" in lines[0]


def test_two_missing_kinds_are_two_errors(
    in_repo: Path, made: masters.Made, tmp_path: Path
) -> None:
    master = without(made["python_pptx_default"], tmp_path, "Title Only", "Title Slide")
    result = run("content/2019.yaml", "--template", str(master), "-o", str(tmp_path / "x.pptx"))
    assert result.exit_code == 1
    assert result.stderr.count("not found by name") == 2
    assert result.stderr.rstrip().endswith("2 errors, no deck written")


def test_template_check_of_the_norwegian_master(in_repo: Path, made: masters.Made) -> None:
    result = run(
        "template", "check", str(made["norwegian_names"]), "--content", "content/2019.yaml"
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "slide size: 960 x 540 pt (16:9)" in out
    assert "Section Header -> 'Deloverskrift' (by type secHead): closing, statement" in out
    assert "Title Slide -> 'Tittellysbilde' (by type title): title" in out
    assert "fonts: headings Arial, body Calibri" in out
    assert "colours: dk1 #222222, lt1 #FFFFFF" in out
    assert "text tx1 on accent2: 3.38:1 (low) (triad)" in out
    assert "Arial: measured with Liberation Sans's metrics" in out and "font:" not in result.stderr


@pytest.mark.office("libreoffice")
def test_template_check_of_python_pptx_default_and_libreoffice(
    in_repo: Path, made: masters.Made
) -> None:
    result = run(
        "template", "check", str(made["python_pptx_default"]), "--content", "content/2019.yaml"
    )
    assert result.exit_code == 0, result.stderr
    assert "slide size: 720 x 540 pt (4:3)" in result.stdout
    assert "Title Only -> 'Title Only' (by name):" in result.stdout
    assert "Calibri: measured with Carlito's metrics" in result.stdout
    assert "font:" not in result.stderr
    sixteen_ten = run(
        "template", "check", str(made["sixteen_ten"]), "--content", "content/2019.yaml"
    )
    assert "slide size: 720 x 450 pt (16:10)" in sixteen_ten.stdout
    lo = run("template", "check", str(made["libreoffice_saved"]), "--content", "content/2019.yaml")
    assert lo.exit_code == 0, lo.stderr
    # one slide master per slide LibreOffice was given: layouts named by master, the plain one chosen
    plain = "master 'libreoffice 1' has a plain background behind its text"
    assert (
        f"Section Header -> 'libreoffice 1 / Title, Content' (by placeholders: title and body; {plain})"
        in lo.stdout
    )
    assert (
        f"Title and Content -> 'libreoffice 1 / Title, Content' (by type obj; {plain})" in lo.stdout
    )


def test_template_check_fails_on_a_master_missing_a_layout_unless_content_maps_it(
    in_repo: Path, made: masters.Made, tmp_path: Path
) -> None:
    master = without(made["python_pptx_default"], tmp_path, "Title Only")
    result = run("template", "check", str(master), "--content", "content/2019.yaml")
    assert result.exit_code == 1
    assert (
        "master layout 'Title Only' not found by name, type titleOnly or placeholders"
        in result.stderr
    )
    assert "content/2019.yaml: fails, 1 error" in result.stdout
    assert "1 error, the master cannot be used as it is" in result.stderr
    content = tmp_path / "mapped.yaml"
    content.write_text(
        "master_layouts:\n  Title Only: Title and Content\n"
        "slides:\n  - layout: steps\n    title: Steg\n    steps: [En, To]\n",
        encoding="utf-8",
    )
    mapped = run("template", "check", str(master), "--content", str(content))
    assert mapped.exit_code == 0, mapped.stderr
    assert "Title Only -> 'Title and Content' (mapped in content)" in mapped.stdout


def test_template_check_of_a_file_that_is_no_master(in_repo: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.pptx"
    fake.write_text("not a zip", encoding="utf-8")
    result = run("template", "check", str(fake))
    assert result.exit_code == 1
    assert "fake.pptx" in result.stderr and "Traceback" not in result.stderr


def layout(name: str, kind: str, *placeholders: str) -> MasterLayout:
    specs = tuple(
        PlaceholderSpec(p, (), (0, 0, 0, 0), (0, 0, 0, 0), (TextLevel(),)) for p in placeholders
    )
    return MasterLayout(name, f"/ppt/slideLayouts/{name}.xml", specs, b"", kind)


LIBREOFFICE = (
    layout("Blank Slide", "blank"),
    layout("Title Slide", "tx", "title", "subTitle"),
    layout("Title, Content", "obj", "title", "obj"),
    layout("Title Only", "titleOnly", "title"),
    layout("Centered Text", "objOnly", "subTitle"),
    layout("Title, 6 Content", "blank", "title", *["obj"] * 6),
)


def test_resolution_says_why_for_each_name() -> None:
    found = resolve(
        ["Title Slide", "Section Header", "Blank", "Title and Content", "Two Content"], LIBREOFFICE
    )
    assert {name: (r.layout, r.reason) for name, r in found.items()} == {
        "Title Slide": ("Title Slide", "by name"),
        "Section Header": ("Title, Content", "by placeholders: title and body"),
        "Blank": ("Blank Slide", "by type blank"),
        "Title and Content": ("Title, Content", "by type obj"),
        "Two Content": ("", ""),
    }


def test_of_several_layouts_of_a_type_the_one_with_its_placeholders_is_taken() -> None:
    reordered = (LIBREOFFICE[-1], *LIBREOFFICE[:-1])  # "Title, 6 Content" (type blank) first
    assert resolve(["Blank"], reordered)["Blank"].layout == "Blank Slide"


def test_a_section_header_falls_back_to_a_title_slide_then_a_title_only() -> None:
    title_slide = (layout("Forside", "", "ctrTitle", "subTitle"), layout("Overskrift", "", "title"))
    assert resolve(["Section Header"], title_slide)["Section Header"].layout == "Forside"
    assert (
        resolve(["Section Header"], title_slide[1:])["Section Header"].reason
        == "by placeholders: title only"
    )


def test_a_mapping_wins_and_a_normalised_name_is_the_last_resort() -> None:
    found = resolve(
        ["Title Only", "Comparison"],
        (*LIBREOFFICE, layout("comparison slide", "")),
        {"Title Only": "Title, Content"},
    )
    assert (found["Title Only"].layout, found["Title Only"].reason) == (
        "Title, Content",
        "mapped in content",
    )
    assert (found["Comparison"].layout, found["Comparison"].reason) == (
        "comparison slide",
        "by name, normalised",
    )


def test_a_cached_master_of_the_old_shape_is_read_again(
    made: masters.Made, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from generator.cache import kept_json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    prs = Presentation(str(made["norwegian_names"]))
    # bytes of its own: not read before in this process
    prs.core_properties.title = "gammel hurtigbuffer"
    path = tmp_path / "old.pptx"
    prs.save(str(path))
    digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    old = {
        "digest": digest,
        "layouts": [["Tittellysbilde", "/ppt/slideLayouts/slideLayout1.xml", "", []]],
    }
    kept_json("masters", digest, lambda: old, lambda _: True)  # what an earlier version kept
    master = load_master(path)
    assert master.layouts["Deloverskrift"].type == "secHead"
    assert master.layouts["Tittellysbilde"].placeholders


def test_template_check_warns_of_a_theme_font_it_cannot_measure(
    in_repo: Path, tmp_path: Path
) -> None:
    futura = tmp_path / "futura.pptx"
    futura.write_bytes(
        masters.rewritten(
            (REPO / "templates" / "base.pptx").read_bytes(),
            {
                "ppt/theme/theme1.xml": lambda blob: blob.replace(
                    b'typeface="Calibri"', b'typeface="Futura"'
                )
            },
        )
    )
    result = run("template", "check", str(futura), "--content", "content/2019.yaml")
    assert result.exit_code == 0, result.stderr
    assert "font: 'Futura' has no metrics make-deck ships" in result.stderr
