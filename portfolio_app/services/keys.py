"""Use cases of signing keys: show, export, back up, restore, rotate; the keys live in the keychain, not the library."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.atomic_files import write_atomically
from portfolio_app.bundle import keys
from portfolio_app.bundle.key_backup import decrypt_key, encrypt_key
from portfolio_app.bundle.key_rotation import TYPE as ROTATION
from portfolio_app.bundle.key_rotation import Rotation, check_rotation, rotation_document
from portfolio_app.bundle.minisign import PublicKey, SigningKey
from portfolio_app.bundle.record import read_record, write_record
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError


@dataclass(frozen=True)
class RestoredKey:
    public_key: PublicKey
    account: str
    already_there: bool  # the keychain held this very key already


def account_for(issuer: str | None) -> str:
    """The keychain account of the teacher's own key, or of an organisation's issuer key."""
    return keys.issuer_account(issuer) if issuer else keys.DEFAULT_ACCOUNT


def show_public_key(account: str = keys.DEFAULT_ACCOUNT) -> PublicKey:
    """The public signing key (your own is made and kept in the keychain if there is none yet).

    Raises:
        KeychainUnavailableError: no usable keychain, or it is locked.
        InvalidInputError: an organisation's issuer key that this keychain does not hold (never made here
            by a typo: `keys new --issuer` makes one).
    """
    if account == keys.DEFAULT_ACCOUNT:
        return keys.public_key(account)
    key = keys.stored_key(account)
    if key is None:
        raise InvalidInputError(
            f"This keychain holds no {account.removeprefix('issuer:')!r} issuer key; "
            "`portfolio keys new --issuer ORG` makes one."
        )
    return key.public_key


def check_keychain() -> str:
    """The keychain's name when it is there and unlocked, so that signing can work.

    Raises:
        KeychainUnavailableError: no usable keychain, or it is locked; the message says what to do.
    """
    keys.has_signing_key()
    return keys.keychain_name()


def export_public_key(target: Path, account: str = keys.DEFAULT_ACCOUNT) -> PublicKey:
    """Write the public key as a minisign .pub file at `target`, atomically."""
    public = show_public_key(account)
    write_text_atomically(target, public.file_text(), "public key")
    return public


def backup_key(target: Path, passphrase: str, account: str = keys.DEFAULT_ACCOUNT) -> PublicKey:
    """Write the key under `account`, encrypted with `passphrase`, to `target` (never in plaintext)."""
    key = keys.stored_key(account)
    if key is None:
        raise InvalidInputError("This keychain holds no such key yet, so there is nothing to back up.")
    write_text_atomically(target, encrypt_key(key, account, passphrase), "key backup")
    return key.public_key


def restore_key(source: Path, passphrase: str, *, replace: bool = False) -> RestoredKey:
    """Put the key of a backup back into the keychain, under the account it came from.

    Raises:
        WrongPassphraseError: the passphrase does not open it; nothing is changed.
        InvalidInputError: another key is there already and `replace` is not set.
    """
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{source} cannot be read as a key backup: {exc}") from None
    key, account = decrypt_key(text, passphrase, source.name)
    present = keys.stored_key(account)
    if present is not None and present.public_key.fingerprint == key.public_key.fingerprint:
        return RestoredKey(key.public_key, account, already_there=True)
    if present is not None and not replace:
        raise InvalidInputError(
            f"The keychain already holds another key ({present.public_key.fingerprint}) there. Back it up first; "
            "then restore with --replace to put the backed-up key in its place."
        )
    if present is not None:  # kept, never thrown away: signatures it made must stay attributable
        keys.store_key(present, f"retired:{present.public_key.fingerprint}")
    keys.store_key(key, account)
    return RestoredKey(key.public_key, account, already_there=False)


def rotate_key(statement: Path, account: str = keys.DEFAULT_ACCOUNT) -> Rotation:
    """Make a new key for `account`; the old one signs a statement naming it, written to `statement`.

    The old key stays in the keychain under `retired:<fingerprint>`.
    """
    old = keys.stored_key(account)
    if old is None:
        raise InvalidInputError("This keychain holds no key to rotate yet.")
    new = SigningKey.generate()
    info = write_record(rotation_document(old, new, now_iso()), statement, old)
    keys.store_key(old, f"retired:{old.public_key.fingerprint}")
    keys.store_key(new, account)
    return check_rotation(read_record(info.path, expect_type=ROTATION))


def verify_rotation(statement: Path) -> Rotation:
    """Check a key-rotation statement: signed by the old key, accepted by the new."""
    return check_rotation(read_record(statement, expect_type=ROTATION))


def write_text_atomically(target: Path, text: str, what: str) -> None:
    """Write `text` to `target` through a temp file in the same folder, fsynced, then renamed."""
    write_atomically(target, text, f"the {what}")
