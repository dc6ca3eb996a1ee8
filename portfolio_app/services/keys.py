"""Use cases of the teacher's signing key; the key is in the system keychain, not in the library."""

from __future__ import annotations

import os
from pathlib import Path

from portfolio_app.bundle import keys
from portfolio_app.bundle.minisign import PublicKey
from portfolio_app.core.errors import StorageError


def show_public_key() -> PublicKey:
    """The public signing key (made and kept in the keychain if there is none yet).

    Raises:
        KeychainUnavailableError: no usable keychain, or it is locked.
    """
    return keys.public_key()


def export_public_key(target: Path) -> PublicKey:
    """Write the public key as a minisign .pub file at `target`, atomically."""
    public = keys.public_key()
    temp = target.with_name(f".{target.name}.part")
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as file:
            file.write(public.file_text())
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StorageError(f"The public key cannot be written to {target}: {exc.strerror or exc}") from exc
    return public
