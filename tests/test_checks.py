"""Accessibility and picture checks: titles, contrast, language tags, alt text; `make-deck check` and --strict."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from generator.checks.accessibility import contrast, language_findings
from generator.errors import Location
from generator.findings import Check, Finding, checks_table
from generator.master.reader import load_master

from .conftest import REPO, run

HEAD = "title: T\nslides:\n"


def write(project: Path, text: str, name: str = "talk.yaml") -> str:
    (project / name).write_text(text, encoding="utf-8")
    return name


def png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (18, 53, 91)).save(path)
    return path


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_shipped_theme_text_colours_read_well_on_their_backgrounds() -> None:
    theme = load_master(REPO / "templates" / "base.pptx").theme_colors
    for text, background in (
        ("dk1", "lt1"),
        ("dk2", "lt2"),
        ("lt1", "dk2"),
        ("lt1", "accent1"),
        ("dk1", "accent2"),
    ):
        assert contrast(theme[text], theme[background]) >= 4.5, (text, background)


def test_low_contrast_shape_is_a_finding_with_its_location(project: Path) -> None:
    (project / "templates" / "layouts").mkdir(parents=True)
    (project / "templates" / "layouts" / "pale.yaml.j2").write_text(
        "{#---\nmaster: Title Only\nfields:\n  title: {type: text, required: true}\n---#}\n"
        "shapes:\n  - placeholder: title\n    field: title\n    text: {{ title | q }}\n"
        "  - geometry: rect\n    field: title\n    box: [60, 200, 300, 100]\n    fill: accent5\n    color: lt1\n"
        "    text: {{ title | q }}\n",
        encoding="utf-8",
    )
    name = write(project, HEAD + "  - layout: pale\n    title: Blek tekst\n")
    result = run("check", name)
    assert result.exit_code == 0
    assert "talk.yaml:4:12: slide 1: title: contrast: text lt1 on accent5 is" in result.stdout
    strict = run("check", "--strict", name)
    assert strict.exit_code == 1
    build = run("build", "--strict", name)
    assert build.exit_code == 1 and "contrast" in build.stderr
    assert not (project / "build" / "talk.pptx").exists()


def test_slide_without_a_title_is_a_finding(project: Path) -> None:
    (project / "templates" / "layouts").mkdir(parents=True)
    (project / "templates" / "layouts" / "bare.yaml.j2").write_text(
        "{#---\nmaster: Blank\nfields:\n  text: {type: text, required: true}\n---#}\n"
        "shapes:\n  - geometry: textbox\n    field: text\n    box: [60, 60, 800, 100]\n    text: {{ text | q }}\n",
        encoding="utf-8",
    )
    result = run("check", write(project, HEAD + "  - layout: bare\n    text: Uten tittel\n"))
    assert "talk.yaml:3:5: slide 1: title: the slide has no title" in result.stdout


def test_text_tagged_with_another_language_is_a_finding(deck_2019: Path) -> None:
    data = deck_2019.read_bytes()
    assert language_findings(data, "nb-NO", Location("c.yaml")) == []
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item)
            if item.filename == "ppt/slides/slide3.xml":
                blob = blob.replace(b'lang="nb-NO"', b'lang="en-US"', 1)
            dst.writestr(item, blob)
    [finding] = language_findings(out.getvalue(), "nb-NO", Location("c.yaml"))
    assert finding.slide == 3 and "en-US" in finding.message
    parts = {name: zipfile.ZipFile(out).read(name) for name in zipfile.ZipFile(out).namelist()}
    assert language_findings(parts, "nb-NO", Location("c.yaml")) == [finding]


def test_language_of_the_content_tags_every_run(project: Path) -> None:
    name = write(
        project,
        "language: nn-NO\n"
        + HEAD
        + "  - layout: statement\n    text: Kva vil vi?\n    notes: Eit notat.\n",
    )
    assert run(name).exit_code == 0
    data = (project / "build" / "talk.pptx").read_bytes()
    assert language_findings(data, "nn-NO", Location(name)) == []


def test_picture_keeps_its_aspect_ratio_and_alt_text(project: Path) -> None:
    png(project / "kart.png", (400, 200))
    name = write(
        project,
        HEAD + "  - layout: picture\n    title: Kart\n    image: kart.png\n"
        "    alt: Kart over Vestfold og Telemark med de 23 kommunene\n",
    )
    result = run(name)
    assert result.exit_code == 0, result.stderr
    slide = Presentation(str(project / "build" / "talk.pptx")).slides[0]
    [pic] = [s for s in slide.shapes if s.shape_type == 13]
    assert pic.width / pic.height == pytest.approx(2.0, rel=0.01)
    assert (
        pic._element.nvPicPr.cNvPr.get("descr")
        == "Kart over Vestfold og Telemark med de 23 kommunene"
    )


@pytest.mark.parametrize(
    ("fields", "message", "line"),
    [
        ("    image: kart.png\n", "missing field 'alt'", 3),
        ("    image: kart.png\n    alt: kart.png\n", "alt text 'kart.png' is a file name", 5),
        ("    image: mangler.png\n    alt: Et kart\n", "image 'mangler.png' not found", 5),
        ("    image: ikke-bilde.png\n    alt: Et kart\n", "is not a readable image", 5),
        ("    image: ../utenfor.png\n    alt: Et kart\n", "outside the project folder", 5),
    ],
    ids=["no-alt", "alt-is-path", "missing-file", "not-an-image", "outside-project"],
)
def test_bad_picture_is_an_error_at_its_line(
    project: Path, fields: str, message: str, line: int
) -> None:
    png(project / "kart.png", (10, 10))
    (project / "ikke-bilde.png").write_text("not an image", encoding="utf-8")
    name = write(project, HEAD + "  - layout: picture\n    title: Kart\n" + fields)
    result = run(name)
    assert result.exit_code == 1
    assert f"talk.yaml:{line}:" in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_check_writes_nothing_and_reports_the_shipped_decks_clean(
    repo: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in (repo / "build").glob("*")) if (repo / "build").exists() else []
    result = run(
        "check",
        "content/2019.yaml",
        "content/editions/vestfold-2024.yaml",
        "content/editions/telemark-2024.yaml",
        "content/editions/vestland-2024.yaml",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "content/2019.yaml: 16 slides, no findings",
        "content/editions/vestfold-2024.yaml: 18 slides, no findings",
        "content/editions/telemark-2024.yaml: 17 slides, no findings",
        "content/editions/vestland-2024.yaml: 17 slides, no findings",
    ]
    after = sorted(p.name for p in (repo / "build").glob("*")) if (repo / "build").exists() else []
    assert before == after


def test_low_contrast_theme_is_a_finding_naming_the_master(repo: Path, tmp_path: Path) -> None:
    pale = tmp_path / "pale.pptx"
    src = zipfile.ZipFile(REPO / "templates" / "base.pptx")
    with zipfile.ZipFile(pale, "w") as dst:
        for item in src.infolist():
            blob = src.read(item)
            if item.filename == "ppt/theme/theme1.xml":
                blob = blob.replace(
                    b'<a:dk1><a:srgbClr val="1B2A38"/>', b'<a:dk1><a:srgbClr val="B0B0B0"/>'
                )
            dst.writestr(item, blob)
    result = run("check", "--template", str(pale), "content/2019.yaml")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{pale}: deck: theme: contrast: dk1 #B0B0B0 on lt1 #FFFFFF is ")
        and line.endswith("below 4.5:1")
        for line in lines
    ), result.stdout
    assert any(": slide 12: items[3]: contrast: text tx1 on accent2" in line for line in lines)


def test_docs_list_every_declared_check_as_declared() -> None:
    doc = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    begin = doc.index("<!-- BEGIN checks")
    table = doc[doc.index("\n", begin) + 1 : doc.index("<!-- END checks -->")].strip()
    assert table == checks_table(), "docs/checks.md is out of date: python -m generator.findings"


def test_a_finding_names_a_declared_check_only() -> None:
    with pytest.raises(TypeError, match="not a declared check"):
        Finding(Location("c.yaml"), 1, "title", "spleling", "a check nobody declared")
    assert Finding(Location("c.yaml"), 1, "", Check("overflow"), "x").check is Check.OVERFLOW
