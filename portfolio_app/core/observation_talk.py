"""Talk time on a recording kept with the coach's observation (not evidence): which recording, its
figures as kept, and the figures as a coach puts them into a post-conference, about the teacher."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portfolio_app.core.observation import Observation, Recording
from portfolio_app.core.talk import WAIT_LINE_S, TalkResult, clock_text


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


@dataclass(frozen=True)
class MeasuredRecording:
    """An analysis made and not yet stored; `note` says why no coded question was laid, if none was."""

    observed: ObservedRecording
    questions: tuple[float, ...]
    result: TalkResult
    note: str | None = None


def conference_text(result: TalkResult, title: str) -> str:
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
    lines.append("Measured on the coach's laptop from the recording; the split of voices is an estimate.")
    return "\n".join(lines)
