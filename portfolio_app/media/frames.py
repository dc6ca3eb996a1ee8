"""One picture out of a video or a photo, upright as the teacher sees it: for the face review."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
from PIL import Image

from portfolio_app.core.errors import MediaError
from portfolio_app.media.av_files import open_input
from portfolio_app.media.faces import Box, to_pixels
from portfolio_app.media.images import read_upright_pixels


def video_picture_at(path: Path, at_s: float) -> np.ndarray:
    """The RGB frame a player shows at `at_s` seconds, turned upright (a phone's display matrix applied).

    The rotation follows `face_tracks.track_faces`: boxes turned by `turn_box(box, rotation // 90)` land on it.
    """
    with open_input(path) as container:
        if not container.streams.video:
            raise MediaError(path.name, "there is no picture in it")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        base = (container.start_time or 0) / 1_000_000
        container.seek(max(0, int((max(at_s, 0.0) + base) / stream.time_base)), stream=stream, backward=True)
        chosen = None
        try:
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                if chosen is not None and float(frame.pts * frame.time_base) - base > at_s + 1e-3:
                    break
                chosen = frame
        except av.error.FFmpegError as error:
            raise MediaError(path.name, "part of the recording is damaged and cannot be read") from error
        if chosen is None:
            raise MediaError(path.name, f"there is no frame at {at_s:.2f} s")
        rotation = round(chosen.rotation / 90) % 4
        return np.ascontiguousarray(np.rot90(chosen.to_ndarray(format="rgb24"), rotation))


def picture_at(path: Path, at_s: float | None, max_side: int = 1280) -> np.ndarray:
    """The upright RGB picture of a video at `at_s`, or of a photo when `at_s` is None, at most `max_side`."""
    pixels = read_upright_pixels(path) if at_s is None else video_picture_at(path, at_s)
    height, width = pixels.shape[:2]
    if max(width, height) > max_side:
        scale = max_side / max(width, height)
        image = Image.fromarray(pixels).resize((round(width * scale), round(height * scale)), Image.Resampling.BOX)
        pixels = np.asarray(image)
    return pixels


def jpeg(pixels: np.ndarray, quality: int = 85) -> bytes:
    """RGB pixels as JPEG bytes."""
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=quality)
    return out.getvalue()


def face_picture(pixels: np.ndarray, box: Box, side: int = 96) -> bytes:
    """The box (fractions of `pixels`, grown a little) as a square-ish JPEG at most `side` px: a list's thumbnail."""
    height, width = pixels.shape[:2]
    x, y, w, h = to_pixels(box, width, height)
    grow = round(max(w, h) * 0.2)
    x0, y0 = max(0, x - grow), max(0, y - grow)
    x1, y1 = min(width, x + w + grow), min(height, y + h + grow)
    crop = Image.fromarray(pixels[y0:y1, x0:x1] if x1 > x0 and y1 > y0 else pixels)
    crop.thumbnail((side, side))
    out = io.BytesIO()
    crop.save(out, "JPEG", quality=85)
    return out.getvalue()
