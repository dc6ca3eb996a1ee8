"""Records the lesson while the coach codes it: the recording is the clock of the events, and once the
coach stops, the take is adopted into the library and kept with the observation.

The same capture path as the teacher's recorder (`CaptureController` fed by a `CaptureSource`): the
computer's camera and microphone, or generated pictures and a tone in tests.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimediaWidgets import QVideoWidget

from portfolio_app.ui.capture.recorder_session import CaptureController, Take
from portfolio_app.ui.capture.sources import CaptureSource, DeviceSource
from portfolio_app.ui.observation.recorder_clock import RecorderClock
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


class LessonRecorder(QObject):
    """One observation's recording: devices, the clock, and saving the take."""

    saved = Signal(object)  # the Recording kept with the observation
    failed = Signal(str)

    def __init__(
        self, ops: Operations, source: CaptureSource | None, *, audio_only: bool, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        self.audio_only = audio_only
        self.source = source if source is not None else DeviceSource(self)
        self.preview = None if audio_only else QVideoWidget()
        if self.preview is not None:
            self.preview.setAccessibleName(self.tr("What the camera records"))
            self.preview.setMinimumHeight(160)
        self.controller = CaptureController(self.source, self.preview, self)
        self.controller.take_finished.connect(self._on_controller_take_finished)
        self.controller.take_failed.connect(self._on_controller_take_failed)
        self.controller.device_failed.connect(self.failed)
        self.clock: RecorderClock | None = None
        self.observation_id: str | None = None
        self.saving = False

    def problem(self) -> str | None:
        """Why this computer cannot record what was asked (no microphone, no camera), or None."""
        if not self.source.microphones():
            return self.tr("No microphone was found: plug one in, or observe with a timer.")
        if not self.audio_only and not self.source.cameras():
            return self.tr("No camera was found: record sound only, or observe with a timer.")
        return None

    def begin(self, observation_id: str, starts_at_s: float = 0.0) -> RecorderClock:
        """Plug in the devices and make the clock; the clock's `start()` starts recording."""
        self.observation_id = observation_id
        camera = None if self.audio_only else self.source.cameras()[0].key
        self.controller.use_devices(camera, self.source.microphones()[0].key)
        # Recorded into the library's takes folder, named there first: a crash leaves what was
        # written, and the window's next opening keeps it (salvage_takes).
        path, begun = ops_observation.begin_take(self.ops.data_dir, observation_id, starts_at_s)
        begun.failure(lambda error: self.failed.emit(str(error))).run(self.ops, initiator=self)
        self.clock = RecorderClock(self.controller, path, audio_only=self.audio_only, starts_at_s=starts_at_s)
        return self.clock

    @property
    def busy(self) -> bool:
        """A take is under way or on its way into the library."""
        return self.saving or (self.clock is not None and self.clock.recording)

    def finish(self) -> None:
        """Stop recording; `saved` (or `failed`) follows once the file is in the library."""
        if self.clock is not None and self.clock.recording:
            self.saving = True
            self.clock.stop()

    def _on_controller_take_finished(self, take: Take) -> None:
        self.controller.release_devices()
        starts_at = self.clock.starts_at_s if self.clock is not None else 0.0
        (
            ops_observation.adopt_recording(self.observation_id, take.path, self._name(take), starts_at)
            .success(self._on_recording_adopted)
            .failure(self._on_recording_failed)
            .run(self.ops, initiator=self)
        )

    def _name(self, take: Take) -> str:
        return f"{'Sound' if self.audio_only else 'Recording'} {take.started:%Y-%m-%d %H-%M}{take.path.suffix}"

    def _on_controller_take_failed(self, message: str) -> None:
        self.saving = False
        self.failed.emit(message)

    def _on_recording_adopted(self, outcome) -> None:
        self.saving = False
        self.saved.emit(outcome.value)

    def _on_recording_failed(self, error: BaseException) -> None:
        self.saving = False
        self.failed.emit(self.tr("The recording could not be kept: %s") % error)
