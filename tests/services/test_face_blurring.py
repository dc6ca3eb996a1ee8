"""Blurring faces as a use case: find, review (keep, add a missed face), blur into a copy that takes the
original's place, undo; on a real 720p class video and a class photo with real faces."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_app.core.errors import Cancelled, InvalidInputError
from portfolio_app.media import frames
from portfolio_app.services import faces, tags
from portfolio_app.services.evidence import get_evidence, import_files, list_evidence, media_path
from portfolio_app.services.private_copies import reinstate_copy, withdraw_copy
from tests.face_evidence import HEIGHT, WIDTH, import_face_files, make_face_files
from tests.mediagen import laplacian_variance, make_pdf, overlap

FPS = 30


@pytest.fixture(scope="module")
def face_files(tmp_path_factory: pytest.TempPathFactory):
    return make_face_files(tmp_path_factory.mktemp("face-files"))


@pytest.fixture
def imported(library, face_files):
    return import_face_files(library, face_files)


def _detail(path: Path, at_s: float | None, box) -> float:
    x, y, w, h = box
    return laplacian_variance(frames.picture_at(path, at_s)[y : y + h, x : x + w])


def test_faces_found_in_a_video_are_saved_and_reopen_without_searching_again(
    library, imported, face_files, monkeypatch
) -> None:
    video, _ = imported
    folder = faces.faces_folder(library)
    review = faces.find_faces(library.store, folder, video)
    assert len(review.tracks.tracks) == 3 and review.kept == frozenset()
    shown = dict(review.boxes_shown_at(0.5))
    for face in face_files.truth[15]:
        assert max(overlap(face, box, WIDTH, HEIGHT) for box in shown.values()) > 0.4

    monkeypatch.setattr(faces, "track_faces", lambda *a, **k: pytest.fail("searched again"))
    assert faces.find_faces(library.store, folder, video) == review
    assert faces.saved_review(folder, get_evidence(library, video.id)) == review


def test_blurring_all_but_a_kept_face_makes_a_copy_in_the_originals_place(library, imported, face_files) -> None:
    video, _ = imported
    folder = faces.faces_folder(library)
    review = faces.find_faces(library.store, folder, video)
    kept_id = review.tracks.tracks[0].id
    review = faces.keep_faces(folder, review, [kept_id])
    assert faces.saved_review(folder, video).kept == {kept_id}
    tagged = [t.id for t in tags.tags_for_evidence(library, video.id)]

    staged = faces.prepare_blur(library.store, video, review)
    copy = faces.record_blurred(library, video, staged, review).value

    made = copy.evidence
    assert made.derived_from == video.id and made.derivation == "blur faces 2 of 3"
    assert made.title == f"{video.title} (faces blurred)" and (copy.faces_blurred, copy.tracks) == (2, 3)
    assert get_evidence(library, made.id).requirement_id == video.requirement_id is not None
    assert get_evidence(library, video.id).requirement_id is None
    assert [t.id for t in tags.tags_for_evidence(library, made.id)] == tagged
    assert media_path(library, video).is_file()  # the original stays on the laptop
    kept_box = review.track(kept_id).box_at(0.5, review.tracks.reach_s)
    for face in face_files.truth[15]:
        before = _detail(face_files.video, 0.5, face)
        after = _detail(media_path(library, made), 0.5, face)
        if overlap(face, kept_box, WIDTH, HEIGHT) > 0.4:
            assert after > 0.5 * before  # the kept face is still there
        else:
            assert after < 0.1 * before  # at least 90 % of the detail gone


def test_undo_puts_the_original_back_and_the_copy_in_the_trash_and_redo_again(library, imported) -> None:
    video, _ = imported
    folder = faces.faces_folder(library)
    review = faces.find_faces(library.store, folder, video)
    copy = faces.record_blurred(library, video, faces.prepare_blur(library.store, video, review), review).value

    withdraw_copy(library, copy.handover)
    assert copy.evidence.id not in [e.id for e in list_evidence(library, video.portfolio_id)]
    assert get_evidence(library, video.id).requirement_id == video.requirement_id
    assert len(tags.tags_for_evidence(library, video.id)) == 1

    again = reinstate_copy(library, copy.handover).value
    assert get_evidence(library, again.copy_id).requirement_id == video.requirement_id
    assert tags.tags_for_evidence(library, video.id) == []


def test_a_missed_face_drawn_on_a_frame_is_followed_through_the_video(library, imported, face_files) -> None:
    video, _ = imported
    folder = faces.faces_folder(library)
    review = faces.find_faces(library.store, folder, video)
    x, y, w, h = face_files.truth[15][0]
    drawn = faces.add_missed_face(
        library.store, folder, video, review, 0.5, (x / WIDTH, y / HEIGHT, w / WIDTH, h / HEIGHT)
    )
    added = drawn.tracks.tracks[-1]
    assert added.drawn and len(drawn.tracks.tracks) == 4
    assert added.start_s < 0.1 and added.end_s > 0.9
    assert overlap(face_files.truth[1][0], added.box_at(1 / FPS), WIDTH, HEIGHT) > 0.5
    assert faces.saved_review(folder, video) == drawn
    with pytest.raises(InvalidInputError, match="inside the picture"):
        faces.add_missed_face(library.store, folder, video, review, 0.5, (0.9, 0.9, 0.3, 0.3))


def test_faces_in_a_photo_are_blurred_and_a_drawn_box_too(library, imported, face_files) -> None:
    _, photo = imported
    folder = faces.faces_folder(library)
    review = faces.find_faces(library.store, folder, photo)
    assert review.is_photo and len(review.tracks.tracks) >= 3
    review = faces.add_missed_face(library.store, folder, photo, review, 0.0, (0.0, 0.0, 0.1, 0.1))
    copy = faces.record_blurred(library, photo, faces.prepare_blur(library.store, photo, review), review).value
    assert copy.evidence.derivation == f"blur faces {len(review.tracks.tracks)} of {len(review.tracks.tracks)}"
    blurred = media_path(library, copy.evidence)
    found = [
        f for f in face_files.photo_faces if any(overlap(f, b, 1280, 720) > 0.3 for _, b in review.boxes_shown_at(0))
    ]
    assert len(found) >= 3
    for face in found:
        assert _detail(blurred, None, face) < 0.1 * _detail(face_files.photo, None, face)


def test_blur_faces_blurs_every_face_and_refuses_what_has_none(library, imported, tmp_path) -> None:
    video, _ = imported
    copy = faces.blur_faces(library, video.id).value
    assert copy.evidence.derivation == "blur faces 3 of 3"
    report = import_files(library, video.portfolio_id, [make_pdf(tmp_path / "plan.pdf")]).value
    with pytest.raises(InvalidInputError, match="not a video or a photo"):
        faces.blur_faces(library, report.imported[0].id)


def test_cancelling_the_blur_leaves_nothing_behind(library, imported) -> None:
    video, _ = imported
    review = faces.find_faces(library.store, faces.faces_folder(library), video)
    before = sorted(library.store.blobs())
    with pytest.raises(Cancelled):
        faces.prepare_blur(library.store, video, review, cancelled=lambda: True)
    assert sorted(library.store.blobs()) == before
    assert not any(library.store.staging.iterdir())
