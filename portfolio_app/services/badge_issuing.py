"""Issuing a badge from a signed earned decision: one credential per decision, written in any form."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from portfolio_app.bundle import keys
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.files import FORMS, write_badge
from portfolio_app.bundle.openbadges.issue import issue_credential
from portfolio_app.core.badges import BadgeClaim, EarnedDecision, check_earned
from portfolio_app.core.changes import NOTHING, Changes
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.outcome import Outcome
from portfolio_app.services.library import Library
from portfolio_app.services.trust import describe_signer
from portfolio_app.storage import badges as stored


@dataclass(frozen=True)
class IssuedBadge:
    path: Path
    credential_id: str
    issuer_fingerprint: str
    issued_at: str
    new: bool  # False when the decision's credential had been issued before


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
            "an imported trust list approves (`portfolio trust import FILE`)."
        )
    key = keys.stored_key(keys.issuer_account(standing.organisation))
    if key is None:
        raise InvalidInputError(
            f'This keychain holds no issuer key of "{standing.organisation}", whose trust list approves the '
            "reviewer: issue the badge on the computer of whoever grants for it."
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
    check_earned(decision)
    document = stored.issued(library.db, decision.decision_sha256)
    fingerprint = issuer_key.public_key.fingerprint
    new = document is None
    if document is None:
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
    elif stored.issued_fingerprint(library.db, decision.decision_sha256) != fingerprint:
        raise InvalidInputError(
            "This decision's badge was issued with another issuer key; it is written only as it was issued."
        )
    path = write_badge(document, target)
    issued = IssuedBadge(path, document["id"], fingerprint, document["validFrom"], new)
    return Outcome(issued, Changes(badges=True) if new else NOTHING)
