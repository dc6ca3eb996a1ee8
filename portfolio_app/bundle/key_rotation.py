"""A key-rotation statement: a record of type `key-rotation` signed by the old key, naming the new one.

The new key signs the statement too (`new_key_accepts`, a minisign signature of the canonical
document without that field), so nobody can claim another person's key as their successor.
Signatures made before the rotation stay attributable: the old key, the new key and the date
are in one signed record that any copy of the app verifies offline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portfolio_app.bundle import minisign
from portfolio_app.bundle.errors import SignatureError
from portfolio_app.bundle.minisign import PublicKey, SigningKey
from portfolio_app.bundle.record import VerifiedRecord
from portfolio_app.bundle.submission import canonical_json

FORMAT = "mcp-key-rotation/1"
TYPE = "key-rotation"


@dataclass(frozen=True)
class Rotation:
    """A verified statement: `old` handed over to `new` at `created_at`."""

    old_fingerprint: str
    new_fingerprint: str
    new_public_key: str
    created_at: str


def rotation_document(old: SigningKey, new: SigningKey, created_at: str) -> dict[str, Any]:
    """The statement's document, with the new key's acceptance signature."""
    document: dict[str, Any] = {
        "type": TYPE,
        "format": FORMAT,
        "created_at": created_at,
        "old": {"fingerprint": old.public_key.fingerprint, "public_key": old.public_key.text},
        "new": {"fingerprint": new.public_key.fingerprint, "public_key": new.public_key.text},
    }
    document["new_key_accepts"] = new.sign(
        canonical_json(document), trusted_comment=f"key-rotation from {old.public_key.fingerprint}"
    )
    return document


def check_rotation(record: VerifiedRecord) -> Rotation:
    """The rotation a verified record states, after checking both keys' signatures.

    Raises:
        SignatureError: not signed by the old key it names, or the new key did not accept it.
    """
    document = dict(record.document)
    try:
        old = PublicKey.from_text(str(document["old"]["public_key"]))
        new = PublicKey.from_text(str(document["new"]["public_key"]))
        acceptance = str(document.pop("new_key_accepts"))
        if document["old"]["fingerprint"] != old.fingerprint or document["new"]["fingerprint"] != new.fingerprint:
            raise SignatureError("its fingerprints are not those of the keys it names")
    except (KeyError, TypeError) as exc:
        raise SignatureError(f"{record.location.name} is not a complete key-rotation statement ({exc}).") from None
    if document.get("format") != FORMAT:
        raise SignatureError(f"{record.location.name} is not a key-rotation statement of format {FORMAT}.")
    if record.fingerprint != old.fingerprint:
        raise SignatureError(
            f"{record.location.name} is signed by {record.fingerprint}, "
            f"not by the old key it names ({old.fingerprint})."
        )
    try:
        minisign.verify(new, canonical_json(document), acceptance)
    except SignatureError as exc:
        raise SignatureError(f"{record.location.name}: the new key's acceptance does not verify: {exc}") from None
    return Rotation(old.fingerprint, new.fingerprint, new.text, str(document.get("created_at", "")))
