"""Redact…: draw black boxes over names and faces on a photo or on the pages of a PDF.

Each box drawn or deleted is a step on the dialog's own undo stack (Ctrl+Z here undoes a box,
not an edit in the window). The dialog only collects boxes; the redaction itself runs in the
background once the dialog is accepted (ui.redaction).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QImage, QImageReader, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import Evidence
from portfolio_app.ui.privacy.redaction_canvas import Box, RedactionCanvas

PAGE_RENDER = QSize(1600, 1600)  # a page is rendered this large at most to draw on it


def _tr(text: str) -> str:
    return QCoreApplication.translate("RedactionDialog", text)


class _AddBox(QUndoCommand):
    def __init__(self, dialog: RedactionDialog, page: int, box: Box):
        super().__init__(_tr("Draw Box"))
        self.dialog, self.page, self.box = dialog, page, box

    def redo(self) -> None:
        boxes = self.dialog.boxes.setdefault(self.page, [])
        boxes.append(self.box)
        self.dialog.show_page(self.page, len(boxes) - 1)

    def undo(self) -> None:
        self.dialog.boxes[self.page].pop()
        self.dialog.show_page(self.page, None)


class _DeleteBox(QUndoCommand):
    def __init__(self, dialog: RedactionDialog, page: int, index: int):
        super().__init__(_tr("Delete Box"))
        self.dialog, self.page, self.index = dialog, page, index
        self.box = dialog.boxes[page][index]

    def redo(self) -> None:
        del self.dialog.boxes[self.page][self.index]
        self.dialog.show_page(self.page, None)

    def undo(self) -> None:
        self.dialog.boxes[self.page].insert(self.index, self.box)
        self.dialog.show_page(self.page, self.index)


class RedactionDialog(QDialog):
    """`boxes_by_page()` gives the boxes drawn, pages counted from 0 (a photo has only page 0)."""

    def __init__(self, evidence: Evidence, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.evidence, self.path = evidence, path
        self.setWindowTitle(self.tr("Redact “{title}”").format(title=evidence.title))
        self.boxes: dict[int, list[Box]] = {}
        self.history = QUndoStack(self)
        self._document = None
        self.page_count = 1
        if evidence.kind == EvidenceKind.DOCUMENT:
            from PySide6.QtPdf import QPdfDocument  # not on the start-up path

            self._document = QPdfDocument(self)
            self._document.load(str(path))
            self.page_count = max(1, self._document.pageCount())
        self._page = -1  # none shown yet

        hint = QLabel(
            self.tr(
                "Drag across each name or face to hide. Click a box to select it; Delete removes it. "
                "The redacted copy replaces “{title}” in the submission; the original stays on this computer."
            ).format(title=evidence.title)
        )
        hint.setWordWrap(True)
        self.canvas = RedactionCanvas()
        self.canvas.setAccessibleName(self.tr("Picture: drag to draw a black box"))
        self.canvas.drawn.connect(self._on_canvas_drawn)
        self.canvas.clicked.connect(self._on_canvas_clicked)
        self.page = QSpinBox()
        self.page.setAccessibleName(self.tr("Page"))
        self.page.setRange(1, self.page_count)
        self.page.setPrefix(self.tr("Page "))
        self.page.setSuffix(self.tr(" of {pages}").format(pages=self.page_count))
        self.page.valueChanged.connect(self._on_page_value_changed)
        self.page.setVisible(self._document is not None)

        self.delete_action = QAction(self.tr("Delete Box"), self)
        self.delete_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")])
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.undo_action = self.history.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.history.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        tools = QHBoxLayout()
        tools.addWidget(self.page)
        tools.addStretch(1)
        for action in (self.delete_action, self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(action.text().replace("&", ""))
            tools.addWidget(button)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Boxes drawn"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.redact_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.redact_button.setText(self.tr("Redact"))
        self.redact_button.setAutoDefault(False)  # Enter must not start the redaction by accident
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(tools)
        layout.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.show_page(0, None)
        self.canvas.setFocus()

    def boxes_by_page(self) -> dict[int, list[Box]]:
        return {page: list(boxes) for page, boxes in self.boxes.items() if boxes}

    def current_page(self) -> int:
        return self._page

    def draw(self, box: Box) -> None:
        """Add a box on the page shown (what a mouse drag does)."""
        self.history.push(_AddBox(self, self._page, box))

    def delete_selected(self) -> None:
        if self.canvas.selected is not None:
            self.history.push(_DeleteBox(self, self._page, self.canvas.selected))

    def show_page(self, page: int, selected: int | None) -> None:
        """Show `page` (from 0) with its boxes, `selected` outlined."""
        if page != self._page:
            self._page = page
            self.canvas.set_image(self._picture(page))
            blocked = self.page.blockSignals(True)
            self.page.setValue(page + 1)
            self.page.blockSignals(blocked)
        self.canvas.show_boxes(self.boxes.get(page, []), selected)
        self._update_state()

    def _picture(self, page: int) -> QImage:
        if self._document is None:
            reader = QImageReader(str(self.path))
            reader.setAutoTransform(True)  # EXIF orientation: the boxes go where the teacher sees them
            return reader.read()
        size = self._document.pagePointSize(page).toSize()
        return self._document.render(page, size.scaled(PAGE_RENDER, Qt.AspectRatioMode.KeepAspectRatio))

    def _update_state(self) -> None:
        drawn = self.boxes_by_page()
        count = sum(len(boxes) for boxes in drawn.values())
        if not count:
            text = self.tr("No boxes yet.")
        elif self._document is None:
            text = self.tr("1 box") if count == 1 else self.tr("{count} boxes").format(count=count)
        else:
            pages = len(drawn)
            text = self.tr("{boxes} on {pages}").format(
                boxes=self.tr("1 box") if count == 1 else self.tr("{count} boxes").format(count=count),
                pages=self.tr("1 page") if pages == 1 else self.tr("{count} pages").format(count=pages),
            )
        self.summary.setText(text)
        self.redact_button.setEnabled(count > 0)
        self.delete_action.setEnabled(self.canvas.selected is not None)

    def _on_canvas_drawn(self, box: Box) -> None:
        self.draw(box)

    def _on_canvas_clicked(self, index: int | None) -> None:
        self.canvas.show_boxes(self.boxes.get(self._page, []), index)
        self._update_state()

    def _on_page_value_changed(self, value: int) -> None:
        self.show_page(value - 1, None)
