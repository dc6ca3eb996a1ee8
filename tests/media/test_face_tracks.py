"""Faces followed through a generated classroom video: one track per face, JSON, a hand-drawn box followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.media.face_follow import track_from_box
from portfolio_app.media.face_tracks import FaceTrack, FaceTracks, track_faces, turn_box
from tests.mediagen import make_video, overlap

FPS = 30


def test_each_moving_face_becomes_one_track_that_follows_it(face_video, face_tracks: FaceTracks) -> None:
    _, people, truth = face_video
    assert len(face_tracks.tracks) == len(people)
    assert (face_tracks.width, face_tracks.height) == (640, 360)
    assert face_tracks.duration_s == pytest.approx(2.0, abs=0.05)
    for n in range(0, len(truth)):  # every frame, including those between detections
        for face in truth[n]:
            boxes = face_tracks.boxes_at(n / FPS)
            assert max(overlap(face, box, 640, 360) for box in boxes) > 0.4, (n, face, boxes)


def test_tracks_survive_a_round_trip_through_json(face_tracks: FaceTracks) -> None:
    again = FaceTracks.from_json(face_tracks.to_json())
    assert again == face_tracks
    assert again.boxes_at(1.0) == face_tracks.boxes_at(1.0)


@pytest.mark.parametrize("text", ["", "[]", '{"version": 99}', '{"version": 1, "tracks": [{"id": 1, "boxes": []}]}'])
def test_saved_tracks_that_are_not_ours_are_refused(text: str) -> None:
    with pytest.raises(MediaError, match="cannot be read"):
        FaceTracks.from_json(text)


def test_a_box_is_interpolated_between_sightings_and_held_only_within_reach() -> None:
    track = FaceTrack(1, ((1.0, (0.1, 0.1, 0.2, 0.2)), (2.0, (0.3, 0.1, 0.2, 0.2))))
    assert track.box_at(1.5) == pytest.approx((0.2, 0.1, 0.2, 0.2))
    assert track.box_at(0.9, reach_s=0.2) == (0.1, 0.1, 0.2, 0.2)
    assert track.box_at(0.7, reach_s=0.2) is None
    assert track.box_at(2.3, reach_s=0.2) is None


def test_keep_ids_leave_those_tracks_out(face_tracks: FaceTracks) -> None:
    first = face_tracks.tracks[0].id
    assert len(face_tracks.boxes_at(1.0, skip_ids=[first])) == len(face_tracks.tracks) - 1


def test_a_hand_drawn_box_is_followed_forwards_and_backwards(face_video) -> None:
    path, _, truth = face_video
    x, y, w, h = truth[30][1]
    track = track_from_box(path, 1.0, (x / 640, y / 360, w / 640, h / 360))
    assert track.drawn and track.start_s == pytest.approx(0.0, abs=0.05) and track.end_s > 1.9
    for n in (0, 10, 45, 59):
        assert overlap(truth[n][1], track.box_at(n / FPS), 640, 360) > 0.6, n


def test_a_drawn_track_is_added_with_the_next_id(face_video, face_tracks: FaceTracks) -> None:
    track = FaceTrack(0, ((0.5, (0.4, 0.4, 0.1, 0.1)),), drawn=True)
    added = face_tracks.added(track)
    assert added.tracks[-1].id == max(t.id for t in face_tracks.tracks) + 1
    assert added.tracks[-1].drawn and len(added.tracks) == len(face_tracks.tracks) + 1


def test_a_box_outside_the_picture_is_refused(face_video) -> None:
    with pytest.raises(MediaError, match="inside the picture"):
        track_from_box(face_video[0], 1.0, (0.9, 0.5, 0.2, 0.1))


def test_tracking_can_be_cancelled(face_video) -> None:
    with pytest.raises(Cancelled):
        track_faces(face_video[0], cancelled=lambda: True)


def test_a_video_without_faces_has_no_tracks_and_reports_progress(tmp_path: Path) -> None:
    seen: list[float] = []
    tracks = track_faces(make_video(tmp_path / "wall.mp4", 1.0), progress=seen.append)
    assert tracks.tracks == ()
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_turn_box_turns_a_quarter_at_a_time() -> None:
    box = (0.1, 0.2, 0.3, 0.4)
    assert turn_box(box, 1) == pytest.approx((0.2, 0.6, 0.4, 0.3))
    assert turn_box(turn_box(box, 1), -1) == pytest.approx(box)
    assert turn_box(box, 4) == pytest.approx(box)


def test_faces_in_a_phone_video_held_upright_are_found(tmp_path: Path) -> None:
    """Stored sideways with a display matrix: the faces are searched upright, the boxes kept as stored."""
    import av
    import numpy as np

    from bench.face_scenes import face_video, random_person

    rng = np.random.default_rng(7)
    person = random_person(rng, 360, 640, (70, 71))
    upright = tmp_path / "upright.mp4"
    truth = face_video(upright, [person], seconds=0.5, width=360, height=640, audio=False)
    sideways = tmp_path / "phone.mp4"
    with av.open(str(upright)) as source, av.open(str(sideways), "w") as out:
        stream = out.add_stream("libx264", rate=FPS, options={"preset": "ultrafast", "crf": "18"})
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.set_display_rotation(90)
        for frame in source.decode(video=0):
            stored = np.ascontiguousarray(np.rot90(frame.to_ndarray(format="rgb24"), -1))  # clockwise
            new = av.VideoFrame.from_ndarray(stored, format="rgb24")
            new.pts, new.time_base = frame.pts, frame.time_base
            out.mux(stream.encode(new))
        out.mux(stream.encode(None))
    tracks = track_faces(sideways)
    assert tracks.rotation == 90 and len(tracks.tracks) == 1
    seen_as_shown = turn_box(tracks.tracks[0].boxes[0][1], tracks.rotation // 90)
    assert overlap(truth[0][0], seen_as_shown, 360, 640) > 0.4


def test_a_face_found_late_is_followed_back_to_where_it_was_already_there(face_video, face_tracks) -> None:
    """The detector found a face only at 1 s (small, turned): the frames before must not go out unblurred."""
    from dataclasses import replace

    from portfolio_app.media.face_follow import extend_tracks

    _, _, truth = face_video
    first = face_tracks.tracks[0]
    late = replace(first, boxes=tuple((t, box) for t, box in first.boxes if t >= 1.0))
    found_late = replace(face_tracks, tracks=(late, *face_tracks.tracks[1:]))
    assert late.start_s >= 1.0 and not found_late.tracks[0].box_at(0.2, found_late.reach_s)

    extended = extend_tracks(face_video[0], found_late)
    track = extended.tracks[0]
    assert track.start_s <= extended.reach_s  # followed back to (nearly) the first frame
    assert track.boxes[-len(late.boxes) :] == late.boxes  # what was found stays as it was
    for n in range(0, 30, 5):  # the first second: every face still covered
        for face in truth[n]:
            assert max(overlap(face, box, 640, 360) for box in extended.boxes_at(n / FPS)) > 0.4, (n, face)
    assert extend_tracks(face_video[0], face_tracks).tracks == face_tracks.tracks  # nothing to add: unchanged
