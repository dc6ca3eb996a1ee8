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
            check_badge_answers(
                {e.id for e in badge.value.evidence},
                badge.value.issuer_fingerprint,
                feedback.value.record_sha256,
                feedback.value.bundle_sha256,
                record.fingerprint,
                path,
            )
    return Outcome(ImportedFeedback(feedback.value, badge.value), feedback.changes | badge.changes)


@dataclass(frozen=True)
class CarriedBadge:
    """The badge a feedback-with-badge file carries, and what it must answer."""

    data: bytes  # the baked PNG
    decision_sha256: str
    bundle_sha256: str  # the bundle the decision answers
    signer: str  # the fingerprint of the key that signed the file


def carried_badge(path: Path) -> CarriedBadge:
    """The badge in a feedback-with-badge file, after the file and the decision in it verify (not the badge yet).

    Raises:
        InvalidInputError: the file or its decision is changed, unsigned or not what it should be, naming the entry.
    """
    from portfolio_app.bundle.badge_record import read_badge_record
    from portfolio_app.services.review_records import read_decision

    with tempfile.TemporaryDirectory() as folder:
        record = read_badge_record(path, Path(folder) / path.name)
        decision, _ = read_decision(record.decision)
    return CarriedBadge(record.badge, record.decision_sha256, decision.bundle_sha256, record.fingerprint)


def check_badge_answers(
    evidence_ids: set[str], issuer_fingerprint: str, decision_sha256: str, bundle_sha256: str, signer: str, path: Path
) -> None:
    """Refuse a carried badge that another decision or bundle earned, or that another key issued than the signer's.

    Raises:
        InvalidInputError: naming `path` and what does not match.
    """
    if f"urn:mcp:review:{decision_sha256}" not in evidence_ids or f"urn:mcp:bundle:{bundle_sha256}" not in evidence_ids:
        raise InvalidInputError(f"{path.name}: the badge in it was not earned by the decision it carries.")
    if issuer_fingerprint != signer:
        raise InvalidInputError(
            f"{path.name}: the badge in it was issued by key {issuer_fingerprint[:16]}…, but the file is "
            f"signed by key {signer[:16]}…."
        )
