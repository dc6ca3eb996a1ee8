"""Add Destination: the district's upload address with its token, or a folder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class DestinationDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Destination"))
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Name"))
        self.upload = QRadioButton(self.tr("The district's &upload address"))
        self.upload.setChecked(True)
        self.folder_choice = QRadioButton(self.tr("A &folder (USB drive, OneDrive or Google Drive folder)"))
        group = QButtonGroup(self)
        group.addButton(self.upload)
        group.addButton(self.folder_choice)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://inbox.district.example/files")
        self.url.setAccessibleName(self.tr("Upload address"))
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Token (kept in the system keychain)"))
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Folder"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.upload)
        form.addRow(self.tr("Address:"), self.url)
        form.addRow(self.tr("Token:"), self.token)
        form.addRow(self.folder_choice)
        form.addRow(self.tr("Folder:"), folder_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.upload.toggled.connect(self._update)
        self._update()

    def values(self) -> tuple[str, str | None, str | None, str | None]:
        """(name, url, token, folder): url and token for an upload address, folder for a folder."""
        if self.upload.isChecked():
            return self.name.text(), self.url.text(), self.token.text() or None, None
        return self.name.text(), None, None, self.folder.text()

    def _update(self) -> None:
        upload = self.upload.isChecked()
        self.url.setEnabled(upload)
        self.token.setEnabled(upload)
        self.folder.setEnabled(not upload)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder to copy into"))
        if folder:
            self.folder.setText(folder)
            self.folder_choice.setChecked(True)


def choose_destination(parent: QWidget, destinations: list) -> str | None:
    """The only destination's name, or the one the teacher picks among several (None: cancelled)."""
    if len(destinations) == 1:
        return destinations[0].name
    names = [d.name for d in destinations]
    name, accepted = QInputDialog.getItem(
        parent, parent.tr("Send To"), parent.tr("Where should it go?"), names, 0, False
    )
    return name if accepted else None
