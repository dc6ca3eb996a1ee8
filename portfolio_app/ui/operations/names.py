"""Undoable fixes for students' names in what a bundle would carry.

Each fix is made first, as an op, and goes on the undo stack only once it has succeeded (as the
roster edits do): replace a name with the student's pseudonym or "Student A", say a word at one
place is not a student's name, confirm a file's names are covered, redact the names on a PDF
page. The retention rule's ops are in operations/retention.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack

from portfolio_app.services import names as uc
from portfolio_app.ui.operations import Failure, LibraryOp, Operations
from portfolio_app.ui.operations.privacy import private_copy_command
from portfolio_app.ui.operations.roster import done_step
from portfolio_app.ui.operations.undo import undo_text

_tr = undo_text


class NameFixes:
    """Makes name fixes and pushes each, once made, on `stack`; `on_error` hears refusals."""

    def __init__(self, ops: Operations, stack: QUndoStack, on_error: Failure):
        self.ops, self.stack, self.on_error = ops, stack, on_error

    def _do(self, work: Callable, step: Callable[[Any], Any]) -> None:
        def done(outcome) -> None:
            self.stack.push(step(outcome.value))

        LibraryOp(work).success(done).failure(self.on_error).run(self.ops, initiator=self)

    def replace_name(self, portfolio_id: str, spot: str, name: str | None = None) -> None:
        """Replace the students' names at `spot` with their pseudonyms or "Student A"."""
        self._do(
            lambda library: uc.replace_name(library, portfolio_id, spot, name),
            lambda edit: done_step(
                _tr("Replace Student's Name"),
                self.ops,
                lambda library: uc.set_spot_text(library, portfolio_id, spot, edit.after),
                lambda library: uc.undo_text_edit(library, edit),
                self.on_error,
            ),
        )

    def dismiss(self, portfolio_id: str, spot: str, name: str) -> None:
        """Remember that `name` at `spot` is not a student's name (there only)."""
        self._do(
            lambda library: uc.dismiss_name(library, portfolio_id, spot, name),
            lambda before: done_step(
                _tr("Not a Student's Name"),
                self.ops,
                lambda library: uc.dismiss_name(library, portfolio_id, spot, name),
                lambda library: uc.dismiss_name(library, portfolio_id, spot, name, dismissed=before),
                self.on_error,
            ),
        )

    def confirm_covered(self, evidence_id: str) -> None:
        """Record that the teacher checked a file for names the app cannot read."""
        self._do(
            lambda library: uc.confirm_names_covered(library, evidence_id),
            lambda before: done_step(
                _tr("Names Covered"),
                self.ops,
                lambda library: uc.confirm_names_covered(library, evidence_id),
                lambda library: uc.confirm_names_covered(library, evidence_id, covered=before),
                self.on_error,
            ),
        )

    def redact(self, portfolio_id: str, spot: str) -> None:
        """Black out the students' names on a PDF page, as a redacted copy in the original's place."""
        self._do(
            lambda library: uc.redact_names(library, portfolio_id, spot),
            lambda copy: private_copy_command(_tr("Redact Names"), self.ops, copy.handover, self.on_error),
        )
