"""A plain-text editor that hands its text over for saving a moment after the teacher stops typing.

Its own undo is switched off: each save becomes a step on the window's undo stack, so Ctrl+Z
and Ctrl+Shift+Z reach the window's actions even while the cursor is in here, and undo takes
back answers, tags and ratings in the order they were made.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget

SAVE_DELAY_MS = 700  # after the last keystroke; at most this much typing is lost if the laptop dies
_CTRL_SHIFT_Z = QKeyCombination(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z)


def utf16_length(text: str) -> int:
    """Length as Qt counts it (UTF-16 code units): emoji take two."""
    return len(text.encode("utf-16-le")) // 2


class AutosaveEdit(QPlainTextEdit):
    """Emits `save_due(old, new)` after a pause in typing, on focus-out, on `flush()`, and just
    before the window's undo or redo runs; `committed` is the text last handed over."""

    save_due = Signal(str, str)  # the text handed over before, the text to save now
    edited = Signal()  # the teacher changed the text (not load or apply)
    focus_entered = Signal(bool)  # True: by keyboard or by the program, not by a click

    def __init__(self, parent: QWidget | None = None, *, min_lines: int = 4, max_lines: int = 20):
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)  # Tab moves on to the next answer, as in a form
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.committed = ""
        # Saves made in one burst of typing merge into one undo step; leaving the editor, undo
        # and redo end the burst.
        self.burst = 0
        self._min_lines, self._max_lines = min_lines, max_lines
        self._quiet = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_text_changed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    @property
    def pending(self) -> bool:
        """Typed text waits for its save."""
        return self._timer.isActive()

    def load(self, text: str) -> None:
        """Show saved text: nothing to save, a fresh burst."""
        self._timer.stop()
        self._quiet = True
        try:
            self.setPlainText(text)
        finally:
            self._quiet = False
        self.committed = text
        self.burst += 1

    def apply(self, text: str) -> None:
        """Show text put back by undo or redo, changing only the part that differs so the cursor
        lands where the change was and the view does not jump."""
        self.committed = text
        old = self.toPlainText()
        if old == text:
            return  # a step's first run: the text is already here, and the burst goes on
        self._timer.stop()
        self.burst += 1
        prefix = 0
        limit = min(len(old), len(text))
        while prefix < limit and old[prefix] == text[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[-1 - suffix] == text[-1 - suffix]:
            suffix += 1
        cursor = QTextCursor(self.document())
        cursor.setPosition(utf16_length(old[:prefix]))
        cursor.setPosition(utf16_length(old[: len(old) - suffix]), QTextCursor.MoveMode.KeepAnchor)
        self._quiet = True
        try:
            cursor.insertText(text[prefix : len(text) - suffix])
        finally:
            self._quiet = False
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def flush(self) -> None:
        """Hand over typed text now (focus-out, switching portfolio, closing the window)."""
        self._timer.stop()
        text = self.toPlainText()
        if text != self.committed:
            old, self.committed = self.committed, text
            self.save_due.emit(old, text)

    def _on_text_changed(self) -> None:
        if self._quiet:
            return
        self._timer.start()
        self.edited.emit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or event.keyCombination() == _CTRL_SHIFT_Z
        ):
            # Not ours: the window's Undo and Redo take these keys. What was just typed becomes a
            # step first, so Undo takes it back.
            self.flush()
            self.burst += 1
            event.ignore()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focus_entered.emit(event.reason() != Qt.FocusReason.MouseFocusReason)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        self.burst += 1
        super().focusOutEvent(event)

    def _fit_height(self, *_args) -> None:
        """Grow with the text, so a long form scrolls as one page rather than box by box."""
        lines = self.document().documentLayout().documentSize().height()
        lines = max(self._min_lines, min(self._max_lines, int(lines)))
        margins = self.contentsMargins()
        height = lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
        self.setFixedHeight(int(height) + margins.top() + margins.bottom() + 2)
