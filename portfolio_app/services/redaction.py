"""Use case: black boxes over names or faces on a photo or a PDF of student work.

The redacted copy is new evidence derived from the original and takes its place in the
submission (services.private_copies): the tags and the requirement link move to the copy, the
original stays on the laptop. A PDF copy has every page rebuilt as a picture, so no text under
a box (nor anywhere else) can be recovered. As with the other edits, the slow half
(`prepare_redaction`) touches only the media store and runs on any thread; `record_redacted`
runs on the database worker. Undo and redo are services.private_copies' withdraw and reinstate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.edits import is_redactable
from portfolio_app.core.errors import InvalidInputError, MediaError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence, Region
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.media import images
from portfolio_app.media.probe import pdf_page_count
from portfolio_app.services.edits import Derivation
from portfolio_app.services.evidence import StagedFile, get_evidence, make_staged
from portfolio_app.services.library import Library
from portfolio_app.services.private_copies import Handover, record_private_copy
from portfolio_app.storage.mediastore import MediaStore

Box = tuple[float, float, float, float]  # x, y, w, h in fractions 0-1 of the picture or page
BoxesByPage = Mapping[int, Sequence[Box]]  # pages counted from 0; a photo has only page 0


@dataclass(frozen=True)
class RedactedCopy:
    """The recorded copy and what it took over from the original (for undo)."""

    evidence: Evidence
    handover: Handover
    boxes: int
    pages: int


def boxes_by_page(regions: Iterable[Region]) -> dict[int, list[Box]]:
    """Regions (as tags hold them) grouped by page, the form the other functions take."""
    grouped: dict[int, list[Box]] = {}
    for region in regions:
        grouped.setdefault(region.page, []).append((region.x, region.y, region.w, region.h))
    return grouped


def check_redaction(evidence: Evidence, boxes: BoxesByPage, page_count: int) -> None:
    """InvalidInputError unless `evidence` can be redacted and every box lies on one of its pages."""
    if not is_redactable(evidence):
        raise InvalidInputError(
            f"“{evidence.title}” is not a photo or a PDF, so it cannot be redacted. "
            "Save an office document as PDF and import that to redact it."
        )
    if not any(boxes.values()):
        raise InvalidInputError(f"Draw at least one box over what to hide in “{evidence.title}”.")
    where = "page" if evidence.kind == EvidenceKind.DOCUMENT else "picture"
    for page, page_boxes in boxes.items():
        if page < 0:
            raise InvalidInputError("Pages are counted from 0.")
        if page >= page_count:
            if evidence.kind == EvidenceKind.IMAGE:
                raise InvalidInputError(f"“{evidence.title}” is a photo: it has no page {page + 1}.")
            raise InvalidInputError(f"“{evidence.title}” has {page_count} pages; page {page + 1} does not exist.")
        for box in page_boxes:
            if not _inside(box):
                raise InvalidInputError(
                    f"A box reaches outside the {where}: x, y, width and height are fractions of the {where}, "
                    "0 to 1, and x + width and y + height must be at most 1."
                )


def redaction_derivation(evidence: Evidence, boxes: BoxesByPage) -> Derivation:
    """'redact 3 boxes on 2 pages' (a photo: 'redact 1 box'), titled '<title> (redacted)'."""
    count, pages = _counts(boxes)
    described = f"redact {count} box{'es' if count != 1 else ''}"
    if evidence.kind == EvidenceKind.DOCUMENT:
        described += f" on {pages} page{'s' if pages != 1 else ''}"
    return Derivation(f"{evidence.title} (redacted)", described)


def prepare_redaction(
    store: MediaStore,
    evidence: Evidence,
    boxes: BoxesByPage,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> StagedFile:
    """The copy with every box filled black, staged in the store (store only, any thread).

    Raises InvalidInputError for evidence that is not a photo or PDF and for boxes off the
    picture or on pages the PDF does not have; Cancelled when `cancelled()` turns true.
    """
    from portfolio_app.media.redact import redact_image, redact_pdf  # brings OpenCV: not on the window's start-up path

    if not is_redactable(evidence):
        check_redaction(evidence, boxes, 0)
    source = store.path(evidence.blob)  # type: ignore[arg-type]  # photos and PDFs have files
    name = evidence.original_name or evidence.title
    if evidence.kind == EvidenceKind.IMAGE:
        check_redaction(evidence, boxes, 1)
        suffix = images.output_suffix(Path(evidence.original_name or "photo.jpg"))
        write = lambda made: redact_image(source, made, _nonempty(boxes)[0])  # noqa: E731
    else:
        pages = pdf_page_count(source)
        if pages is None:
            raise MediaError(name, "this is not a PDF we can read, or it is protected by a password")
        check_redaction(evidence, boxes, pages)
        suffix = ".pdf"
        write = lambda made: redact_pdf(source, made, _nonempty(boxes), progress=progress, cancelled=cancelled)  # noqa: E731
    return make_staged(store, suffix, f"{Path(name).stem} (redacted){suffix}", write)


def record_redacted(
    library: Library, evidence: Evidence, staged: StagedFile, boxes: BoxesByPage
) -> Outcome[RedactedCopy]:
    """Record the redacted copy, derived from the original, and hand it the original's tags and link."""
    recorded = record_private_copy(library, evidence, staged, redaction_derivation(evidence, boxes))
    made, handover = recorded.value
    count, pages = _counts(boxes)
    return Outcome(RedactedCopy(made, handover, count, pages), recorded.changes)


def redact_evidence(
    library: Library,
    evidence_id: str,
    boxes: BoxesByPage,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Outcome[RedactedCopy]:
    """Black out `boxes` (fractions of each page, pages from 0) in a photo or PDF, as new evidence
    that takes the original's place in the submission; the original stays as it is."""
    evidence = get_evidence(library, evidence_id)
    staged = prepare_redaction(library.store, evidence, boxes, progress, cancelled)
    return record_redacted(library, evidence, staged, boxes)


def _inside(box: Box) -> bool:
    if len(box) != 4 or not all(isinstance(v, int | float) and math.isfinite(v) for v in box):
        return False
    x, y, w, h = box
    return x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= 1 + 1e-9 and y + h <= 1 + 1e-9


def _nonempty(boxes: BoxesByPage) -> dict[int, list[Box]]:
    """The pages that have boxes, each box trimmed to the edge it may overrun by a rounding error."""
    return {
        page: [(x, y, min(w, 1 - x), min(h, 1 - y)) for x, y, w, h in page_boxes]
        for page, page_boxes in boxes.items()
        if page_boxes
    }


def _counts(boxes: BoxesByPage) -> tuple[int, int]:
    nonempty = _nonempty(boxes)
    return sum(len(b) for b in nonempty.values()), len(nonempty)
