"""Issuing a credential: the claim, written with defined terms only, signed by the issuer's key."""

from __future__ import annotations

import json
from typing import Any

from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges import didkey, rdfc
from portfolio_app.bundle.openbadges.credential import unsigned_credential
from portfolio_app.bundle.openbadges.terms import require_defined_terms
from portfolio_app.core.badges import BadgeClaim


def issue_credential(claim: BadgeClaim, issuer_key: SigningKey, issuer_name: str) -> dict[str, Any]:
    """The signed OpenBadgeCredential of `claim`, issued by `issuer_key` as a did:key named `issuer_name`.

    Raises:
        BadgeError: the claim does not fit the credential's rubric, or would carry an undefined term.
    """
    raw = issuer_key.public_key.raw
    document = unsigned_credential(claim, didkey.did_key(raw), issuer_name)
    require_defined_terms(document)  # what is not defined would not be signed: never issue it
    return rdfc.sign(document, issuer_key, didkey.verification_method(raw), claim.issued_at)


def credential_json(document: dict[str, Any]) -> str:
    """The credential as compact JSON: every byte of it means something, so any changed byte is caught."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
