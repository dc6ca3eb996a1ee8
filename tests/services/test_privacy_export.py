"""The whole privacy path, as a teacher takes it: a student without video consent in the class
video blocks the export; the blurred copy takes the video's place; the bundle carries only it."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import TimeRange
from portfolio_app.core.readiness import Rule
from portfolio_app.services import appearances, export, faces, roster, tags
from portfolio_app.services.evidence import get_evidence, import_files, list_evidence
from portfolio_app.services.readiness import check_portfolio
from portfolio_app.services.rubric import link_requirement
from tests import mediagen as gen
from tests.ready_portfolio import make_ready_portfolio

pytest.importorskip("skimage", reason="the face photos come from scikit-image's sample data (dev extra)")


def test_only_the_blurred_copy_leaves_the_laptop(library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    old_video = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.VIDEO)
    path, _, _ = gen.make_face_video(tmp_path / "group-work.mp4", 1.0, width=640, height=360)
    video = import_files(library, portfolio.id, [path]).value.imported[0]
    link_requirement(library, [old_video.id], None)  # this lesson's video replaces it, tags and all
    link_requirement(library, [video.id], old_video.requirement_id)
    for tag in tags.tags_for_evidence(library, old_video.id):
        tags.add_tag(library, video.id, tag.criterion_id, span=TimeRange(0.2, 0.9), note=tag.note)
    group = appearances.portfolio_class(library, portfolio.id)
    leo = roster.add_student(library, group.id, "Leo", video=False, photo=True, audio=True).value
    appearances.set_students(library, video.id, True, [leo.id])

    blocked = [i for i in check_portfolio(library, portfolio.id).items if i.rule == Rule.PRIVACY]
    assert len(blocked) == 1 and "Leo" in blocked[0].message and "Blur" in blocked[0].fix
    with pytest.raises(export.NotReadyError, match="Leo"):
        export.plan_export(library, portfolio.id)

    copy = faces.blur_faces(library, video.id).value
    assert copy.faces_blurred >= 2
    assert get_evidence(library, video.id).requirement_id is None  # the original stays on the laptop
    assert check_portfolio(library, portfolio.id).ready

    info = export.export_portfolio(library, portfolio.id, tmp_path / "bundle.zip").value
    original = hashlib.sha256(library.store.path(video.blob).read_bytes()).hexdigest()
    with zipfile.ZipFile(info.path) as bundle:
        hashes = {hashlib.sha256(bundle.read(n)).hexdigest() for n in bundle.namelist() if "/data/evidence/" in n}
    assert original not in hashes
    assert copy.evidence.blob in hashes  # stored without location tags already: goes in as it is
