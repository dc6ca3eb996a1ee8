"""File ▸ Issue a Badge…: the organisation's issuer, who did not review, issues from the teacher's bundle and the
reviewer's signed earned decision (a reviewer issues from the review window instead)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.ui.badges.save_badge_as import save_badge_as
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.badges import issue_from_files
from portfolio_app.ui.palette import WARNING, text_style


class IssueBadgeDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("Issue a Badge"))
        self.resize(640, 260)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "For whoever holds the organisation's issuer key: choose the teacher's submission bundle and the "
                "reviewer's signed earned decision on it. The badge is signed with the issuer key of the organisation "
                "whose trust list approves the reviewer, and saved with the decision in one file for the teacher."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.bundle = self._path_row(form, self.tr("Submission bundle:"), self.tr("Submission bundle (*.zip)"))
        self.decision = self._path_row(form, self.tr("Signed decision:"), self.tr("Signed feedback (*.zip)"))
        layout.addLayout(form)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.outcome)
        layout.addStretch()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.issue_button = buttons.addButton(self.tr("Issue Badge…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.issue_button.setEnabled(False)
        self.issue_button.clicked.connect(self._on_issue_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for box in (self.bundle, self.decision):
            box.textChanged.connect(self._on_path_changed)

    def _path_row(self, form: QFormLayout, label: str, kind: str) -> QLineEdit:
        box = QLineEdit()
        box.setAccessibleName(label.rstrip(":"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(lambda: self._choose(box, label, kind))
        row = QHBoxLayout()
        row.addWidget(box, 1)
        row.addWidget(browse)
        form.addRow(label, row)
        return box

    def _choose(self, box: QLineEdit, title: str, kind: str) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, title.rstrip(":"), box.text() or str(Path.home()), kind)
        if chosen:
            box.setText(chosen)

    def _on_path_changed(self) -> None:
        self.issue_button.setEnabled(bool(self.bundle.text().strip() and self.decision.text().strip()))

    def _on_issue_clicked(self) -> None:
        decision = Path(self.decision.text().strip())
        target = save_badge_as(self, decision.with_name(decision.stem + "-badge.zip"))
        if target is not None:
            self.issue(target)

    def issue(self, target: Path) -> None:
        """Issue from the chosen bundle and decision to `target`; say what happened in the dialog."""
        bundle, decision = Path(self.bundle.text().strip()), Path(self.decision.text().strip())
        self.outcome.setStyleSheet("")
        self.issue_button.setEnabled(False)
        self.outcome.setText(self.tr("Verifying {bundle}…").format(bundle=bundle.name))
        issue_from_files(bundle, decision, target).success(lambda outcome: self._on_issued(outcome.value)).failure(
            self._on_failed
        ).run(self.ops, initiator=self)

    def _on_issued(self, issued) -> None:
        self._on_path_changed()
        what = self.tr("Badge issued by {org}") if issued.new else self.tr("The badge {org} issued before")
        text = what.format(org=issued.issuer_name) + self.tr(", saved as {file}.").format(file=issued.path)
        if issued.path.suffix == ".zip":
            text += " " + self.tr("Send this one file to the teacher: importing it keeps the feedback and the badge.")
        self.outcome.setText(text)

    def _on_failed(self, error: BaseException) -> None:
        self._on_path_changed()
        self.outcome.setStyleSheet(text_style(WARNING))
        self.outcome.setText(str(error))
