"""Signed records of every type: written and read by the one writer and verifier, tampering refused by name."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
import rfc8785

from portfolio_app.bundle.bagit_files import PROFILE_IDENTIFIER, parse_tag_fields
from portfolio_app.bundle.errors import BundleFormatError, SignatureError
from portfolio_app.bundle.extract import extract_bundle
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.record import RecordFile, read_record, write_record
from portfolio_app.bundle.signed_bag import write_signed_bag
from portfolio_app.core.errors import Cancelled, InvalidInputError
from portfolio_app.resource_paths import bagit_profile_path
from tests.bundle.tampering import flip_byte, renamed, rewrite

CSV = b"code,start_s,end_s\nLec,0.0,12.5\nCQ,12.5,\n"


@pytest.fixture
def key() -> SigningKey:
    return SigningKey.generate()


def observation(tmp_path: Path, key: SigningKey) -> Path:
    """An observation record: its document, a CSV in memory and a PDF streamed from disk."""
    pdf = tmp_path / "summary-source.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    target = tmp_path / "observation-2026-11-20.zip"
    document = {"type": "observation", "created_at": "2026-11-20T09:30:00.000+00:00", "teacher": "Ana", "events": 2}
    files = [RecordFile("observation.csv", data=CSV), RecordFile("summary.pdf", source=pdf)]
    write_record(document, target, key, files=files)
    return target


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


@pytest.mark.parametrize(
    "document",
    [
        {"type": "trust", "organisation": "Lincoln District", "approved": [{"name": "Rita", "role": "reviewer"}]},
        {"type": "review", "answers": "ab" * 32, "decision": "earned", "levels": {"c1": "demonstrated"}},
        {"type": "key-rotation", "old": "a" * 64, "new": "b" * 64, "note": "Año nuevo, clé neuve"},
    ],
    ids=lambda d: d["type"],
)
def test_a_record_of_any_type_reads_back_as_written(document, key, tmp_path):
    target = tmp_path / f"{document['type']}.zip"
    info = write_record(document, target, key)
    record = read_record(target, expect_type=document["type"])
    assert record.type == info.type == document["type"]
    assert record.document == document
    assert record.fingerprint == info.fingerprint == key.public_key.fingerprint
    assert record.public_key == key.public_key.text
    assert record.files == (f"{document['type']}.json",)
    with zipfile.ZipFile(target) as archive:
        tag_manifest = archive.read(f"{info.name}/tagmanifest-sha256.txt")
        stored = archive.read(f"{info.name}/data/{document['type']}.json")
    assert record.tag_manifest_sha256 == info.tag_manifest_sha256 == hashlib.sha256(tag_manifest).hexdigest()
    assert stored == rfc8785.dumps(document)  # canonical: what any other implementation would hash


def test_files_travel_with_the_document_and_read_back_checked(key, tmp_path):
    target = observation(tmp_path, key)
    record = read_record(target)
    assert record.type == "observation" and record.document["events"] == 2
    assert record.files == ("observation.csv", "observation.json", "summary.pdf")
    assert record.read_file("observation.csv") == CSV
    assert record.read_file("data/summary.pdf").startswith(b"%PDF-1.4")
    assert record.signed_at == "2026-11-20T09:30:00Z"
    with pytest.raises(BundleFormatError, match="no file data/other.txt"):
        record.read_file("other.txt")


def test_every_record_names_its_type_and_the_bagit_profile(key, tmp_path, bundle):
    target = observation(tmp_path, key)
    inside = names(target)
    top = inside[0].split("/")[0]
    assert inside[0] == f"{top}/bagit.txt"
    with zipfile.ZipFile(target) as archive:
        info = parse_tag_fields(archive.read(f"{top}/bag-info.txt"))
    assert info["BagIt-Profile-Identifier"] == [PROFILE_IDENTIFIER]
    assert info["Portfolio-Record-Type"] == ["observation"]
    assert info["Payload-Oxum"][0].endswith(".3")
    bundle_top = names(bundle)[0].split("/")[0]
    with zipfile.ZipFile(bundle) as archive:
        bundle_info = parse_tag_fields(archive.read(f"{bundle_top}/bag-info.txt"))
    assert bundle_info["BagIt-Profile-Identifier"] == [PROFILE_IDENTIFIER]
    assert bundle_info["Portfolio-Record-Type"] == ["submission"]
    profile = json.loads(bagit_profile_path().read_text(encoding="utf-8"))
    assert profile["BagIt-Profile-Info"]["BagIt-Profile-Identifier"] == PROFILE_IDENTIFIER


def test_a_submission_bundle_is_a_record_of_type_submission(bundle, signing_key):
    record = read_record(bundle, expect_type="submission")
    assert record.document["teacher"]["name"] == "Ana María Ortiz"
    assert record.fingerprint == signing_key.public_key.fingerprint
    assert "report.pdf" in record.files and record.read_file("submission.json")


def test_a_record_of_another_type_is_refused(key, tmp_path):
    target = observation(tmp_path, key)
    with pytest.raises(BundleFormatError, match="is a observation record, not a review record"):
        read_record(target, expect_type="review")


@pytest.mark.parametrize(
    "suffix",
    ["data/observation.csv", "data/observation.json", "data/summary.pdf", "bag-info.txt", "manifest-sha256.txt"],
)
def test_a_changed_file_is_refused_by_name(suffix, key, tmp_path):
    target = rewrite(observation(tmp_path, key), tmp_path / "changed.zip", lambda items: flip_byte(items, suffix))
    with pytest.raises((BundleFormatError, SignatureError), match=suffix.replace(".", r"\.")):
        read_record(target)


def test_a_signature_by_another_key_is_refused_as_a_signature_error(key, tmp_path):
    original = observation(tmp_path, key)
    (tmp_path / "forger").mkdir()
    forged = observation(tmp_path / "forger", SigningKey.generate())
    with zipfile.ZipFile(forged) as archive:
        top = archive.namelist()[0].split("/")[0]
        signature = archive.read(f"{top}/signature/tagmanifest-sha256.txt.minisig")

    def swap(items):
        return [(info, signature if info.filename.endswith(".minisig") else data) for info, data in items]

    target = rewrite(original, tmp_path / "swapped.zip", swap)
    with pytest.raises(SignatureError, match=r"signature/tagmanifest-sha256\.txt\.minisig"):
        read_record(target)
    with pytest.raises(SignatureError, match="not by the expected"):
        read_record(original, expect_key=SigningKey.generate().public_key.fingerprint)


def test_an_extra_file_is_refused_by_name(key, tmp_path):
    def add(items):
        info, _ = items[-1]
        top = info.filename.split("/")[0]
        return items + [(renamed(info, f"{top}/data/extra.txt"), b"slipped in")]

    target = rewrite(observation(tmp_path, key), tmp_path / "extra.zip", add)
    with pytest.raises(BundleFormatError, match=r"data/extra\.txt"):
        read_record(target)


def test_a_document_whose_type_is_not_the_records_is_refused(key, tmp_path):
    target = tmp_path / "mixed.zip"
    document = json.dumps({"type": "trust"}).encode()
    write_signed_bag(
        target, [RecordFile("review.json", data=document)], key, record_type="review", created_at="2026-11-20T00:00:00Z"
    )
    with pytest.raises(BundleFormatError, match=r"data/review\.json does not say it is a review record"):
        read_record(target)


def test_a_file_changed_after_verification_is_refused_when_read(key, tmp_path):
    target = observation(tmp_path, key)
    folder = extract_bundle(target, tmp_path)
    record = read_record(folder)
    (folder / "data" / "observation.csv").write_bytes(CSV.replace(b"Lec", b"Lex"))
    with pytest.raises(BundleFormatError, match="has changed since"):
        record.read_file("observation.csv")


@pytest.mark.parametrize(
    ("document", "files", "message"),
    [
        ({"kind": "trust"}, [], 'needs a "type"'),
        ({"type": "Trust List"}, [], 'needs a "type"'),
        ({"type": "trust"}, [RecordFile("trust.json", data=b"{}")], "own document"),
        ({"type": "trust"}, [RecordFile("../escape.txt", data=b"x")], "cannot be a file name"),
        ({"type": "trust"}, [RecordFile("a.txt", data=b"x"), RecordFile("A.txt", data=b"y")], "both be named"),
        ({"type": "trust", "score": float("nan")}, [], "canonical JSON"),
    ],
)
def test_what_cannot_make_a_record_is_refused_and_nothing_is_written(document, files, message, key, tmp_path):
    target = tmp_path / "bad.zip"
    with pytest.raises(InvalidInputError, match=message):
        write_record(document, target, key, files=files)
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_record_leaves_nothing(key, tmp_path):
    with pytest.raises(Cancelled):
        write_record({"type": "trust"}, tmp_path / "t.zip", key, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_bagit_profile_validator_accepts_an_unzipped_record(key, tmp_path):
    bagit_profile = pytest.importorskip("bagit_profile", reason="needs bagit-profile (pip install -e '.[dev]')")
    import bagit

    (tmp_path / "out").mkdir()
    folder = extract_bundle(observation(tmp_path, key), tmp_path / "out")
    profile_json = json.loads(bagit_profile_path().read_text(encoding="utf-8"))
    profile = bagit_profile.Profile(PROFILE_IDENTIFIER, profile=profile_json)
    bag = bagit.Bag(str(folder))
    assert profile.validate(bag), profile.report
