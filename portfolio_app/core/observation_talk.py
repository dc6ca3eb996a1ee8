"""Talk time on a recording kept with the coach's observation (not evidence): which recording, its
figures as kept, and the figures as a coach puts them into a post-conference, about the teacher."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.observation import Observation, Recording
from portfolio_app.core.scheme import CodeKind
from portfolio_app.core.talk import WAIT_LINE_S, TalkResult, clock_text
from portfolio_app.core.talk_questions import CodedObservation


@dataclass(frozen=True)
class TimedWait:
    """A wait the coach timed by hand (a wait-time state on and off), beside the silence measured there."""

    at: float  # where in the recording the coach started timing
    coach_s: float
    measured_s: float | None  # the silence in the recording that overlaps it most; None: speech all along

    @property
    def difference(self) -> float | None:
        """Measured minus timed: how much longer the recording says the wait was."""
        return None if self.measured_s is None else self.measured_s - self.coach_s


def timed_waits(
    observation: CodedObservation, offset_s: float, result: TalkResult, ended_at: float | None = None
) -> tuple[TimedWait, ...]:
    """The waits the coach timed (states of the scheme's wait-time group) that fall in the recording,
    each beside the silence between speech segments overlapping it most. A state still on when the
    observation ended at `ended_at` (closed there by stopping, never switched off) was not timed."""
    timing = {c.id for c in observation.scheme.codes if c.kind is CodeKind.STATE and c.group == "wait-time"}
    speech = sorted((s.start, s.end) for s in result.segments)
    bounds = [0.0] + [edge for span in speech for edge in span] + [result.duration]
    silences = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2) if bounds[i + 1] > bounds[i]]
    found = []
    for event in observation.events:
        left_on = ended_at is not None and event.end_s is not None and event.end_s >= ended_at - 0.001
        if event.code not in timing or event.end_s is None or left_on:
            continue
        start, end = event.start_s + offset_s, event.end_s + offset_s
        if start < 0 or end > result.duration:
            continue
        overlaps = [(min(end, b) - max(start, a), b - a) for a, b in silences if min(end, b) > max(start, a)]
        measured = max(overlaps)[1] if overlaps else None
        found.append(
            TimedWait(round(start, 3), round(end - start, 3), None if measured is None else round(measured, 3))
        )
    return tuple(sorted(found, key=lambda w: w.at))


@dataclass(frozen=True)
class ObservedRecording:
    """One recording of an observation: its number (1 = the first, as the hand-over numbers them)."""

    observation: Observation
    number: int
    recording: Recording
    path: Path
    count: int  # how many recordings the observation keeps


@dataclass(frozen=True)
class RecordingTalk:
    """A recording's figures as kept: the questions marked by hand, the result, when measured."""

    recording_id: int
    questions: tuple[float, ...]
    result: TalkResult
    created_at: str
    timed: tuple[TimedWait, ...] = ()  # the coach's own timed waits beside the measured silences


@dataclass(frozen=True)
class MeasuredRecording:
    """An analysis made and not yet stored; `note` says why no coded question was laid, if none was."""

    observed: ObservedRecording
    questions: tuple[float, ...]
    result: TalkResult
    note: str | None = None
    timed: tuple[TimedWait, ...] = ()  # the coach's own timed waits beside the measured silences


def conference_text(result: TalkResult, title: str, timed: tuple[TimedWait, ...] = ()) -> str:
    """The figures of an observation's recording as a few lines a coach can paste and edit."""
    lines = [
        f"Talk time in “{title}” ({clock_text(result.duration)} recorded): teacher {result.teacher_share:.0%}, "
        f"students {result.student_share:.0%}, silence {result.silence_share:.0%}."
    ]
    longest = result.longest_teacher_monologue
    if longest is not None:
        lines.append(f"Longest stretch of teacher talk: {longest.length:.0f} s, from {clock_text(longest.start)}.")
    waits = [w for w in result.wait_times if w.wait is not None]
    if waits:
        reached = sum(1 for w in waits if w.wait >= WAIT_LINE_S)
        lines.append(
            f"Wait after {len(waits)} question{'s' if len(waits) != 1 else ''}: "
            f"{min(w.wait for w in waits):.1f}–{max(w.wait for w in waits):.1f} s, "
            f"{reached} of {len(waits)} reached {WAIT_LINE_S:.0f} s."
        )
        lines += [f"  {clock_text(w.question_at)}  {w.wait:.1f} s" + (f" ({w.code})" if w.code else "") for w in waits]
    unmeasured = len(result.wait_times) - len(waits)
    if unmeasured:
        lines.append(f"{unmeasured} question(s) without a measured wait (no teacher talk ends there).")
    if timed:
        lines.append(f"Waits timed by the coach, beside the silence measured there ({len(timed)}):")
        lines += [
            f"  {clock_text(w.at)}  timed {w.coach_s:.1f} s, measured "
            + ("no silence" if w.measured_s is None else f"{w.measured_s:.1f} s ({w.difference:+.1f} s)")
            for w in timed
        ]
    lines.append("Measured on the coach's laptop from the recording; the split of voices is an estimate.")
    return "\n".join(lines)
