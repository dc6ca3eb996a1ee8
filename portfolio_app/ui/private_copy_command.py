"""One undo step for a blurred or redacted copy that took its original's place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from portfolio_app.services.library import Library
from portfolio_app.services.private_copies import Handover, reinstate_copy, withdraw_copy
from portfolio_app.ui.tasks import TaskRunner


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
