"""File ▸ Back Up Library…: an encrypted copy of the library to a folder or USB drive, and the reminder's days."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.errors import Cancelled
from portfolio_app.ui.operations import LongTask, Operations
from portfolio_app.ui.operations import trust as trust_ops
from portfolio_app.ui.trust.backup_reminder import REMINDER_KEY, reminder_days
from portfolio_app.ui.trust.passphrase_fields import PassphraseFields

FOLDER_KEY = "backup/folder"


class BackupDialog(QDialog):
    """Folder, passphrase twice, reminder days; Back Up runs with progress and Cancel."""

    def __init__(self, ops: Operations, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.task: LongTask | None = None
        self.working = False
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Back Up Library"))
        intro = QLabel(
            self.tr(
                "Copies your portfolios and every media file, encrypted with a passphrase, to a folder — "
                "best on a USB drive or another disk. The next backup to the same folder copies only what "
                "changed. Without the passphrase nobody, not even you, can restore it: keep it safe, apart "
                "from the drive."
            )
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(settings.value(FOLDER_KEY, "")))
        self.folder.setAccessibleName(self.tr("Backup folder"))
        choose = QPushButton(self.tr("C&hoose…"))
        choose.clicked.connect(self._on_choose_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setSuffix(self.tr(" days"))
        self.days.setValue(reminder_days(settings))
        self.days.setAccessibleName(self.tr("Remind me after"))
        self.days.valueChanged.connect(lambda value: self.settings.setValue(REMINDER_KEY, value))
        form = QFormLayout()
        form.addRow(self.tr("&Folder:"), folder_row)
        self.phrase = PassphraseFields(form)
        self.passphrase, self.again = self.phrase.passphrase, self.phrase.again
        form.addRow(self.tr("&Remind me after:"), self.days)
        self.last = QLabel()
        self.message = QLabel()
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Backup progress"))
        self.bar.hide()
        self.back_up_button = QPushButton(self.tr("&Back Up"))
        self.back_up_button.setDefault(True)
        self.back_up_button.clicked.connect(self.start_backup)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.bar, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_up_button)
        buttons.addWidget(close)
        self.cancel_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.last)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(620, 320)
        self._load_state()

    def _load_state(self) -> None:
        trust_ops.backup_state(self.days.value()).success(self._show_state).run(self.ops, initiator=self)

    def _show_state(self, state) -> None:
        last, _due, _has_work = state
        if last is None:
            self.last.setText(self.tr("This library has never been backed up."))
            return
        folder, finished_at = last
        days = (datetime.now(UTC) - datetime.fromisoformat(finished_at.replace("Z", "+00:00"))).days
        self.last.setText(
            self.tr("Last backup: {date} to {folder} ({days} days ago).").format(
                date=finished_at[:10], folder=folder, days=days
            )
        )

    def _on_choose_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Back Up To"), self.folder.text() or str(Path.home()))
        if chosen:
            self.folder.setText(chosen)

    def start_backup(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self.message.setText(self.tr("Choose a folder to back up to."))
            return
        if self.phrase.problem():
            self.message.setText(self.phrase.problem())
            return
        self.settings.setValue(FOLDER_KEY, folder)
        self._busy(True)
        self.message.setText(self.tr("Backing up…"))
        self.working = True
        task = (
            trust_ops.back_up_library(Path(folder), self.passphrase.text())
            .progress(lambda fraction, _text: self.bar.setValue(round(fraction * 1000)))
            .success(self._on_backed_up)
            .failure(self._on_failed)
            .run(self.ops, initiator=self)
        )
        self.task = task if self.working else None

    def _on_backed_up(self, report) -> None:
        self.working = False
        self.task = None
        self._busy(False)
        trust_ops.record_backup(report).success(lambda _outcome: self._load_state()).run(self.ops, initiator=self)
        missing = (
            self.tr(" {n} media files the library names were not there to copy.").format(n=len(report.missing))
            if report.missing
            else ""
        )
        self.message.setText(
            self.tr("Backed up {files} files to {folder}; {copied} new or changed this time.").format(
                files=report.files, folder=report.folder, copied=report.files_copied
            )
            + missing
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.working = False
        self.task = None
        self._busy(False)
        if isinstance(exc, Cancelled):
            self.message.setText(self.tr("Stopped. Back up again to the same folder to go on where it stopped."))
        else:
            self.message.setText(self.tr("Not backed up: {reason}").format(reason=exc))

    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.bar.setValue(0)
        self.cancel_button.setVisible(busy)
        self.back_up_button.setEnabled(not busy)
