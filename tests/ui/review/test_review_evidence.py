"""The evidence beside the criterion in the review window: a photo's or a PDF page's tagged region outlined
in the window (not handed to another program), and a coach's signed observation as a timeline with the
tagged moment shaded, blind like the rest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices

from portfolio_app.ui.operations import review as review_ops
from portfolio_app.ui.review.review_window import ReviewWindow
from tests.review_bundles import (
    OBSERVED_CRITERION,
    OBSERVED_NOTE,
    OBSERVED_SPAN,
    PLAN_REGION,
    teacher_bundle_with_observation,
)
from tests.ui.review.test_review_window import everything_shown

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return teacher_bundle_with_observation(tmp_path_factory.mktemp("discussion"))[0]


@pytest.fixture
def window(qtbot, ops, bundle, monkeypatch):
    handed_out = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: handed_out.append(url) or True)
    opened = []
    review_ops.open_review(bundle).success(lambda outcome: opened.append(outcome.value)).run(ops)
    window = ReviewWindow(ops, opened[0].id)
    window.handed_out = handed_out
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.show()
    return window


def _choose(window: ReviewWindow, criterion_id: str, kind: str) -> dict:
    """Choose the criterion's evidence of `kind` and press Play / Open; the tag chosen."""
    screen = window.criterion_screens[criterion_id]
    window.steps.setCurrentRow(list(window.criterion_screens).index(criterion_id))
    kinds = {e["id"]: e["kind"] for e in window.submission["evidence"]}
    for row in range(screen.tags.count()):
        tag = screen.tag_at(row)
        if tag and kinds[tag["evidence_id"]] == kind:
            screen.tags.setCurrentRow(row)
            screen.play_button.click()
            assert not window.problem.isVisible(), window.problem.text()
            return tag
    raise AssertionError(f"no {kind} tagged for {criterion_id}")


def _outlined(viewer) -> list[tuple[float, float, float, float]]:
    """The regions drawn on the picture, as fractions of it, the strongest (chosen) first."""
    size = viewer.item.pixmap().size()
    drawn = sorted(viewer._region_items, key=lambda item: -item.pen().widthF())
    return [
        (r.x() / size.width(), r.y() / size.height(), r.width() / size.width(), r.height() / size.height())
        for r in (item.rect() for item in drawn)
    ]


def test_a_photos_tagged_region_is_outlined_in_the_window(qtbot, window):
    tag = _choose(window, "norms-and-structure", "image")
    viewer = window.preview.image
    assert viewer is not None and window.preview.stack.currentWidget() is viewer
    qtbot.waitUntil(lambda: viewer.loaded)
    region = tag["region"]
    assert _outlined(viewer)[0] == pytest.approx((region["x"], region["y"], region["w"], region["h"]), abs=0.01)
    assert "Norms and talk structure" in window.preview.caption.text()
    assert window.handed_out == []  # not sent to another program


def test_a_pdf_pages_tagged_region_is_outlined_in_the_window(qtbot, window):
    tag = _choose(window, OBSERVED_CRITERION, "document")
    viewer = window.preview.image
    assert viewer is not None and window.preview.stack.currentWidget() is viewer
    qtbot.waitUntil(lambda: viewer.loaded)
    page = viewer.item.pixmap().toImage()
    assert page.width() > 100 and page.pixelColor(2, 2).lightness() > 240  # the page, as white paper
    assert _outlined(viewer)[0] == pytest.approx((PLAN_REGION.x, PLAN_REGION.y, PLAN_REGION.w, PLAN_REGION.h), abs=0.01)
    assert "page 1" in window.preview.caption.text() and tag["note"] in window.preview.caption.text()
    assert window.handed_out == []


def test_a_coachs_observation_shows_its_timeline_with_the_tagged_moment(qtbot, window):
    _choose(window, OBSERVED_CRITERION, "observation")
    view = window.preview.observation
    assert view is not None and window.preview.stack.currentWidget() is view
    lanes = view.lanes
    assert lanes is not None and lanes.whole
    assert len(lanes.items) == 19 and lanes.highlights == [OBSERVED_SPAN]
    assert "Discussion of ratios" in view.heading.text() and "Coach Kim" in view.heading.text()
    assert OBSERVED_NOTE in window.preview.caption.text()
    assert view.notes.count() == 1 and "ratio tables" in view.notes.item(0).text()
    # the whole lesson (4:00) fits the lanes; a click at the tagged moment says what was coded then
    window.preview.resize(900, 700)
    x = lanes.x_of(OBSERVED_SPAN[0] + 5)
    assert lanes.x_of(240) <= lanes.width()
    qtbot.mouseClick(lanes, Qt.MouseButton.LeftButton, pos=QPoint(round(x), 5))
    assert view.moment.text().startswith("At 0:5") and "Q-probe" in view.moment.text()  # Leo, probed at 0:55
    assert "Ana" not in everything_shown(window)  # the coach's record names the teacher: not shown before signing


def test_a_later_choice_wins_over_an_observation_still_being_read(qtbot, library, bundle, add_threaded_window):
    """Threaded, as in the app: the observation's copy and reading come back after the photo was chosen."""
    from portfolio_app.services import reviews
    from portfolio_app.ui.operations import Operations

    review = reviews.open_review(library, bundle).value
    threaded = Operations(library)
    window = ReviewWindow(threaded, review.id)
    add_threaded_window(window)
    qtbot.waitUntil(lambda: bool(window.criterion_screens))
    _choose(window, OBSERVED_CRITERION, "observation")
    _choose(window, "norms-and-structure", "image")
    qtbot.waitUntil(lambda: not threaded.busy)
    assert window.preview.image is not None and window.preview.stack.currentWidget() is window.preview.image
    assert "Norms and talk structure" in window.preview.caption.text()


def test_a_whole_pdf_opens_in_the_windows_own_pdf_viewer(qtbot, window):
    plan = next(e for e in window.submission["evidence"] if e["kind"] == "document" and e["title"] == "discussion-plan")
    window.play(plan["id"])  # the item as a whole, not a region of it
    assert not window.problem.isVisible(), window.problem.text()
    viewer = window.preview.pdf
    assert viewer is not None and window.preview.stack.currentWidget() is viewer
    assert viewer.page_count() == 2 and window.preview.caption.text() == "The whole item."  # mediagen writes 2 pages
    assert window.handed_out == []
