"""Talk Time in the window: a teacher marks their voice and questions, measures, sees the timeline and
shares, clicks to play, adds the figures to a reflection, offers them for a criterion; the panel
says what the method cannot do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from portfolio_app.core.changes import Changes
from portfolio_app.core.talk import Speaker
from portfolio_app.services import portfolios, rubric
from portfolio_app.services.evidence import import_files
from portfolio_app.services.portfolios import create_portfolio
from portfolio_app.services.tags import tags_for_evidence
from portfolio_app.ui.talk.talk_panel import TalkPanel
from portfolio_app.ui.talk.talk_window import TalkWindow
from tests.ready_portfolio import CREDENTIAL


@pytest.fixture
def recording(library, talk_lesson):
    portfolio = create_portfolio(library, CREDENTIAL, "Moon phases").value
    return import_files(library, portfolio.id, [talk_lesson.m4a]).value.imported[0]


@pytest.fixture
def panel(qtbot, ops, library, recording, talk_lesson):
    state = {"position": 0.0, "marked": None}
    widget = TalkPanel(ops, position=lambda: state["position"], marked_range=lambda: state["marked"])
    widget.player_state = state
    qtbot.addWidget(widget)
    credential = portfolios.portfolio_with_credential(library, recording.portfolio_id)[1]
    widget.set_evidence(recording, credential)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_panel_says_what_the_method_cannot_do_before_anything_is_measured(panel):
    assert "crosstalk" in panel.limits.text() and "nearest the microphone" in panel.limits.text()
    assert not panel.measure_button.isEnabled()
    assert not panel.reflect_button.isEnabled()


def test_marking_a_sample_and_questions_then_measuring_shows_the_figures(qtbot, panel, talk_lesson, library, recording):
    panel.sample_button.click()
    assert "Mark a few seconds" in panel.message.text()
    panel.player_state["marked"] = talk_lesson.teacher_sample()
    panel.sample_button.click()
    assert panel.measure_button.isEnabled()
    panel.activateWindow()
    panel.timeline.setFocus()
    qtbot.waitUntil(panel.timeline.hasFocus)
    for at in talk_lesson.questions[:3]:
        panel.player_state["position"] = at
        qtbot.keyClick(panel.timeline, Qt.Key.Key_Q)
    assert panel.questions.count() == 3
    with qtbot.waitSignal(panel.measured) as measured:
        panel.measure_button.click()
    result = measured.args[0]
    assert {s.speaker for s in result.segments} == {Speaker.TEACHER, Speaker.STUDENT}
    assert panel.timeline.result == result and panel.chart.shares[0][1] == result.teacher_share
    assert "You talked 5" in panel.figures.text() and "waited 2.8 s" in panel.figures.text()
    assert "waits after questions: 2.8 s, 1.5 s, 3.8 s" in panel.timeline.accessibleDescription()
    assert panel.reflect_button.isEnabled()


def test_clicking_the_timeline_asks_the_player_to_go_there(qtbot, panel):
    panel.timeline.set_result(None, 100.0)
    with qtbot.waitSignal(panel.seek_requested) as seek:
        qtbot.mouseClick(panel.timeline, Qt.MouseButton.LeftButton, pos=QPoint(panel.timeline.width() // 4, 30))
    assert seek.args[0] == pytest.approx(25.0, abs=1.0)


def test_add_to_my_reflection_and_offer_as_evidence(qtbot, panel, talk_lesson, library, recording, ops):
    panel.player_state["marked"] = talk_lesson.teacher_sample()
    panel.sample_button.click()
    panel.add_question(talk_lesson.questions[0])
    with qtbot.waitSignal(panel.measured) as measured:
        panel.measure_button.click()
    result = measured.args[0]
    panel.prompts.setCurrentIndex(panel.prompts.findData("effect-on-answers"))
    with qtbot.waitSignal(ops.changed, check_params_cb=lambda changes, _i: changes.responses):
        panel.reflect_button.click()
    answer = rubric.get_responses(library, recording.portfolio_id)["effect-on-answers"].text
    assert f"I talked for {result.teacher_share:.0%} of the lesson" in answer
    panel.criteria.setCurrentIndex(panel.criteria.findData("wait-time"))
    panel.offer_button.click()
    assert [t.criterion_id for t in tags_for_evidence(library, recording.id)] == ["wait-time"]


def test_a_panel_reopened_on_a_measured_recording_shows_its_figures(qtbot, ops, library, recording, talk_lesson):
    from portfolio_app.services.talk import analyse_talk

    analyse_talk(library, recording.id, talk_lesson.teacher_sample(), talk_lesson.questions[:2])
    window = TalkWindow(ops, recording.id)
    qtbot.addWidget(window)
    assert window.panel.result is not None and window.panel.questions.count() == 2
    assert "Your voice: 0:01.5" in window.panel.sample_label.text()
    ops.announce(Changes(talk=True))  # another screen measured again: the panel reloads
    assert window.panel.result is not None


def test_a_failed_measurement_says_why_in_the_panel(qtbot, panel):
    panel.set_sample(0.0, 1.2)  # the lead-in: nobody talks
    panel.measure_button.click()
    assert "mark at least" in panel.message.text()
    assert panel.measure_button.isEnabled()


def test_talk_time_opens_from_the_edit_menu_of_a_recording(qtbot, ops, recording):
    from PySide6.QtGui import QUndoStack

    from portfolio_app.ui.workspace.evidence_pane import EvidencePane

    pane = EvidencePane(ops, QUndoStack())
    qtbot.addWidget(pane)
    pane.show_portfolio(recording.portfolio_id)
    pane.select(recording.id)
    assert pane.edits.talk_action.isEnabled() and pane.edits.talk_action in pane.edits.menu.actions()
    pane.edits.talk_action.trigger()
    window = pane.edits.talk_window
    assert window.isVisible() and window.panel.evidence.id == recording.id
    assert "lesson" in window.windowTitle()
    assert window.panel.question_action in window.player.actions()  # Q works while the player has the keys
    window.close()


def test_questions_can_come_from_the_markers_pressed_while_recording(panel, library, recording, talk_lesson):
    from portfolio_app.services.evidence import add_marker

    panel.markers_button.click()
    assert "no markers" in panel.message.text()
    for at in talk_lesson.questions[:2]:
        add_marker(library, recording.id, at, "question")
    panel.markers_button.click()
    assert panel._question_times() == pytest.approx(list(talk_lesson.questions[:2]))


def test_under_the_player_a_measured_recording_shows_its_talk_timeline(qtbot, ops, library, recording, talk_lesson):
    from PySide6.QtGui import QUndoStack

    from portfolio_app.services.talk import analyse_talk
    from portfolio_app.ui.workspace.evidence_pane import EvidencePane

    pane = EvidencePane(ops, QUndoStack())
    qtbot.addWidget(pane)
    pane.show()
    pane.show_portfolio(recording.portfolio_id)
    pane.select(recording.id)
    strip = pane.viewer.talk
    assert not strip.isVisible()  # not measured yet
    outcome = analyse_talk(library, recording.id, talk_lesson.teacher_sample(), talk_lesson.questions[:1])
    ops.announce(outcome.changes)  # as the Talk Time window's op does when it keeps the figures
    assert strip.isVisible() and strip.timeline.result == outcome.value
    assert "Talk time: you 5" in strip.summary.text() and "2.8 s" in strip.summary.text()
    with qtbot.waitSignal(strip.seek_requested):
        qtbot.mouseClick(strip.timeline, Qt.MouseButton.LeftButton, pos=QPoint(strip.timeline.width() // 2, 30))
    pane.viewer.show_evidence(None)
    assert not strip.isVisible()
