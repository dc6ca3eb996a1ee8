"""The teacher's side of the loop in the window: the reviewer's levels beside the self-assessment, Resubmit
from Feedback and History, and the new attempt opened at its required resubmission note."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt

from portfolio_app.core.changes import Changes
from portfolio_app.core.feedback import RESUBMISSION_NOTE
from portfolio_app.services import review_records, reviews
from portfolio_app.services.export import export_portfolio
from portfolio_app.services.library import open_library
from portfolio_app.ui.review import window_actions
from portfolio_app.ui.review.feedback_dialog import FeedbackDialog
from portfolio_app.ui.sidebar import NodeKind
from portfolio_app.ui.workspace.assessment_model import Column
from tests.keyring_memory import MemoryKeyring
from tests.ready_portfolio import make_ready_portfolio


@pytest.fixture
def asked_to_resubmit(library, tmp_path, memory_keyring):
    """A ready portfolio exported, and a reviewer's signed decision on it: one criterion not met, resubmit."""
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    bundle = export_portfolio(library, portfolio.id, tmp_path / "attempt-1.zip").value.path
    keyring.set_keyring(MemoryKeyring())  # the reviewer's computer
    reviewer = open_library(tmp_path / "reviewer")
    try:
        review = reviews.open_review(reviewer, bundle).value
        weak = review.criteria[1]
        for criterion in review.criteria:
            level = weak.levels[0].id if criterion is weak else criterion.passing_level
            reviews.score_criterion(reviewer, review.id, criterion.id, level, f"Seen for {criterion.title}")
        reviews.decide(reviewer, review.id, "resubmit", "Show the follow-up questions.")
        feedback = review_records.sign_review(reviewer, review.id, tmp_path / "feedback.zip").value.path
    finally:
        reviewer.close()
        keyring.set_keyring(memory_keyring)
    return portfolio, weak, feedback


def _reviewer_column(page) -> dict[str, str]:
    model = page.assessment.model
    return {
        model.standing(row).criterion.id: model.index(row, Column.REVIEWER).data() for row in range(model.rowCount())
    }


def test_feedback_shows_in_the_rubric_and_resubmit_opens_the_next_attempt_at_its_note(
    qtbot, window, library, asked_to_resubmit
):
    portfolio, weak, feedback = asked_to_resubmit
    window.refresh(Changes(portfolios=True))  # made after the window opened
    assert window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    page = window.workspace_page
    page.show_criterion(weak.id)
    assert page.assessment.table.isColumnHidden(Column.REVIEWER)  # no feedback yet: no reviewer column
    assert "reviewer chose" not in page.rubric.toPlainText()

    window_actions.import_feedback(window, feedback)
    (dialog,) = window.findChildren(FeedbackDialog)
    assert dialog.resubmit_button.isEnabled()
    # beside the self-assessment, in the rubric: the reviewer's level per criterion and the feedback
    assert not page.assessment.table.isColumnHidden(Column.REVIEWER)
    shown = _reviewer_column(page)
    assert shown[weak.id].startswith("✗ Not met") and all(
        text.startswith("✓ Met") for cid, text in shown.items() if cid != weak.id
    )
    assert page.assessment.panel.reviewed.isVisible()
    assert f"Seen for {weak.title}" in page.assessment.panel.reviewed.text()
    rubric = page.rubric.toPlainText()  # and in the Rubric tab: the reviewer's level marked, the feedback under it
    assert "The reviewer chose this" in rubric and f"Seen for {weak.title}" in rubric

    dialog.resubmit_button.click()
    attempt = window.open_portfolio
    assert attempt is not None and attempt.attempt == 2 and attempt.resubmits == portfolio.id
    assert page.tabs.currentWidget() is page.responses
    assert window.tree.currentIndex().data() == f"{portfolio.title} · attempt 2"  # told apart in the library list
    note = page.responses.boxes[RESUBMISSION_NOTE]
    assert weak.title in note.guidance.text() and "Show the follow-up questions." in note.guidance.text()
    assert "at least" not in note.count.text()  # written at all is what the checklist asks
    qtbot.waitUntil(note.editor.hasFocus)
    first = page.checklist.readiness.items[0]
    assert first.target == RESUBMISSION_NOTE  # the checklist leads with the note

    note.editor.setPlainText("I added the follow-up questions at 0:40 and tagged them.")
    note.editor.flush()
    assert all(item.target != RESUBMISSION_NOTE for item in page.checklist.readiness.items)
    # the checklist still leads with what was not met, and the reviewer's words (a reminder: it does not block)
    assert page.checklist.reminders() == [weak.id]
    reminder = page.checklist.tree.topLevelItem(0).child(0)
    assert weak.title in reminder.text(0) and f"Seen for {weak.title}" in reminder.text(0)
    page.checklist.tree.itemActivated.emit(reminder, 0)
    assert page.tabs.currentWidget() is page.assessment and page.assessment.current_criterion_id() == weak.id

    page.show_criterion(weak.id)  # the new attempt shows what was met last time
    assert page.assessment.model.headerData(Column.REVIEWER, Qt.Orientation.Horizontal) == "Reviewer, last attempt"
    assert _reviewer_column(page)[weak.id].startswith("✗ Not met")
    assert "Last attempt, the reviewer chose this" in page.rubric.toPlainText()


def test_resubmit_is_refused_once_the_attempt_was_resubmitted(qtbot, window, library, asked_to_resubmit):
    portfolio, _weak, feedback = asked_to_resubmit
    window.refresh(Changes(portfolios=True))
    window_actions.import_feedback(window, feedback)
    (dialog,) = window.findChildren(FeedbackDialog)
    dialog.resubmit_button.click()
    assert window.tree.select_node(NodeKind.PORTFOLIO, portfolio.id)
    errors = []
    window.show_error = errors.append
    window.resubmit_action.trigger()  # attempt 1 again, from the Portfolio menu
    assert errors and "already resubmitted" in str(errors[0])
