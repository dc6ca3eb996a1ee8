"""Trim, compress and strip videos with PyAV (FFmpeg inside the wheel): H.264/AAC out, no Qt.

Trimming re-encodes rather than stream-copies, because a stream copy can only start on a
keyframe (FACTS.md: asked for 9.7 s, got 10.03 s). Every function writes to a temp file beside
`dst` and renames it into place, so a cancelled or failed job leaves no `dst` behind.

Here: what each job asks for and the decode-and-encode loop. The output streams are in
stream_encoders.py; opening files and naming their failures, in av_files.py.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from av.stream import Disposition
from av.video.frame import VideoFrame

from portfolio_app.atomic_files import atomic_path
from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.media.av_files import MUXERS, guarded, open_input, open_output
from portfolio_app.media.decode_ahead import DecodeAhead
from portfolio_app.media.stream_encoders import EPS, AudioOut, FrameEdit, VideoOut, frame_time

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

_REPORT_EVERY_S = 0.05


@dataclass(frozen=True)
class _Plan:
    """What one encoding pass makes: the cut (from the start of the recording), size and rates."""

    x264: dict[str, str]
    start: Fraction = Fraction(0)
    end: Fraction | None = None  # None: to the end of the file
    max_height: int | None = None
    audio_bps: int = AUDIO_BITRATE
    edit: FrameEdit | None = None  # applied to every decoded picture (of which the kept ones are encoded)


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
    with atomic_path(dst) as temp:
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
    # Scaling keeps the aspect ratio and even sizes and never enlarges (stream_encoders.fit). With a budget, the
    # bitrate comes from the length, less room for the container and the sound (_budget); should
    # the file still come out too big, one more pass runs at a bitrate lowered in proportion.
    video_bps, audio_bps = (0, AUDIO_BITRATE) if max_bytes is None else _budget(src, max_bytes)
    report = _Reporter(progress, cancelled, high=1.0 if max_bytes is None else 0.95)  # 5 % kept for a retry
    with atomic_path(dst) as temp:
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
    with atomic_path(dst) as temp:
        _transcode(src, temp, dst, _Plan(x264, edit=edit), report)
    report.finish()


def strip_video_metadata(src: Path, dst: Path) -> None:
    """Copy the streams into dst without re-encoding, leaving out location, device and creation tags; keep rotation."""
    with open_input(src) as source, atomic_path(dst) as temp, open_output(temp, dst, src) as out:
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
        for packet in guarded(src, source.demux(*(source.streams[i] for i in copies))):
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
    with open_input(src) as source, open_output(path, dst, src) as out:
        # Cover art in a sound file is a "video" stream of one picture; an .m4a gets the sound only.
        pictures = [s for s in source.streams.video if not s.disposition & Disposition.attached_pic]
        vin = pictures[0] if pictures and MUXERS.get(dst.suffix.lower()) != "ipod" else None
        ain = source.streams.audio[0] if source.streams.audio else None
        if vin is None and ain is None:
            raise MediaError(src.name, "there is no picture or sound in it")
        video = VideoOut(out, vin, plan.x264, plan.max_height, plan.edit) if vin is not None else None
        audio = AudioOut(out, ain, plan.audio_bps) if ain is not None else None
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
        # Decoding, the edit and the scaling run ahead on a thread of their own, beside the encoder.
        with DecodeAhead(decoded, video.prepared if video is not None else None) as ahead:
            for frame, ready in guarded(src, ahead):
                report.check()
                if isinstance(frame, VideoFrame):
                    t = frame_time(frame)
                    if video_end is not None or (end is not None and t < start - EPS):
                        continue
                    if end is not None and t >= end - EPS:
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
                if end is not None and video_done and (audio is None or audio.reached >= (video_end or end) - EPS):
                    break  # the rest of a long file is not needed
        if video is not None:
            if not video.started:
                raise MediaError(src.name, "there are no frames in the part to keep")
            video_end = video_end or video.last_end
            out.mux(video.stream.encode(None))
        if audio is not None:
            out.mux(audio.flush(until=(video_end or end) if end is not None else None))
            out.mux(audio.stream.encode(None))
