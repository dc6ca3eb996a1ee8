"""Ed25519 public keys as `did:key` identifiers and Multikey values (multicodec 0xed01, base58btc).

`did:key:z6Mk…` is the key itself, written as an identifier: anyone can make one, so it proves
that a credential is consistent, not who issued it; the trust lists say who holds which key.
"""

from __future__ import annotations

from portfolio_app.bundle.errors import BadgeError

_ED25519_PUB = b"\xed\x01"  # the multicodec varint of ed25519-pub (0xed)
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}


def multikey(raw_public_key: bytes) -> str:
    """The Multikey `publicKeyMultibase` of a 32-byte Ed25519 public key (`z6Mk…`)."""
    if len(raw_public_key) != 32:
        raise BadgeError("An Ed25519 public key is 32 bytes long.")
    return "z" + base58btc_encode(_ED25519_PUB + raw_public_key)


def did_key(raw_public_key: bytes) -> str:
    """The `did:key` of a 32-byte Ed25519 public key."""
    return "did:key:" + multikey(raw_public_key)


def verification_method(raw_public_key: bytes) -> str:
    """The key's verification method id: its `did:key`, a `#`, and the Multikey again."""
    return f"{did_key(raw_public_key)}#{multikey(raw_public_key)}"


def public_key_of(did: str) -> bytes:
    """The raw Ed25519 public key a `did:key` (or its verification method id) names.

    Raises:
        BadgeError: not a did:key, or not one of an Ed25519 key.
    """
    body, _, fragment = did.partition("#")
    if not body.startswith("did:key:z"):
        raise BadgeError(f"{did!r} is not a did:key: this app verifies badges whose issuer is a did:key.")
    value = body[len("did:key:") :]
    if fragment and fragment != value:
        raise BadgeError(f"The verification method {did!r} names another key than its did:key.")
    decoded = base58btc_decode(value[1:])
    if len(decoded) != 34 or decoded[:2] != _ED25519_PUB:
        raise BadgeError(f"{did!r} is not the did:key of an Ed25519 public key.")
    return decoded[2:]


def base58btc_encode(data: bytes) -> str:
    """Bitcoin's base58 (the multibase `z` alphabet); leading zero bytes become '1's."""
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, digit = divmod(number, 58)
        text = _ALPHABET[digit] + text
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + text


def base58btc_decode(text: str) -> bytes:
    """The bytes of a base58btc string.

    Raises:
        BadgeError: a character outside the alphabet.
    """
    number = 0
    for char in text:
        digit = _INDEX.get(char)
        if digit is None:
            raise BadgeError(f"{char!r} is not a base58btc character.")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body
