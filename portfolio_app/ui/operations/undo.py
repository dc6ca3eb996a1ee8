"""One undo step that wraps a service's do and undo, each run as an op.

`do` and `undo` are called each time the step is redone or undone and return the op to run, so
a step can keep what its first run learned (a new id, the row a delete removed) in a closure:
the database worker runs one op at a time, so an undo queued after a redo sees what the redo kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from portfolio_app.ui.operations import Failure, LibraryOp, Operations

OpFactory = Callable[[], LibraryOp]


def undo_text(text: str) -> str:
    """`text` translated in the context every undo step's name shares."""
    return QCoreApplication.translate("Undo", text)


class LibraryCommand(QUndoCommand):
    """A QUndoCommand whose redo and undo are library ops."""

    def __init__(
        self,
        text: str,
        ops: Operations,
        do: OpFactory,
        undo: OpFactory,
        *,
        on_error: Failure | None = None,
        initiator: object = None,
        already_done: bool = False,
    ):
        super().__init__(text)
        self._skip_redo = already_done  # pushed after its edit was made: the first redo has nothing to do
        self._ops = ops
        self._do = do
        self._undo = undo
        self._on_error = on_error
        self._initiator = initiator

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._do())

    def undo(self) -> None:
        self._run(self._undo())

    def _run(self, op: LibraryOp) -> None:
        if self._on_error is not None and op._failure is None:
            op.failure(self._on_error)
        op.run(self._ops, self._initiator)
