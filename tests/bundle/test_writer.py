"""write_bundle: the exact layout, a stored ZIP, hashes from the store, atomic and cancellable."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from portfolio_app.bundle import zipwriter
from portfolio_app.bundle.bagit_files import parse_manifest, parse_tag_fields
from portfolio_app.bundle.content import bundle_file_name
from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.bundle.writer import write_bundle
from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError
from tests.bundle.sample_content import as_draft

TOP = "exit-tickets-ana-2026-11-20"


def test_the_layout_is_exactly_one_bag_in_one_stored_zip(bundle, content):
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        assert archive.testzip() is None  # every CRC right
    assert {n.split("/")[0] for n in names} == {TOP}
    inside = sorted(n.removeprefix(TOP + "/") for n in names)
    evidence = sorted("data/" + item.archive_name for item in content.evidence)
    thumbnails = sorted(f"data/thumbnails/{item.evidence.id}.jpg" for item in content.evidence)
    # the viewer outlines a document's regions on its tagged pages, rendered
    pages = sorted(
        f"data/pages/{t.evidence_id}-{t.region.page + 1}.jpg" for t in content.tags if t.region and t.region.page
    )
    assert pages
    assert inside == sorted(
        [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
            "signature/tagmanifest-sha256.txt.minisig",
            "data/submission.json",
            "data/index.html",
            "data/report.pdf",
        ]
        + evidence
        + thumbnails
        + pages
    )
    assert names[0] == f"{TOP}/bagit.txt"  # tag files first, evidence last


def test_bag_info_names_the_teacher_signer_and_payload(bundle, content, signing_key):
    with zipfile.ZipFile(bundle) as archive:
        info = parse_tag_fields(archive.read(f"{TOP}/bag-info.txt"))
        payload = [i for i in archive.infolist() if i.filename.startswith(f"{TOP}/data/")]
    assert info["Contact-Name"] == ["Ana María Ortiz"]
    assert info["Contact-Email"] == ["ana.ortiz@example.org"]
    assert info["Bagging-Date"] == ["2026-11-20"]
    assert info["Portfolio-Signing-Key"] == [signing_key.public_key.text]
    assert info["Portfolio-Key-Fingerprint"] == [signing_key.public_key.fingerprint]
    assert info["Portfolio-Draft"] == ["no"]
    assert info["Payload-Oxum"] == [f"{sum(i.file_size for i in payload)}.{len(payload)}"]
    assert content.credential.title in info["External-Description"][0]


def test_manifest_hashes_are_the_stores_not_recomputed(content, signing_key, tmp_path):
    """A wrong hash handed in goes into the manifest as it is: proof that evidence is never rehashed."""
    claimed = "0" * 64
    first = replace(content.evidence[0], sha256=claimed)
    target = tmp_path / "b.zip"
    write_bundle(replace(content, evidence=(first, *content.evidence[1:])), target, signing_key)
    with zipfile.ZipFile(target) as archive:
        manifest, _ = parse_manifest(archive.read("b/manifest-sha256.txt"))
        generated = archive.read("b/data/submission.json")
    assert manifest["data/" + first.archive_name] == claimed
    assert manifest["data/submission.json"] == hashlib.sha256(generated).hexdigest()
    report = verify_bundle(target)
    assert [p.entry for p in report.problems] == ["data/" + first.archive_name]


def test_a_draft_says_so(content, signing_key, tmp_path):
    target = tmp_path / bundle_file_name(as_draft(content))
    assert target.name.endswith("-draft.zip")
    write_bundle(as_draft(content), target, signing_key)
    report = verify_bundle(target)
    assert report.valid and report.draft is True
    assert report.submission["draft"] is True
    assert report.submission["outstanding"] == ["Two more sorted responses are needed"]


def test_progress_rises_to_one(content, signing_key, tmp_path):
    seen: list[float] = []
    write_bundle(content, tmp_path / "p.zip", signing_key, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_cancel_leaves_nothing_and_keeps_an_older_bundle(content, signing_key, tmp_path):
    target = tmp_path / "c.zip"
    target.write_bytes(b"an older bundle")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 6  # after the tag files, during the evidence

    with pytest.raises(Cancelled):
        write_bundle(content, target, signing_key, cancelled=cancelled)
    assert target.read_bytes() == b"an older bundle"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.zip"]


def test_a_missing_evidence_file_fails_before_anything_is_written(content, signing_key, tmp_path):
    gone = replace(content.evidence[1], source=tmp_path / "nowhere.jpg")
    with pytest.raises(MediaError, match="missing"):
        write_bundle(replace(content, evidence=(gone,)), tmp_path / "m.zip", signing_key)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.mp4", "/etc/passwd", "a\\b.mp4", "C:/x.mp4", "submission.json", "a//b"])
def test_unsafe_or_reserved_archive_names_are_refused(content, signing_key, tmp_path, name):
    bad = replace(content.evidence[0], archive_name=name)
    with pytest.raises(InvalidInputError):
        write_bundle(replace(content, evidence=(bad,)), tmp_path / "n.zip", signing_key)


def test_duplicate_archive_names_are_refused(content, signing_key, tmp_path):
    twin = replace(content.evidence[1], archive_name=content.evidence[0].archive_name)
    with pytest.raises(InvalidInputError, match="both be named"):
        write_bundle(replace(content, evidence=(content.evidence[0], twin)), tmp_path / "d.zip", signing_key)


CRASHING_EXPORT = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.writer import write_bundle
from tests.bundle.sample_content import make_content

content = make_content(Path(sys.argv[1]))
calls = []
def cancelled():  # asked once per file or chunk written
    calls.append(1)
    if len(calls) == 10:
        os.kill(os.getpid(), signal.SIGKILL)  # power cut after the tag and generated files
    return False
write_bundle(content, Path(sys.argv[2]), SigningKey.generate(), cancelled=cancelled)
"""


def test_a_crash_mid_export_leaves_no_file_under_the_final_name(tmp_path):
    target = tmp_path / "out" / "crash.zip"
    target.parent.mkdir()
    repo = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", CRASHING_EXPORT, str(tmp_path / "media"), str(target), repo])
    assert done.returncode == -signal.SIGKILL
    assert not target.exists()
    assert [p.name for p in target.parent.iterdir()] == [".crash.zip.part"]


def test_zip64_fields_are_read_back_by_zipfile_unzip_and_verify(content, signing_key, tmp_path, monkeypatch):
    """Every size and offset in ZIP64 fields, as for entries over 4 GiB, without writing 4 GiB."""
    monkeypatch.setattr(zipwriter, "ZIP64_FROM", 1000)
    target = tmp_path / "z64.zip"
    write_bundle(content, target, signing_key)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        sizes = {i.filename: i.file_size for i in archive.infolist()}
    assert sizes[f"z64/data/{content.evidence[0].archive_name}"] == content.evidence[0].size_bytes
    assert verify_bundle(target).valid
    if shutil.which("unzip"):
        assert subprocess.run(["unzip", "-tq", str(target)], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("PORTFOLIO_SLOW_TESTS"), reason="writes a 4 GiB bundle; set PORTFOLIO_SLOW_TESTS=1"
)
def test_entries_over_4_gib_use_zip64(content, signing_key, tmp_path):
    big = tmp_path / "long.mp4"
    size = (4 << 30) + 12345
    with open(big, "wb") as sparse:  # zeros cost no disk to make; the bundle copy writes them all
        sparse.truncate(size)
    digest = hashlib.sha256()
    with open(big, "rb") as reader:
        while chunk := reader.read(8 << 20):
            digest.update(chunk)
    item = replace(content.evidence[0], source=big, sha256=digest.hexdigest(), size_bytes=size)
    target = tmp_path / "big.zip"
    write_bundle(replace(content, evidence=(item, *content.evidence[1:])), target, signing_key)
    big.unlink()
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo("big/data/" + item.archive_name)
        assert info.file_size == size and info.compress_type == zipfile.ZIP_STORED
    assert verify_bundle(target).valid


def test_a_source_that_changes_size_while_copied_is_a_source_error(tmp_path):
    source = tmp_path / "clip.mp4"
    source.write_bytes(b"x" * 1000)
    fd = os.open(tmp_path / "out.zip", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(zipwriter.SourceError, match="changed size"):
            zipwriter.StoredZipWriter(fd, "2026-11-20T00:00:00+00:00").add_file("a/clip.mp4", source, 2000)
    finally:
        os.close(fd)


def test_a_submission_that_breaks_its_schema_fails_verification(content, signing_key, tmp_path, monkeypatch):
    from portfolio_app.bundle import submission, writer

    def without_teacher(c):
        document = submission.submission_document(c)
        del document["teacher"]
        return submission.canonical_json(document)

    monkeypatch.setattr(writer, "submission_json", without_teacher)
    target = tmp_path / "s.zip"
    write_bundle(content, target, signing_key)
    report = verify_bundle(target)
    assert [p.entry for p in report.problems] == ["data/submission.json"]
    assert "teacher" in report.problems[0].reason
