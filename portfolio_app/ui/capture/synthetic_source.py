"""Generated pictures and a tone instead of a camera and a microphone: the tests' and demos' source.

Frames and audio go through `QVideoFrameInput` / `QAudioBufferInput` into the same capture session
and `QMediaRecorder` the cameras use, so everything after the source is tested for real.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import (
    QByteArray,
    QElapsedTimer,
    QObject,
    QPointF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter
from PySide6.QtMultimedia import (
    QAudioBuffer,
    QAudioBufferInput,
    QAudioFormat,
    QMediaCaptureSession,
    QVideoFrame,
    QVideoFrameInput,
)

from portfolio_app.ui import palette
from portfolio_app.ui.capture.sources import CaptureSource, Device


class SyntheticSource(CaptureSource):
    """A test pattern and a tone, fed through QVideoFrameInput and QAudioBufferInput.

    Paced by the clock like a real camera (`fps` pictures a second, sound in 20 ms buffers),
    with timestamps from that clock, so pausing, markers and durations behave as they do with
    real devices. What the session cannot take (sound while nothing records, a full encoder
    queue) is dropped, as a camera drops it.
    """

    SAMPLE_RATE = 48_000
    TONE_HZ = 400  # 120 samples a period at 48 kHz: the tone repeats exactly

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        camera: bool = True,
        microphone: bool = True,
        size: tuple[int, int] = (640, 360),
        fps: int = 25,
    ):
        super().__init__(parent)
        self._has_camera = camera
        self._has_microphone = microphone
        self._size = QSize(*size)
        self._fps = fps
        # No formats given on purpose: with a format, Qt 6.11 builds the encoder at record()
        # and never says it is ready for frames (it re-checks only when a frame arrives), so
        # nothing is recorded. Without one, the first frame and buffer set the formats.
        self.video_input = QVideoFrameInput(self)
        self.audio_input = QAudioBufferInput(self)
        self.audio_format = QAudioFormat()
        self.audio_format.setSampleRate(self.SAMPLE_RATE)
        self.audio_format.setChannelCount(1)
        self.audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self.frames_made = 0  # the source's clock, in frames: it runs on while recording is paused
        self.frames_sent = 0
        self.samples_sent = 0
        self._pending_frame: QVideoFrame | None = None
        self._session: QMediaCaptureSession | None = None
        self._clock = QElapsedTimer()
        self._samples_made = 0
        self._feeding_video = self._feeding_audio = False
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1000 // (2 * fps))  # twice a frame: late ticks do not skip frames
        self._timer.timeout.connect(self._on_timer_timeout)
        self.video_input.readyToSendVideoFrame.connect(self._on_video_input_ready_to_send)

    def set_devices(self, *, camera: bool, microphone: bool) -> None:
        """Plug the pretend camera or microphone in or out, as QMediaDevices would report it."""
        self._has_camera, self._has_microphone = camera, microphone
        self.devices_changed.emit()

    def cameras(self) -> list[Device]:
        return [Device("synthetic-camera", self.tr("Test pattern"))] if self._has_camera else []

    def microphones(self) -> list[Device]:
        return [Device("synthetic-microphone", self.tr("Test tone"))] if self._has_microphone else []

    def attach(self, session: QMediaCaptureSession, camera: str | None, microphone: str | None) -> None:
        self._feeding_video = camera is not None and self._has_camera
        self._feeding_audio = microphone is not None and self._has_microphone
        self._session = session
        session.setVideoFrameInput(self.video_input if self._feeding_video else None)
        session.setAudioBufferInput(self.audio_input if self._feeding_audio else None)
        if not self._clock.isValid():
            self._clock.start()
        if not self._timer.isActive():
            self._timer.start()

    def detach(self, session: QMediaCaptureSession) -> None:
        session.setVideoFrameInput(None)
        session.setAudioBufferInput(None)
        self._feeding_video = self._feeding_audio = False
        self._pending_frame = self._session = None
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        elapsed_us = self._clock.nsecsElapsed() // 1000
        if self._feeding_video:
            due = elapsed_us * self._fps // 1_000_000
            if due >= self.frames_made:
                self.frames_made = due + 1
                self._pending_frame = self._frame(due / self._fps)  # a newer picture replaces one not taken
                sink = self._session.videoSink() if self._session is not None else None
                if not self._send_pending_frame() and sink is not None:
                    sink.setVideoFrame(self._pending_frame)  # the preview stays live while recording pauses
        wanted = elapsed_us * self.SAMPLE_RATE // 1_000_000
        if wanted - self._samples_made >= self.SAMPLE_RATE // 50:  # 20 ms buffers
            samples = self._tone(self._samples_made, wanted - self._samples_made)
            self._samples_made = wanted
            if self._feeding_audio:
                self.level_changed.emit(float(np.abs(samples).max()) / 32767)
                buffer = QAudioBuffer(QByteArray(samples.tobytes()), self.audio_format)
                if self.audio_input.sendAudioBuffer(buffer):
                    self.samples_sent += len(samples)

    def _on_video_input_ready_to_send(self) -> None:
        self._send_pending_frame()

    def _send_pending_frame(self) -> bool:
        # Pictures are timed by the pictures the session took, as sound is by the samples it
        # took: what it refused (paused, busy) leaves no gap. Qt closes the gap of a pause only
        # for frames that arrive during it, and a frame input gets none in: without this, a
        # paused minute would be a frozen minute in the file.
        frame = self._pending_frame
        if frame is None:
            return False
        frame.setStartTime(self.frames_sent * 1_000_000 // self._fps)
        frame.setEndTime((self.frames_sent + 1) * 1_000_000 // self._fps)
        if not self.video_input.sendVideoFrame(frame):
            return False
        self._pending_frame = None
        self.frames_sent += 1
        return True

    def _frame(self, seconds: float) -> QVideoFrame:
        width, height = self._size.width(), self._size.height()
        image = QImage(self._size, QImage.Format.Format_RGBX8888)
        painter = QPainter(image)
        sky = QLinearGradient(0, 0, 0, height)
        sky.setColorAt(0, QColor(palette.TEST_CARD_SKY[0]))
        sky.setColorAt(1, QColor(palette.TEST_CARD_SKY[1]))
        painter.fillRect(image.rect(), sky)
        for i, colour in enumerate(palette.TEST_CARD_BARS):
            painter.fillRect(i * width // 6, height - height // 8, width // 6 + 1, height // 8, QColor(colour))
        x = (math.sin(seconds * 1.3) * 0.4 + 0.5) * width
        y = (math.cos(seconds * 0.9) * 0.25 + 0.42) * height
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.TEST_CARD_SUN))
        painter.drawEllipse(QPointF(x, y), height / 10, height / 10)
        painter.setPen(QColor(palette.TEST_CARD_SUN))
        font = QFont()
        font.setPixelSize(max(12, height // 18))
        painter.setFont(font)
        painter.drawText(16, 16 + font.pixelSize(), f"Test pattern  {int(seconds) // 60:02d}:{seconds % 60:05.2f}")
        painter.end()
        frame = QVideoFrame(image)
        frame.setStreamFrameRate(self._fps)  # else Qt warns and guesses 30
        return frame

    def _tone(self, start: int, count: int) -> np.ndarray:
        t = (np.arange(count) + start) / self.SAMPLE_RATE
        loudness = 0.45 + 0.35 * np.sin(2 * np.pi * 0.4 * t)  # rises and falls, like a voice across a room
        return (np.sin(2 * np.pi * self.TONE_HZ * t) * loudness * 32767).astype(np.int16)
