"""Baking a credential into a badge image and taking it out again (Open Badges 3.0 baking).

PNG: one `iTXt` chunk with keyword `openbadgecredential`, not compressed, holding the JSON.
SVG: an `<openbadges:credential>` element (namespace https://purl.imsglobal.org/ob/v3p0) whose
text, in a CDATA section, is the JSON.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

from portfolio_app.bundle.errors import BadgeError

PNG_KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_TEXT = 1024 * 1024  # a compressed chunk from another tool may not inflate beyond this


SNIFF_BYTES = 64 * 1024  # a badge says so near its start; a big photo is never read through


def carries_credential(path: Path) -> bool:
    """Whether a .png, .svg or .json file looks like an Open Badges credential (reads its first 64 KiB)."""
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    suffix = path.suffix.lower()
    if suffix == ".png":
        return head.startswith(_PNG_SIGNATURE) and b"iTXt" + PNG_KEYWORD in head
    if suffix == ".svg":
        return b"<openbadges:credential" in head
    if suffix == ".json":
        return b'"OpenBadgeCredential"' in head or b'"AchievementCredential"' in head
    return False


def bake_png(image: bytes, credential_json: str) -> bytes:
    """`image` (a PNG) carrying `credential_json`; an earlier baked credential is replaced."""
    chunks = [c for c in _png_chunks(image, "the badge image") if not _is_credential_chunk(c)]
    body = PNG_KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential_json.encode("utf-8")
    baked = (b"iTXt", body)
    # Right after IHDR: readers that stop early still find it, and IHDR must stay first.
    return _PNG_SIGNATURE + b"".join(_chunk_bytes(t, d) for t, d in [chunks[0], baked, *chunks[1:]])


def unbake_png(image: bytes, source: str) -> bytes:
    """The credential JSON baked into a PNG.

    Raises:
        BadgeError: not a PNG, damaged, no credential, or more than one.
    """
    found = [c for c in _png_chunks(image, source) if _is_credential_chunk(c)]
    if not found:
        raise BadgeError(f"{source} carries no Open Badges 3.0 credential (no iTXt 'openbadgecredential').")
    if len(found) > 1:
        raise BadgeError(f"{source} carries more than one baked credential; a badge image holds exactly one.")
    rest = found[0][1][len(PNG_KEYWORD) + 1 :]
    if len(rest) < 2:
        raise BadgeError(f"{source}: the baked credential chunk is cut short.")
    compressed, method, rest = rest[0], rest[1], rest[2:]
    _language, _, rest = rest.partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    if compressed:
        if method != 0:
            raise BadgeError(f"{source}: the baked credential uses an unknown compression.")
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(text, _MAX_TEXT)
        except zlib.error:
            raise BadgeError(f"{source}: the baked credential's compressed text is damaged.") from None
        if inflater.unconsumed_tail:
            raise BadgeError(f"{source}: the baked credential is larger than we accept.")
    return text


def bake_svg(svg: str, credential_json: str) -> str:
    """`svg` (an SVG document) carrying `credential_json` right inside its root element."""
    if re.search(r"<openbadges:credential\b", svg):
        raise BadgeError("The SVG already carries a credential.")
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        raise BadgeError("The badge image is not an SVG document.")
    root = match.group(0)
    if root.endswith("/>"):
        raise BadgeError("The badge image is an empty SVG.")
    if "xmlns:openbadges=" not in root:
        root = root[:-1].rstrip("/") + f' xmlns:openbadges="{SVG_NAMESPACE}">'
    # "]]>" cannot appear inside CDATA: split it across two sections.
    cdata = credential_json.replace("]]>", "]]]]><![CDATA[>")
    element = f"\n  <openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
    return svg[: match.start()] + root + element + svg[match.end() :]


def unbake_svg(svg: bytes, source: str) -> bytes:
    """The credential JSON baked into an SVG.

    Raises:
        BadgeError: not an SVG we read, no credential, or more than one.
    """
    # Entity declarations are how XML bombs and external references get in; a badge needs none.
    if re.search(rb"<!(DOCTYPE|ENTITY)", svg, re.IGNORECASE):
        raise BadgeError(f"{source}: an SVG badge with a DOCTYPE or entities is not accepted.")
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise BadgeError(f"{source} is not a readable SVG ({exc}).") from None
    found = root.findall(f".//{{{SVG_NAMESPACE}}}credential")
    if not found:
        raise BadgeError(f"{source} carries no Open Badges 3.0 credential (no <openbadges:credential>).")
    if len(found) > 1:
        raise BadgeError(f"{source} carries more than one baked credential; a badge image holds exactly one.")
    return (found[0].text or "").strip().encode("utf-8")


def _is_credential_chunk(chunk: tuple[bytes, bytes]) -> bool:
    kind, data = chunk
    return kind == b"iTXt" and data.split(b"\0", 1)[0] == PNG_KEYWORD


def _png_chunks(image: bytes, source: str) -> list[tuple[bytes, bytes]]:
    if not image.startswith(_PNG_SIGNATURE):
        raise BadgeError(f"{source} is not a PNG image.")
    chunks, at = [], len(_PNG_SIGNATURE)
    while at < len(image):
        if at + 12 > len(image):
            raise BadgeError(f"{source}: the PNG ends in the middle of a chunk.")
        (length,) = struct.unpack(">I", image[at : at + 4])
        kind = image[at + 4 : at + 8]
        data = image[at + 8 : at + 8 + length]
        if len(data) != length or at + 12 + length > len(image):
            raise BadgeError(f"{source}: the PNG ends in the middle of a chunk.")
        (crc,) = struct.unpack(">I", image[at + 8 + length : at + 12 + length])
        if zlib.crc32(kind + data) != crc:
            raise BadgeError(f"{source}: the PNG chunk {kind.decode('latin-1')!r} is damaged (bad CRC).")
        chunks.append((kind, data))
        at += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise BadgeError(f"{source}: the PNG has no IHDR at its start or no IEND at its end.")
    return chunks


def _chunk_bytes(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
