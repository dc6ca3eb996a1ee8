"""What goes into a submission bundle, gathered by the export service: plain values, no storage."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from portfolio_app.core.credential import Credential
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.portfolio import Evidence, Portfolio, Profile, Response, SelfAssessment, Tag

# Names the bundle makes itself, under data/: evidence may not take them.
GENERATED = ("submission.json", "index.html", "report.pdf")
THUMBNAILS = "thumbnails"


@dataclass(frozen=True)
class BundleEvidence:
    """One evidence file as it goes into the bundle, with the hash the media store already knows."""

    evidence: Evidence
    source: Path  # the file to put in the bundle (a media store blob, or a prepared copy)
    sha256: str  # its SHA-256, already known (the store's content address): never recomputed at export
    size_bytes: int
    archive_name: str  # path under data/, e.g. "evidence/01-lesson-clip.mp4" (see `archive_name`)
    thumbnail: Path | None = None  # a JPEG for the report and the viewer
    talk: dict | None = None  # talk-time figures of a recording (TalkResult.summary), when it was measured


@dataclass(frozen=True)
class SubmissionContent:
    """Everything a bundle holds, gathered from the library by the export service."""

    credential: Credential
    portfolio: Portfolio
    profile: Profile
    evidence: tuple[BundleEvidence, ...]
    tags: tuple[Tag, ...]
    responses: tuple[Response, ...]
    assessments: tuple[SelfAssessment, ...]
    draft: bool
    created_at: str  # ISO 8601 UTC
    outstanding: tuple[str, ...] = ()  # readiness items still open (listed in a draft)
    resubmission_note: str | None = None  # a later attempt's note to the reviewer

    def evidence_by_id(self) -> dict[str, BundleEvidence]:
        return {item.evidence.id: item for item in self.evidence}


def slug(text: str, max_length: int = 48) -> str:
    """Lower-case ASCII letters, digits and hyphens: safe in a zip, on every file system and in a URL."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:max_length].rstrip("-") or "item"


# What a file in the bundle is called, by kind: never after its title or original file name, which
# may name a student ("exit-ticket-maya.jpg"); titles go only in submission.json, which the names
# rule has checked.
_NEUTRAL = {
    "image": "photo",
    "video": "video",
    "audio": "audio",
    "document": "document",
    "note": "note",
    "observation": "observation",
}


def archive_name(position: int, evidence: Evidence, suffix: str) -> str:
    """A safe, unique, neutral name under data/ for the evidence at `position` (1-based) in the bundle,
    e.g. "evidence/03-photo.jpg".

    `suffix` is the file's extension (".mp4"); the position keeps names unique and in order.
    """
    clean_suffix = "." + slug(suffix.lstrip("."), 8) if suffix.strip(".") else ""
    return f"evidence/{position:02d}-{_NEUTRAL.get(str(evidence.kind), 'item')}{clean_suffix}"


def bundle_file_name(content: SubmissionContent) -> str:
    """A file name for the bundle: credential, teacher, date, and `-draft` for a draft."""
    parts = [slug(content.credential.id, 40), slug(content.profile.name, 24), content.created_at[:10]]
    return "-".join(parts) + ("-draft" if content.draft else "") + ".zip"


def check_archive_name(name: str) -> str:
    """`name` if it is a safe relative path under data/ that the bundle does not use itself."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or name.startswith("/")
        or any(part in ("", ".", "..") for part in name.split("/"))
        or any(ord(c) < 32 or c == "\x7f" for c in name)
        or re.match(r"^[A-Za-z]:", name)
    ):
        raise InvalidInputError(f"{name!r} cannot be a file name in a bundle.")
    if name in GENERATED or path.parts[0] == THUMBNAILS:
        raise InvalidInputError(f"{name!r} is a name the bundle uses for its own files.")
    return name
