"""Ops and undo steps on notes: New Note… and the note's text, saved as the teacher types.

Each save stores the text as a new blob and points the note at it (services.notes); undo saves
the text before, which is the old blob again. Saves in one burst of typing merge into one step,
as answers do, so Ctrl+Z takes back the last sentence or two, not one keystroke.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from portfolio_app.core.portfolio import Evidence
from portfolio_app.services import evidence as evidence_uc
from portfolio_app.services import notes as uc
from portfolio_app.ui.operations import Failure, LibraryOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand, undo_text

NOTE_MERGE_ID = 0x0A70
MERGE_SPAN_S = 60.0  # as for answers


class NoteTarget(Protocol):
    def apply_note(self, evidence_id: str, text: str) -> None: ...


def save_note(evidence_id: str, text: str) -> LibraryOp:
    return LibraryOp(lambda library: uc.save_note(library, evidence_id, text))


def new_note_command(
    ops: Operations, portfolio_id: str, title: str, on_made: Callable[[Evidence], None], on_error: Failure
) -> LibraryCommand:
    """New Note…: the first run makes the note (and calls `on_made`); undo takes it out, redo puts it back."""
    made: list[Evidence] = []

    def do() -> LibraryOp:
        if made:
            return LibraryOp(lambda library: evidence_uc.restore_evidence(library, made[0].id))

        def keep(outcome) -> None:
            made.append(outcome.value)
            on_made(outcome.value)

        return LibraryOp(lambda library: uc.new_note(library, portfolio_id, title)).success(keep)

    def undo() -> LibraryOp:
        # the worker runs ops in order: the note exists by the time this runs
        return LibraryOp(lambda library: evidence_uc.delete_evidence(library, made[0].id))

    return LibraryCommand(undo_text("New note “{title}”").format(title=title), ops, do, undo, on_error=on_error)


class EditNote(LibraryCommand):
    """A note's text went from `old` to `new` (Markdown); typing bursts merge."""

    def __init__(
        self, target: NoteTarget, ops: Operations, evidence_id: str, old: str, new: str, burst: int, on_error: Failure
    ):
        # pushing runs the first redo, which is the save itself
        super().__init__(undo_text("Typing the note"), ops, self._do_op, self._undo_op, on_error=on_error)
        self.target, self.evidence_id = target, evidence_id
        self.old, self.new, self.burst = old, new, burst
        self.started = time.monotonic()
        self.done_once = False

    def _do_op(self) -> LibraryOp:
        return save_note(self.evidence_id, self.new)

    def _undo_op(self) -> LibraryOp:
        return save_note(self.evidence_id, self.old)

    def id(self) -> int:
        return NOTE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditNote)
            and (other.evidence_id, other.burst) == (self.evidence_id, self.burst)
            and other.old == self.new
            and other.started - self.started < MERGE_SPAN_S
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        if self.done_once:
            self.target.apply_note(self.evidence_id, self.new)
        self.done_once = True
        super().redo()

    def undo(self) -> None:
        self.target.apply_note(self.evidence_id, self.old)
        super().undo()
