"""Text a file carries besides its pictures and sound: a PDF's text layer, descriptions and comments.

The names rule reads it (a student's name typed on a worksheet, an "IMG of Maya" description a
phone app wrote), and the PDF fix finds where on the page a name is to black it out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from portfolio_app.core.errors import MediaError

Box = tuple[float, float, float, float]  # x, y, w, h in fractions of the page, from its top left

# EXIF tags that hold words people type: description, artist, copyright, Windows' title, comment,
# author, keywords and subject (UTF-16), and the Exif IFD's user comment.
_EXIF_TEXT = {0x010E: "description", 0x013B: "artist", 0x8298: "copyright"}
_EXIF_XP = {0x9C9B: "title", 0x9C9C: "comment", 0x9C9D: "author", 0x9C9E: "keywords", 0x9C9F: "subject"}
_USER_COMMENT = 0x9286
# Container and stream tags of recordings that hold words (QuickTime ©nam/©cmt/©des, Matroska TITLE, …).
_AV_TEXT_KEYS = ("title", "comment", "description", "synopsis", "artist", "album", "keywords", "subtitle", "author")
_PDF_TEXT_KEYS = ("Title", "Author", "Subject", "Keywords")
PAD = 0.004  # around a name's box on the page: the redaction covers the letters' edges


def pdf_page_texts(path: Path) -> list[str]:
    """The text layer of every page (empty strings for pages that are pictures)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise MediaError(path.name, "this is not a PDF we can read, or it is protected by a password") from error
    try:
        texts = []
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            try:
                texts.append(textpage.get_text_range())
            finally:
                textpage.close()
        return texts
    finally:
        document.close()


def pdf_text_metadata(path: Path) -> dict[str, str]:
    """A PDF's document information (title, author, subject, keywords): carried by the file as it is."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise MediaError(path.name, "this is not a PDF we can read, or it is protected by a password") from error
    try:
        found = document.get_metadata_dict()
    finally:
        document.close()
    return {key.lower(): value for key, value in found.items() if key in _PDF_TEXT_KEYS and value.strip()}


def pdf_text_boxes(path: Path, page: int, spans: Sequence[tuple[int, int]]) -> list[Box]:
    """Boxes (fractions of the page) around the characters `spans` of `pdf_page_texts(path)[page]`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        pdf_page = document[page]
        width, height = pdf_page.get_size()
        textpage = pdf_page.get_textpage()
        try:
            boxes = []
            for start, end in spans:
                chars = [textpage.get_charbox(i) for i in range(start, end)]
                chars = [c for c in chars if c[2] > c[0] or c[3] > c[1]]
                if not chars:
                    continue
                left, bottom = min(c[0] for c in chars), min(c[1] for c in chars)
                right, top = max(c[2] for c in chars), max(c[3] for c in chars)
                x, y = max(left / width - PAD, 0.0), max((height - top) / height - PAD, 0.0)
                boxes.append(
                    (x, y, min((right - left) / width + 2 * PAD, 1 - x), min((top - bottom) / height + 2 * PAD, 1 - y))
                )
            return boxes
        finally:
            textpage.close()
    finally:
        document.close()


def image_text_metadata(path: Path) -> dict[str, str]:
    """Descriptions, titles, comments and keywords inside a photo (EXIF, XMP, JPEG/PNG comments)."""
    from PIL import Image

    found: dict[str, str] = {}
    with Image.open(path) as image:
        exif = image.getexif()
        for tag, label in _EXIF_TEXT.items():
            if isinstance(value := exif.get(tag), str) and value.strip():
                found[label] = value.strip("\x00 ")
        for tag, label in _EXIF_XP.items():
            value = exif.get(tag)
            if isinstance(value, tuple):
                value = bytes(value)
            if isinstance(value, bytes):
                found[label] = value.decode("utf-16-le", "ignore").strip("\x00 ")
        comment = exif.get_ifd(0x8769).get(_USER_COMMENT)
        if isinstance(comment, bytes):
            found["user comment"] = _user_comment(comment)
        elif isinstance(comment, str):
            found["user comment"] = comment
        for key in ("xmp", "XML:com.adobe.xmp"):
            if key in image.info:
                found["XMP"] = _xmp_words(image.info[key])
        for key, value in image.info.items():  # JPEG COM, PNG tEXt/iTXt chunks
            if key in ("comment", "Description", "Title", "Comment", "Author") and value:
                found[str(key).lower()] = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return {label: text for label, text in found.items() if text.strip()}


def recording_text_metadata(path: Path) -> dict[str, str]:
    """Titles, comments and descriptions in a recording's container and streams."""
    import av

    found: dict[str, str] = {}
    with av.open(str(path), metadata_errors="replace") as container:
        for tags in [container.metadata, *(s.metadata for s in container.streams)]:
            for key, value in tags.items():
                plain = key.lower().lstrip("©")
                if any(plain.startswith(k) for k in _AV_TEXT_KEYS) and value.strip():
                    found.setdefault(plain, value.strip())
    return found


def _user_comment(raw: bytes) -> str:
    code, body = raw[:8], raw[8:]
    if code.startswith(b"UNICODE"):
        return body.decode("utf-16-be" if body[:1] == b"\x00" else "utf-16-le", "ignore").strip("\x00 ")
    return body.decode("utf-8", "ignore").strip("\x00 ")


def _xmp_words(packet: bytes | str) -> str:
    """The words of an XMP packet (descriptions, titles, subjects), without its XML."""
    text = packet.decode("utf-8", "ignore") if isinstance(packet, bytes) else packet
    text = re.sub(r"<\?xpacket[^>]*\?>", " ", text)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())
