"""The bar at the top of the window while media that shows students is due to be removed within a week.

A module of its own, light to import: the window builds the bar at start-up, the Keeping Media…
dialog (retention.py) it opens only when asked.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.retention import plan_retention

_WATCHED = ("privacy", "portfolios", "evidence")


class RetentionReminder(QFrame):
    """A bar shown while media that shows students is due within a week; `review_requested` opens the list.

    It reads nothing until `start()`: the window starts it once its first screen is filled in.
    """

    review_requested = Signal()
    failed = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"RetentionReminder {{ background: {palette.REMINDER_BACKGROUND}; }}")
        self.label = QLabel()
        self.label.setWordWrap(True)
        review = QPushButton(self.tr("Review…"))
        review.clicked.connect(self.review_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(review)
        self.setVisible(False)

    def start(self) -> None:
        """Check now, and again whenever what the rule concerns changes."""
        self.ops.changed.connect(self._on_ops_changed)
        self.refresh()

    def refresh(self) -> None:
        plan_retention().success(self._show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if any(getattr(changes, name) for name in _WATCHED):
            self.refresh()

    def _show(self, plan) -> None:
        count = len(plan.due) + len(plan.soon)
        self.label.setText(
            self.tr(
                "{count} photo(s), recording(s) or document(s) that show students will be removed from this "
                "computer within a week. {rule}"
            ).format(count=count, rule=plan.policy.describe())
        )
        self.setVisible(count > 0)
