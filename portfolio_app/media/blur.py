"""Make faces unrecognisable, for good: pixelate, then blur, a padded box, in photos and videos.

Pixelating averages the face into about BLOCKS_ACROSS blocks across, which throws the detail
away (no filter can bring it back, unlike a light blur); the blur that follows (wider than half
a block) hides the blocks' edges, so the box holds no sharp lines of its own. Videos are re-encoded by
`transcode.rewrite_video` (H.264/AAC, sound kept, no location or device tags), changing only
the frames where a face is, and those in the YUV planes the decoder gives: no colour conversion.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from pathlib import Path

import cv2
import numpy as np
from av.video.frame import VideoFrame

from portfolio_app.core.errors import MediaError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.media.face_tracks import FaceTracks
from portfolio_app.media.faces import Box, to_pixels
from portfolio_app.media.transcode import rewrite_video

BLOCKS_ACROSS = 6  # a face becomes about 6×7 blocks: a face shape, nobody's face
PAD = 0.35  # the box grows by this much of its longer side on every side: hair, ears, a detector's tight fit
SMOOTHING = 1.2  # the blur's sigma, in blocks: wider than half a block, so no block edge is left
SAMPLES_PER_BLOCK = 3  # pixels to a block where the blur is done (see _pixelate)
_PLANAR_420 = {"yuv420p", "yuvj420p"}
# The blur's Gaussian, made once: cv2.GaussianBlur builds it on every call, which cost 7 times the
# filtering itself on these small pictures (18 calls a frame with 6 faces). 6 sigma wide, odd, as it picks.
_SIGMA = SMOOTHING * SAMPLES_PER_BLOCK
_KERNEL = cv2.getGaussianKernel(round(_SIGMA * 6 + 1) | 1, _SIGMA)


def obscure(pixels: np.ndarray, box: tuple[int, int, int, int], pad: float = PAD) -> None:
    """Pixelate and blur the box (x, y, w, h in pixels), grown by `pad` on each side, in place in `pixels`."""
    _pixelate(pixels, _grown(box, pad), block=max(box[2], box[3]) / BLOCKS_ACROSS)


def blur_video(
    source: Path,
    target: Path,
    tracks: FaceTracks,
    keep_track_ids: Collection[int],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write source to target (H.264/AAC .mp4) with every face of every track not kept pixelated and blurred.

    A face is blurred in every frame from `tracks.reach_s` before its first sighting to as long after
    its last, its box interpolated between sightings. The target is written atomically; a cancel
    raises Cancelled and leaves no target behind.
    """
    keep = set(keep_track_ids)
    unknown = keep - {track.id for track in tracks.tracks}
    if unknown:
        raise MediaError(source.name, f"there is no face track {min(unknown)} to keep")

    def edit(frame: VideoFrame, t: float) -> VideoFrame:
        boxes = tracks.boxes_at(t, skip_ids=list(keep))
        return _blurred_frame(frame, boxes) if boxes else frame

    rewrite_video(source, target, edit, progress=progress, cancelled=cancelled)


def _blurred_frame(frame: VideoFrame, boxes: list[Box]) -> VideoFrame:
    """`frame` with the boxes (fractions) obscured: 4:2:0 pictures in place, plane by plane; others in a new frame."""
    width, height = frame.width, frame.height
    boxes_px = [to_pixels(box, width, height) for box in boxes]
    if frame.format.name in _PLANAR_420 and width % 2 == 0 and height % 2 == 0:
        # Copied only if the decoder still refers to the picture (it predicts later frames from it);
        # then edited where it lies, without a round trip through one big array and back.
        frame.make_writable()
        luma, *chroma = (_pixels_of(plane) for plane in frame.planes)
        for box in boxes_px:
            grown = _grown(box, PAD)
            block = max(box[2], box[3]) / BLOCKS_ACROSS
            _pixelate(luma, grown, block)
            half = (grown[0] // 2, grown[1] // 2, math.ceil(grown[2] / 2) + 1, math.ceil(grown[3] / 2) + 1)
            for plane in chroma:
                _pixelate(plane, half, block / 2)
        return frame
    rgb = frame.to_ndarray(format="rgb24")
    for box in boxes_px:
        obscure(rgb, box)
    edited = VideoFrame.from_ndarray(rgb, format="rgb24")
    edited.pts, edited.time_base = frame.pts, frame.time_base
    return edited


def _pixels_of(plane) -> np.ndarray:
    """A writable view of a video plane's pixels (its rows are `line_size` apart, padding after the picture)."""
    return np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, : plane.width]


def _grown(box: tuple[int, int, int, int], pad: float) -> tuple[int, int, int, int]:
    """The box grown on every side by `pad` times its longer side."""
    x, y, w, h = box
    grow = math.ceil(max(w, h) * pad)
    return x - grow, y - grow, w + 2 * grow, h + 2 * grow


def _pixelate(pixels: np.ndarray, box: tuple[int, int, int, int], block: float) -> None:
    """Average the box (clipped to the picture) into blocks of about `block` px, enlarge, blur; in place."""
    x, y, w, h = box
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + w, pixels.shape[1]), min(y + h, pixels.shape[0])
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    region = pixels[y0:y1, x0:x1]
    block = max(block, 2.0)
    cells = (max(1, round((x1 - x0) / block)), max(1, round((y1 - y0) / block)))
    coarse = cv2.resize(region, cells, interpolation=cv2.INTER_AREA)  # the averaging that throws detail away
    # The blur is done on a small picture, SAMPLES_PER_BLOCK pixels to a block, then enlarged smoothly:
    # that looks the same as blurring at full size, at a fixed cost whatever the face's size (a 130 px
    # face would need a 130-tap kernel at full size).
    reduced = (cells[0] * SAMPLES_PER_BLOCK, cells[1] * SAMPLES_PER_BLOCK)
    blocks = cv2.resize(coarse, reduced, interpolation=cv2.INTER_NEAREST)
    smooth = cv2.sepFilter2D(blocks, -1, _KERNEL, _KERNEL, borderType=cv2.BORDER_REPLICATE)
    pixels[y0:y1, x0:x1] = cv2.resize(smooth, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)


def blur_image(source: Path, target: Path, boxes_to_blur: Sequence[Box]) -> None:
    """Write the upright photo to target with every box (fractions) pixelated and blurred, without metadata."""
    from portfolio_app.media.images import edit_pixels

    def edit(pixels: np.ndarray) -> np.ndarray:
        height, width = pixels.shape[:2]
        for box in boxes_to_blur:
            obscure(pixels, to_pixels(box, width, height))
        return pixels

    edit_pixels(source, target, edit)
