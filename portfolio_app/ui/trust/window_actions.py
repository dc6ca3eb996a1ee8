"""What the main window's File ▸ Trust Lists… and Back Up Library… open, and the key-backup offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_app.ui.trust.backup_reminder import BackupReminder

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from portfolio_app.ui.main_window import MainWindow

__all__ = ["BackupReminder", "back_up", "offer_key_backup", "open_trust_lists"]


def open_trust_lists(window: MainWindow) -> QDialog:
    from portfolio_app.ui.trust.trust_lists_dialog import TrustListsDialog

    return _opened(TrustListsDialog(window.ops, window))


def back_up(window: MainWindow) -> QDialog:
    from portfolio_app.ui.trust.backup_dialog import BackupDialog

    return _opened(BackupDialog(window.ops, window.settings, window))


def offer_key_backup(window: MainWindow) -> QDialog | None:
    """Once, after the first bundle (which made the signing key): offer to back the key up."""
    from portfolio_app.ui.trust.key_backup_dialog import OFFERED_KEY, KeyBackupDialog

    if window.settings.value(OFFERED_KEY, False, type=bool):
        return None
    window.settings.setValue(OFFERED_KEY, True)
    return _opened(KeyBackupDialog(window.ops, window))


def _opened(dialog: QDialog) -> QDialog:
    from PySide6.QtCore import Qt  # here, not at start-up: importing Qt builds every enum

    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
