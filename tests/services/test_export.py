"""Export of a real portfolio: refused when not ready, a draft when asked, clean files, a valid
signed bundle that standard tools accept, and nothing left behind when cancelled."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import av
import pytest
from PIL import Image

from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import Cancelled, InvalidInputError
from portfolio_app.core.portfolio import PortfolioStatus
from portfolio_app.services import export
from portfolio_app.services.evidence import list_evidence
from portfolio_app.services.keys import export_public_key
from portfolio_app.services.portfolios import get_portfolio
from tests.ready_portfolio import make_ready_portfolio


@pytest.fixture
def ready(library, tmp_path):
    return make_ready_portfolio(library, tmp_path / "media")


def _unzip(bundle: Path, into: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(into)
        top = archive.namelist()[0].split("/")[0]
    return into / top


def test_a_ready_portfolio_exports_a_valid_signed_bundle(library, ready, tmp_path):
    (tmp_path / "out").mkdir()
    info = export.export_portfolio(library, ready.id, tmp_path / "out" / "bundle.zip").value
    assert info.path == tmp_path / "out" / "bundle.zip" and not info.draft
    report = verify_bundle(info.path)
    assert report.valid, report.problems
    assert report.signed and report.fingerprint == info.fingerprint and report.draft is False
    submitted = [e for e in list_evidence(library, ready.id) if e.requirement_id]
    evidence = [e for e in report.entries if e.startswith("data/evidence/")]
    assert len(evidence) == len(submitted)
    assert {"data/submission.json", "data/index.html", "data/report.pdf"} <= set(report.entries)
    assert get_portfolio(library, ready.id).status == PortfolioStatus.EXPORTED
    assert list((tmp_path / "out").iterdir()) == [info.path]  # no temp file beside it


def test_only_submitted_evidence_goes_in_and_nothing_carries_a_place_or_a_device(library, ready, tmp_path):
    extra = tmp_path / "media" / "not-linked.jpg"
    shutil.copy(next((tmp_path / "media").glob("*.jpg")), extra)
    from portfolio_app.services.evidence import import_files

    import_files(library, ready.id, [extra])
    plan = export.plan_export(library, ready.id)
    assert {i.evidence.original_name for i in plan.items}.isdisjoint({"not-linked.jpg"})
    kinds = {i.evidence.kind: i.preparation for i in plan.items}
    assert kinds[EvidenceKind.IMAGE] == export.Preparation.STRIP
    assert kinds[EvidenceKind.VIDEO] == export.Preparation.STRIP
    bag = _unzip(export.build_bundle(library.store, plan, tmp_path / "b.zip").path, tmp_path / "open")
    files = sorted((bag / "data" / "evidence").rglob("*.*"))
    assert not any("not-linked" in f.name for f in files)
    photos = [f for f in files if f.suffix == ".jpg"]
    videos = [f for f in files if f.suffix == ".mp4"]
    assert photos and videos
    for photo in photos:
        with Image.open(photo) as image:
            exif = image.getexif()
            assert not exif.get_ifd(0x8825), "GPS left in the exported photo"
            assert 0xA431 not in exif.get_ifd(0x8769), "camera serial left in the exported photo"
    for video in videos:
        with av.open(str(video)) as container:
            tags = {k.lower(): v for k, v in container.metadata.items()}
            assert not any(k in tags for k in ("location", "make", "model", "com.apple.quicktime.location.iso6709"))
    # the originals on the laptop keep what the teacher had
    with Image.open(plan.store_paths[next(i.evidence.id for i in plan.items if i.evidence.kind == "image")]) as image:
        assert image.getexif().get_ifd(0x8825)


def test_a_portfolio_that_is_not_ready_is_refused_with_the_reasons(library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media", answered=False)
    with pytest.raises(export.NotReadyError) as refused:
        export.export_portfolio(library, portfolio.id, tmp_path / "bundle.zip")
    assert refused.value.items and "not ready" in str(refused.value)
    assert all(item.message in str(refused.value) for item in refused.value.items)
    assert not (tmp_path / "bundle.zip").exists()

    info = export.export_portfolio(library, portfolio.id, tmp_path / "draft.zip", draft=True).value
    report = verify_bundle(info.path)
    assert report.valid and report.draft is True
    assert report.submission["draft"] is True and report.submission["outstanding"]
    assert get_portfolio(library, portfolio.id).status == PortfolioStatus.DRAFT  # a draft is not a submission


def test_a_folder_target_gets_the_suggested_name_and_a_wrong_suffix_is_refused(library, ready, tmp_path):
    info = export.export_portfolio(library, ready.id, tmp_path).value
    assert info.path.parent == tmp_path and info.path.suffix == ".zip"
    with pytest.raises(InvalidInputError, match=r"\.zip"):
        export.export_portfolio(library, ready.id, tmp_path / "bundle.tar")


def test_cancel_leaves_no_bundle_and_no_temp_file(library, ready, tmp_path):
    plan = export.plan_export(library, ready.id)
    (tmp_path / "out").mkdir()
    seen = []

    def cancelled() -> bool:
        return len(seen) > 0  # as soon as work has begun

    with pytest.raises(Cancelled):
        export.build_bundle(library.store, plan, tmp_path / "out" / "b.zip", seen.append, cancelled)
    assert list((tmp_path / "out").iterdir()) == []
    assert not any(library.store.temp_path().parent.iterdir())


@pytest.mark.skipif(importlib.util.find_spec("bagit") is None, reason="needs the bagit package (the dev extra)")
def test_a_reviewer_checks_an_exported_portfolio_with_bagit_py(library, ready, tmp_path):
    info = export.export_portfolio(library, ready.id, tmp_path / "bundle.zip").value
    bag = _unzip(info.path, tmp_path / "open")
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("minisign") is None, reason="needs the minisign tool (apt install minisign)")
def test_a_reviewer_checks_an_exported_portfolio_with_minisign(library, ready, tmp_path):
    info = export.export_portfolio(library, ready.id, tmp_path / "bundle.zip").value
    bag = _unzip(info.path, tmp_path / "open")
    public = tmp_path / "teacher.pub"
    export_public_key(public)
    command = ["minisign", "-V", "-p", str(public), "-m", "tagmanifest-sha256.txt"]
    command += ["-x", "signature/tagmanifest-sha256.txt.minisig"]
    done = subprocess.run(command, cwd=bag, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_note_goes_in_as_a_text_file(library, ready, tmp_path):
    """Observation notes (from the coaching part) have no file: the bundle gets their text."""
    from portfolio_app.core.clock import now_iso
    from portfolio_app.core.ids import EvidenceId, RequirementId
    from portfolio_app.core.portfolio import Evidence
    from portfolio_app.storage import evidence as stored

    requirement = next(e.requirement_id for e in list_evidence(library, ready.id) if e.requirement_id)
    note = Evidence(
        EvidenceId("observnote"),
        ready.id,
        EvidenceKind.OBSERVATION,
        "Coach's notes, 12 Nov",
        now_iso(),
        note="Wait time after each question: 4-6 s.",
        requirement_id=RequirementId(requirement),
        students_appear=False,
    )
    with library.db.atomic():
        stored.insert(library.db, note, now_iso())
    plan = export.plan_export(library, ready.id, draft=True)
    assert any(i.preparation == export.Preparation.WRITE_TEXT for i in plan.items)
    bag = _unzip(export.build_bundle(library.store, plan, tmp_path / "b.zip").path, tmp_path / "open")
    [text] = (bag / "data" / "evidence").glob("*-observation.txt")
    assert "Wait time after each question" in text.read_text(encoding="utf-8")
    assert verify_bundle(tmp_path / "b.zip").valid


def test_a_video_over_the_size_limit_goes_in_compressed_to_it(library, ready, tmp_path):
    from dataclasses import replace

    plan = export.plan_export(library, ready.id)
    video = next(e for e in list_evidence(library, ready.id) if e.kind == EvidenceKind.VIDEO and e.requirement_id)
    assert export._preparation(replace(video, size_bytes=3 * export.MB), Path("unused"), 2) == (
        export.Preparation.COMPRESS,
        2,
    )
    items = tuple(
        replace(i, preparation=export.Preparation.COMPRESS, max_mb=1) if i.evidence.id == video.id else i
        for i in plan.items
    )
    info = export.build_bundle(library.store, replace(plan, items=items), tmp_path / "b.zip")
    assert verify_bundle(info.path).valid
    bag = _unzip(info.path, tmp_path / "open")
    [copy] = [p for p in (bag / "data" / "evidence").iterdir() if p.suffix == ".mp4"]
    assert copy.stat().st_size <= 1 * export.MB
    assert hashlib.sha256(copy.read_bytes()).hexdigest() != video.blob  # a new encode, not the stored file
    with av.open(str(copy)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.video[0].height <= export.COMPRESS_HEIGHT
