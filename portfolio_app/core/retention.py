"""How long media that shows students stays on the laptop: the library's retention rule.

Districts set how long classroom video may be kept. The clock starts when the credential is earned
(the default: a denied attempt may need its media again) or when the bundle was exported. Media
that shows students is due `days` after it; the window reminds the teacher a week before.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

REMINDER_DAYS = 7


class RetentionClock(enum.StrEnum):
    EARNED = "earned"
    EXPORTED = "exported"


@dataclass(frozen=True)
class RetentionPolicy:
    """`days` None keeps everything (the default)."""

    days: int | None = None
    after: RetentionClock = RetentionClock.EARNED

    @property
    def keeps_everything(self) -> bool:
        return self.days is None

    def describe(self) -> str:
        if self.days is None:
            return "Media is kept until you delete it."
        what = "the credential is earned" if self.after == RetentionClock.EARNED else "the bundle is exported"
        return f"Media that shows students is removed {self.days} days after {what}."


@dataclass(frozen=True)
class RetentionItem:
    """One stored file that shows students, and when the rule removes it."""

    evidence_id: str
    portfolio_id: str
    portfolio_title: str
    title: str
    kind: str
    blob: str
    size_bytes: int | None
    due_at: str  # ISO 8601 UTC


@dataclass(frozen=True)
class RemovedMedia:
    """What retention removed: the row left in the file's place."""

    evidence_id: str
    blob: str
    what: str
    size_bytes: int | None
    removed_at: str
    reason: str


def due_at(started_at: str, days: int) -> str:
    """The moment `days` after `started_at` (both ISO 8601)."""
    return (datetime.fromisoformat(started_at) + timedelta(days=days)).isoformat(timespec="milliseconds")


def is_due(item: RetentionItem, now: str) -> bool:
    return datetime.fromisoformat(item.due_at) <= datetime.fromisoformat(now)


def is_soon(item: RetentionItem, now: str) -> bool:
    """Due within the reminder week (and not yet due)."""
    due = datetime.fromisoformat(item.due_at)
    moment = datetime.fromisoformat(now)
    return moment < due <= moment + timedelta(days=REMINDER_DAYS)
