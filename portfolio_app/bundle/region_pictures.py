"""Pictures of tagged regions: the pages of a document a tag points at, and a region drawn on its photo or page.

The viewer lays its outlines over the rendered pages (data/pages/…), and report.pdf shows each region
as a crop of its picture with the outline drawn, rather than as numbers. Pillow and pypdfium2, no Qt.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from portfolio_app.bundle.content import BundleEvidence
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import Region, Tag

PAGE_WIDTH = 900  # pixels of a rendered page: legible on screen, small in the bundle
OUTLINE = (255, 196, 0)


def renders_pages(item: BundleEvidence) -> bool:
    """Whether the bundle shows this item's tagged regions on rendered pages (a PDF document)."""
    return item.evidence.kind == EvidenceKind.DOCUMENT and item.archive_name.lower().endswith(".pdf")


def page_name(item: BundleEvidence, page: int) -> str:
    """Where a rendered page of a document goes under data/ (page counts from 0)."""
    return f"pages/{item.evidence.id}-{page + 1}.jpg"


def tagged_pages(item: BundleEvidence, tags: tuple[Tag, ...] | list[Tag]) -> list[int]:
    """The pages of a document that a region tag points at, in order."""
    if not renders_pages(item):
        return []
    return sorted({t.region.page for t in tags if t.evidence_id == item.evidence.id and t.region is not None})


def page_jpeg(source: Path, page: int) -> bytes:
    """One page of a PDF rendered white-backed as JPEG bytes."""
    return _jpeg(_page_image(source, page))


def region_picture(item: BundleEvidence, region: Region, *, margin: float = 0.08) -> Image.Image | None:
    """The region's photo or page cropped around it, with the outline drawn; None if it cannot be drawn."""
    try:
        if item.evidence.kind == EvidenceKind.IMAGE:
            with Image.open(item.source) as opened:
                picture = ImageOps.exif_transpose(opened).convert("RGB")
        elif renders_pages(item):
            picture = _page_image(item.source, region.page)
        else:
            return None
    except Exception:  # a picture is a nicety of the report: a file Pillow or pdfium cannot read keeps the words
        return None
    width, height = picture.size
    box = (region.x * width, region.y * height, (region.x + region.w) * width, (region.y + region.h) * height)
    pad_x, pad_y = margin * width, margin * height
    crop = (
        max(0, int(box[0] - pad_x)),
        max(0, int(box[1] - pad_y)),
        min(width, int(box[2] + pad_x)),
        min(height, int(box[3] + pad_y)),
    )
    line = max(2, round(max(width, height) / 250))
    ImageDraw.Draw(picture).rectangle(box, outline=OUTLINE, width=line)
    return picture.crop(crop)


def _page_image(source: Path, page: int) -> Image.Image:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    try:
        pdf_page = document[page]
        scale = PAGE_WIDTH / pdf_page.get_width()
        bitmap = pdf_page.render(scale=scale, fill_color=(255, 255, 255, 255))
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82)
    return out.getvalue()
