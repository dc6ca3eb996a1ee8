"""Faces followed through a video: found every few frames, joined into tracks, stored as JSON.

`track_faces` decodes the video once and runs the detector every DETECT_INTERVAL_S or so;
between those frames a face is where the straight line between its two sightings puts it
(`FaceTrack.box_at`), and `FaceTracks.reach_s` holds a track's first and last box that much
longer, so the frames before a face is first found and after it is last found are covered too.
A detection joins the track whose predicted box it overlaps most; one that joins none starts a
new track. A box the teacher draws is followed by `face_follow.track_from_box`.
"""

from __future__ import annotations

import bisect
import json
import math
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import av
import numpy as np

from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.media.av_files import open_input
from portfolio_app.media.faces import WORK_HEIGHT, Box, detect_faces, one_opencv_thread_each

FORMAT_VERSION = 1
DETECT_INTERVAL_S = 0.3  # between detections, unless the caller says every how many frames: see bench/faces.py
MATCH_IOU = 0.2  # a detection overlapping a track's predicted box this much joins it
NEAR_SIZES = 1.5  # failing that, a face of about the same size this many face sizes away joins it
MISSES_ALLOWED = 3  # detections in a row that may miss a face (turned away, hidden) before its track ends


@dataclass(frozen=True)
class FaceTrack:
    """One face over time: sightings (seconds from the start, box in fractions), in time order."""

    id: int
    boxes: tuple[tuple[float, Box], ...]
    drawn: bool = False  # added by the teacher from a hand-drawn box

    @property
    def start_s(self) -> float:
        return self.boxes[0][0]

    @property
    def end_s(self) -> float:
        return self.boxes[-1][0]

    def box_at(self, t: float, reach_s: float = 0.0) -> Box | None:
        """The box at time t, interpolated between sightings; held `reach_s` beyond the ends; else None."""
        times = [s for s, _ in self.boxes]
        if t < times[0] - reach_s - 1e-6 or t > times[-1] + reach_s + 1e-6:
            return None
        i = bisect.bisect_right(times, t)
        if i == 0:
            return self.boxes[0][1]
        if i == len(times):
            return self.boxes[-1][1]
        (t0, a), (t1, b) = self.boxes[i - 1], self.boxes[i]
        k = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
        return tuple(p + (q - p) * k for p, q in zip(a, b, strict=True))  # type: ignore[return-value]


@dataclass(frozen=True)
class FaceTracks:
    """All the face tracks of one video, and what is needed to draw them on it."""

    width: int  # of the pictures as recorded
    height: int
    duration_s: float
    reach_s: float  # how long before its first and after its last sighting a track still counts
    tracks: tuple[FaceTrack, ...] = field(default_factory=tuple)
    rotation: int = 0  # degrees anticlockwise a player turns the pictures (phones held upright); see turn_box

    def boxes_at(self, t: float, skip_ids: Sequence[int] = ()) -> list[Box]:
        """The boxes of every track at time t, except the tracks in `skip_ids`."""
        skip = set(skip_ids)
        found = (track.box_at(t, self.reach_s) for track in self.tracks if track.id not in skip)
        return [box for box in found if box is not None]

    def added(self, track: FaceTrack) -> FaceTracks:
        """These tracks and `track`, which gets the next free id."""
        next_id = max((t.id for t in self.tracks), default=0) + 1
        return replace(self, tracks=(*self.tracks, replace(track, id=next_id)))

    def to_json(self) -> str:
        """The tracks as JSON text (times rounded to 0.1 ms, boxes to 1/100000 of the picture)."""
        return json.dumps(
            {
                "version": FORMAT_VERSION,
                "width": self.width,
                "height": self.height,
                "duration_s": round(self.duration_s, 4),
                "reach_s": round(self.reach_s, 4),
                "rotation": self.rotation,
                "tracks": [
                    {
                        "id": track.id,
                        "drawn": track.drawn,
                        "boxes": [[round(t, 4), *(round(v, 5) for v in box)] for t, box in track.boxes],
                    }
                    for track in self.tracks
                ],
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> FaceTracks:
        """Tracks read back from `to_json`'s text; InvalidInputError (as MediaError) if it is not that."""
        try:
            data: dict[str, Any] = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                raise ValueError("not our format, or a version this app does not know")
            tracks = tuple(
                FaceTrack(
                    id=int(item["id"]),
                    drawn=bool(item.get("drawn", False)),
                    boxes=tuple(
                        (float(t), (float(x), float(y), float(w), float(h))) for t, x, y, w, h in item["boxes"]
                    ),
                )
                for item in data["tracks"]
            )
            if any(not track.boxes for track in tracks):
                raise ValueError("a track without boxes")
            size = int(data["width"]), int(data["height"])
            reach, rotation = float(data["reach_s"]), int(data.get("rotation", 0))
            return cls(*size, float(data["duration_s"]), reach, tracks, rotation)
        except (ValueError, TypeError, KeyError) as error:
            raise MediaError("face tracks", f"the saved faces cannot be read ({error})") from error


def turn_box(box: Box, quarter_turns: int) -> Box:
    """The box on the picture turned anticlockwise by `quarter_turns` quarter turns (negative: clockwise).

    Boxes are stored on the pictures as recorded; a player shows them turned by `FaceTracks.rotation`
    degrees, so `turn_box(box, tracks.rotation // 90)` is where the teacher sees the face.
    """
    x, y, w, h = box
    for _ in range(quarter_turns % 4):
        x, y, w, h = y, 1 - x - w, h, w
    return x, y, w, h


def track_faces(
    video_path: Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    detect_every: int | None = None,
) -> FaceTracks:
    """Find the faces in every `detect_every`-th frame (default: every DETECT_INTERVAL_S) and join them into tracks.

    Detection runs on one thread per core, a few frames ahead of joining, which takes the frames in order.
    """
    with open_video(video_path) as (container, stream):
        width, height = _display_size(stream)
        duration = video_duration(container, stream)
        fps = float(stream.average_rate or stream.guessed_rate or 30)
        every = max(1, detect_every or round(fps * DETECT_INTERVAL_S))
        scale = min(1.0, WORK_HEIGHT / stream.codec_context.height)
        size = (even(stream.codec_context.width * scale), even(stream.codec_context.height * scale))
        joiner = _Joiner(reach_s=every / fps)
        rotation = 0
        workers = max(1, min(4, os.cpu_count() or 1))
        pending: deque[tuple[float, Future]] = deque()
        with one_opencv_thread_each(), ThreadPoolExecutor(workers, thread_name_prefix="faces") as pool:
            try:
                for index, (t, frame) in enumerate(timed_frames(video_path, container, stream)):
                    if cancelled is not None and cancelled():
                        raise Cancelled("Stopped as asked: no faces were saved.")
                    if index % every:
                        continue
                    rotation = round(frame.rotation / 90) % 4 * 90  # found upright, kept as recorded
                    picture = frame.to_ndarray(format="bgr24", width=size[0], height=size[1], interpolation="AREA")
                    mirrored = bool(index // every % 2)  # every other search on the mirror image: see detect_faces
                    pending.append((t, pool.submit(_find_upright, picture, rotation, mirrored)))
                    while len(pending) > 2 * workers or (pending and pending[0][1].done()):
                        joiner.add(pending[0][0], pending.popleft()[1].result())
                    if progress is not None and duration:
                        progress(min(t / duration, 1.0))
                while pending:
                    joiner.add(pending[0][0], pending.popleft()[1].result())
            finally:
                pool.shutdown(cancel_futures=True)
    if progress is not None:
        progress(1.0)
    return FaceTracks(width, height, duration, joiner.reach_s, joiner.tracks(), rotation)


def _find_upright(picture: np.ndarray, rotation: int, mirrored: bool) -> list[Box]:
    """The faces in a picture shown turned by `rotation` degrees, searched upright, as boxes on the picture."""
    upright = np.ascontiguousarray(np.rot90(picture, rotation // 90))
    found = detect_faces(upright, mirrored=mirrored)
    return [turn_box(f.fractions(upright.shape[1], upright.shape[0]), -rotation // 90) for f in found]


class _Joiner:
    """Detections in time order joined into tracks by overlap with where each track is expected to be."""

    def __init__(self, reach_s: float):
        self.reach_s = reach_s
        self.open: list[tuple[list[tuple[float, Box]], int]] = []  # sightings, misses in a row
        self.closed: list[list[tuple[float, Box]]] = []

    def add(self, t: float, faces: list[Box]) -> None:
        """The faces found in the frame at t: each joins the open track it overlaps most, or starts one."""
        pairs = sorted(
            (
                (_likeness(_predict(sightings, t), face), i, j)
                for i, (sightings, _) in enumerate(self.open)
                for j, face in enumerate(faces)
            ),
            reverse=True,
        )
        joined: dict[int, int] = {}  # track -> face
        for likeness, i, j in pairs:
            if likeness <= 0:
                break
            if i not in joined and j not in joined.values():
                joined[i] = j
        still_open = []
        for i, (sightings, misses) in enumerate(self.open):
            if i in joined:
                sightings.append((t, faces[joined[i]]))
                still_open.append((sightings, 0))
            elif misses < MISSES_ALLOWED:
                still_open.append((sightings, misses + 1))
            else:
                self.closed.append(sightings)
        taken = set(joined.values())
        self.open = still_open + [([(t, face)], 0) for j, face in enumerate(faces) if j not in taken]

    def tracks(self) -> tuple[FaceTrack, ...]:
        everything = sorted(self.closed + [s for s, _ in self.open], key=lambda s: s[0][0])
        return tuple(FaceTrack(i + 1, stored_sightings(s)) for i, s in enumerate(everything))


def stored_sightings(sightings: Sequence[tuple[float, Box]]) -> tuple[tuple[float, Box], ...]:
    """Sightings rounded as `to_json` writes them, so tracks read back compare equal."""
    return tuple((round(t, 4), tuple(round(v, 5) for v in box)) for t, box in sightings)  # type: ignore[misc]


def _predict(sightings: list[tuple[float, Box]], t: float) -> Box:
    """Where a track's box is expected at t: moving on at its last speed, for at most a second."""
    t1, b1 = sightings[-1]
    if len(sightings) < 2:
        return b1
    t0, b0 = sightings[-2]
    if t1 <= t0:
        return b1
    k = min(t - t1, 1.0) / (t1 - t0)
    return (b1[0] + (b1[0] - b0[0]) * k, b1[1] + (b1[1] - b0[1]) * k, b1[2], b1[3])


def _likeness(expected: Box, found: Box) -> float:
    """How well a detection fits where a track is expected: its overlap when at least MATCH_IOU; else, for a
    face of about the same size at most NEAR_SIZES of its sizes away (a fast move between detections), a
    score below any overlap; else 0."""
    overlap = _iou(expected, found)
    if overlap >= MATCH_IOU:
        return overlap
    size = max(expected[2], expected[3], found[2], found[3])
    if size <= 0 or not 0.67 <= (found[2] * found[3]) / max(expected[2] * expected[3], 1e-9) <= 1.5:
        return 0.0
    dx = (expected[0] + expected[2] / 2) - (found[0] + found[2] / 2)
    dy = (expected[1] + expected[3] / 2) - (found[1] + found[3] / 2)
    distance = math.hypot(dx, dy) / size
    return MATCH_IOU * (1 - distance / NEAR_SIZES) if distance < NEAR_SIZES else 0.0


def _iou(a: Box, b: Box) -> float:
    w = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = w * h
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def timed_frames(path: Path, container, stream) -> Iterator[tuple[float, av.VideoFrame]]:
    """Each frame and its time in seconds from the start of the recording, as a player shows it."""
    base = (container.start_time or 0) / 1_000_000
    try:
        for frame in container.decode(stream):
            if frame.pts is None:
                continue
            yield float(frame.pts * frame.time_base) - base, frame
    except av.error.FFmpegError as error:
        raise MediaError(path.name, "part of the recording is damaged and cannot be read") from error


@contextmanager
def open_video(path: Path) -> Iterator[tuple[av.container.InputContainer, av.VideoStream]]:
    """The container and first video stream of `path`, decoded with threads; read errors as MediaError."""
    with open_input(path) as container:
        if not container.streams.video:
            raise MediaError(path.name, "there is no picture in it")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        yield container, stream


def _display_size(stream) -> tuple[int, int]:
    return stream.codec_context.width, stream.codec_context.height


def video_duration(container, stream) -> float:
    """The video stream's length in seconds (the container's when the stream does not say)."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return (container.duration or 0) / 1_000_000


def even(value: float) -> int:
    """The nearest even number, at least 2: a frame size the YUV 4:2:0 decoders scale to."""
    return max(2, int(round(value / 2)) * 2)
