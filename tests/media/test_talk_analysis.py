"""Talk time on the generated lesson (tests/talk_lesson.py), whose turns, gaps and waits are known.

The margins here are looser than bench/talk.py's targets (95 % frames, 5 points, 0.5 s), so that
a test fails when the method breaks, not when a figure moves by a hair; the bench prints the
figures against the issue's targets.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from portfolio_app.core.errors import Cancelled, InvalidInputError, MediaError
from portfolio_app.core.talk import Speaker
from portfolio_app.media import talk, voice_features
from tests.mediagen import make_video
from tests.talk_lesson import TEACHER, VOICES, score


@pytest.fixture(scope="module")
def lesson_result(talk_lesson):
    return talk.analyse_talk(talk_lesson.m4a, talk_lesson.teacher_sample(), talk_lesson.questions)


def test_the_lesson_has_a_student_pitched_within_two_semitones_of_the_teacher(talk_lesson):
    samples = talk.decode_audio(talk_lesson.wav)
    features = voice_features.window_features(samples, talk.WINDOW)
    pitch = {}
    for u in talk_lesson.utterances:
        windows = np.arange(int(u.start / talk.HOP_S), int(u.end / talk.HOP_S))
        pitch.setdefault(u.speaker, []).append(voice_features.profile(features, windows).f0)
    teacher = statistics.median(pitch["teacher"])
    semitones = {name: abs(12 * math.log2(statistics.median(f0) / teacher)) for name, f0 in pitch.items()}
    assert min(s for name, s in semitones.items() if VOICES[name].role != TEACHER) < 2
    assert max(semitones.values()) > 7  # and others well apart


@pytest.mark.parametrize("which", ["wav", "m4a", "mp4"])
def test_speech_and_silence_agree_with_the_truth_in_93_percent_of_frames(talk_lesson, which):
    result = talk.analyse_talk(getattr(talk_lesson, which), talk_lesson.teacher_sample())
    assert score(result, talk_lesson).frame_accuracy >= 0.93


def test_teacher_and_student_shares_are_within_8_points_of_the_truth(talk_lesson, lesson_result):
    scores = score(lesson_result, talk_lesson)
    assert scores.teacher_share_error <= 0.08
    assert scores.student_share_error <= 0.08
    assert lesson_result.silence_share == pytest.approx(1 - lesson_result.teacher_share - lesson_result.student_share)


def test_the_student_who_sounds_like_the_teacher_is_counted_a_student(talk_lesson, lesson_result):
    for u in talk_lesson.utterances:
        overlapping = [s for s in lesson_result.segments if s.start < u.end and s.end > u.start]
        assert overlapping, f"{u.speaker} at {u.start:.1f} s was not heard"
        longest = max(overlapping, key=lambda s: min(s.end, u.end) - max(s.start, u.start))
        assert longest.speaker == Speaker(u.role), f"{u.speaker} at {u.start:.1f} s counted as {longest.speaker}"
    assert all(0.5 <= s.confidence <= 1 for s in lesson_result.segments)


def test_wait_times_are_within_three_quarters_of_a_second(talk_lesson, lesson_result):
    errors = score(lesson_result, talk_lesson).wait_errors
    assert None not in errors
    assert max(abs(e) for e in errors) <= 0.75


def test_the_hangover_correction_is_what_silero_measures_on_the_lesson(talk_lesson):
    """HANGOVER_S is a measured figure: speech ends without the correction come that much late."""
    samples = talk.decode_audio(talk_lesson.wav)
    raw = talk.speech_segments(talk.speech_probabilities(samples), hangover=0.0)
    late = []
    for u in talk_lesson.alone():
        ends = [s.end for s in raw if s.start < u.end and s.end > u.start]
        late.append(ends[-1] - u.end)
    assert statistics.median(late) == pytest.approx(talk.HANGOVER_S, abs=0.04)
    corrected = talk.speech_segments(talk.speech_probabilities(samples))
    assert len(corrected) == len(raw)
    assert all(c.end == pytest.approx(r.end - talk.HANGOVER_S) for c, r in zip(corrected, raw, strict=True))


def test_the_longest_monologue_is_the_teachers_long_explanation(talk_lesson, lesson_result):
    longest_truth = max((u for u in talk_lesson.utterances if u.role == TEACHER), key=lambda u: u.end - u.start)
    found = lesson_result.longest_teacher_monologue
    assert found.start == pytest.approx(longest_truth.start, abs=0.3)
    assert found.end == pytest.approx(longest_truth.end, abs=0.3)


def test_a_teacher_sample_with_too_little_speech_is_refused_with_a_reason(talk_lesson):
    silence = (0.0, 1.2)  # the lead-in before anyone speaks
    with pytest.raises(InvalidInputError, match="mark at least"):
        talk.analyse_talk(talk_lesson.wav, silence)
    with pytest.raises(InvalidInputError, match="not inside"):
        talk.analyse_talk(talk_lesson.wav, (500.0, 510.0))


def test_a_question_outside_the_recording_is_refused(talk_lesson):
    with pytest.raises(InvalidInputError, match="outside"):
        talk.analyse_talk(talk_lesson.wav, talk_lesson.teacher_sample(), (9999.0,))


def test_a_video_without_sound_is_refused_naming_the_file(tmp_path):
    silent = make_video(tmp_path / "silent.mp4", seconds=1.0, audio=False)
    with pytest.raises(MediaError, match="silent.mp4.*no sound track"):
        talk.analyse_talk(silent, (0.0, 1.0))


def test_a_file_that_is_not_media_is_refused(tmp_path):
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")
    with pytest.raises(MediaError, match="notes.mp4"):
        talk.analyse_talk(notes, (0.0, 1.0))


def test_the_analysis_stops_when_cancelled_and_reports_progress(talk_lesson):
    seen = []
    with pytest.raises(Cancelled):
        talk.analyse_talk(
            talk_lesson.wav, talk_lesson.teacher_sample(), progress=seen.append, cancelled=lambda: len(seen) > 3
        )
    assert seen == sorted(seen) and 0 <= seen[0] < seen[-1] < 1


def test_cutting_the_recording_into_one_part_per_core_finds_the_same_speech(talk_lesson):
    samples = talk.decode_audio(talk_lesson.wav)
    alone = talk.speech_segments(talk.speech_probabilities(samples, workers=1))
    shared = talk.speech_segments(talk.speech_probabilities(samples, workers=2))
    assert len(alone) == len(shared)
    for one, other in zip(alone, shared, strict=True):
        assert one.start == pytest.approx(other.start, abs=0.07) and one.end == pytest.approx(other.end, abs=0.07)
