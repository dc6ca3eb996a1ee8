"""Keeping Media…: how long media that shows students stays on this computer.

The dialog sets the library's rule (keep until deleted, or N days after the credential is earned
or the bundle exported), lists what is due now and within a week, and removes what is due after
asking. The reminder bar at the top of the window is in retention_reminder.py.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.retention import apply_retention, plan_retention, set_retention


class RetentionDialog(QDialog):
    """The retention rule and what it removes; `failed` hears errors."""

    failed = Signal(object)

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.plan = None
        self.setWindowTitle(self.tr("Keeping Media"))
        intro = QLabel(
            self.tr(
                "Districts set how long classroom video may be kept. Media that shows students "
                "(unless it is a blurred or redacted copy) is removed from this computer when its time is up; "
                "a row stays that says what it was and when it went."
            )
        )
        intro.setWordWrap(True)
        self.keep = QRadioButton(self.tr("&Keep media until I delete it"))
        self.limit = QRadioButton(self.tr("Remove it after"))
        self.days = QSpinBox()
        self.days.setRange(0, 36_500)
        self.days.setValue(90)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Days to keep media"))
        self.after = QComboBox()
        self.after.addItem(self.tr("the credential is earned"), "earned")
        self.after.addItem(self.tr("the bundle is exported"), "exported")
        self.after.setAccessibleName(self.tr("When the days start"))
        for widget in (self.keep, self.limit):
            widget.toggled.connect(self._on_rule_toggled)
        rule = QHBoxLayout()
        rule.addWidget(self.limit)
        rule.addWidget(self.days)
        rule.addWidget(self.after, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Media due to be removed"))
        self.remove_button = QPushButton(self.tr("&Remove Due Media Now…"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.keep)
        layout.addLayout(rule)
        layout.addWidget(self.summary)
        layout.addWidget(self.items, 1)
        layout.addLayout(bottom)
        self.keep.setChecked(True)
        self.load()

    def load(self) -> None:
        plan_retention().success(self._show).failure(self.failed.emit).run(self.ops, initiator=self)

    def _show(self, plan) -> None:
        self.plan = plan
        policy = plan.policy
        (self.keep if policy.days is None else self.limit).setChecked(True)
        if policy.days is not None:
            self.days.setValue(policy.days)
            self.after.setCurrentIndex(self.after.findData(str(policy.after)))
        self.items.clear()
        for item in plan.due:
            self.items.addItem(
                self.tr("Due now: {title} ({portfolio})").format(title=item.title, portfolio=item.portfolio_title)
            )
        for item in plan.soon:
            self.items.addItem(
                self.tr("{date}: {title} ({portfolio})").format(
                    date=item.due_at[:10], title=item.title, portfolio=item.portfolio_title
                )
            )
        self.summary.setText(
            self.tr("{due} due now, {soon} within a week.").format(due=len(plan.due), soon=len(plan.soon))
        )
        self.remove_button.setEnabled(bool(plan.due))

    def _on_rule_toggled(self) -> None:
        for widget in (self.days, self.after):
            widget.setEnabled(self.limit.isChecked())

    def save(self) -> None:
        """Save the rule shown, then list what it removes."""
        days = None if self.keep.isChecked() else self.days.value()
        set_retention(days, self.after.currentData()).success(lambda _: self.load()).failure(self.failed.emit).run(
            self.ops, initiator=self
        )

    def _on_remove_clicked(self) -> None:
        count = len(self.plan.due) if self.plan else 0
        answer = QMessageBox.question(
            self,
            self.tr("Remove Media"),
            self.tr("Remove {count} file(s) that show students from this computer? This cannot be undone.").format(
                count=count
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_due()

    def remove_due(self) -> None:
        """Remove what is due now (files deleted; not undoable)."""
        apply_retention().success(lambda _: self.load()).failure(self.failed.emit).run(self.ops, initiator=self)
