"""The fix buttons under the checklist for a student's name or a file whose names are unchecked.

For the selected item: Replace Name (the student's pseudonym, or “Student A”), Redact Names (a
PDF page's text), Not a Student's Name (remembered for that place only), and Names Covered (the
teacher checked a photo, document or recording for names the app cannot read). Each is one
undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from portfolio_app.core.checklist_items import ReadinessItem, Rule
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.names import NameFixes


class NameFixBar(QWidget):
    """Buttons that fix the checklist item shown (`show_item`); hidden for other items."""

    failed = Signal(object)

    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.fixes = NameFixes(ops, undo_stack, self.failed.emit)
        self.portfolio_id: str | None = None
        self.item: ReadinessItem | None = None
        self.replace_button = QPushButton(self.tr("&Replace Name"))
        self.replace_button.setToolTip(self.tr("Put the student's pseudonym, or “Student A”, in the name's place"))
        self.redact_button = QPushButton(self.tr("Re&dact Names"))
        self.redact_button.setToolTip(self.tr("Black out the students' names on this page, in a copy"))
        self.dismiss_button = QPushButton(self.tr("&Not a Student's Name"))
        self.dismiss_button.setToolTip(self.tr("Here only: the same word anywhere else is still checked"))
        self.covered_button = QPushButton(self.tr("Names &Covered"))
        self.covered_button.setToolTip(self.tr("You checked it for handwritten or spoken names and covered them"))
        self.replace_button.clicked.connect(self._on_replace_clicked)
        self.redact_button.clicked.connect(self._on_redact_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        self.covered_button.clicked.connect(self._on_covered_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.replace_button, self.redact_button, self.dismiss_button, self.covered_button):
            layout.addWidget(button)
        layout.addStretch(1)
        self.show_item(None, None)

    def show_item(self, portfolio_id: str | None, item: ReadinessItem | None) -> None:
        """Offer the fixes for `item` (none: the bar hides)."""
        self.portfolio_id, self.item = portfolio_id, item
        named = item is not None and item.rule == Rule.STUDENT_NAME
        in_file = named and item.spot.startswith("evidence:") and not item.spot.endswith((":title", ":note"))
        self.replace_button.setVisible(named and not in_file)
        self.redact_button.setVisible(named and ":page:" in item.spot)
        self.dismiss_button.setVisible(named)
        self.covered_button.setVisible(item is not None and item.rule == Rule.NAMES_UNCHECKED)
        self.setVisible(item is not None and item.rule in (Rule.STUDENT_NAME, Rule.NAMES_UNCHECKED))

    def _on_replace_clicked(self) -> None:
        if self.item is not None and self.portfolio_id is not None:
            self.fixes.replace_name(self.portfolio_id, self.item.spot, self.item.name)

    def _on_redact_clicked(self) -> None:
        if self.item is not None and self.portfolio_id is not None:
            self.fixes.redact(self.portfolio_id, self.item.spot)

    def _on_dismiss_clicked(self) -> None:
        if self.item is not None and self.portfolio_id is not None:
            self.fixes.dismiss(self.portfolio_id, self.item.spot, self.item.name)

    def _on_covered_clicked(self) -> None:
        if self.item is not None:
            self.fixes.confirm_covered(self.item.target)
