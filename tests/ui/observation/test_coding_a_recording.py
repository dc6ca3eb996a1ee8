"""Coding a generated lesson recording afterwards: the player's position is the clock, and a click
on the timeline plays the recording there."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from portfolio_app.core.observation import Clock
from portfolio_app.services.observations import get_record, list_observations
from portfolio_app.ui.observation.observation_window import ObservationWindow
from tests import mediagen as gen

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


def test_coding_a_recording_uses_its_position(qtbot, ops, library, tmp_path):
    video = gen.make_video(tmp_path / "lesson.mp4", 4.0, fps=25)
    window = ObservationWindow(ops)
    qtbot.addWidget(window, before_close_func=lambda w: w.player and w.player.clear())
    window.show()
    form = window.form
    form.scheme.setCurrentIndex(form.scheme.findData("coaching-cycle"))
    form.title.setText("Period 3, afterwards")
    form.video.setText(str(video))
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    [summary] = list_observations(library)
    assert summary.observation.clock is Clock.RECORDING
    live, player = window.live, window.player.player
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=15_000)
    qtbot.keyClick(live, Qt.Key.Key_Space)  # pause the playback
    qtbot.waitUntil(lambda: player.playbackState() != QMediaPlayer.PlaybackState.PlayingState, timeout=5_000)
    live.timeline.moment_clicked.emit(2.5)  # a click on the lanes at 2.5 s
    qtbot.waitUntil(lambda: abs(player.position() - 2500) < 50, timeout=5_000)
    qtbot.keyClick(live, "w")
    [event] = get_record(library, summary.observation.id).events
    assert event.code_id == "Q-open" and event.start_s == pytest.approx(2.5, abs=0.05)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert player.source().isEmpty()
    [recording] = get_record(library, summary.observation.id).recordings  # kept with it, a copy in the library
    assert recording.name == "lesson.mp4" and recording.starts_at_s == 0


def test_a_recording_that_is_not_a_file_is_said(qtbot, ops, library, tmp_path):
    window = ObservationWindow(ops)
    qtbot.addWidget(window)
    window.form.title.setText("x")
    window.form.video.setText(str(tmp_path / "missing.mp4"))
    qtbot.mouseClick(window.form.start_button, Qt.MouseButton.LeftButton)
    assert "missing.mp4" in window.form.error.text() and list_observations(library) == []
