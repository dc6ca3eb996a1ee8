"""The teacher's Feedback & History: each criterion's reviewer level and feedback beside the
self-assessment, the overall feedback, and every attempt with its bundles, never overwritten."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.core.review import Decision
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import review as review_ops


class FeedbackDialog(QDialog):
    resubmitted = Signal(str)  # the new attempt's portfolio id
    badges_requested = Signal()  # Show Badges: the shelf holds a badge this feedback earned

    def __init__(self, ops: Operations, portfolio_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.portfolio_id = portfolio_id
        self.setWindowTitle(self.tr("Feedback and History"))
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Feedback and history"))
        layout.addWidget(self.browser)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.resubmit_button = QPushButton(self.tr("&Resubmit…"))
        self.resubmit_button.setToolTip(
            self.tr("Start the next attempt with your evidence, tags, answers and self-assessment carried over")
        )
        self.resubmit_button.setEnabled(False)
        self.resubmit_button.clicked.connect(self._on_resubmit_clicked)
        buttons.addButton(self.resubmit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._last_attempt: str | None = None
        self.badges_button = QPushButton(self.tr("Show Badges"))
        self.badges_button.setToolTip(self.tr("The badges on your shelf and the stacks' progress"))
        self.badges_button.setVisible(False)
        self.badges_button.clicked.connect(self.badges_requested)
        buttons.addButton(self.badges_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.ops.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        review_ops.load_feedback(self.portfolio_id).success(self.show_feedback).failure(self._on_failed).run(
            self.ops, self
        )

    def _on_resubmit_clicked(self) -> None:
        if self._last_attempt is None:
            return
        review_ops.resubmit(self._last_attempt).success(self._on_resubmitted).failure(self._show_problem).run(
            self.ops, self
        )

    def _on_resubmitted(self, outcome) -> None:
        self.resubmitted.emit(outcome.value.id)
        self.accept()

    def _show_problem(self, error: BaseException) -> None:
        self.problem.setText(str(error))
        self.problem.show()

    def _on_failed(self, error: BaseException) -> None:
        self.browser.setPlainText(str(error))  # in the dialog, not a second modal box

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.reviews or changes.assessments or changes.badges:
            self.reload()

    def show_feedback(self, screen: review_ops.FeedbackScreen) -> None:
        last = screen.attempts[-1]
        # the last attempt can be resubmitted once a reviewer asked for it (never over an earned one)
        asked = bool(last.feedback) and last.feedback[-1].decision == Decision.RESUBMIT
        self._last_attempt = last.portfolio.id if asked else None
        self.resubmit_button.setEnabled(asked)
        titles = {c.id: c for c in screen.criteria}
        parts = []
        current = next((a for a in screen.attempts if a.portfolio.id == self.portfolio_id), screen.attempts[-1])
        for attempt in reversed(screen.attempts):
            p = attempt.portfolio
            parts.append(f"<h2>{self.tr('Attempt {n}').format(n=p.attempt)}: {html.escape(p.title)} ({p.status})</h2>")
            for bundle in attempt.bundles:
                kind = self.tr("Draft bundle") if bundle.draft else self.tr("Bundle")
                parts.append(
                    f"<p>{kind} {html.escape(bundle.file_name)}, {bundle.exported_at[:16]}, "
                    f"{self.tr('signed by key')} <code>{bundle.fingerprint[:16]}…</code></p>"
                )
            if not attempt.feedback:
                parts.append(f"<p><i>{self.tr('No feedback yet.')}</i></p>")
            for feedback in attempt.feedback:
                parts.append(
                    f"<h3>{self.tr('Decision')}: {feedback.decision} — "
                    f"{html.escape(screen.reviewers.get(feedback.id, ''))}, {feedback.signed_at[:16]}</h3>"
                )
                badge = screen.badges.get(feedback.record_sha256)
                if badge is not None:
                    parts.append(
                        "<p>"
                        + self.tr(
                            "<b>Badge earned:</b> {name}, issued by {issuer} on {date}: on your Badges shelf."
                        ).format(
                            name=html.escape(badge.name),
                            issuer=html.escape(badge.issuer_name),
                            date=badge.valid_from[:10],
                        )
                        + "</p>"
                    )
                rows = [
                    f"<tr><th>{self.tr('Criterion')}</th><th>{self.tr('Your self-assessment')}</th>"
                    f"<th>{self.tr('Reviewer')}</th><th>{self.tr('Feedback')}</th></tr>"
                ]
                for c in feedback.criteria:
                    criterion = titles.get(c.criterion_id)
                    title = criterion.title if criterion else c.criterion_id
                    label = criterion.level(c.level_id).label if criterion else c.level_id
                    own = screen.assessments.get(c.criterion_id) if attempt is current else None
                    own_text = (
                        (criterion.level(own.level_id).label + " — " + own.justification) if own and criterion else ""
                    )
                    verdict = self.tr("met") if c.passes else self.tr("NOT MET")
                    rows.append(
                        f"<tr><td>{html.escape(title)}</td><td>{html.escape(own_text)}</td>"
                        f"<td><b>{html.escape(label)}</b> ({verdict})</td><td>{html.escape(c.feedback)}</td></tr>"
                    )
                parts.append("<table border='1' cellpadding='4'>" + "".join(rows) + "</table>")
                if feedback.overall_feedback:
                    parts.append(f"<p><b>{self.tr('Overall')}:</b> {html.escape(feedback.overall_feedback)}</p>")
        self.badges_button.setVisible(
            any(f.record_sha256 in screen.badges for a in screen.attempts for f in a.feedback)
        )
        self.browser.setHtml("".join(parts))
