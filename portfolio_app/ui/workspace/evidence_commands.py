"""Undoable evidence edits, pushed on the main window's undo stack; each runs its use case
through the task runner, and the runner's `changed` refreshes the list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from portfolio_app.services import evidence as uc
from portfolio_app.services.library import Library
from portfolio_app.ui.operations.runner import Failed, TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


class _EvidenceCommand(QUndoCommand):
    def __init__(self, text: str, library: Library, runner: TaskRunner, evidence_id: str, on_error: Failed | None):
        super().__init__(text)
        self.library = library
        self.runner = runner
        self.evidence_id = evidence_id
        self.on_error = on_error

    def _run(self, work: Callable[[], object]) -> None:
        self.runner.run(work, None, self.on_error)


class DeleteEvidence(_EvidenceCommand):
    """Takes evidence out of its portfolio; undo puts it back as it was (file, tags, markers)."""

    def __init__(self, library: Library, runner: TaskRunner, evidence_id: str, title: str, on_error=None):
        super().__init__(_tr("Delete “{title}”").format(title=title), library, runner, evidence_id, on_error)

    def redo(self) -> None:
        evidence_id = self.evidence_id
        self._run(lambda: uc.delete_evidence(self.library, evidence_id))

    def undo(self) -> None:
        evidence_id = self.evidence_id
        self._run(lambda: uc.restore_evidence(self.library, evidence_id))


class RenameEvidence(_EvidenceCommand):
    def __init__(self, library: Library, runner: TaskRunner, evidence_id: str, old: str, new: str, on_error=None):
        super().__init__(_tr("Rename to “{title}”").format(title=new), library, runner, evidence_id, on_error)
        self.old, self.new = old, new

    def redo(self) -> None:
        evidence_id, title = self.evidence_id, self.new
        self._run(lambda: uc.rename_evidence(self.library, evidence_id, title))

    def undo(self) -> None:
        evidence_id, title = self.evidence_id, self.old
        self._run(lambda: uc.rename_evidence(self.library, evidence_id, title))
