"""The Badges window: the page, with what it has to say in the status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from portfolio_app.ui.badges.badges_page import BadgesPage
from portfolio_app.ui.operations import Operations


class BadgesWindow(QMainWindow):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Badges"))
        self.page = BadgesPage(ops, self)
        self.page.message.connect(self._on_page_message)
        self.setCentralWidget(self.page)
        self.resize(900, 700)

    def _on_page_message(self, text: str) -> None:
        self.statusBar().showMessage(text.replace("\n", " · "), 15000)
        self.statusBar().setToolTip(text)
