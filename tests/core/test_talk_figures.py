"""The rules that turn speech segments into the figures a teacher reads."""

from __future__ import annotations

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.talk import (
    Speaker,
    TalkResult,
    TalkSegment,
    parse_clock,
    parse_span,
    reflection_text,
    teacher_turns,
    wait_times,
)

T, S = Speaker.TEACHER, Speaker.STUDENT
SEGMENTS = (
    TalkSegment(1.0, 10.0, T, 0.9),
    TalkSegment(12.5, 14.0, S, 0.8),  # 2.5 s after the first question
    TalkSegment(15.0, 20.0, T, 0.9),
    TalkSegment(20.6, 30.0, T, 0.6),  # the same teacher turn: no student between
    TalkSegment(34.0, 35.0, S, 0.7),  # 4 s after the second question
)


def result(questions=()) -> TalkResult:
    return TalkResult(40.0, SEGMENTS, wait_times(SEGMENTS, questions), (1.0, 10.0), "test", ("limit",), 0.07)


def test_a_marker_inside_or_just_after_a_teacher_turn_measures_the_wait_to_the_next_speech():
    waits = wait_times(SEGMENTS, (9.5, 10.8, 30.0))
    assert [w.wait for w in waits] == [pytest.approx(2.5), pytest.approx(2.5), pytest.approx(4.0)]
    assert [w.question_end for w in waits] == [10.0, 10.0, 30.0]


def test_a_marker_that_points_at_no_teacher_turn_has_no_wait():
    waits = wait_times(SEGMENTS, (13.0, 38.0))  # a student talking; long after everyone stopped
    assert [(w.wait, w.question_end) for w in waits] == [(None, None), (None, None)]


def test_a_question_nobody_answers_before_the_end_has_no_wait():
    only = (TalkSegment(1.0, 5.0, T, 0.9),)
    assert wait_times(only, (5.0,))[0].wait is None


def test_a_teacher_pause_does_not_end_a_monologue_but_a_student_does():
    turns = teacher_turns(SEGMENTS)
    assert [(t.start, t.end) for t in turns] == [(1.0, 10.0), (15.0, 30.0)]
    assert turns[1].confidence == 0.6
    assert result().longest_teacher_monologue.length == pytest.approx(15.0)


def test_shares_are_fractions_of_the_whole_recording():
    r = result()
    assert r.teacher_share == pytest.approx((9 + 5 + 9.4) / 40)
    assert r.student_share == pytest.approx(2.5 / 40)
    assert r.teacher_share + r.student_share + r.silence_share == pytest.approx(1)


def test_the_stored_form_reads_back_to_the_same_result():
    r = result((9.5, 30.0))
    again = TalkResult.from_json(r.as_json())
    assert again == r
    assert again.as_json()["wait_times"] == [
        {"question_at": 9.5, "wait": 2.5, "question_end": 10.0, "source": "teacher", "code": None},
        {"question_at": 30.0, "wait": 4.0, "question_end": 30.0, "source": "teacher", "code": None},
    ]
    before_coaches = r.as_json()  # an analysis kept before a coach's questions counted reads back too
    for wait in before_coaches["wait_times"]:
        del wait["source"], wait["code"]
    del before_coaches["coach_observation"]
    assert TalkResult.from_json(before_coaches) == r


def test_the_summary_and_the_reflection_carry_the_figures():
    r = result((9.5, 30.0))
    assert r.summary()["wait_times_s"] == [2.5, 4.0]
    assert r.summary()["questions"] == 2
    text = reflection_text(r, "Moon phases")
    assert "I talked for 58% of the lesson" in text
    assert "students talked for 6%" in text
    assert "1 of them reached 3 s" in text
    assert "estimate" in text


@pytest.mark.parametrize(
    ("text", "span"), [("12-20", (12.0, 20.0)), ("0:12-1:05.5", (12.0, 65.5)), (" 3 - 4.5 ", (3.0, 4.5))]
)
def test_teacher_samples_are_read_in_seconds_or_minutes(text, span):
    assert parse_span(text) == span


@pytest.mark.parametrize("text", ["12", "20-12", "a-b", "1-2-3", "-1-4"])
def test_a_bad_teacher_sample_says_how_to_write_one(text):
    with pytest.raises(InvalidInputError, match="teacher sample"):
        parse_span(text)


def test_clock_times():
    assert parse_clock("1:02:03") == 3723
    with pytest.raises(InvalidInputError):
        parse_clock("1:-2")
