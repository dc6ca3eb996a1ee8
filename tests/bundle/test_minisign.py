"""minisign-format keys and signatures: round trips, and every way a signature can be wrong."""

import base64

import pytest

from portfolio_app.bundle.errors import SignatureError
from portfolio_app.bundle.minisign import PublicKey, SigningKey, normalise_fingerprint, verify

MESSAGE = b"1712ecfb  bagit.txt\n"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate()


def test_a_signature_verifies_and_carries_its_trusted_comment(key):
    text = key.sign(MESSAGE, "timestamp:1\tfile:tagmanifest-sha256.txt")
    parsed = verify(key.public_key, MESSAGE, text)
    assert parsed.trusted_comment == "timestamp:1\tfile:tagmanifest-sha256.txt"
    assert parsed.prehashed
    assert base64.b64decode(text.splitlines()[1])[:2] == b"ED"  # the prehashed algorithm


def test_a_changed_message_fails(key):
    text = key.sign(MESSAGE, "c")
    with pytest.raises(SignatureError, match="changed"):
        verify(key.public_key, MESSAGE + b"x", text)


def test_a_changed_trusted_comment_fails(key):
    lines = key.sign(MESSAGE, "timestamp:1").splitlines()
    lines[2] = "trusted comment: timestamp:2"
    with pytest.raises(SignatureError, match="trusted comment"):
        verify(key.public_key, MESSAGE, "\n".join(lines) + "\n")


def test_another_keys_signature_fails(key):
    other = SigningKey.generate()
    with pytest.raises(SignatureError, match="made by key"):
        verify(key.public_key, MESSAGE, other.sign(MESSAGE, "c"))


def test_a_forged_key_id_does_not_help(key):
    """Another key that claims this key's id still fails on the signature itself."""
    other = SigningKey.generate()
    lines = other.sign(MESSAGE, "c").splitlines()
    blob = base64.b64decode(lines[1])
    lines[1] = base64.b64encode(blob[:2] + key.public_key.key_id + blob[10:]).decode()
    with pytest.raises(SignatureError):
        verify(key.public_key, MESSAGE, "\n".join(lines))


def test_legacy_unhashed_signatures_are_refused(key):
    lines = key.sign(MESSAGE, "c").splitlines()
    blob = base64.b64decode(lines[1])
    lines[1] = base64.b64encode(b"Ed" + blob[2:]).decode()
    with pytest.raises(SignatureError, match="legacy"):
        verify(key.public_key, MESSAGE, "\n".join(lines))


@pytest.mark.parametrize("text", ["", "hello", "untrusted comment: x\n!!!\ntrusted comment: c\nAAAA\n"])
def test_garbage_is_not_a_signature(key, text):
    with pytest.raises(SignatureError):
        verify(key.public_key, MESSAGE, text)


def test_the_public_key_round_trips_through_its_file_text(key):
    public = key.public_key
    assert PublicKey.from_text(public.file_text()) == public
    assert PublicKey.from_text(public.text) == public
    assert public.file_text().startswith(f"untrusted comment: minisign public key {public.key_id_hex}\n")
    assert len(public.fingerprint) == 64


def test_the_key_id_and_fingerprint_come_from_the_key(key):
    again = SigningKey(key.seed())
    assert again.public_key == key.public_key
    assert key.public_key.fingerprint.startswith(key.public_key.key_id.hex())


def test_fingerprints_are_normalised_from_what_people_type(key):
    fp = key.public_key.fingerprint
    spaced = " ".join(fp[i : i + 4] for i in range(0, 64, 4)).upper()
    assert normalise_fingerprint(spaced) == fp
    assert normalise_fingerprint(key.public_key.text) == fp
    with pytest.raises(SignatureError, match="not a key fingerprint"):
        normalise_fingerprint("abc123")
