"""Blurring faces in a generated classroom video: detail gone in face boxes, the rest and the sound kept."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.media.blur import blur_video
from portfolio_app.media.face_tracks import FaceTracks
from tests.mediagen import laplacian_variance, overlap


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


@pytest.fixture(scope="module")
def original(face_video) -> list[np.ndarray]:
    return decoded(face_video[0])


@pytest.fixture(scope="module")
def kept_track(face_video, face_tracks: FaceTracks) -> tuple[int, int]:
    """(track id, index of its face in the truth): the track following the first person, kept unblurred."""
    _, _, truth = face_video
    track = max(face_tracks.tracks, key=lambda t: overlap(truth[0][0], t.boxes[0][1], 640, 360))
    return track.id, 0


@pytest.fixture(scope="module")
def blurred(face_video, face_tracks: FaceTracks, kept_track, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("blurred") / "class blurred.mp4"
    seen: list[float] = []
    blur_video(face_video[0], out, face_tracks, keep_track_ids=[kept_track[0]], progress=seen.append)
    assert seen and seen[-1] == 1.0
    return out


def test_every_face_not_kept_loses_its_detail_in_every_frame(face_video, original, blurred, kept_track) -> None:
    _, _, truth = face_video
    after = decoded(blurred)
    for n, faces in enumerate(truth):
        for index, (x, y, w, h) in enumerate(faces):
            if index == kept_track[1]:
                continue
            before_detail = laplacian_variance(original[n][y : y + h, x : x + w])
            after_detail = laplacian_variance(after[n][y : y + h, x : x + w])
            assert after_detail <= 0.1 * before_detail, (n, index, before_detail, after_detail)


def test_the_kept_face_and_the_rest_of_the_frame_stay_as_they_were(face_video, original, blurred, kept_track) -> None:
    _, _, truth = face_video
    after = decoded(blurred)
    for n in (0, 31, 59):
        x, y, w, h = truth[n][kept_track[1]]
        kept_before, kept_after = original[n][y : y + h, x : x + w], after[n][y : y + h, x : x + w]
        assert laplacian_variance(kept_after) >= 0.6 * laplacian_variance(kept_before)
        assert np.abs(kept_after.astype(int) - kept_before.astype(int)).mean() < 4
        outside = np.ones(original[n].shape[:2], bool)
        for fx, fy, fw, fh in truth[n]:
            outside[max(fy - fh, 0) : fy + 2 * fh, max(fx - fw, 0) : fx + 2 * fw] = False  # the padded blur
        difference = np.abs(after[n].astype(int) - original[n].astype(int))[outside]
        assert difference.mean() < 2.5


def test_length_frames_and_sound_are_kept(face_video, blurred) -> None:
    with av.open(str(face_video[0])) as source, av.open(str(blurred)) as result:
        assert result.streams.video[0].codec_context.name == "h264"
        assert result.streams.video[0].codec_context.pix_fmt == "yuv420p"
        assert result.streams.audio[0].codec_context.name == "aac"
        assert result.duration == pytest.approx(source.duration, abs=50_000)
        sound = sum(frame.samples for frame in result.decode(audio=0))
    assert sound / 48000 == pytest.approx(2.0, abs=0.05)
    assert len(decoded(blurred)) == len(decoded(face_video[0])) == 60


def test_cancelling_leaves_no_file(face_video, face_tracks: FaceTracks, tmp_path: Path) -> None:
    out = tmp_path / "never.mp4"
    calls = iter(range(1000))
    with pytest.raises(Cancelled):
        blur_video(face_video[0], out, face_tracks, [], cancelled=lambda: next(calls) > 20)
    assert list(tmp_path.iterdir()) == []


def test_keeping_a_track_that_does_not_exist_is_refused(face_video, face_tracks: FaceTracks, tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no face track 999"):
        blur_video(face_video[0], tmp_path / "out.mp4", face_tracks, [999])


@pytest.mark.parametrize("threads", ["SLICE", "AUTO"])
def test_a_frame_blurred_in_place_leaves_the_frames_decoded_from_it_alone(tmp_path: Path, threads: str) -> None:
    from portfolio_app.media.blur import _blurred_frame
    from tests.mediagen import make_video

    clip = make_video(tmp_path / "lesson.mp4", 1.0, audio=False)

    def frames(blur_first: bool) -> list[np.ndarray]:
        with av.open(str(clip)) as container:
            container.streams.video[0].thread_type = threads
            pictures = []
            for n, frame in enumerate(container.decode(video=0)):
                if n == 0 and blur_first:  # the keyframe: the decoder predicts the next frames from it
                    assert _blurred_frame(frame, [(0.1, 0.1, 0.8, 0.8)]) is frame
                    continue
                pictures.append(frame.to_ndarray(format="yuv420p"))
            return pictures

    clean, after_blur = frames(blur_first=False)[1:], frames(blur_first=True)
    assert len(after_blur) == len(clean) > 10
    assert all(np.array_equal(a, b) for a, b in zip(after_blur, clean, strict=True))
