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
    # beside it, the summary and the events as files a reviewer opens without unpacking anything
    beside = {e["title"].rsplit(" — ", 1)[-1]: e for e in submission.document["evidence"] if e["derived_from"]}
    assert set(beside) == {"summary", "events"}
    assert submission.read_file(beside["summary"]["file"]) == carried.read_file("summary.pdf")
    assert submission.read_file(beside["events"]["file"]) == carried.read_file("observation.csv")
    assert beside["summary"]["media_type"] == "application/pdf" and beside["events"]["file"].endswith(".csv")


def test_the_coachs_ratings_stand_beside_the_self_assessment(library, teacher, tmp_path):
    """Coach: norms progressing, building demonstrated, facilitation not-yet; teacher: norms
    progressing, building progressing, facilitation not-yet (and a criterion the coach left).
    Same level on 2 of 3; ranks coach (1, 2, 0), teacher (1, 1, 0): p_o = 2/3,
    p_e = (1·2 + 1·0 + 1·1)/9 = 3/9, κ = (6/9 − 3/9)/(6/9) = 0.5."""
    from portfolio_app.services.observation_records import coach_beside_self
    from portfolio_app.services.observations import code_event, new_observation, rate
    from portfolio_app.services.rubric import assess

    keyring.set_keyring(MemoryKeyring())  # the coach's laptop
    save_profile(library, "Coach Kim", "kim@district.example.org")
    obs = new_observation(library, "look-fors-structured-student-discourse", "Period 2 discussion").value
    code_event(library, obs.id, "building-on-ideas", 95)
    for criterion, level in (
        ("norms-and-structure", "progressing"),
        ("building-on-ideas", "demonstrated"),
        ("teacher-facilitation", "not-yet"),
    ):
        rate(library, obs.id, criterion, level, f"seen at {criterion}")
    signed = sign_observation(library, obs.id, tmp_path / "kim.zip").path
    keyring.set_keyring(MemoryKeyring())  # the teacher's laptop
    portfolio = create_portfolio(teacher, "structured-student-discourse", "Discussion").value
    import_files(teacher, portfolio.id, [signed])
    for criterion, level in (
        ("norms-and-structure", "progressing"),
        ("building-on-ideas", "progressing"),
        ("teacher-facilitation", "not-yet"),
        ("shared-participation", "demonstrated"),
    ):
        assess(teacher, portfolio.id, criterion, level, "")
    [found] = coach_beside_self(teacher, portfolio.id)
    rows = {c.criterion_id: c for c in found.comparison.criteria}
    assert (rows["building-on-ideas"].coach_level, rows["building-on-ideas"].teacher_level) == (
        "Demonstrated",
        "Progressing",
    )
    assert rows["building-on-ideas"].coach_note == "seen at building-on-ideas"
    assert rows["shared-participation"].coach_level is None and rows["shared-participation"].agree is None
    assert (found.comparison.both_rated, found.comparison.same_level) == (3, 2)
    assert found.comparison.kappa == pytest.approx(0.5)


def test_an_imported_observation_is_tagged_at_moments_like_a_video(signed, teacher):
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.core.portfolio import Tag, TimeRange
    from portfolio_app.services.tags import add_tag

    portfolio = create_portfolio(teacher, "structured-student-discourse", "Discussion").value
    [evidence] = import_files(teacher, portfolio.id, [signed]).value.imported
    assert evidence.duration_s == 240  # the observation's length
    tag = add_tag(
        teacher, evidence.id, "building-on-ideas", span=TimeRange(100, 130), note="Pairs build on ratios"
    ).value
    assert tag.span == TimeRange(100, 130)
    with pytest.raises(InvalidInputError, match="past the end"):
        add_tag(teacher, evidence.id, "building-on-ideas", span=TimeRange(200, 300))
    assert isinstance(tag, Tag)
