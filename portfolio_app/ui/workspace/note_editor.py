"""A note's rich text, edited where the note is shown and saved a moment after the teacher stops typing.

The text is kept as Markdown (bold, italic, headings, lists), which reads well as the plain text a
bundle carries. As in AutosaveEdit, the editor's own undo is off: each save is a step on the
window's undo stack, so Ctrl+Z takes back typing, tags and renames in the order they were made.
Ctrl+I and Ctrl+B format here (the window's Import Evidence keeps Ctrl+I everywhere else).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor, QTextListFormat
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QToolButton, QVBoxLayout, QWidget

SAVE_DELAY_MS = 700  # after the last keystroke; at most this much typing is lost if the laptop dies
_CTRL_SHIFT_Z = QKeyCombination(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z)


class NoteTextEdit(QTextEdit):
    """Rich text whose undo keys go to the window and whose formatting keys stay here."""

    undo_key_pressed = Signal()  # Ctrl+Z or Ctrl+Shift+Z: what was typed must be saved first
    focus_left = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            if (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or event.keyCombination() == _CTRL_SHIFT_Z
            ):
                self.undo_key_pressed.emit()
                event.ignore()
                return True
            if event.matches(QKeySequence.StandardKey.Bold) or event.matches(QKeySequence.StandardKey.Italic):
                event.accept()  # formatting, not the window's Import (Ctrl+I)
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Bold):
            toggle_bold(self)
        elif event.matches(QKeySequence.StandardKey.Italic):
            toggle_italic(self)
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.focus_left.emit()
        super().focusOutEvent(event)


def toggle_bold(edit: QTextEdit) -> None:
    bold = edit.fontWeight() < QFont.Weight.Bold
    change = QTextCharFormat()
    change.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    edit.mergeCurrentCharFormat(change)


def toggle_italic(edit: QTextEdit) -> None:
    change = QTextCharFormat()
    change.setFontItalic(not edit.fontItalic())
    edit.mergeCurrentCharFormat(change)


def toggle_list(edit: QTextEdit, style: QTextListFormat.Style) -> None:
    cursor = edit.textCursor()
    current = cursor.currentList()
    if current is not None and current.format().style() == style:
        block = cursor.blockFormat()
        current.remove(cursor.block())
        block.setIndent(0)
        cursor.setBlockFormat(block)
    else:
        cursor.createList(style)


class NoteEditor(QWidget):
    """Shows one note's text; emits `save_due(evidence_id, old, new)` after a pause in typing, on
    leaving the editor, on `flush()` and before the window's undo or redo."""

    save_due = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.evidence_id: str | None = None
        self.committed = ""  # the text last handed over (as stored)
        self._shown = ""  # the editor's Markdown of `committed`: what counts as unchanged
        self.burst = 0  # saves in one burst of typing merge into one undo step
        self._quiet = False
        self.text = NoteTextEdit()
        self.text.setAccessibleName(self.tr("Note text"))
        self.text.setPlaceholderText(self.tr("Write the note here. It is saved as you type."))
        self.text.setAcceptRichText(False)  # pasted web pages come in as text, not as their styling
        self.text.setUndoRedoEnabled(False)
        self.text.setTabChangesFocus(True)
        self.text.textChanged.connect(self._on_text_changed)
        self.text.undo_key_pressed.connect(self._end_burst)
        self.text.focus_left.connect(self._end_burst)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.state = QLabel()
        self.state.setEnabled(False)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        for text, tip, slot in (
            (self.tr("Bold"), self.tr("Bold (Ctrl+B)"), lambda: toggle_bold(self.text)),
            (self.tr("Italic"), self.tr("Italic (Ctrl+I)"), lambda: toggle_italic(self.text)),
            (self.tr("• List"), self.tr("Bulleted list"), lambda: toggle_list(self.text, QTextListFormat.ListDisc)),
            (self.tr("1. List"), self.tr("Numbered list"), lambda: toggle_list(self.text, QTextListFormat.ListDecimal)),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the text
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.text, 1)

    @property
    def pending(self) -> bool:
        """Typed text waits for its save."""
        return self._timer.isActive()

    def markdown(self) -> str:
        return self.text.toMarkdown()

    def load(self, evidence_id: str, text: str) -> None:
        """Show a saved note: nothing to save, a fresh burst."""
        self.flush()
        self.evidence_id = evidence_id
        self._set(text)
        self.state.setText(self.tr("Saved"))

    def apply(self, text: str) -> None:
        """Show text put back by undo or redo, the cursor where it was (or at the end)."""
        if text == self.committed:
            return  # a step's first run: the text is here already, and the burst goes on
        position = self.text.textCursor().position()
        self._set(text)
        cursor = self.text.textCursor()
        cursor.setPosition(min(position, len(self.text.toPlainText())))
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def show_saved(self, ok: bool) -> None:
        if not self.pending:
            self.state.setText(self.tr("Saved") if ok else self.tr("Not saved"))

    def flush(self) -> None:
        """Hand over typed text now (leaving the note, switching portfolio, closing the window)."""
        self._timer.stop()
        if self.evidence_id is None:
            return
        text = self.markdown()
        if text != self._shown:
            old, self.committed, self._shown = self.committed, text, text
            self.save_due.emit(self.evidence_id, old, text)

    def _set(self, text: str) -> None:
        self._timer.stop()
        self._quiet = True
        try:
            self.text.setMarkdown(text)
            self.text.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._quiet = False
        self.committed, self._shown = text, self.markdown()
        self.burst += 1

    def _end_burst(self) -> None:
        self.flush()
        self.burst += 1

    def _on_text_changed(self) -> None:
        if self._quiet:
            return
        self._timer.start()
        self.state.setText(self.tr("Saving…"))

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)
