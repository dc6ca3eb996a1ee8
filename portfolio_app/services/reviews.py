"""Use cases of the reviewer: open a bundle for review, score it, flag evidence, decide.

Every change is its own short transaction (autosave): a reviewer can stop at any moment and
come back. A review is found again by what it answers (the bundle's tag-manifest hash and the
rubric's hash), so opening the same bundle twice continues the same review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio_app.core.carried_observation import CarriedObservation, carried_observation
from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import EvidenceId, LevelId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.review import (
    CriterionScore,
    Decision,
    EvidenceFlag,
    Review,
    blind_submission,
    check_decision,
    check_decision_still_holds,
)
from portfolio_app.services.library import Library
from portfolio_app.storage import reviews as stored

MAX_FEEDBACK_CHARS = 20_000
EVIDENCE_COPIES = "review-cache"  # in the library folder: evidence copied out of bundles to be played
CHANGED = Changes(reviews=True)


@dataclass(frozen=True)
class VerifiedSubmission:
    """A bundle that verified, ready to be reviewed: what `record_review` stores."""

    bundle: Path
    bundle_sha256: str
    rubric_sha256: str
    signer_fingerprint: str
    document: dict[str, Any]


def verify_for_review(
    bundle: Path, *, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> VerifiedSubmission:
    """Verify `bundle` in full (no library: the media worker's half of opening a review).

    Raises:
        InvalidInputError: the bundle does not verify (each problem named), is a draft, or holds no submission.
    """
    from portfolio_app.bundle.answering import rubric_sha256
    from portfolio_app.bundle.verify import verify_bundle

    report = verify_bundle(bundle, progress=progress, cancelled=cancelled)
    if not report.valid:
        listed = "\n".join(f"- {p.entry}: {p.reason}" for p in report.problems)
        raise InvalidInputError(f"{bundle.name} cannot be reviewed: it does not verify.\n{listed}")
    document = report.submission
    if not isinstance(document, dict) or not isinstance(document.get("credential"), dict):
        raise InvalidInputError(f"{bundle.name} holds no data/submission.json to review.")
    if document.get("draft"):
        raise InvalidInputError(f"{bundle.name} is a draft: the teacher has not submitted it for review.")
    assert report.fingerprint is not None and report.tag_manifest_sha256 is not None
    return VerifiedSubmission(
        bundle=bundle.resolve(),
        bundle_sha256=report.tag_manifest_sha256,
        rubric_sha256=rubric_sha256(document["credential"].get("rubric", [])),
        signer_fingerprint=report.fingerprint,
        document=document,
    )


def record_review(library: Library, verified: VerifiedSubmission) -> Outcome[Review]:
    """Start the review of a verified bundle, or continue the one already open for it."""
    existing = stored.find(library.db, verified.bundle_sha256, verified.rubric_sha256)
    with library.db.atomic():
        if existing is not None:
            stored.set_bundle_path(library.db, existing, str(verified.bundle))
            review_id = existing
        else:
            review_id = new_id()
            stored.insert(
                library.db,
                review_id,
                verified.bundle_sha256,
                verified.rubric_sha256,
                str(verified.bundle),
                verified.signer_fingerprint,
                json.dumps(verified.document, ensure_ascii=False),
                now_iso(),
            )
        review = stored.get(library.db, review_id)
    assert review is not None
    return Outcome(review, CHANGED)


def open_review(
    library: Library, bundle: Path, *, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> Outcome[Review]:
    """Verify `bundle` and start its review, or continue the one already open for it (both halves at once)."""
    return record_review(library, verify_for_review(bundle, progress=progress, cancelled=cancelled))


def get_review(library: Library, review_id: str) -> Review:
    """A review by id or an unambiguous prefix of 4 or more characters (blind unless signed)."""
    from portfolio_app.services.lookup import by_id_or_prefix

    return by_id_or_prefix(
        review_id,
        lambda key: stored.get(library.db, key),
        lambda prefix: stored.ids_starting_with(library.db, prefix),
        "review",
        "`portfolio review open BUNDLE` starts one.",
    )


def review_submission(library: Library, review_id: str) -> dict[str, Any]:
    """What the review screens show of the submission: without the teacher until the review is signed."""
    review = get_review(library, review_id)
    document = stored.submission(library.db, review.id)
    return document if review.signed else blind_submission(document)


def bundle_location(library: Library, review_id: str) -> Path:
    """Where the reviewed bundle was opened from (to play its evidence)."""
    return Path(stored.bundle_path(library.db, get_review(library, review_id).id))


def score_criterion(
    library: Library, review_id: str, criterion_id: str, level_id: str, feedback: str | None = None
) -> Outcome[Review]:
    """Give one criterion a level and feedback (None keeps the feedback saved before)."""
    review = _unsigned(library, review_id)
    criterion = review.criterion(criterion_id)
    try:
        criterion.rank(LevelId(level_id))
    except KeyError:
        known = ", ".join(f"{lv.id} ({lv.label})" for lv in criterion.levels)
        raise InvalidInputError(f"“{criterion.title}” has no level '{level_id}'. Its levels are: {known}.") from None
    previous = review.scores.get(criterion.id)
    text = _feedback(feedback) if feedback is not None else (previous.feedback if previous else "")
    score = CriterionScore(criterion.id, LevelId(level_id), text, now_iso())
    with library.db.atomic():
        stored.save_score(library.db, review.id, score)
        _drop_stale_decision(library, review.id)
    return Outcome(get_review(library, review.id), CHANGED)


def flag_evidence(library: Library, review_id: str, evidence_id: str, reason: str) -> Outcome[Review]:
    """Flag evidence that breaks privacy: the criteria it was offered for score Not Met."""
    review = _unsigned(library, review_id)
    known = {e["id"] for e in stored.submission(library.db, review.id).get("evidence", [])}
    if evidence_id not in known:
        raise InvalidInputError(f"The bundle has no evidence '{evidence_id}'.")
    if not reason.strip():
        raise InvalidInputError("Say what breaks privacy (e.g. 'a student's full name is readable at 0:42').")
    with library.db.atomic():
        stored.save_flag(library.db, review.id, EvidenceFlag(EvidenceId(evidence_id), _feedback(reason), now_iso()))
        _drop_stale_decision(library, review.id)
    return Outcome(get_review(library, review.id), CHANGED)


def unflag_evidence(library: Library, review_id: str, evidence_id: str) -> Outcome[Review]:
    review = _unsigned(library, review_id)
    with library.db.atomic():
        stored.delete_flag(library.db, review.id, evidence_id, now_iso())
    return Outcome(get_review(library, review.id), CHANGED)


def set_overall_feedback(library: Library, review_id: str, feedback: str) -> Outcome[Review]:
    review = _unsigned(library, review_id)
    with library.db.atomic():
        stored.set_overall(library.db, review.id, _feedback(feedback), now_iso())
    return Outcome(get_review(library, review.id), CHANGED)


def decide(library: Library, review_id: str, decision: str, feedback: str | None = None) -> Outcome[Review]:
    """Decide earned (only when every criterion reaches its passing level) or resubmit."""
    review = get_review(library, review_id)
    try:
        chosen = Decision(decision)
    except ValueError:
        raise InvalidInputError(f"'{decision}' is not a decision: say earned or resubmit.") from None
    check_decision(review, chosen)
    now = now_iso()
    with library.db.atomic():
        stored.set_decision(library.db, review.id, chosen, now)
        if feedback is not None:
            stored.set_overall(library.db, review.id, _feedback(feedback), now)
    return Outcome(get_review(library, review.id), CHANGED)


def _drop_stale_decision(library: Library, review_id: str) -> None:
    """A score or flag that takes a criterion below passing undoes an earned decision."""
    review = stored.get(library.db, review_id)
    assert review is not None
    try:
        check_decision_still_holds(review)
    except InvalidInputError:
        stored.set_decision(library.db, review_id, None, now_iso())


def _unsigned(library: Library, review_id: str) -> Review:
    review = get_review(library, review_id)
    if review.signed:
        raise InvalidInputError("This review is signed; its scores and feedback can no longer change.")
    return review


def _feedback(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_FEEDBACK_CHARS:
        raise InvalidInputError(
            f"That feedback is {len(text):,} characters long; keep it under {MAX_FEEDBACK_CHARS:,}."
        )
    return text


@dataclass(frozen=True)
class EvidenceSource:
    """Where one evidence file of a reviewed bundle is, and what it must hash to."""

    bundle: Path
    entry: str  # path in the bag, e.g. "data/evidence/01-lesson.mp4"
    sha256: str
    kind: str
    title: str


def evidence_source(library: Library, review_id: str, evidence_id: str) -> EvidenceSource:
    """The bundle entry of an evidence item of the review (the database worker's half of playing it)."""
    review = get_review(library, review_id)
    item = next(
        (e for e in stored.submission(library.db, review.id).get("evidence", []) if e["id"] == evidence_id), None
    )
    if item is None:
        raise InvalidInputError(f"The bundle has no evidence '{evidence_id}'.")
    return EvidenceSource(
        Path(stored.bundle_path(library.db, review.id)), item["file"], item["sha256"], item["kind"], item["title"]
    )


def copy_evidence(source: EvidenceSource, folder: Path, *, cancelled: CancelCheck | None = None) -> Path:
    """A verified copy of one evidence file out of the bundle, in `folder` (kept by its SHA-256, so made once).

    Raises InvalidInputError when the bundle moved or the file no longer matches what was verified.
    """
    import hashlib
    import os

    from portfolio_app.bundle.bag_sources import open_bag
    from portfolio_app.core.errors import Cancelled

    target = folder / (source.sha256 + Path(source.entry).suffix.lower())
    if target.exists():
        return target
    if not source.bundle.exists():
        raise InvalidInputError(f"The bundle is no longer at {source.bundle}; open it again with Review a Submission….")
    folder.mkdir(parents=True, exist_ok=True)
    bag = open_bag(source.bundle)
    temp = folder / f".{target.name}.part"
    digest = hashlib.sha256()
    try:
        with open(temp, "wb") as out:
            for chunk in bag.chunks(source.entry):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != source.sha256:
            raise InvalidInputError(f"{source.entry} in {source.bundle.name} has changed since it was verified.")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def evidence_copies(library: Library) -> Path:
    """The folder of evidence copied out of bundles under review."""
    return library.data_dir / EVIDENCE_COPIES


def forget_evidence_copies(library: Library, review_id: str) -> int:
    """Delete the copies of a review's evidence (once signed: classroom video should not linger); returns how many."""
    review = get_review(library, review_id)
    hashes = {e["sha256"] for e in stored.submission(library.db, review.id).get("evidence", [])}
    folder = evidence_copies(library)
    removed = 0
    if folder.is_dir():
        for copy in folder.iterdir():
            if copy.name.split(".", 1)[0] in hashes:
                copy.unlink(missing_ok=True)
                removed += 1
    return removed


def read_carried_observation(copy: Path, title: str) -> CarriedObservation:
    """The coach's observation in a verified copy of evidence of kind observation: its own signature is
    checked too, and who was observed is left out (the review is blind).

    Raises BundleFormatError or SignatureError (naming the entry) when the signed record does not verify.
    """
    from portfolio_app.bundle.record import read_record

    record = read_record(copy, expect_type="observation")
    return carried_observation(record.document, record.fingerprint, f"“{title}”")
