"""The signed hand-over: a coach signs an observation; a teacher's library verifies and imports it as
evidence of kind observation, refuses a tampered or unsigned one by name, and carries it into a bundle."""

import json
import zipfile
from pathlib import Path

import keyring
import pytest

from portfolio_app.bundle.errors import BundleFormatError, SignatureError
from portfolio_app.bundle.record import read_record
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.services.evidence import import_files, list_evidence
from portfolio_app.services.library import open_library
from portfolio_app.services.observation_records import (
    import_signed_observation,
    sign_observation,
    signed_observation,
)
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.profile import save_profile
from tests.bundle.tampering import flip_byte, rewrite
from tests.keyring_memory import MemoryKeyring
from tests.observation.lesson import discussion_lesson


@pytest.fixture
def signed(library, tmp_path) -> Path:
    """A coach's observation, signed with the coach's key (the test's keychain)."""
    save_profile(library, "Coach Kim", "kim@district.example.org")
    observation_id = discussion_lesson(library)
    return sign_observation(library, observation_id, tmp_path / "handover.zip").path


@pytest.fixture
def teacher(tmp_path):
    """The teacher's own library and keychain."""
    keyring.set_keyring(MemoryKeyring())
    lib = open_library(tmp_path / "teacher")
    save_profile(lib, "Ana Ortiz", "ana@lincoln.example.org")
    yield lib
    lib.close()


def _store_files(lib) -> set[str]:
    return {p.name for p in (lib.store.root).rglob("*") if p.is_file() and "tmp" not in p.parts}


def test_the_signed_record_holds_the_document_summary_and_table(signed):
    record = read_record(signed, expect_type="observation")
    assert set(record.files) == {"observation.json", "summary.pdf", "observation.csv"}
    document = record.document
    assert document["signer"] == {"name": "Coach Kim", "email": "kim@district.example.org"}
    observation = document["observation"]
    assert observation["title"] == "Discussion of ratios" and observation["scheme"]["id"] == "coaching-cycle"
    assert {e["student"] for e in observation["events"]} == {None, "S1", "S2", "S3"}  # never a name
    assert record.read_file("summary.pdf").startswith(b"%PDF")
    assert record.read_file("observation.csv").splitlines()[0].startswith(b"observation,code,label")


def test_the_teacher_imports_it_as_verified_observation_evidence(signed, teacher):
    portfolio = create_portfolio(teacher, "structured-student-discourse", "Discussion").value
    report = import_files(teacher, portfolio.id, [signed]).value
    assert not report.problems
    [evidence] = report.imported
    assert evidence.kind == EvidenceKind.OBSERVATION and evidence.title.startswith("Observation: Discussion of ratios")
    assert (
        evidence.media_type == "application/zip"
        and teacher.store.path(evidence.blob).read_bytes() == signed.read_bytes()
    )
    kept = signed_observation(teacher, evidence.id)
    assert kept.document["observation"]["title"] == "Discussion of ratios"
    assert kept.fingerprint == read_record(signed).fingerprint
    again = import_files(teacher, portfolio.id, [signed]).value
    assert again.already_there and not again.imported


@pytest.mark.parametrize(
    "edit,error,named",
    [
        (lambda items: flip_byte(items, "data/observation.csv"), BundleFormatError, "data/observation.csv"),
        (lambda items: flip_byte(items, "data/observation.json"), BundleFormatError, "data/observation.json"),
        (lambda items: [(i, d) for i, d in items if not i.filename.endswith(".minisig")], SignatureError, "signature"),
    ],
    ids=["changed table", "changed document", "unsigned"],
)
def test_a_tampered_or_unsigned_record_is_refused_by_name(signed, teacher, tmp_path, edit, error, named):
    portfolio = create_portfolio(teacher, "structured-student-discourse", "Discussion").value
    bad = rewrite(signed, tmp_path / "tampered.zip", edit)
    before = _store_files(teacher)
    with pytest.raises(error, match=named):
        import_signed_observation(teacher, portfolio.id, bad)
    report = import_files(teacher, portfolio.id, [bad]).value  # the same through `portfolio import`
    assert [p.name for p in report.problems] == ["tampered.zip"] and named in report.problems[0].reason
    assert list_evidence(teacher, portfolio.id) == []
    assert _store_files(teacher) == before  # nothing half-imported


def test_a_bundle_carries_the_signed_record_a_reviewer_can_check(signed, teacher, tmp_path):
    from portfolio_app.services.export import export_portfolio
    from portfolio_app.services.rubric import link_requirement

    portfolio = create_portfolio(teacher, "structured-student-discourse", "Discussion").value
    [evidence] = import_files(teacher, portfolio.id, [signed]).value.imported
    link_requirement(teacher, [evidence.id], "participation-record")
    bundle = export_portfolio(teacher, portfolio.id, tmp_path / "bundle.zip", draft=True).value.path
    submission = read_record(bundle, expect_type="submission")
    [entry] = [e for e in submission.document["evidence"] if e["kind"] == "observation"]
    inner = tmp_path / "carried.zip"
    inner.write_bytes(submission.read_file(entry["file"]))
    assert inner.read_bytes() == signed.read_bytes()
    carried = read_record(inner, expect_type="observation")  # the coach's signature still checks
    assert carried.fingerprint == read_record(signed).fingerprint != submission.fingerprint
    with zipfile.ZipFile(bundle) as archive:
        assert any(name.endswith(entry["file"]) for name in archive.namelist())
    assert json.loads(carried.read_file("observation.json"))["type"] == "observation"
