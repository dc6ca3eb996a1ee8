"""The unsigned `OpenBadgeCredential` of a claim: issuer, achievement, results, evidence, hashed recipient.

Every member is a term the shipped contexts define (terms.require_defined_terms checks it before
signing), so everything here is covered by the proof.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.openbadges.contexts import CREDENTIAL_CONTEXT
from portfolio_app.core.badges import BadgeClaim, achievement, criterion_result_id, level_id

# Credential ids are UUIDs derived from the decision, so one earned decision is one credential:
# issuing again gives the same id.
_BADGE_NAMESPACE = uuid.UUID("5b0d5d8e-2f4c-4a53-9c1e-6f1b8f0e7a21")


def credential_id(decision_sha256: str) -> str:
    """The credential id for the decision whose tag manifest has this SHA-256."""
    return f"urn:uuid:{uuid.uuid5(_BADGE_NAMESPACE, decision_sha256.lower())}"


def identity_hash(email: str, salt: str) -> str:
    """The Open Badges identity hash of an email address: `sha256$` and SHA-256(email + salt) in hex."""
    normalised = email.strip().lower()
    return "sha256$" + hashlib.sha256((normalised + salt).encode("utf-8")).hexdigest()


def unsigned_credential(claim: BadgeClaim, issuer_did: str, issuer_name: str) -> dict[str, Any]:
    """The credential for `claim`, issued by `issuer_did` (named `issuer_name`), before its proof.

    Raises:
        BadgeError: a criterion without a level, or a level the rubric does not have.
    """
    c = claim.credential
    subject_achievement = {k: v for k, v in achievement(c).items() if k != "@context"}
    document: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id(claim.decision_sha256),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": c.title,
        "issuer": {"id": issuer_did, "type": ["Profile"], "name": issuer_name},
        "validFrom": claim.issued_at,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(claim.recipient_email, claim.recipient_salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": claim.recipient_salt,
                }
            ],
            "achievement": subject_achievement,
            "result": _results(claim),
        },
        "evidence": _evidence(claim),
    }
    if claim.valid_until:
        document["validUntil"] = claim.valid_until
    return document


def _results(claim: BadgeClaim) -> list[dict[str, Any]]:
    results = []
    for criterion in claim.credential.criteria:
        level = claim.levels.get(criterion.id)
        if level is None:
            raise BadgeError(f"The decision gives no level for the criterion '{criterion.title}'.")
        try:
            criterion.rank(level)
        except KeyError:
            raise BadgeError(f"The criterion '{criterion.title}' has no level '{level}'.") from None
        results.append(
            {
                "type": ["Result"],
                "resultDescription": criterion_result_id(claim.credential, criterion),
                "achievedLevel": level_id(claim.credential, criterion, level),
            }
        )
    return results


def _evidence(claim: BadgeClaim) -> list[dict[str, Any]]:
    items = [
        {
            "id": f"urn:mcp:bundle:{claim.bundle_sha256}",
            "type": ["Evidence"],
            "name": "Signed submission bundle",
            "description": f"The SHA-256 of the bundle's tag manifest is {claim.bundle_sha256}.",
            "genre": "submission bundle",
        },
        {
            "id": f"urn:mcp:review:{claim.decision_sha256}",
            "type": ["Evidence"],
            "name": "Signed review decision (earned)",
            "description": f"The SHA-256 of the decision's tag manifest is {claim.decision_sha256}.",
            "genre": "review decision",
        },
    ]
    seen: set[str] = set()
    for item in claim.evidence:
        if item.sha256 in seen:  # one file offered twice is one piece of evidence
            continue
        seen.add(item.sha256)
        items.append(
            {
                "id": f"urn:mcp:evidence:{item.sha256}",
                "type": ["Evidence"],
                "name": f"Submitted {item.kind}",
                "description": f"The SHA-256 of the file is {item.sha256}.",
                "genre": item.kind,
            }
        )
    return items
