"""Use cases of signed review decisions: sign a review, import it as feedback, compare reviewers.

The reviewer signs with the key in their keychain; the file is a signed record of type `review`
(bundle/record.py) naming the bundle it answers. The teacher's library takes it only when it
answers a bundle this library exported, against the same rubric, and verifies unchanged.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from portfolio_app.core.calibration import Agreement, PairAgreement, agreement, pooled_agreement
from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError, PortfolioError
from portfolio_app.core.feedback import CriterionFeedback, Feedback
from portfolio_app.core.ids import CriterionId, LevelId, new_id
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import PortfolioStatus
from portfolio_app.core.review import Decision, check_signable
from portfolio_app.core.review_record import RECORD_TYPE, ReviewDecision, parse_review_document, review_document
from portfolio_app.services.catalog import get_credential
from portfolio_app.services.library import Library
from portfolio_app.services.portfolios import get_portfolio
from portfolio_app.services.reviews import forget_evidence_copies, get_review
from portfolio_app.storage import feedback as stored_feedback
from portfolio_app.storage import reviews as stored_reviews


def sign_review(library: Library, review_id: str, target: Path):
    """Write the review's decision as a signed record at `target` (a .zip) and close the review.

    Signing again writes the same decision with the same time. Returns the RecordInfo.
    Raises InvalidInputError when a criterion is unscored or no decision is taken;
    KeychainUnavailableError without a usable keychain.
    """
    from portfolio_app.bundle.keys import signing_key
    from portfolio_app.bundle.record import write_record

    review = get_review(library, review_id)
    if not review.signed:
        check_signable(review)
    if target.suffix.lower() != ".zip":
        raise InvalidInputError(f"{target.name}: a signed decision is a .zip file; give a name ending in .zip.")
    key = signing_key()
    signed_at = review.signed_at or now_iso()
    public = key.public_key
    document = review_document(review, public.fingerprint, public.text, signed_at)
    info = write_record(document, target, key, name=f"review-{review.id}")
    with library.db.atomic():
        stored_reviews.set_signed(library.db, review.id, signed_at)
    forget_evidence_copies(library, review.id)
    return Outcome(info, Changes(reviews=True))


def read_decision(path: Path) -> tuple[ReviewDecision, str]:
    """A signed review decision, verified: what it says and its own tag-manifest hash.

    Raises InvalidInputError naming the file and the entry at fault (tampered, not signed, not a review).
    """
    from portfolio_app.bundle.record import read_record

    try:
        record = read_record(path, expect_type=RECORD_TYPE)
    except PortfolioError as exc:
        raise InvalidInputError(f"The feedback file {path.name} was refused: {exc}") from None
    decision = parse_review_document(record.document, path.name)
    if decision.reviewer_fingerprint != record.fingerprint:
        raise InvalidInputError(
            f"The feedback file {path.name} was refused: it names reviewer {decision.reviewer_fingerprint[:16]}… "
            f"but is signed by {record.fingerprint[:16]}…."
        )
    return decision, record.tag_manifest_sha256


def import_feedback(library: Library, path: Path) -> Outcome[Feedback]:
    """Verify a signed review decision and keep it with the attempt whose exported bundle it answers.

    The same file imported twice is kept once; feedback is never overwritten.
    Raises InvalidInputError: tampered or unsigned (naming the entry), signed by a key revoked before it
    signed (by an imported trust list), for a bundle this library did not export, or scored against
    another rubric than the bundle's.
    """
    from portfolio_app.services.trust import describe_signer

    decision, record_sha256 = read_decision(path)
    signer = describe_signer(library.db, decision.reviewer_fingerprint, decision.signed_at)
    if signer.refused:
        raise InvalidInputError(f"The feedback file {path.name} was refused: it is signed by {signer.text}.")
    exported = stored_feedback.export_of(library.db, decision.bundle_sha256)
    if exported is None:
        raise InvalidInputError(
            f"The feedback file {path.name} answers another bundle (tag manifest {decision.bundle_sha256[:16]}…), "
            "not one exported from this library. Ask the reviewer for the feedback on your bundle."
        )
    portfolio = get_portfolio(library, exported.portfolio_id)
    credential = get_credential(library, portfolio.credential_id, portfolio.credential_version)
    if decision.rubric_sha256 != exported.rubric_sha256:
        raise InvalidInputError(
            f"The feedback file {path.name} scores another rubric than the one your bundle was assessed against "
            f"(rubric {decision.rubric_sha256[:16]}…, yours {exported.rubric_sha256[:16]}…)."
        )
    if (existing := stored_feedback.feedback_with_record(library.db, record_sha256)) is not None:
        kept = next(f for f in stored_feedback.feedback_of(library.db, portfolio.id) if f.id == existing)
        return Outcome(kept, Changes())
    criteria = []
    for scored in decision.criteria:
        try:
            criterion = credential.criterion(scored.criterion_id)
            passes = criterion.passes(LevelId(scored.level_id))
        except KeyError:
            raise InvalidInputError(
                f"The feedback file {path.name} scores {scored.criterion_id!r} at {scored.level_id!r}, "
                "which the rubric does not have."
            ) from None
        criteria.append(
            CriterionFeedback(CriterionId(scored.criterion_id), LevelId(scored.level_id), passes, scored.feedback)
        )
    feedback = Feedback(
        id=new_id(),
        portfolio_id=portfolio.id,
        bundle_sha256=decision.bundle_sha256,
        record_sha256=record_sha256,
        reviewer_fingerprint=decision.reviewer_fingerprint,
        reviewer_public_key=decision.reviewer_public_key,
        decision=decision.decision,
        overall_feedback=decision.overall_feedback,
        signed_at=decision.signed_at,
        imported_at=now_iso(),
        criteria=tuple(criteria),
    )
    status = PortfolioStatus.PASSED if decision.decision == Decision.EARNED else PortfolioStatus.DENIED
    with library.db.atomic():
        stored_feedback.insert_feedback(library.db, feedback)
        library.db.execute("UPDATE portfolios SET status = ? WHERE id = ?", [str(status), portfolio.id])
    return Outcome(feedback, Changes(portfolios=True, reviews=True))


def reviewer_status(library: Library, feedback: Feedback):
    """Who signed the feedback, by the imported trust lists (approved, unknown, or revoked)."""
    from portfolio_app.services.trust import describe_signer

    return describe_signer(library.db, feedback.reviewer_fingerprint, feedback.signed_at)


def feedback_for(library: Library, portfolio_id: str) -> list[Feedback]:
    """Every feedback record this attempt received, oldest first."""
    return stored_feedback.feedback_of(library.db, get_portfolio(library, portfolio_id).id)


def compare_decisions(paths: list[Path]) -> list[Agreement]:
    """Agreement between reviewers' signed decisions on one bundle, for every pair of reviewers.

    Raises InvalidInputError: fewer than two files, a file for another bundle or rubric (named),
    or two decisions by the same reviewer.
    """
    if len(paths) < 2:
        raise InvalidInputError("Give two or more signed decisions on the same bundle to compare.")
    read = [(path, read_decision(path)[0]) for path in paths]
    first_path, first = read[0]
    for path, decision in read[1:]:
        if decision.bundle_sha256 != first.bundle_sha256:
            raise InvalidInputError(
                f"{path.name} answers another bundle than {first_path.name} "
                f"({decision.bundle_sha256[:16]}… vs {first.bundle_sha256[:16]}…): compare decisions on one bundle."
            )
        if decision.rubric_sha256 != first.rubric_sha256:
            raise InvalidInputError(f"{path.name} scores another rubric than {first_path.name}.")
    reviewers = [d.reviewer_fingerprint for _, d in read]
    if len(set(reviewers)) != len(reviewers):
        raise InvalidInputError("Two of the files are signed by the same reviewer: compare different reviewers.")
    results = []
    for (_, a), (_, b) in itertools.combinations(read, 2):
        results.append(
            agreement(
                a.reviewer_fingerprint,
                {c.criterion_id: (c.level_id, c.passes) for c in a.criteria},
                b.reviewer_fingerprint,
                {c.criterion_id: (c.level_id, c.passes) for c in b.criteria},
                same_decision=a.decision == b.decision,
            )
        )
    return results


def compare_reviewers(paths: list[Path]) -> list[PairAgreement]:
    """Agreement of each pair of reviewers across every bundle both scored (decisions on many bundles).

    Raises InvalidInputError: a file that does not verify, one reviewer's two decisions on one bundle,
    decisions on one bundle against different rubrics, or no pair of reviewers with a bundle in common.
    """
    scores: dict[str, dict[str, dict[str, str]]] = {}  # reviewer -> bundle -> criterion -> level
    rubrics: dict[str, tuple[str, str]] = {}  # bundle -> (rubric hash, file that stated it)
    for path in paths:
        decision, _ = read_decision(path)
        rubric, first_file = rubrics.setdefault(decision.bundle_sha256, (decision.rubric_sha256, path.name))
        if rubric != decision.rubric_sha256:
            raise InvalidInputError(f"{path.name} scores another rubric than {first_file} for the same bundle.")
        bundles = scores.setdefault(decision.reviewer_fingerprint, {})
        if decision.bundle_sha256 in bundles:
            raise InvalidInputError(f"{path.name} is a second decision by the same reviewer on the same bundle.")
        bundles[decision.bundle_sha256] = {c.criterion_id: c.level_id for c in decision.criteria}
    results = [
        pooled_agreement(a, scores[a], b, scores[b])
        for a, b in itertools.combinations(sorted(scores), 2)
        if scores[a].keys() & scores[b].keys()
    ]
    if not results:
        raise InvalidInputError("No two reviewers among these files scored a bundle in common.")
    return results
