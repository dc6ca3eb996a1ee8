"""Talk time on a recording the coach made while observing: kept against the recording, the observation's
own coded questions laid on it at the moment it started (its first frame is the observation's
`starts_at_s`), the teacher's sample and marks kept for a re-run, and the figures for the post-conference."""

from __future__ import annotations

import shutil

import pytest

from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.observation_talk import conference_text
from portfolio_app.core.talk import QuestionSource
from portfolio_app.services import observations
from portfolio_app.services.observation_recordings import attach_recording, stage_recording
from portfolio_app.services.observation_talk import (
    analyse_recording_talk,
    get_recording_talk,
    observed_recording,
)

STARTED_AT_S = 12.0  # the coach pressed record 12 s into the observation
CODED = (0, 1, 2, 3, 5)  # the coach coded five of the six questions (not the fifth)
KEYED_LATE_S = (0.4, 0.8, 0.2, 0.6, 0.3)
TIMED = (1, 3)  # the coach timed the waits after the second and fourth questions by hand
TIMED_LATE_S = ((0.6, 0.5), (0.3, -0.2))  # switched on that late after the question, off that late after the wait


def _attach(library, observation_id, talk_lesson, tmp_path, starts_at_s=STARTED_AT_S, name="lesson.m4a"):
    made = tmp_path / name
    shutil.copyfile(talk_lesson.m4a, made)  # adopting moves the file: the lesson is made once per session
    return attach_recording(library, observation_id, stage_recording(library.store, made, name), starts_at_s).value


@pytest.fixture
def observed(library, talk_lesson, tmp_path) -> str:
    """The coach's observation, recorded from 12 s on: five questions on the observation's clock, feedback."""
    observation = observations.new_observation(library, "coaching-cycle", "Period 3, moon phases").value
    codes = ("Q-recall", "Q-open", "Q-open", "Q-probe", "Q-open")
    for index, late, code in zip(CODED, KEYED_LATE_S, codes, strict=True):
        at = talk_lesson.question_ends[index] + late + STARTED_AT_S
        observations.code_event(library, observation.id, code, round(at, 3))
    observations.code_event(library, observation.id, "F-specific", 52.0)  # feedback: not a question
    for index, (on_late, off_late) in zip(TIMED, TIMED_LATE_S, strict=True):  # the coach's own stopwatch
        end = talk_lesson.question_ends[index] + STARTED_AT_S
        start, stop = end + on_late, end + talk_lesson.waits[index] + off_late
        observations.code_event(library, observation.id, "WT-wait", round(start, 3), end=round(stop, 3))
    observations.code_event(library, observation.id, "WT-wait", 120.0)  # left on: stopping closes it, untimed
    observations.finish(library, observation.id, 125.0)
    _attach(library, observation.id, talk_lesson, tmp_path)
    return observation.id


def test_the_observations_questions_are_laid_at_the_recordings_start_and_the_figures_kept(
    library, observed, talk_lesson
):
    measured = analyse_recording_talk(library, observed, teacher_sample=talk_lesson.teacher_sample()).value
    result = measured.result
    assert measured.note is None and measured.observed.number == 1
    assert result.coach.offset_s == -STARTED_AT_S and result.coach.placed == 5 and result.coach.at_turn_end == 5
    assert [w.source for w in result.wait_times] == [QuestionSource.COACH] * 5
    for wait, index in zip(result.wait_times, CODED, strict=True):
        assert wait.wait == pytest.approx(talk_lesson.waits[index], abs=0.5)
    assert result.teacher_share == pytest.approx(talk_lesson.truth_share("teacher"), abs=0.05)
    timed = measured.timed
    assert [w.at for w in timed] == pytest.approx(
        [talk_lesson.question_ends[i] + late[0] for i, late in zip(TIMED, TIMED_LATE_S, strict=True)], abs=0.01
    )
    for wait, index, late in zip(timed, TIMED, TIMED_LATE_S, strict=True):
        assert wait.coach_s == pytest.approx(talk_lesson.waits[index] + late[1] - late[0], abs=0.01)
        assert wait.measured_s == pytest.approx(talk_lesson.waits[index], abs=0.5)
        assert wait.difference == pytest.approx(late[0] - late[1], abs=0.5)
    kept = get_recording_talk(library, observed)
    assert kept.result == result and kept.questions == () and kept.timed == timed
    assert kept.recording_id == measured.observed.recording.id
    again = analyse_recording_talk(library, observed, questions=talk_lesson.questions[4:5]).value
    assert again.result.teacher_sample == result.teacher_sample and len(again.result.wait_times) == 6
    assert get_recording_talk(library, observed).questions == talk_lesson.questions[4:5]
    text = conference_text(again.result, "Period 3, moon phases", again.timed)
    assert f"teacher {again.result.teacher_share:.0%}" in text and "of 6 reached 3 s" in text
    assert "Waits timed by the coach, beside the silence measured there (2):" in text


def test_which_recording_and_the_first_sample_are_asked_for(library, observed, talk_lesson, tmp_path):
    with pytest.raises(InvalidInputError, match="Mark a sample of the teacher's voice"):
        analyse_recording_talk(library, observed)
    _attach(library, observed, talk_lesson, tmp_path, starts_at_s=90.0, name="second.m4a")
    with pytest.raises(InvalidInputError, match=r"keeps 2 recordings: choose one \(--recording N\).*2 second.m4a"):
        observed_recording(library, observed)
    with pytest.raises(InvalidInputError, match="has no recording 3"):
        observed_recording(library, observed, 3)
    assert observed_recording(library, observed, 2).recording.starts_at_s == 90.0
    bare = observations.new_observation(library, "coaching-cycle", "Not recorded").value
    with pytest.raises(InvalidInputError, match="keeps no recording"):
        observed_recording(library, bare.id)
    with pytest.raises(NotFoundError):
        observed_recording(library, "nothing-here")


def test_a_recording_without_coded_questions_in_it_is_measured_with_the_marks_alone(library, talk_lesson, tmp_path):
    observation = observations.new_observation(library, "coaching-cycle", "Feedback only").value
    observations.code_event(library, observation.id, "F-specific", 30.0)
    observations.finish(library, observation.id, 150.0)
    _attach(library, observation.id, talk_lesson, tmp_path, starts_at_s=0.0)
    measured = analyse_recording_talk(
        library, observation.id, teacher_sample=talk_lesson.teacher_sample(), questions=talk_lesson.questions[:1]
    ).value
    assert "No question coded in “Feedback only” has a moment in this recording" in measured.note
    assert measured.result.coach is None and [w.source for w in measured.result.wait_times] == [QuestionSource.TEACHER]
    with pytest.raises(InvalidInputError, match="no code 'Q-nope'"):
        analyse_recording_talk(library, observation.id, codes=("Q-nope",))
