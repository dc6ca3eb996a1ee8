"""The coach's coded questions in the Talk Time panel: choose the observation, where its 0:00 is and which
codes are questions; measure; read the fit, take the offered offset, measure again; reopen and find it
kept; let it go."""

from __future__ import annotations

import pytest

from portfolio_app.core.talk import QuestionSource
from portfolio_app.core.talk_questions import CoachChoice
from portfolio_app.services import observations, portfolios
from portfolio_app.services.evidence import import_files
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.ui.talk.talk_panel import TalkPanel
from tests.ready_portfolio import CREDENTIAL

STOPWATCH_AHEAD_S = 8.0


@pytest.fixture
def recording(library, talk_lesson):
    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases").value
    return import_files(library, portfolio.id, [talk_lesson.m4a]).value.imported[0]


@pytest.fixture
def coached(library, talk_lesson) -> str:
    observation = observations.new_observation(library, "coaching-cycle", "Period 3, moon phases").value
    for end in talk_lesson.question_ends[:4]:
        observations.code_event(library, observation.id, "Q-open", round(end + 0.4 + STOPWATCH_AHEAD_S, 3))
    observations.code_event(library, observation.id, "F-general", 30.0)
    return observation.id


def make_panel(qtbot, ops, library, recording, talk_lesson) -> TalkPanel:
    panel = TalkPanel(ops)
    qtbot.addWidget(panel)
    panel.set_evidence(recording, portfolios.portfolio_with_credential(library, recording.portfolio_id)[1])
    panel.set_sample(*talk_lesson.teacher_sample())
    return panel


def test_the_coachs_questions_are_chosen_measured_fitted_and_kept(qtbot, ops, library, recording, coached, talk_lesson):
    panel = make_panel(qtbot, ops, library, recording, talk_lesson)
    box = panel.coach
    assert box.observation.itemText(0).startswith("None") and box.choice() is None
    box.observation.setCurrentIndex(box.observation.findData(coached))
    checked = [a.data() for a in box.codes_menu.actions() if a.isChecked()]
    assert checked == ["Q-recall", "Q-open", "Q-probe"]  # the scheme's questions; feedback is not
    assert "Questions: Recall question, Open question, Probe or follow-up" in box.report.text()
    with qtbot.waitSignal(panel.measured) as measured:
        panel.measure_button.click()  # at 0:00 of the recording: the coach's stopwatch started first
    assert measured.args[0].coach.at_turn_end <= 1
    assert not box.better_button.isHidden() and "the clocks may not have started together" in box.report.text()
    box.better_button.click()
    assert box.offset.value() == pytest.approx(-STOPWATCH_AHEAD_S, abs=1.5)
    assert "Measure again" in box.report.text() and box.better_button.isHidden()
    with qtbot.waitSignal(panel.measured) as measured:
        panel.measure_button.click()
    result = measured.args[0]
    assert [w.source for w in result.wait_times] == [QuestionSource.COACH] * 4
    for wait, truth in zip(result.wait_times, talk_lesson.waits[:4], strict=True):
        assert wait.wait == pytest.approx(truth, abs=0.5)
    assert "4 of 4 coded questions fall in the recording; 4 of them at the end of your talk" in box.report.text()
    assert box.better_button.isHidden()
    assert "(coded by your coach: Open question): waited 2.8 s" in panel.figures.text()
    first = result.wait_times[0]
    x = panel.timeline.x_of(first.question_at)
    assert panel.timeline.wait_at(x + 3) == first
    assert "coded by your coach (Q-open): waited 2.8 s" in panel.timeline._wait_text(first)

    again = make_panel(qtbot, ops, library, recording, talk_lesson)  # the window opened another day
    assert again.coach.observation.currentData() == coached
    assert again.coach.offset.value() == result.coach.offset_s and "4 of 4" in again.coach.report.text()
    again.coach.observation.setCurrentIndex(0)  # None: only the teacher's own marks
    again.add_question(talk_lesson.questions[0])
    with qtbot.waitSignal(again.measured) as measured:
        again.measure_button.click()
    assert measured.args[0].coach is None
    assert [w.source for w in measured.args[0].wait_times] == [QuestionSource.TEACHER]


def test_without_observations_the_choice_says_so_and_one_coded_meanwhile_appears(
    qtbot, ops, library, recording, talk_lesson
):
    panel = make_panel(qtbot, ops, library, recording, talk_lesson)
    box = panel.coach
    assert not box.observation.isEnabled() and "No observation" in box.report.text()
    observation = observations.new_observation(library, "coaching-cycle", "Period 3").value
    ops.announce(observations.code_event(library, observation.id, "Q-open", 20.0).changes)
    assert box.observation.isEnabled() and box.observation.findData(observation.id) == 1
    box.observation.setCurrentIndex(1)
    box.offset.setValue(-8.0)
    ops.announce(observations.code_event(library, observation.id, "Q-probe", 30.0).changes)
    assert box.choice() == CoachChoice(observation.id, -8.0, ("Q-recall", "Q-open", "Q-probe"))


def test_under_the_player_the_strip_says_how_many_questions_the_coach_coded(
    qtbot, ops, library, recording, coached, talk_lesson
):
    from portfolio_app.services.talk import analyse_talk
    from portfolio_app.ui.talk.talk_strip import TalkStrip

    strip = TalkStrip(ops)
    qtbot.addWidget(strip)
    strip.show_evidence(recording)
    choice = CoachChoice(coached, offset_s=-STOPWATCH_AHEAD_S)
    ops.announce(analyse_talk(library, recording.id, talk_lesson.teacher_sample(), (), coach=choice).changes)
    assert "waits after questions: 2.8 s, 1.5 s, 3.8 s, 5.0 s (4 of the questions coded by your coach)" in (
        strip.summary.text()
    )
