"""The encoding side of a transcode: libx264 and AAC output streams fed decoded frames.

`VideoOut` scales (keeping the aspect ratio, never enlarging) and re-times pictures, keeping a
phone's display matrix; `AudioOut` cuts the sound to the kept pictures, sample-exact.
"""

from __future__ import annotations

import struct
from collections import deque
from collections.abc import Callable
from fractions import Fraction

import av
from av.audio.frame import AudioFrame
from av.sidedata.sidedata import Type as SideDataType
from av.video.frame import PictureType, VideoFrame

FrameEdit = Callable[[VideoFrame, float], VideoFrame]  # a picture and its time (s from the start) -> the new picture
EPS = Fraction(1, 1_000_000)  # float start/end times are not exact frame times
_AAC_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000}
_X264_FORMATS = {"yuv420p", "yuvj420p"}


class VideoOut:
    """libx264 in the source's time base, scaled to fit, keeping the display matrix (rotation)."""

    def __init__(
        self,
        out: av.container.OutputContainer,
        vin: av.VideoStream,
        x264: dict[str, str],
        max_height: int | None,
        edit: FrameEdit | None,
    ):
        vin.codec_context.thread_type = "AUTO"  # frame threads too: decoding 1080p is much of the work
        self.size = fit(vin.codec_context.width, vin.codec_context.height, max_height)
        rate = vin.average_rate or vin.guessed_rate or Fraction(30)
        self.frame_s = 1 / Fraction(rate)
        self.stream = out.add_stream("libx264", rate=rate, options=x264)
        self.stream.width, self.stream.height = self.size
        self.stream.pix_fmt = "yuv420p"
        self.stream.time_base = self.stream.codec_context.time_base = vin.time_base  # phones record VFR
        if vin.sample_aspect_ratio:
            self.stream.sample_aspect_ratio = vin.sample_aspect_ratio
        self.started = False
        self.last_end = Fraction(0)
        self.edit = edit
        self.base = Fraction(0)  # the recording's start time: `edit` counts from there

    def prepared(self, frame: VideoFrame | AudioFrame) -> VideoFrame | None:
        """The picture as it will be encoded: edited, at the output's size and format; None when that
        is `frame` itself, or it is sound. Runs on the decoding thread (DecodeAhead), beside the encoder."""
        if not isinstance(frame, VideoFrame):
            return None
        edited = self.edit(frame, float(frame_time(frame) - self.base)) if self.edit is not None else frame
        if not self._fits(edited):
            return edited.reformat(*self.size, format="yuv420p", interpolation="AREA")  # averages: no aliasing
        return None if edited is frame else edited

    def _fits(self, frame: VideoFrame) -> bool:
        return (frame.width, frame.height) == self.size and frame.format.name in _X264_FORMATS

    def encode(self, frame: VideoFrame, origin: Fraction, ready: VideoFrame | None) -> list[av.Packet]:
        """Encode `frame` at its time from `origin`: `ready`, what `prepared(frame)` made of it, when not None."""
        if not self.started:  # the muxer writes the matrix with the header, before the first packet
            self.started = True
            if (matrix := frame.side_data.get(SideDataType.DISPLAYMATRIX)) is not None:
                self.stream.set_display_matrix(struct.unpack("=9i", bytes(matrix)))
        t = frame_time(frame)
        self.last_end = t + (frame.duration * frame.time_base if frame.duration else self.frame_s)
        if ready is not None:
            ready.time_base = frame.time_base
            frame = ready
        frame.pts = round((t - origin) / frame.time_base)
        frame.pict_type = PictureType.NONE  # else x264 copies the source's frame types, keyframes and all
        return self.stream.encode(frame)


class AudioOut:
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
        start = self.reached if frame.pts is None else frame_time(frame)
        self.reached = start + Fraction(frame.samples, frame.sample_rate)
        self.pending.append((start, frame))

    def flush(self, until: Fraction | None) -> list[av.Packet]:
        """Encode the pending sound before `until` (None: all of it); keep the rest pending."""
        packets = []
        while self.pending and self.origin is not None:
            start, frame = self.pending[0]
            if until is not None and start >= until - EPS:
                break
            rate, count = frame.sample_rate, frame.samples
            first = max(0, min(count, round((self.origin - start) * rate)))
            last = count if until is None else max(first, min(count, round((until - start) * rate)))
            if last > first:
                piece = frame if (first, last) == (0, count) else samples(frame, first, last)
                piece.pts = round((start - self.origin) * rate) + first
                piece.time_base = Fraction(1, rate)
                packets += self.stream.encode(piece)
            if last < count and until is not None:
                self.pending[0] = (start + Fraction(last, rate), samples(frame, last, count))
                break
            self.pending.popleft()
        return packets


def samples(frame: AudioFrame, first: int, last: int) -> AudioFrame:
    """Samples [first, last) of `frame` as a new frame."""
    array = frame.to_ndarray()
    if not frame.format.is_planar:  # packed: the channels interleave along one row
        first, last = first * frame.layout.nb_channels, last * frame.layout.nb_channels
    piece = AudioFrame.from_ndarray(array[:, first:last].copy(), format=frame.format.name, layout=frame.layout.name)
    piece.sample_rate = frame.sample_rate
    return piece


def fit(width: int, height: int, max_height: int | None) -> tuple[int, int]:
    """Even sizes no taller than max_height, aspect kept, never enlarged (x264's 4:2:0 needs even sizes)."""
    new_height = height if max_height is None else min(height, max_height)
    new_width = round(width * new_height / height / 2) * 2
    return max(2, new_width), max(2, new_height - new_height % 2)


def frame_time(frame: av.frame.Frame) -> Fraction:
    return Fraction(frame.pts if frame.pts is not None else frame.dts or 0) * frame.time_base
