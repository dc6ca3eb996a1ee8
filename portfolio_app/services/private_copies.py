"""A blurred or redacted copy takes its original's place in the submission.

Blurring faces or redacting names keeps every moment and region where it was, so the copy can
carry the original's tags unchanged: they move to the copy (their assessment links with them),
the copy is linked to the original's requirement and the original is unlinked. The original
stays on the laptop, outside the bundle. Undo moves everything back.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import EvidenceId, RequirementId, TagId
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence
from portfolio_app.services.edits import Derivation, record_derived
from portfolio_app.services.evidence import StagedFile, get_evidence
from portfolio_app.services.library import Library
from portfolio_app.storage import rubric as stored


@dataclass(frozen=True)
class Handover:
    """What `hand_over` changed, for `hand_back`."""

    original_id: EvidenceId
    copy_id: EvidenceId
    requirement_id: RequirementId | None  # the original's link, now the copy's
    copy_requirement_id: RequirementId | None  # the copy's link before
    tag_ids: tuple[TagId, ...]  # the tags moved from the original to the copy


def record_private_copy(
    library: Library, original: Evidence, staged: StagedFile, named: Derivation
) -> Outcome[tuple[Evidence, Handover]]:
    """Record a blurred or redacted copy, derived from `original`, and hand it the original's place."""
    with library.db.atomic():
        made = record_derived(library, original, staged, named)
        handed = hand_over(library, original.id, made.value.id)
    return Outcome((made.value, handed.value), made.changes | handed.changes)


def hand_over(library: Library, original_id: str, copy_id: str) -> Outcome[Handover]:
    """Move the original's tags and requirement link to its blurred or redacted copy."""
    original = get_evidence(library, original_id)
    copy = get_evidence(library, copy_id)
    if copy.derived_from != original.id:
        raise InvalidInputError(f"“{copy.title}” was not made from “{original.title}”.")
    tag_ids = tuple(stored.tag_ids_for_evidence(library.db, original.id))
    now = now_iso()
    with library.db.atomic():
        _move_tags(library, tag_ids, copy.id)
        if original.requirement_id is not None:
            stored.set_requirement(library.db, [copy.id], original.requirement_id, now)
            stored.set_requirement(library.db, [original.id], None, now)
    handover = Handover(original.id, copy.id, original.requirement_id, copy.requirement_id, tag_ids)
    return Outcome(handover, Changes(evidence=True, tags=bool(tag_ids), portfolios=True))


def hand_back(library: Library, handover: Handover) -> Outcome[None]:
    """Undo of `hand_over`: the tags and the requirement link go back to the original."""
    now = now_iso()
    with library.db.atomic():
        _move_tags(library, handover.tag_ids, handover.original_id)
        if handover.requirement_id is not None:
            stored.set_requirement(library.db, [handover.original_id], handover.requirement_id, now)
            stored.set_requirement(library.db, [handover.copy_id], handover.copy_requirement_id, now)
    return Outcome(None, Changes(evidence=True, tags=bool(handover.tag_ids), portfolios=True))


def withdraw_copy(library: Library, handover: Handover) -> Outcome[None]:
    """Undo of making a private copy: the original takes its place back, the copy goes to the trash."""
    from portfolio_app.services.evidence import delete_evidence

    with library.db.atomic():
        back = hand_back(library, handover)
        gone = delete_evidence(library, handover.copy_id)
    return Outcome(None, back.changes | gone.changes)


def reinstate_copy(library: Library, handover: Handover) -> Outcome[Handover]:
    """Redo of making a private copy: the copy back from the trash, in the original's place again."""
    from portfolio_app.services.evidence import restore_evidence

    with library.db.atomic():
        back = restore_evidence(library, handover.copy_id)
        handed = hand_over(library, handover.original_id, handover.copy_id)
    return Outcome(handed.value, back.changes | handed.changes)


def _move_tags(library: Library, tag_ids: tuple[TagId, ...], evidence_id: str) -> None:
    now = now_iso()
    for tag_id in tag_ids:
        stored.move_tag(library.db, tag_id, evidence_id, now)
