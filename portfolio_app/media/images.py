"""Rotate, crop and strip metadata from photos with Pillow (HEIC through pillow-heif), no Qt.

Every function first turns the picture upright by its EXIF orientation, so what the teacher
sees is what gets cut or turned, and then writes `dst` atomically: a temp file beside it,
fsynced and renamed, removed again if anything fails. JPEG and PNG stay JPEG and PNG; HEIC
becomes JPEG, which every browser and reviewer can open (give HEIC sources a `.jpg` dst, as
`output_suffix` says).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from portfolio_app.atomic_files import atomic_file
from portfolio_app.core.errors import MediaError

JPEG_QUALITY = 92
_SUFFIXES = {".jpg": ".jpg", ".jpeg": ".jpg", ".heic": ".jpg", ".heif": ".jpg", ".png": ".png"}
_SAVE_AS = {"JPEG": "JPEG", "MPO": "JPEG", "HEIF": "JPEG", "PNG": "PNG"}  # phones' JPEGs often open as MPO
_TRANSPOSE_CLOCKWISE = {1: Image.Transpose.ROTATE_270, 2: Image.Transpose.ROTATE_180, 3: Image.Transpose.ROTATE_90}
_ORIENTATION = 0x0112

pillow_heif.register_heif_opener()


def output_suffix(src: Path) -> str:
    """The suffix an edited copy of `src` gets: ".jpg" for JPEG and HEIC photos, ".png" for PNG."""
    try:
        return _SUFFIXES[src.suffix.lower()]
    except KeyError:
        raise MediaError(src.name, "only JPEG, PNG and HEIC photos can be edited") from None


def rotate_image(src: Path, dst: Path, quarter_turns: int) -> None:
    """Turn the upright photo clockwise by `quarter_turns` quarter turns (negative: anticlockwise) into dst."""
    image, save_as = _open_upright(src)
    turns = quarter_turns % 4
    if turns:
        image = image.transpose(_TRANSPOSE_CLOCKWISE[turns])  # keeps `info`: EXIF and ICC profile
    _save(image, save_as, dst, keep_metadata=True)


def crop_image(src: Path, dst: Path, x: float, y: float, w: float, h: float) -> None:
    """Keep the rectangle (x, y, w, h), in fractions 0..1 of the upright photo's width and height, into dst."""
    values = (x, y, w, h)
    if not all(math.isfinite(v) for v in values) or x < 0 or y < 0 or w <= 0 or h <= 0 or x + w > 1 or y + h > 1:
        raise MediaError(src.name, "the area to keep must lie inside the picture")
    image, save_as = _open_upright(src)
    width, height = image.size
    box = (round(x * width), round(y * height), round((x + w) * width), round((y + h) * height))
    if box[2] <= box[0] or box[3] <= box[1]:
        raise MediaError(src.name, "the area to keep is smaller than one pixel")
    _save(image.crop(box), save_as, dst, keep_metadata=True)


def strip_image_metadata(src: Path, dst: Path) -> None:
    """Write the upright pixels to dst without EXIF (GPS, serials, make, model), XMP, IPTC or comments; keep ICC."""
    image, save_as = _open_upright(src)
    _save(image, save_as, dst, keep_metadata=False)


def read_upright_pixels(src: Path) -> np.ndarray:
    """The upright photo's pixels as an RGB array (height, width, 3)."""
    image, _ = _open_upright(src)
    return np.asarray(image.convert("RGB"))


def edit_pixels(src: Path, dst: Path, edit: Callable[[np.ndarray], np.ndarray]) -> None:
    """Pass the upright photo's RGB pixels (a writable copy) through `edit` and write the result to dst without
    EXIF, XMP, IPTC or comments (ICC kept): for blurred or redacted copies, which must not leak where or who."""
    image, save_as = _open_upright(src)
    kept = {key: image.info[key] for key in ("icc_profile", "dpi") if key in image.info}
    edited = Image.fromarray(np.ascontiguousarray(edit(np.array(image.convert("RGB")))), "RGB")
    edited.info = kept
    _save(edited, save_as, dst, keep_metadata=False)


def _open_upright(src: Path) -> tuple[Image.Image, str]:
    """The fully loaded photo turned by its EXIF orientation, and the format to save it in."""
    try:
        if src.stat().st_size == 0:
            raise MediaError(src.name, "the file is empty")
        with Image.open(src) as opened:
            save_as = _SAVE_AS.get(opened.format or "")
            if save_as is None:
                raise MediaError(src.name, "only JPEG, PNG and HEIC photos can be edited")
            # An MPO opens on its first picture, the photo itself; the others are previews or depth maps.
            return ImageOps.exif_transpose(opened), save_as
    except Image.DecompressionBombError as error:
        raise MediaError(src.name, "the picture is too large to open safely") from error
    except FileNotFoundError as error:
        raise MediaError(src.name, "the file is no longer there") from error
    except UnidentifiedImageError as error:
        raise MediaError(src.name, "this is not a photo we can read") from error
    except (OSError, ValueError, SyntaxError) as error:  # what Pillow raises for damaged data
        if "truncated" in str(error):
            raise MediaError(src.name, "the file ends early: it may not have finished copying") from error
        raise MediaError(src.name, "the photo is damaged and cannot be read") from error


def _save(image: Image.Image, save_as: str, dst: Path, *, keep_metadata: bool) -> None:
    """Write `image` to `dst` as `save_as`, atomically; EXIF only when `keep_metadata` (ICC always)."""
    # Colours, transparency and print size say nothing about who or where: without the ICC
    # profile a wide-gamut photo looks dull, without `transparency` a palette PNG loses its holes.
    options = {key: image.info[key] for key in ("icc_profile", "transparency", "dpi") if key in image.info}
    if keep_metadata:
        exif = image.getexif()
        exif.pop(_ORIENTATION, None)  # the pixels are upright now
        if exif:
            options["exif"] = exif.tobytes()
    image.info = {}  # Pillow writes a JPEG comment and a PNG's text from `info` by itself
    if save_as == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")  # HEIC with alpha, or a PNG-like mode JPEG cannot hold
        options.update(quality=JPEG_QUALITY)
    with atomic_file(dst) as file:
        image.save(file, save_as, **options)
