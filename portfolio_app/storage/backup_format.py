"""The encrypted form of a library backup: keys from a passphrase, and files sealed chunk by chunk.

A backup folder holds `backup.json` (the scrypt salt and parameters, and a check value that
tells a wrong passphrase apart at once), `manifest.enc` (what the backup holds, sealed) and
`objects/` (one sealed file per database snapshot or media blob). Nothing in the folder is
readable without the passphrase but the file sizes.

Keys: scrypt(passphrase) -> 32 bytes -> HKDF -> an AES-256-GCM key and an HMAC key. An object
is named by HMAC(blob's SHA-256), so the same blob is always the same object (an incremental
run copies only what is new) and names do not reveal which known file a backup holds.

An object: "MCPO1" | nonce prefix[7], then chunks of CHUNK bytes (the last one shorter), each
sealed with nonce = prefix | chunk number[4] | last?[1] and the object's name as associated
data: a chunk cannot be moved, dropped or swapped into another object unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from portfolio_app.core.errors import InvalidInputError, StorageError

FORMAT = "mcp-library-backup/1"
HEADER_NAME = "backup.json"
MANIFEST_NAME = "manifest.enc"
OBJECTS = "objects"
CHUNK = 4 << 20
TAG = 16
MAGIC = b"MCPO1"
LOG_N = 17  # scrypt N = 2^17, r = 8: 128 MiB per guess (tests lower it; backup.json records it)
_CHECK = b"micro-credential portfolio backup key check"


class WrongBackupPassphraseError(InvalidInputError):
    """The passphrase does not open this backup."""


@dataclass(frozen=True)
class BackupKeys:
    seal: AESGCM
    naming: bytes  # HMAC key for object names

    def object_name(self, sha256: str) -> str:
        return hmac.new(self.naming, sha256.encode("ascii"), hashlib.sha256).hexdigest()


def _derive(passphrase: str, header: dict[str, Any]) -> BackupKeys:
    kdf = header["kdf"]
    if kdf.get("name") != "scrypt" or not (10 <= kdf["log_n"] <= 22) or not (1 <= kdf["r"] <= 32):
        raise InvalidInputError("The backup asks for key-derivation settings this app refuses.")
    salt = base64.b64decode(kdf["salt"])
    master = Scrypt(salt=salt, length=32, n=1 << kdf["log_n"], r=kdf["r"], p=kdf["p"]).derive(passphrase.encode())
    both = HKDF(algorithm=hashes.SHA256(), length=64, salt=salt, info=FORMAT.encode()).derive(master)
    return BackupKeys(AESGCM(both[:32]), both[32:])


def new_header(passphrase: str) -> tuple[dict[str, Any], BackupKeys]:
    """A fresh backup.json document and its keys."""
    header: dict[str, Any] = {
        "format": FORMAT,
        "kdf": {"name": "scrypt", "log_n": LOG_N, "r": 8, "p": 1, "salt": base64.b64encode(os.urandom(16)).decode()},
    }
    keys = _derive(passphrase, header)
    nonce = os.urandom(12)
    header["check"] = base64.b64encode(nonce + keys.seal.encrypt(nonce, _CHECK, FORMAT.encode())).decode()
    return header, keys


def open_header(folder: Path, passphrase: str) -> BackupKeys:
    """The keys of the backup in `folder`, after checking the passphrase.

    Raises:
        WrongBackupPassphraseError: the passphrase is not this backup's.
        InvalidInputError: `folder` holds no backup this app can read.
    """
    try:
        header = json.loads((folder / HEADER_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError(f"{folder} holds no library backup (no {HEADER_NAME}).") from None
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"{folder / HEADER_NAME} cannot be read: {exc}") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InvalidInputError(f"{folder} holds a backup in a format this app does not know.")
    try:
        keys = _derive(passphrase, header)
        check = base64.b64decode(header["check"])
        keys.seal.decrypt(check[:12], check[12:], FORMAT.encode())
    except InvalidTag:
        raise WrongBackupPassphraseError(
            f"The passphrase does not open the backup in {folder}. Nothing was restored or changed."
        ) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError(f"{folder / HEADER_NAME} is damaged ({exc}).") from None
    return keys


def sealed_size(size: int) -> int:
    """The size of an object holding `size` plain bytes."""
    chunks = max(1, -(-size // CHUNK))
    return len(MAGIC) + 7 + size + chunks * TAG


def seal_stream(
    keys: BackupKeys, name: str, reader: BinaryIO, writer: BinaryIO, on_chunk: Callable[[int], None] | None = None
) -> tuple[str, int]:
    """Seal everything `reader` holds into `writer` as object `name`; returns the plain (sha256, size).

    Hashing and writing run on threads of their own (both release the GIL) while this one reads
    and encrypts: on two cores a backup costs about its slowest part, not the sum.
    """
    prefix = secrets.token_bytes(7)
    digest = hashlib.sha256()
    size = number = 0
    with ThreadPoolExecutor(1, "backup-hash") as hasher, ThreadPoolExecutor(1, "backup-write") as output:
        writes: deque[Future] = deque([output.submit(writer.write, MAGIC + prefix)])
        hashed: Future | None = None
        current = reader.read(CHUNK)
        while True:
            following = reader.read(CHUNK) if len(current) == CHUNK else b""
            last = not following
            if hashed is not None:
                hashed.result()  # chunks are hashed in order
            hashed = hasher.submit(digest.update, current)
            writes.append(
                output.submit(writer.write, keys.seal.encrypt(_nonce(prefix, number, last), current, name.encode()))
            )
            while len(writes) > 3 or (writes and writes[0].done()):
                writes.popleft().result()  # at most a few sealed chunks wait in memory; errors surface here
            size += len(current)
            if on_chunk is not None:
                on_chunk(len(current))
            if last:
                break
            current, number = following, number + 1
        hashed.result()
        for pending in writes:
            pending.result()
    return digest.hexdigest(), size


def open_stream(keys: BackupKeys, name: str, reader: BinaryIO) -> Iterator[bytes]:
    """The plain chunks of object `name`.

    Raises:
        StorageError: the object is damaged, cut short or not the one named.
    """
    head = reader.read(len(MAGIC) + 7)
    if head[: len(MAGIC)] != MAGIC or len(head) != len(MAGIC) + 7:
        raise StorageError(f"The backup's object {name[:12]}… is damaged (no header).")
    prefix = head[len(MAGIC) :]
    number = 0
    current = reader.read(CHUNK + TAG)
    while True:
        following = reader.read(CHUNK + TAG) if len(current) == CHUNK + TAG else b""
        try:
            yield keys.seal.decrypt(_nonce(prefix, number, not following), current, name.encode())
        except InvalidTag:
            raise StorageError(f"The backup's object {name[:12]}… is damaged or cut short.") from None
        if not following:
            return
        current, number = following, number + 1


def seal_bytes(keys: BackupKeys, name: str, data: bytes) -> bytes:
    import io

    out = io.BytesIO()
    seal_stream(keys, name, io.BytesIO(data), out)
    return out.getvalue()


def open_bytes(keys: BackupKeys, name: str, data: bytes) -> bytes:
    import io

    return b"".join(open_stream(keys, name, io.BytesIO(data)))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\1" if last else b"\0")
