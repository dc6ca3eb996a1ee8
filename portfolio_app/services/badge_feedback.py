"""The teacher's side of a badge that comes with the feedback that earned it (bundle/badge_record.py).

Importing that one file keeps the reviewer's decision with the attempt it answers, as any feedback,
and puts the badge on the shelf, in one transaction: a badge that does not name that decision and
that bundle, or that another key issued than the one that signed the file, leaves nothing behind.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.badges import ShelfBadge
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.feedback import Feedback
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.library import Library


@dataclass(frozen=True)
class ImportedFeedback:
    feedback: Feedback
    badge: ShelfBadge | None  # the badge that came with it, now on the shelf


def import_feedback_file(library: Library, path: Path) -> Outcome[ImportedFeedback]:
    """Import a reviewer's signed feedback: a review decision, or the decision with the badge it earned.

    Raises:
        InvalidInputError: as review_records.import_feedback, or import_feedback_with_badge for the latter.
    """
    from portfolio_app.bundle.answering import stated_record_type
    from portfolio_app.bundle.badge_record import RECORD_TYPE
    from portfolio_app.services.review_records import import_feedback

    if stated_record_type(path) == RECORD_TYPE:
        return import_feedback_with_badge(library, path)
    outcome = import_feedback(library, path)
    return Outcome(ImportedFeedback(outcome.value, None), outcome.changes)


def import_feedback_with_badge(library: Library, path: Path) -> Outcome[ImportedFeedback]:
    """Verify the feedback with its badge; keep the decision with its attempt and put the badge on the shelf.

    The same file imported twice changes nothing the second time.

    Raises:
        InvalidInputError: the file or the decision in it is changed or unsigned (naming the entry), the
            decision is refused as feedback (another bundle, another rubric, a revoked reviewer), or the
            badge does not verify, does not name this decision and bundle, or was issued by another key
            than the one that signed the file.
    """
    from portfolio_app.bundle.badge_record import read_badge_record
    from portfolio_app.services.badges import import_badge_bytes
    from portfolio_app.services.review_records import import_feedback

    with tempfile.TemporaryDirectory() as folder:
        # the decision keeps the file's name, so a refusal names the file the teacher chose
        record = read_badge_record(path, Path(folder) / path.name)
        with library.db.atomic():
            feedback = import_feedback(library, record.decision)
            badge = import_badge_bytes(library, record.badge, path)
            _check_badge_answers(badge.value, feedback.value, record.fingerprint, path)
    return Outcome(ImportedFeedback(feedback.value, badge.value), feedback.changes | badge.changes)


def _check_badge_answers(badge: ShelfBadge, feedback: Feedback, signer: str, path: Path) -> None:
    named = {item.id for item in badge.evidence}
    if (
        f"urn:mcp:review:{feedback.record_sha256}" not in named
        or f"urn:mcp:bundle:{feedback.bundle_sha256}" not in named
    ):
        raise InvalidInputError(f"{path.name}: the badge in it was not earned by the decision it carries.")
    if badge.issuer_fingerprint != signer:
        raise InvalidInputError(
            f"{path.name}: the badge in it was issued by key {badge.issuer_fingerprint[:16]}…, but the file is "
            f"signed by key {signer[:16]}…."
        )
