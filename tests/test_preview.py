"""The preview's drawing and page without a browser: lines as fitting set them, content text that stays text,
pictures shown or said not to be, other masters, and `make-deck preview --html`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from generator.model.fitting import line_counts, set_text
from generator.pipeline.jobs import Options, plan
from generator.preview.deckview import view_deck
from generator.preview.page import section_body
from tests import masters
from tests.conftest import REPO, copy_talk, run

SVG = "{http://www.w3.org/2000/svg}"


def _view(content: Path, project: Path, template: Path | None = None):  # noqa: ANN202
    options = Options(project=project, template=template)
    (job,) = plan([content], None, options, write=False)
    return view_deck(job, spelling=False)


@pytest.fixture(scope="module")
def talk():  # noqa: ANN201
    return _view(REPO / "content" / "2019.yaml", REPO)


def test_set_text_is_what_fitting_measured(talk) -> None:  # noqa: ANN001
    model, master = talk.prepared.model, talk.prepared.master
    counts = line_counts(model, master)
    for slide in model.slides:
        for i, text in set_text(slide, master).items():
            assert sum(len(p.lines) for p in text.paragraphs) == counts[(slide.number, i)]
            for paragraph, para in zip(text.paragraphs, slide.shapes[i].paragraphs, strict=True):
                assert "".join(paragraph.lines) == para.text.replace("\v", "")


def test_every_slide_is_an_svg_at_the_masters_size(talk) -> None:  # noqa: ANN001
    for slide in talk.slides:
        root = etree.fromstring(slide.svg.encode())
        assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 960 540"
        assert slide.unseen == ()
    texts = "".join(talk.slides[1].svg.split(">"))
    assert "Vestfold og Telemark i endring" in texts


def test_content_text_is_drawn_as_text_never_as_markup(project: Path) -> None:
    content = copy_talk(project / "content" / "2019.yaml")
    hostile = "<script>alert(1)</script></text><foreignObject><img src=x onerror=alert(2)>"
    text = content.read_text(encoding="utf-8")
    text = text.replace('title: "{{ region }} i endring"', f"title: {hostile!r}".replace("'", '"'))
    text = text.replace("Spørsmålene er ment for salen", "<b onclick=alert(3)>Spørsmålene</b>")
    content.write_text(text, encoding="utf-8")
    view = _view(content, project)
    slide = view.slides[1]
    root = etree.fromstring(slide.svg.encode())
    names = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
    assert names <= {"svg", "rect", "path", "g", "text", "line", "polyline", "circle", "image"}
    assert "<script>alert(1)</script>" in "".join(root.itertext())
    html = "".join(section_body(s) for s in view.slides)
    assert "<script" not in html and "<b onclick" not in html and "<img" not in html
    assert "&lt;b onclick=alert(3)&gt;" in html


def test_a_picture_is_linked_and_one_a_browser_cannot_show_is_said(project: Path) -> None:
    from PIL import Image

    (project / "content").mkdir()
    Image.new("RGB", (400, 300), (20, 90, 160)).save(project / "content" / "wide.png")
    Image.new("RGB", (400, 300), (200, 90, 60)).save(project / "content" / "old.tiff")
    content = project / "content" / "pictures.yaml"
    slides = "".join(
        f"  - {{layout: picture, title: Bilde {n}, image: {name}, alt: Et bilde}}\n"
        for n, name in enumerate(("wide.png", "old.tiff"), 1)
    )
    content.write_text(f"title: Bilder\ndate: 2024-01-01\nslides:\n{slides}", encoding="utf-8")
    view = _view(content, project)
    assert re.search(r'<image href="pictures/[0-9a-f]{16}\.png"', view.slides[0].svg)
    assert list(view.pictures.values()) == [(project / "content" / "wide.png").resolve()]
    assert view.slides[0].unseen == ()
    assert "<image" not in view.slides[1].svg
    assert any("old.tiff" in u or ".tiff" in u for u in view.slides[1].unseen)
    assert "Not drawn here as the deck shows it" in section_body(view.slides[1])


@pytest.mark.parametrize("make", [masters.python_pptx_default, masters.norwegian_names])
def test_other_masters_are_drawn_at_their_size(make, tmp_path: Path) -> None:  # noqa: ANN001
    master = make(tmp_path)
    view = _view(REPO / "content" / "2019.yaml", REPO, master)
    width, height = view.prepared.master.size
    for slide in view.slides:
        assert etree.fromstring(slide.svg.encode()).get("viewBox") == f"0 0 {width:g} {height:g}"


def test_preview_html_writes_a_page_that_needs_no_server(project: Path) -> None:
    copy_talk(project / "content" / "2019.yaml")
    result = run("preview", "--html", "content/2019.yaml")
    assert result.exit_code == 0, result.output
    folder = project / "build" / "2019"
    assert result.stdout.strip() == "wrote build/2019/index.html"
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert index.count('<section class="slide"') == 16
    assert "<script" not in index and "script-src 'none'" in index
    assert sorted(p.name for p in (folder / "slides").iterdir())[0] == "01.svg"
    assert len(list((folder / "slides").iterdir())) == 16
    assert (folder / "fonts" / "Carlito-Regular.ttf").is_file()
    assert "url('fonts/Carlito-Bold.ttf')" in (folder / "app.css").read_text(encoding="utf-8")
    assert (folder / "2019.pptx").read_bytes()[:2] == b"PK"
    standalone = (folder / "slides" / "03.svg").read_text(encoding="utf-8")
    assert "url('../fonts/Carlito-Regular.ttf')" in standalone


@pytest.mark.browser
@pytest.mark.slow
def test_the_static_page_opens_from_the_disk_with_its_fonts(project: Path) -> None:
    from tests import browser

    copy_talk(project / "content" / "2019.yaml")
    assert run("preview", "--html", "content/2019.yaml").exit_code == 0
    driver = browser.chromium()
    try:
        driver.get((project / "build" / "2019" / "index.html").as_uri())
        loaded = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "document.fonts.ready.then(() => done([...document.fonts]"
            ".filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)))"
        )
        assert "Carlito bold" in loaded and "Carlito normal" in loaded
        assert len(driver.find_elements("css selector", "section.slide svg")) == 16
        notes = driver.find_element("css selector", "#slide-2 .notes").text
        assert "Regionen endrer seg" in notes
    finally:
        browser.close(driver)
