"""verify_bundle catches every tampering listed in issue #6, each problem naming the entry at fault."""

from __future__ import annotations

import builtins
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from portfolio_app.bundle import bag_sources
from portfolio_app.bundle.bag_sources import Limits
from portfolio_app.bundle.errors import BundleFormatError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.verify import verify_bundle
from tests.bundle.tampering import flip_byte, point_at_same_data, renamed, rewrite

TOP = "exit-tickets-ana-2026-11-20/"
VIDEO = "data/evidence/01-video.mp4"
SIGNATURE = "signature/tagmanifest-sha256.txt.minisig"
ALL_FILES = [
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
    SIGNATURE,
    "data/submission.json",
    "data/index.html",
    "data/report.pdf",
    "data/thumbnails/ev00000002.jpg",
    VIDEO,
    "data/evidence/02-photo.jpg",
    "data/evidence/03-document.pdf",
]


def entries(report) -> set[str]:
    return {p.entry for p in report.problems}


def named(report, name: str) -> bool:
    return any(p.entry == name or name in p.reason for p in report.problems)


def test_an_untouched_bundle_is_valid_and_says_who_signed_it(bundle, signing_key):
    report = verify_bundle(bundle)
    assert report.valid, report.problems
    assert report.signed and report.fingerprint == signing_key.public_key.fingerprint
    assert report.draft is False and report.bag_name == TOP.rstrip("/")
    assert report.submission["teacher"]["name"] == "Ana María Ortiz"
    assert VIDEO in report.entries and report.algorithms == ("sha256",)


def test_the_expected_key_passes(bundle, signing_key):
    assert verify_bundle(bundle, expect_key=signing_key.public_key.fingerprint.upper()).valid


@pytest.mark.parametrize("name", ALL_FILES)
def test_a_changed_byte_anywhere_is_caught(bundle, tmp_path, name):
    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", lambda items: flip_byte(items, TOP + name)))
    assert not report.valid
    assert named(report, name), report.problems
    assert report.submission is None


def test_a_byte_changed_in_place_is_caught_even_with_a_stale_crc(bundle, tmp_path):
    copy = tmp_path / "t.zip"
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as archive:
        info = archive.getinfo(TOP + VIDEO)
    data[info.header_offset + 30 + len(info.filename) + 500] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert entries(verify_bundle(copy)) == {VIDEO}


def test_a_missing_file_is_caught(bundle, tmp_path):
    report = verify_bundle(
        rewrite(bundle, tmp_path / "t.zip", lambda items: [i for i in items if VIDEO not in i[0].filename])
    )
    assert VIDEO in entries(report)
    assert "missing" in next(p.reason for p in report.problems if p.entry == VIDEO)


def test_an_extra_payload_file_is_caught(bundle, tmp_path):
    def add(items):
        return items + [(zipfile.ZipInfo(TOP + "data/evidence/04-extra.jpg"), b"not listed")]

    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", add))
    assert entries(report) == {"data/evidence/04-extra.jpg", "bag-info.txt"}  # and Payload-Oxum no longer matches


def test_an_unlisted_top_level_entry_is_caught(bundle, tmp_path):
    def add(items):
        return items + [(zipfile.ZipInfo(TOP + "notes.txt"), b"hello")]

    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", add))
    assert "notes.txt" in entries(report)
    assert any("unlisted" in p.reason for p in report.problems)


def test_a_renamed_file_is_caught_under_both_names(bundle, tmp_path):
    def rename(items):
        return [
            (renamed(i, TOP + "data/evidence/01-other.mp4") if i.filename == TOP + VIDEO else i, d) for i, d in items
        ]

    assert entries(verify_bundle(rewrite(bundle, tmp_path / "t.zip", rename))) == {VIDEO, "data/evidence/01-other.mp4"}


def test_a_missing_signature_is_caught(bundle, tmp_path):
    report = verify_bundle(
        rewrite(bundle, tmp_path / "t.zip", lambda items: [i for i in items if SIGNATURE not in i[0].filename])
    )
    assert entries(report) == {SIGNATURE}
    assert not report.signed


def test_a_signature_by_another_key_is_caught(bundle, tmp_path):
    other = SigningKey.generate()

    def resign(items):
        manifest = next(d for i, d in items if i.filename == TOP + "tagmanifest-sha256.txt")
        return [(i, other.sign(manifest, "c").encode() if i.filename.endswith(".minisig") else d) for i, d in items]

    assert entries(verify_bundle(rewrite(bundle, tmp_path / "t.zip", resign))) == {SIGNATURE}


def test_a_bundle_re_signed_throughout_by_someone_else_fails_the_expected_key(bundle, content, signing_key, tmp_path):
    """Whoever rebuilds a bundle with their own key makes it valid, but not by the key the reviewer expects."""
    from portfolio_app.bundle.writer import write_bundle

    forged = tmp_path / (TOP.rstrip("/") + ".zip")
    write_bundle(content, forged, SigningKey.generate())
    assert verify_bundle(forged).valid
    report = verify_bundle(forged, expect_key=signing_key.public_key.fingerprint)
    assert entries(report) == {"bag-info.txt"}
    assert "not by the expected" in report.problems[0].reason


@pytest.mark.parametrize(
    "bad",
    [TOP + "data/../../evil.sh", "/etc/cron.d/evil", TOP + "data\\..\\evil.bat", "C:/Windows/evil.dll", "../evil"],
    ids=["dot-dot", "absolute", "backslash", "drive-letter", "above-top"],
)
def test_entries_that_escape_the_bag_are_caught(bundle, tmp_path, bad):
    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", lambda items: items + [(zipfile.ZipInfo(bad), b"x")]))
    assert bad in entries(report)


def test_a_symlink_entry_is_caught(bundle, tmp_path):
    def add(items):
        link = zipfile.ZipInfo(TOP + "data/evidence/05-link.jpg")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        return items + [(link, b"/etc/passwd")]

    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", add))
    assert any(p.entry == TOP + "data/evidence/05-link.jpg" and "symbolic link" in p.reason for p in report.problems)


def test_duplicate_names_are_caught(bundle, tmp_path):
    def duplicate(items):
        return items + [(renamed(items[-1][0], items[-1][0].filename), b"second copy")]

    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", duplicate))
    assert any("twice" in p.reason for p in report.problems)


def test_names_differing_only_in_case_count_as_duplicates(bundle, tmp_path):
    def add(items):
        return items + [(zipfile.ZipInfo(TOP + "DATA/report.pdf"), b"x")]

    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", add))
    assert TOP + "DATA/report.pdf" in entries(report)


def test_more_than_one_top_folder_is_caught(bundle, tmp_path):
    report = verify_bundle(
        rewrite(bundle, tmp_path / "t.zip", lambda items: items + [(zipfile.ZipInfo("other/x"), b"x")])
    )
    assert any(p.entry == "(bundle)" and "2 top folders" in p.reason for p in report.problems)


def test_overlapping_entries_are_caught(bundle, tmp_path):
    copy = tmp_path / "t.zip"
    shutil.copy(bundle, copy)
    point_at_same_data(copy, TOP + "data/index.html", TOP + "data/report.pdf")
    report = verify_bundle(copy)
    assert TOP + "data/report.pdf" in entries(report)


@pytest.fixture
def no_reading(monkeypatch):
    """Fail the test if any entry's data is read."""

    def refuse(*args):
        raise AssertionError("read an archive that should have been refused unread")

    monkeypatch.setattr(bag_sources, "read_ahead", refuse)


def test_too_many_entries_are_refused_unread(bundle, no_reading):
    report = verify_bundle(bundle, limits=Limits(max_entries=5))
    assert entries(report) == {"(bundle)"} and "entries" in report.problems[0].reason


def test_too_many_declared_bytes_are_refused_unread(bundle, no_reading):
    report = verify_bundle(bundle, limits=Limits(max_total_bytes=10_000))
    assert entries(report) == {"(bundle)"} and "bytes" in report.problems[0].reason


def test_a_deflate_bomb_is_refused(bundle, tmp_path):
    def bomb(items):
        return items + [(zipfile.ZipInfo(TOP + "data/evidence/zeros.bin"), bytes(20_000_000))]

    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", bomb, zipfile.ZIP_DEFLATED))
    assert any(p.entry == TOP + "data/evidence/zeros.bin" and "zip bomb" in p.reason for p in report.problems)


def test_something_that_is_not_a_zip_is_an_error(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"hello")
    with pytest.raises(BundleFormatError, match="not a bundle"):
        verify_bundle(tmp_path / "x.zip")
    with pytest.raises(BundleFormatError, match="does not exist"):
        verify_bundle(tmp_path / "missing.zip")


def test_verification_writes_nothing(bundle, monkeypatch):
    writes = []
    real_open, real_os_open = builtins.open, os.open

    def watched_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+"):
            writes.append(file)
        return real_open(file, mode, *args, **kwargs)

    def watched_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(path)
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    monkeypatch.setattr(os, "open", watched_os_open)
    assert verify_bundle(bundle).valid
    assert writes == []


# A bundle unzipped into a folder: the same checks on a directory.


@pytest.fixture
def unzipped(bundle, tmp_path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "unzipped")
    return tmp_path / "unzipped" / TOP.rstrip("/")


def test_an_unzipped_bundle_is_valid_from_its_folder_or_the_one_above(unzipped):
    assert verify_bundle(unzipped).valid
    assert verify_bundle(unzipped.parent).valid


def test_a_changed_byte_in_a_folder_is_caught(unzipped):
    data = bytearray((unzipped / VIDEO).read_bytes())
    data[100] ^= 1
    (unzipped / VIDEO).write_bytes(bytes(data))
    assert entries(verify_bundle(unzipped)) == {VIDEO}


def test_a_symlink_in_a_folder_is_caught(unzipped):
    (unzipped / "data" / "evidence" / "link.jpg").symlink_to("/etc/passwd")
    report = verify_bundle(unzipped)
    assert any(p.entry == "data/evidence/link.jpg" and "symbolic link" in p.reason for p in report.problems)


def test_an_extra_file_in_a_folder_is_caught(unzipped):
    (unzipped / "data" / "extra.txt").write_text("x")
    (unzipped / "README").write_text("x")
    # bag-info.txt too: its Payload-Oxum no longer matches what data/ holds
    assert entries(verify_bundle(unzipped)) == {"data/extra.txt", "README", "bag-info.txt"}


def test_progress_rises_to_one_and_cancel_stops(bundle):
    from portfolio_app.core.errors import Cancelled

    seen: list[float] = []
    assert verify_bundle(bundle, progress=seen.append).valid
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        verify_bundle(bundle, cancelled=lambda: True)
