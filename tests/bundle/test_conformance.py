"""The Library of Congress BagIt conformance cases, and hostile bytes anywhere: a reason, never a crash."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.cli import main
from tests.bundle.conformance_bags import CASES, make_bag
from tests.bundle.tampering import rewrite

IDS = [c.name for c in CASES]
OUT_OF_PROFILE = [c for c in CASES if c.kind == "valid"]
INVALID = [c for c in CASES if c.kind in ("invalid", "linux-only", "windows-only")]


def _built(case, tmp_path: Path) -> Path:
    return case.build(tmp_path / case.name.rsplit("/", 1)[-1])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_case_crashes_and_each_reason_names_an_entry(case, tmp_path):
    bag = _built(case, tmp_path)
    for allow_unsigned in (False, True):
        report = verify_bundle(bag, allow_unsigned=allow_unsigned)
        assert not report.valid or allow_unsigned  # nothing here is a signed bundle
        for problem in report.problems:
            assert problem.entry and problem.reason


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_every_invalid_bag_is_refused_even_as_a_plain_bag(case, tmp_path):
    report = verify_bundle(_built(case, tmp_path), allow_unsigned=True)
    assert not report.valid


@pytest.mark.parametrize("case", OUT_OF_PROFILE, ids=[c.name for c in OUT_OF_PROFILE])
def test_valid_bags_outside_the_profile_are_refused_naming_the_rule(case, tmp_path):
    bag = _built(case, tmp_path)
    report = verify_bundle(bag)
    assert not report.valid
    assert any(
        case.rule in problem.reason
        for problem in report.problems
        if problem.entry != "signature/tagmanifest-sha256.txt.minisig"
    ), report.problems


def test_a_valid_bagit_1_0_sha256_bag_passes_as_a_plain_bag(tmp_path):
    report = verify_bundle(make_bag(tmp_path / "bag", algorithms=("sha256", "sha512")), allow_unsigned=True)
    assert report.valid, report.problems


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("bagit.txt", b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n\xff\xfe", "not UTF-8"),
        ("bag-info.txt", b"Contact-Name: Fran\xe7ois\n", "byte 0xe7 at offset 18"),
        ("manifest-sha256.txt", b"\x80\x81 data/hello.txt\n", "not UTF-8"),
        ("bag-info.txt", "Contact-Name: x\n".encode("utf-16"), "UTF-16"),
        ("bagit.txt", b"BagIt-Version: 1.0\x00\nTag-File-Character-Encoding: UTF-8\n", "NUL"),
    ],
)
def test_non_utf8_tag_files_get_a_reason_naming_the_file(tmp_path, name, data, words):
    bag = make_bag(tmp_path / "bag")
    (bag / name).write_bytes(data)
    report = verify_bundle(bag, allow_unsigned=True)
    assert any(p.entry == name and words in p.reason for p in report.problems), report.problems


def _mutations(rng: random.Random, data: bytes) -> bytes:
    """One random hostile edit: bytes replaced, inserted, cut, or the file truncated."""
    choice = rng.randrange(5)
    at = rng.randrange(len(data) + 1)
    noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    if choice == 0:
        return data[:at] + noise + data[at + len(noise) :]
    if choice == 1:
        return data[:at] + noise + data[at:]
    if choice == 2:
        return data[:at]
    if choice == 3:
        return data[:at] + b"\n" + b"\xff" * rng.randrange(1, 4000) + data[at:]
    return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))


TAG_FILES = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"]


@pytest.mark.parametrize("name", TAG_FILES)
def test_random_bytes_in_any_tag_file_never_crash(tmp_path, name):
    rng = random.Random(name)  # the same cases on every run
    pristine = make_bag(tmp_path / "pristine")
    for round_ in range(60):
        bag = tmp_path / f"bag{round_}"
        shutil.copytree(pristine, bag)
        (bag / name).write_bytes(_mutations(rng, (pristine / name).read_bytes()))
        for allow_unsigned in (False, True):
            report = verify_bundle(bag, allow_unsigned=allow_unsigned)
            assert all(p.entry and p.reason for p in report.problems)
        shutil.rmtree(bag)


def test_random_bytes_anywhere_in_an_archive_end_in_a_message_not_a_traceback(tmp_path, capsys):
    rng = random.Random(14)
    make_bag(tmp_path / "bag")
    archive = Path(shutil.make_archive(str(tmp_path / "bag"), "zip", root_dir=tmp_path, base_dir="bag"))
    pristine = archive.read_bytes()
    for round_ in range(80):
        data = bytearray(pristine)
        for _ in range(rng.randrange(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        hostile = tmp_path / f"hostile{round_}.zip"
        hostile.write_bytes(bytes(data))
        code = main(["verify", str(hostile), "--allow-unsigned"])
        out, err = capsys.readouterr()
        assert code in (0, 1)
        assert code == 0 or err.strip(), "a refusal says why on stderr"
        assert "Traceback" not in err


@pytest.mark.parametrize("name", [*TAG_FILES, "signature/tagmanifest-sha256.txt.minisig", "data/submission.json"])
def test_random_bytes_in_a_signed_bundles_entry_are_refused_naming_something(bundle, tmp_path, name):
    rng = random.Random(name)
    edits: list[tuple[bytes, bytes]] = []

    def mutate(items):
        out = []
        for info, data in items:
            if info.filename.split("/", 1)[1] == name:
                edits.append((data, _mutations(rng, data)))
                data = edits[-1][1]
            out.append((info, data))
        return out

    for round_ in range(25):
        report = verify_bundle(rewrite(bundle, tmp_path / f"hostile{round_}.zip", mutate))
        before, after = edits[-1]
        if before == after:
            assert report.valid, report.problems
        # minisign reads lines 2-4 (signature, trusted comment, global signature): the untrusted
        # comment before them and anything after them are not signed, so editing only those may pass
        elif not name.endswith(".minisig") or before.split(b"\n")[1:4] != after.split(b"\n")[1:4]:
            assert not report.valid
        assert all(p.entry and p.reason for p in report.problems)
