"""A signing key encrypted with a passphrase, for a backup that survives a lost or reimaged laptop.

Modelled on minisign's encrypted secret key (`untrusted comment:` line, then one base64 line of
algorithm ids, KDF parameters, salt and the encrypted key), with authenticated encryption in
place of minisign's XOR-and-checksum, so a wrong passphrase is told apart from a damaged file:

    "MK" (magic) | version 1 | "Sc" (scrypt) | log2 N | r | p | salt[16] | nonce[12] | AES-256-GCM(seed[32])

The scrypt parameters are stored, so a later version may raise them; N = 2^17, r = 8 (128 MiB
of memory per guess) cost 0.7 s on this (loaded) 2-core machine. The keychain account and the public key's
fingerprint are authenticated too (associated data), so a backup cannot be restored as another
key or account without the passphrase failing.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.core.errors import InvalidInputError

MAGIC = b"MK"
VERSION = 1
KDF = b"Sc"
LOG_N = 17  # tests lower it; what a file says is what reading it uses
R = 8
P = 1
MAX_LOG_N = 22  # refuse files that would ask for more than 4 GiB of memory
MIN_PASSPHRASE = 8
_HEADER = struct.Struct("<2sB2sBBB16s12s")  # magic, version, kdf, log2 N, r, p, salt, nonce


class WrongPassphraseError(InvalidInputError):
    """The passphrase does not open this key backup."""


def derive_key(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    """A 32-byte key from `passphrase` by scrypt (memory-hard)."""
    return Scrypt(salt=salt, length=32, n=1 << log_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def check_passphrase(passphrase: str) -> str:
    """`passphrase` if it is long enough to protect a key or a backup."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInputError(f"A passphrase needs at least {MIN_PASSPHRASE} characters; a few words are best.")
    return passphrase


def encrypt_key(key: SigningKey, account: str, passphrase: str) -> str:
    """The text of a key backup file: `key` (kept under `account`) sealed with `passphrase`."""
    salt, nonce = os.urandom(16), os.urandom(12)
    header = _HEADER.pack(MAGIC, VERSION, KDF, LOG_N, R, P, salt, nonce)
    sealed = AESGCM(derive_key(check_passphrase(passphrase), salt, LOG_N, R, P)).encrypt(
        nonce, key.seed(), _associated(header, account, key.public_key.fingerprint)
    )
    blob = base64.b64encode(header + account.encode("utf-8") + b"\0" + sealed).decode("ascii")
    return (
        f"untrusted comment: Micro-credential Portfolio key backup, fingerprint {key.public_key.fingerprint}\n"
        f"{key.public_key.fingerprint}\n{blob}\n"
    )


def decrypt_key(text: str, passphrase: str, file_name: str = "the key backup") -> tuple[SigningKey, str]:
    """(key, keychain account) from a key backup's text.

    Raises:
        WrongPassphraseError: the passphrase does not open it (or the file was changed).
        InvalidInputError: not a key backup this app can read.
    """
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) != 3 or not lines[0].startswith("untrusted comment:"):
        raise InvalidInputError(f"{file_name} is not a key backup of this app.")
    fingerprint = lines[1].lower()
    try:
        blob = base64.b64decode(lines[2], validate=True)
        magic, version, kdf, log_n, r, p, salt, nonce = _HEADER.unpack_from(blob)
    except (binascii.Error, ValueError, struct.error):
        raise InvalidInputError(f"{file_name} is damaged: its key line is not what a key backup holds.") from None
    if magic != MAGIC or kdf != KDF:
        raise InvalidInputError(f"{file_name} is not a key backup of this app.")
    if version != VERSION:
        raise InvalidInputError(f"{file_name} was written by a newer version of the app (format {version}).")
    if not (10 <= log_n <= MAX_LOG_N) or not (1 <= r <= 32) or not (1 <= p <= 16):
        raise InvalidInputError(f"{file_name} asks for key-derivation settings this app refuses.")
    account, zero, sealed = blob[_HEADER.size :].partition(b"\0")
    if not zero:
        raise InvalidInputError(f"{file_name} is damaged: it names no keychain account.")
    header = blob[: _HEADER.size]
    try:
        seed = AESGCM(derive_key(passphrase, salt, log_n, r, p)).decrypt(
            nonce, sealed, _associated(header, account.decode("utf-8", "replace"), fingerprint)
        )
    except InvalidTag:
        raise WrongPassphraseError(
            f"The passphrase does not open {file_name} (or the file was changed). Nothing was restored."
        ) from None
    key = SigningKey(seed)
    if key.public_key.fingerprint != fingerprint:  # cannot happen with an intact file; be certain
        raise InvalidInputError(f"{file_name} is damaged: the key inside is not the one it names.")
    return key, account.decode("utf-8")


def _associated(header: bytes, account: str, fingerprint: str) -> bytes:
    return header + account.encode("utf-8") + b"\0" + fingerprint.encode("ascii")
