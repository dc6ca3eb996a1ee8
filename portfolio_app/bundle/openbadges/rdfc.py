"""The `eddsa-rdfc-2022` Data Integrity proof (W3C vc-di-eddsa), as Open Badges 3.0 uses it.

What is signed: SHA-256 of the canonical N-Quads of the proof options (the proof without its
`proofValue`, with the credential's `@context`) followed by SHA-256 of the canonical N-Quads of
the credential without its proof; the 64-byte Ed25519 signature travels as multibase base58btc.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from portfolio_app.bundle.errors import BadgeError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.openbadges.didkey import base58btc_decode, base58btc_encode
from portfolio_app.bundle.openbadges.jsonld import canonical_nquads

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


@dataclass(frozen=True)
class HashedCredential:
    """The canonical forms and hashes a proof is made over (what 1EdTech's test vector publishes)."""

    document_nquads: str
    proof_nquads: str
    document_sha256: bytes
    proof_sha256: bytes

    @property
    def data_to_sign(self) -> bytes:
        return self.proof_sha256 + self.document_sha256


def proof_options(document: dict[str, Any], verification_method: str, created: str) -> dict[str, Any]:
    """The proof of `document`, before its `proofValue`."""
    return {
        "type": PROOF_TYPE,
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
    }


def hash_credential(unsecured: dict[str, Any], options: dict[str, Any]) -> HashedCredential:
    """Canonicalise the credential (without proof) and the proof options, and hash both."""
    document_nquads = canonical_nquads(unsecured)
    proof_nquads = canonical_nquads({"@context": unsecured.get("@context"), **options})
    return HashedCredential(
        document_nquads,
        proof_nquads,
        hashlib.sha256(document_nquads.encode("utf-8")).digest(),
        hashlib.sha256(proof_nquads.encode("utf-8")).digest(),
    )


def sign(unsecured: dict[str, Any], signing_key: SigningKey, verification_method: str, created: str) -> dict[str, Any]:
    """`unsecured` with an embedded eddsa-rdfc-2022 proof made by `signing_key`."""
    if "proof" in unsecured:
        raise BadgeError("The credential already has a proof.")
    options = proof_options(unsecured, verification_method, created)
    hashed = hash_credential(unsecured, options)
    # The proof is a raw Ed25519 signature, not minisign's prehashed one: the key object is
    # rebuilt from its seed in memory, used once and dropped.
    signature = Ed25519PrivateKey.from_private_bytes(signing_key.seed()).sign(hashed.data_to_sign)
    return {**unsecured, "proof": {**options, "proofValue": "z" + base58btc_encode(signature)}}


def check(document: dict[str, Any], raw_public_key: bytes) -> dict[str, Any]:
    """Check the embedded proof of `document` against an Ed25519 public key; returns the proof.

    Raises:
        BadgeError: no single proof of this suite, or a signature that does not match.
    """
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise BadgeError("The credential has no proof, or more than one.")
    for key, expected in (("type", PROOF_TYPE), ("cryptosuite", CRYPTOSUITE), ("proofPurpose", "assertionMethod")):
        if proof.get(key) != expected:
            raise BadgeError(f"The credential's proof has {key} {proof.get(key)!r}; this app checks {expected!r}.")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise BadgeError("The credential's proofValue is not a base58btc multibase value.")
    signature = base58btc_decode(value[1:])
    if len(signature) != 64:
        raise BadgeError("The credential's proofValue is not a 64-byte Ed25519 signature.")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    hashed = hash_credential(unsecured, options)
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, hashed.data_to_sign)
    except InvalidSignature:
        raise BadgeError(
            "The credential's signature does not match its content: it was changed after it was issued, "
            "or it was not signed by its issuer's key."
        ) from None
    return proof
