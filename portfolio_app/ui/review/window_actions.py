"""What the main window's File ▸ Review a Submission…, Import Feedback… and Portfolio ▸ Feedback and
History… open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portfolio_app.ui.main_window import MainWindow
    from portfolio_app.ui.review.calibration_dialog import CalibrationDialog
    from portfolio_app.ui.review.feedback_dialog import FeedbackDialog
    from portfolio_app.ui.review.review_window import ReviewWindow

__all__ = ["compare_reviewers", "import_feedback", "open_dropped", "resubmit", "review_submission", "show_feedback"]

FEEDBACK_RECORDS = ("review", "badge")  # a decision, and a decision with the badge it earned (bundle/badge_record)


def review_submission(window: MainWindow, path: Path | None = None) -> None:
    """Verify a bundle (chosen), start or continue its review, and open the review window."""
    if path is None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getOpenFileName(
            window, window.tr("Review a Submission"), str(Path.home()), window.tr("Submission bundle (*.zip)")
        )
        if not chosen:
            return
        path = Path(chosen)
    from portfolio_app.ui.operations import review as review_ops

    window.statusBar().showMessage(window.tr("Verifying {file}…").format(file=path.name))
    review_ops.open_review(path).success(lambda outcome: open_review_window(window, outcome.value.id)).failure(
        window.show_error
    ).run(window.ops, initiator=window)


def open_review_window(window: MainWindow, review_id: str) -> ReviewWindow:
    from PySide6.QtCore import Qt

    from portfolio_app.ui.review.review_window import ReviewWindow

    window.statusBar().clearMessage()
    review = ReviewWindow(window.ops, review_id, window)
    review.setWindowFlag(Qt.WindowType.Window)
    review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    review.show()
    return review


def compare_reviewers(window: MainWindow) -> CalibrationDialog:
    """File ▸ Compare Reviewers' Decisions…: agreement per criterion and Cohen's kappa (calibration)."""
    from PySide6.QtCore import Qt

    from portfolio_app.ui.review.calibration_dialog import CalibrationDialog

    dialog = CalibrationDialog(window.ops, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def import_feedback(window: MainWindow, path: Path | None = None) -> None:
    """Verify a signed feedback file, keep it with its attempt, and show it beside the self-assessment."""
    if path is None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getOpenFileName(
            window, window.tr("Import Feedback"), str(Path.home()), window.tr("Signed feedback (*.zip)")
        )
        if not chosen:
            return
        path = Path(chosen)
    from portfolio_app.ui.operations import review as review_ops

    review_ops.import_feedback(path).success(lambda outcome: _on_feedback_imported(window, outcome.value)).failure(
        window.show_error
    ).run(window.ops, initiator=window)


def _on_feedback_imported(window: MainWindow, imported) -> None:
    """Show the feedback; a badge that came with it is on the shelf, and the status bar says so."""
    show_feedback(window, imported.feedback.portfolio_id)
    if imported.badge is not None:
        window.statusBar().showMessage(
            window.tr("The badge “{name}” is on your Badges shelf (View ▸ Badges).").format(name=imported.badge.name)
        )


def show_feedback(window: MainWindow, portfolio_id: str | None = None) -> FeedbackDialog | None:
    from PySide6.QtCore import Qt

    from portfolio_app.ui.review.feedback_dialog import FeedbackDialog

    if portfolio_id is None:
        portfolio = window.open_portfolio
        if portfolio is None:
            return None
        portfolio_id = portfolio.id
    dialog = FeedbackDialog(window.ops, portfolio_id, window)
    dialog.resubmitted.connect(lambda new_id: open_attempt(window, new_id))
    dialog.badges_requested.connect(window.open_badges)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def resubmit(window: MainWindow) -> None:
    """Portfolio ▸ Resubmit: start the open portfolio's next attempt and open it at its resubmission note."""
    from portfolio_app.ui.operations import review as review_ops

    portfolio = window.open_portfolio
    if portfolio is None:
        return
    review_ops.resubmit(portfolio.id).success(lambda outcome: open_attempt(window, outcome.value.id)).failure(
        window.show_error
    ).run(window.ops, initiator=window)


def open_attempt(window: MainWindow, portfolio_id: str) -> None:
    """Open a new attempt with the cursor in its resubmission note (what its checklist asks first)."""
    from portfolio_app.core.feedback import RESUBMISSION_NOTE
    from portfolio_app.ui.sidebar import NodeKind

    window.select_when_listed(NodeKind.PORTFOLIO, portfolio_id)
    window.workspace_page.show_prompt(RESUBMISSION_NOTE, portfolio_id)
    window.statusBar().showMessage(
        window.tr("Attempt started: your work is carried over. Say what you changed, then export again."), 8000
    )


def open_dropped(window: MainWindow, paths: list[str]) -> None:
    """A dropped .zip: a reviewer's decision (with its badge or not) is imported as feedback; anything else opens
    as a bundle."""
    from portfolio_app.ui.operations import review as review_ops

    for path in paths:

        def route(record_type: str | None, path: str = path) -> None:
            if record_type in FEEDBACK_RECORDS:
                import_feedback(window, Path(path))
            else:
                window.open_bundle([path])

        review_ops.stated_record_type(Path(path)).success(route).failure(window.show_error).run(window.ops, window)
