"""Use cases of talk time: measure a lesson recording, keep the figures, offer them as evidence.

Measuring is slow, so it has two halves as import has: `measure_talk` reads the recording (any
thread, no writes) and `record_talk` stores the result in one short transaction, replacing the
evidence item's earlier analysis. `analyse_talk` does both, for the CLI. The teacher sample and
question markers of the last run are kept, so a re-run needs only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.portfolio import Evidence, Response, Tag, TimeRange
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.talk import StoredTalk, TalkResult, reflection_text, wait_times
from portfolio_app.core.talk_questions import CoachChoice, CodedObservation, check_fit, place_questions
from portfolio_app.services.evidence import get_evidence, media_path
from portfolio_app.services.library import Library
from portfolio_app.services.talk_questions import chosen_codes, coded_observation
from portfolio_app.storage import talk as stored

_TIMED = (EvidenceKind.VIDEO, EvidenceKind.AUDIO)


@dataclass(frozen=True)
class MeasuredTalk:
    """An analysis made and not yet stored."""

    evidence: Evidence
    questions: tuple[float, ...]
    result: TalkResult


def measure_talk(
    library: Library,
    evidence_id: str,
    teacher_sample: tuple[float, float] | None = None,
    questions: tuple[float, ...] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    coach: CoachChoice | None = None,
    drop_coach: bool = False,
) -> MeasuredTalk:
    """Analyse the recording of `evidence_id`; None keeps the sample, questions or coach's observation
    of the last run (`drop_coach` lets the observation go).

    Raises InvalidInputError (not a recording, no teacher sample yet, a sample without speech, an
    observation without questions or beside the recording), MediaError (no readable sound) or Cancelled.
    """
    from portfolio_app.media.talk import analyse_talk as analyse

    evidence = get_evidence(library, evidence_id)
    if evidence.kind not in _TIMED:
        raise InvalidInputError(f"“{evidence.title}” is {evidence.kind}: talk time is measured on video or audio.")
    previous = stored.get(library.db, evidence.id)
    teacher_sample, questions = inputs_for_run(
        previous,
        teacher_sample,
        questions,
        missing_sample=f"Mark a sample of your own voice in “{evidence.title}” first: a few seconds where only you "
        "talk (on the command line: --teacher-sample START-END, e.g. 0:12-0:20).",
    )
    kept = None
    if coach is None and not drop_coach and previous is not None and previous.result.coach is not None:
        kept = previous.result.coach
        coach = CoachChoice(kept.observation, kept.offset_s, kept.codes)
    try:
        laid = _coach_questions(library, evidence, coach) if coach is not None else None
    except NotFoundError as exc:
        if kept is None:
            raise
        raise NotFoundError(
            f"The observation “{kept.title}” these figures took questions from is no longer in the library: "
            "measure without it (on the command line: --no-observation)."
        ) from exc
    if laid is not None and evidence.duration_s:
        place_questions(*laid, evidence.duration_s)  # an observation beside the recording: said before listening
    result = analyse(media_path(library, evidence), teacher_sample, questions, progress=progress, cancelled=cancelled)
    if laid is not None:
        coached, report = place_questions(*laid, result.duration)
        report = check_fit(report, laid[0], result.segments, result.duration)
        result = replace(result, wait_times=wait_times(result.segments, questions + coached), coach=report)
        result = TalkResult.from_json(result.as_json())  # to the millisecond, as stored (as media/talk.py does)
    return MeasuredTalk(evidence, questions, result)


def _coach_questions(
    library: Library, evidence: Evidence, choice: CoachChoice
) -> tuple[CodedObservation, tuple[str, ...], float]:
    observed = coded_observation(library, evidence, choice.observation)
    codes = chosen_codes(library, observed, choice.codes)
    return observed, codes, observed.offset_s if choice.offset_s is None else choice.offset_s


def record_talk(library: Library, measured: MeasuredTalk) -> Outcome[TalkResult]:
    """Keep the analysis with its evidence, replacing the earlier one."""
    evidence = get_evidence(library, measured.evidence.id)
    assert evidence.blob is not None  # measured: it has a file
    with library.db.atomic():
        stored.save(library.db, evidence.id, evidence.blob, measured.questions, measured.result, now_iso())
    return Outcome(measured.result, Changes(talk=True))


class _LastRun(Protocol):  # StoredTalk (evidence) and RecordingTalk (an observation's recording)
    @property
    def result(self) -> TalkResult: ...

    @property
    def questions(self) -> tuple[float, ...]: ...


def inputs_for_run(
    previous: _LastRun | None,
    teacher_sample: tuple[float, float] | None,
    questions: tuple[float, ...] | None,
    *,
    missing_sample: str,
) -> tuple[tuple[float, float], tuple[float, ...]]:
    """The teacher sample and question moments (sorted) for a run: those given, else the last run's.

    Raises InvalidInputError(`missing_sample`): no sample given and no earlier run to take it from.
    """
    if teacher_sample is None:
        if previous is None:
            raise InvalidInputError(missing_sample)
        teacher_sample = previous.result.teacher_sample
    if questions is None:
        questions = previous.questions if previous else ()
    return teacher_sample, tuple(sorted(questions))


def analyse_talk(
    library: Library,
    evidence_id: str,
    teacher_sample: tuple[float, float] | None = None,
    questions: tuple[float, ...] | None = None,
    progress: Progress | None = None,
    coach: CoachChoice | None = None,
    drop_coach: bool = False,
) -> Outcome[TalkResult]:
    """Measure and keep, in one call (the CLI)."""
    measured = measure_talk(
        library, evidence_id, teacher_sample, questions, progress, coach=coach, drop_coach=drop_coach
    )
    return record_talk(library, measured)


def get_talk(library: Library, evidence_id: str) -> StoredTalk | None:
    """The stored analysis of an evidence item, or None when it was never measured."""
    return stored.get(library.db, get_evidence(library, evidence_id).id)


def talk_for_portfolio(library: Library, portfolio_id: str) -> dict[str, TalkResult]:
    """Evidence id -> its analysis, for every measured recording of the portfolio."""
    from portfolio_app.services.portfolios import get_portfolio

    return {t.evidence_id: t.result for t in stored.for_portfolio(library.db, get_portfolio(library, portfolio_id).id)}


def offer_talk(library: Library, evidence_id: str, criterion_id: str) -> Outcome[Tag]:
    """Offer the figures as evidence for a criterion: a tag over the whole recording whose note holds them."""
    from portfolio_app.services.tags import add_tag

    evidence, found = _measured(library, evidence_id)
    span = TimeRange(0.0, evidence.duration_s or found.result.duration)
    return add_tag(library, evidence.id, criterion_id, span=span, note=_note(found.result))


def add_talk_to_answer(library: Library, evidence_id: str, prompt_id: str) -> Outcome[Response]:
    """Append the figures as a paragraph to the answer of `prompt_id` (a Part 3 reflection prompt)."""
    from portfolio_app.services.portfolios import portfolio_with_credential
    from portfolio_app.services.rubric import get_responses, save_response

    evidence, found = _measured(library, evidence_id)
    _, credential = portfolio_with_credential(library, evidence.portfolio_id)
    if prompt_id not in {p.id for p in credential.reflection.prompts}:
        known = ", ".join(p.id for p in credential.reflection.prompts)
        raise InvalidInputError(f"'{prompt_id}' is not a Part 3 (reflection) prompt of “{credential.title}”: {known}.")
    before = get_responses(library, evidence.portfolio_id).get(prompt_id)
    paragraph = reflection_text(found.result, evidence.title)
    text = f"{before.text.rstrip()}\n\n{paragraph}" if before and before.text.strip() else paragraph
    outcome = save_response(library, evidence.portfolio_id, prompt_id, text)
    return Outcome(outcome.value, outcome.changes)


def _measured(library: Library, evidence_id: str) -> tuple[Evidence, StoredTalk]:
    evidence = get_evidence(library, evidence_id)
    found = stored.get(library.db, evidence.id)
    if found is None:
        raise InvalidInputError(f"“{evidence.title}” has no talk-time figures yet: measure it first.")
    return evidence, found


def _note(result: TalkResult) -> str:
    summary = result.summary()
    waits = ", ".join(f"{w:.1f} s" for w in summary["wait_times_s"]) or "no questions marked"
    return (
        f"Talk time: teacher {summary['teacher_share']:.0%}, students {summary['student_share']:.0%}, "
        f"silence {summary['silence_share']:.0%}; longest teacher talk {summary['longest_teacher_monologue_s']:.0f} s; "
        f"wait after questions: {waits}. (Measured on the laptop; the voices are told apart by an estimate.)"
    )
