"""Talk time on a recording the coach made while observing, in the coach's own library.

The recording is kept with its observation, not as evidence, so its figures are kept against it (a
re-run replaces them). It was the events' clock: the observation's moment at its first frame is its
`starts_at_s`, so the observation's own coded questions are laid on it at −starts_at_s, always
(they are why the coach observed). As in services/talk.py, measuring reads the file (any thread,
no writes) and recording keeps the result in one short transaction.
"""

from __future__ import annotations

from dataclasses import replace

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.observation_talk import MeasuredRecording, ObservedRecording, RecordingTalk, timed_waits
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.core.talk import TalkResult, wait_times
from portfolio_app.core.talk_questions import check_fit, place_questions
from portfolio_app.services.library import Library
from portfolio_app.services.observations import get_observation
from portfolio_app.services.talk import inputs_for_run
from portfolio_app.services.talk_questions import chosen_codes, own_observation
from portfolio_app.storage import observation_talk as stored
from portfolio_app.storage import observations as stored_observations


def observed_recording(library: Library, observation_id: str, number: int | None = None) -> ObservedRecording:
    """Recording `number` of an observation (the only one when None).

    Raises:
        NotFoundError: no such observation.
        InvalidInputError: it keeps no recording, no recording `number`, or several and none chosen.
    """
    observation = get_observation(library, observation_id)
    recordings = stored_observations.recordings_of(library.db, observation.id)
    if not recordings:
        raise InvalidInputError(
            f"“{observation.title}” keeps no recording: talk time needs one made while observing "
            "(or a recording coded afterwards)."
        )
    if number is None and len(recordings) > 1:
        named = "; ".join(f"{n} {r.name}" for n, r in enumerate(recordings, start=1))
        raise InvalidInputError(
            f"“{observation.title}” keeps {len(recordings)} recordings: choose one (--recording N). They are: {named}."
        )
    number = 1 if number is None else number
    if not 1 <= number <= len(recordings):
        raise InvalidInputError(
            f"“{observation.title}” has no recording {number}: it keeps {len(recordings)} (numbered from 1)."
        )
    recording = recordings[number - 1]
    return ObservedRecording(observation, number, recording, library.store.path(recording.blob), len(recordings))


def get_recording_talk(library: Library, observation_id: str, number: int | None = None) -> RecordingTalk | None:
    """The kept figures of an observation's recording (see `observed_recording`), or None when never
    measured; with the coach's timed waits as the observation has them now."""
    observed = observed_recording(library, observation_id, number)
    return _kept(library, observed)


def _kept(library: Library, observed: ObservedRecording) -> RecordingTalk | None:
    found = stored.get(library.db, observed.recording.id)
    if found is None:
        return None
    questions, result, created_at = found
    coded = own_observation(library, observed.observation.id)
    timed = timed_waits(coded, -observed.recording.starts_at_s, result, observed.observation.duration_s)
    return RecordingTalk(observed.recording.id, questions, result, created_at, timed)


def measure_recording_talk(
    library: Library,
    observation_id: str,
    number: int | None = None,
    teacher_sample: tuple[float, float] | None = None,
    questions: tuple[float, ...] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    codes: tuple[str, ...] = (),
) -> MeasuredRecording:
    """Analyse an observation's recording with its coded questions; None keeps the last run's sample
    and hand-marked questions. `codes` names which codes are questions (default: those the scheme marks).

    Raises InvalidInputError (no teacher sample yet, a named code not in the scheme, a sample without
    speech), MediaError (no readable sound) or Cancelled.
    """
    from portfolio_app.media.talk import analyse_talk as analyse

    observed = observed_recording(library, observation_id, number)
    previous = _kept(library, observed)
    teacher_sample, questions = inputs_for_run(
        previous,
        teacher_sample,
        questions,
        missing_sample=f"Mark a sample of the teacher's voice in the recording of “{observed.observation.title}” "
        "first: a few seconds where only the teacher talks (on the command line: --teacher-sample START-END).",
    )
    coded = own_observation(library, observed.observation.id)
    offset = -observed.recording.starts_at_s  # where the observation's 0:00 falls on the recording
    note = None
    try:
        chosen = chosen_codes(library, coded, codes)
    except InvalidInputError:
        if codes:
            raise  # a code the coach named that the scheme does not have
        chosen, note = (
            (),
            f"“{coded.scheme.title}” marks none of its codes as a question: name them (--question-codes).",
        )
    laid = None
    if chosen:
        try:
            place_questions(coded, chosen, offset, observed.recording.duration_s or float("inf"))
            laid = (coded, chosen, offset)
        except InvalidInputError:  # none coded, per interval only, or none while this recording ran
            note = (
                f"No question coded in “{coded.title}” has a moment in this recording: "
                "only the questions marked here were measured."
            )
    result = analyse(observed.path, teacher_sample, questions, progress=progress, cancelled=cancelled)
    if laid is not None:
        placed, report = place_questions(*laid, result.duration)
        report = check_fit(report, coded, result.segments, result.duration)
        result = replace(result, wait_times=wait_times(result.segments, questions + placed), coach=report)
        result = TalkResult.from_json(result.as_json())  # to the millisecond, as stored
    return MeasuredRecording(
        observed, questions, result, note, timed_waits(coded, offset, result, observed.observation.duration_s)
    )


def record_recording_talk(library: Library, measured: MeasuredRecording) -> Outcome[TalkResult]:
    """Keep the figures with the recording, replacing earlier ones."""
    recording = measured.observed.recording
    with library.db.atomic():
        stored.save(library.db, recording.id, recording.blob, measured.questions, measured.result, now_iso())
    return Outcome(measured.result, Changes(talk=True))


def analyse_recording_talk(
    library: Library,
    observation_id: str,
    number: int | None = None,
    teacher_sample: tuple[float, float] | None = None,
    questions: tuple[float, ...] | None = None,
    progress: Progress | None = None,
    codes: tuple[str, ...] = (),
) -> Outcome[MeasuredRecording]:
    """Measure and keep, in one call (the CLI)."""
    measured = measure_recording_talk(library, observation_id, number, teacher_sample, questions, progress, codes=codes)
    return Outcome(measured, record_recording_talk(library, measured).changes)
