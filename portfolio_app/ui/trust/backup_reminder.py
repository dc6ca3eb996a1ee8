"""A status-bar button that appears when the library has work in it and no backup for the chosen days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton, QWidget

from portfolio_app.core.changes import Changes
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import trust as trust_ops

REMINDER_KEY = "backup/reminder_days"  # chosen in the Back Up Library… dialog
DEFAULT_DAYS = 14


def reminder_days(settings: QSettings) -> int:
    """The days after which the window reminds the teacher to back up (chosen in the backup dialog)."""
    try:
        return max(1, int(settings.value(REMINDER_KEY, DEFAULT_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_DAYS


class BackupReminder(QPushButton):
    """“Not backed up for 20 days — Back Up…”; hidden while a recent backup exists.

    It reads nothing until `start()`: the window starts it once its first screen is filled in.
    """

    def __init__(
        self, ops: Operations, settings: QSettings, back_up: Callable[[], None], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.setObjectName("backupReminder")
        self.setFlat(True)
        self.setAccessibleName(self.tr("Backup reminder"))
        self.clicked.connect(back_up)
        self.hide()

    def start(self) -> None:
        """Check now, and again whenever backups or portfolios change."""
        self.ops.changed.connect(self._on_ops_changed)
        self.check()

    def check(self) -> None:
        trust_ops.backup_state(reminder_days(self.settings)).success(self._show_state).run(self.ops, initiator=self)

    def _show_state(self, state) -> None:
        last, due, has_work = state
        if not due or not has_work:
            self.hide()
            return
        if last is None:
            self.setText(self.tr("⚠ This library has never been backed up — Back Up…"))
        else:
            days = (datetime.now(UTC) - datetime.fromisoformat(last[1].replace("Z", "+00:00"))).days
            self.setText(self.tr("⚠ Last backup {days} days ago — Back Up…").format(days=days))
        self.setToolTip(self.tr("File ▸ Back Up Library… copies your work, encrypted, to a USB drive or another disk"))
        self.show()

    def _on_ops_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.trust or changes.portfolios:
            self.check()
