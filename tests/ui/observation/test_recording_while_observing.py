"""Recording the lesson while coding it: the recording's position is the clock of every event, the take
is kept with the observation when the coach stops, and clicking an event in the summary plays the
recording there. Fed by the synthetic source (pictures and a tone through QVideoFrameInput and
QAudioBufferInput into a real QMediaRecorder), paced like a camera: this test takes a few seconds."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from portfolio_app.core.observation import Clock
from portfolio_app.services.observations import get_record, list_observations
from portfolio_app.ui.capture.synthetic_source import SyntheticSource
from portfolio_app.ui.observation.observation_window import ObservationWindow

pytestmark = pytest.mark.qt_log_ignore("No HW decoder found", "No audio device detected")


def _start(qtbot, ops, record: str, source=None) -> ObservationWindow:
    window = ObservationWindow(ops, source=source)
    qtbot.addWidget(window)
    window.show()
    form = window.form
    form.scheme.setCurrentIndex(form.scheme.findData("coaching-cycle"))
    form.title.setText("Period 3, recorded")
    form.record.setCurrentIndex(form.record.findData(record))
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    return window


def test_the_recording_is_the_clock_and_is_kept_with_the_observation(qtbot, ops, library):
    window = _start(qtbot, ops, "video", SyntheticSource())
    [summary] = list_observations(library)
    assert summary.observation.clock is Clock.RECORDING
    live, recorder = window.live, window.recorder.controller.recorder
    assert window.pages.currentWidget() is live
    qtbot.waitUntil(lambda: recorder.duration() >= 1200, timeout=15_000)
    before = recorder.duration() / 1000
    qtbot.keyClick(live, "w")  # Q-open, at the recording's position
    after = recorder.duration() / 1000
    qtbot.waitUntil(lambda: recorder.duration() >= 2500, timeout=15_000)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(get_record(library, summary.observation.id).recordings), timeout=15_000)

    record = get_record(library, summary.observation.id)
    [event] = record.events
    assert before - 0.05 <= event.start_s <= after + 0.5  # where the recording was when the key went down
    [recording] = record.recordings
    assert recording.media_type == "video/mp4" and recording.starts_at_s == 0  # the take, made an MP4 from 0
    assert recording.duration_s == pytest.approx(record.length_s(), abs=0.6)
    assert record.recording_at(event.start_s) == (recording, pytest.approx(event.start_s))
    assert "kept with the observation" in window.message.text()
    assert not list((library.data_dir / "takes").iterdir())  # the take was adopted, not copied and left
    assert library.db.execute("SELECT count(*) FROM observation_takes").fetchone()[0] == 0

    view = window.summary
    assert window.pages.currentWidget() is view
    qtbot.waitUntil(lambda: view.player is not None, timeout=5_000)
    item = next(view.moments.item(i) for i in range(view.moments.count()) if "Q-open" in view.moments.item(i).text())
    view.moments.itemClicked.emit(item)  # a click on the event plays the recording there
    player = view.player.player
    qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PlayingState, timeout=15_000)
    qtbot.waitUntil(lambda: player.position() >= event.start_s * 1000 - 100, timeout=5_000)
    assert player.position() <= event.start_s * 1000 + 1500
    view.release()


def test_sound_only_and_a_missing_microphone_is_said_before_starting(qtbot, ops, library):
    quiet = SyntheticSource(microphone=False)
    window = _start(qtbot, ops, "audio", quiet)
    assert "No microphone was found" in window.form.error.text()
    assert list_observations(library) == [] and window.pages.currentWidget() is window.form
