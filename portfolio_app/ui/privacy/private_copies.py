"""Blur Faces… and Redact… in the window: one undo step for a copy that took its original's place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from portfolio_app.core.ids import EvidenceId
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations.privacy import private_copy_command

if TYPE_CHECKING:
    from portfolio_app.services.private_copies import Handover


class PrivateCopyFlow(QObject):
    """What the Blur Faces… and Redact… flows of one window share: where they report, and how a
    finished copy becomes one undo step and the selected evidence."""

    def __init__(
        self,
        ops: Operations,
        widget: QWidget,
        undo_stack: QUndoStack | None,
        made: Callable[[str], None],
        failed: Callable[[BaseException], None],
    ):
        super().__init__(widget)
        self.ops, self.widget, self.undo_stack = ops, widget, undo_stack
        self.made, self.failed = made, failed

    def took_place(self, undo_text: str, copy_id: EvidenceId, handover: Handover) -> None:
        """The copy is recorded in the original's place: make that undoable and select the copy."""
        if self.undo_stack is not None:
            self.undo_stack.push(private_copy_command(undo_text, self.ops, handover, self.failed))
        self.made(copy_id)
