"""Undoable roster edits: classes, students and consents, CSV imports, a portfolio's class, and
who appears in evidence.

Each edit is done first, as an op, and goes on the undo stack only once it has
succeeded: a refused edit (a name already taken, a bad CSV file) leaves nothing to undo. The
command's first redo is that edit; undo and later redos run the use cases that reverse and
repeat it, keeping every id so evidence links survive both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack

from portfolio_app.core.roster import Appearance, ClassGroup, Student
from portfolio_app.services import appearances
from portfolio_app.services import roster as uc
from portfolio_app.services.library import Library
from portfolio_app.services.roster import RemovedClass, RemovedStudent, RosterImport
from portfolio_app.ui.operations import Failure, LibraryOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand, undo_text

Work = Callable[[Library], Any]


_tr = undo_text


def done_step(text: str, ops: Operations, again: Work, back: Work, on_error: Failure | None) -> LibraryCommand:
    """An edit already made: undo runs `back`, redo runs `again`."""
    return LibraryCommand(
        text, ops, lambda: LibraryOp(again), lambda: LibraryOp(back), on_error=on_error, already_done=True
    )


class RosterEdits:
    """Makes roster edits and pushes each, once made, on `stack`; `on_error` hears refusals."""

    def __init__(self, ops: Operations, stack: QUndoStack, on_error: Failure):
        self.ops, self.stack, self.on_error = ops, stack, on_error

    def _do(
        self, work: Work, step: Callable[[Any], LibraryCommand | None], on_done: Callable[[Any], None] | None = None
    ):
        def done(outcome) -> None:
            command = step(outcome.value)
            if command is not None:
                self.stack.push(command)
            if on_done is not None:
                on_done(outcome.value)

        LibraryOp(work).success(done).failure(self.on_error).run(self.ops)

    def _step(self, text: str, again: Work, back: Work) -> LibraryCommand:
        return done_step(text, self.ops, again, back, self.on_error)

    # -- classes ----------------------------------------------------------------------------

    def create_class(self, name: str, on_done: Callable[[ClassGroup], None] | None = None) -> None:
        self._do(
            lambda lib: uc.create_class(lib, name),
            lambda group: self._step(
                _tr("Add class “{name}”").format(name=group.name),
                lambda lib: uc.create_class(lib, group.name, class_id=group.id),
                lambda lib: uc.delete_class(lib, group.id),
            ),
            on_done,
        )

    def rename_class(self, class_id: str, name: str) -> None:
        self._do(
            lambda lib: uc.rename_class(lib, class_id, name),
            lambda before: self._step(
                _tr("Rename class to “{name}”").format(name=name),
                lambda lib: uc.rename_class(lib, class_id, name),
                lambda lib: uc.rename_class(lib, class_id, before.name),
            ),
        )

    def delete_class(self, class_id: str) -> None:

        def step(removed: RemovedClass) -> LibraryCommand:
            return self._step(
                _tr("Delete class “{name}”").format(name=removed.group.name),
                lambda lib: uc.delete_class(lib, class_id),
                lambda lib: uc.restore_class(lib, removed),
            )

        self._do(lambda lib: uc.delete_class(lib, class_id), step)

    def import_csv(self, class_name: str, path, on_done: Callable[[RosterImport], None] | None = None) -> None:

        def step(result: RosterImport) -> LibraryCommand | None:
            if not result.added and not result.updated and not result.created_class:
                return None  # the roster already said all this: nothing to undo
            return self._step(
                _tr("Import roster into “{name}”").format(name=result.group.name),
                lambda lib: uc.redo_import(lib, result),
                lambda lib: uc.undo_import(lib, result),
            )

        self._do(lambda lib: uc.import_roster(lib, class_name, path), step, on_done)

    # -- students ---------------------------------------------------------------------------

    def add_student(self, class_id: str, name: str) -> None:

        def step(student: Student) -> LibraryCommand:
            return self._step(
                _tr("Add “{name}”").format(name=student.name),
                lambda lib: uc.add_student(
                    lib,
                    class_id,
                    student.name,
                    video=student.video,
                    photo=student.photo,
                    audio=student.audio,
                    note=student.note,
                    student_id=student.id,
                ),
                lambda lib: uc.remove_student(lib, student.id),
            )

        self._do(lambda lib: uc.add_student(lib, class_id, name), step)

    def edit_student(self, student: Student, text: str) -> None:
        """Save a student's name, consents or note; `text` names the edit in Undo."""
        self._do(
            lambda lib: uc.edit_student(lib, student),
            lambda before: self._step(
                text, lambda lib: uc.edit_student(lib, student), lambda lib: uc.edit_student(lib, before)
            ),
        )

    def remove_student(self, student_id: str) -> None:

        def step(removed: RemovedStudent) -> LibraryCommand:
            return self._step(
                _tr("Remove “{name}”").format(name=removed.student.name),
                lambda lib: uc.remove_student(lib, student_id),
                lambda lib: uc.restore_student(lib, removed),
            )

        self._do(lambda lib: uc.remove_student(lib, student_id), step)

    # -- portfolios and evidence ------------------------------------------------------------

    def set_portfolio_class(self, portfolio_id: str, class_id: str | None) -> None:
        self._do(
            lambda lib: appearances.set_portfolio_class(lib, portfolio_id, class_id),
            lambda before: self._step(
                _tr("Choose the portfolio's class"),
                lambda lib: appearances.set_portfolio_class(lib, portfolio_id, class_id),
                lambda lib: appearances.set_portfolio_class(lib, portfolio_id, before),
            ),
        )

    def set_students(self, evidence_id: str, appear: bool | None, student_ids: list[str], title: str) -> None:
        """Say who appears in evidence (see services.appearances.set_students)."""

        def step(before: Appearance) -> LibraryCommand:
            return self._step(
                _tr("Students in “{title}”").format(title=title),
                lambda lib: appearances.set_students(lib, evidence_id, appear, student_ids),
                lambda lib: appearances.restore_appearance(lib, before),
            )

        self._do(lambda lib: appearances.set_students(lib, evidence_id, appear, student_ids), step)


def load_roster(portfolio_id: str | None, wanted_class: str | None) -> LibraryOp:
    """(classes, the roster of `wanted_class` or of the portfolio's class or the first, the class taught)."""

    def load(library: Library):
        classes = uc.list_classes(library)
        taught = appearances.portfolio_class(library, portfolio_id) if portfolio_id else None
        ids = [c.group.id for c in classes]
        chosen = wanted_class if wanted_class in ids else (taught.id if taught else (ids[0] if ids else None))
        return classes, uc.get_roster(library, chosen) if chosen else None, taught

    return LibraryOp(load)


def evidence_people(evidence_id: str) -> LibraryOp:
    """Who appears in a piece of evidence, with the class they can be chosen from."""
    return LibraryOp(lambda library: appearances.evidence_people(library, evidence_id))


def portfolio_class(portfolio_id: str) -> LibraryOp:
    return LibraryOp(lambda library: appearances.portfolio_class(library, portfolio_id))


def coach_roster(class_name: str, target) -> LibraryOp:
    """Write a class's pseudonym-only roster for a coach; the op's value says where and how many."""
    from portfolio_app.services.coach_roster import export_coach_roster

    return LibraryOp(lambda lib: export_coach_roster(lib, class_name, target))
