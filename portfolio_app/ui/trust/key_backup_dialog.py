"""The offer, once, right after the signing key is first made: back it up encrypted, or not now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import trust as trust_ops
from portfolio_app.ui.trust.passphrase_fields import PassphraseFields

OFFERED_KEY = "keys/backup_offered"


class KeyBackupDialog(QDialog):
    """Where to write the key backup and its passphrase (twice); Back Up Key or Not Now."""

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.working = False
        self.setObjectName("keyBackupDialog")
        self.setWindowTitle(self.tr("Back Up Your Signing Key"))
        intro = QLabel(
            self.tr(
                "Your bundles are signed with a key kept in this computer's keychain. If this laptop is lost "
                "or reimaged, the key is gone with it, and new bundles will not be recognised as yours. Back it "
                "up now, encrypted with a passphrase, to a USB drive; on a new laptop, restore it with "
                "“portfolio keys restore FILE”."
            )
        )
        intro.setWordWrap(True)
        self.file = QLineEdit(str(Path.home() / "portfolio-signing-key.backup"))
        self.file.setAccessibleName(self.tr("Key backup file"))
        choose = QPushButton(self.tr("C&hoose…"))
        choose.clicked.connect(self._on_choose_clicked)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("&File:"), row)
        self.phrase = PassphraseFields(form)
        self.passphrase, self.again = self.phrase.passphrase, self.phrase.again
        self.message = QLabel()
        self.message.setObjectName("keyBackupMessage")
        self.message.setWordWrap(True)
        self.back_up_button = QPushButton(self.tr("&Back Up Key"))
        self.back_up_button.setDefault(True)
        self.back_up_button.clicked.connect(self.back_up)
        later = QPushButton(self.tr("&Not Now"))
        later.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(later)
        buttons.addWidget(self.back_up_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _on_choose_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Back Up Key To"), self.file.text())
        if chosen:
            self.file.setText(chosen)

    def back_up(self) -> None:
        if self.phrase.problem():
            self.message.setText(self.phrase.problem())
            return
        self.back_up_button.setEnabled(False)
        self.message.setText(self.tr("Encrypting the key…"))
        trust_ops.back_up_key(Path(self.file.text()), self.passphrase.text()).success(self._on_done).failure(
            self._on_failed
        ).run(self.ops, initiator=self)

    def _on_done(self, public_key) -> None:
        self.message.setText(
            self.tr("Written: the key {fingerprint}, encrypted. Keep the file and the passphrase apart.").format(
                fingerprint=public_key.fingerprint
            )
        )
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.back_up_button.setEnabled(True)
        self.message.setText(self.tr("Not backed up: {reason}").format(reason=exc))
