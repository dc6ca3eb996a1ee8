"""Undoable tag and requirement edits, run through the task runner.

Commands keep what undo needs (a deleted tag, earlier links) from inside the work function:
the runner runs one task at a time, so the undo queued after a redo reads what the redo kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from portfolio_app.core.ids import new_id
from portfolio_app.core.portfolio import Region, Tag, TimeRange
from portfolio_app.services import rubric, tags
from portfolio_app.services.library import Library
from portfolio_app.ui.operations.runner import Failed, TaskRunner


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


class _LibraryCommand(QUndoCommand):
    def __init__(self, text: str, library: Library, runner: TaskRunner, on_error: Failed | None):
        super().__init__(text)
        self.library = library
        self.runner = runner
        self.on_error = on_error

    def _run(self, work: Callable[[], object], on_done: Callable[[object], None] | None = None) -> None:
        self.runner.run(work, on_done, self.on_error)


class AddTag(_LibraryCommand):
    """Tags evidence for a criterion; undo removes the tag, redo makes it again with the same id."""

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        evidence_id: str,
        criterion_id: str,
        *,
        span: TimeRange | None = None,
        region: Region | None = None,
        note: str = "",
        criterion_title: str = "",
        on_error: Failed | None = None,
        on_done: Callable[[object], None] | None = None,
    ):
        super().__init__(_tr("Tag for “{criterion}”").format(criterion=criterion_title), library, runner, on_error)
        self.tag_id = new_id()
        self.arguments = (evidence_id, criterion_id, span, region, note)
        self.on_done = on_done

    def redo(self) -> None:
        evidence_id, criterion_id, span, region, note = self.arguments
        tag_id = self.tag_id
        self._run(
            lambda: tags.add_tag(
                self.library, evidence_id, criterion_id, span=span, region=region, note=note, tag_id=tag_id
            ),
            self.on_done,
        )

    def undo(self) -> None:
        tag_id = self.tag_id
        self._run(lambda: tags.delete_tag(self.library, tag_id))


class EditTag(_LibraryCommand):
    def __init__(self, library: Library, runner: TaskRunner, old: Tag, new: Tag, on_error: Failed | None = None):
        super().__init__(_tr("Edit tag"), library, runner, on_error)
        self.old, self.new = old, new

    def redo(self) -> None:
        tag = self.new
        self._run(lambda: tags.edit_tag(self.library, tag))

    def undo(self) -> None:
        tag = self.old
        self._run(lambda: tags.edit_tag(self.library, tag))


class DeleteTag(_LibraryCommand):
    """Deletes a tag; undo brings it back with its id, range, note and assessment links."""

    def __init__(self, library: Library, runner: TaskRunner, tag_id: str, on_error: Failed | None = None):
        super().__init__(_tr("Delete tag"), library, runner, on_error)
        self.tag_id = tag_id
        self.deleted: tags.DeletedTag | None = None

    def redo(self) -> None:
        def work():
            outcome = tags.delete_tag(self.library, self.tag_id)
            self.deleted = outcome.value
            return outcome

        self._run(work)

    def undo(self) -> None:
        def work():
            if self.deleted is None:  # the delete failed: nothing to bring back
                return None
            return tags.restore_tag(self.library, self.deleted)

        self._run(work)


class TagMarkers(_LibraryCommand):
    """Recording markers become tags in one step (one undo step too)."""

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        evidence_id: str,
        criterion_id: str,
        marker_ids: Sequence[str],
        on_error: Failed | None = None,
    ):
        count = len(marker_ids)
        text = _tr("Tag a marker") if count == 1 else _tr("Tag {count} markers").format(count=count)
        super().__init__(text, library, runner, on_error)
        self.arguments = (evidence_id, criterion_id, list(marker_ids))
        self.made: list[str] = []

    def redo(self) -> None:
        evidence_id, criterion_id, marker_ids = self.arguments

        def work():
            outcome = tags.tag_markers(self.library, evidence_id, criterion_id, marker_ids)
            self.made = [t.id for t in outcome.value]
            return outcome

        self._run(work)

    def undo(self) -> None:
        def work():
            outcome = None
            for tag_id in self.made:
                outcome = tags.delete_tag(self.library, tag_id)
            return outcome

        self._run(work)


class LinkRequirement(_LibraryCommand):
    """Says which Part 2 requirement evidence fulfils; undo puts each item's earlier link back."""

    def __init__(
        self,
        library: Library,
        runner: TaskRunner,
        evidence_ids: Sequence[str],
        requirement_id: str | None,
        title: str,
        on_error: Failed | None = None,
    ):
        super().__init__(title, library, runner, on_error)
        self.arguments = (list(evidence_ids), requirement_id)
        self.previous: dict[str, str | None] = {}

    def redo(self) -> None:
        evidence_ids, requirement_id = self.arguments

        def work():
            outcome = rubric.link_requirement(self.library, evidence_ids, requirement_id)
            self.previous = dict(outcome.value)
            return outcome

        self._run(work)

    def undo(self) -> None:
        previous = self.previous
        self._run(lambda: rubric.restore_requirements(self.library, previous))
