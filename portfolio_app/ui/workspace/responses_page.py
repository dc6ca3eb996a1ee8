"""The Answers tab: the Part 1 and Part 3 prompts, each with its answer, a live word count and
whether it is saved.

Answers are saved as the teacher types (see AutosaveEdit): a moment after each pause, when the
cursor leaves an answer, when another portfolio opens and when the window closes. Each save is a
step on the window's undo stack (EditResponse), so Ctrl+Z takes typing back, answer by answer.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QHideEvent, QUndoStack
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from portfolio_app.core.credential import Credential, Prompt, PromptPart
from portfolio_app.core.portfolio import Response
from portfolio_app.core.readiness import FAR_UNDER_SHARE
from portfolio_app.core.text import count_words
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.rubric import save_response
from portfolio_app.ui.workspace.answer_steps import EditResponse, short
from portfolio_app.ui.workspace.autosave_edit import AutosaveEdit

COLUMN_WIDTH = 860  # a readable line length for prompts and answers, however wide the window


class SaveState(enum.Enum):
    NONE = "none"
    SAVING = "saving"
    SAVED = "saved"
    FAILED = "failed"


def expected_floor(prompt: Prompt) -> int:
    """Fewer words than this is "far under" the limit, as readiness counts it."""
    return prompt.min_words or int(prompt.max_words * FAR_UNDER_SHARE)


class PromptBox(QFrame):
    """One prompt: its text and guidance, the answer, its word count and save state."""

    def __init__(self, number: int, prompt: Prompt, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = prompt
        self.heading = QLabel(f"<b>{number}.</b>&nbsp;{escape(prompt.text)}")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.guidance = QLabel(prompt.guidance or "")
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet(f"color: {palette.MUTED}; font-style: italic;")
        self.guidance.setVisible(bool(prompt.guidance))
        self.editor = AutosaveEdit()
        self.editor.setAccessibleName(self.tr("Answer to: {prompt}").format(prompt=short(prompt.text, 80)))
        self.editor.setPlaceholderText(self.tr("Write your answer here. It is saved as you type."))
        self.heading.setBuddy(self.editor)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Word count"))
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Save state"))
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.count, 1)
        footer.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.guidance)
        layout.addWidget(self.editor)
        layout.addLayout(footer)
        self.editor.textChanged.connect(self.update_count)
        self.update_count()
        self.show_state(SaveState.NONE)

    def words(self) -> int:
        return count_words(self.editor.toPlainText())

    def update_count(self) -> None:
        words, limit, floor = self.words(), self.prompt.max_words, expected_floor(self.prompt)
        text = self.tr("{words} / {limit} words").format(words=words, limit=limit)
        if floor:  # the minimum stands beside the limit before a word is typed, not only when missed
            text += " " + self.tr("(at least {floor})").format(floor=floor)
        colour = palette.MUTED
        if words > limit:
            text += " · " + self.tr("{over} over the limit").format(over=words - limit)
            colour = palette.WARNING
        elif 0 < words < expected_floor(self.prompt):
            text += " · " + self.tr("{short} short of what reviewers expect").format(short=floor - words)
            colour = palette.CAUTION
        self.count.setText(text)
        self.count.setStyleSheet(f"color: {colour};" + (" font-weight: bold;" if colour == palette.WARNING else ""))
        self.editor.setAccessibleDescription(text)

    def show_state(self, state: SaveState, problem: str = "") -> None:
        texts = {
            SaveState.NONE: "",
            SaveState.SAVING: self.tr("Saving…"),
            SaveState.SAVED: self.tr("✓ Saved"),
            SaveState.FAILED: self.tr("Not saved: {problem}").format(problem=problem),
        }
        self.state.setText(texts[state])
        self.state.setToolTip(problem)
        self.state.setStyleSheet(f"color: {palette.WARNING if state is SaveState.FAILED else palette.MUTED};")
        self.save_state = state


class ResponsesPage(QWidget):
    def __init__(self, ops: Operations, undo_stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops, self.undo_stack = ops, undo_stack
        self.portfolio_id: str | None = None
        self.boxes: dict[str, PromptBox] = {}
        self._credential_key: str | None = None
        self._in_flight: dict[str, int] = {}
        self._wanted_prompt: str | None = None
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(self.tr("Answers"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    # -- what is shown ----------------------------------------------------------------------

    def show_content(self, portfolio_id: str, credential: Credential, responses: Mapping[str, Response]) -> None:
        """Show a portfolio's answers (what was typed in the one shown before is saved first)."""
        if portfolio_id != self.portfolio_id:
            self.flush()
        self.portfolio_id = portfolio_id
        self._in_flight = {}
        if credential.key != self._credential_key:
            self._build(credential)
        for prompt_id, box in self.boxes.items():
            response = responses.get(prompt_id)
            box.editor.load(response.text if response else "")
            box.show_state(SaveState.SAVED if response and response.text else SaveState.NONE)
        wanted, self._wanted_prompt = self._wanted_prompt, None
        if wanted is not None:
            self.select_prompt(wanted)

    def _build(self, credential: Credential) -> None:
        self._credential_key = credential.key
        self.boxes = {}
        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.setSpacing(20)
        for part in (credential.overview, credential.reflection):
            if part.prompts:
                layout.addWidget(self._part_header(part))
            for number, prompt in enumerate(part.prompts, 1):
                box = PromptBox(number, prompt)
                box.editor.save_due.connect(lambda old, new, pid=prompt.id: self._on_editor_save_due(pid, old, new))
                box.editor.edited.connect(lambda pid=prompt.id: self._on_editor_edited(pid))
                box.editor.focus_entered.connect(
                    lambda by_keyboard, b=box: self._on_editor_focus_entered(b, by_keyboard)
                )
                self.boxes[prompt.id] = box
                layout.addWidget(box)
        layout.addStretch(1)
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(0)
        row.addWidget(column, 1)
        row.addStretch(0)
        old = self.scroll.takeWidget()
        self.scroll.setWidget(page)
        if old is not None:
            old.deleteLater()

    def _part_header(self, part: PromptPart) -> QWidget:
        header = QWidget()
        layout = QVBoxLayout(header)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        title = QLabel(part.title)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(part.title)
        instructions = QLabel(part.instructions)
        instructions.setWordWrap(True)
        instructions.setStyleSheet(f"color: {palette.MUTED};")
        layout.addWidget(title)
        layout.addWidget(instructions)
        return header

    def select_prompt(self, prompt_id: str) -> bool:
        """Put the cursor in a prompt's answer and scroll to it (asked before the answers have
        loaded, it happens once they have)."""
        box = self.boxes.get(prompt_id)
        if box is None or self.portfolio_id is None:
            self._wanted_prompt = prompt_id
            return False
        box.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(box, 0, 24)
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(box, 0, 24))  # after a fresh layout
        return True

    def editor(self, prompt_id: str) -> AutosaveEdit:
        return self.boxes[prompt_id].editor

    # -- saving -----------------------------------------------------------------------------

    def flush(self) -> None:
        """Save what was typed and not yet saved, now (switching portfolio, closing the window)."""
        for box in self.boxes.values():
            box.editor.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def _on_editor_edited(self, prompt_id: str) -> None:
        self.boxes[prompt_id].show_state(SaveState.SAVING)

    def _on_editor_save_due(self, prompt_id: str, old: str, new: str) -> None:
        if self.portfolio_id is None:
            return
        box = self.boxes[prompt_id]
        self.undo_stack.push(
            EditResponse(self, self.portfolio_id, prompt_id, box.prompt.text, old, new, box.editor.burst)
        )

    def _on_editor_focus_entered(self, box: PromptBox, by_keyboard: bool) -> None:
        if by_keyboard:  # a click is where the teacher is looking already: no jump
            self.scroll.ensureWidgetVisible(box, 0, 24)

    def apply_response(self, portfolio_id: str, prompt_id: str, text: str) -> None:
        """Show (if shown) and save an answer: what EditResponse does, redone or undone."""
        box = self.boxes.get(prompt_id) if portfolio_id == self.portfolio_id else None
        if box is not None:
            box.editor.apply(text)
            self._in_flight[prompt_id] = self._in_flight.get(prompt_id, 0) + 1
            box.show_state(SaveState.SAVING)

        def settle(problem: BaseException | None) -> None:
            if portfolio_id != self.portfolio_id or prompt_id not in self.boxes:
                return  # another portfolio is shown now; its own saves say how they went
            left = self._in_flight.get(prompt_id, 1) - 1
            self._in_flight[prompt_id] = left
            shown = self.boxes[prompt_id]
            if problem is not None:
                shown.show_state(SaveState.FAILED, str(problem))
            elif left == 0 and not shown.editor.pending:
                shown.show_state(SaveState.SAVED)

        save_response(portfolio_id, prompt_id, text).success(lambda _outcome: settle(None)).failure(settle).run(
            self.ops, initiator=self
        )
