"""A passphrase typed twice, for the dialogs that encrypt a key or a library backup."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLineEdit


class PassphraseFields:
    """The Passphrase and Again boxes, added to a form; how long it must be is the service's rule."""

    def __init__(self, form: QFormLayout):
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for box, name in ((self.passphrase, "Passphrase"), (self.again, "Passphrase again")):
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setAccessibleName(QCoreApplication.translate("Passphrase", name))
        form.addRow(QCoreApplication.translate("Passphrase", "&Passphrase:"), self.passphrase)
        form.addRow(QCoreApplication.translate("Passphrase", "&Again:"), self.again)

    def text(self) -> str:
        return self.passphrase.text()

    def problem(self) -> str:
        """Why the two boxes cannot be used yet ("" when they agree)."""
        if self.passphrase.text() != self.again.text():
            return QCoreApplication.translate("Passphrase", "The two passphrases differ.")
        return ""
