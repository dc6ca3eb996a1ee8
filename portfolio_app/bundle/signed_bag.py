"""The one writer of signed records: a stored ZIP holding one BagIt 1.0 bag with a signed tag manifest.

```
<name>/bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
<name>/signature/tagmanifest-sha256.txt.minisig
<name>/data/…
```

Submission bundles (writer.py) and every other record (record.py) are written here. Payload
hashes are known before anything is written (handed in, as the media store knows them, or
computed from small files), so the manifests, bag-info and signature go first in the zip and
large files are streamed once. The archive is written to `.<name>.zip.part` beside the target,
fsynced and renamed: the final name only ever holds a complete record, and a failure or
cancel removes the temp file.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from portfolio_app import APP_NAME, __version__
from portfolio_app.atomic_files import disk_message, fsync_folder, temp_name
from portfolio_app.bundle.bagit_files import (
    BAGIT_TXT,
    FINGERPRINT_LABEL,
    PROFILE_IDENTIFIER,
    PROFILE_LABEL,
    RECORD_TYPE_LABEL,
    SIGNATURE_FILE,
    SIGNING_KEY_LABEL,
    bag_info_text,
    manifest_text,
)
from portfolio_app.bundle.content import slug
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.zipwriter import SourceError, StoredZipWriter
from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError, StorageError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.text import size_text

RECORD_TYPE = re.compile(r"[a-z][a-z0-9-]{0,39}")
_REPORT_EVERY_S = 0.1
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class RecordFile:
    """A payload file under data/: its bytes, or a file on disk streamed into the record."""

    path: str  # under data/, e.g. "summary.pdf", "evidence/01-lesson.mp4"
    data: bytes | None = None
    source: Path | None = None  # streamed from disk instead of data
    sha256: str | None = None  # a known hash (the media store's); else computed


@dataclass(frozen=True)
class SignedBag:
    """What `write_signed_bag` made."""

    path: Path
    name: str  # the bag's top folder inside the zip
    size_bytes: int
    payload_files: int
    payload_bytes: int
    fingerprint: str
    public_key: str  # minisign base64
    tag_manifest_sha256: str  # what a record answering this one names


@dataclass(frozen=True)
class _Payload:
    path: str  # from the bag's top folder: data/…
    sha256: str
    size: int
    data: bytes | None
    source: Path | None


def bag_name(target: Path) -> str:
    """The bag's top folder for an archive at `target`: its stem when that is safe, else a slug of it."""
    stem = target.stem
    return stem if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}", stem) else slug(stem, 120)


def write_signed_bag(
    target: Path,
    files: Sequence[RecordFile],
    signing_key: SigningKey,
    *,
    record_type: str,
    created_at: str,
    description: Iterable[tuple[str, str]] = (),
    extra_info: Iterable[tuple[str, str]] = (),
    name: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    what: str = "record",
) -> SignedBag:
    """Write `files` as a signed bag in a stored ZIP at `target`, atomically.

    `description` fields open bag-info.txt (Source-Organization, External-Description, …);
    `extra_info` fields go after the ones every record has. `what` names the record in messages.

    Raises:
        InvalidInputError: an unsafe or duplicate path, an unknown record type.
        MediaError: a source file is missing, unreadable or changes size while it is copied.
        StorageError: the target folder cannot be written (full, no permission).
        Cancelled: `cancelled()` returned True; nothing is left at `target` or beside it.
    """
    if not RECORD_TYPE.fullmatch(record_type):
        raise InvalidInputError(f"{record_type!r} is not a record type (lower-case letters, digits and hyphens).")
    name = name or bag_name(target)
    payload = _payload(files)
    tag_files = _tag_files(payload, signing_key, name, record_type, created_at, description, extra_info)
    total = sum(p.size for p in payload) + sum(len(d) for _, d in tag_files)
    reporter = _Reporter(total, progress, cancelled, f"Writing the {what} was stopped; no {what} was written.")
    try:
        temp = temp_name(target)
        fd = os.open(temp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise StorageError(disk_message(exc, target, what)) from exc
    try:
        try:
            writer = StoredZipWriter(fd, created_at)
            for path, data in tag_files:
                writer.add_bytes(f"{name}/{path}", data)
                reporter.advance(len(data))
            for item in payload:
                if item.data is not None:
                    writer.add_bytes(f"{name}/{item.path}", item.data)
                    reporter.advance(item.size)
                else:
                    assert item.source is not None
                    try:
                        writer.add_file(f"{name}/{item.path}", item.source, item.size, reporter.advance)
                    except SourceError as exc:
                        raise MediaError(item.path.removeprefix("data/"), f"{exc}; no {what} was written") from exc
            size = writer.finish()
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
        fsync_folder(target.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StorageError(disk_message(exc, target, what)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    reporter.finish()
    tag_manifest = dict(tag_files)["tagmanifest-sha256.txt"]
    return SignedBag(
        path=target,
        name=name,
        size_bytes=size,
        payload_files=len(payload),
        payload_bytes=sum(p.size for p in payload),
        fingerprint=signing_key.public_key.fingerprint,
        public_key=signing_key.public_key.text,
        tag_manifest_sha256=hashlib.sha256(tag_manifest).hexdigest(),
    )


def _payload(files: Sequence[RecordFile]) -> list[_Payload]:
    seen: dict[str, str] = {}
    payload = []
    for item in files:
        _check_path(item.path)
        folded = unicodedata.normalize("NFC", item.path).casefold()
        if folded in seen:
            raise InvalidInputError(f"Two files would both be named {item.path} in the record.")
        seen[folded] = item.path
        if (item.data is None) == (item.source is None):
            raise InvalidInputError(f"{item.path}: a record file needs either its bytes or a source file.")
        if item.data is not None:
            digest = item.sha256 or hashlib.sha256(item.data).hexdigest()
            payload.append(_Payload(f"data/{item.path}", digest.lower(), len(item.data), item.data, None))
            continue
        assert item.source is not None
        try:
            size = item.source.stat().st_size
            digest = item.sha256 or _hash_file(item.source)
        except OSError as exc:
            raise MediaError(item.path, f"cannot be read ({exc.strerror or exc})") from None
        payload.append(_Payload(f"data/{item.path}", digest.lower(), size, None, item.source))
    return payload


def _check_path(path: str) -> None:
    if (
        not path
        or "\\" in path
        or path.startswith("/")
        or any(part in ("", ".", "..") for part in path.split("/"))
        or any(ord(c) < 32 or c == "\x7f" for c in path)
        or re.match(r"^[A-Za-z]:", path)
    ):
        raise InvalidInputError(f"{path!r} cannot be a file name in a record.")


def _hash_file(source: Path) -> str:
    digest = hashlib.sha256()
    with open(source, "rb") as reader:
        while chunk := reader.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _tag_files(
    payload: list[_Payload],
    key: SigningKey,
    name: str,
    record_type: str,
    created_at: str,
    description: Iterable[tuple[str, str]],
    extra_info: Iterable[tuple[str, str]],
) -> list[tuple[str, bytes]]:
    manifest = manifest_text((p.path, p.sha256) for p in payload)
    octets = sum(p.size for p in payload)
    bag_info = bag_info_text(
        [
            *description,
            ("Bagging-Date", created_at[:10]),
            ("Bag-Software-Agent", f"{APP_NAME} {__version__}"),
            ("Payload-Oxum", f"{octets}.{len(payload)}"),
            ("Bag-Size", size_text(octets)),
            (PROFILE_LABEL, PROFILE_IDENTIFIER),
            (RECORD_TYPE_LABEL, record_type),
            *extra_info,
            (SIGNING_KEY_LABEL, key.public_key.text),
            (FINGERPRINT_LABEL, key.public_key.fingerprint),
        ]
    )
    tag_files = [("bagit.txt", BAGIT_TXT), ("bag-info.txt", bag_info), ("manifest-sha256.txt", manifest)]
    tag_manifest = manifest_text((path, hashlib.sha256(data).hexdigest()) for path, data in tag_files)
    stamp = int(datetime.fromisoformat(created_at.replace("Z", "+00:00")).timestamp())
    signature = key.sign(
        tag_manifest,
        trusted_comment=f"timestamp:{stamp}\tfile:tagmanifest-sha256.txt\tbag:{name}\tprehashed",
        untrusted_comment=f"signature from {APP_NAME} key {key.public_key.key_id_hex}",
    )
    return tag_files + [("tagmanifest-sha256.txt", tag_manifest), (SIGNATURE_FILE, signature.encode("utf-8"))]


class _Reporter:
    """Progress as a fraction of bytes, at most every _REPORT_EVERY_S; the cancel check per chunk."""

    def __init__(self, total: int, progress: Progress | None, cancelled: CancelCheck | None, stopped: str):
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled
        self.stopped = stopped
        self.sent_at = 0.0

    def advance(self, count: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(self.stopped)
        self.done += count
        now = time.monotonic()
        if self.progress is not None and now - self.sent_at >= _REPORT_EVERY_S:
            self.sent_at = now
            self.progress(min(self.done / self.total, 0.999))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(1.0)
