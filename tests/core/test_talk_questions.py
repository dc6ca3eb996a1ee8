"""A coach's coded questions on a recording's time line: which codes are questions, the offset, what
falls outside, one wait for a question both marked, and another offset offered when it fits better."""

from __future__ import annotations

import json

import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.scheme import parse_scheme, scheme_document
from portfolio_app.core.talk import QuestionSource, Speaker, TalkSegment, wait_times
from portfolio_app.core.talk_questions import (
    CodedEvent,
    CodedObservation,
    best_offset,
    check_fit,
    place_questions,
    question_codes,
)
from portfolio_app.resource_paths import schemes_dir

T, S = Speaker.TEACHER, Speaker.STUDENT


def scheme(name: str):
    path = schemes_dir() / f"{name}.json"
    return parse_scheme(json.loads(path.read_text()), path.name)


CYCLE = scheme("coaching-cycle")


def observation(*events: CodedEvent, length: float = 120.0, of=CYCLE) -> CodedObservation:
    return CodedObservation("obs-1", "Period 3", of, events, length)


def test_the_built_in_schemes_mark_the_teachers_questions_and_not_the_students():
    assert question_codes(CYCLE) == ("Q-recall", "Q-open", "Q-probe")
    assert question_codes(scheme("copus")) == ("I-PQ", "I-CQ")  # not S-SQ (a student asks) nor I-AnQ
    assert scheme_document(CYCLE)["codes"][1]["question"] is True
    assert "question" not in scheme_document(CYCLE)["codes"][3]  # WT-wait


def test_codes_can_be_named_and_an_old_copy_borrows_the_marks_of_the_librarys_scheme():
    assert question_codes(CYCLE, ("Q-open", "open")) == ("Q-open",)
    with pytest.raises(InvalidInputError, match="no code 'Z'"):
        question_codes(CYCLE, ("Z",))
    document = scheme_document(CYCLE)
    for code in document["codes"]:
        code.pop("question", None)
    old_copy = parse_scheme(document, "an observation's copy")
    with pytest.raises(InvalidInputError, match="marks none of its codes as a question.*Q-open \\(Open question\\)"):
        question_codes(old_copy)
    assert question_codes(old_copy, fallback=CYCLE) == ("Q-recall", "Q-open", "Q-probe")


def test_questions_are_placed_by_the_offset_and_moments_outside_the_recording_are_listed():
    coded = observation(
        CodedEvent("Q-open", 5.0),
        CodedEvent("F-specific", 6.0),  # feedback, not a question
        CodedEvent("Q-probe", 50.0),
        CodedEvent("Q-recall", 100.0),  # the recording stopped before
    )
    questions, report = place_questions(coded, question_codes(CYCLE), 10.0, duration=90.0)
    assert [(q.at, q.source, q.code) for q in questions] == [
        (15.0, QuestionSource.COACH, "Q-open"),
        (60.0, QuestionSource.COACH, "Q-probe"),
    ]
    assert (report.coded, report.placed, report.outside, report.offset_s) == (3, 2, (100.0,), 10.0)
    assert report.as_json()["outside"] == [100.0]


def test_a_state_question_counts_where_it_was_switched_off_and_an_interval_tick_not_at_all():
    copus = scheme("copus")
    coded = observation(
        CodedEvent("I-PQ", 10.0, 14.0),
        CodedEvent("I-PQ", 0.0, 120.0, interval=0),
        CodedEvent("I-PQ", 190.0, 240.0),  # still on when the coach stopped: closed at the end by the record
        length=240.0,
        of=copus,
    )
    questions, report = place_questions(coded, ("I-PQ",), 0.0, 200.0)
    assert [q.at for q in questions] == [14.0, 190.0] and report.without_moment == 1
    only_ticks = observation(CodedEvent("I-PQ", 0.0, 120.0, interval=0), of=copus)
    with pytest.raises(InvalidInputError, match="coded per interval"):
        place_questions(only_ticks, ("I-PQ",), 0.0, 200.0)


def test_an_observation_that_does_not_overlap_the_recording_is_refused_naming_both_lengths():
    coded = observation(CodedEvent("Q-open", 5.0), CodedEvent("Q-open", 30.0), length=40.0)
    with pytest.raises(
        InvalidInputError, match=r"“Period 3” \(0:40.0 long\) does not overlap the recording \(1:30.0\)"
    ):
        place_questions(coded, ("Q-open",), -60.0, 90.0)
    with pytest.raises(InvalidInputError, match="coded no question"):
        place_questions(observation(CodedEvent("F-specific", 1.0)), ("Q-open",), 0.0, 90.0)


SEGMENTS = (
    TalkSegment(0.0, 8.0, T, 0.9),
    TalkSegment(10.0, 12.0, S, 0.8),
    TalkSegment(13.0, 20.0, T, 0.9),
    TalkSegment(23.0, 25.0, S, 0.8),
    TalkSegment(26.0, 40.0, T, 0.9),
    TalkSegment(44.0, 46.0, S, 0.8),
    TalkSegment(47.0, 60.0, T, 0.9),
    TalkSegment(61.0, 64.0, S, 0.8),
)


def test_a_question_the_teacher_marked_and_the_coach_coded_is_one_wait_with_both_sources():
    from portfolio_app.core.talk import Question

    waits = wait_times(
        SEGMENTS,
        (8.2, Question(7.5, QuestionSource.COACH, "Q-open"), Question(40.5, QuestionSource.COACH, "Q-probe"), 19.8),
    )
    assert [(w.question_at, w.wait, w.source, w.code) for w in waits] == [
        (8.2, 2.0, QuestionSource.BOTH, "Q-open"),  # at the teacher's mark: the recording's own time line
        (19.8, 3.0, QuestionSource.TEACHER, None),
        (40.5, 4.0, QuestionSource.COACH, "Q-probe"),
    ]
    # The teacher's own two presses on one question stay two, as before coaches' questions counted.
    assert len(wait_times(SEGMENTS, (7.5, 8.2))) == 2


def test_a_coach_question_where_no_teacher_talk_ends_gets_no_wait():
    from portfolio_app.core.talk import Question

    [wait] = wait_times(SEGMENTS, (Question(11.0, QuestionSource.COACH, "Q-open"),))  # a student talking
    assert (wait.wait, wait.question_end, wait.source) == (None, None, QuestionSource.COACH)


def test_a_clearly_better_offset_is_offered_and_a_good_fit_is_left_alone():
    # The coach keyed the four questions at the ends of the teacher's turns on a stopwatch started
    # 12.5 s after the recording began.
    keyed = [e - 12.5 + d for e, d in ((8.0, 0.3), (20.0, -0.5), (40.0, 0.2), (60.0, 0.9))]
    coded = observation(*(CodedEvent("Q-open", t) for t in keyed), length=60.0)
    _, at_zero = place_questions(coded, ("Q-open",), 0.0, 70.0)
    report = check_fit(at_zero, coded, SEGMENTS, 70.0)
    assert report.at_turn_end < 4 and report.better_at_turn_end == 4
    assert report.better_offset_s == pytest.approx(12.5, abs=1.8)
    _, right = place_questions(coded, ("Q-open",), 12.5, 70.0)
    fitted = check_fit(right, coded, SEGMENTS, 70.0)
    assert (fitted.at_turn_end, fitted.better_offset_s) == (4, None)


def test_too_few_questions_or_two_equally_good_offsets_offer_nothing():
    coded = observation(CodedEvent("Q-open", 3.0), CodedEvent("Q-open", 15.0), length=60.0)
    _, report = place_questions(coded, ("Q-open",), 30.0, 70.0)
    assert check_fit(report, coded, SEGMENTS, 70.0).better_offset_s is None  # two questions fit almost anywhere
    ends = [10.0, 20.0, 30.0, 40.0, 50.0]  # a metronome: every 10 s shift fits as well as the next
    assert best_offset([1.0, 11.0, 21.0], ends)[0] is None


def test_the_summary_and_the_reflection_say_which_questions_the_coach_coded():
    from portfolio_app.core.talk import Question, TalkResult, reflection_text

    questions = (8.2, Question(7.5, QuestionSource.COACH, "Q-open"), Question(40.5, QuestionSource.COACH, "Q-probe"))
    result = TalkResult(70.0, SEGMENTS, wait_times(SEGMENTS, questions), (0.0, 8.0), "test", (), 0.07)
    assert result.summary()["questions"] == 2 and result.summary()["questions_coded_by_coach"] == 2
    assert "After 2 questions (2 coded by my coach) I waited 2.0–4.0 s" in reflection_text(result, "Period 3")
    mine = TalkResult(70.0, SEGMENTS, wait_times(SEGMENTS, (8.2,)), (0.0, 8.0), "test", (), 0.07)
    assert mine.summary()["questions_coded_by_coach"] == 0
    assert "After 1 marked question I waited" in reflection_text(mine, "Period 3")


def test_an_observation_far_longer_than_the_recording_still_gets_its_offset_offered():
    # The camera ran for 70 s of a 10-minute observation, from the coach's 2:00: four questions fall in
    # it, keyed at the teacher's turn ends, and twelve more were coded before and after.
    inside = [e - 0.4 + 120.0 for e in (8.0, 20.0, 40.0, 60.0)]
    outside = [10.0 + 8 * i for i in range(6)] + [300.0 + 20 * i for i in range(6)]
    coded = observation(*(CodedEvent("Q-open", t) for t in sorted(inside + outside)), length=600.0)
    _, report = place_questions(coded, ("Q-open",), 0.0, 70.0)
    fitted = check_fit(report, coded, SEGMENTS, 70.0)
    assert fitted.better_offset_s == pytest.approx(-120.0, abs=1.8) and fitted.better_at_turn_end == 4
