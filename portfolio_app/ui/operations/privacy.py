"""Ops on private copies: Blur Faces… and Redact…, and the undo step a finished copy becomes.

A blurred or redacted copy takes its original's place (tags, requirement, who appears); undo
trashes the copy and hands the place back, redo takes it again (services.private_copies).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from portfolio_app.core.kept_faces import FaceOwnership
from portfolio_app.core.portfolio import Evidence, Region
from portfolio_app.ui.operations import Failure, LibraryOp, LongOp, MediaOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand

if TYPE_CHECKING:
    from portfolio_app.services import faces, redaction
    from portfolio_app.services.private_copies import Handover


def private_copy_command(
    text: str, ops: Operations, handover: Handover, on_error: Failure | None = None
) -> LibraryCommand:
    """Pushed once the copy is recorded: undo trashes it and hands the place back, redo the reverse."""
    from portfolio_app.services.private_copies import reinstate_copy, withdraw_copy  # media: not at start-up

    current = [handover]

    def again() -> LibraryOp:
        def remember(outcome) -> None:
            current[0] = outcome.value

        return LibraryOp(lambda library: reinstate_copy(library, current[0])).success(remember)

    def back() -> LibraryOp:
        return LibraryOp(lambda library: withdraw_copy(library, current[0]))

    return LibraryCommand(text, ops, again, back, on_error=on_error, already_done=True)


def find_faces(evidence: Evidence) -> LongOp:
    """(the face review, a picture of each face): found in the background, or the saved review."""
    from portfolio_app.services import faces  # OpenCV: not on the start-up path

    def work(library, report, cancelled):
        store, folder = library.store, faces.faces_folder(library)
        review = faces.find_faces(store, folder, evidence, lambda f: report(f * 0.95, ""), cancelled)
        return review, faces.review_pictures(store, evidence, review)

    return LongOp(work)


def keep_faces(review: faces.FaceReview, kept: Collection[int]) -> LibraryOp:
    """Save which faces stay unblurred (the review file, beside the library's database)."""
    from portfolio_app.services import faces  # OpenCV: not on the start-up path

    return LibraryOp(lambda library: faces.keep_faces(faces.faces_folder(library), review, kept))


def assign_face(review: faces.FaceReview, track_id: int, ownership: FaceOwnership) -> LibraryOp:
    """Keep a face and save whose it is (the teacher's, another adult's, a student's of the class)."""
    from portfolio_app.services import faces  # OpenCV: not on the start-up path

    def work(library):
        from portfolio_app.services.evidence import get_evidence

        evidence = get_evidence(library, review.evidence_id)
        checked = faces.check_owner(library, evidence, ownership)
        return faces.assign_face(faces.faces_folder(library), review, track_id, checked)

    return LibraryOp(work)


def add_missed_face(evidence: Evidence, review: faces.FaceReview, at_s: float, box: Region) -> LongOp:
    """Follow a face the teacher boxed through the video: (the review with it, its picture)."""
    from portfolio_app.services import faces  # OpenCV: not on the start-up path

    def work(library, report, cancelled):
        store, folder = library.store, faces.faces_folder(library)
        added = faces.add_missed_face(store, folder, evidence, review, at_s, box, lambda f: report(f, ""), cancelled)
        new_id = added.tracks.tracks[-1].id
        return added, faces.review_pictures(store, evidence, added, only=[new_id])

    return LongOp(work)


def blur(evidence: Evidence, review: faces.FaceReview) -> MediaOp:
    """The blurred copy, made in the background and recorded in the original's place."""
    from portfolio_app.services import faces  # OpenCV: not on the start-up path

    return MediaOp(
        lambda library, report, cancelled: faces.prepare_blur(
            library.store, evidence, review, lambda f: report(f, ""), cancelled
        ),
        lambda library, staged: faces.record_blurred(library, evidence, staged, review),
    )


def redact(evidence: Evidence, boxes: redaction.BoxesByPage) -> MediaOp:
    """The redacted copy, made in the background and recorded in the original's place."""
    from portfolio_app.services import redaction  # OpenCV: not on the start-up path

    return MediaOp(
        lambda library, report, cancelled: redaction.prepare_redaction(
            library.store, evidence, boxes, lambda f: report(f, ""), cancelled
        ),
        lambda library, staged: redaction.record_redacted(library, evidence, staged, boxes),
    )


def picture_reader(ops: Operations, evidence: Evidence) -> Callable[[float], bytes]:
    """A function for a reader thread: the picture of `evidence` at a time (reads the file only)."""
    from portfolio_app.services import faces  # OpenCV: not on the start-up path

    store = ops._library.store  # read-only, and only on the reader's thread
    return lambda at_s: faces.picture_at(store, evidence, at_s)
