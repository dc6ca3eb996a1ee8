"""The undo step of typing an answer: the text before and after; saves made in one burst of
typing merge into one step. The target (the Answers tab) shows and saves either text."""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

ANSWER_MERGE_ID = 0x0A5E
# A burst of typing is one undo step, but not for ever: a step covers at most this much writing,
# so Undo takes back the last sentence or two, not the whole answer.
MERGE_SPAN_S = 60.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class AnswerTarget(Protocol):
    def apply_response(self, portfolio_id: str, prompt_id: str, text: str) -> None: ...


class EditResponse(QUndoCommand):
    """The answer to one prompt went from `old` to `new`; the target shows and saves either."""

    def __init__(
        self, target: AnswerTarget, portfolio_id: str, prompt_id: str, prompt_text: str, old: str, new: str, burst: int
    ):
        super().__init__(_tr("Typing in “{prompt}”").format(prompt=short(prompt_text)))
        self.target = target
        self.portfolio_id, self.prompt_id = portfolio_id, prompt_id
        self.old, self.new = old, new
        self.burst = burst
        self.started = time.monotonic()

    def id(self) -> int:
        return ANSWER_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditResponse)
            and (other.portfolio_id, other.prompt_id, other.burst) == (self.portfolio_id, self.prompt_id, self.burst)
            and other.old == self.new
            and other.started - self.started < MERGE_SPAN_S
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)  # typed and deleted again: no step at all
        return True

    def redo(self) -> None:
        self.target.apply_response(self.portfolio_id, self.prompt_id, self.new)

    def undo(self) -> None:
        self.target.apply_response(self.portfolio_id, self.prompt_id, self.old)
