"""Small JPEG pictures for lists: a video's poster frame, a photo, a document's first page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.media.probe import MediaInfo, open_image

MAX_SIDE = 320


def thumbnail(path: Path, info: MediaInfo, max_side: int = MAX_SIDE) -> bytes | None:
    """JPEG bytes at most `max_side` on the long edge, upright; None for audio and office files."""
    if info.kind == EvidenceKind.VIDEO:
        picture = _poster_frame(path, info)
    elif info.kind == EvidenceKind.IMAGE:
        picture = _photo(path, max_side)
    elif info.media_type == "application/pdf":
        picture = _first_page(path, max_side)
    else:
        return None
    if picture is None:
        return None
    picture.thumbnail((max_side, max_side))
    out = io.BytesIO()
    picture.convert("RGB").save(out, "JPEG", quality=82)
    return out.getvalue()


def _poster_frame(path: Path, info: MediaInfo) -> Any:
    import av

    at = min(1.0, (info.duration_s or 0) * 0.1)
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if at > 0:
            container.seek(int(at * 1_000_000), backward=True)
        frame = next(container.decode(stream), None)
        if frame is None:
            return None
        picture = frame.to_image()
    return picture.rotate(-info.rotation, expand=True) if info.rotation else picture


def _photo(path: Path, max_side: int) -> Any:
    from PIL import ImageOps

    image = open_image(path, path.name, draft=max_side * 2)  # JPEGs decode at 1/2..1/8 scale
    return ImageOps.exif_transpose(image)


def _first_page(path: Path, max_side: int) -> Any:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        width, height = page.get_size()
        scale = max_side / max(width, height)
        return page.render(scale=scale).to_pil()
    finally:
        document.close()
