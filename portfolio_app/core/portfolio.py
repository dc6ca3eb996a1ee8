"""A teacher's attempt at one credential, and what it is made of.

Observations (coach records) and reviews (reviewer scores and feedback) are later parts; they
attach to these objects by id: an observation becomes evidence of kind `observation`, and a
review scores a portfolio criterion by criterion. The consent roster (core.roster) is linked
from evidence through the students who appear in it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.ids import (
    BlobHash,
    ClassId,
    CredentialId,
    CriterionId,
    EvidenceId,
    LevelId,
    MarkerId,
    PortfolioId,
    PromptId,
    RequirementId,
    TagId,
)


class PortfolioStatus(enum.StrEnum):
    DRAFT = "draft"
    EXPORTED = "exported"
    SUBMITTED = "submitted"
    PASSED = "passed"
    DENIED = "denied"


@dataclass(frozen=True)
class Profile:
    """The person using this library; signs and names submissions."""

    name: str
    email: str


@dataclass(frozen=True)
class Portfolio:
    """One attempt at one credential version; a resubmission links to the attempt it follows."""

    id: PortfolioId
    credential_id: CredentialId
    credential_version: str
    title: str
    status: PortfolioStatus
    created_at: str
    updated_at: str
    resubmits: PortfolioId | None = None
    attempt: int = 1
    deleted_at: str | None = None  # set while the portfolio is in the trash
    class_id: ClassId | None = None  # the class its lessons were taught to (the consent roster)
    exported_at: str | None = None  # the last export; a draft with one has changed since


@dataclass(frozen=True)
class PortfolioSummary:
    """A portfolio with the counts a list shows, read in one query."""

    portfolio: Portfolio
    credential_title: str
    evidence_count: int
    tag_count: int


@dataclass(frozen=True)
class Evidence:
    """A file or note offered as evidence. Edits make new evidence that names its source."""

    id: EvidenceId
    portfolio_id: PortfolioId
    kind: EvidenceKind
    title: str
    created_at: str
    blob: BlobHash | None = None  # None for notes, whose text is in `note`
    original_name: str | None = None
    media_type: str | None = None
    size_bytes: int | None = None
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    note: str = ""
    requirement_id: RequirementId | None = None
    derived_from: EvidenceId | None = None
    derivation: str | None = None  # e.g. "trim 12.0-95.5", "compress 720p", "blur"
    students_appear: bool | None = None  # None: not yet stated
    thumbnail: BlobHash | None = None  # a JPEG in the media store: poster frame, photo or first page
    codecs: str | None = None  # e.g. "h264/aac"


@dataclass(frozen=True)
class Marker:
    """A moment flagged while recording (or later), ready to become a tag."""

    id: MarkerId
    evidence_id: EvidenceId
    at_s: float
    label: str
    created_at: str


# Evidence that runs in time, a moment of which a tag may mark: recordings, and a coach's observation
# (its length is the observation's; see services/tags.py).
TAGGED_IN_TIME = frozenset({EvidenceKind.VIDEO, EvidenceKind.AUDIO, EvidenceKind.OBSERVATION})


@dataclass(frozen=True)
class TimeRange:
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Region:
    """A rectangle in fractions (0-1) of an image or of one page of a document."""

    x: float
    y: float
    w: float
    h: float
    page: int = 0


MARKER_LEAD_S = 10.0  # a marker is pressed after the moment it marks starts …
MARKER_TAIL_S = 20.0  # … and the moment runs on for a while: a marker becomes this span of tag


@dataclass(frozen=True)
class Tag:
    """Points a reviewer at the moment or region of evidence that shows a criterion."""

    id: TagId
    evidence_id: EvidenceId
    criterion_id: CriterionId
    created_at: str
    span: TimeRange | None = None
    region: Region | None = None
    note: str = ""


@dataclass(frozen=True)
class Response:
    portfolio_id: PortfolioId
    prompt_id: PromptId
    text: str
    updated_at: str


@dataclass(frozen=True)
class SelfAssessment:
    portfolio_id: PortfolioId
    criterion_id: CriterionId
    level_id: LevelId
    justification: str
    updated_at: str
    tag_ids: tuple[TagId, ...] = ()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_profile(name: str, email: str) -> Profile:
    """The profile these entries make; InvalidInputError for an empty name or a malformed email."""
    name, email = name.strip(), email.strip()
    if not name:
        raise InvalidInputError("Please enter your name; it appears on your submissions.")
    if not _EMAIL.match(email):
        raise InvalidInputError(f"'{email}' does not look like an email address (name@school.org).")
    return Profile(name=name, email=email)
