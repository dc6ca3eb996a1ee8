"""Media made once per test session for the face tests: a classroom video with three moving faces."""

from __future__ import annotations

import pytest

from tests.mediagen import make_face_video


@pytest.fixture(scope="session")
def face_video(tmp_path_factory: pytest.TempPathFactory):
    """(path, people, face boxes per frame): 2 s of 640x360 at 30 fps, three faces moving sideways, a tone."""
    return make_face_video(tmp_path_factory.mktemp("faces") / "class.mp4")


@pytest.fixture(scope="session")
def face_tracks(face_video):
    """The tracks `track_faces` finds in `face_video`."""
    from portfolio_app.media.face_tracks import track_faces

    return track_faces(face_video[0])
