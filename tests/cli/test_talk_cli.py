"""`portfolio talk`: the figures of a lesson recording, as text and as the JSON the issue names."""

from __future__ import annotations

import json

import pytest

from tests.ready_portfolio import CREDENTIAL


@pytest.fixture
def evidence_id(run, talk_lesson):
    code, out, _ = run("new", CREDENTIAL, "--title", "Moon phases", "--json")
    portfolio = json.loads(out)["id"]
    code, out, err = run("import", portfolio, str(talk_lesson.m4a), "--json")
    assert code == 0, err
    return json.loads(out)["imported"][0]["id"]


def test_talk_prints_segments_shares_and_wait_times_as_json(run, evidence_id, talk_lesson):
    start, end = talk_lesson.teacher_sample()
    questions = [f"{q:.3f}" for q in talk_lesson.questions]
    code, out, err = run(
        "talk", evidence_id, "--teacher-sample", f"{start:.2f}-{end:.2f}", "--question-at", *questions, "--json"
    )
    assert code == 0, err
    document = json.loads(out)
    assert {"segments", "teacher_share", "student_share", "silence_share", "wait_times"} <= document.keys()
    assert all(s["speaker"] in ("teacher", "student") and 0.5 <= s["confidence"] <= 1 for s in document["segments"])
    assert {s["speaker"] for s in document["segments"]} == {"teacher", "student"}
    assert document["teacher_share"] + document["student_share"] + document["silence_share"] == pytest.approx(
        1, abs=1e-3
    )
    assert abs(document["teacher_share"] - talk_lesson.truth_share("teacher")) < 0.08
    assert [w["question_at"] for w in document["wait_times"]] == pytest.approx(talk_lesson.questions)
    for measured, truth in zip(document["wait_times"], talk_lesson.waits, strict=True):
        assert measured["wait"] == pytest.approx(truth, abs=0.75)
    assert "crosstalk" in " ".join(document["limits"])


def test_a_rerun_keeps_the_sample_and_prints_text_with_the_limits(run, evidence_id, talk_lesson):
    code, _, err = run("talk", evidence_id, "--teacher-sample", "0:01.5-0:11")
    assert code == 0, err
    code, out, err = run("talk", evidence_id, "--question-at", "0:28.2", "--offer-for", "wait-time")
    assert code == 0, err
    assert "Teacher talk" in out and "Question at 28.2 s: waited 1.5 s" in out
    assert "What the method cannot do" in out and "Offered as evidence: tag" in out


def test_talk_without_a_sample_or_with_a_bad_one_exits_1_saying_what_to_do(run, evidence_id):
    code, out, err = run("talk", evidence_id, "--json")
    assert code == 1 and out == "" and "--teacher-sample START-END" in err
    code, _, err = run("talk", evidence_id, "--teacher-sample", "20-12")
    assert code == 1 and "must end after it starts" in err
    code, _, err = run("talk", "nosuchid00", "--teacher-sample", "1-5")
    assert code == 1 and "no evidence" in err


def test_talk_usage_errors_exit_2(run, evidence_id):
    with pytest.raises(SystemExit) as exit_info:
        run("talk", evidence_id, "--question-at")
    assert exit_info.value.code == 2


def test_markers_pressed_while_recording_can_be_the_questions(run, evidence_id, library, talk_lesson):
    from portfolio_app.services.evidence import add_marker

    add_marker(library, evidence_id, talk_lesson.questions[0], "question")
    start, end = talk_lesson.teacher_sample()
    code, out, err = run("talk", evidence_id, "--teacher-sample", f"{start}-{end}", "--markers-as-questions", "--json")
    assert code == 0, err
    [wait] = json.loads(out)["wait_times"]
    assert wait["question_at"] == pytest.approx(talk_lesson.questions[0])
    assert wait["wait"] == pytest.approx(talk_lesson.waits[0], abs=0.5)


def test_the_coachs_coded_questions_measure_waits_and_a_wrong_offset_is_told(run, evidence_id, talk_lesson):
    code, out, err = run("observation", "new", "--scheme", "coaching-cycle", "--title", "Period 3", "--json")
    assert code == 0, err
    observation = json.loads(out)["id"]
    for end in talk_lesson.question_ends[:4]:  # keyed on a stopwatch started 8 s before the camera
        code, _, err = run("observation", "code", observation, "Q-open", "--at", f"{end + 8.4:.2f}")
        assert code == 0, err
    start, end = talk_lesson.teacher_sample()
    sample = f"{start:.2f}-{end:.2f}"
    code, out, err = run("talk", evidence_id, "--teacher-sample", sample, "--questions-from", observation, "--json")
    assert code == 0, err
    coach = json.loads(out)["coach_observation"]
    assert coach["offset_s"] == 0 and coach["better_offset_s"] == pytest.approx(-8.0, abs=1.5)
    code, out, err = run("talk", evidence_id, "--observation-offset=-0:08")
    assert code == 0, err
    assert "(coded by the coach: Q-open): waited 2.8 s" in out and "its 0:00 at -0:08.0 of the recording" in out
    assert "4 of 4 coded questions fall in the recording, 4 of them at the end of teacher talk" in out
    code, out, err = run("talk", evidence_id, "--no-observation", "--question-at", "28", "--json")
    document = json.loads(out)
    assert document["coach_observation"] is None and [w["source"] for w in document["wait_times"]] == ["teacher"]
    code, _, err = run("talk", evidence_id, "--question-codes", "Q-open")
    assert code == 1 and "need --questions-from" in err
    code, _, err = run("talk", evidence_id, "--questions-from", "nothing")
    assert code == 1 and f"These are: {observation} “Period 3” (your observation)" in err


@pytest.fixture
def observation_id(run, data_dir, talk_lesson, tmp_path):
    """A coach's observation with the lesson recorded from 12 s on and two questions coded on its clock."""
    import shutil

    from portfolio_app.services.library import open_library
    from portfolio_app.services.observation_recordings import attach_recording, stage_recording

    code, out, err = run(
        "observation", "new", "--scheme", "coaching-cycle", "--title", "Period 3", "--observer", "Coach Kim", "--json"
    )
    assert code == 0, err
    observation = json.loads(out)["id"]
    for index in (0, 2):
        at = talk_lesson.question_ends[index] + 0.3 + 12.0
        assert run("observation", "code", observation, "Q-open", "--at", f"{at:.3f}")[0] == 0
    end = talk_lesson.question_ends[2] + 12.0  # the coach timed the wait after the third question by hand
    timed = ("--at", f"{end + 0.5:.3f}", "--end", f"{end + talk_lesson.waits[2]:.3f}")
    assert run("observation", "code", observation, "WT-wait", *timed)[0] == 0
    made = tmp_path / "lesson.m4a"
    shutil.copyfile(talk_lesson.m4a, made)
    library = open_library(data_dir)
    try:
        attach_recording(library, observation, stage_recording(library.store, made, "lesson.m4a"), 12.0)
    finally:
        library.close()
    return observation


def test_talk_on_an_observations_recording_takes_its_coded_questions(run, observation_id, talk_lesson):
    start, end = talk_lesson.teacher_sample()
    code, out, err = run(
        "talk", "--observation", observation_id, "--teacher-sample", f"{start:.2f}-{end:.2f}", "--json"
    )
    assert code == 0, err
    document = json.loads(out)
    assert document["observation_id"] == observation_id and document["note"] is None
    assert document["recording"]["number"] == 1 and document["recording"]["starts_at_s"] == 12.0
    assert {"segments", "teacher_share", "student_share", "silence_share", "wait_times"} <= document.keys()
    assert document["coach_observation"]["offset_s"] == -12.0
    assert [w["source"] for w in document["wait_times"]] == ["coach", "coach"]
    for measured, index in zip(document["wait_times"], (0, 2), strict=True):
        assert measured["wait"] == pytest.approx(talk_lesson.waits[index], abs=0.5)
    [timed] = document["coach_timed_waits"]
    assert timed["at"] == pytest.approx(talk_lesson.question_ends[2] + 0.5, abs=0.01)
    assert timed["coach_s"] == pytest.approx(talk_lesson.waits[2] - 0.5, abs=0.01)
    assert timed["measured_s"] == pytest.approx(talk_lesson.waits[2], abs=0.5)
    code, out, err = run("talk", "--observation", observation_id, "--recording", "1")  # the sample is kept
    assert code == 0, err
    assert "“Period 3”, recording 1 of 1: lesson.m4a" in out and "(coded by the coach: Q-open)" in out
    assert "Wait you timed at" in out


def test_talk_on_an_observation_refuses_what_does_not_fit_it(run, observation_id, evidence_id):
    code, out, err = run("talk", "--observation", observation_id, "--json")
    assert code == 1 and out == "" and "Mark a sample of the teacher's voice" in err
    code, _, err = run("talk", "--observation", observation_id, "--recording", "2", "--teacher-sample", "1-5")
    assert code == 1 and "has no recording 2" in err
    code, _, err = run("talk", evidence_id, "--observation", observation_id)
    assert code == 1 and "--observation cannot go with EVIDENCE_ID" in err
    code, _, err = run("talk", "--recording", "1")
    assert code == 1 and "--recording N needs --observation" in err
    code, _, err = run("talk")
    assert code == 1 and "EVIDENCE_ID, or --observation" in err
