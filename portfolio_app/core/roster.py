"""The consent roster: classes, their students (first name or pseudonym) and what each consented to.

A student appears in evidence through a link (see `Appearance`); readiness compares the consent
an evidence kind needs with what each student who appears gave.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.ids import ClassId, EvidenceId, StudentId

MAX_NAME = 80  # a first name or pseudonym, not a paragraph


class Consent(enum.StrEnum):
    """What a family agreed to: being filmed, photographed, or recorded."""

    VIDEO = "video"
    PHOTO = "photo"
    AUDIO = "audio"


# The consent each kind of evidence needs from the students who appear in it. A scanned worksheet
# or a document with a photo shows a student like a photo does; notes and observations show nobody.
_NEEDED = {
    EvidenceKind.VIDEO: Consent.VIDEO,
    EvidenceKind.AUDIO: Consent.AUDIO,
    EvidenceKind.IMAGE: Consent.PHOTO,
    EvidenceKind.DOCUMENT: Consent.PHOTO,
}
# Kinds that show or record people: whether students appear must be said for these.
RECORDING_KINDS = frozenset({EvidenceKind.VIDEO, EvidenceKind.AUDIO, EvidenceKind.IMAGE})
# Derivations that hide who appears: the blur and redaction work names its copies this way.
HIDING_DERIVATIONS = ("blur", "redact")


@dataclass(frozen=True)
class ClassGroup:
    """A class a teacher teaches: the group a roster belongs to and a portfolio's lessons were taught to."""

    id: ClassId
    name: str
    created_at: str


@dataclass(frozen=True)
class ClassSummary:
    group: ClassGroup
    student_count: int


@dataclass(frozen=True)
class Student:
    id: StudentId
    class_id: ClassId
    name: str  # first name or pseudonym
    video: bool = False
    photo: bool = False
    audio: bool = False
    note: str = ""
    created_at: str = ""

    def consents_to(self, consent: Consent) -> bool:
        return {Consent.VIDEO: self.video, Consent.PHOTO: self.photo, Consent.AUDIO: self.audio}[consent]

    def with_consent(self, consent: Consent, given: bool) -> Student:
        return replace(self, **{str(consent): given})


@dataclass(frozen=True)
class Roster:
    group: ClassGroup
    students: tuple[Student, ...]  # by name


@dataclass(frozen=True)
class Appearance:
    """Who appears in one evidence item: not stated (None), nobody (False), or these students."""

    evidence_id: EvidenceId
    students_appear: bool | None
    students: tuple[Student, ...] = ()


def consent_needed(kind: EvidenceKind) -> Consent | None:
    """The consent a student who appears in evidence of this kind must have given (None: none)."""
    return _NEEDED.get(kind)


def hides_students(derivation: str | None) -> bool:
    """Whether evidence made this way (a blurred or redacted copy) no longer shows who it shows."""
    return bool(derivation) and derivation.lower().startswith(HIDING_DERIVATIONS)


def without_consent(kind: EvidenceKind, students: Iterable[Student]) -> tuple[Student, ...]:
    """The students who lack the consent that `kind` needs, in the order given."""
    needed = consent_needed(kind)
    return () if needed is None else tuple(s for s in students if not s.consents_to(needed))


def clean_name(name: str) -> str:
    """A student's or class's name with its spaces tidied; empty when there is none."""
    return " ".join(name.split())
