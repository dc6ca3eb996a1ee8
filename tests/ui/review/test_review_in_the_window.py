"""The main window's File ▸ Review a Submission… and Import Feedback…, and Feedback and History."""

from __future__ import annotations

import keyring
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from portfolio_app.services import review_records, reviews
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from portfolio_app.ui.review import window_actions
from portfolio_app.ui.review.feedback_dialog import FeedbackDialog
from portfolio_app.ui.review.review_window import ReviewWindow
from tests.keyring_memory import MemoryKeyring
from tests.ready_portfolio import make_ready_portfolio
from tests.ui.review.test_review_window import everything_shown


def test_review_a_submission_opens_a_blind_review_window(qtbot, window, tmp_path):
    from tests.review_bundles import teacher_bundle

    bundle, _ = teacher_bundle(tmp_path / "teacher")
    assert window.review_action.text() and window.import_feedback_action.text()
    window_actions.review_submission(window, bundle)
    (opened,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReviewWindow) and w.isVisible()]
    qtbot.addWidget(opened)
    assert "blind review" in opened.header.text() and "Ana" not in everything_shown(opened)


def test_imported_feedback_shows_beside_the_self_assessment(qtbot, window, library, tmp_path, memory_keyring):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    bundle = export_portfolio(library, portfolio.id, tmp_path / "attempt-1.zip").value.path
    keyring.set_keyring(MemoryKeyring())  # the reviewer's computer
    reviewer = open_library(tmp_path / "reviewer")
    try:
        review = reviews.open_review(reviewer, bundle).value
        weak = review.criteria[0]
        for criterion in review.criteria:
            level = weak.levels[0].id if criterion is weak else criterion.passing_level
            reviews.score_criterion(reviewer, review.id, criterion.id, level, f"Seen for {criterion.title}")
        reviews.decide(reviewer, review.id, "resubmit", "Show the follow-up questions.")
        feedback = review_records.sign_review(reviewer, review.id, tmp_path / "feedback.zip").value.path
    finally:
        reviewer.close()
        keyring.set_keyring(memory_keyring)

    mime = QMimeData()  # dropped on the window: a review decision is imported, not opened as a bundle
    mime.setUrls([QUrl.fromLocalFile(str(feedback))])
    window.dropEvent(
        QDropEvent(
            QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
        )
    )
    (dialog,) = window.findChildren(FeedbackDialog)
    text = dialog.browser.toPlainText()
    assert "Show the follow-up questions." in text and f"Seen for {weak.title}" in text
    assert "NOT MET" in text and "The tagged moments show it." in text  # the self-assessment beside it
    assert "Attempt 1" in text and "attempt-1.zip" in text
    dialog.close()
    assert not window.bundle_windows  # not opened as a bundle


def test_open_bundle_offers_to_review_it_blind(qtbot, window, tmp_path):
    from tests.review_bundles import teacher_bundle

    bundle, _ = teacher_bundle(tmp_path / "teacher")
    window.open_bundle([str(bundle)])
    [opened] = window.bundle_windows
    qtbot.waitUntil(lambda: opened.review_button.isEnabled())
    opened.review_button.click()
    (review,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReviewWindow) and w.isVisible()]
    qtbot.addWidget(review)
    assert "blind review" in review.header.text() and "Ana" not in everything_shown(review)
    opened.close()
