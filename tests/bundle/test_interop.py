"""Standard tools accept our bundles (bagit.py, minisign), and we accept plain bags that other tools make."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from portfolio_app.bundle.verify import verify_bundle

# bagit (the reference validator) is in the dev extra; the no-Qt environment runs without it.
bagit = pytest.importorskip("bagit", reason="needs the bagit package (pip install -e '.[dev]')")

TOP = "exit-tickets-ana-2026-11-20"


@pytest.fixture
def unzipped(bundle, tmp_path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    return tmp_path / TOP


def test_bagit_py_validates_an_unzipped_bundle(unzipped):
    bag = bagit.Bag(str(unzipped))
    bag.validate()  # raises BagValidationError on any problem
    assert bag.info["Portfolio-Draft"] == "no"
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(unzipped)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stderr


def test_bagit_py_notices_a_changed_file(unzipped):
    (unzipped / "data" / "submission.json").write_bytes(b"{}")
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(unzipped)], capture_output=True, text=True)
    assert done.returncode != 0


@pytest.mark.skipif(shutil.which("minisign") is None, reason="needs the minisign tool (apt install minisign)")
def test_minisign_verifies_the_signature_with_the_exported_public_key(unzipped, signing_key, tmp_path):
    public = tmp_path / "teacher.pub"
    public.write_text(signing_key.public_key.file_text())
    command = ["minisign", "-V", "-p", str(public), "-m", "tagmanifest-sha256.txt"]
    command += ["-x", "signature/tagmanifest-sha256.txt.minisig"]
    done = subprocess.run(command, cwd=unzipped, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "file:tagmanifest-sha256.txt" in done.stdout
    (unzipped / "tagmanifest-sha256.txt").write_text("changed\n")
    assert subprocess.run(command, cwd=unzipped, capture_output=True).returncode != 0


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils' sha256sum")
def test_sha256sum_checks_the_manifest(unzipped):
    done = subprocess.run(["sha256sum", "--check", "--quiet", "manifest-sha256.txt"], cwd=unzipped)
    assert done.returncode == 0


def _plain_bag(folder: Path, checksums: list[str]) -> Path:
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "a.jpg").write_bytes(b"\xff\xd8 a photo")
    (folder / "notes.txt").write_text("observation notes\n")
    bagit.make_bag(str(folder), {"Contact-Name": "Sam Reviewer"}, checksums=checksums)
    return folder


@pytest.mark.parametrize("checksums", [["sha256"], ["sha512"], ["sha256", "sha512"], ["md5", "sha256"]])
def test_plain_bags_of_other_tools_pass_with_allow_unsigned(tmp_path, checksums):
    bag = _plain_bag(tmp_path / "plain", checksums)
    report = verify_bundle(bag, allow_unsigned=True)
    assert report.valid, report.problems
    assert not report.signed and set(report.algorithms) == set(checksums)
    assert not verify_bundle(bag).valid  # a bundle must be signed


def test_a_bag_with_only_md5_is_not_enough(tmp_path):
    report = verify_bundle(_plain_bag(tmp_path / "plain", ["md5"]), allow_unsigned=True)
    assert any("SHA-2" in p.reason for p in report.problems)


def test_a_changed_plain_bag_is_caught(tmp_path):
    bag = _plain_bag(tmp_path / "plain", ["sha256", "sha512"])
    (bag / "data" / "notes.txt").write_text("observation notez\n")  # same size: only the hashes can tell
    report = verify_bundle(bag, allow_unsigned=True)
    assert {p.entry for p in report.problems} == {"data/notes.txt"}


def test_a_plain_bag_zipped_with_deflate_passes(tmp_path):
    bag = _plain_bag(tmp_path / "plain", ["sha256"])
    archive = Path(shutil.make_archive(str(tmp_path / "plain-bag"), "zip", root_dir=tmp_path, base_dir="plain"))
    with zipfile.ZipFile(archive) as check:
        assert any(i.compress_type == zipfile.ZIP_DEFLATED for i in check.infolist())
    report = verify_bundle(archive, allow_unsigned=True)
    assert report.valid, report.problems
    assert bag.name == report.bag_name


def test_an_extra_tag_file_in_a_plain_bag_must_be_listed(tmp_path):
    bag = _plain_bag(tmp_path / "plain", ["sha256"])
    (bag / "README.txt").write_text("unlisted\n")
    report = verify_bundle(bag, allow_unsigned=True)
    assert {p.entry for p in report.problems} == {"README.txt"}
