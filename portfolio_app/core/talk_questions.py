"""A coach's coded questions as question marks on a recording's time line.

An observation (the coach's own, or a signed one the teacher imported) has its events at seconds of
its own clock; the recording has its own. The two are laid on each other by one number, the
offset: where in the recording the observation's clock read 0:00. An observation coded on the
recording itself has offset 0; one timed by a stopwatch started some time after the camera, the
seconds between the two.

Which events are questions: those of codes the scheme marks `"question": true` (the built-in
coaching-cycle's Q-recall, Q-open and Q-probe; COPUS's I-PQ and I-CQ), or the codes a teacher or
coach names. A point counts at its moment; a state where it was switched off (the end of the
question), or where it began if it was still on when the observation ended; an interval tick (COPUS
on paper) has no moment and is only counted.

When the two disagree: moments that fall outside the recording are left out and listed; a question
where the recording has no teacher talk ending gets no wait (as a mark of the teacher's would);
and the fit is checked: if clearly more of the coach's questions fall at the end of a teacher turn
at another offset, that offset is offered, never applied unasked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.scheme import Code, CodeKind, Scheme
from portfolio_app.core.talk import (
    MARKER_LATE_S,
    CoachQuestions,
    Question,
    QuestionSource,
    Speaker,
    TalkSegment,
    clock_text,
)

# A coach keys a question at its end, give or take: a teacher segment ending within this before
# the key (or MARKER_LATE_S after it) is the question the key means.
KEYED_EARLY_S = 2.0
MIN_FIT = 3  # fewer questions than this fit almost anywhere: no other offset is offered
OFFSET_STEP_S = 0.1


@dataclass(frozen=True)
class CodedEvent:
    code: str
    start_s: float
    end_s: float | None = None
    interval: int | None = None


@dataclass(frozen=True)
class CodedObservation:
    """What talk time needs of an observation, wherever it is kept."""

    ref: str  # the evidence id of a signed observation, or the id of this library's observation
    title: str
    scheme: Scheme
    events: tuple[CodedEvent, ...]
    length_s: float
    # The offset its own record gives for this recording (it names it among those made while
    # observing, with the observation's moment at its first frame); else 0: coded on it, or unknown.
    offset_s: float = 0.0


@dataclass(frozen=True)
class CoachChoice:
    """Which observation's questions a measurement takes, laid where, and which codes count."""

    observation: str  # an evidence id (a signed observation) or an id of this library's observations
    offset_s: float | None = None  # where in the recording the observation's 0:00 is; None: its own offset_s
    codes: tuple[str, ...] = ()  # () : the codes its scheme marks as questions


@dataclass(frozen=True)
class CoachObservation:
    """An observation offered for a recording's questions, as the talk window lists it."""

    observation: CodedObservation
    where: str  # "signed by …" or "your observation"
    question_codes: tuple[str, ...]  # the codes its scheme marks as questions (may be none)
    interval_coded: bool  # coded per interval: its questions have no moments


def question_codes(scheme: Scheme, named: tuple[str, ...] = (), fallback: Scheme | None = None) -> tuple[str, ...]:
    """The codes taken as questions: those `named` (checked against the scheme), else those it marks.

    An observation started before schemes marked their questions keeps a copy without the marks:
    `fallback` (the library's scheme of the same id) lends its marks for the codes both have.

    Raises:
        InvalidInputError: a named code is not in the scheme, or no code is named or marked.
    """
    if named:
        return tuple(dict.fromkeys(scheme.code(code).id for code in named))
    marked = tuple(c.id for c in scheme.codes if c.question)
    if not marked and fallback is not None:
        have = {c.id for c in scheme.codes}
        marked = tuple(c.id for c in fallback.codes if c.question and c.id in have)
    if not marked:
        known = ", ".join(f"{c.id} ({c.label})" for c in scheme.codes)
        raise InvalidInputError(
            f"“{scheme.title}” marks none of its codes as a question: name the codes that are questions. "
            f"Its codes: {known}."
        )
    return marked


def moment(event: CodedEvent, code: Code, length: float | None = None) -> float | None:
    """Where a coded question is on the observation's clock: a point's moment, a state's end, no tick.

    A state still on when the observation ended (records close it at `length`) was never switched
    off at the end of a question: its start is the moment then.
    """
    if event.interval is not None:
        return None
    left_on = length is not None and event.end_s is not None and event.end_s >= length - 0.001
    if code.kind is CodeKind.STATE and event.end_s is not None and not left_on:
        return event.end_s
    return event.start_s


def place_questions(
    observation: CodedObservation, codes: tuple[str, ...], offset_s: float, duration: float
) -> tuple[tuple[Question, ...], CoachQuestions]:
    """The coach's questions in recording seconds, and the account of what was placed and what not.

    Raises:
        InvalidInputError: no event of the codes, only interval ticks, or none inside the recording.
    """
    scheme = observation.scheme
    chosen = [e for e in observation.events if e.code in codes]
    labels = ", ".join(scheme.code(c).label for c in codes)
    if not chosen:
        raise InvalidInputError(f"The coach coded no question ({labels}) in “{observation.title}”.")
    questions, outside, ticks = [], [], 0
    for event in chosen:
        at = moment(event, scheme.code(event.code), observation.length_s)
        if at is None:
            ticks += 1
        elif 0 <= at + offset_s <= duration:
            questions.append(Question(round(at + offset_s, 3), QuestionSource.COACH, event.code))
        else:
            outside.append(at)
    if not questions and ticks == len(chosen):
        raise InvalidInputError(
            f"“{observation.title}” was coded per interval: its questions say in which interval, not when, "
            "so no wait time can be measured from them. Mark the questions with Q while watching instead."
        )
    if not questions:
        raise InvalidInputError(
            f"“{observation.title}” ({clock_text(observation.length_s)} long) does not overlap the recording "
            f"({clock_text(duration)}) when its 0:00 is at {_signed(offset_s)} of the recording: set where in the "
            "recording the observation's clock started."
        )
    report = CoachQuestions(
        observation.ref, observation.title, offset_s, codes, len(chosen), tuple(sorted(outside)), ticks
    )
    return tuple(sorted(questions, key=lambda q: q.at)), report


def check_fit(
    report: CoachQuestions, observation: CodedObservation, segments: tuple[TalkSegment, ...], duration: float
) -> CoachQuestions:
    """The report with how many coded questions fall at the end of a teacher turn at its offset, and
    another offset where clearly more of them do, if there is one.

    "Clearly": at least MIN_FIT, most of those that fall in the recording there (an observation may
    run longer than the recording), and a quarter of them or two more than at the offset given.
    """
    scheme = observation.scheme
    moments = [
        at
        for e in observation.events
        if e.code in report.codes and (at := moment(e, scheme.code(e.code), observation.length_s)) is not None
    ]
    ends = [s.end for s in segments if s.speaker == Speaker.TEACHER]
    here = _fit(moments, ends, report.offset_s)
    best, best_fit = best_offset(moments, ends)
    inside = 0 if best is None else sum(1 for at in moments if 0 <= at + best <= duration)
    offered = (
        best is not None
        and abs(best - report.offset_s) > KEYED_EARLY_S
        and best_fit >= MIN_FIT
        and best_fit >= 0.6 * inside
        and best_fit >= here + max(2, 0.25 * inside)
    )
    return replace(
        report,
        at_turn_end=here,
        better_offset_s=best if offered else None,
        better_at_turn_end=best_fit if offered else 0,
    )


def best_offset(moments: list[float], ends: list[float]) -> tuple[float | None, int]:
    """The offset at which most `moments` fall at a teacher-turn end, and how many; None when two
    offsets far apart do equally well (the fit says nothing then).

    Each moment and turn end give an interval of offsets that put the one at the other; a sweep
    over their edges finds the offsets covered for the most moments (each moment counted once).
    """
    edges = []
    for index, at in enumerate(moments):
        for end in ends:
            edges.append((end - KEYED_EARLY_S - at, 0, index))  # 0 sorts an opening before a closing
            edges.append((end + MARKER_LATE_S - at, 1, index))
    edges.sort()
    cover = [0] * len(moments)
    count, best, regions, start = 0, 0, [], 0.0
    for x, closing, index in edges:
        if not closing:
            cover[index] += 1
            if cover[index] == 1:
                count += 1
                start = x
        else:
            if cover[index] == 1 and count >= best and count > 0:
                if count > best:
                    best, regions = count, []
                regions.append((start, x))
            cover[index] -= 1
            if cover[index] == 0:
                count -= 1
    if not regions:
        return None, 0
    centres = [round((a + b) / 2 / OFFSET_STEP_S) * OFFSET_STEP_S for a, b in regions]
    if max(centres) - min(centres) > KEYED_EARLY_S + MARKER_LATE_S:
        return None, best
    return round(centres[0], 1), best


def _fit(moments: list[float], ends: list[float], offset: float) -> int:
    return sum(1 for at in moments if any(e - KEYED_EARLY_S <= at + offset <= e + MARKER_LATE_S for e in ends))


def _signed(seconds: float) -> str:
    return f"−{clock_text(-seconds)}" if seconds < 0 else clock_text(seconds)
