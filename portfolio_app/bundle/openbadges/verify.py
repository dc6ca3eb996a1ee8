"""Verifying an Open Badges 3.0 credential offline: contexts, defined terms, issuer key, proof, dates.

Nothing here asks a server: the contexts are shipped, the issuer's key is its `did:key`. Who
holds that key is a separate question, answered by the trust lists (services/badges.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import fingerprint_of
from portfolio_app.bundle.openbadges import didkey, rdfc
from portfolio_app.bundle.openbadges.contexts import VC_V2, shipped_urls
from portfolio_app.bundle.openbadges.credential import identity_hash
from portfolio_app.bundle.openbadges.terms import require_defined_terms
from portfolio_app.core.badges import BadgeEvidence

MAX_CREDENTIAL_BYTES = 1024 * 1024  # ours are a few kB; canonicalisation cost grows with size


@dataclass(frozen=True)
class VerifiedBadge:
    """A credential whose proof, issuer key, terms and dates all checked out."""

    document: dict[str, Any]
    id: str
    name: str
    achievement_id: str
    achievement_name: str
    issuer_did: str
    issuer_name: str
    issuer_fingerprint: str  # SHA-256 of the issuer's Ed25519 key: what trust lists name
    valid_from: str
    valid_until: str | None
    signed_at: str
    identity_hashes: tuple[tuple[str, str], ...]  # (identityHash, salt) of each hashed email
    evidence: tuple[BadgeEvidence, ...]

    def is_for_email(self, email: str) -> bool:
        """True when one of the credential's hashed identities is this email address."""
        return any(identity_hash(email, salt) == hashed for hashed, salt in self.identity_hashes)

    def names_evidence(self, evidence_id: str) -> bool:
        return any(item.id == evidence_id for item in self.evidence)


def parse_credential_json(data: bytes, source: str) -> dict[str, Any]:
    """The credential document in `data` (UTF-8 JSON), or BadgeError naming `source`."""
    if len(data) > MAX_CREDENTIAL_BYTES:
        raise BadgeError(f"{source}: the credential is larger than {MAX_CREDENTIAL_BYTES // 1024} kB.")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadgeError(f"{source}: the credential is not JSON ({exc}).") from None
    if not isinstance(document, dict):
        raise BadgeError(f"{source}: the credential is not a JSON object.")
    return document


def verify_credential(document: dict[str, Any], *, now: datetime | None = None) -> VerifiedBadge:
    """Check everything about `document` that needs no trust list; return what it says.

    Raises:
        BadgeError: the first problem found, in words a teacher can pass on.
    """
    _require_shape(document)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    require_defined_terms(unsecured)
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise BadgeError("The credential has no proof (or more than one): it is not signed.")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    require_defined_terms({"@context": document["@context"], **options}, "The credential's proof")
    issuer = document.get("issuer")
    issuer_did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_did, str):
        raise BadgeError("The credential names no issuer.")
    raw = didkey.public_key_of(issuer_did)
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or method.partition("#")[0] != issuer_did:
        raise BadgeError(f"The credential's proof is made by {method!r}, not by its issuer {issuer_did}.")
    didkey.public_key_of(method)  # the fragment must name the same key
    rdfc.check(document, raw)
    badge = _read(document, issuer_did, fingerprint_of(raw))
    _check_dates(badge, now or datetime.now(UTC))
    return badge


def _require_shape(document: dict[str, Any]) -> None:
    context = document.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_V2:
        raise BadgeError(f"The credential's @context must begin with {VC_V2}: it is not a VC 2.0 credential.")
    for url in context:
        if url not in shipped_urls():
            # Inline contexts could redefine terms; unknown URLs would have to be fetched.
            raise BadgeError(f"The credential's @context entry {json.dumps(url)[:80]} is not one this app ships.")
    types = document.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        raise BadgeError("The credential's type does not include VerifiableCredential.")
    if not {"OpenBadgeCredential", "AchievementCredential"} & set(types):
        raise BadgeError("The credential is not an OpenBadgeCredential.")


def _read(document: dict[str, Any], issuer_did: str, fingerprint: str) -> VerifiedBadge:
    issuer = document.get("issuer")
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise BadgeError("The credential has no credentialSubject with an achievement.")
    achieved = subject["achievement"]
    identities = []
    for item in _as_list(subject.get("identifier")):
        if isinstance(item, dict) and item.get("identityType") == "emailAddress" and item.get("hashed"):
            identities.append((str(item.get("identityHash", "")), str(item.get("salt", ""))))
    evidence = tuple(
        BadgeEvidence(str(e.get("id", "")), str(e.get("name", "")), str(e.get("genre", "")))
        for e in _as_list(document.get("evidence"))
        if isinstance(e, dict)
    )
    valid_from = document.get("validFrom")
    if not isinstance(valid_from, str):
        raise BadgeError("The credential has no validFrom date.")
    return VerifiedBadge(
        document=document,
        id=str(document.get("id", "")),
        name=str(document.get("name", achieved.get("name", ""))),
        achievement_id=str(achieved.get("id", "")),
        achievement_name=str(achieved.get("name", "")),
        issuer_did=issuer_did,
        issuer_name=str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
        issuer_fingerprint=fingerprint,
        valid_from=valid_from,
        valid_until=document.get("validUntil"),
        signed_at=str(document["proof"].get("created", valid_from)),
        identity_hashes=tuple(identities),
        evidence=evidence,
    )


def _check_dates(badge: VerifiedBadge, now: datetime) -> None:
    start = _instant(badge.valid_from, "validFrom")
    if start > now:
        raise BadgeError(f"The credential is not valid before {badge.valid_from}.")
    if badge.valid_until is not None and _instant(badge.valid_until, "validUntil") <= now:
        raise BadgeError(f"The credential expired on {badge.valid_until}.")


def _instant(text: str, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise BadgeError(f"The credential's {field} {text!r} is not a date and time.") from None
    if moment.tzinfo is None:
        raise BadgeError(f"The credential's {field} {text!r} has no time zone.")
    return moment


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]
