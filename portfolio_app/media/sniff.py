"""What kind of evidence a file is, judged by its content: a file's name is only a claim.

The extension says what the teacher expects (a video, a photo); the first bytes must agree,
so that notes renamed `.mp4`, or a web page saved as `.jpg`, are refused with a clear reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import MediaError

VIDEO, AUDIO, IMAGE, DOCUMENT = EvidenceKind.VIDEO, EvidenceKind.AUDIO, EvidenceKind.IMAGE, EvidenceKind.DOCUMENT

# extension -> (kind, media type)
EXTENSIONS: dict[str, tuple[EvidenceKind, str]] = {
    ".mp4": (VIDEO, "video/mp4"),
    ".m4v": (VIDEO, "video/x-m4v"),
    ".mov": (VIDEO, "video/quicktime"),
    ".mkv": (VIDEO, "video/x-matroska"),
    ".webm": (VIDEO, "video/webm"),
    ".avi": (VIDEO, "video/x-msvideo"),
    ".m4a": (AUDIO, "audio/mp4"),
    ".mp3": (AUDIO, "audio/mpeg"),
    ".wav": (AUDIO, "audio/wav"),
    ".jpg": (IMAGE, "image/jpeg"),
    ".jpeg": (IMAGE, "image/jpeg"),
    ".png": (IMAGE, "image/png"),
    ".heic": (IMAGE, "image/heic"),
    ".heif": (IMAGE, "image/heif"),
    ".pdf": (DOCUMENT, "application/pdf"),
    ".docx": (DOCUMENT, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (DOCUMENT, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (DOCUMENT, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": (DOCUMENT, "application/vnd.oasis.opendocument.text"),
    ".ods": (DOCUMENT, "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": (DOCUMENT, "application/vnd.oasis.opendocument.presentation"),
    ".doc": (DOCUMENT, "application/msword"),
    ".xls": (DOCUMENT, "application/vnd.ms-excel"),
    ".ppt": (DOCUMENT, "application/vnd.ms-powerpoint"),
}

_KIND_WORDS = {VIDEO: "a video", AUDIO: "an audio recording", IMAGE: "a photo or image", DOCUMENT: "a document"}


@dataclass(frozen=True)
class Sniffed:
    kind: EvidenceKind
    media_type: str


def supported(path: Path) -> bool:
    """True for names the app imports (used when a whole folder is dropped)."""
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(".")


def sniff(path: Path, *, name: str | None = None) -> Sniffed:
    """The kind of `path`, checked against its first bytes; `name` (default: the file's own)
    supplies the extension and the name used in messages, for files in a temp folder.

    Raises:
        MediaError: unsupported name, empty file, unreadable file, or content that is not
            what the name says.
    """
    label = name or path.name
    expected = EXTENSIONS.get(Path(label).suffix.lower())
    if expected is None:
        names = ", ".join(sorted({e.lstrip(".") for e in EXTENSIONS}))
        raise MediaError(label, f"is not a kind of file the app can use as evidence (it can use: {names})")
    try:
        with open(path, "rb") as reader:
            head = reader.read(64)
    except FileNotFoundError as exc:
        raise MediaError(label, "is no longer there (was it moved, or on a drive that was removed?)") from exc
    except OSError as exc:
        raise MediaError(label, f"cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise MediaError(label, "is empty (0 bytes): it may not have finished copying")
    found = _content_kind(head)
    kind, media_type = expected
    if found is None:
        raise MediaError(label, f"is not {_KIND_WORDS[kind]} the app can read{_looks_like(head)}")
    if found[0] != kind and not (found[0] == VIDEO and kind == AUDIO):  # .m4a files are MP4 containers
        raise MediaError(label, f"is named like {_KIND_WORDS[kind]} but contains {_KIND_WORDS[found[0]]}")
    if found[1] == "image/heic" and kind == IMAGE:
        media_type = "image/heic"
    return Sniffed(kind, media_type)


def _content_kind(head: bytes) -> tuple[EvidenceKind, str] | None:
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc", b"hevx", b"avif"):
            return IMAGE, "image/heic"
        if brand in (b"M4A ", b"M4B "):
            return AUDIO, "audio/mp4"
        return VIDEO, "video/mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return VIDEO, "video/quicktime"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return VIDEO, "video/x-matroska"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return VIDEO, "video/x-msvideo"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return AUDIO, "audio/wav"
    if head.startswith(b"ID3") or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return AUDIO, "audio/mpeg"
    if head.startswith(b"\xff\xd8\xff"):
        return IMAGE, "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return IMAGE, "image/png"
    if head.startswith(b"%PDF-"):
        return DOCUMENT, "application/pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOCUMENT, "application/octet-stream"  # OOXML/ODF (zip) or legacy Office
    return None


def _looks_like(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf")
    if text[:1] == b"<":
        return ": it looks like a web page or XML"
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return ": it contains plain text"
