"""Talk Time from the coach's summary of an observation with a recording: the talk window opens on that
recording, the coach marks the teacher's voice and measures, the observation's coded questions show
with their waits, the figures are copied for the post-conference, and they are kept for the next time."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtGui import QGuiApplication

from portfolio_app.core.talk import QuestionSource
from portfolio_app.services import observations
from portfolio_app.services.observation_recordings import attach_recording, stage_recording
from portfolio_app.ui.observation.summary_view import SummaryView

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")

STARTED_AT_S = 12.0


@pytest.fixture
def observed(library, talk_lesson, tmp_path) -> str:
    observation = observations.new_observation(library, "coaching-cycle", "Period 3, moon phases").value
    for index in (0, 1, 3):
        at = talk_lesson.question_ends[index] + 0.4 + STARTED_AT_S
        observations.code_event(library, observation.id, "Q-open", round(at, 3))
    end = talk_lesson.question_ends[3] + STARTED_AT_S  # the coach timed the fourth question's wait too
    observations.code_event(library, observation.id, "WT-wait", round(end + 0.5, 3), end=round(end + 4.0, 3))
    observations.finish(library, observation.id, 150.0)
    made = tmp_path / "lesson.m4a"
    shutil.copyfile(talk_lesson.m4a, made)
    attach_recording(library, observation.id, stage_recording(library.store, made, "lesson.m4a"), STARTED_AT_S)
    return observation.id


def _open_talk(qtbot, view: SummaryView):
    qtbot.waitUntil(lambda: not view.talk_button.isHidden(), timeout=5_000)
    view.talk_button.click()
    window = view.talk_window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.panel.observed is not None, timeout=5_000)
    return window


def test_the_summarys_talk_time_measures_the_recording_with_the_coded_questions(qtbot, ops, observed, talk_lesson):
    view = SummaryView(ops, observed)
    qtbot.addWidget(view)
    view.show()
    window = _open_talk(qtbot, view)
    panel = window.panel
    assert "Period 3, moon phases" in window.windowTitle() and window.recordings.isHidden()
    assert panel.reflect_button.isHidden() and panel.offer_button.isHidden() and panel.coach.isHidden()
    assert not panel.measure_button.isEnabled() and not panel.copy_button.isEnabled()
    panel._marked_range = talk_lesson.teacher_sample  # as if marked with [ and ] under the player
    panel.sample_button.click()
    assert "The teacher's voice: 0:" in panel.sample_label.text()
    with qtbot.waitSignal(panel.measured, timeout=60_000) as measured:
        panel.measure_button.click()
    result = measured.args[0]
    assert [w.source for w in result.wait_times] == [QuestionSource.COACH] * 3
    for wait, index in zip(result.wait_times, (0, 1, 3), strict=True):
        assert wait.wait == pytest.approx(talk_lesson.waits[index], abs=0.5)
    assert panel.timeline.result == result and panel.chart.shares[0][:2] == ("Teacher", result.teacher_share)
    assert f"teacher {result.teacher_share:.0%}" in panel.figures.text()
    panel.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Talk time in “Period 3, moon phases”") and "of 3 reached 3 s" in copied
    assert "Waits timed by the coach, beside the silence measured there (1):" in copied
    assert "timed 3.5 s, measured " in panel.figures.text()
    assert panel.timed[0].measured_s == pytest.approx(talk_lesson.waits[3], abs=0.5)
    assert "clipboard" in panel.message.text()
    window.close()

    again = _open_talk(qtbot, view)  # the figures were kept with the recording
    qtbot.waitUntil(lambda: again.panel.result is not None, timeout=5_000)
    assert again.panel.result == result and again.panel.sample == result.teacher_sample
    assert "timed 3.5 s" in again.panel.figures.text()
    again.close()


def test_a_summary_without_a_recording_offers_no_talk_time(qtbot, ops, library):
    observation = observations.new_observation(library, "coaching-cycle", "Not recorded").value
    view = SummaryView(ops, observation.id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "No recording" in view.recording_label.text(), timeout=5_000)
    assert view.talk_button.isHidden()


def test_an_observation_with_two_recordings_lets_the_coach_choose_one(
    qtbot, ops, library, observed, talk_lesson, tmp_path
):
    made = tmp_path / "second.m4a"
    shutil.copyfile(talk_lesson.m4a, made)
    attach_recording(library, observed, stage_recording(library.store, made, "second.m4a"), 140.0)
    view = SummaryView(ops, observed)
    qtbot.addWidget(view)
    view.show()
    window = _open_talk(qtbot, view)
    assert not window.recordings.isHidden() and window.recordings.count() == 2
    assert window.panel.observed.number == 1
    window.recordings.setCurrentIndex(1)
    window.recordings.activated.emit(1)
    qtbot.waitUntil(lambda: window.panel.observed.number == 2, timeout=5_000)
    assert window.panel.observed.recording.starts_at_s == 140.0 and "second.m4a" in window.windowTitle()
    window.close()
