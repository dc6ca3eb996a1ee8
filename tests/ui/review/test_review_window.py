"""The review window: opened through the ops, one screen per criterion, every change saved, blind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QPlainTextEdit, QTextBrowser, QWidget

from portfolio_app.core.review import Decision
from portfolio_app.services import reviews
from portfolio_app.ui.operations import review as review_ops
from portfolio_app.ui.review.review_window import ReviewWindow
from tests.review_bundles import teacher_bundle

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return teacher_bundle(tmp_path_factory.mktemp("teacher"))[0]


def everything_shown(window: QWidget) -> str:
    """Every text the window shows: labels, lists, text boxes, buttons and its title."""
    texts = [window.windowTitle()]
    texts += [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QAbstractButton)]
    texts += [w.toPlainText() for w in window.findChildren(QTextBrowser)]
    texts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    texts += [w.item(i).text() for w in window.findChildren(QListWidget) for i in range(w.count())]
    return "\n".join(texts)


def test_a_blind_review_scored_in_the_window_is_saved_as_it_goes(qtbot, ops, library, bundle):
    opened = []
    review_ops.open_review(bundle).success(lambda outcome: opened.append(outcome.value)).run(ops)
    window = ReviewWindow(ops, opened[0].id)
    qtbot.addWidget(window)
    window.show()
    shown = everything_shown(window)
    assert "Ana" not in shown and "Ortiz" not in shown and bundle.name not in shown
    assert "blind review" in window.header.text()
    criteria = opened[0].criteria
    assert window.steps.count() == len(criteria) + 1

    first = window.criterion_screens[criteria[0].id]
    assert "Part 1" in first.findChildren(QTextBrowser)[0].toPlainText()
    first.feedback.setPlainText("Wait time shown at 0:12")  # typed before a level: saved with it
    first.level_buttons[criteria[0].levels[0].id].click()
    saved = reviews.get_review(library, opened[0].id).scores[criteria[0].id]
    assert saved.level_id == criteria[0].levels[0].id and saved.feedback == "Wait time shown at 0:12"
    first.feedback.setPlainText("Wait time shown at 0:12 and 0:40")
    first.save_if_pending()
    assert reviews.get_review(library, opened[0].id).scores[criteria[0].id].feedback.endswith("0:40")

    assert not window.decision.earned_button.isEnabled()
    for criterion in criteria:
        window.criterion_screens[criterion.id].level_buttons[criterion.passing_level].click()
    assert window.decision.earned_button.isEnabled()
    window.decision.overall.setPlainText("Clear plan; strong questions.")
    window.decision.earned_button.click()  # saves the overall feedback first
    decided = reviews.get_review(library, opened[0].id)
    assert decided.decision == Decision.EARNED and decided.overall_feedback == "Clear plan; strong questions."
    assert window.steps.item(0).text().endswith("✓")

    screen = next(s for s in window.criterion_screens.values() if s.tags.item(0).data(Qt.ItemDataRole.UserRole))
    window.flag(screen.tags.item(0).data(Qt.ItemDataRole.UserRole), "A student's name is readable")
    assert not window.problem.isVisible(), window.problem.text()
    flagged = reviews.get_review(library, opened[0].id)
    assert flagged.decision is None and screen.criterion.id in flagged.flagged_criteria
    assert not screen.level_buttons[screen.criterion.passing_level].isEnabled() and "Not Met" in screen.flag_note.text()
    assert not window.decision.earned_button.isEnabled()
    assert "Ana" not in everything_shown(window)


def test_signing_in_the_window_shows_the_teacher_only_then(qtbot, ops, library, bundle, tmp_path):
    opened = []
    review_ops.open_review(bundle).success(lambda outcome: opened.append(outcome.value)).run(ops)
    window = ReviewWindow(ops, opened[0].id)
    qtbot.addWidget(window)
    for criterion in opened[0].criteria:
        window.criterion_screens[criterion.id].level_buttons[criterion.levels[0].id].click()
    assert not window.decision.sign_button.isEnabled()
    window.decision.resubmit_button.click()
    assert window.decision.sign_button.isEnabled() and "Ana" not in everything_shown(window)
    window.sign(tmp_path / "feedback.zip")
    assert not window.problem.isVisible(), window.problem.text()
    assert (tmp_path / "feedback.zip").exists()
    assert "Ana Ortiz" in window.header.text() and bundle.name in window.header.text()
    first = window.criterion_screens[opened[0].criteria[0].id]
    assert first.feedback.isReadOnly() and not first.level_buttons[opened[0].criteria[0].passing_level].isEnabled()


def test_a_tagged_moment_plays_from_a_verified_copy_of_the_evidence(qtbot, ops, library, bundle):
    opened = []
    review_ops.open_review(bundle).success(lambda outcome: opened.append(outcome.value)).run(ops)
    window = ReviewWindow(ops, opened[0].id)
    qtbot.addWidget(window)
    screen = next(
        s
        for s in window.criterion_screens.values()
        if s.tags.item(0).data(Qt.ItemDataRole.UserRole + 1)
        and s.tags.item(0).data(Qt.ItemDataRole.UserRole + 1)[0] is not None
    )
    screen.tags.setCurrentRow(0)
    screen.play_button.click()
    assert not window.problem.isVisible(), window.problem.text()
    player = window.preview.player
    assert player is not None and player.player.source().toLocalFile().startswith(
        str(library.data_dir / "review-cache")
    )
    start, end = screen.tags.item(0).data(Qt.ItemDataRole.UserRole + 1)
    assert player._stop_at_ms == round(end * 1000)
    loaded = (
        QMediaPlayer.MediaStatus.LoadedMedia,
        QMediaPlayer.MediaStatus.BufferedMedia,
        QMediaPlayer.MediaStatus.EndOfMedia,
    )
    qtbot.waitUntil(lambda: player.player.mediaStatus() in loaded)  # closing mid-load makes FFmpeg warn
    window.close()
    copies = library.data_dir / "review-cache"
    assert list(copies.iterdir())
    for criterion in opened[0].criteria:
        reviews.score_criterion(library, opened[0].id, criterion.id, criterion.passing_level)
    reviews.decide(library, opened[0].id, "earned")
    review_ops.sign(opened[0].id, library.data_dir / "signed.zip").run(ops)
    assert not list(copies.iterdir())  # classroom video does not linger once the review is signed


def test_a_tagged_region_of_a_photo_is_listed_without_a_page(qtbot, ops, bundle):
    opened = []
    review_ops.open_review(bundle).success(lambda outcome: opened.append(outcome.value)).run(ops)
    window = ReviewWindow(ops, opened[0].id)
    qtbot.addWidget(window)
    listed = [
        screen.tags.item(i).text() for screen in window.criterion_screens.values() for i in range(screen.tags.count())
    ]
    photos = [text for text in listed if "(image)" in text]
    assert photos and all(text.endswith("(image) region") for text in photos)
