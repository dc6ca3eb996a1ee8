"""Documents: PDFs page by page in the window; office files described, and opened by the system.

Another program never gets the library's own file: it gets a read-only copy in a temp folder
under the file's original name, so the store stays untouched and the program shows a sensible
title.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.viewers.background_reader import BackgroundReader
from portfolio_app.ui.viewers.evidence_text import kind_icon, size_text

try:  # some PySide6 wheels come without Qt PDF: then PDFs open with the system viewer
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed wheel
    QPdfDocument = QPdfView = None

HAVE_PDF = QPdfView is not None
ZOOM_STEP = 1.25


def copy_for_viewing(stored: Path, name: str) -> Path:
    """A read-only copy of `stored` named `name`, in a new temp folder (runs off the GUI thread)."""
    folder = Path(tempfile.mkdtemp(prefix="portfolio-view-"))
    target = folder / (Path(name).name or "evidence")
    shutil.copyfile(stored, target)
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return target


class SystemViewerOpener:
    """Copies a stored file out (off the GUI thread), then asks the desktop to open the copy."""

    def __init__(
        self, reader: BackgroundReader, on_error: Callable[[BaseException], None], parent: QWidget | None = None
    ):
        self._reader = reader
        self._on_error = on_error
        self._parent = parent  # where "no program could open it" is said

    def open(self, stored: Path, name: str) -> None:
        self._reader.read(lambda: copy_for_viewing(stored, name), self._on_copied, self._on_error)

    def _on_copied(self, copy: Path) -> None:
        from portfolio_app.ui.folders import open_file

        open_file(copy, self._parent)


class FileInfoView(QWidget):
    """An office document (or anything not shown in the window): what it is, and a way to open it."""

    def __init__(self, opener: SystemViewerOpener, parent: QWidget | None = None):
        super().__init__(parent)
        self._opener = opener
        self._file: tuple[Path, str] | None = None
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel()
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open with the System Viewer"))
        self.open_button.setAccessibleName(self.tr("Open with the system viewer"))
        self.open_button.setToolTip(self.tr("Opens a copy, so the file in your portfolio stays as it is"))
        self.open_button.clicked.connect(self._on_open_clicked)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.icon)
        layout.addWidget(self.details)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

    def show_file(self, evidence: Evidence, stored: Path) -> None:
        name = evidence.original_name or evidence.title
        self._file = (stored, name)
        self.icon.setPixmap(kind_icon(str(evidence.kind)).pixmap(64, 64))
        kind = self._type_name(Path(name).suffix.lower()) or evidence.media_type or self.tr("Document")
        self.details.setText(
            f"<p><b>{escape(name)}</b></p><p>{escape(kind)}<br>{escape(size_text(evidence.size_bytes))}</p>"
            + self.tr("<p>This kind of document opens in another program, as a copy.</p>")
        )

    def _type_name(self, suffix: str) -> str:
        names = {
            (".docx", ".doc", ".odt"): self.tr("Word processor document"),
            (".xlsx", ".xls", ".ods"): self.tr("Spreadsheet"),
            (".pptx", ".ppt", ".odp"): self.tr("Presentation"),
            (".pdf",): self.tr("PDF document"),
        }
        return next((name for suffixes, name in names.items() if suffix in suffixes), "")

    def _on_open_clicked(self) -> None:
        if self._file is not None:
            self._opener.open(*self._file)


class PdfViewer(QWidget):
    """All pages in one scrolling view; page number, previous/next, zoom, fit to width."""

    def __init__(self, opener: SystemViewerOpener, parent: QWidget | None = None):
        super().__init__(parent)
        self._opener = opener
        self._file: tuple[Path, str] | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName(self.tr("Document pages"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.page = QSpinBox()
        self.page.setAccessibleName(self.tr("Page"))
        self.page.setKeyboardTracking(False)
        self.page.valueChanged.connect(self._on_page_value_changed)
        self.page_count_label = QLabel()
        keys = QKeySequence.StandardKey
        previous, following = lambda: self.go_by(-1), lambda: self.go_by(1)
        self.previous_action = self._action(self.tr("Previous Page"), "‹", [keys.MoveToPreviousPage], previous)
        self.next_action = self._action(self.tr("Next Page"), "›", [keys.MoveToNextPage], following)
        zoom_in, zoom_out = lambda: self.zoom_by(ZOOM_STEP), lambda: self.zoom_by(1 / ZOOM_STEP)
        self.zoom_out_action = self._action(self.tr("Zoom Out"), "−", [keys.ZoomOut], zoom_out)
        self.zoom_in_action = self._action(self.tr("Zoom In"), "+", [keys.ZoomIn, "Ctrl+="], zoom_in)
        self.fit_action = self._action(self.tr("Fit Width"), self.tr("Fit"), ["Ctrl+0"], self.fit_width)
        open_button = QPushButton(self.tr("Open in Viewer"))
        open_button.setAccessibleName(self.tr("Open with the system viewer"))
        open_button.setToolTip(self.tr("Open a copy in this computer's own PDF viewer, e.g. to print"))
        open_button.clicked.connect(self._on_open_clicked)
        tools = QHBoxLayout()
        tools.addWidget(self._button(self.previous_action))
        tools.addWidget(self.page)
        tools.addWidget(self.page_count_label)
        tools.addWidget(self._button(self.next_action))
        tools.addSpacing(8)
        for action in (self.zoom_out_action, self.zoom_in_action, self.fit_action):
            tools.addWidget(self._button(action))
        tools.addStretch(1)
        tools.addWidget(open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._on_navigator_current_page_changed)

    def _action(self, text: str, label: str, keys: list, slot) -> QAction:
        """`text` names the action (tooltip, screen readers); `label` is the button's short face."""
        action = QAction(text, self)
        action.setIconText(label)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(action.text())
        return button

    def load(self, path: Path, name: str) -> None:
        self._file = (path, name)
        self.document.load(str(path))
        count = self.document.pageCount()
        blocked = self.page.blockSignals(True)
        self.page.setRange(1, max(1, count))
        self.page.setValue(1)
        self.page.blockSignals(blocked)
        self.page_count_label.setText(self.tr("of {count}").format(count=count))
        self.fit_width()

    def clear(self) -> None:
        self.document.close()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        """Show `page` (0-based)."""
        page = max(0, min(page, self.document.pageCount() - 1))
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())

    def go_by(self, delta: int) -> None:
        self.go_to(self.current_page() + delta)

    def zoom(self) -> float:
        """The zoom shown; in fit-to-width mode QPdfView leaves zoomFactor() at 1, so work it out."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(max(0, self.current_page()))
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        points_to_pixels = self.view.logicalDpiX() / 72
        return width / (page.width() * points_to_pixels) if page.width() > 0 else 1.0

    def zoom_by(self, factor: float) -> None:
        zoom = self.zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(8.0, zoom * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _on_page_value_changed(self, value: int) -> None:
        if value - 1 != self.current_page():
            self.go_to(value - 1)

    def _on_navigator_current_page_changed(self, page: int) -> None:
        blocked = self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(blocked)

    def _on_open_clicked(self) -> None:
        if self._file is not None:
            self._opener.open(*self._file)
