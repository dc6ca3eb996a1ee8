"""Signed records: one form for everything that leaves a laptop (DESIGN.md, "Signed records").

A record is one stored ZIP holding one BagIt 1.0 bag whose tag manifest is signed (minisign
Ed25519); `data/<type>.json` is its canonical JSON document (RFC 8785) and other files under
`data/` travel with it. Submission bundles, observations, reviews, trust lists and key
rotations are all records: signed_bag.py writes them, verify.py checks them, extract.py unpacks
them. A record that answers another names the other's `tag_manifest_sha256`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio_app import APP_NAME
from portfolio_app.bundle.bag_sources import Problem, open_bag
from portfolio_app.bundle.bagit_files import SIGNATURE_FILE, parse_manifest
from portfolio_app.bundle.errors import BundleFormatError, SignatureError
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.signed_bag import (
    RECORD_TYPE,
    RecordFile,
    write_signed_bag,
)
from portfolio_app.bundle.submission import canonical_json
from portfolio_app.bundle.verify import verify_bundle
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.progress import CancelCheck, Progress

__all__ = ["RecordFile", "RecordInfo", "VerifiedRecord", "read_record", "write_record"]


@dataclass(frozen=True)
class RecordInfo:
    """What `write_record` made."""

    path: Path
    name: str  # the bag's top folder
    type: str
    size_bytes: int
    fingerprint: str
    public_key: str  # minisign base64
    tag_manifest_sha256: str


@dataclass(frozen=True)
class VerifiedRecord:
    """A record whose every file, hash and signature checked out."""

    location: Path
    type: str
    document: dict[str, Any]
    fingerprint: str
    public_key: str
    tag_manifest_sha256: str
    signed_at: str | None  # ISO 8601 UTC, from the signature's trusted comment
    files: tuple[str, ...]  # every payload file, as paths under data/ ("observation.csv")
    _hashes: dict[str, str] = field(repr=False, compare=False, default_factory=dict)

    def read_file(self, path: str) -> bytes:
        """The bytes of a payload file (`summary.pdf` or `data/summary.pdf`), checked against the manifest again.

        Raises:
            BundleFormatError: no such file, or it changed since the record was verified.
        """
        inner = path if path.startswith("data/") else f"data/{path}"
        expected = self._hashes.get(inner)
        if expected is None:
            raise BundleFormatError(f"{self.location.name} holds no file {inner}.")
        data = open_bag(self.location).read(inner)
        if hashlib.sha256(data).hexdigest() != expected:
            raise BundleFormatError(f"{self.location.name}: {inner} has changed since the record was verified.")
        return data


def write_record(
    document: dict[str, Any],
    target: Path,
    signing_key: SigningKey,
    *,
    files: Sequence[RecordFile] = (),
    name: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> RecordInfo:
    """Write `document` (its "type" names the record) and `files` as a signed record at `target`, atomically.

    Raises:
        InvalidInputError: no valid "type", a document that is not canonical JSON, a bad file name.
        MediaError, StorageError, Cancelled: as write_signed_bag.
    """
    record_type = document.get("type")
    if not isinstance(record_type, str) or not RECORD_TYPE.fullmatch(record_type):
        raise InvalidInputError(
            f'A record\'s document needs a "type" (lower-case letters, digits, hyphens), not {record_type!r}.'
        )
    own = f"{record_type}.json"
    if any(f.path == own for f in files):
        raise InvalidInputError(f"{own} is the record's own document; a file cannot take that name.")
    created_at = document.get("created_at")
    if not isinstance(created_at, str):
        created_at = now_iso()
    bag = write_signed_bag(
        target,
        [RecordFile(own, data=canonical_json(document)), *files],
        signing_key,
        record_type=record_type,
        created_at=created_at,
        description=[("External-Description", f"A signed {record_type} record made with {APP_NAME}")],
        name=name,
        progress=progress,
        cancelled=cancelled,
    )
    return RecordInfo(
        path=bag.path,
        name=bag.name,
        type=record_type,
        size_bytes=bag.size_bytes,
        fingerprint=bag.fingerprint,
        public_key=bag.public_key,
        tag_manifest_sha256=bag.tag_manifest_sha256,
    )


def read_record(
    location: Path,
    *,
    expect_type: str | None = None,
    expect_key: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> VerifiedRecord:
    """Verify the record (.zip or bag folder) at `location` completely and return what it says.

    Raises:
        SignatureError: a missing or bad signature, or not the expected key's.
        BundleFormatError: anything else wrong (a changed, missing or extra file, …), naming the entry;
            or a record of another type than `expect_type`.
    """
    report = verify_bundle(location, expect_key=expect_key, progress=progress, cancelled=cancelled)
    if not report.valid:
        raise _refusal(location, report.problems)
    if report.record_type is None or report.document is None:
        raise BundleFormatError(f"{location.name} is a signed bag but holds no record document.")
    if expect_type is not None and report.record_type != expect_type:
        raise BundleFormatError(f"{location.name} is a {report.record_type} record, not a {expect_type} record.")
    assert report.fingerprint and report.public_key and report.tag_manifest_sha256
    hashes, _ = parse_manifest(open_bag(location).read("manifest-sha256.txt"))
    return VerifiedRecord(
        location=location,
        type=report.record_type,
        document=report.document,
        fingerprint=report.fingerprint,
        public_key=report.public_key,
        tag_manifest_sha256=report.tag_manifest_sha256,
        signed_at=report.signed_at,
        files=tuple(sorted(p.removeprefix("data/") for p in hashes)),
        _hashes=hashes,
    )


def _refusal(location: Path, problems: tuple[Problem, ...]) -> InvalidInputError:
    """The error for a record that did not verify: the first problem, naming its entry, and how many more."""
    signature = [p for p in problems if p.entry == SIGNATURE_FILE or "signed by key" in p.reason]
    first = (signature or list(problems))[0]
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    message = f"{location.name} cannot be trusted: {first.entry} {first.reason}{more}."
    return SignatureError(message) if signature else BundleFormatError(message)
