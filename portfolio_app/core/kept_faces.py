"""A face kept unblurred belongs to someone: the teacher, another adult, or a student of the class.

A blurred copy hides a student only when every face track is blurred or said to be someone
else's: a kept face nobody is named for could be anyone's, and a kept face of a student who lacks
the consent the evidence needs shows that student, blurred copy or not.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from portfolio_app.core.checklist_items import Place, ReadinessItem, Rule
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.roster import Student, consent_needed


class FaceOwner(enum.StrEnum):
    TEACHER = "teacher"
    ADULT = "adult"  # another adult: a co-teacher, an aide, a visitor (with a note saying who)
    STUDENT = "student"
    UNKNOWN = "unknown"  # kept without saying whose


@dataclass(frozen=True)
class FaceOwnership:
    """Whose a kept face is, as the teacher says it in the face review."""

    owner: FaceOwner
    student_id: str | None = None  # for a student
    note: str = ""  # for another adult: who they are

    def to_json(self) -> dict:
        return {"owner": str(self.owner), "student_id": self.student_id, "note": self.note}

    @staticmethod
    def from_json(data: dict) -> FaceOwnership:
        return FaceOwnership(FaceOwner(data["owner"]), data.get("student_id"), data.get("note", ""))


@dataclass(frozen=True)
class KeptFace:
    """A face track a blurred copy leaves unblurred, with its owner (the student, read from the roster)."""

    track: int
    owner: FaceOwner
    student: Student | None = None
    note: str = ""


def kept_face_items(shown: Evidence, copy_title: str, kept: Iterable[KeptFace]) -> list[ReadinessItem]:
    """Items for the submitted `shown` (a blurred copy, or made from one titled `copy_title`): kept faces
    nobody is named for, and kept students without the consent this kind of evidence needs."""
    items = []
    needed = consent_needed(shown.kind)
    name = f"“{shown.title}”"
    for face in sorted(kept, key=lambda f: f.track):
        if face.owner == FaceOwner.UNKNOWN or (face.owner == FaceOwner.STUDENT and face.student is None):
            items.append(
                ReadinessItem(
                    Rule.PRIVACY,
                    Place.EVIDENCE,
                    shown.id,
                    f"{name} keeps face {face.track} unblurred without saying whose it is.",
                    f"In Blur Faces… on the original of “{copy_title}”, say whose face it is (yours, another "
                    "adult's, or a student's with consent), or blur it.",
                )
            )
        elif face.owner == FaceOwner.STUDENT and face.student and needed and not face.student.consents_to(needed):
            items.append(
                ReadinessItem(
                    Rule.PRIVACY,
                    Place.EVIDENCE,
                    shown.id,
                    f"{name} keeps {face.student.name}'s face unblurred (face {face.track}), and "
                    f"{face.student.name} has no {needed} consent.",
                    "Blur that face too (Blur Faces… on the original), or leave this item out.",
                )
            )
    return items
