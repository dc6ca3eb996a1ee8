"""A reviewer's earned decision, ready for a badge: the reviewer holds Lincoln District's issuer key (a small
pilot) and its trust list approves them. Uses the keychain in use; the caller chooses whose it is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.bundle.keys import signing_key
from portfolio_app.core.trust import Approval
from portfolio_app.services import review_records, reviews
from portfolio_app.services.trust import import_trust_list, make_trust_list, new_issuer_key

ORGANISATION = "Lincoln District"


@dataclass(frozen=True)
class EarnedReview:
    review_id: str
    decision: Path  # the signed decision, as `review sign` wrote it
    decision_sha256: str
    trust_list: Path  # Lincoln District's, for the teacher to import too


def earned_review(library, bundle: Path, folder: Path, *, trusted: bool = True) -> EarnedReview:
    """Open, score at passing, decide earned and sign a review of `bundle`; make (and import) the trust list."""
    folder.mkdir(parents=True, exist_ok=True)
    me = signing_key().public_key.fingerprint
    new_issuer_key(ORGANISATION)
    trust = folder / "lincoln-trust.zip"
    make_trust_list(ORGANISATION, [Approval("reviewer", "Rita Reviewer", me, "2026-01-01")], [], trust)
    if trusted:
        import_trust_list(library.db, trust)
    review = reviews.open_review(library, bundle).value
    for criterion in review.criteria:
        reviews.score_criterion(library, review.id, criterion.id, criterion.passing_level, "Seen at 0:12")
    reviews.decide(library, review.id, "earned", "Strong questioning throughout.")
    info = review_records.sign_review(library, review.id, folder / f"review-{review.id}.zip").value
    return EarnedReview(review.id, info.path, info.tag_manifest_sha256, trust)
