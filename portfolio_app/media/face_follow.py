"""A face the detector missed, followed from a box the teacher drew, forwards and backwards.

The picture inside the box is matched in each frame near where it was last (OpenCV's template
matching: the trackers of the headless OpenCV wheel need model files or are slow and drift).
Backwards, the video is decoded in pieces of DRAWN_CHUNK_S, each walked in reverse.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.media.face_tracks import (
    CancelCheck,
    FaceTrack,
    FaceTracks,
    Progress,
    even,
    open_video,
    stored_sightings,
    timed_frames,
    video_duration,
)
from portfolio_app.media.faces import Box

DRAWN_WORK_HEIGHT = 360  # a drawn box is followed at this height: enough for template matching, and fast
DRAWN_EVERY = 3  # a followed box is stored every 3rd frame; the boxes between are interpolated
DRAWN_MIN_MATCH = 0.45  # template-matching score below which the face counts as lost in that frame
DRAWN_LOST_FRAMES = 15  # frames lost in a row after which the drawn track ends
DRAWN_CHUNK_S = 2.0  # backwards, the video is decoded in pieces this long


def track_from_box(
    video_path: Path,
    at_s: float,
    box: Box,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> FaceTrack:
    """Follow the picture inside `box` (fractions, drawn on the frame at `at_s`) forwards and backwards."""
    x, y, w, h = box
    if not all(math.isfinite(v) for v in box) or w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1 or y + h > 1:
        raise MediaError(video_path.name, "the box to follow must lie inside the picture")
    with open_video(video_path) as (container, stream):
        duration = video_duration(container, stream)
        scale = min(1.0, DRAWN_WORK_HEIGHT / stream.codec_context.height)
        size = (even(stream.codec_context.width * scale), even(stream.codec_context.height * scale))
        frames = _grey_frames(video_path, container, stream, size, start_s=max(0.0, at_s - 0.5))
        start = next(((t, g) for t, g in frames if t >= at_s - 1e-3), None)
        if start is None:
            raise MediaError(video_path.name, f"there is no frame at {at_s:.2f} s")
        forward, _ = _Follower(start[1], box).follow(frames, cancelled)
        if progress is not None:
            progress(0.5)
        follower = _Follower(start[1], box)
        backward = _follow_backwards(video_path, container, stream, size, follower, start[0], cancelled)
    if progress is not None and duration:
        progress(1.0)
    return FaceTrack(0, stored_sightings(backward[::-1] + [(start[0], box)] + forward), drawn=True)


class _Follower:
    """Template matching in a window around the last position; the template follows slow changes of the face."""

    def __init__(self, grey: np.ndarray, box: Box):
        height, width = grey.shape
        self.size = (width, height)
        self.x, self.y = box[0] * width, box[1] * height
        self.w, self.h = max(8, round(box[2] * width)), max(8, round(box[3] * height))
        self.template = self._cut(grey, self.x, self.y)

    def _cut(self, grey: np.ndarray, x: float, y: float) -> np.ndarray:
        x0 = int(min(max(round(x), 0), self.size[0] - self.w))
        y0 = int(min(max(round(y), 0), self.size[1] - self.h))
        return grey[y0 : y0 + self.h, x0 : x0 + self.w].astype(np.float32)

    def step(self, grey: np.ndarray) -> bool:
        """Move to the best match near the last position; False if nothing there looks like the face."""
        margin_x, margin_y = self.w, self.h
        x0, y0 = int(max(self.x - margin_x, 0)), int(max(self.y - margin_y, 0))
        x1 = int(min(self.x + self.w + margin_x, self.size[0]))
        y1 = int(min(self.y + self.h + margin_y, self.size[1]))
        window = grey[y0:y1, x0:x1].astype(np.float32)
        if window.shape[0] < self.h or window.shape[1] < self.w:
            return False
        scores = cv2.matchTemplate(window, self.template, cv2.TM_CCOEFF_NORMED)
        _, best, _, (bx, by) = cv2.minMaxLoc(scores)
        if best < DRAWN_MIN_MATCH:
            return False
        self.x, self.y = float(x0 + bx), float(y0 + by)
        self.template = 0.85 * self.template + 0.15 * self._cut(grey, self.x, self.y)
        return True

    def box(self) -> Box:
        width, height = self.size
        x = min(max(self.x, 0.0), width - self.w)
        y = min(max(self.y, 0.0), height - self.h)
        return x / width, y / height, self.w / width, self.h / height

    def follow(self, frames: Iterable[tuple[float, np.ndarray]], cancelled: CancelCheck | None) -> tuple[list, bool]:
        """Sightings (every DRAWN_EVERY-th frame, and the last one found) until the face is lost or the frames
        end; and whether it was lost."""
        found, lost, last = [], 0, None
        for n, (t, grey) in enumerate(frames, start=1):
            if cancelled is not None and cancelled():
                raise Cancelled("Stopped as asked: the face was not added.")
            if self.step(grey):
                lost, last = 0, (t, self.box())
                if n % DRAWN_EVERY == 0:
                    found.append(last)
            else:
                lost += 1
                if lost >= DRAWN_LOST_FRAMES:
                    break
        if last is not None and (not found or found[-1] != last):
            found.append(last)
        return found, lost >= DRAWN_LOST_FRAMES


def _follow_backwards(
    path: Path, container, stream, size: tuple[int, int], follower: _Follower, at: float, cancelled
) -> list[tuple[float, Box]]:
    """Sightings before `at`, latest first: the video decoded in pieces of DRAWN_CHUNK_S, each walked backwards."""
    found: list[tuple[float, Box]] = []
    end = at
    while end > 0:
        piece = list(_grey_frames(path, container, stream, size, start_s=max(0.0, end - DRAWN_CHUNK_S), end_s=end))
        piece = [(t, g) for t, g in piece if t < end - 1e-4]
        if not piece:
            break
        more, lost = follower.follow(reversed(piece), cancelled)
        found += more
        if lost:
            break
        end = piece[0][0]
    return found


def _grey_frames(path: Path, container, stream, size, *, start_s: float, end_s: float | None = None):
    """Grey frames of `size` from start_s (seeking to the keyframe before it) to end_s."""
    base = (container.start_time or 0) / 1_000_000
    container.seek(max(0, int((start_s + base - 1.0) / stream.time_base)), stream=stream, backward=True)
    for t, frame in timed_frames(path, container, stream):
        if t < start_s - 1e-3:
            continue
        if end_s is not None and t > end_s + 1e-6:
            break
        yield t, frame.to_ndarray(format="gray", width=size[0], height=size[1], interpolation="AREA")


def extend_tracks(
    video_path: Path, tracks: FaceTracks, *, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> FaceTracks:
    """Follow each found face before its first and after its last detection, while it still looks the same.

    The detector misses a small or turned face for a few tries before (and after) it finds it; those
    frames would otherwise go out unblurred. Tracks of phone videos turned upright are left as found.
    """
    if tracks.rotation:
        return tracks
    late = {t.id for t in tracks.tracks if not t.drawn and t.start_s > tracks.reach_s}
    early = {t.id for t in tracks.tracks if not t.drawn and t.end_s < tracks.duration_s - tracks.reach_s}
    if not late and not early:
        return tracks
    extended = []
    with open_video(video_path) as (container, stream):
        scale = min(1.0, DRAWN_WORK_HEIGHT / stream.codec_context.height)
        size = (even(stream.codec_context.width * scale), even(stream.codec_context.height * scale))
        for done, track in enumerate(tracks.tracks):
            before: list[tuple[float, Box]] = []
            after: list[tuple[float, Box]] = []
            if track.id in late:
                first_s, first_box = track.boxes[0]
                start = _frame_at(video_path, container, stream, size, first_s)
                if start is not None:
                    follower = _Follower(start[1], first_box)
                    before = _follow_backwards(video_path, container, stream, size, follower, start[0], cancelled)
            if track.id in early:
                last_s, last_box = track.boxes[-1]
                frames = _grey_frames(video_path, container, stream, size, start_s=last_s)
                start = next(frames, None)
                if start is not None:
                    after, _ = _Follower(start[1], last_box).follow(frames, cancelled)
            boxes = [*before[::-1], *track.boxes, *after]
            extended.append(replace(track, boxes=stored_sightings(boxes)) if before or after else track)
            if progress is not None:
                progress((done + 1) / len(tracks.tracks))
    return replace(tracks, tracks=tuple(extended))


def _frame_at(path: Path, container, stream, size, at_s: float) -> tuple[float, np.ndarray] | None:
    return next(_grey_frames(path, container, stream, size, start_s=at_s, end_s=at_s + 0.1), None)
