"""`write_bundle`: a signed submission bundle, one stored ZIP holding one BagIt 1.0 bag.

```
<name>/bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
<name>/signature/tagmanifest-sha256.txt.minisig
<name>/data/submission.json  index.html  report.pdf  thumbnails/…  evidence/…
```

Evidence hashes come from the media store (BundleEvidence.sha256): evidence is read once, to
copy it, never to hash it. The generated files are small and hashed in memory, so the manifests,
bag-info and signature are all known before any evidence is copied, and go first in the zip.
The archive is written to `.<name>.zip.part` beside the target, fsynced and renamed: the final
name only ever holds a complete bundle, and a failure or cancel removes the temp file.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from portfolio_app import APP_NAME, __version__
from portfolio_app.bundle.bagit_files import (
    BAGIT_TXT,
    DRAFT_LABEL,
    FINGERPRINT_LABEL,
    SIGNATURE_FILE,
    SIGNING_KEY_LABEL,
    bag_info_text,
    manifest_text,
)
from portfolio_app.bundle.content import SubmissionContent, check_archive_name, slug
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.report import report_pdf
from portfolio_app.bundle.submission import submission_json, thumbnail_name
from portfolio_app.bundle.viewer import index_html
from portfolio_app.bundle.zipwriter import SourceError, StoredZipWriter
from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError, StorageError
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.text import size_text

_REPORT_EVERY_S = 0.1


@dataclass(frozen=True)
class BundleInfo:
    """What `write_bundle` made."""

    path: Path
    name: str  # the bag's top folder inside the zip
    size_bytes: int
    payload_files: int
    payload_bytes: int
    fingerprint: str
    public_key: str  # minisign base64
    draft: bool


@dataclass(frozen=True)
class _Payload:
    path: str  # from the bag's top folder: data/…
    sha256: str
    size: int
    data: bytes | None = None  # generated in memory
    source: Path | None = None  # streamed from disk


def write_bundle(
    content: SubmissionContent,
    target: Path,
    signing_key: SigningKey,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BundleInfo:
    """Write `content` as a signed bundle at `target` (a .zip), atomically.

    Raises:
        InvalidInputError: content that cannot make a bundle (unsafe or duplicate names, broken links).
        MediaError: an evidence file is missing or not the size the library recorded.
        StorageError: the target folder cannot be written (full, no permission).
        Cancelled: `cancelled()` returned True; nothing is left at `target` or beside it.
    """
    name = target.stem if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}", target.stem) else slug(target.stem, 120)
    payload = _payload(content)
    tag_files = _tag_files(content, payload, signing_key, name)
    total = sum(p.size for p in payload) + sum(len(d) for _, d in tag_files)
    reporter = _Reporter(total, progress, cancelled)
    temp = target.with_name(f".{target.name}.part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as exc:
        raise StorageError(_disk_message(exc, target)) from exc
    try:
        try:
            writer = StoredZipWriter(fd, content.created_at)
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
                        raise MediaError(item.path.removeprefix("data/"), f"{exc}; no bundle was written") from exc
            size = writer.finish()
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StorageError(_disk_message(exc, target)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    reporter.finish()
    return BundleInfo(
        path=target,
        name=name,
        size_bytes=size,
        payload_files=len(payload),
        payload_bytes=sum(p.size for p in payload),
        fingerprint=signing_key.public_key.fingerprint,
        public_key=signing_key.public_key.text,
        draft=content.draft,
    )


def _payload(content: SubmissionContent) -> list[_Payload]:
    """Every file under data/: the generated ones in memory, the evidence by reference."""
    seen: set[str] = set()
    evidence: list[_Payload] = []
    thumbnails: list[_Payload] = []
    for item in content.evidence:
        name = check_archive_name(item.archive_name)
        if name in seen:
            raise InvalidInputError(f"Two evidence files would both be named {name} in the bundle.")
        seen.add(name)
        try:
            actual = item.source.stat().st_size
        except OSError:
            raise MediaError(item.evidence.title, "its file is missing from the library") from None
        if actual != item.size_bytes:
            raise MediaError(item.evidence.title, "its file in the library is not the size recorded for it")
        evidence.append(_Payload(f"data/{name}", item.sha256.lower(), item.size_bytes, source=item.source))
        thumb = thumbnail_name(item)
        if thumb is not None:
            assert item.thumbnail is not None
            try:
                data = item.thumbnail.read_bytes()
            except OSError:
                raise MediaError(item.evidence.title, "its thumbnail is missing from the library") from None
            thumbnails.append(_Payload(f"data/{thumb}", hashlib.sha256(data).hexdigest(), len(data), data=data))
    generated = [
        ("data/submission.json", submission_json(content)),
        ("data/index.html", index_html(content)),
        ("data/report.pdf", report_pdf(content)),
    ]
    made = [_Payload(path, hashlib.sha256(data).hexdigest(), len(data), data=data) for path, data in generated]
    return made + thumbnails + evidence


def _tag_files(
    content: SubmissionContent, payload: list[_Payload], key: SigningKey, name: str
) -> list[tuple[str, bytes]]:
    manifest = manifest_text((p.path, p.sha256) for p in payload)
    credential = content.credential
    teacher = content.profile
    octets = sum(p.size for p in payload)
    bag_info = bag_info_text(
        [
            ("Source-Organization", teacher.name),
            ("Contact-Name", teacher.name),
            ("Contact-Email", teacher.email),
            (
                "External-Description",
                f"{'Draft ' if content.draft else ''}submission for the micro-credential "
                f'"{credential.title}" ({credential.key}) by {teacher.name}',
            ),
            ("External-Identifier", f"{content.portfolio.id}/attempt-{content.portfolio.attempt}"),
            ("Bagging-Date", content.created_at[:10]),
            ("Bag-Software-Agent", f"{APP_NAME} {__version__}"),
            ("Payload-Oxum", f"{octets}.{len(payload)}"),
            ("Bag-Size", size_text(octets)),
            (DRAFT_LABEL, "yes" if content.draft else "no"),
            (SIGNING_KEY_LABEL, key.public_key.text),
            (FINGERPRINT_LABEL, key.public_key.fingerprint),
        ]
    )
    tag_files = [("bagit.txt", BAGIT_TXT), ("bag-info.txt", bag_info), ("manifest-sha256.txt", manifest)]
    tag_manifest = manifest_text((path, hashlib.sha256(data).hexdigest()) for path, data in tag_files)
    stamp = int(datetime.fromisoformat(content.created_at.replace("Z", "+00:00")).timestamp())
    signature = key.sign(
        tag_manifest,
        trusted_comment=f"timestamp:{stamp}\tfile:tagmanifest-sha256.txt\tbag:{name}\tprehashed",
        untrusted_comment=f"signature from {APP_NAME} key {key.public_key.key_id_hex}",
    )
    return tag_files + [("tagmanifest-sha256.txt", tag_manifest), (SIGNATURE_FILE, signature.encode("utf-8"))]


class _Reporter:
    """Progress as a fraction of bytes, at most every _REPORT_EVERY_S; the cancel check per chunk."""

    def __init__(self, total: int, progress: Progress | None, cancelled: CancelCheck | None):
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled
        self.sent_at = 0.0

    def advance(self, count: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("The export was stopped; no bundle was written.")
        self.done += count
        now = time.monotonic()
        if self.progress is not None and now - self.sent_at >= _REPORT_EVERY_S:
            self.sent_at = now
            self.progress(min(self.done / self.total, 0.999))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(1.0)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _disk_message(exc: OSError, target: Path) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"The disk holding {target.parent} is full: free some space or choose another folder."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The app may not write to {target.parent}: choose another folder."
    if exc.errno == errno.ENOENT:
        return f"The folder {target.parent} does not exist."
    return f"The bundle could not be written to {target.parent}: {exc.strerror or exc}"
