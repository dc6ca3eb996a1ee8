"""Talk time as a use case: measured on imported evidence, kept (a re-run replaces it), offered as
evidence for a criterion, put into a reflection, and carried into the bundle as a small summary."""

from __future__ import annotations

import json
import re
import zipfile

import jsonschema
import pytest

from portfolio_app.core.errors import InvalidInputError
from portfolio_app.core.talk import Speaker, TalkResult, TalkSegment, WaitTime
from portfolio_app.resource_paths import schema_path
from portfolio_app.services import export, rubric, talk
from portfolio_app.services.evidence import import_files, list_evidence
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.tags import tags_for_evidence
from tests import mediagen as gen
from tests.ready_portfolio import CREDENTIAL, make_ready_portfolio
from tests.talk_lesson import score


@pytest.fixture
def recording(library, talk_lesson):
    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases").value
    return import_files(library, portfolio.id, [talk_lesson.m4a]).value.imported[0]


def test_the_first_run_asks_for_a_sample_of_the_teachers_voice(library, recording):
    with pytest.raises(InvalidInputError, match="Mark a sample of your own voice"):
        talk.analyse_talk(library, recording.id)


def test_figures_are_kept_and_a_rerun_replaces_them_keeping_the_sample_and_questions(library, recording, talk_lesson):
    first = talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), talk_lesson.questions)
    assert first.changes.talk
    stored = talk.get_talk(library, recording.id)
    assert stored.result == first.value and stored.blob == recording.blob
    assert score(stored.result, talk_lesson).frame_accuracy > 0.93
    again = talk.analyse_talk(library, recording.id, questions=talk_lesson.questions[:2]).value
    assert again.teacher_sample == talk_lesson.teacher_sample()
    assert [w.question_at for w in again.wait_times] == list(talk_lesson.questions[:2])
    assert library.db.execute("SELECT count(*) FROM talk_analyses").fetchone()[0] == 1
    assert talk.talk_for_portfolio(library, recording.portfolio_id) == {recording.id: again}


def test_the_figures_can_be_offered_for_a_criterion_as_a_tag(library, recording, talk_lesson):
    talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), talk_lesson.questions)
    tag = talk.offer_talk(library, recording.id, "wait-time").value
    assert tag.criterion_id == "wait-time"
    assert tag.span.start_s == 0 and tag.span.end_s == pytest.approx(talk_lesson.duration, abs=0.1)
    assert "Talk time: teacher 5" in tag.note and "wait after questions: 2.8 s" in tag.note
    assert tags_for_evidence(library, recording.id) == [tag]


def test_the_figures_go_into_a_part_3_answer_after_what_was_written(library, recording, talk_lesson):
    with pytest.raises(InvalidInputError, match="no talk-time figures yet"):
        talk.add_talk_to_answer(library, recording.id, "effect-on-answers")
    talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), talk_lesson.questions)
    rubric.save_response(library, recording.portfolio_id, "effect-on-answers", "Students answered at length.")
    response = talk.add_talk_to_answer(library, recording.id, "effect-on-answers").value
    before, added = response.text.split("\n\n")
    assert before == "Students answered at length."
    talked = re.match(r"In “lesson” \(2 min \d+ s\), I talked for (\d+)% of the lesson", added)
    assert abs(int(talked[1]) - 100 * talk_lesson.truth_share("teacher")) < 3
    with pytest.raises(InvalidInputError, match="not a Part 3"):
        talk.add_talk_to_answer(library, recording.id, "class-context")


def test_a_lesson_video_is_measured_by_its_sound(library, talk_lesson):
    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases on video").value
    video = import_files(library, portfolio.id, [talk_lesson.mp4]).value.imported[0]
    assert video.kind == "video"
    result = talk.analyse_talk(library, video.id, talk_lesson.teacher_sample(), talk_lesson.questions).value
    assert score(result, talk_lesson).teacher_share_error < 0.08


def test_only_recordings_are_measured(library, tmp_path):
    portfolio = create_portfolio(library, CREDENTIAL, "Work").value
    photo = import_files(library, portfolio.id, [gen.make_jpeg(tmp_path / "work.jpg")]).value.imported[0]
    with pytest.raises(InvalidInputError, match="measured on video or audio"):
        talk.analyse_talk(library, photo.id, (0.0, 5.0))


def test_the_bundle_carries_the_summary_of_a_measured_recording(library, tmp_path):
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    video = next(e for e in list_evidence(library, portfolio.id) if e.kind == "video")
    segments = (TalkSegment(0.1, 1.2, Speaker.TEACHER, 0.9), TalkSegment(1.5, 1.9, Speaker.STUDENT, 0.8))
    result = TalkResult(2.0, segments, (WaitTime(1.0, 0.3, 1.2),), (0.1, 1.2), "test method", ("limit",), 0.07)
    talk.record_talk(library, talk.MeasuredTalk(video, (1.0,), result))
    (tmp_path / "out").mkdir()
    bundle = export.export_portfolio(library, portfolio.id, tmp_path / "out" / "b.zip").value.path
    with zipfile.ZipFile(bundle) as archive:
        name = next(n for n in archive.namelist() if n.endswith("data/submission.json"))
        document = json.loads(archive.read(name))
    schema = json.loads(schema_path("submission.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    carried = {e["id"]: e.get("talk") for e in document["evidence"]}
    assert carried[video.id] == result.summary()
    assert carried[video.id]["teacher_share"] == 0.55 and carried[video.id]["wait_times_s"] == [0.3]
    assert sum(1 for value in carried.values() if value) == 1  # only the measured recording
