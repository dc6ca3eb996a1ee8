"""`portfolio keys new --issuer`, `trust make|import|list|remove`, and `verify` naming the signer by the lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio_app.bundle import keys
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.record import write_record
from portfolio_app.bundle.writer import write_bundle
from portfolio_app.cli import main
from tests.bundle.sample_content import make_content

RITA = SigningKey(b"r" * 32)
REVOKED = SigningKey(b"o" * 32)
STRANGER = SigningKey(b"s" * 32)


def review(folder: Path, key: SigningKey, signed_on: str) -> Path:
    target = folder / f"review-{key.public_key.key_id_hex}-{signed_on}.zip"
    write_record({"type": "review", "created_at": f"{signed_on}T10:00:00.000+00:00", "decision": "earned"}, target, key)
    return target


@pytest.fixture
def trust_list(run, tmp_path) -> Path:
    """Lincoln District's list, made with its issuer key: Rita approved, one key revoked from 2026-10-01."""
    code, out, err = run("keys", "new", "--issuer", "Lincoln District")
    assert code == 0, err
    assert "was made" in out and "keys backup --issuer 'Lincoln District'" in out
    target = tmp_path / "lincoln.zip"
    code, out, err = run(
        "trust", "make", "--org", "Lincoln District",
        "--approve", "reviewer", "Rita Reviewer", RITA.public_key.fingerprint, "--from", "2026-09-01",
        "--until", "2027-07-31",
        "--approve", "reviewer", "Otto Old", REVOKED.public_key.fingerprint, "--from", "2025-09-01",
        "--revoke", REVOKED.public_key.fingerprint, "2026-10-01",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert "2 approved, 1 revoked" in out
    return target


def in_library(folder: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(folder)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_trust_list_is_imported_by_a_teacher_and_a_reviewer(run, trust_list, tmp_path, capsys):
    code, out, err = run("trust", "import", str(trust_list))
    assert code == 0, err
    assert "Imported the trust list of Lincoln District of" in out
    reviewer_library = tmp_path / "reviewer-library"
    code, out, _ = in_library(reviewer_library, "trust", "import", str(trust_list), "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["organisation"] == "Lincoln District"
    code, out, _ = in_library(reviewer_library, "trust", "list", capsys=capsys)
    assert "Rita Reviewer" in out and RITA.public_key.fingerprint in out and "revoked" in out
    code, out, _ = run("trust", "import", str(trust_list))
    assert code == 0 and "already imported" in out
    code, out, _ = run("verify", str(trust_list))
    assert code == 0 and "Trust list of Lincoln District of " in out and "2 approved, 1 revoked" in out
    assert "Signer: Lincoln District's issuer key" in out


def test_verify_names_an_approved_signer_warns_of_an_unknown_and_refuses_a_revoked(run, trust_list, tmp_path):
    assert run("trust", "import", str(trust_list))[0] == 0
    code, out, _ = run("verify", str(review(tmp_path, RITA, "2026-11-20")))
    assert code == 0
    assert "Signer: Rita Reviewer, approved reviewer, Lincoln District (trust list of " in out
    code, out, _ = run("verify", str(review(tmp_path, STRANGER, "2026-11-20")), "--json")
    document = json.loads(out)
    assert code == 0 and document["signer"]["standing"] == "unknown"
    assert document["signer"]["text"] == "a key that no trust list names"
    code, out, _ = run("verify", str(review(tmp_path, STRANGER, "2026-11-20")))
    assert "Signer: WARNING, a key that no trust list names" in out
    code, out, err = run("verify", str(review(tmp_path, REVOKED, "2026-11-20")))
    assert code == 1 and "REFUSED" in err and "REVOKED from 2026-10-01" in err
    code, out, _ = run("verify", str(review(tmp_path, REVOKED, "2026-09-15")))
    assert code == 0 and "Otto Old, approved reviewer" in out  # signed before the revocation


def test_a_submission_bundle_names_its_signer_too(run, trust_list, tmp_path):
    assert run("trust", "import", str(trust_list))[0] == 0
    bundle = tmp_path / "exit-tickets.zip"
    write_bundle(make_content(tmp_path / "media"), bundle, RITA)
    code, out, _ = run("verify", str(bundle))
    assert code == 0 and "valid, signed by key" in out and "Signer: Rita Reviewer, approved reviewer" in out


def test_verify_without_a_library_creates_none_and_calls_every_key_unknown(tmp_path, capsys):
    folder = tmp_path / "nothing-here"
    code, out, _ = in_library(folder, "verify", str(review(tmp_path, RITA, "2026-11-20")), capsys=capsys)
    assert code == 0 and "a key that no trust list names" in out
    assert not folder.exists()


def test_a_newer_list_replaces_the_older_and_an_older_one_is_refused(run, trust_list, tmp_path):
    assert run("trust", "import", str(trust_list))[0] == 0
    newer = tmp_path / "lincoln-newer.zip"
    code, _, err = run("trust", "make", "--org", "Lincoln District", "-o", str(newer))
    assert code == 0, err
    code, out, _ = run("trust", "import", str(newer))
    assert code == 0 and "it replaces the list of" in out
    code, out, _ = run("verify", str(review(tmp_path, RITA, "2026-11-20")))
    assert "a key that no trust list names" in out  # the newer list no longer approves Rita
    code, _, err = run("trust", "import", str(trust_list))
    assert code == 1 and "as new or newer" in err and "Nothing was changed" in err
    code, out, _ = run("trust", "remove", "Lincoln District")
    assert code == 0 and "Removed" in out
    assert run("trust", "list", "--json")[1].strip() == "[]"
    assert run("trust", "remove", "Lincoln District")[0] == 1


def test_a_list_not_signed_by_the_issuer_key_it_names_is_refused(run, trust_list, tmp_path):
    from portfolio_app.bundle.record import read_record

    document = read_record(trust_list).document
    forged = tmp_path / "forged.zip"
    write_record(document, forged, STRANGER)  # same content, another key
    code, _, err = run("trust", "import", str(forged))
    assert code == 1 and "not by the issuer key of Lincoln District" in err


def test_another_key_claiming_a_known_organisation_is_refused(run, trust_list, tmp_path, memory_keyring):
    assert run("trust", "import", str(trust_list))[0] == 0
    keys.delete_key(keys.issuer_account("Lincoln District"))  # an impostor's keychain: a new key, same name
    assert run("keys", "new", "--issuer", "Lincoln District")[0] == 0
    impostor = tmp_path / "impostor.zip"
    assert run("trust", "make", "--org", "Lincoln District", "-o", str(impostor))[0] == 0
    code, _, err = run("trust", "import", str(impostor))
    assert code == 1 and "signed by another issuer key" in err


def test_trust_make_needs_the_issuer_key_and_good_input(run, tmp_path):
    code, _, err = run("trust", "make", "--org", "Nowhere", "-o", str(tmp_path / "x.zip"))
    assert code == 1 and 'keys new --issuer "Nowhere"' in err
    assert run("keys", "new", "--issuer", "Nowhere")[0] == 0
    code, _, err = run("trust", "make", "--org", "Nowhere", "--approve", "principal", "P", "1" * 64, "-o", "x.zip")
    assert code == 1 and "'principal' is not a role" in err
    code, _, err = run("trust", "make", "--org", "Nowhere", "--approve", "coach", "C", "12ab", "-o", "x.zip")
    assert code == 1 and "not 64 hexadecimal digits" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["trust", "make", "--org", "Nowhere", "--until", "2027-01-01", "-o", "x.zip"])
    assert exit_info.value.code == 2
    assert not (tmp_path / "x.zip").exists()


def test_an_issuer_key_is_made_only_by_keys_new(run, tmp_path):
    code, _, err = run("keys", "show", "--issuer", "Lincon District")  # a typo makes nothing
    assert code == 1 and "keys new --issuer" in err
    assert keys.stored_key(keys.issuer_account("Lincon District")) is None
    assert run("keys", "new", "--issuer", "Lincoln District")[0] == 0
    code, out, _ = run("keys", "show", "--issuer", "lincoln  district", "--json")
    assert (
        code == 0
        and json.loads(out)["fingerprint"] == keys.stored_key("issuer:lincoln district").public_key.fingerprint
    )
    code, out, _ = run("keys", "new", "--issuer", "Lincoln District")
    assert code == 0 and "was already in the system keychain" in out
