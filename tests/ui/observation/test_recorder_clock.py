"""The recording's clock: what the recorder reports, run on between its reports, never backwards."""

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QMediaFormat, QMediaRecorder

from portfolio_app.ui.observation import recorder_clock
from portfolio_app.ui.observation.recorder_clock import RecorderClock

State = QMediaRecorder.RecorderState


class FakeController(QObject):
    duration_changed = Signal(int)

    def __init__(self):
        super().__init__()
        self.state = State.StoppedState
        self.take = None
        self.calls = []

    def start(self, path, *, audio_only, media_format):
        self.calls.append(("start", path, audio_only, media_format.fileFormat()))
        self.state = State.RecordingState

    def pause(self):
        self.state = State.PausedState

    def resume(self):
        self.state = State.RecordingState

    def stop(self):
        self.state = State.StoppedState


class FakeElapsed:
    """Stands in for QElapsedTimer: milliseconds set by the test."""

    now = 0

    def start(self):
        self.since = FakeElapsed.now

    def isValid(self):  # noqa: N802 - Qt's name
        return hasattr(self, "since")

    def elapsed(self):
        return FakeElapsed.now - self.since


def test_the_clock_follows_the_recording_runs_on_between_reports_and_never_goes_back(qapp, monkeypatch):
    monkeypatch.setattr(recorder_clock, "QElapsedTimer", FakeElapsed)
    controller = FakeController()
    clock = RecorderClock(controller, Path("take.mkv"), audio_only=True, starts_at_s=600)
    assert not clock.running and clock.seconds() == 600
    clock.start()
    assert controller.calls == [("start", Path("take.mkv"), True, QMediaFormat.FileFormat.Matroska)]
    assert clock.running
    controller.duration_changed.emit(1000)
    FakeElapsed.now += 300  # between two reports: the clock runs on
    assert clock.seconds() == 601.3
    FakeElapsed.now += 5000  # a recorder that stopped reporting runs on at most a second
    assert clock.seconds() == 602.0
    controller.duration_changed.emit(1500)  # a report behind what was given: no step back
    assert clock.seconds() == 602.0
    clock.pause()
    FakeElapsed.now += 10_000
    assert not clock.running and clock.seconds() == 602.0  # paused: it stands still
    clock.start()  # resumes the same take
    assert len(controller.calls) == 1 and clock.running
    controller.duration_changed.emit(2500)
    assert clock.seconds() == 602.5
