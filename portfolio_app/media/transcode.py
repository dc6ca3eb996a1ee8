"""Trim, compress and strip videos with PyAV (FFmpeg inside the wheel): H.264/AAC out, no Qt.

Trimming re-encodes rather than stream-copies, because a stream copy can only start on a
keyframe (FACTS.md: asked for 9.7 s, got 10.03 s). Every function writes to a temp file beside
`dst` and renames it into place, so a cancelled or failed job leaves no `dst` behind.
"""

from __future__ import annotations

import errno
import math
import os
import struct
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from av.audio.frame import AudioFrame
from av.sidedata.sidedata import Type as SideDataType
from av.stream import Disposition
from av.video.frame import PictureType, VideoFrame

from portfolio_app.atomic_files import atomic_path, disk_message
from portfolio_app.core.errors import Cancelled, MediaError, StorageError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.media.decode_ahead import DecodeAhead

FrameEdit = Callable[[VideoFrame, float], VideoFrame]  # a picture and its time (s from the start) -> the new picture

TRIM_OPTIONS = {"preset": "veryfast", "crf": "20"}
# superfast with veryfast's macroblock tree back (it needs the lookahead): from 1080p30 to 720p it
# takes about 20 % less CPU than veryfast for about the same size and quality, where plain superfast
# makes files nearly twice as big at the same crf. Speed on 2 cores: bench/compress.py.
COMPRESS_PRESET = "superfast"
COMPRESS_X264_PARAMS = "mbtree=1:rc-lookahead=10"
COMPRESS_CRF = "23"
AUDIO_BITRATE = 128_000
REWRITE_CRF = "20"  # an edited copy (blurred faces) keeps close to the original's quality
MIN_VIDEO_BITRATE = 120_000  # below this 720p is mush: better to ask the teacher to trim first
BUDGET_MARGIN = 0.9  # x264's average bitrate overshoots a little on short clips
CONTAINER_BYTES = 16_384  # moov box and headers: about 12 bytes a frame, plus fixed boxes
END_SLACK_S = 0.01  # players round a recording's length to whole milliseconds
SEEK_MARGIN_S = 1.0  # seek this far before the cut, so B-frame reordering cannot hide its first frame

_EPS = Fraction(1, 1_000_000)  # float start/end times are not exact frame times
_REPORT_EVERY_S = 0.05
_MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".m4a": "ipod"}
_AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000}
_X264_FORMATS = {"yuv420p", "yuvj420p"}


@dataclass(frozen=True)
class _Plan:
    """What one encoding pass makes: the cut (from the start of the recording), size and rates."""

    x264: dict[str, str]
    start: Fraction = Fraction(0)
    end: Fraction | None = None  # None: to the end of the file
    max_height: int | None = None
    audio_bps: int = AUDIO_BITRATE
    edit: FrameEdit | None = None  # applied to every kept picture before it is encoded


def trim(
    src: Path,
    dst: Path,
    start_s: float,
    end_s: float,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Cut [start_s, end_s) frame-accurately into dst (.mp4, or .m4a for sound only) as H.264/AAC, sound in sync."""
    if not (math.isfinite(start_s) and math.isfinite(end_s) and end_s > start_s):
        raise MediaError(src.name, "the end of the cut must come after its start")
    report = _Reporter(progress, cancelled)
    with _atomic_output(dst) as temp:
        _transcode(src, temp, dst, _Plan(TRIM_OPTIONS, Fraction(start_s), Fraction(end_s)), report)
    report.finish()


def compress(
    src: Path,
    dst: Path,
    *,
    max_bytes: int | None = None,
    max_height: int = 720,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Re-encode to an H.264/AAC MP4 no taller than max_height and, when max_bytes is given, no bigger than that."""
    # Scaling keeps the aspect ratio and even sizes and never enlarges (_fit). With a budget, the
    # bitrate comes from the length, less room for the container and the sound (_budget); should
    # the file still come out too big, one more pass runs at a bitrate lowered in proportion.
    video_bps, audio_bps = (0, AUDIO_BITRATE) if max_bytes is None else _budget(src, max_bytes)
    report = _Reporter(progress, cancelled, high=1.0 if max_bytes is None else 0.95)  # 5 % kept for a retry
    with _atomic_output(dst) as temp:
        for attempt in range(2):
            x264 = {"preset": COMPRESS_PRESET, "x264-params": COMPRESS_X264_PARAMS, "crf": COMPRESS_CRF}
            if video_bps:  # the VBV cap keeps x264 from spending the budget on the first seconds
                del x264["crf"]
                x264.update(b=f"{video_bps}", maxrate=f"{video_bps * 3 // 2}", bufsize=f"{video_bps * 2}")
            _transcode(src, temp, dst, _Plan(x264, max_height=max_height, audio_bps=audio_bps), report)
            size = temp.stat().st_size
            if max_bytes is None or size <= max_bytes:
                break
            video_bps = int(video_bps * max_bytes / size * BUDGET_MARGIN)
            if attempt or video_bps < MIN_VIDEO_BITRATE:
                raise MediaError(src.name, f"could not be made smaller than {max_bytes / 1e6:.1f} MB: trim it first")
            report.low, report.high = report.last, 1.0
    report.finish()


def rewrite_video(
    src: Path,
    dst: Path,
    edit: FrameEdit,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Re-encode src at its own size into dst as H.264/AAC, each picture passed through `edit(frame, seconds)` first.

    `edit` gets decoded frames and their time from the start of the recording, as a player shows it,
    and returns the frame to encode (the same one, or a new one of the same size). The copy carries
    no location, device or creation tags, as with every re-encode here.
    """
    x264 = {"preset": COMPRESS_PRESET, "x264-params": COMPRESS_X264_PARAMS, "crf": REWRITE_CRF}
    report = _Reporter(progress, cancelled)
    with _atomic_output(dst) as temp:
        _transcode(src, temp, dst, _Plan(x264, edit=edit), report)
    report.finish()


def strip_video_metadata(src: Path, dst: Path) -> None:
    """Copy the streams into dst without re-encoding, leaving out location, device and creation tags; keep rotation."""
    with open_input(src) as source, _atomic_output(dst) as temp, _open_output(temp, dst, src) as out:
        copies = {}
        # Only picture and sound: data tracks can carry timed GPS (phones, action cameras), and
        # cover art is a photo with its own EXIF. The new container starts without any tags.
        for stream in (s for s in source.streams if s.type in ("video", "audio")):
            if stream.disposition & Disposition.attached_pic:
                continue
            try:
                copy = out.add_stream_from_template(stream)  # codec parameters, display matrix included
            except ValueError as error:  # e.g. VP8 into .mp4: only re-encoding could do that
                raise MediaError(src.name, f"its {stream.type} cannot go into a {dst.suffix} file as it is") from error
            if stream.language:
                copy.metadata["language"] = stream.language
            copies[stream.index] = copy
        if not copies:
            raise MediaError(src.name, "there is no picture or sound in it")
        for packet in _guarded(src, source.demux(*(source.streams[i] for i in copies))):
            if packet.dts is not None:  # demux ends with empty packets, there to flush decoders
                packet.stream = copies[packet.stream.index]
                out.mux(packet)


def _budget(src: Path, max_bytes: int) -> tuple[int, int]:
    """Video and audio bits per second that fit the recording into `max_bytes`."""
    with open_input(src) as source:
        if not source.duration:
            raise MediaError(src.name, "its length cannot be read")
        total = max(0, max_bytes - CONTAINER_BYTES) * 8 / max(source.duration / 1_000_000, 0.1)
    audio = AUDIO_BITRATE if total >= 1_000_000 else 96_000 if total >= 500_000 else 64_000
    video = int((total - audio) * BUDGET_MARGIN)
    if video < MIN_VIDEO_BITRATE:
        raise MediaError(src.name, f"is too long to fit in {max_bytes / 1e6:.1f} MB: trim it first")
    return video, audio


@dataclass
class _Reporter:
    """Monotonic progress, at most every _REPORT_EVERY_S, scaled into [low, high]; and the cancel check."""

    progress: Progress | None
    cancelled: CancelCheck | None
    low: float = 0.0
    high: float = 1.0
    last: float = 0.0
    sent_at: float = 0.0

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("Stopped as asked: nothing was saved.")

    def update(self, fraction: float) -> None:
        value = self.low + (self.high - self.low) * min(max(fraction, 0.0), 1.0)
        now = time.monotonic()
        if self.progress is not None and value > self.last and now - self.sent_at >= _REPORT_EVERY_S:
            self.last, self.sent_at = value, now
            self.progress(value)

    def finish(self) -> None:
        self.sent_at, self.low, self.high = 0.0, 0.0, 1.0
        self.update(1.0)


def _transcode(src: Path, path: Path, dst: Path, plan: _Plan, report: _Reporter) -> None:
    """Decode `src` from `plan.start`, re-encode to `path` (named like `dst`), the sound cut to the kept frames."""
    with open_input(src) as source, _open_output(path, dst, src) as out:
        # Cover art in a sound file is a "video" stream of one picture; an .m4a gets the sound only.
        pictures = [s for s in source.streams.video if not s.disposition & Disposition.attached_pic]
        vin = pictures[0] if pictures and _MUXERS.get(dst.suffix.lower()) != "ipod" else None
        ain = source.streams.audio[0] if source.streams.audio else None
        if vin is None and ain is None:
            raise MediaError(src.name, "there is no picture or sound in it")
        video = _VideoOut(out, vin, plan) if vin is not None else None
        audio = _AudioOut(out, ain, plan.audio_bps) if ain is not None else None
        length = (source.duration or 0) / 1_000_000
        if plan.end is not None and (plan.start < 0 or plan.start >= length or plan.end > length + END_SLACK_S):
            cut = f"{float(plan.start):.2f} s to {float(plan.end):.2f} s"
            raise MediaError(src.name, f"cannot cut from {cut}: the recording is {length:.2f} s long")
        span = float(plan.end - plan.start) if plan.end is not None else length or 1.0
        # The caller counts from the start of the recording, as a player shows it; packets count from start_time.
        base = Fraction(source.start_time or 0, 1_000_000)
        if video is not None:
            video.base = base
        start, end = base + plan.start, None if plan.end is None else base + plan.end
        # The output starts at the first kept frame: until that is decoded, the sound waits in `audio`.
        origin = start if video is None or end is None else None
        if audio is not None:
            audio.origin = origin
        if plan.start > SEEK_MARGIN_S:
            leader = vin or ain
            source.seek(round((start - SEEK_MARGIN_S) / leader.time_base), stream=leader, backward=True)
        video_end: Fraction | None = None  # the first frame after the cut
        packets = source.demux(*(s for s in (vin, ain) if s is not None))
        decoded = (frame for packet in packets for frame in packet.decode())
        # Decoding, and scaling unless an edit needs the whole picture, runs ahead on a thread of its own.
        with DecodeAhead(decoded, video.scaled if video is not None and plan.edit is None else None) as ahead:
            for frame, ready in _guarded(src, ahead):
                report.check()
                if isinstance(frame, VideoFrame):
                    t = _time(frame)
                    if video_end is not None or (end is not None and t < start - _EPS):
                        continue
                    if end is not None and t >= end - _EPS:
                        video_end = t
                        continue
                    if origin is None:
                        origin = t
                        if audio is not None:
                            audio.origin = t
                    out.mux(video.encode(frame, origin, ready))
                    if audio is not None:
                        out.mux(audio.flush(until=t))  # the sound before a kept frame is kept
                    report.update(float(t - origin) / span)
                elif audio is not None:
                    audio.add(frame)
                    if origin is not None and (video is None or video_end is not None):
                        out.mux(audio.flush(until=video_end or end))
                        report.update(float(audio.reached - origin) / span)
                video_done = video is None or video_end is not None
                if end is not None and video_done and (audio is None or audio.reached >= (video_end or end) - _EPS):
                    break  # the rest of a long file is not needed
        if video is not None:
            if not video.started:
                raise MediaError(src.name, "there are no frames in the part to keep")
            video_end = video_end or video.last_end
            out.mux(video.stream.encode(None))
        if audio is not None:
            out.mux(audio.flush(until=(video_end or end) if end is not None else None))
            out.mux(audio.stream.encode(None))


class _VideoOut:
    """libx264 in the source's time base, scaled to fit, keeping the display matrix (rotation)."""

    def __init__(self, out: av.container.OutputContainer, vin: av.VideoStream, plan: _Plan):
        vin.codec_context.thread_type = "AUTO"  # frame threads too: decoding 1080p is much of the work
        self.size = _fit(vin.codec_context.width, vin.codec_context.height, plan.max_height)
        rate = vin.average_rate or vin.guessed_rate or Fraction(30)
        self.frame_s = 1 / Fraction(rate)
        self.stream = out.add_stream("libx264", rate=rate, options=plan.x264)
        self.stream.width, self.stream.height = self.size
        self.stream.pix_fmt = "yuv420p"
        self.stream.time_base = self.stream.codec_context.time_base = vin.time_base  # phones record VFR
        if vin.sample_aspect_ratio:
            self.stream.sample_aspect_ratio = vin.sample_aspect_ratio
        self.started = False
        self.last_end = Fraction(0)
        self.edit = plan.edit
        self.base = Fraction(0)  # the recording's start time: `edit` counts from there

    def scaled(self, frame: VideoFrame | AudioFrame) -> VideoFrame | None:
        """A picture at the output's size and format (None when it already is, or it is sound)."""
        if not isinstance(frame, VideoFrame) or self._fits(frame):
            return None
        return frame.reformat(*self.size, format="yuv420p", interpolation="AREA")  # averages: no aliasing

    def _fits(self, frame: VideoFrame) -> bool:
        return (frame.width, frame.height) == self.size and frame.format.name in _X264_FORMATS

    def encode(self, frame: VideoFrame, origin: Fraction, ready: VideoFrame | None = None) -> list[av.Packet]:
        """Encode `frame` (or `ready`, the same picture already scaled) at its time from `origin`."""
        if not self.started:  # the muxer writes the matrix with the header, before the first packet
            self.started = True
            if (matrix := frame.side_data.get(SideDataType.DISPLAYMATRIX)) is not None:
                self.stream.set_display_matrix(struct.unpack("=9i", bytes(matrix)))
        t = _time(frame)
        self.last_end = t + (frame.duration * frame.time_base if frame.duration else self.frame_s)
        if self.edit is not None:
            frame = self.edit(frame, float(t - self.base))
        if ready is not None:
            ready.time_base = frame.time_base
            frame = ready
        elif not self._fits(frame):
            frame = self.scaled(frame)
        frame.pts = round((t - origin) / frame.time_base)
        frame.pict_type = PictureType.NONE  # else x264 copies the source's frame types, keyframes and all
        return self.stream.encode(frame)


class _AudioOut:
    """AAC of the source's sound, cut to the sample at [origin, until) as the video advances."""

    def __init__(self, out: av.container.OutputContainer, ain: av.AudioStream, bitrate: int):
        ctx = ain.codec_context
        self.stream = out.add_stream("aac", rate=ctx.sample_rate if ctx.sample_rate in _AAC_RATES else 48000)
        self.stream.layout = "mono" if ctx.channels == 1 else "stereo"
        self.stream.bit_rate = bitrate
        self.origin: Fraction | None = None
        self.reached = Fraction(0)  # where the sound decoded so far ends
        self.pending: deque[tuple[Fraction, AudioFrame]] = deque()  # decoded, not yet known to be kept

    def add(self, frame: AudioFrame) -> None:
        start = self.reached if frame.pts is None else _time(frame)
        self.reached = start + Fraction(frame.samples, frame.sample_rate)
        self.pending.append((start, frame))

    def flush(self, until: Fraction | None) -> list[av.Packet]:
        """Encode the pending sound before `until` (None: all of it); keep the rest pending."""
        packets = []
        while self.pending and self.origin is not None:
            start, frame = self.pending[0]
            if until is not None and start >= until - _EPS:
                break
            rate, count = frame.sample_rate, frame.samples
            first = max(0, min(count, round((self.origin - start) * rate)))
            last = count if until is None else max(first, min(count, round((until - start) * rate)))
            if last > first:
                piece = frame if (first, last) == (0, count) else _samples(frame, first, last)
                piece.pts = round((start - self.origin) * rate) + first
                piece.time_base = Fraction(1, rate)
                packets += self.stream.encode(piece)
            if last < count and until is not None:
                self.pending[0] = (start + Fraction(last, rate), _samples(frame, last, count))
                break
            self.pending.popleft()
        return packets


def _samples(frame: AudioFrame, first: int, last: int) -> AudioFrame:
    """Samples [first, last) of `frame` as a new frame."""
    array = frame.to_ndarray()
    if not frame.format.is_planar:  # packed: the channels interleave along one row
        first, last = first * frame.layout.nb_channels, last * frame.layout.nb_channels
    piece = AudioFrame.from_ndarray(array[:, first:last].copy(), format=frame.format.name, layout=frame.layout.name)
    piece.sample_rate = frame.sample_rate
    return piece


def _fit(width: int, height: int, max_height: int | None) -> tuple[int, int]:
    """Even sizes no taller than max_height, aspect kept, never enlarged (x264's 4:2:0 needs even sizes)."""
    new_height = height if max_height is None else min(height, max_height)
    new_width = round(width * new_height / height / 2) * 2
    return max(2, new_width), max(2, new_height - new_height % 2)


def _time(frame: av.frame.Frame) -> Fraction:
    return Fraction(frame.pts if frame.pts is not None else frame.dts or 0) * frame.time_base


def _guarded(src: Path, items: Iterator) -> Iterator:
    """`items`, with read and decode failures turned into a MediaError that names `src`."""
    try:
        yield from items
    except av.error.FFmpegError as error:
        raise _unreadable(src, "part of the recording is damaged and cannot be read") from error


def open_input(src: Path) -> av.container.InputContainer:
    """`src` opened for reading by FFmpeg; MediaError (empty, missing, not media, ends early) otherwise."""
    try:
        if src.stat().st_size == 0:
            raise MediaError(src.name, "the file is empty")
        source = av.open(str(src), metadata_errors="replace")
    except FileNotFoundError as error:
        raise MediaError(src.name, "the file is no longer there") from error
    except PermissionError as error:
        raise MediaError(src.name, "the file cannot be opened: permission denied") from error
    except (av.error.FFmpegError, UnicodeDecodeError) as error:
        raise _unreadable(src, "this is not a video or sound file we can read") from error
    if source.format.name == "tty" or not (source.streams.video or source.streams.audio):
        source.close()  # FFmpeg shows a text file as a "video" of its characters
        raise MediaError(src.name, "this is not a video or sound file we can read")
    return source


@contextmanager
def _open_output(path: Path, dst: Path, src: Path) -> Iterator[av.container.OutputContainer]:
    """An output container at `path` in the format `dst`'s suffix names; write failures become errors for people."""
    muxer = _MUXERS.get(dst.suffix.lower())
    options = {"movflags": "+faststart"} if muxer else {}  # the index first, so players can start at once
    try:
        with av.open(str(path), "w", format=muxer, options=options) as out:
            yield out
    except av.error.FFmpegError as error:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageError(disk_message(error, dst)) from error
        raise MediaError(src.name, f"could not be saved as {dst.name}: {error.strerror}") from error


def _atomic_output(dst: Path):
    """A temp path beside `dst`, renamed to `dst` after a clean exit and removed after any other."""
    return atomic_path(dst)


def _unreadable(src: Path, otherwise: str) -> MediaError:
    """The error for a file FFmpeg cannot read: "ends early" if its MP4/MOV boxes run past its end."""
    offset, size = 0, 0
    with suppress(OSError), src.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        while offset + 16 <= size and (offset or file.read(8)[4:8] == b"ftyp"):
            file.seek(offset)
            length, _, large = struct.unpack(">I4sQ", file.read(16))
            length = large if length == 1 else length
            offset = offset + length if length >= 8 else size  # 0: "to the end of the file"
    if offset > size:
        return MediaError(src.name, "the file ends early: it may not have finished copying")
    return MediaError(src.name, otherwise)
