"""The coach's coded questions as wait-time markers: from the coach's own observation or a signed one the
teacher imported, laid on the recording by an offset, kept for a re-run, and checked against the
recording (what falls outside, a better offset offered, no overlap refused before listening)."""

from __future__ import annotations

import pytest

from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.talk import QuestionSource
from portfolio_app.core.talk_questions import CoachChoice
from portfolio_app.services import observations, talk
from portfolio_app.services.evidence import import_files
from portfolio_app.services.observation_records import import_signed_observation, sign_observation
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.profile import save_profile
from portfolio_app.services.talk_questions import coach_observations
from tests.ready_portfolio import CREDENTIAL

STOPWATCH_AHEAD_S = 8.0  # the coach started the stopwatch 8 s before the camera: offset −8 s
CODED = (0, 1, 2, 3, 5)  # the coach coded five of the six questions (not the fifth)
KEYED_LATE_S = (0.4, 0.8, 0.2, 0.6, 0.3)


@pytest.fixture
def recording(library, talk_lesson):
    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases").value
    return import_files(library, portfolio.id, [talk_lesson.m4a]).value.imported[0]


@pytest.fixture
def coached(library, talk_lesson) -> str:
    """The coach's observation of the lesson on a stopwatch: five questions, feedback, one question after
    the camera stopped."""
    observation = observations.new_observation(library, "coaching-cycle", "Period 3, moon phases").value
    codes = ("Q-recall", "Q-open", "Q-open", "Q-probe", "Q-open")
    for index, late, code in zip(CODED, KEYED_LATE_S, codes, strict=True):
        at = talk_lesson.question_ends[index] + late + STOPWATCH_AHEAD_S
        observations.code_event(library, observation.id, code, round(at, 3))
    observations.code_event(library, observation.id, "F-specific", 40.0)  # feedback: not a question
    observations.code_event(library, observation.id, "Q-open", 135.0)  # the camera had stopped
    observations.finish(library, observation.id, 140.0)
    return observation.id


def test_the_coachs_questions_measure_the_wait_after_each_and_merge_with_the_teachers_marks(
    library, recording, coached, talk_lesson
):
    marked = talk_lesson.questions[:2]  # the teacher pressed Q at the first two
    choice = CoachChoice(coached, offset_s=-STOPWATCH_AHEAD_S)
    result = talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), marked, coach=choice).value
    sources = [w.source for w in result.wait_times]
    assert sources == [QuestionSource.BOTH, QuestionSource.BOTH] + [QuestionSource.COACH] * 3
    assert [w.code for w in result.wait_times] == ["Q-recall", "Q-open", "Q-open", "Q-probe", "Q-open"]
    for wait, index in zip(result.wait_times, CODED, strict=True):
        assert wait.wait == pytest.approx(talk_lesson.waits[index], abs=0.5)
    coach = result.coach
    assert (coach.observation, coach.offset_s, coach.codes) == (coached, -8.0, ("Q-recall", "Q-open", "Q-probe"))
    assert (coach.coded, coach.placed, coach.outside) == (6, 5, (135.0,))
    assert coach.at_turn_end == 5 and coach.better_offset_s is None
    document = result.as_json()
    assert document["wait_times"][2]["source"] == "coach" and document["coach_observation"]["outside"] == [135.0]


def test_a_rerun_keeps_the_observation_until_it_is_let_go(library, recording, coached, talk_lesson):
    choice = CoachChoice(coached, offset_s=-STOPWATCH_AHEAD_S)
    talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), (), coach=choice)
    again = talk.analyse_talk(library, recording.id, questions=talk_lesson.questions[4:5]).value
    assert again.coach.observation == coached and len(again.wait_times) == 6
    assert talk.get_talk(library, recording.id).result == again
    with library.db.atomic():  # the coach deleted the observation since
        library.db.execute("DELETE FROM observations WHERE id = ?", [coached])
    with pytest.raises(NotFoundError, match="“Period 3, moon phases” .* no longer in the library.*--no-observation"):
        talk.analyse_talk(library, recording.id)
    without = talk.analyse_talk(library, recording.id, drop_coach=True).value
    assert without.coach is None and [w.source for w in without.wait_times] == [QuestionSource.TEACHER]


def test_a_wrong_offset_leaves_questions_without_a_wait_and_the_fitting_one_is_offered(
    library, recording, coached, talk_lesson
):
    result = talk.analyse_talk(
        library, recording.id, talk_lesson.teacher_sample(), (), coach=CoachChoice(coached)
    ).value  # offset 0: as if the stopwatch and the camera had started together
    coach = result.coach
    assert coach.offset_s == 0 and coach.at_turn_end <= 2
    assert coach.better_offset_s == pytest.approx(-STOPWATCH_AHEAD_S, abs=1.5) and coach.better_at_turn_end == 5
    assert coach.outside == (135.0,)
    assert any(w.wait is None for w in result.wait_times)


def test_an_observation_beside_the_recording_is_refused_before_listening(library, recording, coached, talk_lesson):
    with pytest.raises(InvalidInputError, match="does not overlap the recording"):
        talk.analyse_talk(
            library, recording.id, talk_lesson.teacher_sample(), (), coach=CoachChoice(coached, offset_s=-300.0)
        )
    assert talk.get_talk(library, recording.id) is None
    with pytest.raises(NotFoundError, match="no observation 'nothing-here'"):
        talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), (), coach=CoachChoice("nothing-here"))
    with pytest.raises(InvalidInputError, match="not a signed observation"):
        talk.analyse_talk(library, recording.id, talk_lesson.teacher_sample(), (), coach=CoachChoice(recording.id))
    with pytest.raises(InvalidInputError, match="no code 'Q-nope'"):
        talk.analyse_talk(
            library, recording.id, talk_lesson.teacher_sample(), (), coach=CoachChoice(coached, codes=("Q-nope",))
        )


def test_a_signed_observation_the_teacher_imported_gives_its_questions(library, coached, talk_lesson, tmp_path):
    save_profile(library, "Coach Kim", "kim@district.example.org")
    signed = sign_observation(library, coached, tmp_path / "handover.zip").path
    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases, with the coach").value
    [lesson] = import_files(library, portfolio.id, [talk_lesson.m4a]).value.imported
    imported = import_signed_observation(library, portfolio.id, signed).value.evidence
    offered = coach_observations(library, lesson.id)
    assert [(o.observation.ref, o.where) for o in offered] == [
        (imported.id, "signed by Coach Kim"),
        (coached, "your observation"),
    ]
    assert offered[0].question_codes == ("Q-recall", "Q-open", "Q-probe") and not offered[0].interval_coded
    with library.db.atomic():  # one from a later version, with a scheme this one cannot read
        library.db.execute(
            "UPDATE observation_evidence SET document = ? WHERE evidence_id = ?",
            [
                library.db.execute("SELECT document FROM observation_evidence WHERE evidence_id = ?", [imported.id])
                .fetchone()[0]
                .replace('"format": "mcp-scheme/1"', '"format": "mcp-scheme/9"'),
                imported.id,
            ],
        )
    assert [o.observation.ref for o in coach_observations(library, lesson.id)] == [coached]
    with library.db.atomic():
        library.db.execute(
            "UPDATE observation_evidence SET document = replace(document, 'mcp-scheme/9', 'mcp-scheme/1')"
        )
    only_open = CoachChoice(imported.id, offset_s=-STOPWATCH_AHEAD_S, codes=("Q-open",))
    result = talk.analyse_talk(library, lesson.id, talk_lesson.teacher_sample(), (), coach=only_open).value
    assert [w.code for w in result.wait_times] == ["Q-open", "Q-open", "Q-open"]
    assert result.coach.observation == imported.id and result.coach.codes == ("Q-open",)


def test_an_observation_coded_on_this_recording_is_offered_first(library, recording, coached):
    other = observations.new_observation(library, "coaching-cycle", "Period 5").value
    observations.code_event(library, other.id, "Q-open", 3.0)
    with library.db.atomic():  # its clock was this recording's position (as the observation room records it)
        library.db.execute("UPDATE observations SET clock_evidence = ? WHERE id = ?", [recording.id, coached])
    offered = coach_observations(library, recording.id)
    assert [(o.observation.ref, o.where) for o in offered] == [
        (coached, "your observation, coded on this recording"),
        (other.id, "your observation"),
    ]


def test_a_signed_observation_that_names_this_recording_lays_itself_on_it(library, coached, talk_lesson, tmp_path):
    """The observation room's hand-over names the recordings made while observing (SHA-256, and the
    observation's moment at their first frame): the one that is this file gives the offset itself."""
    from portfolio_app.bundle.keys import signing_key
    from portfolio_app.bundle.observation.summary_pdf import summary_pdf
    from portfolio_app.bundle.observation.table import record_csv, record_document
    from portfolio_app.bundle.record import RecordFile, write_record

    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases, recorded by the coach").value
    [lesson] = import_files(library, portfolio.id, [talk_lesson.m4a]).value.imported
    record = observations.get_record(library, coached)
    document = {
        "type": "observation",
        "signer": {"name": "Coach Kim", "email": "kim@district.example.org"},
        "observation": record_document(record),
        "files": {"summary": "summary.pdf", "table": "observation.csv"},
        "recordings": [
            {"name": "other.m4a", "sha256": "0" * 64, "starts_at_s": 0.0},
            {"name": "lesson.m4a", "sha256": lesson.blob, "starts_at_s": STOPWATCH_AHEAD_S},
        ],
    }
    files = [
        RecordFile("summary.pdf", data=summary_pdf(record)),
        RecordFile("observation.csv", data=record_csv(record)),
    ]
    path = write_record(document, tmp_path / "handover.zip", signing_key(), files=files).path
    imported = import_signed_observation(library, portfolio.id, path).value.evidence
    [signed, *_] = coach_observations(library, lesson.id)
    assert signed.where == "signed by Coach Kim, coded on this recording"
    assert signed.observation.offset_s == -STOPWATCH_AHEAD_S
    result = talk.analyse_talk(library, lesson.id, talk_lesson.teacher_sample(), (), coach=CoachChoice(imported.id))
    assert result.value.coach.offset_s == -STOPWATCH_AHEAD_S and result.value.coach.at_turn_end == 5
