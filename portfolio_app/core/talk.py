"""Talk time and wait time of a lesson recording: the values, and the rules that turn segments into figures.

The media layer finds who speaks when (media/talk.py); everything a teacher reads from that —
shares, the longest teacher monologue, the wait after each marked question, the sentence for a
reflection — is computed here from the segments alone, so the CLI, the window and the bundle
agree to the hundredth of a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from portfolio_app.core.errors import InvalidInputError

# A question marker is pressed within the teacher's question or just after it; pressed later than
# this after the teacher stopped, it no longer points at a teacher turn.
MARKER_LATE_S = 1.5
MIN_PAUSE_S = 0.4  # a shorter pause is part of the talk around it, not a wait
WAIT_LINE_S = 3.0  # the research line (Rowe 1974): waits of 3 s or more change students' answers

# What the method cannot do, in the words the app shows its users (and stores with every result).
LIMITS = (
    "When two people speak at once (crosstalk), the time counts once, for the louder voice.",
    "The split assumes the teacher is nearest the microphone (a lapel microphone, or a camera where the "
    "teacher stands). A teacher far from the microphone, or a student right next to it, is counted wrongly.",
    "A video played in class, or loud group work, counts as talk.",
    f"Pauses shorter than {MIN_PAUSE_S:.1f} s count as part of the talk around them.",
    "Each segment has a confidence; segments under 0.7 are the method's guesses.",
    "A coach's coded questions count where the coach's clock puts them: when that clock and the recording "
    "did not start together, the offset between them must be right, or the waits belong to other moments.",
)


class Speaker(StrEnum):
    TEACHER = "teacher"
    STUDENT = "student"


@dataclass(frozen=True)
class TalkSegment:
    """A stretch of speech, who the method thinks spoke it, and how sure it is (0.5-1)."""

    start: float
    end: float
    speaker: Speaker
    confidence: float

    @property
    def length(self) -> float:
        return self.end - self.start


class QuestionSource(StrEnum):
    TEACHER = "teacher"  # the Q key, --question-at, or a marker pressed while recording
    COACH = "coach"  # an event of a question code in the coach's observation
    BOTH = "both"  # the teacher marked it and the coach coded it: one question, one wait


@dataclass(frozen=True)
class Question:
    """A moment in the recording where a question was asked, and who said so."""

    at: float
    source: QuestionSource = QuestionSource.TEACHER
    code: str | None = None  # the coach's code ("Q-open")


@dataclass(frozen=True)
class WaitTime:
    """The silence after a marked question: from the end of the teacher's turn to the next speech.

    `wait` is None when no teacher turn ends at the marker (`question_end` None too) or nobody
    speaks again before the recording ends.
    """

    question_at: float
    wait: float | None
    question_end: float | None
    source: QuestionSource = QuestionSource.TEACHER
    code: str | None = None


@dataclass(frozen=True)
class CoachQuestions:
    """How a coach's observation was laid on the recording, and how well it fits.

    `offset_s` is where in the recording the observation's clock read 0:00 (negative when the
    recording started later): a coded moment t is t + offset_s in the recording.
    """

    observation: str  # an evidence id (a signed observation) or the id of this library's observation
    title: str
    offset_s: float
    codes: tuple[str, ...]  # the codes taken as questions
    coded: int  # events of those codes
    outside: tuple[float, ...] = ()  # their moments (observation seconds) outside the recording
    without_moment: int = 0  # interval ticks: "sometime in these two minutes" is no moment
    at_turn_end: int = 0  # placed questions at the end of a teacher's talk (see core/talk_questions.py)
    better_offset_s: float | None = None  # an offset where clearly more of them are
    better_at_turn_end: int = 0

    @property
    def placed(self) -> int:
        return self.coded - len(self.outside) - self.without_moment

    def as_json(self) -> dict[str, Any]:
        return {
            "observation": self.observation,
            "title": self.title,
            "offset_s": round(self.offset_s, 3),
            "codes": list(self.codes),
            "coded": self.coded,
            "placed": self.placed,
            "outside": [round(t, 3) for t in self.outside],
            "without_moment": self.without_moment,
            "at_turn_end": self.at_turn_end,
            "better_offset_s": None if self.better_offset_s is None else round(self.better_offset_s, 1),
            "better_at_turn_end": self.better_at_turn_end,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CoachQuestions:
        return cls(
            d["observation"],
            d["title"],
            d["offset_s"],
            tuple(d["codes"]),
            d["coded"],
            tuple(d["outside"]),
            d["without_moment"],
            d["at_turn_end"],
            d["better_offset_s"],
            d["better_at_turn_end"],
        )


@dataclass(frozen=True)
class TalkResult:
    """The whole analysis of one recording, as stored, printed and exported."""

    duration: float
    segments: tuple[TalkSegment, ...]
    wait_times: tuple[WaitTime, ...]
    teacher_sample: tuple[float, float]
    method: str
    limits: tuple[str, ...]
    hangover_s: float  # how much was taken off every speech end: the detector's measured hangover
    coach: CoachQuestions | None = None  # where the coach's coded questions came from, when they were used

    def seconds(self, speaker: Speaker) -> float:
        return sum(s.length for s in self.segments if s.speaker == speaker)

    @property
    def teacher_share(self) -> float:
        return self.seconds(Speaker.TEACHER) / self.duration if self.duration else 0.0

    @property
    def student_share(self) -> float:
        return self.seconds(Speaker.STUDENT) / self.duration if self.duration else 0.0

    @property
    def silence_share(self) -> float:
        return max(0.0, 1.0 - self.teacher_share - self.student_share)

    @property
    def longest_teacher_monologue(self) -> TalkSegment | None:
        """The longest teacher turn: consecutive teacher segments with no student speech between them."""
        turns = teacher_turns(self.segments)
        return max(turns, key=lambda s: s.length, default=None)

    def as_json(self) -> dict[str, Any]:
        """The result as the CLI prints it and the library stores it (see the README's `portfolio talk`)."""
        longest = self.longest_teacher_monologue
        return {
            "duration": round(self.duration, 3),
            "segments": [
                {
                    "start": round(s.start, 3),
                    "end": round(s.end, 3),
                    "speaker": str(s.speaker),
                    "confidence": round(s.confidence, 3),
                }
                for s in self.segments
            ],
            "teacher_share": round(self.teacher_share, 4),
            "student_share": round(self.student_share, 4),
            "silence_share": round(self.silence_share, 4),
            "longest_teacher_monologue": (
                {"start": round(longest.start, 3), "end": round(longest.end, 3), "seconds": round(longest.length, 3)}
                if longest
                else None
            ),
            "wait_times": [
                {
                    "question_at": round(w.question_at, 3),
                    "wait": None if w.wait is None else round(w.wait, 3),
                    "question_end": None if w.question_end is None else round(w.question_end, 3),
                    "source": str(w.source),
                    "code": w.code,
                }
                for w in self.wait_times
            ],
            "teacher_sample": {"start": self.teacher_sample[0], "end": self.teacher_sample[1]},
            "method": self.method,
            "limits": list(self.limits),
            "hangover_s": self.hangover_s,
            "coach_observation": self.coach.as_json() if self.coach else None,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> TalkResult:
        segments = tuple(
            TalkSegment(s["start"], s["end"], Speaker(s["speaker"]), s["confidence"]) for s in document["segments"]
        )
        waits = tuple(
            WaitTime(
                w["question_at"],
                w["wait"],
                w["question_end"],
                QuestionSource(w.get("source", "teacher")),  # analyses kept before coaches' questions counted
                w.get("code"),
            )
            for w in document["wait_times"]
        )
        coach = document.get("coach_observation")
        sample = document["teacher_sample"]
        return cls(
            document["duration"],
            segments,
            waits,
            (sample["start"], sample["end"]),
            document["method"],
            tuple(document["limits"]),
            document["hangover_s"],
            CoachQuestions.from_json(coach) if coach else None,
        )

    def summary(self) -> dict[str, Any]:
        """The few figures that travel in a submission bundle (no segments)."""
        longest = self.longest_teacher_monologue
        waits = [w.wait for w in self.wait_times if w.wait is not None]
        return {
            "teacher_share": round(self.teacher_share, 3),
            "student_share": round(self.student_share, 3),
            "silence_share": round(self.silence_share, 3),
            "longest_teacher_monologue_s": round(longest.length, 1) if longest else 0.0,
            "wait_times_s": [round(w, 1) for w in waits],
            "questions": len(self.wait_times),
            "questions_coded_by_coach": sum(1 for w in self.wait_times if w.source != QuestionSource.TEACHER),
            "method": self.method,
        }


def figures_text(summary: Mapping[str, Any]) -> str:
    """A summary's figures in words ("teacher 62%, students 28%, …"), as bundles and signed observations carry them."""
    waits = ", ".join(f"{w:.1f} s" for w in summary["wait_times_s"]) or "no questions marked"
    return (
        f"teacher {summary['teacher_share']:.0%}, students {summary['student_share']:.0%}, "
        f"silence {summary['silence_share']:.0%}; longest teacher talk {summary['longest_teacher_monologue_s']:.0f} s; "
        f"waits after questions: {waits}"
    )


@dataclass(frozen=True)
class StoredTalk:
    """An analysis as the library keeps it: for which evidence, of which file, with which questions."""

    evidence_id: str
    blob: str  # the file that was analysed
    questions: tuple[float, ...]
    result: TalkResult
    created_at: str


def teacher_turns(segments: tuple[TalkSegment, ...] | list[TalkSegment]) -> list[TalkSegment]:
    """Consecutive teacher segments joined: a pause without a student speaking does not end a turn."""
    turns: list[TalkSegment] = []
    previous: TalkSegment | None = None
    for segment in segments:
        if segment.speaker == Speaker.TEACHER:
            if previous is not None and previous.speaker == Speaker.TEACHER and turns:
                last = turns[-1]
                turns[-1] = TalkSegment(
                    last.start, segment.end, Speaker.TEACHER, min(last.confidence, segment.confidence)
                )
            else:
                turns.append(segment)
        previous = segment
    return turns


def wait_times(
    segments: tuple[TalkSegment, ...], questions: tuple[float | Question, ...] | list[float | Question]
) -> tuple[WaitTime, ...]:
    """The wait after each marked question (see WaitTime). `segments` in time order; a bare number
    is a question the teacher marked.

    A coach's question that ends the same teacher turn as another question is that question (the
    teacher pressed Q and the coach coded it; or the coach coded it twice): one wait, not two.
    """
    waits: list[WaitTime] = []
    asked = [q if isinstance(q, Question) else Question(q) for q in questions]
    for question in sorted(asked, key=lambda q: q.at):
        wait = _wait(segments, question)
        same = next((i for i, w in enumerate(waits) if _same_question(w, wait)), None)
        if same is None:
            waits.append(wait)
            continue
        earlier = waits[same]
        both = earlier.source == wait.source == QuestionSource.COACH
        # The teacher's own mark is on the recording's time line: its moment is the one shown.
        at = wait.question_at if wait.source == QuestionSource.TEACHER else earlier.question_at
        waits[same] = replace(
            earlier,
            question_at=at,
            source=QuestionSource.COACH if both else QuestionSource.BOTH,
            code=earlier.code or wait.code,
        )
    return tuple(waits)


def _same_question(earlier: WaitTime, later: WaitTime) -> bool:
    """Two marks of one question: the same teacher turn ends at both, and a coach coded at least one
    (two presses of the teacher's own stay two, as the teacher made them)."""
    coached = not earlier.source == later.source == QuestionSource.TEACHER
    return coached and later.question_end is not None and later.question_end == earlier.question_end


def _wait(segments: tuple[TalkSegment, ...], question: Question) -> WaitTime:
    at = question.at
    asked = [s for s in segments if s.speaker == Speaker.TEACHER and s.start <= at <= s.end + MARKER_LATE_S]
    if not asked:
        return WaitTime(at, None, None, question.source, question.code)
    end = asked[-1].end
    following = [s.start for s in segments if s.start >= end and s is not asked[-1]]
    return WaitTime(at, (following[0] - end) if following else None, end, question.source, question.code)


def parse_span(text: str, what: str = "The teacher sample") -> tuple[float, float]:
    """'12-20', '0:12-0:20' or '1:02.5-1:10' -> (start, end) in seconds; InvalidInputError if not."""
    parts = text.replace(" ", "").split("-")
    if len(parts) != 2:
        raise InvalidInputError(f"{what} must be START-END in seconds or minutes:seconds, such as 12-20 or 0:12-0:20.")
    start, end = (parse_clock(p, what) for p in parts)
    if end <= start:
        raise InvalidInputError(f"{what} must end after it starts ({text}).")
    return start, end


def parse_clock(text: str, what: str = "A time") -> float:
    """'75', '75.5', '1:15' or '1:15.5' -> seconds."""
    try:
        pieces = [float(p) for p in text.split(":")]
    except ValueError:
        raise InvalidInputError(f"{what}: {text!r} is not a time in seconds or minutes:seconds.") from None
    if not pieces or len(pieces) > 3 or any(p < 0 for p in pieces):
        raise InvalidInputError(f"{what}: {text!r} is not a time in seconds or minutes:seconds.")
    seconds = 0.0
    for piece in pieces:
        seconds = seconds * 60 + piece
    return seconds


def reflection_text(result: TalkResult, title: str) -> str:
    """The figures as a paragraph a teacher can put into a Part 3 answer and edit."""
    longest = result.longest_teacher_monologue
    waits = [w.wait for w in result.wait_times if w.wait is not None]
    text = (
        f"In “{title}” ({_minutes(result.duration)}), I talked for {result.teacher_share:.0%} of the lesson, "
        f"students talked for {result.student_share:.0%}, and {result.silence_share:.0%} was silence."
    )
    if longest is not None:
        text += f" My longest stretch of talk ran {_minutes(longest.length)}."
    if waits:
        long_enough = sum(1 for w in waits if w >= WAIT_LINE_S)
        coached = sum(1 for w in result.wait_times if w.wait is not None and w.source != QuestionSource.TEACHER)
        questions = "question" if len(waits) == 1 else "questions"
        asked = f"{questions} ({coached} coded by my coach)" if coached else f"marked {questions}"
        text += (
            f" After {len(waits)} {asked} I waited {min(waits):.1f}–{max(waits):.1f} s "
            f"(median {sorted(waits)[len(waits) // 2]:.1f} s); {long_enough} of them reached {WAIT_LINE_S:.0f} s."
        )
    return text + " (Measured on my laptop from the recording; the split of voices is an estimate.)"


def clock_text(seconds: float) -> str:
    """72.5 -> '1:12.5': a moment of the recording as the talk screens show it."""
    minutes, rest = divmod(max(seconds, 0.0), 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
