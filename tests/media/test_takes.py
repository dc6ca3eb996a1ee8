"""A take recorded as Matroska becomes an MP4 whose times start at 0, up to wherever it was cut off."""

from fractions import Fraction

import av
import numpy as np
import pytest

from portfolio_app.core.errors import MediaError
from portfolio_app.media.takes import finish_take


def _take(path, seconds: float = 3.0, *, starts_at: float = 1.0, fps: int = 25):
    """An MPEG-4 video take whose times start `starts_at` seconds in, as Qt's Matroska muxer writes them."""
    with av.open(str(path), "w", format="matroska") as container:
        video = container.add_stream("mpeg4", rate=fps)
        video.width, video.height, video.pix_fmt = 320, 180, "yuv420p"
        for n in range(round(seconds * fps)):
            pixels = np.full((180, 320, 3), (n * 7) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = n + round(starts_at * fps)
            frame.time_base = Fraction(1, fps)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
    return path


def _times(path) -> list[float]:
    with av.open(str(path)) as kept:
        return [float(f.time) for f in kept.decode(kept.streams.video[0])]


def test_a_finished_take_starts_at_zero(tmp_path):
    take = _take(tmp_path / "take.mkv")
    assert _times(take)[0] == pytest.approx(1.0)
    assert finish_take(take, tmp_path / "kept.mp4") is True
    times = _times(tmp_path / "kept.mp4")
    assert times[0] == 0 and times[-1] == pytest.approx(2.96, abs=0.05) and len(times) == 75


def test_a_take_cut_off_keeps_what_was_written(tmp_path):
    whole = _take(tmp_path / "take.mkv", 4.0).read_bytes()
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(whole[: len(whole) * 6 // 10])  # the recorder was killed here
    finish_take(cut, tmp_path / "kept.mp4")
    times = _times(tmp_path / "kept.mp4")
    assert times[0] == 0 and 1.0 < times[-1] < 3.0


@pytest.mark.parametrize("data", [b"", b"\x1a\x45\xdf\xa3" + bytes(40)])
def test_a_take_with_nothing_written_is_said(tmp_path, data):
    empty = tmp_path / "take.mkv"
    empty.write_bytes(data)
    with pytest.raises(MediaError, match="stopped before anything was written"):
        finish_take(empty, tmp_path / "kept.mp4")
    assert not (tmp_path / "kept.mp4").exists()
