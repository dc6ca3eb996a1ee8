"""`write_bundle`: a signed submission bundle, the record of type `submission` (signed_bag writes it).

```
<name>/bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
<name>/signature/tagmanifest-sha256.txt.minisig
<name>/data/submission.json  index.html  report.pdf  thumbnails/…  pages/…  evidence/…
```

Evidence hashes come from the media store (BundleEvidence.sha256): evidence is read once, to
copy it, never to hash it. The generated files are small and hashed in memory, so the manifests,
bag-info and signature are all known before any evidence is copied, and go first in the zip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.bundle.bagit_files import DRAFT_LABEL
from portfolio_app.bundle.content import SubmissionContent, check_archive_name
from portfolio_app.bundle.minisign import SigningKey
from portfolio_app.bundle.region_pictures import page_jpeg, page_name, tagged_pages
from portfolio_app.bundle.report import report_pdf
from portfolio_app.bundle.signed_bag import RecordFile, write_signed_bag
from portfolio_app.bundle.submission import submission_json, thumbnail_name
from portfolio_app.bundle.viewer import index_html
from portfolio_app.core.errors import InvalidInputError, MediaError
from portfolio_app.core.progress import CancelCheck, Progress

__all__ = ["BundleInfo", "CancelCheck", "Progress", "write_bundle"]


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
    tag_manifest_sha256: str = ""  # what a review answering this bundle names
    evidence_files: tuple[tuple[str, str, str], ...] = ()  # (sha256, evidence id, title) of each file carried


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
    files = _payload(content)
    credential = content.credential
    teacher = content.profile
    bag = write_signed_bag(
        target,
        files,
        signing_key,
        record_type="submission",
        created_at=content.created_at,
        description=[
            ("Source-Organization", teacher.name),
            ("Contact-Name", teacher.name),
            ("Contact-Email", teacher.email),
            (
                "External-Description",
                f"{'Draft ' if content.draft else ''}submission for the micro-credential "
                f'"{credential.title}" ({credential.key}) by {teacher.name}',
            ),
            ("External-Identifier", f"{content.portfolio.id}/attempt-{content.portfolio.attempt}"),
        ],
        extra_info=[(DRAFT_LABEL, "yes" if content.draft else "no")],
        progress=progress,
        cancelled=cancelled,
        what="bundle",
    )
    return BundleInfo(
        path=target,
        name=bag.name,
        size_bytes=bag.size_bytes,
        payload_files=bag.payload_files,
        payload_bytes=bag.payload_bytes,
        fingerprint=bag.fingerprint,
        public_key=bag.public_key,
        draft=content.draft,
        tag_manifest_sha256=bag.tag_manifest_sha256,
        evidence_files=tuple((item.sha256, item.evidence.id, item.evidence.title) for item in content.evidence),
    )


def _payload(content: SubmissionContent) -> list[RecordFile]:
    """Every file under data/: the generated ones in memory, the evidence by reference with the store's hash."""
    seen: set[str] = set()
    evidence: list[RecordFile] = []
    thumbnails: list[RecordFile] = []
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
        evidence.append(RecordFile(name, source=item.source, sha256=item.sha256.lower()))
        thumb = thumbnail_name(item)
        if thumb is not None:
            assert item.thumbnail is not None
            try:
                data = item.thumbnail.read_bytes()
            except OSError:
                raise MediaError(item.evidence.title, "its thumbnail is missing from the library") from None
            thumbnails.append(RecordFile(thumb, data=data))
        for page in tagged_pages(item, content.tags):  # the viewer outlines a document's regions on these
            try:
                thumbnails.append(RecordFile(page_name(item, page), data=page_jpeg(item.source, page)))
            except Exception as error:  # pdfium's errors are its own: name the item instead
                raise MediaError(item.evidence.title, f"its page {page + 1} could not be drawn ({error})") from None
    generated = [
        RecordFile("submission.json", data=submission_json(content)),
        RecordFile("index.html", data=index_html(content)),
        RecordFile("report.pdf", data=report_pdf(content)),
    ]
    return generated + thumbnails + evidence
