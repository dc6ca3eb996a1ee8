"""The signing key lives only in the keychain: made once, found again, refused without a usable keychain."""

import os
import uuid

import keyring
import keyring.errors
import pytest
from keyring.backends import fail

from portfolio_app.bundle import keys
from portfolio_app.bundle.errors import KeychainUnavailableError
from tests.keyring_memory import MemoryKeyring


def test_the_key_is_made_on_first_need_and_found_again(memory_keyring):
    assert not keys.has_signing_key()
    first = keys.signing_key()
    assert keys.has_signing_key()
    assert keys.signing_key().public_key == first.public_key
    assert list(memory_keyring.secrets) == [(keys.SERVICE, keys.DEFAULT_ACCOUNT)]


def test_accounts_hold_different_keys():
    assert keys.signing_key("a").public_key != keys.signing_key("b").public_key


def test_the_keychain_holds_the_seed_and_nothing_else_does(memory_keyring, tmp_path):
    key = keys.signing_key()
    stored = memory_keyring.secrets[(keys.SERVICE, keys.DEFAULT_ACCOUNT)]
    assert stored.startswith("ed25519-seed-v1:")
    home = os.environ["HOME"]
    secret = stored.split(":", 1)[1].encode()
    for folder in (home, str(tmp_path)):
        for root, _, files in os.walk(folder):
            for name in files:
                with open(os.path.join(root, name), "rb") as file:
                    data = file.read()
                assert secret not in data and key.seed() not in data


def test_without_a_keychain_the_message_says_what_to_do(monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(keys.sys, "platform", "linux")
    with pytest.raises(KeychainUnavailableError, match="GNOME Keyring") as caught:
        keys.signing_key()
    assert "KWallet" in str(caught.value)


class _Locked(MemoryKeyring):
    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")


class _Refusing(MemoryKeyring):
    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("no")


class _Forgetful(MemoryKeyring):
    def set_password(self, service, username, password):
        pass


def test_a_locked_keychain_asks_to_be_unlocked():
    keyring.set_keyring(_Locked())
    with pytest.raises(KeychainUnavailableError, match="locked"):
        keys.signing_key()


@pytest.mark.parametrize("backend", [_Refusing, _Forgetful])
def test_a_keychain_that_does_not_keep_the_key_is_an_error(backend):
    keyring.set_keyring(backend())
    with pytest.raises(KeychainUnavailableError):
        keys.signing_key()


def test_a_plaintext_backend_is_refused(monkeypatch):
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    with pytest.raises(KeychainUnavailableError):
        keys.signing_key()


def test_an_entry_we_did_not_make_is_reported(memory_keyring):
    memory_keyring.secrets[(keys.SERVICE, keys.DEFAULT_ACCOUNT)] = "hunter2"
    with pytest.raises(KeychainUnavailableError, match="not a signing key this app made"):
        keys.signing_key()


def _secret_service_available() -> bool:
    if os.environ.get("PORTFOLIO_REQUIRE_KEYCHAIN"):
        return True  # inside `make test-keychain`: a missing Secret Service is a failure, not a skip
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from keyring.backends import SecretService

        return SecretService.Keyring.priority > 0
    except Exception:
        return False


@pytest.mark.keychain
@pytest.mark.skipif(not _secret_service_available(), reason="needs a D-Bus session with a Secret Service")
def test_a_real_secret_service_keeps_the_key():
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    account = f"test-{uuid.uuid4()}"
    try:
        made = keys.signing_key(account)
        assert keys.has_signing_key(account)
        assert keys.signing_key(account).public_key == made.public_key
        assert backend.get_password(keys.SERVICE, account).startswith("ed25519-seed-v1:")
    finally:
        backend.delete_password(keys.SERVICE, account)


def test_the_keychain_is_named_as_its_users_know_it():
    import keyring
    from keyring.backends import SecretService

    from portfolio_app.bundle.keys import keychain_name

    windows = type("WinVaultKeyring", (MemoryKeyring,), {"__module__": "keyring.backends.Windows"})
    mac = type("Keyring", (MemoryKeyring,), {"__module__": "keyring.backends.macOS"})
    named = {}
    for backend in (windows(), mac(), SecretService.Keyring(), MemoryKeyring()):
        keyring.set_keyring(backend)
        named[type(backend).__module__] = keychain_name()
    assert named == {
        "keyring.backends.Windows": "Windows Credential Manager",
        "keyring.backends.macOS": "macOS Keychain",
        "keyring.backends.SecretService": "the desktop's Secret Service keyring",
        "tests.keyring_memory": "a demo keychain (in memory)",
    }
