"""Undoable roster edits: classes, students and consents, CSV imports, a portfolio's class, and
who appears in evidence.

Each edit is done first, through the task runner, and goes on the undo stack only once it has
succeeded: a refused edit (a name already taken, a bad CSV file) leaves nothing to undo. The
command's first redo is that edit; undo and later redos run the use cases that reverse and
repeat it, keeping every id so evidence links survive both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from portfolio_app.core.roster import Appearance, ClassGroup, Student
from portfolio_app.services import appearances
from portfolio_app.services import roster as uc
from portfolio_app.services.library import Library
from portfolio_app.services.roster import RemovedClass, RemovedStudent, RosterImport
from portfolio_app.ui.operations.runner import Failed, TaskRunner

Work = Callable[[], Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


class DoneStep(QUndoCommand):
    """An edit already made: undo runs `back`, redo runs `again`, both on the task runner."""

    def __init__(self, text: str, runner: TaskRunner, again: Work, back: Work, on_error: Failed | None):
        super().__init__(text)
        self.runner, self.again, self.back, self.on_error = runner, again, back, on_error
        self._done = True

    def redo(self) -> None:
        if self._done:  # pushed after the edit was made
            self._done = False
            return
        self.runner.run(self.again, None, self.on_error)

    def undo(self) -> None:
        self.runner.run(self.back, None, self.on_error)


class RosterEdits:
    """Makes roster edits and pushes each, once made, on `stack`; `on_error` hears refusals."""

    def __init__(self, library: Library, runner: TaskRunner, stack: QUndoStack, on_error: Failed):
        self.library, self.runner, self.stack, self.on_error = library, runner, stack, on_error

    def _do(self, work: Work, step: Callable[[Any], DoneStep | None], on_done: Callable[[Any], None] | None = None):
        def done(outcome) -> None:
            command = step(outcome.value)
            if command is not None:
                self.stack.push(command)
            if on_done is not None:
                on_done(outcome.value)

        self.runner.run(work, done, self.on_error)

    def _step(self, text: str, again: Work, back: Work) -> DoneStep:
        return DoneStep(text, self.runner, again, back, self.on_error)

    # -- classes ----------------------------------------------------------------------------

    def create_class(self, name: str, on_done: Callable[[ClassGroup], None] | None = None) -> None:
        lib = self.library
        self._do(
            lambda: uc.create_class(lib, name),
            lambda group: self._step(
                _tr("Add class “{name}”").format(name=group.name),
                lambda: uc.create_class(lib, group.name, class_id=group.id),
                lambda: uc.delete_class(lib, group.id),
            ),
            on_done,
        )

    def rename_class(self, class_id: str, name: str) -> None:
        lib = self.library
        self._do(
            lambda: uc.rename_class(lib, class_id, name),
            lambda before: self._step(
                _tr("Rename class to “{name}”").format(name=name),
                lambda: uc.rename_class(lib, class_id, name),
                lambda: uc.rename_class(lib, class_id, before.name),
            ),
        )

    def delete_class(self, class_id: str) -> None:
        lib = self.library

        def step(removed: RemovedClass) -> DoneStep:
            return self._step(
                _tr("Delete class “{name}”").format(name=removed.group.name),
                lambda: uc.delete_class(lib, class_id),
                lambda: uc.restore_class(lib, removed),
            )

        self._do(lambda: uc.delete_class(lib, class_id), step)

    def import_csv(self, class_name: str, path, on_done: Callable[[RosterImport], None] | None = None) -> None:
        lib = self.library

        def step(result: RosterImport) -> DoneStep | None:
            if not result.added and not result.updated and not result.created_class:
                return None  # the roster already said all this: nothing to undo
            return self._step(
                _tr("Import roster into “{name}”").format(name=result.group.name),
                lambda: uc.redo_import(lib, result),
                lambda: uc.undo_import(lib, result),
            )

        self._do(lambda: uc.import_roster(lib, class_name, path), step, on_done)

    # -- students ---------------------------------------------------------------------------

    def add_student(self, class_id: str, name: str) -> None:
        lib = self.library

        def step(student: Student) -> DoneStep:
            return self._step(
                _tr("Add “{name}”").format(name=student.name),
                lambda: uc.add_student(
                    lib,
                    class_id,
                    student.name,
                    video=student.video,
                    photo=student.photo,
                    audio=student.audio,
                    note=student.note,
                    student_id=student.id,
                ),
                lambda: uc.remove_student(lib, student.id),
            )

        self._do(lambda: uc.add_student(lib, class_id, name), step)

    def edit_student(self, student: Student, text: str) -> None:
        """Save a student's name, consents or note; `text` names the edit in Undo."""
        lib = self.library
        self._do(
            lambda: uc.edit_student(lib, student),
            lambda before: self._step(
                text, lambda: uc.edit_student(lib, student), lambda: uc.edit_student(lib, before)
            ),
        )

    def remove_student(self, student_id: str) -> None:
        lib = self.library

        def step(removed: RemovedStudent) -> DoneStep:
            return self._step(
                _tr("Remove “{name}”").format(name=removed.student.name),
                lambda: uc.remove_student(lib, student_id),
                lambda: uc.restore_student(lib, removed),
            )

        self._do(lambda: uc.remove_student(lib, student_id), step)

    # -- portfolios and evidence ------------------------------------------------------------

    def set_portfolio_class(self, portfolio_id: str, class_id: str | None) -> None:
        lib = self.library
        self._do(
            lambda: appearances.set_portfolio_class(lib, portfolio_id, class_id),
            lambda before: self._step(
                _tr("Choose the portfolio's class"),
                lambda: appearances.set_portfolio_class(lib, portfolio_id, class_id),
                lambda: appearances.set_portfolio_class(lib, portfolio_id, before),
            ),
        )

    def set_students(self, evidence_id: str, appear: bool | None, student_ids: list[str], title: str) -> None:
        """Say who appears in evidence (see services.appearances.set_students)."""
        lib = self.library

        def step(before: Appearance) -> DoneStep:
            return self._step(
                _tr("Students in “{title}”").format(title=title),
                lambda: appearances.set_students(lib, evidence_id, appear, student_ids),
                lambda: appearances.restore_appearance(lib, before),
            )

        self._do(lambda: appearances.set_students(lib, evidence_id, appear, student_ids), step)
