"""The observation's clock when the app records the lesson while the coach codes it: the position of
the recording (what it has recorded so far), so every event lands at its moment in the file.

The recorder reports its duration in steps (as encoded packets arrive); between two reports the
clock runs on by the elapsed time, never further than the next report can take it back, so times
only go forward and a key pressed between reports is not rounded down to the last one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer
from PySide6.QtMultimedia import QMediaRecorder

from portfolio_app.ui.capture.recorder_session import CaptureController, crash_safe_format

State = QMediaRecorder.RecorderState
MAX_RUN_ON_MS = 1000  # a recorder that stopped reporting has stopped recording


class RecorderClock:
    """Seconds into the observation: `starts_at_s` plus what the recording holds."""

    def __init__(self, controller: CaptureController, path: Path, *, audio_only: bool, starts_at_s: float = 0.0):
        self.controller = controller
        self.path = path
        self.audio_only = audio_only
        self.starts_at_s = starts_at_s
        self._reported_ms = 0
        self._last_given_ms = 0.0
        self._since = QElapsedTimer()
        controller.duration_changed.connect(self._on_controller_duration_changed)

    @property
    def running(self) -> bool:
        return self.controller.state == State.RecordingState

    @property
    def recording(self) -> bool:
        """Whether a take is under way (recording or paused)."""
        return self.controller.state != State.StoppedState

    def start(self) -> None:
        if self.controller.state == State.StoppedState and self.controller.take is None:
            self.controller.start(
                self.path, audio_only=self.audio_only, media_format=crash_safe_format(self.audio_only)
            )
        else:
            self.controller.resume()
        self._since.start()

    def pause(self) -> None:
        if self.running:
            self.controller.pause()

    def stop(self) -> None:
        """Finish the take: the controller's `take_finished` brings the file."""
        self.controller.stop()

    def seconds(self) -> float:
        milliseconds = float(self._reported_ms)
        if self.running and self._since.isValid():
            milliseconds += min(self._since.elapsed(), MAX_RUN_ON_MS)
        self._last_given_ms = max(self._last_given_ms, milliseconds)  # never backwards
        return self.starts_at_s + self._last_given_ms / 1000

    def _on_controller_duration_changed(self, milliseconds: int) -> None:
        self._reported_ms = max(self._reported_ms, milliseconds)
        self._since.start()
