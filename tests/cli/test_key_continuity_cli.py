"""Key continuity: `keys backup|restore|rotate`, from the terminal as a teacher moving to a new laptop would."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from portfolio_app.bundle import key_backup, keys
from portfolio_app.bundle.record import read_record
from portfolio_app.bundle.writer import write_bundle
from portfolio_app.services.keys import verify_rotation
from tests.bundle.sample_content import make_content


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch):
    """2^12 instead of 2^17: the file records what it used, so reading is the same code."""
    monkeypatch.setattr(key_backup, "LOG_N", 12)


@pytest.fixture
def passphrase(tmp_path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text("correct horse battery staple\n")
    return path


def test_a_key_backed_up_deleted_and_restored_is_the_same_and_earlier_bundles_verify(run, tmp_path, passphrase):
    bundle = tmp_path / "exit-tickets.zip"
    write_bundle(make_content(tmp_path / "media"), bundle, keys.signing_key())
    before = keys.public_key().fingerprint
    backup = tmp_path / "usb" / "ana.key"
    backup.parent.mkdir()
    code, out, err = run("keys", "backup", "-o", str(backup), "--passphrase-file", str(passphrase))
    assert code == 0, err
    assert before in out
    text = backup.read_text()
    assert keys.signing_key().seed().hex() not in text and before in text  # the fingerprint, never the key

    assert keys.delete_key()  # the laptop is reimaged
    assert not keys.has_signing_key()
    code, out, err = run("keys", "restore", str(backup), "--passphrase-file", str(passphrase), "--json")
    assert code == 0, err
    assert json.loads(out) == {"fingerprint": before, "account": keys.DEFAULT_ACCOUNT, "already_there": False}
    assert keys.public_key().fingerprint == before
    code, out, _ = run("verify", str(bundle), "--expect-key", before)
    assert code == 0 and f"signed by key {before}" in out


def test_a_wrong_passphrase_is_a_clear_error_and_restores_nothing(run, tmp_path, passphrase):
    backup = tmp_path / "ana.key"
    keys.signing_key()
    assert run("keys", "backup", "-o", str(backup), "--passphrase-file", str(passphrase))[0] == 0
    keys.delete_key()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("incorrect horse battery staple\n")
    code, out, err = run("keys", "restore", str(backup), "--passphrase-file", str(wrong))
    assert code == 1 and out == ""
    assert "The passphrase does not open ana.key" in err and "Nothing was restored" in err
    assert not keys.has_signing_key()
    lines = backup.read_text().splitlines()
    lines[2] = lines[2][:-8] + ("A" if lines[2][-8] != "A" else "B") + lines[2][-7:]  # one changed character
    backup.write_text("\n".join(lines) + "\n")
    code, _, err = run("keys", "restore", str(backup), "--passphrase-file", str(passphrase))
    assert code == 1 and "does not open" in err and not keys.has_signing_key()


def test_restore_does_not_replace_another_key_unless_asked(run, tmp_path, passphrase, memory_keyring):
    backup = tmp_path / "ana.key"
    original = keys.public_key().fingerprint
    assert run("keys", "backup", "-o", str(backup), "--passphrase-file", str(passphrase))[0] == 0
    keys.delete_key()
    other = keys.public_key().fingerprint  # the new laptop made a key before the restore
    code, _, err = run("keys", "restore", str(backup), "--passphrase-file", str(passphrase))
    assert code == 1 and "already holds another key" in err and keys.public_key().fingerprint == other
    code, _, _ = run("keys", "restore", str(backup), "--passphrase-file", str(passphrase), "--replace")
    assert code == 0 and keys.public_key().fingerprint == original
    assert keys.stored_key(f"retired:{other}").public_key.fingerprint == other
    code, out, _ = run("keys", "restore", str(backup), "--passphrase-file", str(passphrase))
    assert code == 0 and "was already in this keychain" in out


def test_an_issuer_key_backs_up_and_restores_under_its_own_account(run, tmp_path, passphrase):
    assert run("keys", "new", "--issuer", "Lincoln District")[0] == 0
    issuer = keys.stored_key(keys.issuer_account("Lincoln District")).public_key.fingerprint
    backup = tmp_path / "lincoln.key"
    assert (
        run("keys", "backup", "--issuer", "Lincoln District", "-o", str(backup), "--passphrase-file", str(passphrase))[
            0
        ]
        == 0
    )
    keys.delete_key(keys.issuer_account("Lincoln District"))
    code, out, _ = run("keys", "restore", str(backup), "--passphrase-file", str(passphrase))
    assert code == 0 and "issuer:lincoln district" in out
    assert keys.stored_key(keys.issuer_account("Lincoln District")).public_key.fingerprint == issuer


def test_a_short_passphrase_or_none_at_all_is_refused(run, tmp_path):
    keys.signing_key()
    short = tmp_path / "short.txt"
    short.write_text("abc\n")
    code, _, err = run("keys", "backup", "-o", str(tmp_path / "k"), "--passphrase-file", str(short))
    assert code == 1 and "at least 8 characters" in err
    code, _, err = run("keys", "backup", "-o", str(tmp_path / "k"))  # tests have no terminal to prompt on
    assert code == 1 and "--passphrase-file" in err
    assert not (tmp_path / "k").exists()


def test_a_rotated_keys_statement_verifies_and_names_both_keys(run, tmp_path):
    old = keys.public_key().fingerprint
    statement = tmp_path / "rotation.zip"
    code, out, err = run("keys", "rotate", "-o", str(statement), "--json")
    assert code == 0, err
    result = json.loads(out)
    new = keys.public_key().fingerprint
    assert result["old_fingerprint"] == old and result["new_fingerprint"] == new != old
    assert keys.stored_key(f"retired:{old}").public_key.fingerprint == old
    rotation = verify_rotation(statement)
    assert (rotation.old_fingerprint, rotation.new_fingerprint) == (old, new)
    record = read_record(statement, expect_type="key-rotation")
    assert record.fingerprint == old
    code, out, _ = run("verify", str(statement))
    assert code == 0 and "valid key-rotation record" in out and f"hands over to {new}" in out


def test_a_rotation_statement_whose_new_key_did_not_accept_is_refused(tmp_path):
    from portfolio_app.bundle.errors import SignatureError
    from portfolio_app.bundle.key_rotation import rotation_document
    from portfolio_app.bundle.minisign import SigningKey
    from portfolio_app.bundle.record import write_record

    old, new, someone = SigningKey.generate(), SigningKey.generate(), SigningKey.generate()
    document = rotation_document(old, new, "2026-12-01T00:00:00Z")
    document["new"] = {"fingerprint": someone.public_key.fingerprint, "public_key": someone.public_key.text}
    write_record(document, tmp_path / "claim.zip", old)  # claims someone else's key as its successor
    with pytest.raises(SignatureError, match="new key's acceptance does not verify"):
        verify_rotation(tmp_path / "claim.zip")
    write_record(rotation_document(old, new, "2026-12-01T00:00:00Z"), tmp_path / "by-other.zip", someone)
    with pytest.raises(SignatureError, match="not by the old key"):
        verify_rotation(tmp_path / "by-other.zip")
    with zipfile.ZipFile(tmp_path / "claim.zip") as archive:
        assert any(name.endswith("data/key-rotation.json") for name in archive.namelist())
