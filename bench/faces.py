"""Faces: how many the detector finds, how many it invents, how fast a class video is blurred, how well.

Everything is measured on media made here from real face photos that ship inside scikit-image's
wheel (bench/face_scenes.py): 1280×720 classroom frames with faces of 30–200 px in several skin
tones, lights and tilts, among distractors (a cat, a clock, coins, the LFW non-face crops).

(a) Detection: recall (faces found / faces there) and false detections per 10 frames on
    FRAMES still frames. A face counts as found when a detection overlaps it (IoU ≥ 0.3) or
    is centred in it at a similar size; a detection that matches no face is a false one.
    OpenCV's Haar cascade runs on the same frames as a reference, where the wheel has it.
(b) Speed: `track_faces` + `extend_tracks` + `blur_video` on a CLIP_S s 720p30 H.264/AAC clip with faces moving
    (never in front of one another, as in the frames of (a), so every face box shows one face);
    the baseline is the clip's duration (real time), so the ratio is wall time over it: at most
    0.5, at least twice real time (issue #14).
(c) Detail: in every FRAME_STEP-th frame of the blurred clip, the variance of the Laplacian
    inside every face box a track covers, against the same box in the original; each must lose
    ≥ 90 %. Face boxes that no track covers (a face the detector never found) are counted and
    printed apart: blurring cannot remove what detection missed, and (a) measures detection.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import av
import cv2
import numpy as np

from bench.face_scenes import face_video, moving_people, scene
from bench.result import BenchmarkResult, Check, Timings
from portfolio_app.media import face_tracks as tracking
from portfolio_app.media.blur import blur_video
from portfolio_app.media.face_follow import extend_tracks
from portfolio_app.media.faces import detect_faces

FRAMES = 40
FACES_PER_FRAME = 6
CLIP_S = 10
CLIP_PEOPLE = 6
FRAME_STEP = 5
MIN_RECALL = 0.90
MAX_FALSE_PER_10 = 1.0
MIN_DETAIL_LOST = 0.90
MAX_RATIO = 0.5  # at least 2x real time (issue #14)
SEED = 2026


def run_benchmark() -> BenchmarkResult:
    rng = np.random.default_rng(SEED)
    frames = [scene(rng, faces=FACES_PER_FRAME) for _ in range(FRAMES)]
    started = time.perf_counter()
    ours = _score(frames, lambda image: [(f.x, f.y, f.w, f.h) for f in detect_faces(image)])
    detect_ms = (time.perf_counter() - started) / FRAMES * 1000
    haar = _haar_score(frames)

    with tempfile.TemporaryDirectory(prefix="bench-faces-") as scratch:
        clip = Path(scratch) / "class 720p.mp4"
        people = moving_people(rng, CLIP_PEOPLE, 1280, 720)
        truth = face_video(clip, people, seconds=CLIP_S, seed=SEED)
        with av.open(str(clip)) as source:
            duration = source.duration / 1_000_000
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        cpu, started = time.process_time(), time.perf_counter()
        tracks = extend_tracks(clip, tracking.track_faces(clip))  # as Blur Faces… does
        tracked = time.perf_counter() - started
        blurred = Path(scratch) / "class blurred.mp4"
        blur_video(clip, blurred, tracks, keep_track_ids=[])
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
        losses, uncovered, regions = _detail_lost(clip, blurred, truth, tracks)

    recall = ours["found"] / ours["faces"]
    false_per_10 = ours["false"] / FRAMES * 10
    worst = min(losses)
    checks = (
        Check("(a) recall", recall, f"at least {MIN_RECALL:.0%}", recall >= MIN_RECALL, _percent(ours)),
        Check(
            "(a) false detections per 10 frames",
            false_per_10,
            f"at most {MAX_FALSE_PER_10:g}",
            false_per_10 <= MAX_FALSE_PER_10,
            f"{false_per_10:.2f} ({ours['false']} in {FRAMES} frames)",
        ),
        Check(
            "(c) detail lost in the worst blurred face region",
            worst,
            f"at least {MIN_DETAIL_LOST:.0%} in every one",
            worst >= MIN_DETAIL_LOST,
            f"{worst:.1%} (median {statistics.median(losses):.1%}, {len(losses)} face regions)",
        ),
    )
    by_size = ", ".join(f"{low}–{high} px {f}/{n}" for (low, high), (f, n) in ours["by_size"].items())
    notes = [
        f"(a) {FRAMES} frames 1280x720, {ours['faces']} faces: found by size {by_size}; {detect_ms:.0f} ms a frame",
        f"(a) reference, OpenCV Haar cascade on the same frames: {haar}",
        f"(b) {len(tracks.tracks)} tracks for {CLIP_PEOPLE} people; detection every {tracking.DETECT_INTERVAL_S} s; "
        f"tracking {tracked:.1f} s + blurring {wall - tracked:.1f} s; speed {duration / wall:.2f}× real time",
        f"(b) CPU {cpu:.1f} s, so {cpu / wall:.2f} of {os.cpu_count()} cores busy (load average at the start "
        f"{load_before:.1f}: other programs' share of the cores stretches the wall time, not the CPU time)",
        f"(b) the floor: {cpu / duration:.2f} CPU s per s of video, so {os.cpu_count()} idle cores could do at "
        f"most {(os.cpu_count() or 1) * duration / cpu:.1f}× real time",
        f"(c) face regions no track covered, so left as they were: {uncovered} of {regions} "
        f"({uncovered / regions:.1%}); the teacher adds such a face by drawing a box in the review",
    ]
    return BenchmarkResult(
        name="faces",
        description=f"face detection on classroom frames; track + blur {CLIP_S} s of 720p30, wall time vs duration",
        baseline=Timings("baseline: real time (clip duration)", (duration,)),
        measured=Timings("track_faces + extend_tracks + blur_video: wall time", (wall,)),
        max_ratio=MAX_RATIO,
        notes=tuple(notes),
        checks=checks,
        details={
            "recall": round(recall, 4),
            "faces": ours["faces"],
            "false_detections": ours["false"],
            "false_per_10_frames": round(false_per_10, 3),
            "detect_ms_per_frame": round(detect_ms, 1),
            "haar_reference": haar,
            "clip_s": round(duration, 3),
            "speed_x_real_time": round(duration / wall, 3),
            "cpu_s": round(cpu, 2),
            "load_average_before": round(load_before, 2),
            "track_s": round(tracked, 2),
            "blur_s": round(wall - tracked, 2),
            "tracks": len(tracks.tracks),
            "detail_lost_min": round(worst, 4),
            "face_regions_uncovered": uncovered,
            "face_regions": regions,
            "detail_lost_median": round(statistics.median(losses), 4),
            "python": sys.version.split()[0],
            "opencv": cv2.__version__,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    )


def _score(frames, detect) -> dict:
    """Faces found, false detections and recall by face size for `detect` (a BGR picture -> pixel boxes)."""
    sizes = ((30, 50), (50, 80), (80, 130), (130, 201))
    by_size = {size: [0, 0] for size in sizes}
    found = false = faces = 0
    for frame in frames:
        boxes = detect(frame.image)
        for face in frame.faces:
            hit = any(_matches(box, face) for box in boxes)
            found += hit
            faces += 1
            bucket = next(s for s in sizes if s[0] <= face[2] < s[1])
            by_size[bucket][0] += hit
            by_size[bucket][1] += 1
        false += sum(not any(_matches(box, face) for face in frame.faces) for box in boxes)
    return {"found": found, "faces": faces, "false": false, "by_size": {k: tuple(v) for k, v in by_size.items()}}


def _haar_score(frames) -> str:
    cascades = getattr(getattr(cv2, "data", None), "haarcascades", "")
    path = Path(cascades) / "haarcascade_frontalface_default.xml" if cascades else None
    if path is None or not path.is_file():
        return f"not in this OpenCV ({cv2.__version__}) wheel"
    cascade = cv2.CascadeClassifier(str(path))

    def detect(image):
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        return [tuple(int(v) for v in box) for box in cascade.detectMultiScale(grey, 1.1, 5, minSize=(24, 24))]

    score = _score(frames, detect)
    return f"{_percent(score)} found, {score['false'] / FRAMES * 10:.2f} false per 10 frames"


def _matches(box, face) -> bool:
    """A detection covers a face: overlap, or centred on it at a similar size (boxes cut faces differently)."""
    bx, by, bw, bh = box
    fx, fy, fw, fh = face
    iw = max(0, min(bx + bw, fx + fw) - max(bx, fx))
    ih = max(0, min(by + bh, fy + fh) - max(by, fy))
    if iw * ih / (bw * bh + fw * fh - iw * ih) >= 0.3:
        return True
    cx, cy = bx + bw / 2, by + bh / 2
    return fx <= cx <= fx + fw and fy <= cy <= fy + fh and 0.5 * fw <= bw <= 2.5 * fw


def _detail_lost(original: Path, blurred: Path, truth, tracks) -> tuple[list[float], int, int]:
    """1 - (Laplacian variance after / before) for each face box, in every FRAME_STEP-th frame, that a track
    covers; and how many face boxes no track covers, of how many."""
    losses, missed, total = [], 0, 0
    with av.open(str(original)) as a, av.open(str(blurred)) as b:
        for n, (before, after) in enumerate(zip(a.decode(video=0), b.decode(video=0), strict=False)):
            if n % FRAME_STEP:
                continue
            grey_before, grey_after = before.to_ndarray(format="gray"), after.to_ndarray(format="gray")
            height, width = grey_before.shape
            boxes = [_to_pixels(box, width, height) for box in tracks.boxes_at(float(before.time))]
            for x, y, w, h in truth[n]:
                total += 1
                if not any(_matches(box, (x, y, w, h)) for box in boxes):
                    missed += 1
                    continue
                x0, y0 = max(x, 0), max(y, 0)
                detail = _laplacian_variance(grey_before[y0 : y + h, x0 : x + w])
                if detail > 0:
                    losses.append(1 - _laplacian_variance(grey_after[y0 : y + h, x0 : x + w]) / detail)
    return losses, missed, total


def _to_pixels(box, width: int, height: int) -> tuple[int, int, int, int]:
    return round(box[0] * width), round(box[1] * height), round(box[2] * width), round(box[3] * height)


def _laplacian_variance(grey: np.ndarray) -> float:
    return float(cv2.Laplacian(grey.astype(np.float64), cv2.CV_64F).var())


def _percent(score: dict) -> str:
    return f"{score['found'] / score['faces']:.1%} ({score['found']}/{score['faces']})"
