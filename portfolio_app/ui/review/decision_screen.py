"""The last screen of a review: overall feedback, the decision, signing it, and issuing the badge it earned."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from portfolio_app.core.review import Decision, Review

SAVE_AFTER_MS = 700


class DecisionScreen(QWidget):
    overall_edited = Signal(str)
    decided = Signal(str)  # "earned" | "resubmit"
    sign_requested = Signal()
    badge_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("Overall feedback"))
        box_layout = QVBoxLayout(box)
        self.overall = QPlainTextEdit()
        self.overall.setAccessibleName(self.tr("Overall feedback"))
        box_layout.addWidget(self.overall)
        layout.addWidget(box)
        self.scores = QLabel()  # every criterion's level at a glance, before deciding
        self.scores.setWordWrap(True)
        self.scores.setAccessibleName(self.tr("Scores so far"))
        layout.addWidget(self.scores)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.earned_button = QPushButton(self.tr("Earned"))
        self.earned_button.setToolTip(self.tr("Only when every criterion reaches its passing level"))
        self.resubmit_button = QPushButton(self.tr("Ask for a Resubmission"))
        self.sign_button = QPushButton(self.tr("Sign and Save Feedback…"))
        self.badge_button = QPushButton(self.tr("Issue Badge…"))
        self.badge_button.setToolTip(
            self.tr(
                "Issue the Open Badges 3.0 credential this signed earned decision earned, with the issuer key of "
                "the organisation whose trust list approves you, and save it with the feedback for the teacher"
            )
        )
        for button in (self.earned_button, self.resubmit_button, self.sign_button, self.badge_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.badge_note = QLabel()
        self.badge_note.setWordWrap(True)
        self.badge_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.badge_note)
        self._issued = ""  # what the last Issue Badge… made, shown while the window is open
        layout.addStretch()
        self.earned_button.clicked.connect(lambda: self.decided.emit(str(Decision.EARNED)))
        self.resubmit_button.clicked.connect(lambda: self.decided.emit(str(Decision.RESUBMIT)))
        self.sign_button.clicked.connect(self.sign_requested)
        self.badge_button.clicked.connect(self.badge_requested)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_overall)
        self.overall.textChanged.connect(self._timer.start)

    def show_review(self, review: Review) -> None:
        if not self._timer.isActive() and self.overall.toPlainText() != review.overall_feedback:
            self.overall.blockSignals(True)
            self.overall.setPlainText(review.overall_feedback)
            self.overall.blockSignals(False)
        self.scores.setText(self._scores_html(review))
        unscored, not_met = review.unscored(), review.not_met()
        lines = []
        if unscored:  # the table above names them
            total = len(review.criteria)
            lines.append(self.tr("{n} of {total} criteria not scored yet.").format(n=len(unscored), total=total))
        if not_met:
            lines.append(self.tr("{n} below passing: Earned is not possible.").format(n=len(not_met)))
        decision = {Decision.EARNED: self.tr("earned"), Decision.RESUBMIT: self.tr("resubmit")}.get(review.decision)
        lines.append(self.tr("Decision: {decision}.").format(decision=decision or self.tr("not yet taken")))
        if review.signed:
            lines.append(self.tr("Signed {time}.").format(time=review.signed_at))
        self.summary.setText(" ".join(lines))
        self.overall.setReadOnly(review.signed)
        self.earned_button.setEnabled(not review.signed and not unscored and not not_met)
        self.resubmit_button.setEnabled(not review.signed)
        self.sign_button.setEnabled(review.decision is not None and not unscored)
        earned = review.decision == Decision.EARNED
        self.badge_button.setVisible(earned)
        self.badge_button.setEnabled(earned and review.signed)
        if not earned:
            self.badge_note.clear()
        elif not review.signed:
            self.badge_note.setText(self.tr("Sign the decision first; then Issue Badge… makes the badge it earned."))
        else:
            self.badge_note.setText(
                self._issued
                or self.tr(
                    "Issue Badge… signs the badge this decision earned with your organisation's issuer key and saves "
                    "it with your feedback, in one file for the teacher."
                )
            )

    def show_issued_before(self, issued_at: str, organisation: str) -> None:
        """The badge was issued here before (another day, another window): say so; issuing again saves the same one."""
        if self._issued:
            return  # issued while this window is open: that message says more
        self.badge_button.setText(self.tr("Save Badge Again…"))
        self.badge_note.setText(
            self.tr(
                "{organisation} issued this badge on {date}. Save Badge Again… writes the same credential "
                "(for a file that was lost); it is not a second badge."
            ).format(organisation=organisation, date=issued_at[:10])
        )

    def show_badge_issued(self, organisation: str, file_name: str, new: bool, with_feedback: bool) -> None:
        """Say what was issued and what to do with the file."""
        what = self.tr("Badge issued by {organisation}") if new else self.tr("The badge {organisation} issued before")
        text = what.format(organisation=organisation) + self.tr(", saved as {file}.").format(file=file_name)
        if with_feedback:
            text += " " + self.tr(
                "Send this one file to the teacher: importing it keeps your feedback and puts the badge on their shelf."
            )
        self._issued = text
        self.badge_note.setText(text)
        self.badge_button.setText(self.tr("Save Badge Again…"))

    def _scores_html(self, review: Review) -> str:
        rows = []
        for criterion in review.criteria:
            level = review.level_of(criterion.id)
            if level is None:
                shown, mark = self.tr("not scored"), "·"
            else:
                shown, mark = criterion.level(level).label, "✓" if criterion.passes(level) else "✗"
            if criterion.id in review.flagged_criteria:
                shown += " " + self.tr("(evidence flagged for privacy)")
            rows.append(f"<tr><td>{mark}</td><td>{html.escape(criterion.title)}</td><td>{html.escape(shown)}</td></tr>")
        flags = "".join(f"<li>{html.escape(flag.reason)}</li>" for flag in review.flags)
        if flags:
            flags = f"<p>{self.tr('Flagged for privacy:')}</p><ul>{flags}</ul>"
        return f"<table cellpadding='2'>{''.join(rows)}</table>{flags}"

    def save_overall(self) -> None:
        self._timer.stop()
        self.overall_edited.emit(self.overall.toPlainText())

    def save_if_pending(self) -> None:
        """Save typing still waiting for its pause."""
        if self._timer.isActive():
            self.save_overall()
