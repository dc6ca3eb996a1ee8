"""File ▸ Review a Submission…: one screen per criterion, then the decision; blind until signed.

The header names the credential and attempt, never the teacher: the teacher's name, email and the
bundle's file name reach this window only once the decision is signed (the bundle file itself
still names its signer's key, and the header says so). Every change is saved as it is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.changes import Changes
from portfolio_app.core.review import Review
from portfolio_app.ui import palette
from portfolio_app.ui.badges.save_badge_as import save_badge_as
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import review as review_ops
from portfolio_app.ui.review.criterion_screen import CriterionScreen
from portfolio_app.ui.review.decision_screen import DecisionScreen
from portfolio_app.ui.review.evidence_preview import EvidencePreview


class ReviewWindow(QMainWindow):
    def __init__(self, ops: Operations, review_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.review_id = review_id
        self.review: Review | None = None
        self.criterion_screens: dict[str, CriterionScreen] = {}
        self.submission: dict[str, Any] = {}
        self._shown_request = 0  # counts Play / Open presses
        self.setWindowTitle(self.tr("Review a Submission"))
        self.resize(1100, 780)
        central = QWidget()
        layout = QVBoxLayout(central)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(palette.text_style(palette.WARNING))
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        splitter = QSplitter()
        self.steps = QListWidget()
        self.steps.setAccessibleName(self.tr("Criteria"))
        self.pages = QStackedWidget()
        splitter.addWidget(self.steps)
        splitter.addWidget(self.pages)
        self.preview = EvidencePreview()
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([210, 560, 520])  # the evidence gets as much room as the criterion beside it
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.decision = DecisionScreen()
        self.decision.overall_edited.connect(self._on_overall_edited)
        self.decision.decided.connect(self._on_decided)
        self.decision.sign_requested.connect(self._on_sign_requested)
        self.decision.badge_requested.connect(self._on_badge_requested)
        self.steps.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.ops.changed.connect(self._on_changed)
        review_ops.load_review(review_id).success(self._on_loaded).failure(self._show_error).run(self.ops, self)

    # -- loading and showing -------------------------------------------------------------------
    def _on_loaded(self, screen: review_ops.ReviewScreen) -> None:
        self.submission = screen.submission
        if not self.criterion_screens:
            for criterion in screen.review.criteria:
                page = CriterionScreen(criterion, screen.submission)
                page.level_chosen.connect(self._on_level_chosen)
                page.feedback_edited.connect(self._on_feedback_edited)
                page.flag_requested.connect(self._on_flag_requested)
                page.unflag_requested.connect(self._on_unflag_requested)
                page.play_requested.connect(self.play)
                self.criterion_screens[criterion.id] = page
                self.pages.addWidget(page)
                self.steps.addItem(criterion.title)
                self.steps.item(self.steps.count() - 1).setToolTip(criterion.title)
            self.pages.addWidget(self.decision)
            self.steps.addItem(self.tr("Decision"))
            self.steps.setCurrentRow(0)
        self.show_review(screen.review)

    def show_review(self, review: Review) -> None:
        self.review = review
        self.problem.setVisible(False)
        self.header.setText(self._header_text(review))
        for row, criterion in enumerate(review.criteria):
            level = review.level_of(criterion.id)
            mark = "" if level is None else (" ✓" if criterion.passes(level) else " ✗")
            self.steps.item(row).setText(criterion.title + mark)
            self.criterion_screens[criterion.id].show_review(review)
        self.decision.show_review(review)
        if review.signed and review.decision is not None:
            review_ops.issued_before(review.id).success(self._on_issued_before).run(self.ops, initiator=self)

    def _on_issued_before(self, found) -> None:
        if found is not None:
            self.decision.show_issued_before(found.issued_at, found.organisation)

    def _header_text(self, review: Review) -> str:
        title = self.tr("<b>{credential}</b>, attempt {attempt}").format(
            credential=review.credential_title, attempt=review.attempt
        )
        if review.submitter is not None:
            return title + self.tr(" — by {name} &lt;{email}&gt;, {file}. Signed {time}.").format(
                name=review.submitter.name,
                email=review.submitter.email,
                file=review.submitter.bundle_name,
                time=review.signed_at,
            )
        return title + self.tr(
            " — blind review: the teacher's name, email and the file name are hidden here until you sign. "
            "The bundle itself is signed by key {key}…, which can identify its sender."
        ).format(key=review.signer_fingerprint[:16])

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.reviews:
            review_ops.load_review(self.review_id).success(self._on_loaded).failure(self._show_error).run(self.ops)

    # -- edits, each saved at once ---------------------------------------------------------------
    def _on_level_chosen(self, criterion_id: str, level_id: str) -> None:
        feedback = self.criterion_screens[criterion_id].feedback.toPlainText()
        review_ops.score(self.review_id, criterion_id, level_id, feedback).failure(self._show_error).run(self.ops, self)

    def _on_feedback_edited(self, criterion_id: str, text: str) -> None:
        score = self.review.scores.get(criterion_id) if self.review else None
        if score is None:
            return  # kept in the box: it is saved with the level, when one is chosen
        review_ops.score(self.review_id, criterion_id, score.level_id, text).failure(self._show_error).run(
            self.ops, self
        )

    def _on_flag_requested(self, evidence_id: str) -> None:
        reason, accepted = QInputDialog.getText(
            self, self.tr("Flag for Privacy"), self.tr("What breaks privacy, and where?")
        )
        if accepted and reason.strip():
            self.flag(evidence_id, reason)

    def flag(self, evidence_id: str, reason: str) -> None:
        review_ops.flag_evidence(self.review_id, evidence_id, reason).failure(self._show_error).run(self.ops, self)

    def play(self, evidence_id: str, tag: dict[str, Any] | None = None) -> None:
        """Show an evidence item from the bundle, from a verified copy: play the tagged moment, outline the
        tagged region, or show an observation's timeline with the moment shaded."""
        item = next((e for e in self.submission.get("evidence", []) if e["id"] == evidence_id), {"id": evidence_id})
        on_item = [t for t in self.submission.get("tags", []) if t["evidence_id"] == evidence_id]
        criterion = ""
        if tag is not None and self.review is not None:
            criterion = next((c.title for c in self.review.criteria if c.id == tag["criterion_id"]), "")
        self._shown_request += 1
        request = self._shown_request  # a copy or a reading that comes back after a later choice is dropped

        def read(observation) -> None:
            if request == self._shown_request:
                self.preview.show_observation(observation, on_item)

        def copied(path: Path, source) -> None:
            if request != self._shown_request:
                return
            self.preview.show_evidence(path, item, tag, on_item, criterion)
            if source.kind == "observation":
                review_ops.carried_observation(path, source.title).success(read).failure(
                    lambda error: self.preview.show_problem(str(error))
                ).run(self.ops, self)

        def located(source) -> None:
            review_ops.copy_evidence(source).success(lambda path: copied(path, source)).failure(self._show_error).run(
                self.ops, self
            )

        review_ops.evidence_source(self.review_id, evidence_id).success(located).failure(self._show_error).run(
            self.ops, self
        )

    def _on_unflag_requested(self, evidence_id: str) -> None:
        review_ops.unflag_evidence(self.review_id, evidence_id).failure(self._show_error).run(self.ops, self)

    def _on_overall_edited(self, text: str) -> None:
        review_ops.set_overall_feedback(self.review_id, text).failure(self._show_error).run(self.ops, self)

    def _on_decided(self, decision: str) -> None:
        self.save_pending()
        review_ops.decide(self.review_id, decision).failure(self._show_error).run(self.ops, self)

    def _on_sign_requested(self) -> None:
        self.save_pending()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Signed Feedback"), str(Path.home() / f"review-{self.review_id}.zip"),
            self.tr("Signed feedback (*.zip)"),
        )  # fmt: skip
        if name:
            self.sign(Path(name))

    def sign(self, target: Path) -> None:
        review_ops.sign(self.review_id, target).success(lambda outcome: self._on_signed(outcome.value)).failure(
            self._show_error
        ).run(self.ops, self)

    def _on_signed(self, info) -> None:
        self.statusBar().showMessage(
            self.tr("Saved {file}, signed by key {key}").format(file=info.path, key=info.fingerprint[:16])
        )

    def _on_badge_requested(self) -> None:
        target = save_badge_as(self, Path.home() / f"review-{self.review_id}-badge.zip")
        if target is not None:
            self.issue_badge(target)

    def issue_badge(self, target: Path) -> None:
        """Issue the badge of the signed earned decision to `target` (.zip: with the feedback, for the teacher)."""
        self.problem.setVisible(False)
        review_ops.issue_badge(self.review_id, target).success(
            lambda outcome: self._on_badge_issued(outcome.value)
        ).failure(self._show_error).run(self.ops, self)

    def _on_badge_issued(self, issued) -> None:
        self.decision.show_badge_issued(issued.issuer_name, issued.path.name, issued.new, issued.path.suffix == ".zip")
        self.statusBar().showMessage(
            self.tr("Saved {file}: credential {id}, issuer key {key}…").format(
                file=issued.path, id=issued.credential_id, key=issued.issuer_fingerprint[:16]
            )
        )

    def save_pending(self) -> None:
        """Save typing that waits for its pause (before deciding, signing or closing)."""
        for page in self.criterion_screens.values():
            page.save_if_pending()
        self.decision.save_if_pending()

    def closeEvent(self, event) -> None:
        self.save_pending()
        self.preview.clear()
        super().closeEvent(event)

    def _show_error(self, error: BaseException) -> None:
        """Say what went wrong above the screens (not a modal box: the reviewer keeps working)."""
        self.problem.setText(str(error))
        self.problem.setVisible(True)
