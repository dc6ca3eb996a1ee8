"""Issuing a badge from a signed earned decision: one credential per decision, written in any form."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from portfolio_app.bundle import keys
from portfolio_app.bundle.badge_record import write_badge_record
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import FORMS, badge_bytes, write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from portfolio_app.core.badges import BadgeClaim, EarnedDecision, EvidenceHash, check_earned
from portfolio_app.core.changes import NOTHING, Changes
from portfolio_app.core.credential import Credential
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.review import Decision
from portfolio_app.core.review_record import ReviewDecision
from portfolio_app.services.catalog import get_credential
from portfolio_app.services.library import Library
from portfolio_app.services.review_records import read_decision, sign_review
from portfolio_app.services.reviews import VerifiedSubmission, get_review, review_submission
from portfolio_app.services.trust import describe_signer
from portfolio_app.storage import badges as stored

FEEDBACK_FORM = ".zip"  # the decision and its baked badge in one signed record


@dataclass(frozen=True)
class IssuedBadge:
    path: Path
    credential_id: str
    issuer_fingerprint: str
    issued_at: str
    new: bool  # False when the decision's credential had been issued before
    issuer_name: str  # the organisation, as the credential names it


def issuer_for_reviewer(library: Library, reviewer_fingerprint: str, signed_at: str) -> tuple[SigningKey, str]:
    """The issuer key (from this keychain) and name of the organisation whose trust list approves the reviewer.

    Raises:
        InvalidInputError: no imported trust list approves the key as a reviewer on the day it signed, or
            this keychain holds no issuer key of that organisation.
    """
    standing = describe_signer(library.db, reviewer_fingerprint, signed_at)
    if not standing.trusted or standing.role != "reviewer" or standing.organisation is None:
        raise InvalidInputError(
            f"The decision is signed by {standing.text}. A badge is issued only from the decision of a reviewer "
            "an imported trust list approves: import the organisation's list (File ▸ Trust Lists…, or "
            "`portfolio trust import FILE`)."
        )
    key = keys.stored_key(keys.issuer_account(standing.organisation))
    if key is None:
        raise InvalidInputError(
            f'This keychain holds no issuer key of "{standing.organisation}", whose trust list approves the '
            "reviewer. Whoever grants for it issues the badge on their computer, from the teacher's bundle and the "
            "signed decision (File ▸ Issue a Badge…, or `portfolio review issue-badge --bundle B --decision D -o F`)."
        )
    return key, standing.organisation


def issue_badge(
    library: Library,
    decision: EarnedDecision,
    issuer_key: SigningKey,
    issuer_name: str,
    target: Path,
    *,
    now: datetime | None = None,
) -> Outcome[IssuedBadge]:
    """Issue (or write again) the credential of an earned decision to `target` (.json, .png or .svg).

    The first issue signs a new credential and keeps it; every later one writes that same credential,
    so a decision never becomes two badges.

    Raises:
        InvalidInputError: not every criterion is met, no recipient, another issuer key than the first
            time, or an extension other than .json, .png, .svg.
    """
    if target.suffix.lower() not in FORMS:
        raise InvalidInputError(f"A badge is written as {', '.join(FORMS)}: {target.name} is none of them.")
    document, new = _credential(library, decision, issuer_key, issuer_name, now)
    path = write_badge(document, target)
    issued = IssuedBadge(
        path, document["id"], issuer_key.public_key.fingerprint, document["validFrom"], new, issuer_name
    )
    return Outcome(issued, Changes(badges=True) if new else NOTHING)


def issue_badge_with_feedback(
    library: Library,
    decision: EarnedDecision,
    decision_file: Path,
    issuer_key: SigningKey,
    issuer_name: str,
    target: Path,
    *,
    now: datetime | None = None,
) -> Outcome[IssuedBadge]:
    """Issue (or write again) the credential, and write it with the signed decision as one record at `target` (.zip).

    The teacher imports that one file: the feedback goes with its attempt and the badge onto the shelf.
    `decision_file` must be the signed record `decision.decision_sha256` names.

    Raises:
        InvalidInputError: as issue_badge; or a target that is not a .zip.
    """
    if target.suffix.lower() != FEEDBACK_FORM:
        raise InvalidInputError(f"The feedback with its badge is a .zip file: {target.name} is not.")
    document, new = _credential(library, decision, issuer_key, issuer_name, now)
    info = write_badge_record(
        decision_file,
        decision.decision_sha256,
        badge_bytes(document, ".png"),
        document["validFrom"],
        issuer_key,
        target,
    )
    issued = IssuedBadge(
        info.path, document["id"], issuer_key.public_key.fingerprint, document["validFrom"], new, issuer_name
    )
    return Outcome(issued, Changes(badges=True) if new else NOTHING)


def _credential(
    library: Library, decision: EarnedDecision, issuer_key: SigningKey, issuer_name: str, now: datetime | None
) -> tuple[dict, bool]:
    """The decision's credential, signed now or as it was issued before, and whether it is new."""
    check_earned(decision)
    document = stored.issued(library.db, decision.decision_sha256)
    fingerprint = issuer_key.public_key.fingerprint
    if document is not None:
        if stored.issued_fingerprint(library.db, decision.decision_sha256) != fingerprint:
            raise InvalidInputError(
                "This decision's badge was issued with another issuer key; it is written only as it was issued."
            )
        return document, False
    claim = BadgeClaim(
        credential=decision.credential,
        levels=dict(decision.levels),
        bundle_sha256=decision.bundle_sha256,
        decision_sha256=decision.decision_sha256,
        evidence=decision.evidence,
        recipient_email=decision.recipient_email,
        recipient_salt=secrets.token_hex(16),
        issued_at=(now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    document = issue_credential(claim, issuer_key, issuer_name)
    with library.db.atomic():
        stored.save_issued(library.db, decision.decision_sha256, document, fingerprint)
    return document, True


@dataclass(frozen=True)
class IssuedBefore:
    """A badge this library already issued for a review's bundle: issuing again writes that same credential."""

    issued_at: str
    organisation: str


def issued_before(library: Library, review_id: str) -> IssuedBefore | None:
    """Whether the badge of this review's bundle was issued here before (None for a review not earned)."""
    review = get_review(library, review_id)
    if review.decision != Decision.EARNED or not review.signed:
        return None
    document = stored.issued_for_bundle(library.db, review.bundle_sha256)
    if document is None:
        return None
    issuer = document.get("issuer") or {}
    return IssuedBefore(str(document.get("validFrom", "")), str(issuer.get("name") or "your organisation"))


def issue_badge_for_review(
    library: Library, review_id: str, target: Path, *, decision_file: Path | None = None
) -> Outcome[IssuedBadge]:
    """Issue the badge of a signed earned review with the issuer key of the organisation that approves its reviewer.

    The decision is the signed review record: `decision_file` when given (it must answer the same bundle
    and rubric), else the record as `review sign` writes it (the same bytes each time). A `.zip` target
    is the feedback with its badge (the decision and the baked badge in one signed record, for the
    teacher to import); `.png`, `.svg` and `.json` are the badge alone.

    Raises:
        InvalidInputError: not signed or not earned, a decision for another bundle, a reviewer no trust list
            approves, no issuer key of that organisation here, a credential the catalog does not hold, or
            an extension other than .zip, .png, .svg, .json.
    """
    _check_form(target)
    review = get_review(library, review_id)
    if review.decision != Decision.EARNED:
        raise InvalidInputError("A badge is issued only from an earned decision; this review's is not earned.")
    if not review.signed:
        raise InvalidInputError(f"Sign the decision first: `portfolio review sign {review.id} -o FILE.zip`.")
    with tempfile.TemporaryDirectory() as folder:
        if decision_file is None:
            decision_file = sign_review(library, review.id, Path(folder) / f"review-{review.id}.zip").value.path
            decision, decision_sha256 = read_decision(decision_file)
        else:
            decision, decision_sha256 = read_decision(decision_file)
            if (decision.bundle_sha256, decision.rubric_sha256) != (review.bundle_sha256, review.rubric_sha256):
                raise InvalidInputError(
                    f"{decision_file.name} is the decision on another bundle, not on review {review.id}."
                )
        credential = get_credential(library, review.credential_id, review.credential_version)
        submission = review_submission(library, review.id)
        return _issue_earned(library, decision, decision_sha256, decision_file, credential, submission, target)


def issue_badge_from_files(library: Library, bundle: Path, decision_file: Path, target: Path) -> Outcome[IssuedBadge]:
    """Issue the badge of a reviewer's signed earned decision on `bundle`, where the issuer key is: no review here.

    The organisation's issuer need not be the reviewer: the bundle (verified in full) gives the evidence and
    the teacher's email, the decision file what was earned; they must answer each other.

    Raises:
        InvalidInputError: the bundle or the decision does not verify, the decision answers another bundle or
            rubric, or as issue_badge_for_review.
    """
    from portfolio_app.services.reviews import verify_for_review

    _check_form(target)
    return issue_badge_for_submission(library, verify_for_review(bundle), decision_file, target)


def issue_badge_for_submission(
    library: Library, verified: VerifiedSubmission, decision_file: Path, target: Path
) -> Outcome[IssuedBadge]:
    """issue_badge_from_files once the bundle is verified (the window verifies it on the media worker)."""
    _check_form(target)
    decision, decision_sha256 = read_decision(decision_file)
    if (decision.bundle_sha256, decision.rubric_sha256) != (verified.bundle_sha256, verified.rubric_sha256):
        raise InvalidInputError(
            f"{decision_file.name} is not the decision on {verified.bundle.name}: it answers another bundle or rubric."
        )
    stated = verified.document["credential"]
    credential = get_credential(library, str(stated.get("id")), str(stated.get("version")))
    return _issue_earned(library, decision, decision_sha256, decision_file, credential, verified.document, target)


def _check_form(target: Path) -> None:
    if target.suffix.lower() not in (FEEDBACK_FORM, *FORMS):
        raise InvalidInputError(
            f"{target.name}: give a name ending in .zip (the feedback with its badge, for the teacher), "
            ".png, .svg or .json (the badge alone)."
        )


def _issue_earned(
    library: Library,
    decision: ReviewDecision,
    decision_sha256: str,
    decision_file: Path,
    credential: Credential,
    submission: dict,
    target: Path,
) -> Outcome[IssuedBadge]:
    """Issue a verified signed decision's badge with the issuer key of the organisation that approves its reviewer."""
    if decision.decision != Decision.EARNED:
        raise InvalidInputError("The signed decision is not earned: a badge is issued only from an earned one.")
    issuer_key, organisation = issuer_for_reviewer(library, decision.reviewer_fingerprint, decision.signed_at)
    earned = EarnedDecision(
        decision_sha256=decision_sha256,
        bundle_sha256=decision.bundle_sha256,
        credential=credential,
        levels={c.criterion_id: c.level_id for c in decision.criteria},
        evidence=tuple(EvidenceHash(e["sha256"], e["kind"]) for e in submission.get("evidence", [])),
        recipient_email=str(submission.get("teacher", {}).get("email", "")),
        reviewer_fingerprint=decision.reviewer_fingerprint,
        signed_at=decision.signed_at,
    )
    if target.suffix.lower() == FEEDBACK_FORM:
        return issue_badge_with_feedback(library, earned, decision_file, issuer_key, organisation, target)
    return issue_badge(library, earned, issuer_key, organisation, target)
