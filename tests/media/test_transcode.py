"""Trim, compress and strip on real H.264/AAC files: every frame carries its number (tests/mediagen.py)."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.media import transcode
from portfolio_app.media.transcode import compress, strip_video_metadata, trim
from tests.mediagen import make_audio, make_text_renamed, make_truncated, make_video, read_frame_number

FPS = 30
AAC_FRAME_S = 1024 / 48000  # one AAC frame: the A/V tolerance the design allows
CLICK_S = 2.0  # where the click in `clicked_video` sounds: the instant frame 60 is shown


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def video(media: Path) -> Path:
    """4 s, 640x360, 30 fps, a keyframe every 30 frames, with a 440 Hz tone."""
    return make_video(media / "lesson.mp4", 4.0, gop=30)


@pytest.fixture(scope="module")
def clicked_video(media: Path) -> Path:
    """Silence with one short click at CLICK_S, so the sound's position can be checked against the frames."""
    silent = make_video(media / "silent.mp4", 3.0, gop=30, audio=False)
    path = media / "clicked.mp4"
    with av.open(str(silent)) as source, av.open(str(path), "w") as out:
        picture = out.add_stream_from_template(source.streams.video[0])
        sound = out.add_stream("aac", rate=48000)
        sound.layout = "mono"
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = picture
                out.mux(packet)
        samples = np.zeros(3 * 48000, np.float32)
        click = round(CLICK_S * 48000)
        samples[click : click + 480] = 0.8  # 10 ms
        for start in range(0, len(samples), 1024):
            frame = av.AudioFrame.from_ndarray(samples[None, start : start + 1024], format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
            out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    return path


def frame_numbers(path: Path) -> list[int]:
    with av.open(str(path)) as container:
        return [read_frame_number(frame) for frame in container.decode(video=0)]


def stream_seconds(path: Path, kind: str) -> float:
    with av.open(str(path)) as container:
        stream = getattr(container.streams, kind)[0]
        return float(stream.duration * stream.time_base)


def codecs(path: Path) -> dict[str, str]:
    with av.open(str(path)) as container:
        return {stream.type: stream.codec_context.name for stream in container.streams}


def only_file_is(folder: Path, *names: str) -> bool:
    """Nothing but `names` in `folder`: no output and no temp file left behind."""
    return sorted(p.name for p in folder.iterdir()) == sorted(names)


# -- trim --------------------------------------------------------------------------------------


def test_source_has_keyframes_only_every_second(video: Path) -> None:
    # The premise of the trim tests: a stream copy from frame 47 would start at frame 30.
    with av.open(str(video)) as container:
        keys = [n for n, frame in enumerate(container.decode(video=0)) if frame.key_frame]
    assert keys == [0, 30, 60, 90]


@pytest.mark.parametrize(
    ("start_s", "end_s", "first", "last"),
    [
        (47 / FPS, 95 / FPS, 47, 94),  # on frame times: [47, 95)
        (1.55, 3.17, 47, 95),  # between frames: the first frame at or after each
    ],
)
def test_trim_is_frame_accurate_between_keyframes(video, tmp_path, start_s, end_s, first, last) -> None:
    out = tmp_path / "cut.mp4"
    trim(video, out, start_s, end_s)
    assert frame_numbers(out) == list(range(first, last + 1))
    assert codecs(out) == {"video": "h264", "audio": "aac"}
    with av.open(str(out)) as container:
        assert container.streams.video[0].start_time == 0 and container.streams.audio[0].start_time == 0
    frames_s = (last + 1 - first) / FPS
    assert stream_seconds(out, "video") == pytest.approx(frames_s, abs=1e-3)
    assert stream_seconds(out, "audio") == pytest.approx(frames_s, abs=AAC_FRAME_S)


@pytest.mark.parametrize(
    ("start_s", "first"),
    [
        (0.1, 3),  # within the first second: decoded from the very start
        (1.54, 47),  # 27 ms before frame 47: sound cut at 1.54 s instead of the frame would be heard late
    ],
)
def test_trimmed_sound_stays_in_sync_with_the_picture(clicked_video, tmp_path, start_s, first) -> None:
    out = tmp_path / "cut.mp4"
    trim(clicked_video, out, start_s, 80 / FPS)
    with av.open(str(out)) as container:
        sound = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    heard_at = np.argmax(np.abs(sound) > 0.3) / 48000
    # Frame 60 is shown (60 - first) / 30 s into the cut, and the click must be heard then.
    assert frame_numbers(out)[60 - first] == 60
    assert heard_at == pytest.approx((60 - first) / FPS, abs=AAC_FRAME_S)


def test_trim_keeps_the_rotation(media, tmp_path) -> None:
    src = make_video(media / "portrait.mp4", 1.5, rotation=90)
    out = tmp_path / "cut.mp4"
    trim(src, out, 0.2, 1.0)
    with av.open(str(out)) as container:
        assert next(container.decode(video=0)).rotation == 90


@pytest.mark.parametrize("suffix", [".m4a", ".wav"])
def test_trim_sound_only(media, tmp_path, suffix) -> None:
    src = make_audio(media / f"voice{suffix}", 3.0)
    out = tmp_path / "cut.m4a"
    trim(src, out, 0.5, 2.25)
    assert codecs(out) == {"audio": "aac"}
    assert stream_seconds(out, "audio") == pytest.approx(1.75, abs=AAC_FRAME_S)


@pytest.mark.parametrize(
    ("start_s", "end_s", "problem"),
    [
        (-0.5, 1.0, "cannot cut from"),
        (4.5, 5.0, "cannot cut from"),
        (1.0, 4.5, "the recording is 4.00 s long"),
        (2.0, 2.0, "must come after its start"),
        (2.0, 1.0, "must come after its start"),
    ],
)
def test_trim_outside_the_recording_is_refused(video, tmp_path, start_s, end_s, problem) -> None:
    with pytest.raises(MediaError, match=problem) as caught:
        trim(video, tmp_path / "cut.mp4", start_s, end_s)
    assert caught.value.file_name == "lesson.mp4"
    assert only_file_is(tmp_path)


def test_trim_to_the_very_end(video, tmp_path) -> None:
    out = tmp_path / "cut.mp4"
    trim(video, out, 100 / FPS, 4.0)
    assert frame_numbers(out) == list(range(100, 120))


def test_cancelled_trim_leaves_nothing(video, tmp_path) -> None:
    checks = []

    def cancelled() -> bool:
        checks.append(1)
        return len(checks) > 20  # well into the cut

    with pytest.raises(Cancelled):
        trim(video, tmp_path / "cut.mp4", 0.5, 3.5, cancelled=cancelled)
    assert only_file_is(tmp_path)


def test_trim_reports_progress_up_to_one(video, tmp_path) -> None:
    seen: list[float] = []
    trim(video, tmp_path / "cut.mp4", 0.0, 4.0, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and all(0.0 <= p <= 1.0 for p in seen)


def test_truncated_video_is_named_and_explained(video, tmp_path) -> None:
    src = make_truncated(video, tmp_path / "half copied.mp4")
    with pytest.raises(MediaError, match=r"^half copied\.mp4: the file ends early"):
        trim(src, tmp_path / "cut.mp4", 0.5, 1.0)
    assert only_file_is(tmp_path, "half copied.mp4")


def test_text_file_named_like_a_video_is_refused(tmp_path) -> None:
    src = make_text_renamed(tmp_path / "notes.mp4")
    with pytest.raises(MediaError, match=r"^notes\.mp4: this is not a video or sound file"):
        trim(src, tmp_path / "cut.mp4", 0.5, 1.0)
    with pytest.raises(MediaError, match=r"^notes\.mp4:"):
        compress(src, tmp_path / "small.mp4")
    assert only_file_is(tmp_path, "notes.mp4")


# -- compress ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "expected"), [((1920, 1080), (1280, 720)), ((1440, 1080), (960, 720))])
def test_compress_scales_to_720_keeping_the_aspect(media, tmp_path, size, expected) -> None:
    src = make_video(media / f"hd{size[0]}.mp4", 1.0, width=size[0], height=size[1])
    out = tmp_path / "small.mp4"
    compress(src, out)
    with av.open(str(out)) as container:
        picture = container.streams.video[0].codec_context
        assert (picture.width, picture.height) == expected
        assert picture.width % 2 == 0
        assert picture.width / picture.height == pytest.approx(size[0] / size[1], rel=0.01)
        assert container.streams.video[0].frames == 30
    assert codecs(out) == {"video": "h264", "audio": "aac"}
    data = out.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # faststart: the index comes first


def test_compress_never_enlarges(video, tmp_path) -> None:
    out = tmp_path / "small.mp4"
    compress(video, out)
    with av.open(str(out)) as container:
        picture = container.streams.video[0].codec_context
        assert (picture.width, picture.height) == (640, 360)
    assert frame_numbers(out) == list(range(120))


@pytest.fixture(scope="module")
def six_seconds(media: Path) -> Path:
    return make_video(media / "six seconds.mp4", 6.0, width=1280, height=720)


def test_compress_fits_a_tight_budget(six_seconds, tmp_path) -> None:
    src = six_seconds
    unlimited, budgeted = tmp_path / "unlimited.mp4", tmp_path / "budgeted.mp4"
    budget = 260_000
    compress(src, unlimited)
    assert unlimited.stat().st_size > 1.5 * budget  # the premise: the budget really bites
    seen: list[float] = []
    compress(src, budgeted, max_bytes=budget, progress=seen.append)
    assert 0.6 * budget < budgeted.stat().st_size <= budget
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert stream_seconds(budgeted, "video") == pytest.approx(6.0, abs=0.05)
    assert frame_numbers(budgeted)[::45] == [0, 45, 90, 135]  # still legible at that size


def test_compress_retries_once_when_the_first_pass_is_too_big(six_seconds, tmp_path, monkeypatch) -> None:
    src = six_seconds
    budget = 260_000
    honest = transcode._budget
    monkeypatch.setattr(transcode, "_budget", lambda s, b: (honest(s, b)[0] * 3, honest(s, b)[1]))  # overshoots
    passes = []
    real_pass = transcode._transcode
    monkeypatch.setattr(transcode, "_transcode", lambda *args: passes.append(1) or real_pass(*args))
    seen: list[float] = []
    compress(src, tmp_path / "budgeted.mp4", max_bytes=budget, progress=seen.append)
    assert len(passes) == 2
    assert (tmp_path / "budgeted.mp4").stat().st_size <= budget
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert only_file_is(tmp_path, "budgeted.mp4")


def test_compress_refuses_a_budget_nothing_fits(video, tmp_path) -> None:
    with pytest.raises(MediaError, match=r"^lesson\.mp4: is too long to fit in 0\.0 MB: trim it first"):
        compress(video, tmp_path / "small.mp4", max_bytes=20_000)
    assert only_file_is(tmp_path)


def test_compress_progress_is_monotonic_and_reaches_one(video, tmp_path) -> None:
    seen: list[float] = []
    compress(video, tmp_path / "small.mp4", progress=seen.append)
    assert len(seen) >= 2 and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0.0 <= p <= 1.0 for p in seen)


def test_compress_keeps_the_rotation(media, tmp_path) -> None:
    src = make_video(media / "sideways.mp4", 1.0, rotation=270)
    out = tmp_path / "small.mp4"
    compress(src, out)
    with av.open(str(out)) as container:
        assert next(container.decode(video=0)).rotation == -90


def test_cancelled_compress_leaves_nothing(video, tmp_path) -> None:
    seen: list[float] = []
    with pytest.raises(Cancelled):
        compress(video, tmp_path / "small.mp4", progress=seen.append, cancelled=lambda: len(seen) > 0)
    assert only_file_is(tmp_path)


# -- strip -------------------------------------------------------------------------------------

PRIVATE = {"location": "+37.7749-122.4194/", "make": "PhoneMaker", "model": "Phone 15"}


@pytest.mark.parametrize("suffix", [".mp4", ".mov"])
def test_strip_removes_location_and_device_and_still_plays(media, tmp_path, suffix) -> None:
    src = make_video(media / f"phone{suffix}", 2.0, metadata={**PRIVATE, "creation_time": "2024-03-01T08:30:00Z"})
    with av.open(str(src)) as container:
        assert container.metadata["location"] == PRIVATE["location"]  # the premise
    out = tmp_path / f"shared{suffix}"
    strip_video_metadata(src, out)
    with av.open(str(out)) as container:
        tags = {**container.metadata, **{k: v for s in container.streams for k, v in s.metadata.items()}}
        assert not {k for k in tags if k.startswith(("location", "make", "model", "creation_time"))}
        assert {s.type for s in container.streams} == {"video", "audio"}
        assert sum(1 for _ in container.decode(audio=0)) > 0
    data = out.read_bytes()
    for secret in (b"+37.7749", b"PhoneMaker", b"Phone 15", b"loci", b"\xa9xyz", b"2024-03-01"):
        assert secret not in data
    assert frame_numbers(out) == list(range(60))  # every frame decodes, in order
    assert math.isclose(stream_seconds(out, "video"), stream_seconds(src, "video"))


def test_strip_keeps_the_rotation(media, tmp_path) -> None:
    src = make_video(media / "upright.mov", 1.0, rotation=90, metadata=PRIVATE)
    out = tmp_path / "shared.mov"
    strip_video_metadata(src, out)
    with av.open(str(out)) as container:
        assert next(container.decode(video=0)).rotation == 90


def test_strip_of_a_truncated_file_is_refused(video, tmp_path) -> None:
    src = make_truncated(video, tmp_path / "cut short.mp4", keep=0.3)
    with pytest.raises(MediaError, match=r"^cut short\.mp4: the file ends early"):
        strip_video_metadata(src, tmp_path / "shared.mp4")
    assert only_file_is(tmp_path, "cut short.mp4")


def test_strip_into_a_format_that_cannot_hold_the_streams_is_refused(media, tmp_path) -> None:
    src = make_video(media / "browser.webm", 1.0)  # VP8: an MP4 cannot carry it without re-encoding
    with pytest.raises(MediaError, match=r"^browser\.webm: its video cannot go into a \.mp4 file"):
        strip_video_metadata(src, tmp_path / "shared.mp4")
    assert only_file_is(tmp_path)
