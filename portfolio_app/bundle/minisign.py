"""Ed25519 keys and detached signatures in the format of the `minisign` tool.

A public key is `base64("Ed" + key_id[8] + public_key[32])`; a signature file holds
`base64("ED" + key_id[8] + Ed25519(BLAKE2b-512(message)))`, a trusted comment, and a global
signature `Ed25519(signature[64] + trusted_comment)`, so the comment cannot be changed either.
`minisign -Vm FILE -x FILE.minisig -p key.pub` verifies what `sign` makes.

The key id, which minisign prints in hex, is the first 8 bytes of the SHA-256 of the public key,
and the **fingerprint** we show and compare (`--expect-key`) is the whole SHA-256 of the raw
32-byte public key in lowercase hex. Unlike minisign's key id, which the key's maker chooses
freely, a fingerprint cannot be made to match another key's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from portfolio_app.bundle.errors import SignatureError

_PUBLIC_ALGORITHM = b"Ed"
_PREHASHED = b"ED"
_LEGACY = b"Ed"


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: 8-byte key id and 32-byte Ed25519 key."""

    key_id: bytes
    raw: bytes

    @property
    def text(self) -> str:
        """The one-line base64 form, as in a .pub file's second line."""
        return base64.b64encode(_PUBLIC_ALGORITHM + self.key_id + self.raw).decode("ascii")

    @property
    def key_id_hex(self) -> str:
        """The key id as minisign prints it (a little-endian 64-bit number in upper-case hex)."""
        return self.key_id[::-1].hex().upper()

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.raw)

    def file_text(self) -> str:
        """The content of a `.pub` file that `minisign -V -p FILE` reads."""
        return f"untrusted comment: minisign public key {self.key_id_hex}\n{self.text}\n"

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        """Read a public key from its base64 line or a whole .pub file."""
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        if lines and lines[0].startswith("untrusted comment:"):
            lines = lines[1:]
        if len(lines) != 1:
            raise SignatureError("This is not a minisign public key: expected one line of base64.")
        blob = _b64(lines[0], "public key")
        if len(blob) != 42 or blob[:2] != _PUBLIC_ALGORITHM:
            raise SignatureError("This is not a minisign Ed25519 public key.")
        return cls(key_id=blob[2:10], raw=blob[10:])


@dataclass(frozen=True)
class Signature:
    """A parsed .minisig file."""

    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    prehashed: bool

    @classmethod
    def from_text(cls, text: str) -> Signature:
        lines = text.splitlines()
        if len(lines) < 4 or not lines[0].startswith("untrusted comment:"):
            raise SignatureError("The signature file is not in minisign format.")
        if not lines[2].startswith("trusted comment: "):
            raise SignatureError("The signature file has no trusted comment.")
        blob = _b64(lines[1], "signature")
        if len(blob) != 74 or blob[:2] not in (_PREHASHED, _LEGACY):
            raise SignatureError("The signature is not an Ed25519 minisign signature.")
        global_signature = _b64(lines[3], "global signature")
        if len(global_signature) != 64:
            raise SignatureError("The signature's global signature has the wrong length.")
        return cls(
            key_id=blob[2:10],
            signature=blob[10:],
            trusted_comment=lines[2][len("trusted comment: ") :],
            global_signature=global_signature,
            prehashed=blob[:2] == _PREHASHED,
        )


class SigningKey:
    """An Ed25519 private key that signs in minisign format. Never written anywhere by this class."""

    def __init__(self, seed: bytes):
        if len(seed) != 32:
            raise SignatureError("A signing key is 32 bytes long.")
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        raw = self._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_key = PublicKey(key_id=hashlib.sha256(raw).digest()[:8], raw=raw)

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(_seed_of(Ed25519PrivateKey.generate()))

    def seed(self) -> bytes:
        """The 32 secret bytes, for the keychain only."""
        return _seed_of(self._private)

    def sign(self, message: bytes, trusted_comment: str, untrusted_comment: str = "signature") -> str:
        """A detached, prehashed (BLAKE2b-512) signature of `message`, as the text of a .minisig file."""
        if "\n" in trusted_comment or "\r" in trusted_comment:
            raise SignatureError("A trusted comment is one line.")
        signature = self._private.sign(hashlib.blake2b(message).digest())
        comment = trusted_comment.encode("utf-8")
        global_signature = self._private.sign(signature + comment)
        blob = _PREHASHED + self.public_key.key_id + signature
        return (
            f"untrusted comment: {untrusted_comment.splitlines()[0] if untrusted_comment else ''}\n"
            f"{base64.b64encode(blob).decode('ascii')}\n"
            f"trusted comment: {trusted_comment}\n"
            f"{base64.b64encode(global_signature).decode('ascii')}\n"
        )


def verify(public_key: PublicKey, message: bytes, signature_text: str) -> Signature:
    """Check a .minisig text against `message`; return it parsed, or raise SignatureError saying why."""
    parsed = Signature.from_text(signature_text)
    if not parsed.prehashed:
        raise SignatureError("The signature uses minisign's legacy (not prehashed) mode, which we do not accept.")
    if parsed.key_id != public_key.key_id:
        raise SignatureError(
            f"The signature was made by key {parsed.key_id[::-1].hex().upper()}, not by {public_key.key_id_hex}."
        )
    key = Ed25519PublicKey.from_public_bytes(public_key.raw)
    try:
        key.verify(parsed.signature, hashlib.blake2b(message).digest())
    except InvalidSignature:
        raise SignatureError("The signature does not match: the signed file was changed.") from None
    try:
        key.verify(parsed.global_signature, parsed.signature + parsed.trusted_comment.encode("utf-8"))
    except InvalidSignature:
        raise SignatureError("The signature's trusted comment was changed.") from None
    return parsed


def fingerprint_of(raw_public_key: bytes) -> str:
    """The SHA-256 of a raw Ed25519 public key, in lowercase hex."""
    return hashlib.sha256(raw_public_key).hexdigest()


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with spaces or colons), or a minisign public key, as 64 hex digits."""
    compact = re.sub(r"[\s:]", "", text).lower()
    if re.fullmatch(r"[0-9a-f]{64}", compact):
        return compact
    try:
        return PublicKey.from_text(text).fingerprint
    except SignatureError:
        raise SignatureError(
            f"{text!r} is not a key fingerprint (64 hexadecimal digits) or a minisign public key."
        ) from None


def _seed_of(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"The {what} is not valid base64.") from None
