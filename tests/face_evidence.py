"""A class video and a class photo with real faces (skimage's, via bench/face_scenes.py), imported into a
portfolio, the video linked to a requirement and tagged: for the face-blurring tests of services, CLI and window."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.portfolio import Evidence, TimeRange
from portfolio_app.services import portfolios, rubric, tags
from portfolio_app.services.evidence import get_evidence, import_files
from portfolio_app.services.portfolios import create_portfolio
from tests.mediagen import make_face_video

CREDENTIAL = "questioning-to-deepen-thinking"
WIDTH, HEIGHT, SECONDS = 1280, 720, 1.0  # a short 720p clip: the size the speed target is about, and fast


@dataclass(frozen=True)
class FaceFiles:
    video: Path
    truth: list  # face boxes (x, y, w, h in pixels) in each frame of the video
    photo: Path
    photo_faces: tuple  # face boxes in the photo


def make_face_files(folder: Path) -> FaceFiles:
    """The class video (three moving faces, 1 s of 720p30) and a class photo (four faces)."""
    from bench.face_scenes import scene

    folder.mkdir(parents=True, exist_ok=True)
    video, _, truth = make_face_video(folder / "class.mp4", SECONDS, width=WIDTH, height=HEIGHT, seed=11)
    frame = scene(np.random.default_rng(5), faces=4)
    photo = folder / "class photo.jpg"
    cv2.imwrite(str(photo), frame.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return FaceFiles(video, truth, photo, frame.faces)


def import_face_files(library, files: FaceFiles) -> tuple[Evidence, Evidence]:
    """The video and photo as evidence of a new portfolio; the video linked to a requirement, with a tag."""
    portfolio = create_portfolio(library, CREDENTIAL, "Grade 7 science").value
    credential = portfolios.portfolio_with_credential(library, portfolio.id)[1]
    report = import_files(library, portfolio.id, [files.video, files.photo]).value
    assert not report.failed, report.failed
    video = next(e for e in report.imported if e.kind == EvidenceKind.VIDEO)
    photo = next(e for e in report.imported if e.kind == EvidenceKind.IMAGE)
    requirement = next(r for r in credential.work_examples.requirements if EvidenceKind.VIDEO in r.kinds)
    rubric.link_requirement(library, [video.id], requirement.id)
    criterion = credential.criteria_for(Part.WORK_EXAMPLES)[0]
    tags.add_tag(library, video.id, criterion.id, span=TimeRange(0.2, 0.8), note="the question")
    return get_evidence(library, video.id), get_evidence(library, photo.id)
