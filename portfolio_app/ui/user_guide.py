"""Help ▸ User Guide (F1): the offline guide in resources/guide, shown in a window of its own.

The guide is HTML with the screenshots beside it; a QTextBrowser shows it from the installed
resources, so it opens without a network and in the packaged app. Links inside the guide move
within it; nothing is fetched from anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from portfolio_app.resource_paths import resources_dir


def guide_path() -> Path:
    return resources_dir() / "guide" / "index.html"


class UserGuideWindow(QWidget):
    """The user guide in a window that stays open beside the main one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)  # its own window, kept above and closed with the main one
        self.setWindowTitle(self.tr("User Guide"))
        self.resize(820, 760)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # offline: a link to elsewhere is not followed
        self.browser.setOpenLinks(True)
        self.browser.setSearchPaths([str(guide_path().parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path())))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc and Ctrl+W (Cmd+W) close it, as they close the app's other windows
        if event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close):
            self.close()
        else:
            super().keyPressEvent(event)
