"""Small dialogs: the first-run welcome (profile), starting a portfolio, the About box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_app import APP_NAME, __version__
from portfolio_app.core.credential import Credential
from portfolio_app.core.errors import PortfolioError
from portfolio_app.core.portfolio import Profile
from portfolio_app.ui import palette


class ProfileDialog(QDialog):
    """Asks for the teacher's name and email; on first run it also says what the app is for.

    `check(name, email)` is called on OK and may raise PortfolioError, shown in the dialog.
    """

    def __init__(
        self,
        check: Callable[[str, str], object],
        profile: Profile | None,
        *,
        first_run: bool,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._check = check
        self.setWindowTitle(self.tr("Welcome to {app}").format(app=APP_NAME) if first_run else self.tr("Your Profile"))
        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                self.tr(
                    "<h2>Welcome</h2>"
                    "<p>This app helps you earn micro-credentials: pick a credential, gather classroom "
                    "evidence, tag it to the rubric, assess yourself and export a signed submission.</p>"
                    "<p>Everything stays on this computer until you export a bundle. "
                    "Your name and email go on your submissions so that reviewers know whose work it is.</p>"
                )
            )
            intro.setWordWrap(True)
            intro.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(profile.name if profile else "")
        self.name.setPlaceholderText(self.tr("e.g. Maria Alvarez"))
        self.name.setAccessibleName(self.tr("Your name"))
        self.email = QLineEdit(profile.email if profile else "")
        self.email.setPlaceholderText(self.tr("e.g. malvarez@district.org"))
        self.email.setAccessibleName(self.tr("Your email address"))
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Email:"), self.email)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(palette.text_style(palette.WARNING))
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if first_run:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Get Started"))
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Later"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(self._on_text_changed)
        self.email.textChanged.connect(self._on_text_changed)
        self._on_text_changed()
        self.setMinimumWidth(460)

    def _on_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.name.text().strip() and self.email.text().strip()))

    def accept(self) -> None:
        try:
            self._check(self.name.text(), self.email.text())
        except PortfolioError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


class NewPortfolioDialog(QDialog):
    """Chooses the credential (preselected when started from the catalog) and a title."""

    def __init__(self, credentials: list[Credential], preselect: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New Portfolio"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.credential = QComboBox()
        self.credential.setAccessibleName(self.tr("Credential"))
        for credential in credentials:
            self.credential.addItem(credential.title, credential.id)
        if preselect is not None:
            self.credential.setCurrentIndex(max(0, self.credential.findData(preselect)))
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Portfolio title"))
        self.title.setPlaceholderText(self.tr("e.g. Grade 7 science, spring term"))
        form.addRow(self.tr("&Credential:"), self.credential)
        form.addRow(self.tr("&Title:"), self.title)
        layout.addLayout(form)
        hint = QLabel(self.tr("The title is for you: which class, which term. You can rename it later."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create Portfolio"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.title.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        self.title.setFocus()
        self.setMinimumWidth(480)

    def chosen(self) -> tuple[str, str]:
        return self.credential.currentData(), self.title.text()


def show_about(parent: QWidget, data_dir: str) -> None:
    QMessageBox.about(
        parent,
        parent.tr("About {app}").format(app=APP_NAME),
        parent.tr(
            "<h3>{app} {version}</h3>"
            "<p>Gather classroom evidence, tag it to a micro-credential's rubric, assess yourself "
            "and export a signed submission — all on this computer, without a network.</p>"
            "<p>Your library: <code>{data_dir}</code></p>"
            "<p>Built with Qt (PySide6), SQLite and FFmpeg (PyAV). Licensed under the GPL, version 3 or later.</p>"
        ).format(app=APP_NAME, version=__version__, data_dir=data_dir),
    )
