"""The tag files of a BagIt 1.0 bag (RFC 8493) as bundles write and read them."""

from __future__ import annotations

import re
from collections.abc import Iterable

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
SIGNATURE_FILE = "signature/tagmanifest-sha256.txt.minisig"
SIGNING_KEY_LABEL = "Portfolio-Signing-Key"
FINGERPRINT_LABEL = "Portfolio-Key-Fingerprint"
DRAFT_LABEL = "Portfolio-Draft"
RECORD_TYPE_LABEL = "Portfolio-Record-Type"  # submission, observation, review, trust, key-rotation, …
PROFILE_LABEL = "BagIt-Profile-Identifier"
# resources/bagit-profile.json, published at this address (bagit-profiles specification 1.3)
PROFILE_IDENTIFIER = "https://schemas.micro-credential-portfolio.org/bagit-profile/1.json"


def encode_path(path: str) -> str:
    """A path as a manifest line holds it: CR, LF and % percent-encoded (RFC 8493 section 2.1.3)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(path: str) -> str:
    return re.sub(r"%(0[aAdD]|25)", lambda m: {"0a": "\n", "0d": "\r", "25": "%"}[m.group(1).lower()], path)


def manifest_text(entries: Iterable[tuple[str, str]]) -> bytes:
    """Manifest lines `<hash>  <path>`, sorted by path (`sha256sum -c` reads them too)."""
    return "".join(f"{digest}  {encode_path(path)}\n" for path, digest in sorted(entries)).encode("utf-8")


def parse_manifest(data: bytes) -> tuple[dict[str, str], list[str]]:
    """Path -> hash, and the problems found (bad lines, a path listed twice)."""
    entries: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(_lines(data), start=1):
        if not line.strip():
            continue
        match = re.fullmatch(r"([0-9a-fA-F]+)[ \t]+\*?(.+)", line)
        if match is None:
            problems.append(f"line {number} is not '<hash> <path>'")
            continue
        path = decode_path(match.group(2))
        if path in entries:
            problems.append(f"lists {path} twice")
        entries[path] = match.group(1).lower()
    return entries, problems


def bag_info_text(fields: Iterable[tuple[str, str]]) -> bytes:
    """`Label: value` lines; a value is kept on one line (line breaks become spaces)."""
    return "".join(f"{label}: {' '.join(value.split())}\n" for label, value in fields).encode("utf-8")


def parse_tag_fields(data: bytes) -> dict[str, list[str]]:
    """Label -> values of a bagit.txt or bag-info.txt; continuation lines (leading space or tab) join the value."""
    fields: dict[str, list[str]] = {}
    last: str | None = None
    for line in _lines(data):
        if line[:1] in (" ", "\t") and last is not None:
            fields[last][-1] += " " + line.strip()
            continue
        label, colon, value = line.partition(":")
        if not colon or not label.strip():
            continue
        last = label.strip()
        fields.setdefault(last, []).append(value.strip())
    return fields


def _lines(data: bytes) -> list[str]:
    # Lenient: undecodable bytes are reported by the verifier (tag_rules) with the entry's name.
    text = data.decode("utf-8", "replace")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
