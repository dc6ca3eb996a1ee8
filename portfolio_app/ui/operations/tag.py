"""Ops and undo steps on tags and on which requirement evidence fulfils.

Steps keep what undo needs (a deleted tag, earlier links) from inside the work function: the
database worker runs one op at a time, so the undo queued after a redo reads what the redo kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from portfolio_app.core.ids import new_id
from portfolio_app.core.portfolio import Region, Tag, TimeRange
from portfolio_app.services import rubric, tags
from portfolio_app.ui.operations import Failure, LibraryOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand, undo_text


def get_tag(tag_id: str) -> LibraryOp:
    return LibraryOp(lambda library: tags.get_tag(library, tag_id))


def tags_for_evidence(evidence_id: str) -> LibraryOp:
    return LibraryOp(lambda library: tags.tags_for_evidence(library, evidence_id))


def add_tag_command(
    ops: Operations,
    evidence_id: str,
    criterion_id: str,
    *,
    span: TimeRange | None = None,
    region: Region | None = None,
    note: str = "",
    criterion_title: str = "",
    on_error: Failure | None = None,
    on_done: Callable[[object], None] | None = None,
) -> LibraryCommand:
    """Tags evidence for a criterion; undo removes the tag, redo makes it again with the same id."""
    tag_id = new_id()

    def do() -> LibraryOp:
        op = LibraryOp(
            lambda library: tags.add_tag(
                library, evidence_id, criterion_id, span=span, region=region, note=note, tag_id=tag_id
            )
        )
        return op.success(on_done) if on_done else op

    text = undo_text("Tag for “{criterion}”").format(criterion=criterion_title)
    return LibraryCommand(text, ops, do, lambda: _delete(tag_id), on_error=on_error)


def edit_tag_command(ops: Operations, old: Tag, new: Tag, on_error: Failure | None = None) -> LibraryCommand:
    def edit(tag: Tag) -> Callable[[], LibraryOp]:
        return lambda: LibraryOp(lambda library: tags.edit_tag(library, tag))

    return LibraryCommand(undo_text("Edit tag"), ops, edit(new), edit(old), on_error=on_error)


def delete_tag_command(ops: Operations, tag_id: str, on_error: Failure | None = None) -> LibraryCommand:
    """Deletes a tag; undo brings it back with its id, range, note and assessment links."""
    deleted: list[tags.DeletedTag] = []

    def do() -> LibraryOp:
        def work(library):
            outcome = tags.delete_tag(library, tag_id)
            deleted[:] = [outcome.value]
            return outcome

        return LibraryOp(work)

    def undo() -> LibraryOp:  # if the delete failed there is nothing to bring back
        return LibraryOp(lambda library: tags.restore_tag(library, deleted[0]) if deleted else None)

    return LibraryCommand(undo_text("Delete tag"), ops, do, undo, on_error=on_error)


def tag_markers_command(
    ops: Operations, evidence_id: str, criterion_id: str, marker_ids: Sequence[str], on_error: Failure | None = None
) -> LibraryCommand:
    """Recording markers become tags in one step (one undo step too)."""
    made: list[str] = []
    marker_ids = list(marker_ids)

    def do() -> LibraryOp:
        def work(library):
            outcome = tags.tag_markers(library, evidence_id, criterion_id, marker_ids)
            made[:] = [t.id for t in outcome.value]
            return outcome

        return LibraryOp(work)

    def undo() -> LibraryOp:
        def work(library):
            outcome = None
            for tag_id in made:
                outcome = tags.delete_tag(library, tag_id)
            return outcome

        return LibraryOp(work)

    count = len(marker_ids)
    text = undo_text("Tag a marker") if count == 1 else undo_text("Tag {count} markers").format(count=count)
    return LibraryCommand(text, ops, do, undo, on_error=on_error)


def link_requirement_command(
    ops: Operations,
    evidence_ids: Sequence[str],
    requirement_id: str | None,
    title: str,
    on_error: Failure | None = None,
) -> LibraryCommand:
    """Says which Part 2 requirement evidence fulfils; undo puts each item's earlier link back."""
    previous: dict[str, str | None] = {}
    evidence_ids = list(evidence_ids)

    def do() -> LibraryOp:
        def work(library):
            outcome = rubric.link_requirement(library, evidence_ids, requirement_id)
            previous.clear()
            previous.update(outcome.value)
            return outcome

        return LibraryOp(work)

    def undo() -> LibraryOp:
        return LibraryOp(lambda library: rubric.restore_requirements(library, dict(previous)))

    return LibraryCommand(title, ops, do, undo, on_error=on_error)


def _delete(tag_id: str) -> LibraryOp:
    return LibraryOp(lambda library: tags.delete_tag(library, tag_id))
