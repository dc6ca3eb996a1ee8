"""Blur Faces… and Redact… in the window: one undo step for a copy that took its original's place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from portfolio_app.core.ids import EvidenceId
from portfolio_app.services.library import Library
from portfolio_app.services.private_copies import Handover, reinstate_copy, withdraw_copy
from portfolio_app.ui.operations.runner import TaskRunner


class PrivateCopyCommand(QUndoCommand):
    """Pushed once the copy is recorded: undo trashes it and hands the place back, redo the reverse."""

    def __init__(
        self,
        text: str,
        library: Library,
        runner: TaskRunner,
        handover: Handover,
        on_error: Callable[[BaseException], None] | None = None,
    ):
        super().__init__(text)
        self.library, self.runner, self.handover, self.on_error = library, runner, handover, on_error
        self._done = True  # the copy exists when the command is pushed: the first redo has nothing to do

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        handover = self.handover
        self.runner.run(lambda: reinstate_copy(self.library, handover), self._remember, self.on_error)

    def undo(self) -> None:
        handover = self.handover
        self.runner.run(lambda: withdraw_copy(self.library, handover), None, self.on_error)

    def _remember(self, outcome) -> None:
        self.handover = outcome.value


class PrivateCopyFlow(QObject):
    """What the Blur Faces… and Redact… flows of one window share: where they report, and how a
    finished copy becomes one undo step and the selected evidence."""

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        widget: QWidget,
        undo_stack: QUndoStack | None,
        made: Callable[[str], None],
        failed: Callable[[BaseException], None],
    ):
        super().__init__(widget)
        self.library, self.runner, self.widget, self.undo_stack = library, runner, widget, undo_stack
        self.made, self.failed = made, failed

    def took_place(self, undo_text: str, copy_id: EvidenceId, handover: Handover) -> None:
        """The copy is recorded in the original's place: make that undoable and select the copy."""
        if self.undo_stack is not None:
            self.undo_stack.push(PrivateCopyCommand(undo_text, self.library, self.runner, handover, self.failed))
        self.made(copy_id)
