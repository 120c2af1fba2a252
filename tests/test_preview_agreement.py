"""The preview is true to the file: every slide of the 2019 talk (title, bullets, map, chart, table, quote)
drawn by Chromium from its SVG agrees with LibreOffice's render of the built .pptx by the measure of
tests/previewcheck.py, and shows every word of the slide at the line breaks fitting measured. The same check
over every shipped deck is tools/verify_preview.py."""

from __future__ import annotations

import pytest

from tests import browser, office, previewcheck
from tests.conftest import REPO

TALK = office.content_deck(REPO / "content" / "2019.yaml", pdf=True)

pytestmark = [pytest.mark.office, pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, office_decks: office.Decks):  # noqa: ANN201
    from generator.pipeline.jobs import Options, plan
    from generator.preview.deckview import view_deck

    if browser.missing():
        pytest.skip(browser.missing())
    folder = tmp_path_factory.mktemp("agreement")
    (job,) = plan([REPO / "content" / "2019.yaml"], None, Options(project=REPO), write=False)
    view = view_deck(job, spelling=False)
    # LibreOffice's render of the talk as a user builds it, from the run's one batch of renders
    libreoffice = previewcheck.pdf_pngs(office_decks.pdf(TALK), folder / "2019")
    driver = browser.chromium()
    try:
        preview = previewcheck.svg_pngs(
            driver, "2019", [s.svg for s in view.slides], folder, view.size
        )
    finally:
        browser.close(driver)
    return view, libreoffice, preview


def test_every_slide_agrees_with_libreoffice(rendered) -> None:  # noqa: ANN001
    view, office, preview = rendered
    assert len(office) == len(preview) == len(view.slides) == 16
    scores = [previewcheck.agreement(a, b) for a, b in zip(office, preview, strict=True)]
    low = [(n, round(s.score, 3)) for n, s in enumerate(scores, 1) if s.score < previewcheck.BAR]
    assert not low, f"slides below {previewcheck.BAR}: {low}"


def test_every_word_is_drawn_where_fitting_broke_the_lines(rendered) -> None:  # noqa: ANN001
    view, _, _ = rendered
    model, master = view.prepared.model, view.prepared.master
    written = previewcheck.deck_words(view.pptx())
    for slide, shown, words in zip(model.slides, view.slides, written, strict=True):
        assert previewcheck.svg_lines(shown.svg) == previewcheck.measured_lines(slide, master)
        assert words <= previewcheck.svg_words(shown.svg), slide.number


def test_nothing_is_left_undrawn_unsaid(rendered) -> None:  # noqa: ANN001
    """The talk uses nothing the preview cannot draw: no slide says it is drawn otherwise."""
    view, _, _ = rendered
    assert [s.unseen for s in view.slides] == [()] * len(view.slides)
