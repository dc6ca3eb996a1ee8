"""Ops and undo steps on evidence: listing, markers, rename and delete, and the media edits.

Every edit is a MediaOp: the new file is made on the media worker and recorded as new evidence
derived from the selected one on the database worker (services.edits, .redaction, .faces).
"""

from __future__ import annotations

from pathlib import Path

from portfolio_app.core.portfolio import Evidence
from portfolio_app.services import edits
from portfolio_app.services import evidence as uc
from portfolio_app.ui.operations import Failure, LibraryOp, MediaOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand, undo_text


def list_evidence(portfolio_id: str) -> LibraryOp:
    return LibraryOp(lambda library: uc.list_evidence(library, portfolio_id))


def list_markers(evidence_id: str) -> LibraryOp:
    return LibraryOp(lambda library: uc.list_markers(library, evidence_id))


def rename_evidence_command(
    ops: Operations, evidence_id: str, old: str, new: str, on_error: Failure | None = None
) -> LibraryCommand:
    def rename(title: str):
        return lambda: LibraryOp(lambda library: uc.rename_evidence(library, evidence_id, title))

    text = undo_text("Rename to “{title}”").format(title=new)
    return LibraryCommand(text, ops, rename(new), rename(old), on_error=on_error)


def delete_evidence_command(
    ops: Operations, evidence_id: str, title: str, on_error: Failure | None = None
) -> LibraryCommand:
    """Takes evidence out of its portfolio; undo puts it back as it was (file, tags, markers)."""
    return LibraryCommand(
        undo_text("Delete “{title}”").format(title=title),
        ops,
        lambda: LibraryOp(lambda library: uc.delete_evidence(library, evidence_id)),
        lambda: LibraryOp(lambda library: uc.restore_evidence(library, evidence_id)),
        on_error=on_error,
    )


def trim(evidence: Evidence, start_s: float, end_s: float) -> MediaOp:
    """A frame-accurate cut of a recording, as new evidence."""
    return _derived(
        evidence,
        lambda library, report, cancelled: edits.prepare_trim(
            library.store, evidence, start_s, end_s, _fraction(report), cancelled
        ),
        edits.trim_derivation(evidence, start_s, end_s),
    )


def compress(evidence: Evidence, max_mb: float | None, height: int) -> MediaOp:
    """A smaller H.264/AAC copy of a video, as new evidence."""
    return _derived(
        evidence,
        lambda library, report, cancelled: edits.prepare_compress(
            library.store, evidence, max_mb, height, _fraction(report), cancelled
        ),
        edits.compress_derivation(evidence, max_mb, height),
    )


def edit_image(evidence: Evidence, operation: str, **arguments: float) -> MediaOp:
    """A rotated or cropped copy of a photo, as new evidence."""
    return _derived(
        evidence,
        lambda library, _report, _cancelled: edits.prepare_image_edit(library.store, evidence, operation, **arguments),
        edits.image_derivation(evidence, operation, **arguments),
    )


def adopt_recording(portfolio_id: str, path: Path, name: str, markers=()) -> MediaOp:
    """A file the recorder wrote in the temp folder, adopted into the store and the portfolio."""
    return MediaOp(
        lambda library, _report, _cancelled: uc.adopt_file(library.store, path, name),
        lambda library, staged: uc.record_staged(library, portfolio_id, staged, markers=markers),
    )


def portfolio_title(portfolio_id: str) -> LibraryOp:
    from portfolio_app.services.portfolios import get_portfolio

    return LibraryOp(lambda library: get_portfolio(library, portfolio_id).title)


def _derived(evidence: Evidence, prepare, named: edits.Derivation) -> MediaOp:
    return MediaOp(prepare, lambda library, staged: edits.record_derived(library, evidence, staged, named))


def _fraction(report):
    return lambda fraction: report(fraction, "")
