"""An observation: who observed whom with which scheme, and its rows (events, notes, ratings)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portfolio_app.core.ids import ClassId, PortfolioId, StudentId
from portfolio_app.core.scheme import Code, CodeKind, Scheme

ObservationId = str


class Mode(enum.StrEnum):
    CONTINUOUS = "continuous"  # a key logs a point or toggles a state at that moment
    INTERVAL = "interval"  # a key ticks the code for the current interval


class Clock(enum.StrEnum):
    TIMER = "timer"
    RECORDING = "recording"  # the position of a recording: made alongside, or coded afterwards in the player
    EVIDENCE = "evidence"  # the position of an existing video, with an offset


@dataclass(frozen=True)
class Observation:
    id: ObservationId
    title: str
    scheme: Scheme  # a copy, so later edits of the scheme do not change the observation
    mode: Mode
    observer: str = ""
    teacher: str = ""
    lesson: str = ""
    class_id: ClassId | None = None
    portfolio_id: PortfolioId | None = None
    credential: tuple[str, str] | None = None  # (id, version) whose rubric the coach may rate
    clock: Clock = Clock.TIMER
    clock_evidence: str | None = None
    clock_offset_s: float = 0.0
    duration_s: float | None = None
    created_at: str = ""


@dataclass(frozen=True)
class Event:
    """A coded event: a point (end None), a state (end None while it is on), or an interval tick."""

    id: int
    code_id: str
    start_s: float
    end_s: float | None = None
    interval_index: int | None = None
    student_id: StudentId | None = None

    @property
    def is_open(self) -> bool:
        return self.end_s is None and self.interval_index is None


@dataclass(frozen=True)
class Note:
    id: int
    at_s: float
    text: str


@dataclass(frozen=True)
class Rating:
    criterion_id: str
    level_id: str
    note: str = ""


@dataclass(frozen=True)
class Recording:
    """A recording the app made while observing: the events' clock from `starts_at_s` on."""

    id: int
    name: str
    blob: str  # its SHA-256 in the media store
    media_type: str
    size_bytes: int
    starts_at_s: float = 0.0  # the observation's moment at the recording's first frame
    duration_s: float | None = None

    def covers(self, at_s: float) -> bool:
        """Whether the moment `at_s` of the observation is in this recording."""
        return at_s >= self.starts_at_s and (self.duration_s is None or at_s <= self.starts_at_s + self.duration_s)


@dataclass(frozen=True)
class ObservationRecord:
    """An observation with all its rows, in time order."""

    observation: Observation
    events: tuple[Event, ...]
    notes: tuple[Note, ...]
    ratings: tuple[Rating, ...]
    students: dict[StudentId, str]  # roster id -> pseudonym written by exports
    recordings: tuple[Recording, ...] = ()  # made while observing; evidence of their own, not rows of the record

    @property
    def scheme(self) -> Scheme:
        return self.observation.scheme

    def length_s(self) -> float:
        """How long the observation ran: its recorded duration, or the latest row."""
        ends = [e.end_s if e.end_s is not None else e.start_s for e in self.events] + [n.at_s for n in self.notes]
        return max([self.observation.duration_s or 0.0, *ends])

    def recording_at(self, at_s: float) -> tuple[Recording, float] | None:
        """The recording that holds the moment `at_s`, and how far into it that moment is."""
        for recording in reversed(self.recordings):
            if recording.covers(at_s):
                return recording, at_s - recording.starts_at_s
        return None

    def closed_events(self) -> tuple[Event, ...]:
        """Events with an end: states still on are closed at the observation's length."""
        length = self.length_s()
        return tuple(e if e.end_s is not None else _close(e, self.scheme.code(e.code_id), length) for e in self.events)


def _close(event: Event, code: Code, at: float) -> Event:
    if code.kind is CodeKind.POINT:
        return event
    return Event(event.id, event.code_id, event.start_s, max(at, event.start_s), event.interval_index, event.student_id)


def pseudonyms(student_ids_in_roster_order: list[StudentId]) -> dict[StudentId, str]:
    """Exports name students S1, S2, … in roster order, never by name."""
    return {sid: f"S{n}" for n, sid in enumerate(student_ids_in_roster_order, start=1)}


def clock_text(seconds: float) -> str:
    """m:ss.s for a moment in an observation."""
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"{int(minutes)}:{rest:04.1f}"
