"""The teacher's signing key: made on first need, kept only in the system keychain.

The 32-byte Ed25519 seed is stored through `keyring` (Windows Credential Locker, macOS
Keychain, Secret Service on Linux) under SERVICE, one account per key. It is never written to
a file, the database, a bundle or a log, and there is no plaintext fallback: without a usable
keychain, KeychainUnavailableError says what to install or unlock.
"""

from __future__ import annotations

import base64
import binascii
import sys

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from portfolio_app.bundle.errors import KeychainUnavailableError
from portfolio_app.bundle.minisign import PublicKey, SigningKey

SERVICE = "Micro-credential Portfolio"
DEFAULT_ACCOUNT = "submission-signing-key"
_PREFIX = "ed25519-seed-v1:"  # what is stored: the prefix, then the seed in base64

# Backends that would keep a secret in a readable file, or not at all.
_REFUSED = {
    ("keyring.backends.fail", "Keyring"),
    ("keyring.backends.null", "Keyring"),
    ("keyrings.alt.file", "PlaintextKeyring"),
}


def signing_key(account: str = DEFAULT_ACCOUNT) -> SigningKey:
    """The key stored under `account`, made and stored first if there is none yet.

    Raises:
        KeychainUnavailableError: no usable keychain, it is locked, or it refused the key.
    """
    backend = _usable_backend()
    stored = _call(backend.get_password, SERVICE, account)
    if stored is not None:
        return _parse(stored, account)
    key = SigningKey.generate()
    _call(backend.set_password, SERVICE, account, _PREFIX + base64.b64encode(key.seed()).decode("ascii"))
    if _call(backend.get_password, SERVICE, account) is None:  # a keychain that accepts and forgets
        raise KeychainUnavailableError("The system keychain did not keep the signing key. " + _what_to_do())
    return key


def public_key(account: str = DEFAULT_ACCOUNT) -> PublicKey:
    """The public half of the signing key (which is made if there is none yet)."""
    return signing_key(account).public_key


def has_signing_key(account: str = DEFAULT_ACCOUNT) -> bool:
    """True when the keychain already holds a key under `account`."""
    return _call(_usable_backend().get_password, SERVICE, account) is not None


def issuer_account(organisation: str) -> str:
    """The keychain account of an organisation's issuer key ("Lincoln District" -> "issuer:lincoln district")."""
    return "issuer:" + " ".join(organisation.split()).casefold()


def stored_key(account: str = DEFAULT_ACCOUNT) -> SigningKey | None:
    """The key stored under `account`, or None; never makes one."""
    stored = _call(_usable_backend().get_password, SERVICE, account)
    return None if stored is None else _parse(stored, account)


def store_key(key: SigningKey, account: str = DEFAULT_ACCOUNT) -> None:
    """Put `key` into the keychain under `account`, replacing what is there (restore, rotation)."""
    backend = _usable_backend()
    _call(backend.set_password, SERVICE, account, _PREFIX + base64.b64encode(key.seed()).decode("ascii"))
    if _call(backend.get_password, SERVICE, account) is None:
        raise KeychainUnavailableError("The system keychain did not keep the signing key. " + _what_to_do())


def delete_key(account: str = DEFAULT_ACCOUNT) -> bool:
    """Remove the key under `account`; False when there was none."""
    backend = _usable_backend()
    if _call(backend.get_password, SERVICE, account) is None:
        return False
    try:
        backend.delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise KeychainUnavailableError(f"The system keychain refused to remove the key ({exc}).") from None
    return True


# keyring's own names ("keyring.backends.Windows WinVaultKeyring") say nothing to a teacher.
_KNOWN_KEYCHAINS = {
    "Windows.WinVaultKeyring": "Windows Credential Manager",
    "macOS.Keyring": "macOS Keychain",
    "SecretService.Keyring": "the desktop's Secret Service keyring",
    "libsecret.Keyring": "the desktop's libsecret keyring",
    "kwallet.DBusKeyring": "KDE Wallet",
    "fail.Keyring": "no keychain",
}


def keychain_name() -> str:
    """The keychain in use, as the user knows it (for messages and `keys show`)."""
    backend = keyring.get_keyring()
    chain = getattr(backend, "backends", None)
    if chain:  # keyring's chainer: the first backend that answers is the one used
        backend = max(chain, key=lambda b: b.priority)
    kind = type(backend)
    known = _KNOWN_KEYCHAINS.get(f"{kind.__module__.rsplit('.', 1)[-1]}.{kind.__name__}")
    return known or getattr(backend, "friendly_name", None) or getattr(backend, "name", kind.__name__)


def usable_keychain(what: str) -> KeyringBackend:
    """The system keychain for a secret (`what`, for the message), refusing ones that would keep it readable.

    Raises:
        KeychainUnavailableError: only a plaintext file, or no keychain at all, is available.
    """
    return _usable_backend(what)


def _usable_backend(what: str = "the signing key") -> KeyringBackend:
    backend = keyring.get_keyring()
    kinds = {(type(b).__module__, type(b).__name__) for b in getattr(backend, "backends", [backend])}
    if not kinds or kinds <= _REFUSED or kinds & {("keyrings.alt.file", "PlaintextKeyring")}:
        raise KeychainUnavailableError(f"No system keychain is available to keep {what} safely. " + _what_to_do())
    return backend


def _call(method, *args):
    try:
        return method(*args)
    except keyring.errors.KeyringLocked:
        raise KeychainUnavailableError(
            "The system keychain is locked. Unlock it (your login password usually does) and try again."
        ) from None
    except keyring.errors.KeyringError as exc:
        raise KeychainUnavailableError(
            f"The system keychain refused the signing key ({exc}). " + _what_to_do()
        ) from None


def _parse(stored: str, account: str) -> SigningKey:
    try:
        if not stored.startswith(_PREFIX):
            raise ValueError("not ours")
        return SigningKey(base64.b64decode(stored[len(_PREFIX) :], validate=True))
    except (ValueError, binascii.Error):
        raise KeychainUnavailableError(
            f"The keychain entry '{account}' of '{SERVICE}' is not a signing key this app made. "
            "Remove it with your keychain tool; a new key is then made on the next export."
        ) from None


def _what_to_do() -> str:
    if sys.platform.startswith("linux"):
        return (
            "On Linux, install and unlock a Secret Service keychain: GNOME Keyring (package gnome-keyring) "
            "or KWallet, and log in to a desktop session that starts it."
        )
    if sys.platform == "darwin":
        return "Unlock your login keychain in Keychain Access and try again."
    if sys.platform == "win32":
        return "Sign in to Windows with your own account so that Credential Manager is available."
    return "Install a keychain that the Python keyring package supports."
