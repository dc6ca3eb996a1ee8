"""Undoable portfolio edits. Each runs its use case through the task runner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from portfolio_app.core.outcome import Outcome
from portfolio_app.services import portfolios as uc
from portfolio_app.services.library import Library
from portfolio_app.ui.operations.runner import TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


class _LibraryCommand(QUndoCommand):
    def __init__(self, text: str, library: Library, runner: TaskRunner):
        super().__init__(text)
        self.library = library
        self.runner = runner


class CreatePortfolio(_LibraryCommand):
    """Undo moves the new portfolio to the trash; redo brings it back."""

    def __init__(
        self, library: Library, runner: TaskRunner, credential_id: str, title: str, on_created: Callable[[str], None]
    ):
        super().__init__(_tr("Create “{title}”").format(title=title), library, runner)
        self.credential_id, self.title, self.on_created = credential_id, title, on_created
        self.portfolio_id: str | None = None

    def redo(self) -> None:
        if self.portfolio_id is None:

            def remember(outcome: Outcome) -> None:
                self.portfolio_id = outcome.value.id
                self.on_created(outcome.value.id)

            self.runner.run(lambda: uc.create_portfolio(self.library, self.credential_id, self.title), remember)
        else:
            pid = self.portfolio_id
            self.runner.run(lambda: uc.restore_portfolio(self.library, pid))

    def undo(self) -> None:
        pid = self.portfolio_id
        if pid is not None:
            self.runner.run(lambda: uc.delete_portfolio(self.library, pid))


class RenamePortfolio(_LibraryCommand):
    def __init__(self, library: Library, runner: TaskRunner, portfolio_id: str, old: str, new: str):
        super().__init__(_tr("Rename to “{title}”").format(title=new), library, runner)
        self.portfolio_id, self.old, self.new = portfolio_id, old, new

    def redo(self) -> None:
        self.runner.run(lambda: uc.rename_portfolio(self.library, self.portfolio_id, self.new))

    def undo(self) -> None:
        self.runner.run(lambda: uc.rename_portfolio(self.library, self.portfolio_id, self.old))


class DeletePortfolio(_LibraryCommand):
    """Moves a portfolio to the trash; undo restores it exactly as it was."""

    def __init__(self, library: Library, runner: TaskRunner, portfolio_id: str, title: str):
        super().__init__(_tr("Delete “{title}”").format(title=title), library, runner)
        self.portfolio_id = portfolio_id

    def redo(self) -> None:
        self.runner.run(lambda: uc.delete_portfolio(self.library, self.portfolio_id))

    def undo(self) -> None:
        self.runner.run(lambda: uc.restore_portfolio(self.library, self.portfolio_id))
