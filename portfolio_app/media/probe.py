"""What is inside a media file: duration, size, codecs, orientation, location data.

Probing also proves the file is usable: a video must decode at its start and near its end (a
copy cut short fails there), an image must decode whole, a PDF must open. Every failure is a
MediaError that names the file and says what is wrong in words a teacher can act on.
"""

from __future__ import annotations

import importlib
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import MediaError
from portfolio_app.media.sniff import Sniffed

_ENDS_EARLY = "the file ends early or is damaged: it may not have finished copying"


@dataclass(frozen=True)
class MediaInfo:
    kind: EvidenceKind
    media_type: str
    duration_s: float | None = None
    width: int | None = None  # as displayed: after rotation or EXIF orientation
    height: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    frame_rate: float | None = None
    rotation: int = 0  # degrees clockwise the picture must turn to be upright
    page_count: int | None = None
    has_location: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def codecs(self) -> str | None:
        names = [n for n in (self.video_codec, self.audio_codec) if n]
        return "/".join(names) or None


# What probing and a thumbnail of each kind import (PyAV's FFmpeg libraries alone are ~60 MB to load).
_DECODERS = {
    EvidenceKind.VIDEO: ("av", "PIL.Image"),
    EvidenceKind.AUDIO: ("av",),
    EvidenceKind.IMAGE: ("PIL.Image", "pillow_heif"),
}


def load_decoders(sniffed: Sniffed) -> threading.Thread:
    """Start importing what `probe` and a thumbnail of this kind need, on a thread of its own:
    an import overlaps its copy with it instead of waiting for the libraries after it."""
    names = _DECODERS.get(sniffed.kind, ("pypdfium2",) if sniffed.media_type == "application/pdf" else ())

    def load() -> None:
        for name in names:
            try:
                importlib.import_module(name)
            except ImportError:  # the probe itself reports what is missing
                return

    loading = threading.Thread(target=load, name="media-decoders-loader", daemon=True)
    loading.start()
    return loading


def probe(path: Path, sniffed: Sniffed, *, name: str | None = None) -> MediaInfo:
    """Inspect `path` (whose kind `sniff` established); `name` is used in messages.

    Raises:
        MediaError: the file cannot be used.
    """
    label = name or path.name
    if sniffed.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO):
        return _probe_av(path, sniffed, label)
    if sniffed.kind == EvidenceKind.IMAGE:
        return _probe_image(path, sniffed, label)
    if sniffed.media_type == "application/pdf":
        return _probe_pdf(path, sniffed, label)
    return MediaInfo(sniffed.kind, sniffed.media_type)


def _probe_av(path: Path, sniffed: Sniffed, label: str) -> MediaInfo:
    import av

    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise MediaError(label, _ENDS_EARLY) from exc
    with container:
        video = container.streams.video[0] if container.streams.video else None
        audio = container.streams.audio[0] if container.streams.audio else None
        if video is None and audio is None:
            raise MediaError(label, "has neither pictures nor sound the app can read")
        kind = EvidenceKind.VIDEO if video is not None else EvidenceKind.AUDIO
        if sniffed.kind == EvidenceKind.VIDEO and video is None:
            kind = EvidenceKind.AUDIO  # an .mp4 with sound only is a recording, not a video
        duration = _duration(container)
        rotation = _check_decodes(container, video or audio, duration, label)
        width = height = None
        if video is not None:
            width, height = video.codec_context.width, video.codec_context.height
            if rotation in (90, 270):
                width, height = height, width
        metadata = {k.lower(): v for k, v in container.metadata.items()}
        return MediaInfo(
            kind=kind,
            media_type=sniffed.media_type if kind == sniffed.kind else "audio/mp4",
            duration_s=duration,
            width=width,
            height=height,
            video_codec=video.codec_context.name if video is not None else None,
            audio_codec=audio.codec_context.name if audio is not None else None,
            frame_rate=float(video.average_rate) if video is not None and video.average_rate else None,
            rotation=rotation,
            has_location=any(k.startswith("location") or "gps" in k for k in metadata),
            details={"format": container.format.name, "bit_rate": container.bit_rate},
        )


def _duration(container: Any) -> float | None:
    if container.duration:
        return container.duration / 1_000_000
    stream = (container.streams.video or container.streams.audio)[0]
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _check_decodes(container: Any, stream: Any, duration: float | None, label: str) -> int:
    """Decode the first frame and one near the end; returns the first frame's rotation."""
    import av

    rotation = 0
    try:
        first = next(container.decode(stream), None)
        if first is None:
            raise MediaError(label, _ENDS_EARLY)
        rotation = (-int(getattr(first, "rotation", 0) or 0)) % 360
        if duration and duration > 2:
            container.seek(int((duration - 1) * 1_000_000), any_frame=False, backward=True)
            if next(container.decode(stream), None) is None:
                raise MediaError(label, _ENDS_EARLY)
    except av.error.FFmpegError as exc:
        raise MediaError(label, _ENDS_EARLY) from exc
    return rotation


def open_image(path: Path, label: str, *, draft: int | None = None) -> Any:
    """Open and decode an image with Pillow (HEIC included), refusing decompression bombs and damage.

    `draft` lets JPEGs decode at a reduced scale near that size: every byte is still read,
    so a truncated file still fails, at a fraction of the cost. `image.info["full_size"]`
    keeps the stored size.
    """
    from PIL import Image, UnidentifiedImageError

    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            image.info["full_size"] = image.size
            if draft and image.format == "JPEG":
                image.draft("RGB", (draft, draft))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(label, "is too large to open safely (it claims more pixels than any camera makes)") from exc
    except UnidentifiedImageError as exc:
        raise MediaError(label, "is not an image the app can read") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(label, _ENDS_EARLY) from exc
    return image


def _probe_image(path: Path, sniffed: Sniffed, label: str) -> MediaInfo:
    image = open_image(path, label, draft=1024)
    with image:
        exif = image.getexif()
        orientation = exif.get(0x0112, 1)
        width, height = image.info["full_size"]
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        rotation = {3: 180, 6: 90, 8: 270}.get(orientation, 0)
        has_gps = bool(exif.get_ifd(0x8825))
        return MediaInfo(
            kind=EvidenceKind.IMAGE,
            media_type=sniffed.media_type,
            width=width,
            height=height,
            rotation=rotation,
            has_location=has_gps,
            details={"format": image.format, "mode": image.mode, "exif_orientation": orientation},
        )


def _probe_pdf(path: Path, sniffed: Sniffed, label: str) -> MediaInfo:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = "is protected by a password" if "password" in str(exc).lower() else _ENDS_EARLY
        raise MediaError(label, message) from exc
    try:
        pages = len(document)
        if pages == 0:
            raise MediaError(label, "has no pages")
        width, height = document[0].get_size()
        return MediaInfo(
            kind=EvidenceKind.DOCUMENT,
            media_type=sniffed.media_type,
            page_count=pages,
            width=round(width),
            height=round(height),
        )
    finally:
        document.close()


def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def pdf_page_count(path: Path) -> int | None:
    """How many pages a stored PDF has; None when it cannot be read."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        return len(document)
    finally:
        document.close()
