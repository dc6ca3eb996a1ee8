"""`portfolio keys show|export-public` and `portfolio verify`: exit codes, text, JSON; no library is made."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from portfolio_app.bundle import keys
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.writer import write_bundle
from portfolio_app.cli import main
from tests.bundle.sample_content import make_content
from tests.bundle.tampering import flip_byte, rewrite

VIDEO = "data/evidence/01-video.mp4"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-bundle")
    target = folder / "exit-tickets.zip"
    write_bundle(make_content(folder / "media"), target, SigningKey.generate())
    return target


def test_keys_show_prints_the_fingerprint_and_public_key(run, data_dir):
    code, out, _ = run("keys", "show")
    public = keys.public_key()
    assert code == 0
    assert public.fingerprint in out and public.text in out and "untrusted comment: minisign public key" in out
    code, out, _ = run("keys", "show", "--json")
    assert json.loads(out)["fingerprint"] == public.fingerprint
    assert not data_dir.exists()  # keys need no library


def test_keys_without_a_keychain_exit_1_saying_what_to_do(run):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    code, out, err = run("keys", "show")
    assert code == 1 and out == "" and "keychain" in err


def test_export_public_writes_a_file_minisign_reads(run, tmp_path):
    target = tmp_path / "teacher.pub"
    code, out, _ = run("keys", "export-public", str(target))
    assert code == 0 and str(target) in out
    assert target.read_text() == keys.public_key().file_text()
    if shutil.which("minisign"):
        message = tmp_path / "m.txt"
        message.write_bytes(b"hello\n")
        (tmp_path / "m.txt.minisig").write_text(keys.signing_key().sign(b"hello\n", "c"))
        done = subprocess.run(["minisign", "-V", "-p", str(target), "-m", str(message)], capture_output=True)
        assert done.returncode == 0, done.stderr


def test_verify_a_valid_bundle(run, bundle, data_dir):
    code, out, _ = run("verify", str(bundle))
    assert code == 0 and "valid, signed by key" in out and "Ana María Ortiz" in out
    code, out, _ = run("verify", str(bundle), "--json")
    document = json.loads(out)
    assert document["valid"] is True and document["problems"] == [] and document["draft"] is False
    assert VIDEO in document["entries"]
    assert not data_dir.exists()  # verifying creates nothing


def test_verify_a_tampered_bundle_lists_each_problem_with_its_entry(run, bundle, tmp_path):
    bad = rewrite(bundle, tmp_path / "bad.zip", lambda items: flip_byte(items, VIDEO))
    code, out, err = run("verify", str(bad))
    assert code == 1 and out == ""  # the reasons go to stderr, as every failure's message does
    assert "NOT VALID" in err and f"  {VIDEO}: has changed" in err
    code, out, err = run("verify", str(bad), "--json")
    assert code == 1 and "NOT VALID" in err
    assert json.loads(out)["problems"] == [
        {"entry": VIDEO, "reason": "has changed: its sha256 does not match the manifest"}
    ]


def test_verify_with_another_expected_key_fails(run, bundle):
    code, _, err = run("verify", str(bundle), "--expect-key", "ab" * 32)
    assert code == 1 and "not by the expected" in err
    code, _, err = run("verify", str(bundle), "--expect-key", "nonsense")
    assert code == 1 and "not a key fingerprint" in err


def test_verify_something_else_exits_1(run, tmp_path):
    (tmp_path / "x.zip").write_text("no")
    code, _, err = run("verify", str(tmp_path / "x.zip"))
    assert code == 1 and "x.zip" in err


@pytest.mark.skipif(importlib.util.find_spec("bagit") is None, reason="needs the bagit package (dev extra)")
def test_verify_an_unsigned_bag_needs_allow_unsigned(run, tmp_path):
    import bagit

    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    bagit.make_bag(str(folder), checksums=["sha256"])
    code, _, err = run("verify", str(folder))
    assert code == 1 and "signature" in err
    code, out, _ = run("verify", str(folder), "--allow-unsigned")
    assert code == 0 and "not signed" in out


def test_verify_usage_errors_exit_2(run):
    with pytest.raises(SystemExit) as caught:
        main(["verify"])
    assert caught.value.code == 2


def test_zip_is_streamed_not_extracted(run, bundle, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", lambda *a, **k: pytest.fail("extracted"))
    assert run("verify", str(bundle))[0] == 0
    assert list(tmp_path.iterdir()) == []
