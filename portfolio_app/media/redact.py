"""Black boxes burned into photos and PDF pages of student work, so names and faces cannot be recovered.

A PDF is not edited but rebuilt: every page is rendered to pixels (pypdfium2), the boxes are
filled black in those pixels, and the pages become a new PDF of pictures only. Text under a box
in the original, hidden layers, form fields, annotations, attachments and the document's own
metadata are all left behind, since none of them survive rendering.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from portfolio_app.atomic_files import atomic_file
from portfolio_app.core.errors import Cancelled, MediaError
from portfolio_app.media.faces import Box, to_pixels
from portfolio_app.media.images import edit_pixels

PDF_DPI = 150  # legible handwriting, about 1 MB a page
MAX_PAGE_PIXELS = 40_000_000  # a poster-sized page at 150 dpi would need gigabytes: refuse it instead


def redact_image(source: Path, target: Path, boxes: Sequence[Box]) -> None:
    """Write the upright photo to target with every box (fractions 0..1) filled black, without metadata."""
    _check_boxes(source, boxes, "picture")

    def fill(pixels: np.ndarray) -> np.ndarray:
        _fill_black(pixels, boxes)
        return pixels

    edit_pixels(source, target, fill)


def redact_pdf(
    source: Path,
    target: Path,
    boxes_by_page: Mapping[int, Sequence[Box]],
    dpi: int = PDF_DPI,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write every page of the PDF as a picture to a new PDF at target, the boxes (fractions of the page,
    pages counted from 0) filled black; no text, layer or metadata of the original survives.

    `progress` gets the fraction of pages done; `Cancelled` is raised, with no target written,
    once `cancelled()` is true."""
    import pypdfium2 as pdfium

    for boxes in boxes_by_page.values():
        _check_boxes(source, boxes, "page")
    try:
        document = pdfium.PdfDocument(str(source))
    except FileNotFoundError as error:
        raise MediaError(source.name, "the file is no longer there") from error
    except pdfium.PdfiumError as error:
        raise MediaError(source.name, "this is not a PDF we can read, or it is protected by a password") from error
    try:
        pages = len(document)
        if not pages:
            raise MediaError(source.name, "the PDF has no pages")
        outside = [n for n in boxes_by_page if not 0 <= n < pages]
        if outside:
            raise MediaError(source.name, f"there is no page {outside[0] + 1}: the PDF has {pages}")
        pictures = []
        for number in range(pages):
            if cancelled is not None and cancelled():
                raise Cancelled("Stopped as asked: no redacted copy was made.")
            page = document[number]
            width_pt, height_pt = page.get_size()
            if width_pt * height_pt * (dpi / 72) ** 2 > MAX_PAGE_PIXELS:
                raise MediaError(source.name, f"page {number + 1} is too large to turn into a picture")
            bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
            pixels = np.array(bitmap.to_pil().convert("RGB"))
            _fill_black(pixels, boxes_by_page.get(number, ()))
            pictures.append(Image.fromarray(pixels))
            if progress is not None:
                progress((number + 1) / (pages + 1))  # the last share is for writing the new PDF
    finally:
        document.close()
    _save_pdf(pictures, target, dpi)
    if progress is not None:
        progress(1.0)


def _fill_black(pixels: np.ndarray, boxes: Sequence[Box]) -> None:
    height, width = pixels.shape[:2]
    for box in boxes:
        x, y, w, h = to_pixels(box, width, height)
        pixels[max(y, 0) : y + h, max(x, 0) : x + w] = 0


def _check_boxes(source: Path, boxes: Sequence[Box], where: str) -> None:
    for box in boxes:
        x, y, w, h = box
        if not all(math.isfinite(v) for v in box) or w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1 or y + h > 1:
            raise MediaError(source.name, f"every box to black out must lie inside the {where}")


def _save_pdf(pictures: list[Image.Image], target: Path, dpi: int) -> None:
    """The pictures as the pages of a PDF at target, written atomically."""
    with atomic_file(target) as file:
        first, rest = pictures[0], pictures[1:]
        # A title of our own: Pillow would otherwise write the (temp) file's name.
        first.save(file, "PDF", save_all=True, append_images=rest, resolution=dpi, title="Redacted copy")
